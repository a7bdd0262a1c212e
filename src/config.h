/* config.h - reading book.yaml into struct book_meta, and the typed accessors that article.c
 * shares for front matter.  Called by main.c and article.c. */
#ifndef KAGAMA_CONFIG_H
#define KAGAMA_CONFIG_H

#include "book.h"
#include "yaml_value.h"

/* Loads book.yaml (options->config, else input_dir/book.yaml if it exists) into meta (the site
 * settings into options; options_free() frees them) and applies
 * command-line overrides and defaults.  Returns 0, or -1 after reporting errors. */
int config_load(struct options *options, struct book_meta *meta);
void config_meta_free(struct book_meta *meta);

/* A scalar as a new string in *out (replacing any previous one).  A list or mapping is an error
 * at its file:line:col; returns -1 then.  An absent (NULL) or null value leaves *out alone. */
int config_string(const char *file, const char *key, const struct yaml_value *value, char **out);
/* A scalar or a list of scalars as a new array of strings. */
int config_strings(const char *file, const char *key, const struct yaml_value *value,
    char ***out, size_t *count);
void config_strings_free(char **strings, size_t count);

#endif
