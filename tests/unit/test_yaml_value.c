/* test_yaml_value.c - unit tests for yaml_value.c: positions, kinds, aliases, limits, errors.
 * Run from tests/unit/main.c through test_yaml_value(). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
/* unit.h's opening comment holds a slash-star, which -Wcomment rejects under -Werror. */
#pragma GCC diagnostic ignored "-Wcomment"
#include "unit.h"
#include "util.h"
#include "yaml_value.h"

void test_yaml_value(void);

static struct yaml_value *
S_load(const char *text, int line_offset, const struct yaml_limits *limits)
{
	return yaml_value_load("a.md", line_offset, text, strlen(text), limits);
}

/* Loads text with stderr sent to a temporary file, so the test can read the diagnostics. */
static struct yaml_value *
S_load_capturing(const char *text, int line_offset, const struct yaml_limits *limits,
    char *messages, size_t size)
{
	struct yaml_value *value;
	FILE *capture = tmpfile();
	size_t n;
	int saved;

	messages[0] = '\0';
	if (capture == NULL)
		return S_load(text, line_offset, limits);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fileno(capture), STDERR_FILENO);
	value = S_load(text, line_offset, limits);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(capture);
	n = fread(messages, 1, size - 1, capture);
	messages[n] = '\0';
	fclose(capture);
	return value;
}


static void
S_test_mapping_positions(void)
{
	struct yaml_value *root = S_load("title: Hello\nauthor:  \"Ann\"\n", 1, NULL);
	const struct yaml_value *value;

	CHECK(root != NULL);
	if (root == NULL)
		return;
	CHECK(root->kind == YAML_VALUE_MAPPING);
	CHECK(root->count == 4);
	CHECK(root->line == 2 && root->column == 1);
	CHECK_STR(root->items[0]->scalar, "title");
	CHECK(root->items[0]->line == 2 && root->items[0]->column == 1);
	value = yaml_value_get(root, "title");
	CHECK(value != NULL && value->kind == YAML_VALUE_SCALAR);
	CHECK_STR(value ? value->scalar : NULL, "Hello");
	CHECK(value != NULL && value->line == 2 && value->column == 8 && value->plain);
	value = yaml_value_get(root, "author");
	CHECK_STR(value ? value->scalar : NULL, "Ann");
	CHECK(value != NULL && value->line == 3 && value->column == 10 && !value->plain);
	CHECK(yaml_value_get(root, "missing") == NULL);
	CHECK(yaml_value_get(value, "x") == NULL);
	yaml_value_free(root);
}

static void
S_test_sequences_and_nesting(void)
{
	struct yaml_value *root = S_load("tags: [a, 'b c']\nlist:\n  - x\n  - y: 1\n"
	    "book:\n  lang: en\n  meta:\n    depth: 2\n", 0, NULL);
	const struct yaml_value *tags, *list, *book, *meta;

	CHECK(root != NULL);
	if (root == NULL)
		return;
	tags = yaml_value_get(root, "tags");
	CHECK(tags != NULL && tags->kind == YAML_VALUE_SEQUENCE && tags->count == 2);
	if (tags != NULL && tags->count == 2) {
		CHECK_STR(tags->items[1]->scalar, "b c");
		CHECK(tags->items[1]->line == 1 && tags->items[1]->column == 11);
	}
	list = yaml_value_get(root, "list");
	CHECK(list != NULL && list->kind == YAML_VALUE_SEQUENCE && list->count == 2);
	if (list != NULL && list->count == 2) {
		CHECK_STR(list->items[0]->scalar, "x");
		CHECK(list->items[0]->line == 3 && list->items[0]->column == 5);
		CHECK(list->items[1]->kind == YAML_VALUE_MAPPING);
		CHECK_STR(yaml_value_get(list->items[1], "y")->scalar, "1");
	}
	book = yaml_value_get(root, "book");
	CHECK(book != NULL && book->kind == YAML_VALUE_MAPPING && book->count == 4);
	CHECK_STR(yaml_value_get(book, "lang")->scalar, "en");
	meta = yaml_value_get(book, "meta");
	CHECK(meta != NULL && meta->line == 8 && meta->column == 5);
	CHECK_STR(yaml_value_get(meta, "depth")->scalar, "2");
	yaml_value_free(root);
}

