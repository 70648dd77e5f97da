/* Cities, neighbourhoods and merchant names for the demo. Most merchants are
 * in WIB (Java, Sumatra), some in WITA (Bali, Makassar, Lombok), a few in WIT
 * (Jayapura, Ambon). Brand names are made up; any likeness is a coincidence. */
#include "cli/demo/demo_places.h"

enum {
	JAKARTA, TANGERANG, BANDUNG, YOGYAKARTA, SURABAYA, SEMARANG, MALANG, MEDAN,
	BALI, MAKASSAR, MATARAM, JAYAPURA, AMBON, N_CITIES
};

#define AREAS(...) (const char *const[]){ __VA_ARGS__ }, \
	sizeof (const char *const[]){ __VA_ARGS__ } / sizeof(const char *)

static const struct demo_city cities[N_CITIES] = {
	[JAKARTA] = { "Jakarta", "Asia/Jakarta", 30, 1.0, 10500, false,
		      AREAS("Kemang", "Senopati", "Tebet", "Kelapa Gading", "Menteng", "Blok M",
			    "Cikini", "Pluit", "Kuningan", "Rawamangun", "Cipete", "Sunter",
			    "Pantai Indah Kapuk", "Cempaka Putih") },
	[TANGERANG] = { "Tangerang", "Asia/Jakarta", 8, 1.0, 10000, false,
			AREAS("BSD City", "Gading Serpong", "Bintaro", "Karawaci", "Alam Sutera") },
	[BANDUNG] = { "Bandung", "Asia/Jakarta", 10, 1.0, 9500, false,
		      AREAS("Dago", "Braga", "Riau", "Buah Batu", "Setiabudi", "Antapani",
			    "Cihampelas") },
	[YOGYAKARTA] = { "Yogyakarta", "Asia/Jakarta", 7, 1.0, 9000, false,
			 AREAS("Prawirotaman", "Kaliurang", "Malioboro", "Seturan", "Kotabaru",
			       "Jakal") },
	[SURABAYA] = { "Surabaya", "Asia/Jakarta", 9, 1.0, 10000, false,
		       AREAS("Gubeng", "Darmo", "Manyar", "Citraland", "Kenjeran", "Rungkut") },
	[SEMARANG] = { "Semarang", "Asia/Jakarta", 4, 1.0, 9200, false,
		       AREAS("Simpang Lima", "Tembalang", "Gajahmungkur", "Pandanaran") },
	[MALANG] = { "Malang", "Asia/Jakarta", 4, 1.0, 9000, false,
		     AREAS("Ijen", "Soekarno-Hatta", "Dinoyo", "Sawojajar") },
	[MEDAN] = { "Medan", "Asia/Jakarta", 4, 0.9, 9500, false,
		    AREAS("Kesawan", "Cemara Asri", "Setia Budi", "Petisah") },
	[BALI] = { "Denpasar", "Asia/Makassar", 10, 0.25, 11000, true,
		   AREAS("Seminyak", "Canggu", "Ubud", "Renon", "Sanur", "Jimbaran", "Kuta") },
	[MAKASSAR] = { "Makassar", "Asia/Makassar", 6, 1.0, 9800, false,
		       AREAS("Losari", "Panakkukang", "Tamalanrea", "Pettarani") },
	[MATARAM] = { "Mataram", "Asia/Makassar", 2, 1.0, 9500, false,
		      AREAS("Cakranegara", "Ampenan", "Senggigi") },
	[JAYAPURA] = { "Jayapura", "Asia/Jayapura", 3, 0.4, 11500, false,
		       AREAS("Entrop", "Abepura", "Waena", "Kotaraja") },
	[AMBON] = { "Ambon", "Asia/Jayapura", 2, 0.6, 11000, false,
		    AREAS("Batu Merah", "Passo", "Galala") },
};

