/* Menu data for the demo. Prices are typical 2025/26 Indonesian prices in
 * rupiah; cost ratios 25–45% of price. Pairs encode the affinities basket
 * analysis should find: kopi with croissant or pisang goreng, nasi goreng with
 * es teh manis, lauk with nasi putih, and so on. */
#include "cli/demo/demo_menu.h"

/* ITEM expands its arguments first so NP ("no pair") can stand for two. */
#define ITEM(...) ITEM_(__VA_ARGS__)
#define ITEM_(sku, name, cat, price, cost, slot, mods, dp, w, qmax, p1, c1, p2, c2) \
	{ sku, name, cat, price, cost, DEMO_SLOT_##slot, DEMO_MOD_##mods, DEMO_DP_##dp, w, qmax, \
	  { p1, p2 }, { c1, c2 } }
#define NP NULL, 0

static const struct demo_menu_item cafe_items[] = {
	ITEM("SKU-KOPI-SUSU-AREN", "Kopi Susu Gula Aren", "Kopi", 22000, 3000, DRINK, COFFEE, ANY, 34, 1,
	     "SKU-CROISSANT", 22, "SKU-PISANG-GORENG", 16),
	ITEM("SKU-AMERICANO", "Americano", "Kopi", 22000, 2500, DRINK, COFFEE, MORNING, 10, 1,
	     "SKU-CROISSANT", 24, NP),
	ITEM("SKU-CAFFE-LATTE", "Caffe Latte", "Kopi", 28000, 3200, DRINK, COFFEE, ANY, 12, 1,
	     "SKU-CROISSANT", 26, "SKU-BANANA-BREAD", 10),
	ITEM("SKU-CAPPUCCINO", "Cappuccino", "Kopi", 28000, 3200, DRINK, COFFEE, MORNING, 8, 1,
	     "SKU-CROISSANT", 24, NP),
	ITEM("SKU-ES-KOPI-PANDAN", "Es Kopi Susu Pandan", "Kopi", 25000, 3300, DRINK, COFFEE, AFTERNOON,
	     8, 1, "SKU-PISANG-GORENG", 14, NP),
	ITEM("SKU-KOPI-TUBRUK", "Kopi Tubruk", "Kopi", 15000, 2500, DRINK, COFFEE, MORNING, 4, 1,
	     "SKU-PISANG-GORENG", 30, NP),
	ITEM("SKU-V60", "V60 Manual Brew", "Kopi", 32000, 2800, DRINK, NONE, ANY, 3, 1, NP, NP),
	ITEM("SKU-MATCHA-LATTE", "Matcha Latte", "Non-Kopi", 28000, 3600, DRINK, TEA, AFTERNOON, 8, 1,
	     NP, NP),
	ITEM("SKU-ES-COKLAT", "Es Coklat", "Non-Kopi", 25000, 3500, DRINK, TEA, AFTERNOON, 7, 1,
	     "SKU-KENTANG-GORENG", 18, NP),
	ITEM("SKU-TEH-TARIK", "Teh Tarik", "Non-Kopi", 20000, 2800, DRINK, TEA, ANY, 5, 1, NP, NP),
	ITEM("SKU-LEMON-TEA", "Lemon Tea", "Non-Kopi", 18000, 2500, DRINK, TEA, ANY, 5, 1,
	     "SKU-KENTANG-GORENG", 15, NP),
	ITEM("SKU-ES-TEH-MANIS", "Es Teh Manis", "Non-Kopi", 10000, 2000, DRINK, TEA, MEAL, 5, 1, NP, NP),
	ITEM("SKU-AIR-MINERAL", "Air Mineral", "Minuman", 8000, 4000, DRINK, NONE, ANY, 3, 1, NP, NP),
	ITEM("SKU-CROISSANT", "Croissant Butter", "Roti", 25000, 4000, SNACK, NONE, MORNING, 8, 1, NP, NP),
	ITEM("SKU-PISANG-GORENG", "Pisang Goreng Keju", "Snack", 22000, 3400, SNACK, NONE, AFTERNOON, 8, 1,
	     NP, NP),
	ITEM("SKU-KENTANG-GORENG", "Kentang Goreng", "Snack", 25000, 3500, SNACK, NONE, AFTERNOON, 7, 1,
	     NP, NP),
	ITEM("SKU-ROTI-BAKAR", "Roti Bakar Coklat Keju", "Roti", 25000, 3300, SNACK, TOAST, ANY, 5, 1,
	     NP, NP),
	ITEM("SKU-BANANA-BREAD", "Banana Bread", "Roti", 22000, 3800, SNACK, NONE, MORNING, 3, 1, NP, NP),
	ITEM("SKU-NASI-GORENG", "Nasi Goreng Kampung", "Makanan Berat", 35000, 3800, FOOD, SPICY, MEAL, 10,
	     1, "SKU-ES-TEH-MANIS", 40, NP),
	ITEM("SKU-AYAM-GEPREK", "Rice Bowl Ayam Geprek", "Makanan Berat", 32000, 4000, FOOD, SPICY, MEAL, 9,
	     1, "SKU-ES-TEH-MANIS", 30, NP),
	ITEM("SKU-MIE-GORENG", "Mie Goreng Jawa", "Makanan Berat", 30000, 3600, FOOD, SPICY, MEAL, 6, 1,
	     "SKU-LEMON-TEA", 20, NP),
	ITEM("SKU-SPAGHETTI", "Spaghetti Aglio Olio", "Makanan Berat", 38000, 3400, FOOD, NONE, MEAL, 4, 1,
	     NP, NP),
};

