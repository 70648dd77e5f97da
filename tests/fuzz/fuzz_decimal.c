/* libFuzzer target: the exact decimal reader and the signature verifier on
 * arbitrary text (no overflow, no out-of-bounds read). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "connectors/connectors.h"
#include "connectors/webhook_sig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct clario_err err = {0};
	rupiah_t v;
	bool frac;
	if (connectors_decimal(s, &v, &frac, &err) == CLARIO_OK && (v > MONEY_MAX || v < -MONEY_MAX))
		abort();
	(void)webhook_sig_verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", "1614265330", s, s,
				 size, 1614265330, &err);
	free(s);
	return 0;
}