/* The first brand is the demo's flagship: the largest merchant, on Moka. */
static const struct demo_brand brands[] = {
	{ "Kopi Senja", DEMO_CAFE, JAKARTA },
	{ "Dapur Nusantara", DEMO_RESTAURANT, JAKARTA },
	{ "Warung Bu Tini", DEMO_WARUNG, -1 },
	{ "Roti Bakar 88", DEMO_BAKERY, -1 },
	{ "Dapur Geprek Juara", DEMO_CLOUD, -1 },
	{ "Kedai Kopi Teduh", DEMO_CAFE, -1 },
	{ "Ruang Seduh", DEMO_CAFE, -1 },
	{ "Kopi Pagi Sore", DEMO_CAFE, -1 },
	{ "Seduh Kawan", DEMO_CAFE, -1 },
	{ "Kopi Dharma", DEMO_CAFE, BALI },
	{ "Kedai Rindu", DEMO_CAFE, -1 },
	{ "Kopi Halaman", DEMO_CAFE, -1 },
	{ "Titik Temu Coffee", DEMO_CAFE, -1 },
	{ "Kopi Jalan Pulang", DEMO_CAFE, -1 },
	{ "Arunika Coffee", DEMO_CAFE, BALI },
	{ "Kopi Satu Meja", DEMO_CAFE, -1 },
	{ "Kedai Kopi Loka", DEMO_CAFE, -1 },
	{ "Kopi Lereng Merapi", DEMO_CAFE, YOGYAKARTA },
	{ "Kopi Daeng", DEMO_CAFE, MAKASSAR },
	{ "Kopi Teluk Youtefa", DEMO_CAFE, JAYAPURA },
	{ "Warung Makan Pak Darmo", DEMO_WARUNG, -1 },
	{ "Warteg Bahari Jaya", DEMO_WARUNG, JAKARTA },
	{ "Warung Nasi Bu Imas", DEMO_WARUNG, BANDUNG },
	{ "Warung Sate Pak Kumis", DEMO_WARUNG, -1 },
	{ "Warung Bakso Mas Yanto", DEMO_WARUNG, -1 },
	{ "Soto Cak Mat", DEMO_WARUNG, SURABAYA },
	{ "Warung Mbok Sri", DEMO_WARUNG, YOGYAKARTA },
	{ "Warung Pecel Bu Rah", DEMO_WARUNG, MALANG },
	{ "Nasi Uduk Mpok Ipah", DEMO_WARUNG, JAKARTA },
	{ "Warung Lalapan Mas Joko", DEMO_WARUNG, -1 },
	{ "Warung Nasi Ayam Bu Komang", DEMO_WARUNG, BALI },
	{ "Toko Roti Harum", DEMO_BAKERY, -1 },
	{ "Bakery Mentari", DEMO_BAKERY, -1 },
	{ "Roti Sobek Mama", DEMO_BAKERY, -1 },
	{ "Toko Kue Lestari", DEMO_BAKERY, -1 },
	{ "Dapur Roti Nenek", DEMO_BAKERY, -1 },
	{ "Roti Kebun Raya", DEMO_BAKERY, -1 },
	{ "Bolu Kukus Sari", DEMO_BAKERY, -1 },
	{ "Rumah Makan Minang Saiyo", DEMO_RESTAURANT, -1 },
	{ "Saung Sunda Kuring", DEMO_RESTAURANT, BANDUNG },
	{ "Seafood Pantai Indah", DEMO_RESTAURANT, -1 },
	{ "Dapur Betawi Babeh", DEMO_RESTAURANT, JAKARTA },
	{ "Ikan Bakar Jimbaran Raya", DEMO_RESTAURANT, BALI },
	{ "Coto Makassar Daeng Tata", DEMO_RESTAURANT, MAKASSAR },
	{ "Papeda Mama Yosefa", DEMO_RESTAURANT, JAYAPURA },
	{ "Ricebowl Nusantara", DEMO_CLOUD, -1 },
	{ "Mie Nyemek Kilat", DEMO_CLOUD, -1 },
	{ "Dapur Sehat Box", DEMO_CLOUD, -1 },
	{ "Nasi Kulit Mantap", DEMO_CLOUD, -1 },
	{ "Dimsum Kukus Cepat", DEMO_CLOUD, -1 },
};

const struct demo_city *demo_cities(size_t *n)
{
	*n = N_CITIES;
	return cities;
}

const struct demo_brand *demo_brands(size_t *n)
{
	*n = sizeof brands / sizeof brands[0];
	return brands;
}