static const struct demo_menu_item warung_items[] = {
	ITEM("SKU-NASI-GORENG", "Nasi Goreng", "Makanan Berat", 18000, 4000, FOOD, SPICY, MEAL, 16, 1,
	     "SKU-ES-TEH-MANIS", 60, "SKU-KERUPUK", 25),
	ITEM("SKU-MIE-GORENG", "Mie Goreng", "Makanan Berat", 15000, 3800, FOOD, SPICY, MEAL, 10, 1,
	     "SKU-ES-TEH-MANIS", 50, NP),
	ITEM("SKU-AYAM-GEPREK", "Ayam Geprek", "Makanan Berat", 20000, 4200, FOOD, SPICY, MEAL, 14, 1,
	     "SKU-ES-TEH-MANIS", 45, NP),
	ITEM("SKU-NASI-RAMES", "Nasi Rames", "Makanan Berat", 15000, 4300, FOOD, NONE, MEAL, 10, 1,
	     "SKU-TEH-HANGAT", 30, NP),
	ITEM("SKU-SOTO-AYAM", "Soto Ayam", "Makanan Berat", 18000, 3900, FOOD, NONE, MEAL, 9, 1,
	     "SKU-KERUPUK", 45, "SKU-ES-JERUK", 25),
	ITEM("SKU-PECEL-LELE", "Pecel Lele", "Makanan Berat", 20000, 4200, FOOD, SPICY, MEAL, 7, 1,
	     "SKU-ES-JERUK", 30, NP),
	ITEM("SKU-NASI-UDUK", "Nasi Uduk", "Makanan Berat", 12000, 4000, FOOD, NONE, MORNING, 8, 1,
	     "SKU-TEH-HANGAT", 40, "SKU-TEMPE-MENDOAN", 25),
	ITEM("SKU-BAKSO", "Bakso Urat", "Makanan Berat", 18000, 4100, FOOD, SPICY, AFTERNOON, 7, 1,
	     "SKU-ES-TEH-MANIS", 35, NP),
	ITEM("SKU-ES-TEH-MANIS", "Es Teh Manis", "Minuman", 5000, 2500, DRINK, TEA, MEAL, 20, 2, NP, NP),
	ITEM("SKU-TEH-HANGAT", "Teh Manis Hangat", "Minuman", 4000, 2500, DRINK, TEA, MORNING, 8, 1, NP, NP),
	ITEM("SKU-ES-JERUK", "Es Jeruk", "Minuman", 7000, 3500, DRINK, NONE, MEAL, 8, 1, NP, NP),
	ITEM("SKU-KOPI-HITAM", "Kopi Hitam", "Kopi", 5000, 3000, DRINK, NONE, MORNING, 6, 1,
	     "SKU-TEMPE-MENDOAN", 30, NP),
	ITEM("SKU-AIR-MINERAL", "Air Mineral", "Minuman", 4000, 4500, DRINK, NONE, ANY, 4, 1, NP, NP),
	ITEM("SKU-KERUPUK", "Kerupuk", "Snack", 2000, 3500, SIDE, NONE, ANY, 8, 3, NP, NP),
	ITEM("SKU-TEMPE-MENDOAN", "Tempe Mendoan", "Snack", 3000, 3000, SIDE, NONE, ANY, 7, 4, NP, NP),
	ITEM("SKU-BAKWAN", "Bakwan Sayur", "Snack", 2000, 3000, SIDE, NONE, AFTERNOON, 5, 4, NP, NP),
	ITEM("SKU-TELUR-DADAR", "Telur Dadar", "Tambahan", 5000, 4000, SIDE, NONE, MEAL, 4, 1, NP, NP),
};

