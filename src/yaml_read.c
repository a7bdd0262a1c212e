/* yaml_read.c - typed reading of a loaded YAML value (yaml_value.h): strings, lists of strings
 * or of names, whole numbers, booleans, one of two words, each wrong type reported at its file:line:col.
 * Called by config.c (book.yaml) and article.c (front matter). */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"
#include "yaml_read.h"

/* YAML escapes can spell characters XML 1.0 forbids ("\e", "\x01"): they are dropped, so
 * that no title can make a document ill-formed.  Works in place; returns text. */
char *
yaml_read_text(char *text)
{
	unsigned char *from = (unsigned char *)text, *to = (unsigned char *)text;

	for (; *from != '\0'; from++) {
		if (*from < 0x20 && *from != '\t' && *from != '\n' && *from != '\r')
			continue;
		/* U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not characters either. */
		if (from[0] == 0xEF && from[1] == 0xBF && (from[2] == 0xBE || from[2] == 0xBF)) {
			from += 2;
			continue;
		}
		*to++ = *from;
	}
	*to = '\0';
	return text;
}

int
yaml_read_string(const char *file, const char *key, const struct yaml_value *value, char **out)
{
	if (value == NULL || yaml_value_is_null(value))
		return 0;
	if (value->kind != YAML_VALUE_SCALAR) {
		diag_report(DIAG_ERROR, file, value->line, value->column,
		    "'%s' must be a string, not %s", key, yaml_value_kind_name(value->kind));
		return -1;
	}
	free(*out);
	*out = yaml_read_text(xstrdup(value->scalar));
	return 0;
}

/* The scalar a list entry stands for: itself, or with name_key a mapping's name_key value;
 * NULL when there is none. */
static const struct yaml_value *
S_entry_scalar(const struct yaml_value *entry, const char *name_key)
{
	if (entry->kind == YAML_VALUE_MAPPING && name_key != NULL)
		entry = yaml_value_get(entry, name_key);
	return entry != NULL && entry->kind == YAML_VALUE_SCALAR ? entry : NULL;
}

/* yaml_read_strings, and yaml_read_names with name_key "name". */
static int
S_read_list(const char *file, const char *key, const struct yaml_value *value,
    const char *name_key, char ***out, size_t *count)
{
	const struct yaml_value *const *entries = &value, *scalar;
	size_t i, n = 1;

	if (value == NULL || yaml_value_is_null(value))
		return 0;
	if (value->kind == YAML_VALUE_MAPPING && S_entry_scalar(value, name_key) == NULL) {
		diag_report(DIAG_ERROR, file, value->line, value->column, name_key == NULL ?
		    "'%s' must be a string or a list of strings, not a mapping" :
		    "'%s' must be a name, a mapping with a 'name', or a list of them", key);
		return -1;
	}
	if (value->kind == YAML_VALUE_SEQUENCE) {
		entries = (const struct yaml_value *const *)value->items;
		n = value->count;
	}
	util_strings_free(*out, *count);
	*out = xcalloc(n, sizeof(char *));
	*count = 0;
	for (i = 0; i < n; i++) {
		if ((scalar = S_entry_scalar(entries[i], name_key)) == NULL) {
			diag_report(DIAG_ERROR, file, entries[i]->line, entries[i]->column,
			    name_key == NULL ? "each entry of '%s' must be a string, not %s" :
			    "each entry of '%s' must be a name or a mapping with a 'name', not %s",
			    key, yaml_value_kind_name(entries[i]->kind));
			return -1;
		}
		if (!yaml_value_is_null(scalar))
			(*out)[(*count)++] = yaml_read_text(xstrdup(scalar->scalar));
	}
	return 0;
}

int
yaml_read_strings(const char *file, const char *key, const struct yaml_value *value, char ***out,
    size_t *count)
{
	return S_read_list(file, key, value, NULL, out, count);
}

int
yaml_read_names(const char *file, const char *key, const struct yaml_value *value, char ***out,
    size_t *count)
{
	return S_read_list(file, key, value, "name", out, count);
}

int
yaml_read_integer(const char *file, const char *key, const struct yaml_value *value, int low,
    int high, int *out)
{
	char *end;
	long n;

	if (value == NULL || yaml_value_is_null(value))
		return 0;
	if (value->kind == YAML_VALUE_SCALAR) {
		n = strtol(value->scalar, &end, 10);
		if (end != value->scalar && *end == '\0' && n >= low && n <= high) {
			*out = (int)n;
			return 0;
		}
	}
	diag_report(DIAG_ERROR, file, value->line, value->column,
	    "'%s' must be a whole number from %d to %d", key, low, high);
	return -1;
}

int
yaml_read_boolean(const char *file, const char *key, const struct yaml_value *value, int *out)
{
	int b;

	if (value == NULL || yaml_value_is_null(value))
		return 0;
	if ((b = yaml_value_boolean(value)) < 0) {
		diag_report(DIAG_ERROR, file, value->line, value->column,
		    "'%s' must be true or false", key);
		return -1;
	}
	*out = b;
	return 0;
}

int
yaml_read_choice(const char *file, const char *key, const struct yaml_value *value,
    const char *first, const char *second, int *out)
{
	if (value == NULL || yaml_value_is_null(value))
		return 0;
	if (value->kind == YAML_VALUE_SCALAR && (strcmp(value->scalar, first) == 0 ||
	    strcmp(value->scalar, second) == 0)) {
		*out = strcmp(value->scalar, second) == 0;
		return 0;
	}
	diag_report(DIAG_ERROR, file, value->line, value->column, "'%s' must be '%s' or '%s'",
	    key, first, second);
	return -1;
}

int
yaml_read_mapping(const char *file, const struct yaml_value *value, const char *message)
{
	if (value == NULL || yaml_value_is_null(value))
		return 0;
	if (value->kind != YAML_VALUE_MAPPING) {
		diag_report(DIAG_ERROR, file, value->line, value->column, "%s", message);
		return -1;
	}
	return 1;
}
