/* labels.c - the per-language words of generated pages and the localised date format.
 * Called by chapter.c, link.c, news.c, pages.c, package.c, main.c, and html_sanitize.c (lang
 * values); to add a language, add one entry to S_tables. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "util.h"

struct labels {
	const char	*language;
	const char	*words[LABEL_COUNT];
	const char	*months[12];
	const char	*read_also[4];	/* labels that open a "read also" line, NULL-terminated */
	const char	*credits[6];	/* labels that open a photo credit (news.c), NULL-terminated */
};

static const struct labels S_tables[] = {
	{ "en",
	  { "Contents", "Landmarks", "Title Page", "Part", "Start", "Cover", "and", "Colophon",
	    "Source", "Made with", "Index", "Articles by author", "Articles by topic",
	    "Identifier",
	    "A collection of articles with a navigable table of contents, headings in a "
	    "logical order, and text alternatives for its images.", "Edited by" },
	  { "January", "February", "March", "April", "May", "June", "July", "August",
	    "September", "October", "November", "December" },
	  { "Read also:", "See also:", "Read more:", NULL },
	  { "Photo:", "Photo/", "Photo by", "Photograph:", "Image:", NULL } },
	{ "id",
	  { "Daftar Isi", "Penanda", "Halaman Judul", "Bagian", "Mulai", "Sampul", "dan", "Kolofon",
	    "Sumber", "Dibuat dengan", "Indeks", "Artikel menurut penulis",
	    "Artikel menurut topik", "Pengenal",
	    "Kumpulan artikel dengan daftar isi yang dapat dinavigasi, judul bagian yang "
	    "berurutan, dan teks alternatif untuk gambarnya.", "Disunting oleh" },
	  { "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
	    "September", "Oktober", "November", "Desember" },
	  { "Baca juga:", "Lihat juga:", NULL },
	  { "Foto:", "Foto/", "Foto oleh", "Photo:", NULL } },
};

const struct labels *
labels_for(const char *language)
{
	size_t i, n;

	if (language == NULL)
		return NULL;
	n = strcspn(language, "-_");
	for (i = 0; i < sizeof(S_tables) / sizeof(S_tables[0]); i++)
		if (strlen(S_tables[i].language) == n &&
		    strncasecmp(S_tables[i].language, language, n) == 0)
			return &S_tables[i];
	return NULL;
}

const struct labels *
labels_default(void)
{
	return &S_tables[0];
}

const struct labels *
labels_or_default(const char *language)
{
	const struct labels *labels = labels_for(language);

	return labels != NULL ? labels : labels_default();
}

const char *const *
labels_read_also(const struct labels *labels)
{
	return labels->read_also;
}

const char *const *
labels_credits(const struct labels *labels)
{
	return labels->credits;
}

const struct labels *
labels_table(size_t i)
{
	return i < sizeof(S_tables) / sizeof(S_tables[0]) ? &S_tables[i] : NULL;
}

const char *
labels_get(const struct labels *labels, enum label label)
{
	return labels->words[label];
}

/* Reads exactly n digits at *p into *value, advancing *p. */
static int
S_digits(const char **p, int n, int *value)
{
	int i;

	*value = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		*value = *value * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

static int
S_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* The time part after a date: "T09:30", "T09:30:00", fractions, "Z" or "+07:00", or " 09:30"
 * as YAML and WordPress write it.  Only checked, not used: a byline shows the day. */
static int
S_valid_time(const char *p)
{
	int value;

	if (*p == '\0')
		return 1;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return 0;
	p++;
	if (S_digits(&p, 2, &value) < 0 || value > 23 || *p++ != ':' ||
	    S_digits(&p, 2, &value) < 0 || value > 59)
		return 0;
	if (*p == ':' && (p++, S_digits(&p, 2, &value) < 0 || value > 60))
		return 0;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			continue;
	while (*p == ' ')
		p++;
	if (*p == 'Z' || *p == 'z')
		return p[1] == '\0';
	if (*p == '+' || *p == '-') {
		p++;
		if (S_digits(&p, 2, &value) < 0 || value > 23)
			return 0;
		if (*p == ':')
			p++;
		return *p == '\0' || (S_digits(&p, 2, &value) == 0 && value <= 59 && *p == '\0');
	}
	return *p == '\0';
}

char *
labels_format_date(const struct labels *labels, const char *date, char **iso)
{
	const char *p = date;
	int year, month = 0, day = 0;

	*iso = NULL;
	if (S_digits(&p, 4, &year) < 0)
		return NULL;
	if (*p == '-') {
		p++;
		if (S_digits(&p, 2, &month) < 0 || month < 1 || month > 12)
			return NULL;
		if (*p == '-') {
			p++;
			if (S_digits(&p, 2, &day) < 0 || day < 1 ||
			    day > S_days_in_month(year, month))
				return NULL;
		}
	}
	if (!S_valid_time(p) || (*p != '\0' && day == 0))
		return NULL;
	if (day > 0) {
		*iso = xasprintf("%04d-%02d-%02d", year, month, day);
		return xasprintf("%d %s %04d", day, labels->months[month - 1], year);
	}
	if (month > 0) {
		*iso = xasprintf("%04d-%02d", year, month);
		return xasprintf("%s %04d", labels->months[month - 1], year);
	}
	*iso = xasprintf("%04d", year);
	return xasprintf("%04d", year);
}

/* xsd:language, which the schema requires of lang: [A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*, or "". */
int
labels_is_language_tag(const char *value)
{
	size_t run = 0;
	int first = 1;
	char c;

	if (*value == '\0')
		return 1;
	for (;; value++) {
		c = *value;
		if (c == '-' || c == '\0') {
			if (run == 0 || run > 8)
				return 0;
			if (c == '\0')
				return 1;
			run = 0, first = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (!first && c >= '0' && c <= '9')))
			return 0;
		run++;
	}
}
