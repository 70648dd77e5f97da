/* Helpers shared by the backends: a line's modifiers as a JSON column. */
#include <jansson.h>

#include "store/shared.h"

char *store__modifiers_encode(const struct sales_line *l)
{
	if (!l->n_modifiers)
		return NULL;
	json_t *a = json_array();
	for (size_t k = 0; k < l->n_modifiers && a; k++)
		json_array_append_new(a, json_pack("{s:s, s:I}", "name", l->modifiers[k].name,
						   "price", (json_int_t)l->modifiers[k].price));
	char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	return s;
}

enum clario_status store__modifiers_decode(struct arena *a, const char *js, struct sales_line *l)
{
	if (!js)
		return CLARIO_OK;
	json_t *arr = json_loads(js, 0, NULL);
	enum clario_status r = CLARIO_OK;
	size_t n = json_array_size(arr);
	if (n) {
		l->modifiers = arena_calloc(a, n, sizeof *l->modifiers);
		if (!l->modifiers)
			r = CLARIO_ENOMEM;
	}
	for (size_t k = 0; k < n && r == CLARIO_OK; k++) {
		const json_t *m = json_array_get(arr, k);
		const char *name = json_string_value(json_object_get(m, "name"));
		l->modifiers[k].name = arena_strdup(a, name ? name : "");
		l->modifiers[k].price = json_integer_value(json_object_get(m, "price"));
		if (!l->modifiers[k].name)
			r = CLARIO_ENOMEM;
		l->n_modifiers++;
	}
	json_decref(arr);
	return r;
}
