/* yaml_read.h - typed reading of loaded YAML values, with a message at file:line:col for a wrong
 * type.  Included by config.c and article.c; yaml_value.h loads what these read. */
#ifndef KAGAMA_YAML_READ_H
#define KAGAMA_YAML_READ_H

#include <stddef.h>

#include "yaml_value.h"

/* Every reader leaves *out alone for an absent (NULL) or null value and returns 0; a value of
 * the wrong type is reported and returns -1. */

/* A scalar as a new string in *out (replacing any previous one); a list or mapping is an error. */
int yaml_read_string(const char *file, const char *key, const struct yaml_value *value, char **out);
/* A scalar or a list of scalars as a new array of *count strings (free with util_strings_free). */
int yaml_read_strings(const char *file, const char *key, const struct yaml_value *value,
    char ***out, size_t *count);
/* People as front matter writes them: as yaml_read_strings, and an entry may also be a mapping
 * whose 'name' is taken (Hugo themes: {name: A, link: URL, photo: /a.png}). */
int yaml_read_names(const char *file, const char *key, const struct yaml_value *value,
    char ***out, size_t *count);
/* A whole number from low to high. */
int yaml_read_integer(const char *file, const char *key, const struct yaml_value *value, int low,
    int high, int *out);
/* true/false in any spelling yaml_value_boolean() knows. */
int yaml_read_boolean(const char *file, const char *key, const struct yaml_value *value, int *out);
/* One of two words: *out is 0 for first, 1 for second. */
int yaml_read_choice(const char *file, const char *key, const struct yaml_value *value,
    const char *first, const char *second, int *out);
/* 1 for a mapping, 0 for an absent or null value, -1 after reporting message at a value of
 * another kind. */
int yaml_read_mapping(const char *file, const struct yaml_value *value, const char *message);
/* Drops, in place, the characters XML 1.0 forbids that YAML escapes can spell; returns text. */
char *yaml_read_text(char *text);

#endif
