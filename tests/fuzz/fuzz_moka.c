/* libFuzzer target: Moka transactions and webhook envelopes, from raw bytes
 * through the exact-number JSON loader into the adapter. Must never crash,
 * leak or read out of bounds, whatever the bytes. */
#include <stddef.h>
#include <stdint.h>

#include "connectors/moka/moka.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clario_err err = {0};
	json_t *j = connectors_json_load((const char *)data, size, 1 << 20, &err);
	if (!j)
		return 0;
	struct arena a;
	arena_init(&a, 1 << 24);
	struct connectors_doc d;
	struct moka_event ev;
	if (json_object_get(j, "header"))
		(void)moka_event_parse(j, &a, &ev, &err);
	else
		(void)moka_transaction(j, "1", &a, &d, &err);
	arena_release(&a);
	json_decref(j);
	return 0;
}
