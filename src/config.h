/* config.h - reading book.yaml: its metadata into struct book_meta, its settings into struct
 * options.  Called by main.c (and fuzz/fuzz_book_yaml.c). */
#ifndef KAGAMA_CONFIG_H
#define KAGAMA_CONFIG_H

#include "book.h"
#include "options.h"

/* Loads book.yaml (options->config, else input_dir/book.yaml if it exists): metadata into meta
 * (the command line's --title and --language win), settings into options where the command
 * line left them undecided; then the defaults.  The one place book.yaml meets the command
 * line.  Returns 0, or -1 after reporting errors. */
int config_load(struct options *options, struct book_meta *meta);

#endif
