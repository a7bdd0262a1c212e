/* date.c - the dates of YAML 1.1, Jekyll and Hugo front matter, and of Jekyll file names, as
 * declared in date.h.  Called by article.c and site.c; no state. */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "util.h"

static int
S_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Between min and max digits at *p as a number; -1 if there are fewer or more. */
static int
S_number(const char **p, int min, int max)
{
	int value = 0, n = 0;

	while (S_is_digit(**p) && n < max + 1) {
		value = value * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n < min || n > max ? -1 : value;
}

static int
S_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[month - 1];
}

/* "YYYY-M-D" at *p (one or two digits for month and day, as YAML 1.1 allows). */
static int
S_day(const char **p, struct date *out)
{
	if ((out->year = S_number(p, 4, 4)) < 0 || **p != '-')
		return -1;
	(*p)++;
	if ((out->month = S_number(p, 1, 2)) < 1 || out->month > 12 || **p != '-')
		return -1;
	(*p)++;
	if ((out->day = S_number(p, 1, 2)) < 1 ||
	    out->day > S_days_in_month(out->year, out->month))
		return -1;
	return 0;
}

/* "H:MM[:SS[.fraction]]". */
static int
S_time(const char **p)
{
	int hour = S_number(p, 1, 2), minute, second = 0;

	if (hour < 0 || hour > 23 || **p != ':')
		return -1;
	(*p)++;
	if ((minute = S_number(p, 2, 2)) < 0 || minute > 59)
		return -1;
	if (**p == ':') {
		(*p)++;
		if ((second = S_number(p, 2, 2)) < 0 || second > 60)
			return -1;
		if (**p == '.') {
			(*p)++;
			if (!S_is_digit(**p))
				return -1;
			while (S_is_digit(**p))
				(*p)++;
		}
	}
	return 0;
}

/* "Z", "±H", "±HH", "±HH:MM", "±HHMM". */
static int
S_offset(const char **p)
{
	const char *start;
	int hours, minutes = 0;

	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return -1;
	(*p)++;
	start = *p;
	if ((hours = S_number(p, 1, 4)) < 0)
		return -1;
	if (*p - start > 2) {
		if (*p - start != 4)
			return -1;
		minutes = hours % 100;
		hours /= 100;
	} else if (**p == ':') {
		(*p)++;
		if ((minutes = S_number(p, 2, 2)) < 0)
			return -1;
	}
	return hours > 14 || minutes > 59 ? -1 : 0;
}

int
date_parse(const char *text, struct date *out)
{
	const char *p = text;

	while (*p == ' ' || *p == '\t')
		p++;
	if (S_day(&p, out) < 0)
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ' || *p == '\t') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == 'T' || *p == 't')
			p++;
		if (*p != '\0' && S_time(&p) < 0)
			return -1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '\0' && S_offset(&p) < 0)
			return -1;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	return *p == '\0' ? 0 : -1;
}

int
date_from_file_name(const char *name, struct date *out, const char **rest)
{
	const char *p = strrchr(name, '/') != NULL ? strrchr(name, '/') + 1 : name;

	if (S_day(&p, out) < 0 || *p != '-')
		return -1;
	*rest = p + 1;
	return 0;
}

char *
date_iso(const struct date *date)
{
	return xasprintf("%04d-%02d-%02d", date->year, date->month, date->day);
}