static void
S_test_scalar_helpers(void)
{
	struct yaml_value *root = S_load("a: null\nb: 'null'\nc: ~\nd:\ne: true\nf: 'yes'\n"
	    "g: No\nh: maybe\ni: [x]\nj: NULL\n", 0, NULL);

	CHECK(root != NULL);
	if (root == NULL)
		return;
	CHECK(yaml_value_is_null(yaml_value_get(root, "a")) == 1);
	CHECK(yaml_value_is_null(yaml_value_get(root, "b")) == 0);
	CHECK(yaml_value_get(root, "b")->plain == 0);
	CHECK(yaml_value_is_null(yaml_value_get(root, "c")) == 1);
	CHECK(yaml_value_is_null(yaml_value_get(root, "d")) == 1);
	CHECK(yaml_value_is_null(yaml_value_get(root, "j")) == 1);
	CHECK(yaml_value_is_null(yaml_value_get(root, "h")) == 0);
	CHECK(yaml_value_is_null(yaml_value_get(root, "i")) == 0);
	CHECK(yaml_value_boolean(yaml_value_get(root, "e")) == 1);
	CHECK(yaml_value_boolean(yaml_value_get(root, "f")) == -1);
	CHECK(yaml_value_boolean(yaml_value_get(root, "g")) == 0);
	CHECK(yaml_value_boolean(yaml_value_get(root, "h")) == -1);
	CHECK(yaml_value_boolean(yaml_value_get(root, "i")) == -1);
	CHECK(yaml_value_boolean(yaml_value_get(root, "a")) == -1);
	CHECK_STR(yaml_value_kind_name(YAML_VALUE_SCALAR), "a string");
	CHECK_STR(yaml_value_kind_name(YAML_VALUE_SEQUENCE), "a list");
	CHECK_STR(yaml_value_kind_name(YAML_VALUE_MAPPING), "a mapping");
	yaml_value_free(root);
	yaml_value_free(NULL);
}

static void
S_check_empty_mapping(const char *text, int line_offset)
{
	struct yaml_value *root = yaml_value_load("a.md", line_offset, text, strlen(text), NULL);

	CHECK(root != NULL && root->kind == YAML_VALUE_MAPPING && root->count == 0);
	CHECK(root != NULL && root->line == 1 + line_offset && root->column == 1);
	yaml_value_free(root);
}

static void
S_test_empty(void)
{
	struct yaml_value *root;

	S_check_empty_mapping("", 0);
	S_check_empty_mapping("", 1);
	S_check_empty_mapping("# only a comment\n", 0);
	S_check_empty_mapping("~\n", 3);
	S_check_empty_mapping("---\n...\n", 0);
	root = yaml_value_load("a.md", 0, NULL, 0, NULL);
	CHECK(root != NULL && root->kind == YAML_VALUE_MAPPING && root->count == 0);
	yaml_value_free(root);
	/* Not NUL-terminated: only len bytes are read. */
	root = yaml_value_load("a.md", 0, "a: 1XXXX", 4, NULL);
	CHECK(root != NULL && root->count == 2);
	CHECK_STR(root ? yaml_value_get(root, "a")->scalar : NULL, "1");
	yaml_value_free(root);
	/* A quoted "null" is a string, so the document is not empty. */
	root = S_load("'null'\n", 0, NULL);
	CHECK(root != NULL && root->kind == YAML_VALUE_SCALAR);
	CHECK_STR(root ? root->scalar : NULL, "null");
	yaml_value_free(root);
}

static void
S_test_aliases(void)
{
	struct yaml_value *root = S_load("base: &b {lang: en, n: [1, 2]}\ncopy: *b\n"
	    "name: &s hi\nagain: *s\n*s : as key\n", 0, NULL);
	const struct yaml_value *base, *copy, *again;

	CHECK(root != NULL);
	if (root == NULL)
		return;
	base = yaml_value_get(root, "base");
	copy = yaml_value_get(root, "copy");
	CHECK(copy != NULL && copy->kind == YAML_VALUE_MAPPING && copy->count == 4);
	CHECK(copy != base);
	CHECK(copy != NULL && copy->line == 2 && copy->column == 7);
	CHECK_STR(yaml_value_get(copy, "lang")->scalar, "en");
	CHECK(yaml_value_get(copy, "lang") != yaml_value_get(base, "lang"));
	CHECK(yaml_value_get(copy, "lang")->line == 1);
	CHECK(yaml_value_get(copy, "n")->count == 2);
	CHECK_STR(yaml_value_get(copy, "n")->items[1]->scalar, "2");
	again = yaml_value_get(root, "again");
	CHECK_STR(again ? again->scalar : NULL, "hi");
	CHECK(again != NULL && again->plain && again->line == 4 && again->column == 8);
	CHECK_STR(yaml_value_get(root, "hi") ? yaml_value_get(root, "hi")->scalar : NULL,
	    "as key");
	yaml_value_free(root);

	/* A later anchor of the same name replaces the earlier one. */
	root = S_load("a: &x one\nb: &x two\nc: *x\n", 0, NULL);
	CHECK_STR(root ? yaml_value_get(root, "c")->scalar : NULL, "two");
	yaml_value_free(root);
}

