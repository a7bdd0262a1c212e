/* natsort.c - the "natural" order of names declared in natsort.h: digit runs by value.
 * Called by scan.c (and anything else that orders names); no state, no allocation. */
#include <string.h>

#include "natsort.h"

static int
S_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Compares the digit runs at *a and *b by value and moves both past their run.  Comparing
 * the lengths first, then the digits, works for runs of any length without overflow. */
static int
S_compare_numbers(const unsigned char **a, const unsigned char **b)
{
	const unsigned char *pa = *a, *pb = *b;
	size_t la = 0, lb = 0, i;

	while (*pa == '0')
		pa++;
	while (*pb == '0')
		pb++;
	while (S_is_digit(pa[la]))
		la++;
	while (S_is_digit(pb[lb]))
		lb++;
	*a = pa + la;
	*b = pb + lb;
	if (la != lb)
		return la < lb ? -1 : 1;
	for (i = 0; i < la; i++)
		if (pa[i] != pb[i])
			return pa[i] < pb[i] ? -1 : 1;
	return 0;
}

int
natsort_compare(const char *a, const char *b)
{
	const unsigned char *pa = (const unsigned char *)a;
	const unsigned char *pb = (const unsigned char *)b;
	int result;

	while (*pa != '\0' && *pb != '\0') {
		if (S_is_digit(*pa) && S_is_digit(*pb)) {
			if ((result = S_compare_numbers(&pa, &pb)) != 0)
				return result;
			continue;
		}
		if (*pa != *pb)
			return *pa < *pb ? -1 : 1;
		pa++;
		pb++;
	}
	if (*pa != *pb)
		return *pa < *pb ? -1 : 1;
	/* Equal by value ("01" and "1"): fall back to bytes so the order stays total. */
	result = strcmp(a, b);
	return result < 0 ? -1 : result > 0;
}
