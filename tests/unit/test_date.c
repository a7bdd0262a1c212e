/* test_date.c - unit tests for date.c: the timestamps of YAML 1.1, Jekyll and Hugo, and the
 * date of a Jekyll post's file name.  Called only by tests/unit/main.c (test_date()). */
#include <stdlib.h>

#include "date.h"
#include "unit.h"

/* The day text parses to, as YYYY-MM-DD, or "invalid". */
static const char *
S_day(const char *text)
{
	static char result[16];
	struct date date;
	char *iso;

	if (date_parse(text, &date) < 0)
		return "invalid";
	iso = date_iso(&date);
	snprintf(result, sizeof(result), "%s", iso);
	free(iso);
	return result;
}

static void
S_test_forms(void)
{
	CHECK_STR(S_day("2011-07-14"), "2011-07-14");
	CHECK_STR(S_day("2012-2-1"), "2012-02-01");
	CHECK_STR(S_day("2014-03-12T10:11:00-04:00"), "2014-03-12");
	CHECK_STR(S_day("2015-03-17 14:00:00 -4"), "2015-03-17");
	CHECK_STR(S_day("2020-07-07T00:00:00.000Z"), "2020-07-07");
	CHECK_STR(S_day("2011-07-14 08:00:00.000000000 +07:00"), "2011-07-14");
	CHECK_STR(S_day("2012-03-02T16:45:10+0700"), "2012-03-02");
	CHECK_STR(S_day("2001-12-14t21:59:43.10-05:00"), "2001-12-14");
	CHECK_STR(S_day("2024-05-12 19:30"), "2024-05-12");
	CHECK_STR(S_day("2024-02-29"), "2024-02-29");
}

static void
S_test_invalid(void)
{
	CHECK_STR(S_day("2023-02-29"), "invalid");
	CHECK_STR(S_day("2011-13-01"), "invalid");
	CHECK_STR(S_day("2011-07-14 25:00"), "invalid");
	CHECK_STR(S_day("2011-07-14T10:00+99:00"), "invalid");
	CHECK_STR(S_day("14 Juli 2011"), "invalid");
	CHECK_STR(S_day("2011-07-14 kemarin"), "invalid");
	CHECK_STR(S_day(""), "invalid");
}

static void
S_test_file_names(void)
{
	struct date date;
	const char *rest = NULL;

	CHECK(date_from_file_name("_posts/2011-07-14-slug.md", &date, &rest) == 0);
	CHECK(date.year == 2011 && date.month == 7 && date.day == 14);
	CHECK_STR(rest, "slug.md");
	CHECK(date_from_file_name("2021-3-9-lomba.md", &date, &rest) == 0 && date.day == 9);
	CHECK(date_from_file_name("2011-07-14.md", &date, &rest) < 0);
	CHECK(date_from_file_name("catatan.md", &date, &rest) < 0);
}

void
test_date(void)
{
	S_test_forms();
	S_test_invalid();
	S_test_file_names();
}
