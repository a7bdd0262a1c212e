/* unit.h - the smallest test framework that does the job: CHECK() records a pass or a failure
 * with file:line, and main.c prints "N passed, N failed".  Included by the test files in tests/unit/ only. */
#ifndef KAGAMA_UNIT_H
#define KAGAMA_UNIT_H

#include <stdio.h>
#include <string.h>

extern int unit_passed, unit_failed;

#define CHECK(condition) do { \
	if (condition) \
		unit_passed++; \
	else { \
		unit_failed++; \
		fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #condition); \
	} \
} while (0)

#define CHECK_STR(actual, expected) do { \
	const char *unit_a = (actual), *unit_e = (expected); \
	if (unit_a != NULL && unit_e != NULL ? strcmp(unit_a, unit_e) == 0 : unit_a == unit_e) \
		unit_passed++; \
	else { \
		unit_failed++; \
		fprintf(stderr, "%s:%d: FAILED: %s is \"%s\", expected \"%s\"\n", __FILE__, \
		    __LINE__, #actual, unit_a ? unit_a : "(null)", unit_e ? unit_e : "(null)"); \
	} \
} while (0)

#endif