static const struct demo_menu_item bakery_items[] = {
	ITEM("SKU-ROTI-SOBEK", "Roti Sobek Susu", "Roti", 28000, 3200, BREAD, NONE, MORNING, 12, 2,
	     "SKU-SUSU-SEGAR", 15, NP),
	ITEM("SKU-ROTI-TAWAR", "Roti Tawar Gandum", "Roti", 22000, 3000, BREAD, NONE, MORNING, 10, 1,
	     "SKU-SELAI-SRIKAYA", 20, NP),
	ITEM("SKU-CROISSANT", "Croissant", "Roti", 18000, 4000, BREAD, NONE, MORNING, 10, 2,
	     "SKU-KOPI-SUSU", 35, NP),
	ITEM("SKU-PAIN-CHOCOLAT", "Pain au Chocolat", "Roti", 22000, 4200, BREAD, NONE, MORNING, 6, 2,
	     "SKU-KOPI-SUSU", 30, NP),
	ITEM("SKU-ROTI-COKLAT", "Roti Coklat", "Roti", 9000, 3300, BREAD, NONE, ANY, 12, 4, NP, NP),
	ITEM("SKU-ROTI-KEJU", "Roti Keju", "Roti", 10000, 3500, BREAD, NONE, ANY, 11, 4, NP, NP),
	ITEM("SKU-ROTI-ABON", "Roti Abon Sapi", "Roti", 12000, 3700, BREAD, NONE, ANY, 8, 3, NP, NP),
	ITEM("SKU-DONAT-GULA", "Donat Gula", "Roti", 7000, 3000, BREAD, NONE, AFTERNOON, 9, 6, NP, NP),
	ITEM("SKU-BOLU-PANDAN", "Bolu Pandan (loyang)", "Kue", 45000, 3500, BREAD, NONE, AFTERNOON, 4, 1,
	     NP, NP),
	ITEM("SKU-LAPIS-LEGIT", "Lapis Legit (potong)", "Kue", 15000, 4400, BREAD, NONE, AFTERNOON, 4, 3,
	     NP, NP),
	ITEM("SKU-BROWNIES", "Brownies Panggang", "Kue", 55000, 3600, BREAD, NONE, AFTERNOON, 3, 1, NP, NP),
	ITEM("SKU-KOPI-SUSU", "Kopi Susu", "Kopi", 18000, 3000, DRINK, COFFEE, MORNING, 10, 1, NP, NP),
	ITEM("SKU-TEH-MANIS", "Teh Manis", "Minuman", 10000, 2500, DRINK, TEA, ANY, 6, 1, NP, NP),
	ITEM("SKU-SUSU-SEGAR", "Susu Segar", "Minuman", 12000, 4500, DRINK, NONE, MORNING, 5, 1, NP, NP),
	ITEM("SKU-SELAI-SRIKAYA", "Selai Srikaya", "Tambahan", 25000, 4000, SNACK, NONE, ANY, 2, 1, NP, NP),
};