static void
S_test_node_limit(void)
{
	struct yaml_limits limits = { 11, 0 };
	struct yaml_value *root;
	char messages[512];

	/* root, key, list and 3 items, key, copy of 4: exactly 11 values. */
	root = S_load("a: &a [1, 2, 3]\nb: *a\n", 0, &limits);
	CHECK(root != NULL && yaml_value_get(root, "b")->count == 3);
	yaml_value_free(root);
	limits.max_nodes = 10;
	root = S_load_capturing("a: &a [1, 2, 3]\nb: *a\n", 0, &limits, messages,
	    sizeof(messages));
	CHECK(root == NULL);
	CHECK(strstr(messages, "a.md:2:4: error: YAML alias expansion exceeds the limit of "
	    "10 values") != NULL);
	yaml_value_free(root);
	limits.max_nodes = 3;
	root = S_load_capturing("[1, 2, 3]\n", 0, &limits, messages, sizeof(messages));
	CHECK(root == NULL);
	CHECK(strstr(messages, "a.md:1:8: error: YAML document exceeds the limit of 3 values")
	    != NULL);
}

static char *
S_billion_laughs(void)
{
	struct buffer text = { 0 };
	int level, i;

	buffer_puts(&text, "a: &a [\"lol\"");
	for (i = 1; i < 9; i++)
		buffer_puts(&text, ", \"lol\"");
	buffer_puts(&text, "]\n");
	for (level = 1; level < 10; level++) {
		buffer_printf(&text, "%c: &%c [*%c", 'a' + level, 'a' + level, 'a' + level - 1);
		for (i = 1; i < 9; i++)
			buffer_printf(&text, ", *%c", 'a' + level - 1);
		buffer_puts(&text, "]\n");
	}
	return buffer_release(&text);
}

static void
S_test_billion_laughs(void)
{
	char *text = S_billion_laughs();
	char messages[512];
	struct yaml_value *root;

	/* No timing assertion: the limit is what stops the bomb, and that is what is checked. */
	root = S_load_capturing(text, 0, NULL, messages, sizeof(messages));
	CHECK(root == NULL);
	CHECK(strstr(messages, "error: YAML alias expansion exceeds the limit of 100000 values")
	    != NULL);
	yaml_value_free(root);
	free(text);
}

/* One long string copied many times: few values, but gigabytes of text. */
static void
S_test_long_text_bomb(void)
{
	struct buffer text = { 0 };
	struct yaml_value *root;
	size_t i;

	buffer_puts(&text, "a: &a ");
	for (i = 0; i < 1024 * 1024; i++)
		buffer_putc(&text, 'x');
	buffer_puts(&text, "\nb: [*a");
	for (i = 0; i < 1000; i++)
		buffer_puts(&text, ", *a");
	buffer_puts(&text, "]\n");
	/* No timing assertion: a hang would stop the suite, and speed is measured elsewhere. */
	root = S_load(text.data, 0, NULL);
	CHECK(root == NULL);
	yaml_value_free(root);
	buffer_free(&text);
}

static char *
S_nested(size_t depth)
{
	char *text = xmalloc(2 * depth + 2);
	size_t i;

	for (i = 0; i < depth; i++) {
		text[i] = '[';
		text[depth + i] = ']';
	}
	text[2 * depth] = '\n';
	text[2 * depth + 1] = '\0';
	return text;
}

static void
S_test_depth(void)
{
	struct yaml_limits limits = { 0, 3 };
	struct yaml_value *root;
	char *text;

	text = S_nested(64);
	root = S_load(text, 0, NULL);
	CHECK(root != NULL && root->kind == YAML_VALUE_SEQUENCE && root->count == 1);
	yaml_value_free(root);
	free(text);
	text = S_nested(65);
	CHECK(S_load(text, 0, NULL) == NULL);
	free(text);
	text = S_nested(100000);
	CHECK(S_load(text, 0, NULL) == NULL);
	free(text);
	/* An alias counts the nesting it brings along. */
	root = S_load("a: &a [[x]]\nb: *a\n", 0, &limits);
	CHECK(root != NULL);
	yaml_value_free(root);
	CHECK(S_load("a: &a [[x]]\nb: [*a]\n", 0, &limits) == NULL);
}

