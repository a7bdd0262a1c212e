/* labels.h - words the book itself shows (Contents, Part, month names...) in the book's
 * language.  One table per language in labels.c; add a row there to support another. */
#ifndef KAGAMA_LABELS_H
#define KAGAMA_LABELS_H

#include <stddef.h>

enum label {
	LABEL_CONTENTS,
	LABEL_LANDMARKS,
	LABEL_TITLE_PAGE,
	LABEL_PART,
	LABEL_START,
	LABEL_COVER,
	LABEL_BY,		/* joins authors: "A and B" */
	LABEL_COLOPHON,
	LABEL_SOURCE,
	LABEL_MADE_WITH,
	LABEL_INDEX,
	LABEL_BY_AUTHOR,
	LABEL_BY_TAG,
	LABEL_IDENTIFIER,
	LABEL_SUMMARY,		/* schema:accessibilitySummary */
	LABEL_EDITED_BY,
	LABEL_COUNT,
};

struct labels;

/* The table for a BCP 47 tag, matched on its primary subtag ("id-ID" -> id); NULL when the
 * language has none (labels_or_default() falls back to the default). */
const struct labels *labels_for(const char *language);
const struct labels *labels_default(void);
/* labels_for(language), or labels_default() when the language has none. */
const struct labels *labels_or_default(const char *language);
const char *labels_get(const struct labels *labels, enum label label);
/* The labels that open a "read also" paragraph ("Baca juga:"), NULL-terminated. */
const char *const *labels_read_also(const struct labels *labels);
/* The labels that open a photo credit ("Foto:", "Foto/", "Foto oleh"), NULL-terminated;
 * news.c also finds them in parentheses: "(Foto: KBRI Beijing)". */
const char *const *labels_credits(const struct labels *labels);
/* The i-th table of all, from 0; NULL past the last. */
const struct labels *labels_table(size_t i);
/* Formats an ISO 8601 date ("2019-11-18", "2019-11-18T09:30:00+07:00", "2019-11", "2019")
 * as the language writes it ("18 November 2019"); returns a new string, or NULL when the
 * date cannot be read.  *iso receives a new "YYYY-MM-DD" (or shorter) string for datetime=. */
char *labels_format_date(const struct labels *labels, const char *date, char **iso);

/* 1 if value is what xsd:language (the schema of lang) allows: [A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*
 * or "". */
int labels_is_language_tag(const char *value);

#endif