static const struct demo_menu_item restaurant_items[] = {
	ITEM("SKU-NASI-GORENG", "Nasi Goreng Spesial", "Makanan Berat", 38000, 3600, FOOD, SPICY, MEAL, 14,
	     1, "SKU-ES-TEH-MANIS", 50, NP),
	ITEM("SKU-AYAM-BAKAR", "Ayam Bakar Madu", "Makanan Berat", 45000, 4000, FOOD, NONE, MEAL, 14, 1,
	     "SKU-NASI-PUTIH", 85, "SKU-ES-TEH-MANIS", 25),
	ITEM("SKU-GURAME", "Gurame Goreng", "Makanan Berat", 85000, 4300, FOOD, NONE, MEAL, 5, 1,
	     "SKU-NASI-PUTIH", 85, NP),
	ITEM("SKU-SATE-AYAM", "Sate Ayam (10 tusuk)", "Makanan Berat", 40000, 4000, FOOD, NONE, MEAL, 10, 1,
	     "SKU-LONTONG", 55, "SKU-NASI-PUTIH", 30),
	ITEM("SKU-SOTO-BETAWI", "Soto Betawi", "Makanan Berat", 42000, 3800, FOOD, NONE, MEAL, 8, 1,
	     "SKU-NASI-PUTIH", 75, NP),
	ITEM("SKU-IGA-BAKAR", "Iga Bakar", "Makanan Berat", 78000, 4400, FOOD, SPICY, MEAL, 6, 1,
	     "SKU-NASI-PUTIH", 85, NP),
	ITEM("SKU-SOP-BUNTUT", "Sop Buntut", "Makanan Berat", 85000, 4500, FOOD, NONE, MEAL, 5, 1,
	     "SKU-NASI-PUTIH", 90, NP),
	ITEM("SKU-GADO-GADO", "Gado-Gado", "Makanan Berat", 32000, 3200, FOOD, NONE, MEAL, 6, 1,
	     "SKU-ES-JERUK", 30, NP),
	ITEM("SKU-MIE-SEAFOOD", "Mie Goreng Seafood", "Makanan Berat", 40000, 3900, FOOD, SPICY, MEAL, 7, 1,
	     "SKU-ES-JERUK", 30, NP),
	ITEM("SKU-NASI-PUTIH", "Nasi Putih", "Tambahan", 7000, 2500, SIDE, NONE, ANY, 0, 2, NP, NP),
	ITEM("SKU-LONTONG", "Lontong", "Tambahan", 6000, 2500, SIDE, NONE, ANY, 0, 2, NP, NP),
	ITEM("SKU-TAHU-TEMPE", "Tahu Tempe Goreng", "Snack", 15000, 3000, SIDE, NONE, ANY, 10, 1, NP, NP),
	ITEM("SKU-CAH-KANGKUNG", "Cah Kangkung", "Sayur", 25000, 2800, SIDE, SPICY, MEAL, 10, 1, NP, NP),
	ITEM("SKU-KERUPUK-UDANG", "Kerupuk Udang", "Snack", 8000, 3000, SIDE, NONE, ANY, 6, 2, NP, NP),
	ITEM("SKU-ES-TEH-MANIS", "Es Teh Manis", "Minuman", 10000, 2000, DRINK, TEA, ANY, 20, 1, NP, NP),
	ITEM("SKU-ES-JERUK", "Es Jeruk", "Minuman", 15000, 3000, DRINK, NONE, ANY, 12, 1, NP, NP),
	ITEM("SKU-JUS-ALPUKAT", "Jus Alpukat", "Minuman", 25000, 3800, DRINK, NONE, ANY, 8, 1, NP, NP),
	ITEM("SKU-ES-KELAPA", "Es Kelapa Muda", "Minuman", 20000, 3500, DRINK, NONE, ANY, 7, 1, NP, NP),
	ITEM("SKU-AIR-MINERAL", "Air Mineral", "Minuman", 8000, 4000, DRINK, NONE, ANY, 5, 1, NP, NP),
	ITEM("SKU-KOPI-TUBRUK", "Kopi Tubruk", "Kopi", 15000, 2500, DRINK, NONE, AFTERNOON, 4, 1, NP, NP),
	ITEM("SKU-ES-CAMPUR", "Es Campur", "Dessert", 25000, 3500, DESSERT, NONE, ANY, 8, 1, NP, NP),
	ITEM("SKU-ES-CENDOL", "Es Cendol", "Dessert", 20000, 3200, DESSERT, NONE, ANY, 7, 1, NP, NP),
	ITEM("SKU-PISANG-BAKAR", "Pisang Bakar Keju", "Dessert", 22000, 3300, DESSERT, NONE, ANY, 5, 1,
	     NP, NP),
};

