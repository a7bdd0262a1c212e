/* date.h - the dates site generators write (YAML 1.1 timestamps, Jekyll, Hugo) and the date in
 * a Jekyll post's file name.  Called by article.c (front matter) and site.c (permalinks). */
#ifndef KAGAMA_DATE_H
#define KAGAMA_DATE_H

struct date {
	int	year, month, day;	/* month 1-12, day 1-31, checked against the calendar */
};

/* Parses "2011-07-14", "2012-2-1", "2015-03-17 14:00:00 -4", "2014-03-12T10:11:00-04:00",
 * "2020-07-07T00:00:00.000Z", "2011-07-14 10:00 +0700": the day as written (the offset is
 * checked, not applied: the writer's calendar day is the one readers saw).  0, or -1 if text
 * is not such a date. */
int date_parse(const char *text, struct date *out);
/* The date opening a file's base name, "2011-07-14-slug.md", with the rest of the name in
 * *rest (inside name); 0, or -1 when the name does not start with one. */
int date_from_file_name(const char *name, struct date *out, const char **rest);
/* "YYYY-MM-DD"; the caller frees it. */
char *date_iso(const struct date *date);

#endif
