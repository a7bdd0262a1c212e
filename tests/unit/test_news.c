/* test_news.c - the text tests of news.c: photo credits, datelines and headline lines, in
 * Indonesian and English, with the look-alikes that must not be taken for them. */
#include <stdlib.h>

#include "labels.h"
#include "news.h"
#include "unit.h"

void test_news(void);

static long
S_credit(const char *text, const char *language)
{
	return news_credit_start(text, strlen(text), labels_for(language));
}

static void
S_credits(void)
{
	/* Indonesian: "Foto: X", "Foto/X", "(Foto: X)", "Foto oleh X", any case of the label. */
	CHECK(S_credit("Dubes menyatakan bahwa kerja sama berlanjut. Foto: KBRI Beijing", "id") == 45);
	CHECK(S_credit("Foto: KBRI Beijing", "id") == 0);
	CHECK(S_credit("Panen kopi di lereng Merapi. Foto/Istimewa", "id") == 29);
	CHECK(S_credit("Peserta merakit panel surya (Foto: Koperasi Alumni)", "id") == 28);
	CHECK(S_credit("Suasana pasar malam. FOTO: ANTARA  ", "id") == 21);
	CHECK(S_credit("Suasana pasar malam. Foto oleh Rina Kartika", "id") == 21);
	CHECK(S_credit("Suasana pasar malam \xE2\x80\x93 Foto: Dok. KAGAMA", "id") == 24);
	/* Not credits: a sentence after the label, a label inside a sentence, no name. */
	CHECK(S_credit("Ia berkata pelan. Foto: itulah hobinya sejak kecil.", "id") < 0);
	CHECK(S_credit("Foto-foto itu kemudian dipamerkan di lobi kedutaan.", "id") < 0);
	CHECK(S_credit("Ia membuka album foto: Kenangan Lama", "id") < 0);
	CHECK(S_credit("Ia menyimpan banyak foto", "id") < 0);
	CHECK(S_credit("Foto: ", "id") < 0);
	CHECK(S_credit("Foto: Seorang relawan menata buku di rak perpustakaan desa yang baru "
	    "dibuka bulan ini", "id") < 0);
	/* English; another language's labels count too (a pasted story keeps its words). */
	CHECK(S_credit("Delegates leave the hall after the vote. Photo: Maria Chen", "en") == 41);
	CHECK(S_credit("Delegates leave the hall (Photo by Maria Chen)", "en") == 25);
	CHECK(S_credit("Photo by photo, the exhibition grew", "en") < 0);
	CHECK(S_credit("The photo: a blurred street at night", "en") < 0);
	CHECK(S_credit("Suasana pasar malam. Foto: KBRI Beijing", "en") == 21);
	CHECK(S_credit("Delegates leave the hall. Photographer unknown", "en") < 0);
}

static size_t
S_dateline_of(const char *text, const char *publisher, const char *city)
{
	char *found = NULL;
	size_t n = news_dateline_length(text, publisher, &found);

	CHECK_STR(found, city);
	free(found);
	return n;
}

static size_t
S_dateline(const char *text, const char *city)
{
	return S_dateline_of(text, NULL, city);
}

static void
S_datelines(void)
{
	CHECK(S_dateline("KAGAMA.CO, BEIJING \xE2\x80\x93 Duta Besar", "Beijing") == 22);
	CHECK(S_dateline("JAKARTA, KOMPAS.com - Harga cabai", "Jakarta") == 21);
	CHECK(S_dateline("BEIJING (Reuters) - Shares rose", "Beijing") == 19);
	CHECK(S_dateline("KAGAMA.CO, KUALA LUMPUR \xE2\x80\x94 Para", "Kuala Lumpur") == 27);
	CHECK(S_dateline("BOGOT\xC3\x81 (AFP) - Lluvia", "Bogot\xC3\xA1") == 15);
	CHECK(S_dateline("SHENZHEN, KAGAMA.CO \xE2\x80\x93", "Shenzhen") == 23);
	/* Two parts in capitals: the book's publisher is not the city, else the second is. */
	CHECK(S_dateline_of("PORT LOUIS, HARBOUR WIRE \xE2\x80\x93 The", "Harbour Wire",
	    "Port Louis") == 28);
	CHECK(S_dateline_of("ANTARA, PORT LOUIS \xE2\x80\x93 The", NULL, "Port Louis") == 22);
	/* Look-alikes: a place in a sentence, a list of acronyms, no dash, a hyphenated word. */
	CHECK(S_dateline("Bandung, kota kembang, selalu ramai \xE2\x80\x93 apalagi", NULL) == 0);
	CHECK(S_dateline("PBB, WHO, dan UNICEF \xE2\x80\x93 tiga lembaga", NULL) == 0);
	CHECK(S_dateline("KAGAMA.CO, BEIJING Duta Besar", NULL) == 0);
	CHECK(S_dateline("BEIJING (Reuters)-based analysts", NULL) == 0);
	CHECK(S_dateline("NASA, the agency said - and", NULL) == 0);
	CHECK(S_dateline("Yogyakarta \xE2\x80\x93 Kota ini", NULL) == 0);
}

static void
S_headlines(void)
{
	const struct labels *id = labels_for("id"), *en = labels_for("en");

	CHECK(news_is_headline("Dubes RI untuk Tiongkok Ajak Insinyur Muda Pelajari Industri Baterai", id));
	CHECK(news_is_headline("\xE2\x80\x9CKami Siap\xE2\x80\x9D, Kata Warga Lamora", id));
	CHECK(news_is_headline("Markets Rally as Rate Fears Ease", en));
	/* Not headlines: closing punctuation, too long, a lowercase start, a number, a credit,
	 * a dateline. */
	CHECK(!news_is_headline("Rapat dimulai pukul sembilan.", id));
	CHECK(!news_is_headline("Ia bertanya, \xE2\x80\x9C" "Kapan kita pulang?\xE2\x80\x9D", id));
	CHECK(!news_is_headline("Berikut daftarnya:", id));
	CHECK(!news_is_headline("Saya masih ingat hari ketika hujan turun deras di Yogyakarta dan kami "
	    "berteduh di bawah pohon beringin tua di depan gedung pusat", id));
	CHECK(!news_is_headline("dan kemudian mereka pulang", id));
	CHECK(!news_is_headline("239", id));
	CHECK(!news_is_headline("Foto: KBRI Beijing", id));
	CHECK(!news_is_headline("BEIJING (Reuters) - Shares rose", en));
}

void
test_news(void)
{
	S_credits();
	S_datelines();
	S_headlines();
}
