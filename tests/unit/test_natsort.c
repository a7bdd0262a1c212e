/* test_natsort.c - unit tests for natsort.c: digit runs by value, ties broken bytewise.
 * Called only by tests/unit/main.c through test_natsort(). */
#include <stdlib.h>

#include "natsort.h"
#include "unit.h"

static int
S_sign(int value)
{
	return (value > 0) - (value < 0);
}

/* Checks both directions, so that an answer that ignores its arguments cannot pass. */
static int
S_before(const char *a, const char *b)
{
	return natsort_compare(a, b) < 0 && natsort_compare(b, a) > 0;
}

static int
S_compare_strings(const void *a, const void *b)
{
	return natsort_compare(*(const char *const *)a, *(const char *const *)b);
}

static void
S_test_sorting(void)
{
	const char *names[] = { "10-x", "2-x", "1-x", "01-x", "a", "1-y", "100-x", "9-x" };
	const char *expected[] = { "01-x", "1-x", "1-y", "2-x", "9-x", "10-x", "100-x", "a" };
	size_t i;
	int same = 1;

	qsort(names, sizeof(names) / sizeof(names[0]), sizeof(names[0]), S_compare_strings);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		same &= strcmp(names[i], expected[i]) == 0;
	CHECK(same);
}

void
test_natsort(void)
{
	CHECK(S_before("2-x", "10-x"));
	CHECK(S_before("chapter 9", "chapter 10"));
	CHECK(S_before("a1b2", "a1b10"));
	CHECK(S_before("x", "x1"));
	CHECK(S_before("", "a"));
	/* Leading zeros do not count for the value ... */
	CHECK(S_before("007b", "8a"));
	CHECK(S_before("a01b", "a1c"));
	/* ... but equal values are still ordered, bytewise, so the order is total. */
	CHECK(S_before("01", "1"));
	CHECK(S_before("a01b", "a1b"));
	CHECK(natsort_compare("01", "01") == 0);
	CHECK(natsort_compare("", "") == 0);
	/* Digit runs far longer than any integer type. */
	CHECK(S_before("99999999999999999999999999999", "100000000000000000000000000000"));
	CHECK(S_before("123456789012345678901234567890a", "123456789012345678901234567891"));
	/* Letters are compared bytewise (case-sensitive), and digits against letters too. */
	CHECK(S_before("B", "a"));
	CHECK(S_before("1", "a"));
	CHECK(S_before("a-1", "a1"));
	/* UTF-8 bytes are unsigned: "é" (0xC3 0xA9) sorts after "z". */
	CHECK(S_before("z", "\xc3\xa9"));
	CHECK(S_sign(natsort_compare("abc", "abd")) == -1);
	S_test_sorting();
}
