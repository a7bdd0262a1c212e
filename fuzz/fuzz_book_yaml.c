/* fuzz_book_yaml.c - libFuzzer target: a book.yaml through yaml_value_load() (the tree checked
 * against its limits) and config_load(); aborts on a broken invariant.  Built by mk/fuzz.mk. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "book.h"
#include "config.h"
#include "options.h"
#include "util.h"
#include "yaml_value.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small limits, so that the fuzzer reaches them often. */
#define FUZZ_MAX_NODES 200
#define FUZZ_MAX_DEPTH 6

static struct {
	struct options	 options;
	char		 folder[64];
	char		*config_path;
	int		 stderr_copy;	/* the real stderr, for invariant messages */
} S_fuzz;

static void
S_violation(const char *what, const struct yaml_value *value)
{
	dprintf(S_fuzz.stderr_copy, "fuzz_book_yaml: invariant violated: %s", what);
	if (value != NULL)
		dprintf(S_fuzz.stderr_copy, " (value at %d:%d)", value->line, value->column);
	dprintf(S_fuzz.stderr_copy, "\n");
	abort();
}

/* The temporary folder goes when libFuzzer exits normally (each fork-mode job is a process). */
static void
S_cleanup(void)
{
	unlink(S_fuzz.config_path);
	rmdir(S_fuzz.folder);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(S_fuzz.folder, sizeof(S_fuzz.folder), "/tmp/fuzz-book-yaml-XXXXXX");
	if (mkdtemp(S_fuzz.folder) == NULL)
		abort();
	S_fuzz.config_path = xasprintf("%s/book.yaml", S_fuzz.folder);
	atexit(S_cleanup);
	options_init(&S_fuzz.options);
	S_fuzz.options.input_dir = S_fuzz.folder;
	S_fuzz.options.config = S_fuzz.config_path;
	/* mk/fuzz.mk runs with -close_fd_mask=2, which silences the diagnostics (thousands of
	 * them) but not libFuzzer and the sanitizers; findings of our own go to this copy. */
	S_fuzz.stderr_copy = dup(2);
	return 0;
}

/* Checks value and everything below it; returns the number of values (an alias copy counts
 * every value it holds, as the loader counts them). */
static size_t
S_check_value(const struct yaml_value *value, size_t depth)
{
	size_t i, nodes = 1;

	if (value == NULL)
		S_violation("NULL value in the tree", NULL);
	if (value->line < 1 || value->column < 1)
		S_violation("position before line 1 or column 1", value);
	switch (value->kind) {
	case YAML_VALUE_SCALAR:
		if (value->scalar == NULL || value->count != 0)
			S_violation("scalar without text, or with items", value);
		return 1;
	case YAML_VALUE_MAPPING:
		if (value->count % 2 != 0)
			S_violation("mapping with a key but no value", value);
		for (i = 0; i < value->count; i += 2)
			if (value->items[i]->kind != YAML_VALUE_SCALAR)
				S_violation("mapping key that is not a string", value->items[i]);
		break;
	case YAML_VALUE_SEQUENCE:
		break;
	default:
		S_violation("unknown kind", value);
	}
	if (value->scalar != NULL)
		S_violation("collection with text", value);
	if (depth + 1 > FUZZ_MAX_DEPTH)
		S_violation("nesting deeper than the limit", value);
	for (i = 0; i < value->count; i++)
		nodes += S_check_value(value->items[i], depth + 1);
	return nodes;
}

static void
S_load_limited(const uint8_t *data, size_t size)
{
	struct yaml_limits limits = { FUZZ_MAX_NODES, FUZZ_MAX_DEPTH };
	struct yaml_value *root;

	root = yaml_value_load("fuzz.yaml", 0, (const char *)data, size, &limits);
	if (root == NULL)
		return;
	if (S_check_value(root, 0) > FUZZ_MAX_NODES)
		S_violation("more values than the limit", root);
	/* The accessors must cope with whatever came back. */
	(void)yaml_value_get(root, "title");
	(void)yaml_value_boolean(root);
	yaml_value_free(root);
}

static void
S_load_config(const uint8_t *data, size_t size)
{
	struct options options = S_fuzz.options;	/* book.yaml's settings land in the copy */
	struct book_meta meta;
	FILE *f;

	if ((f = fopen(S_fuzz.config_path, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	memset(&meta, 0, sizeof(meta));
	if (config_load(&options, &meta) == 0 && meta.language == NULL)
		S_violation("config_load succeeded without a language", NULL);
	if (options.missing_images_warn < 0 || options.toc_depth < 1 || options.toc_depth > 2)
		S_violation("config_load left a setting undecided or out of range", NULL);
	book_meta_free(&meta);
	options_free(&options);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	S_load_limited(data, size);
	S_load_config(data, size);
	return 0;
}
