/* utf8.c - decodes UTF-8 one sequence at a time (utf8.h), as cmark's utf8.c does for cmark,
 * and cleans text of what XML 1.0 forbids.
 * Called by article.c (encoding check), chapter_heading.c, html_sanitize.c, news.c, path.c
 * and url.c. */
#include <string.h>

#include "utf8.h"
#include "util.h"

int
utf8_decode(const unsigned char *s, size_t length, uint32_t *code_point)
{
	/* The smallest value each length may carry: anything less is an overlong form, which
	 * would smuggle ASCII past checks made on the decoded text. */
	static const uint32_t shortest[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n, i;
	uint32_t c;

	if (length == 0)
		return -1;
	if (s[0] < 0x80) {
		*code_point = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, c = s[0] & 0x07;
	else
		return -1;
	if (n > length)
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < shortest[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*code_point = c;
	return (int)n;
}

/* The Char production of XML 1.0. */
static int
S_is_xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	    (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* A copy of text (freed by the caller) without the characters XML 1.0 forbids and without
 * malformed UTF-8.  libxml2 writes either out as is, and EPUBCheck rejects the file. */
char *
utf8_clean_for_xml(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t left = strlen(text);
	char *clean = xmalloc(left + 1), *out = clean;
	uint32_t code;
	int length;

	while (*s != '\0') {
		/* Most text is printable ASCII: no decoding needed. */
		if ((*s >= 0x20 && *s < 0x7f) || *s == '\n' || *s == '\t' || *s == '\r') {
			*out++ = (char)*s++;
			left--;
			continue;
		}
		if ((length = utf8_decode(s, left, &code)) < 0) {
			s++;
			left--;
			continue;
		}
		if (S_is_xml_char(code)) {
			memcpy(out, s, (size_t)length);
			out += length;
		}
		s += length;
		left -= (size_t)length;
	}
	*out = '\0';
	return clean;
}