static const struct demo_menu_item cloud_items[] = {
	ITEM("SKU-AYAM-GEPREK", "Ayam Geprek Sambal Bawang", "Makanan Berat", 25000, 4000, FOOD, SPICY, MEAL,
	     16, 2, "SKU-ES-TEH-MANIS", 35, NP),
	ITEM("SKU-RB-TERIYAKI", "Rice Bowl Ayam Teriyaki", "Makanan Berat", 30000, 3800, FOOD, NONE, MEAL, 12,
	     2, "SKU-ES-TEH-MANIS", 25, NP),
	ITEM("SKU-RB-CUMI", "Rice Bowl Cumi Asin Cabe Ijo", "Makanan Berat", 32000, 4200, FOOD, SPICY, MEAL,
	     8, 1, "SKU-ES-TEH-MANIS", 25, NP),
	ITEM("SKU-NASI-KULIT", "Nasi Kulit Ayam Crispy", "Makanan Berat", 22000, 3600, FOOD, SPICY, MEAL, 10,
	     2, "SKU-ES-TEH-MANIS", 30, NP),
	ITEM("SKU-MIE-NYEMEK", "Mie Nyemek Pedas", "Makanan Berat", 22000, 3400, FOOD, SPICY, AFTERNOON, 9,
	     2, "SKU-LEMON-TEA", 25, NP),
	ITEM("SKU-RB-BLACKPEPPER", "Rice Bowl Beef Blackpepper", "Makanan Berat", 38000, 4500, FOOD, NONE,
	     MEAL, 6, 1, "SKU-ES-KOPI-SUSU", 20, NP),
	ITEM("SKU-DIMSUM", "Dimsum Ayam (4 pcs)", "Snack", 20000, 3500, SIDE, NONE, AFTERNOON, 10, 2,
	     NP, NP),
	ITEM("SKU-TAHU-CRISPY", "Tahu Crispy", "Snack", 12000, 3000, SIDE, NONE, ANY, 8, 2, NP, NP),
	ITEM("SKU-EXTRA-NASI", "Extra Nasi", "Tambahan", 6000, 2500, SIDE, NONE, MEAL, 6, 2, NP, NP),
	ITEM("SKU-KERUPUK", "Kerupuk", "Snack", 3000, 3000, SIDE, NONE, ANY, 5, 2, NP, NP),
	ITEM("SKU-ES-TEH-MANIS", "Es Teh Manis", "Minuman", 8000, 2200, DRINK, TEA, ANY, 14, 2, NP, NP),
	ITEM("SKU-ES-KOPI-SUSU", "Es Kopi Susu", "Kopi", 18000, 3000, DRINK, COFFEE, AFTERNOON, 8, 2, NP,
	     NP),
	ITEM("SKU-LEMON-TEA", "Lemon Tea", "Minuman", 12000, 2500, DRINK, TEA, ANY, 7, 2, NP, NP),
};

#define MENU(a) { a, sizeof a / sizeof a[0] }
static const struct demo_menu menus[DEMO_KIND_COUNT] = {
	[DEMO_CAFE] = MENU(cafe_items),
	[DEMO_WARUNG] = MENU(warung_items),
	[DEMO_BAKERY] = MENU(bakery_items),
	[DEMO_RESTAURANT] = MENU(restaurant_items),
	[DEMO_CLOUD] = MENU(cloud_items),
};

_Static_assert(sizeof cafe_items / sizeof cafe_items[0] <= DEMO_MAX_MENU, "cafe menu too long");
_Static_assert(sizeof restaurant_items / sizeof restaurant_items[0] <= DEMO_MAX_MENU,
	       "restaurant menu too long");

const struct demo_menu *demo_menu_of(enum demo_kind kind)
{
	return &menus[kind];
}

const char *demo_kind_name(enum demo_kind kind)
{
	static const char *const names[DEMO_KIND_COUNT] = {
		"cafe", "warung", "bakery", "restaurant", "cloud_kitchen",
	};
	return names[kind];
}
