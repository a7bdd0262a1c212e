/* test_utf8.c - unit tests for utf8.c: every length, every way a sequence can be malformed.
 * Called only by tests/unit/main.c through test_utf8(). */
#include <stdint.h>

#include "unit.h"
#include "utf8.h"

/* Decodes text (its strlen, or length when given) and checks the length and code point. */
static int
S_decodes(const char *text, size_t length, int expected_length, uint32_t expected)
{
	uint32_t code_point = 0xDEADBEEF;
	int n = utf8_decode((const unsigned char *)text, length ? length : strlen(text),
	    &code_point);

	if (expected_length < 0)
		return n == -1 && code_point == 0xDEADBEEF;
	return n == expected_length && code_point == expected;
}

static void
S_test_well_formed(void)
{
	CHECK(S_decodes("A", 0, 1, 0x41));
	CHECK(S_decodes("\0", 1, 1, 0));
	CHECK(S_decodes("\x7F", 0, 1, 0x7F));
	CHECK(S_decodes("\xC2\x80", 0, 2, 0x80));
	CHECK(S_decodes("\xC3\xA9x", 0, 2, 0xE9));		/* é, stops before the x */
	CHECK(S_decodes("\xDF\xBF", 0, 2, 0x7FF));
	CHECK(S_decodes("\xE0\xA0\x80", 0, 3, 0x800));
	CHECK(S_decodes("\xE2\x80\x93", 0, 3, 0x2013));	/* the en dash of a dateline */
	CHECK(S_decodes("\xED\x9F\xBF", 0, 3, 0xD7FF));
	CHECK(S_decodes("\xEE\x80\x80", 0, 3, 0xE000));
	CHECK(S_decodes("\xEF\xBF\xBD", 0, 3, 0xFFFD));
	CHECK(S_decodes("\xF0\x90\x80\x80", 0, 4, 0x10000));
	CHECK(S_decodes("\xF0\x9F\x93\x96", 0, 4, 0x1F4D6));
	CHECK(S_decodes("\xF4\x8F\xBF\xBF", 0, 4, 0x10FFFF));
}

static void
S_test_malformed(void)
{
	CHECK(S_decodes("", 0, -1, 0));			/* nothing to read */
	CHECK(S_decodes("\x80", 0, -1, 0));		/* stray continuation byte */
	CHECK(S_decodes("\xBF", 0, -1, 0));
	CHECK(S_decodes("\xC0\xAF", 0, -1, 0));		/* overlong '/' */
	CHECK(S_decodes("\xC1\xBF", 0, -1, 0));
	CHECK(S_decodes("\xE0\x80\xAF", 0, -1, 0));	/* overlong, three bytes */
	CHECK(S_decodes("\xE0\x9F\xBF", 0, -1, 0));
	CHECK(S_decodes("\xF0\x8F\xBF\xBF", 0, -1, 0));	/* overlong, four bytes */
	CHECK(S_decodes("\xED\xA0\x80", 0, -1, 0));	/* surrogates */
	CHECK(S_decodes("\xED\xBF\xBF", 0, -1, 0));
	CHECK(S_decodes("\xF4\x90\x80\x80", 0, -1, 0));	/* above U+10FFFF */
	CHECK(S_decodes("\xF5\x80\x80\x80", 0, -1, 0));
	CHECK(S_decodes("\xFE", 0, -1, 0));
	CHECK(S_decodes("\xFF", 0, -1, 0));
	CHECK(S_decodes("\xC3" "A", 0, -1, 0));		/* continuation missing */
	CHECK(S_decodes("\xE2\x80" "A", 0, -1, 0));
	CHECK(S_decodes("\xE2\x80\x93", 2, -1, 0));	/* cut short by the length */
	CHECK(S_decodes("\xF0\x9F\x93\x96", 3, -1, 0));
	CHECK(S_decodes("\xC3\xA9", 1, -1, 0));
	CHECK(S_decodes("\xE2\0\x93", 3, -1, 0));	/* a NUL is no continuation byte */
}

void
test_utf8(void)
{
	S_test_well_formed();
	S_test_malformed();
}
