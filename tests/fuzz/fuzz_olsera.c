/* libFuzzer target: an Olsera close-order detail from raw bytes into the
 * adapter (money as strings). */
#include <stddef.h>
#include <stdint.h>

#include "connectors/olsera/olsera.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clario_err err = {0};
	const struct tz_zone *z = NULL;
	if (tz_zone_get("Asia/Makassar", &z, &err))
		return 0;
	json_t *j = connectors_json_load((const char *)data, size, 1 << 20, &err);
	if (!j)
		return 0;
	struct arena a;
	arena_init(&a, 1 << 24);
	struct connectors_doc d;
	(void)olsera_order(json_object_get(j, "data") ? json_object_get(j, "data") : j, "store", z, &a,
			   &d, &err);
	arena_release(&a);
	json_decref(j);
	return 0;
}