static void
S_test_errors(void)
{
	char messages[512];
	struct yaml_value *root;
	int errors = diag_error_count();

	root = S_load_capturing("a: *nope\n", 0, NULL, messages, sizeof(messages));
	CHECK(root == NULL);
	CHECK(strstr(messages, "a.md:1:4: error: YAML alias '*nope' refers to an unknown anchor")
	    != NULL);
	CHECK(S_load("a: &x [1, *x]\n", 0, NULL) == NULL);

	root = S_load_capturing("title: x\na: b: c\n", 1, NULL, messages, sizeof(messages));
	CHECK(root == NULL);
	CHECK_STR(messages, "kagama-epub: a.md:3:5: error: YAML: mapping values are not allowed "
	    "in this context\n");
	root = S_load_capturing("a: [1, 2\n", 0, NULL, messages, sizeof(messages));
	CHECK(root == NULL);
	CHECK(strstr(messages, "error: YAML: ") != NULL);

	root = S_load_capturing("a: 1\n---\nb: 2\n", 0, NULL, messages, sizeof(messages));
	CHECK(root == NULL);
	CHECK_STR(messages, "kagama-epub: a.md:2:1: error: more than one YAML document\n");

	root = S_load_capturing("? [a]\n: 1\n", 0, NULL, messages, sizeof(messages));
	CHECK(root == NULL);
	CHECK(strstr(messages, "a.md:1:3: error: mapping keys must be strings") != NULL);
	CHECK(S_load("a: &m {x: 1}\n*m : 2\n", 0, NULL) == NULL);

	root = S_load_capturing("a: \"x\\0y\"\n", 0, NULL, messages, sizeof(messages));
	CHECK(root == NULL);
	CHECK(strstr(messages, "a.md:1:4: error: YAML: a string contains a NUL") != NULL);

	root = S_load_capturing("a: 1\nb: \xff\n", 0, NULL, messages, sizeof(messages));
	CHECK(root == NULL);
	CHECK(strstr(messages, "a.md:2:4: error: YAML: invalid leading UTF-8 octet") != NULL);
	CHECK(diag_error_count() > errors);
}

static void
S_test_long_scalar(void)
{
	struct buffer text = { 0 };
	struct yaml_value *root;
	const struct yaml_value *big;
	size_t i;

	buffer_puts(&text, "big: \"");
	for (i = 0; i < 1024 * 1024; i++)
		buffer_putc(&text, (char)('a' + i % 26));
	buffer_puts(&text, "\"\nplain: ");
	for (i = 0; i < 1024 * 1024; i++)
		buffer_putc(&text, 'z');
	buffer_puts(&text, "\n");
	root = S_load(text.data, 0, NULL);
	CHECK(root != NULL);
	big = yaml_value_get(root, "big");
	CHECK(big != NULL && strlen(big->scalar) == 1024 * 1024 && !big->plain);
	CHECK(big != NULL && big->scalar[1024 * 1024 - 1] == 'a' + (1024 * 1024 - 1) % 26);
	big = yaml_value_get(root, "plain");
	CHECK(big != NULL && strlen(big->scalar) == 1024 * 1024 && big->plain);
	yaml_value_free(root);
	buffer_free(&text);
}

static void
S_test_duplicate_key(void)
{
	char messages[512];
	struct yaml_value *root;
	int warnings = diag_warning_count();

	root = S_load_capturing("a: 1\nb: 2\na: 3\n", 0, NULL, messages, sizeof(messages));
	CHECK(root != NULL && root->count == 6);
	CHECK_STR(root ? yaml_value_get(root, "a")->scalar : NULL, "1");
	CHECK(diag_warning_count() == warnings + 1);
	CHECK_STR(messages, "kagama-epub: a.md:3:1: warning: duplicate key 'a' [duplicate-key]\n");
	yaml_value_free(root);
}

void
test_yaml_value(void)
{
	S_test_mapping_positions();
	S_test_sequences_and_nesting();
	S_test_scalar_helpers();
	S_test_empty();
	S_test_aliases();
	S_test_node_limit();
	S_test_billion_laughs();
	S_test_long_text_bomb();
	S_test_depth();
	S_test_errors();
	S_test_long_scalar();
	S_test_duplicate_key();
}
