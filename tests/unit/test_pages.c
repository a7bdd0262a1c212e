/* test_pages.c - soft hyphens in over-long words of the title and part pages' headings
 * (pages_break_long_words): at syllables, a few letters apart, never in short words. */
#include <stdlib.h>

#include "pages.h"
#include "unit.h"

void test_pages(void);

static void
S_broken(const char *text, const char *expected)
{
	char *broken = pages_break_long_words(text);

	CHECK_STR(broken, expected);
	free(broken);
}

void
test_pages(void)
{
	/* The 40-letter title of tests/reader/books/long-title. */
	S_broken("Ketidakbertanggungjawabanpemerintahannya",
	    "Ketidak\xc2\xad" "bertang\xc2\xad" "gungja\xc2\xad" "wabanpe\xc2\xad" "merinta\xc2\xad"
	    "hannya");
	/* Ng, ny, sy and kh stay together; other words of the text are left alone. */
	S_broken("Laporan penyelenggaraannyalah selesai",
	    "Laporan penyeleng\xc2\xad" "garaannyalah selesai");
	S_broken("Pertanggungjawaban", "Pertang\xc2\xad" "gungjawaban");
	/* Nothing to break: short words, letters of other scripts, no letters at all. */
	S_broken("Laporan Tahunan Program Literasi Desa 2026", NULL);
	S_broken("Tokyo \xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xae\xe5\xa0\xb1\xe5\x91\x8a", NULL);
	S_broken("", NULL);
	S_broken("12345678901234567890", NULL);
}
