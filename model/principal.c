/* Principals: names of the kinds, for logs and JSON. */
#include "model/principal.h"

const char *principal_kind_name(enum principal_kind k)
{
	switch (k) {
	case PRINCIPAL_ADMIN: return "admin";
	case PRINCIPAL_PARTNER: return "partner";
	case PRINCIPAL_MERCHANT: return "merchant";
	case PRINCIPAL_NONE: break;
	}
	return "none";
}
