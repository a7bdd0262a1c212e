/* yaml_value.h - YAML text (book.yaml, article front matter) loaded through libyaml into a small
 * tree that remembers line and column of every value.  Used by yaml_read.c, config.c, article.c. */
#ifndef KAGAMA_YAML_VALUE_H
#define KAGAMA_YAML_VALUE_H

#include <stddef.h>

enum yaml_value_kind {
	YAML_VALUE_SCALAR,
	YAML_VALUE_SEQUENCE,
	YAML_VALUE_MAPPING,
};

struct yaml_value {
	enum yaml_value_kind	 kind;
	int			 line;		/* 1-based, in the file (line_offset applied) */
	int			 column;	/* 1-based */
	char			*scalar;	/* SCALAR: the text, UTF-8 */
	int			 plain;		/* SCALAR: written without quotes (so "null", "true" mean those) */
	struct yaml_value	**items;	/* SEQUENCE: items; MAPPING: key, value, key, value... */
	size_t			 count;		/* number of entries in items */
};

struct yaml_limits {
	size_t	max_nodes;	/* total values, counting every alias expansion; 0 = default 100000 */
	size_t	max_depth;	/* nesting of sequences/mappings; 0 = default 64 */
};

/* Parses one YAML document from text (len bytes, need not be NUL-terminated).  file names the
 * source for diagnostics; line_offset is added to libyaml's 0-based line so that front matter
 * starting on line 2 of an article reports article lines.  Aliases are expanded by copying,
 * counted against limits->max_nodes (a "billion laughs" is an error, not a hang).  A document
 * that is empty or only null yields an empty MAPPING.  On any error it reports through
 * diag_report() (file:line:col: error: ...) and returns NULL.  Caller frees the result. */
struct yaml_value *yaml_value_load(const char *file, int line_offset, const char *text,
    size_t len, const struct yaml_limits *limits);
void yaml_value_free(struct yaml_value *value);
/* In a MAPPING, the value of the first key whose scalar equals key; NULL if absent or not a
 * mapping. */
const struct yaml_value *yaml_value_get(const struct yaml_value *mapping, const char *key);
/* 1 if value is a plain scalar "null", "Null", "NULL", "~" or empty plain. */
int yaml_value_is_null(const struct yaml_value *value);
/* 1/0 for plain true/false spellings (true, True, TRUE, yes, no...); -1 if not a boolean. */
int yaml_value_boolean(const struct yaml_value *value);
/* Name of a kind for messages: "a string", "a list", "a mapping". */
const char *yaml_value_kind_name(enum yaml_value_kind kind);

#endif
