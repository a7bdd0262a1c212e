/* yaml_value.c - turns libyaml's event stream into the yaml_value tree: positions, aliases
 * expanded by copying under node/depth limits, one document only.  Called through yaml_value.h. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "diag.h"
#include "util.h"
#include "yaml_value.h"

static const size_t S_default_max_nodes = 100000;
static const size_t S_default_max_depth = 64;
/* The node limit alone would let one long anchored string be copied max_nodes times, so the
 * text that aliases copy has a ceiling of its own. */
static const size_t S_max_alias_bytes = (size_t)64 << 20;
/* Longest key quoted in a duplicate-key warning. */
static const size_t S_max_shown_key = 60;

/* A value that carried an anchor, with what copying it costs. */
struct S_anchor {
	char			*name;
	const struct yaml_value	*value;		/* points into the tree being built */
	size_t			 nodes;		/* values in the subtree */
	size_t			 bytes;		/* scalar text in the subtree */
	size_t			 height;	/* nesting levels inside, 0 for a scalar */
	size_t			 next;		/* 1 + index of next; 0 ends */
};

/* A sequence or mapping whose end event has not come yet. */
struct S_frame {
	struct yaml_value	*value;		/* already attached to its parent */
	char			*anchor;	/* NULL if none */
	size_t			 capacity;	/* of value->items */
	size_t			 nodes_before;	/* loader->nodes before it */
	size_t			 bytes_before;
	size_t			 child_height;	/* greatest height among its children */
};

struct S_loader {
	const char		*file;
	int			 line_offset;
	size_t			 max_nodes;
	size_t			 max_depth;
	size_t			 nodes;		/* values created, copies included */
	size_t			 bytes;		/* scalar text, copies included */
	size_t			 alias_bytes;	/* scalar text created by copies */
	int			 documents;
	struct yaml_value	*root;		/* owned until handed to the caller */
	struct S_frame		*frames;
	size_t			 depth;
	size_t			 frames_capacity;
	struct S_anchor		*anchors;
	size_t			 anchor_count;
	size_t			 anchors_capacity;
	size_t			*buckets;	/* 1 + index of newest anchor; 0 none */
	size_t			 bucket_count;	/* a power of two */
};

static int
S_clamp(size_t zero_based, int offset)
{
	long long n = zero_based > INT_MAX ? INT_MAX : (long long)zero_based;

	n += 1 + (long long)offset;
	return n > INT_MAX ? INT_MAX : n < 1 ? 1 : (int)n;
}

static int
S_line(const struct S_loader *loader, const yaml_mark_t *mark)
{
	return S_clamp(mark->line, loader->line_offset);
}

static int
S_column(const yaml_mark_t *mark)
{
	return S_clamp(mark->column, 0);
}

/* Reports an error at mark; returns -1 for the caller to pass on. */
static int
S_fail(const struct S_loader *loader, const yaml_mark_t *mark, const char *format, ...)
{
	char *message;
	va_list ap;
	int length;

	va_start(ap, format);
	length = vsnprintf(NULL, 0, format, ap);
	va_end(ap);
	message = xmalloc((size_t)(length > 0 ? length : 0) + 1);
	va_start(ap, format);
	vsnprintf(message, (size_t)(length > 0 ? length : 0) + 1, format, ap);
	va_end(ap);
	diag_report(DIAG_ERROR, loader->file, S_line(loader, mark), S_column(mark), "%s", message);
	free(message);
	return -1;
}

static struct yaml_value *
S_value_new(enum yaml_value_kind kind, int line, int column)
{
	struct yaml_value *value = xcalloc(1, sizeof(*value));

	value->kind = kind;
	value->line = line;
	value->column = column;
	return value;
}

/* Aliases are checked against their limits before this runs, so it never fails. */
static struct yaml_value *
S_value_copy(const struct yaml_value *from)
{
	struct yaml_value *to = S_value_new(from->kind, from->line, from->column);
	size_t i;

	to->plain = from->plain;
	if (from->scalar != NULL)
		to->scalar = xstrdup(from->scalar);
	if (from->count > 0) {
		to->items = xmalloc(from->count * sizeof(*to->items));
		for (i = 0; i < from->count; i++)
			to->items[i] = S_value_copy(from->items[i]);
		to->count = from->count;
	}
	return to;
}

static size_t
S_hash(const char *name)
{
	size_t hash = 2166136261u;

	for (; *name != '\0'; name++)
		hash = (hash ^ (unsigned char)*name) * 16777619u;
	return hash;
}

/* Rebuilds the buckets in definition order, so the newest anchor of a name heads its chain. */
static void
S_anchors_rehash(struct S_loader *loader)
{
	size_t i, bucket;

	if (loader->bucket_count == 0)
		loader->bucket_count = 64;
	while (loader->bucket_count < loader->anchor_count)
		loader->bucket_count *= 2;
	free(loader->buckets);
	loader->buckets = xcalloc(loader->bucket_count, sizeof(*loader->buckets));
	for (i = 0; i < loader->anchor_count; i++) {
		bucket = S_hash(loader->anchors[i].name) & (loader->bucket_count - 1);
		loader->anchors[i].next = loader->buckets[bucket];
		loader->buckets[bucket] = i + 1;
	}
}

/* Takes ownership of name.  A later anchor of the same name hides the earlier one. */
static void
S_anchor_add(struct S_loader *loader, char *name, const struct yaml_value *value, size_t nodes,
    size_t bytes, size_t height)
{
	struct S_anchor *anchor;
	size_t bucket;

	xgrow(&loader->anchors, &loader->anchors_capacity, loader->anchor_count + 1,
	    sizeof(*loader->anchors));
	anchor = &loader->anchors[loader->anchor_count++];
	anchor->name = name;
	anchor->value = value;
	anchor->nodes = nodes;
	anchor->bytes = bytes;
	anchor->height = height;
	if (loader->anchor_count > loader->bucket_count) {
		S_anchors_rehash(loader);
		return;
	}
	bucket = S_hash(name) & (loader->bucket_count - 1);
	anchor->next = loader->buckets[bucket];
	loader->buckets[bucket] = loader->anchor_count;
}

static const struct S_anchor *
S_anchor_find(const struct S_loader *loader, const char *name)
{
	size_t at;

	if (loader->bucket_count == 0)
		return NULL;
	at = loader->buckets[S_hash(name) & (loader->bucket_count - 1)];
	for (; at != 0; at = loader->anchors[at - 1].next)
		if (strcmp(loader->anchors[at - 1].name, name) == 0)
			return &loader->anchors[at - 1];
	return NULL;
}

/* An anchor on a collection still open: an alias to it would have to contain itself. */
static int
S_anchor_is_open(const struct S_loader *loader, const char *name)
{
	size_t i;

	for (i = 0; i < loader->depth; i++)
		if (loader->frames[i].anchor != NULL && strcmp(loader->frames[i].anchor, name) == 0)
			return 1;
	return 0;
}

static struct S_frame *
S_top(struct S_loader *loader)
{
	return loader->depth > 0 ? &loader->frames[loader->depth - 1] : NULL;
}

/* Refuses a sequence or mapping (or an alias to one) where a mapping key is due. */
static int
S_check_key(struct S_loader *loader, enum yaml_value_kind kind, const yaml_mark_t *mark)
{
	struct S_frame *top = S_top(loader);

	if (top == NULL || top->value->kind != YAML_VALUE_MAPPING || top->value->count % 2 != 0 ||
	    kind == YAML_VALUE_SCALAR)
		return 0;
	return S_fail(loader, mark, "mapping keys must be strings");
}

/* height levels of nesting placed inside the open collections must fit in max_depth. */
static int
S_check_depth(struct S_loader *loader, size_t height, const yaml_mark_t *mark)
{
	if (height <= loader->max_depth - loader->depth)
		return 0;
	return S_fail(loader, mark, "YAML nesting is deeper than the limit of %zu levels",
	    loader->max_depth);
}

static int
S_count_node(struct S_loader *loader, const yaml_mark_t *mark)
{
	if (loader->nodes < loader->max_nodes) {
		loader->nodes++;
		return 0;
	}
	return S_fail(loader, mark, "YAML document exceeds the limit of %zu values",
	    loader->max_nodes);
}

/* Puts a new value into the innermost open collection, or makes it the root. */
static void
S_attach(struct S_loader *loader, struct yaml_value *value)
{
	struct S_frame *top = S_top(loader);
	struct yaml_value *parent;

	if (top == NULL) {
		yaml_value_free(loader->root);
		loader->root = value;
		return;
	}
	parent = top->value;
	xgrow(&parent->items, &top->capacity, parent->count + 1, sizeof(*parent->items));
	parent->items[parent->count++] = value;
}

static void
S_note_height(struct S_loader *loader, size_t height)
{
	struct S_frame *top = S_top(loader);

	if (top != NULL && height > top->child_height)
		top->child_height = height;
}

static int
S_on_document(struct S_loader *loader, const yaml_event_t *event)
{
	if (loader->documents++ == 0)
		return 0;
	diag_report(DIAG_ERROR, loader->file, S_line(loader, &event->start_mark),
	    S_column(&event->start_mark), "more than one YAML document");
	return -1;
}

static int
S_on_scalar(struct S_loader *loader, const yaml_event_t *event)
{
	const yaml_mark_t *mark = &event->start_mark;
	const char *text = (const char *)event->data.scalar.value;
	size_t length = event->data.scalar.length;
	struct yaml_value *value;

	/* A "\0" escape would silently cut the string short everywhere it is used later. */
	if (length > 0 && memchr(text, '\0', length) != NULL)
		return S_fail(loader, mark, "YAML: a string contains a NUL character");
	if (S_check_key(loader, YAML_VALUE_SCALAR, mark) == -1 || S_count_node(loader, mark) == -1)
		return -1;
	value = S_value_new(YAML_VALUE_SCALAR, S_line(loader, mark), S_column(mark));
	value->scalar = xstrndup(text, length);
	value->plain = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	loader->bytes += length;
	S_attach(loader, value);
	if (event->data.scalar.anchor != NULL)
		S_anchor_add(loader, xstrdup((const char *)event->data.scalar.anchor), value, 1,
		    length, 0);
	return 0;
}

static int
S_on_open(struct S_loader *loader, const yaml_event_t *event, enum yaml_value_kind kind,
    const yaml_char_t *anchor)
{
	const yaml_mark_t *mark = &event->start_mark;
	size_t nodes_before = loader->nodes;
	struct yaml_value *value;
	struct S_frame *frame;

	if (S_check_key(loader, kind, mark) == -1 || S_check_depth(loader, 1, mark) == -1 ||
	    S_count_node(loader, mark) == -1)
		return -1;
	value = S_value_new(kind, S_line(loader, mark), S_column(mark));
	/* Attached at once, so that freeing the root on an error frees everything. */
	S_attach(loader, value);
	xgrow(&loader->frames, &loader->frames_capacity, loader->depth + 1,
	    sizeof(*loader->frames));
	frame = &loader->frames[loader->depth++];
	memset(frame, 0, sizeof(*frame));
	frame->value = value;
	frame->anchor = anchor != NULL ? xstrdup((const char *)anchor) : NULL;
	frame->nodes_before = nodes_before;
	frame->bytes_before = loader->bytes;
	return 0;
}

struct S_key {
	const char	*text;
	size_t		 index;
};

static int
S_key_compare(const void *a, const void *b)
{
	const struct S_key *x = a, *y = b;
	int order = strcmp(x->text, y->text);

	if (order != 0)
		return order;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Cuts a key for a message without splitting a UTF-8 sequence. */
static int
S_shown_length(const char *key)
{
	size_t length = strlen(key);

	if (length <= S_max_shown_key)
		return (int)length;
	length = S_max_shown_key;
	while (length > 0 && ((unsigned char)key[length] & 0xC0) == 0x80)
		length--;
	return (int)length;
}

/* Sorting, not pairwise comparison: a mapping may hold tens of thousands of keys. */
static void
S_warn_duplicates(const struct S_loader *loader, const struct yaml_value *mapping)
{
	size_t n = mapping->count / 2, i;
	struct S_key *keys;
	unsigned char *repeated;
	const struct yaml_value *key;

	if (n < 2)
		return;
	keys = xmalloc(n * sizeof(*keys));
	repeated = xcalloc(n, 1);
	for (i = 0; i < n; i++) {
		keys[i].text = mapping->items[2 * i]->scalar;
		keys[i].index = i;
	}
	qsort(keys, n, sizeof(*keys), S_key_compare);
	for (i = 1; i < n; i++)
		if (strcmp(keys[i - 1].text, keys[i].text) == 0)
			repeated[keys[i].index] = 1;
	for (i = 0; i < n; i++) {
		if (!repeated[i])
			continue;
		key = mapping->items[2 * i];
		diag_warning(DIAG_CLASS_DUPLICATE_KEY, loader->file, key->line, key->column,
		    "duplicate key '%.*s%s'", S_shown_length(key->scalar), key->scalar,
		    strlen(key->scalar) > S_max_shown_key ? "..." : "");
	}
	free(repeated);
	free(keys);
}

static void
S_on_close(struct S_loader *loader)
{
	struct S_frame *frame = &loader->frames[--loader->depth];
	size_t height = frame->child_height + 1;

	if (frame->value->kind == YAML_VALUE_MAPPING)
		S_warn_duplicates(loader, frame->value);
	/* Registered only now, complete, so a copy never sees a half-built value. */
	if (frame->anchor != NULL) {
		S_anchor_add(loader, frame->anchor, frame->value,
		    loader->nodes - frame->nodes_before, loader->bytes - frame->bytes_before,
		    height);
		frame->anchor = NULL;
	}
	S_note_height(loader, height);
}

static int
S_check_alias_cost(struct S_loader *loader, const struct S_anchor *anchor,
    const yaml_mark_t *mark)
{
	if (anchor->nodes > loader->max_nodes - loader->nodes)
		return S_fail(loader, mark, "YAML alias expansion exceeds the limit of %zu values",
		    loader->max_nodes);
	if (anchor->bytes > S_max_alias_bytes - loader->alias_bytes)
		return S_fail(loader, mark, "YAML alias expansion exceeds the limit of %zu bytes of text",
		    S_max_alias_bytes);
	return 0;
}

/* The copy's root takes the alias's position (where the value is used); the values inside
 * keep the positions of the anchored text they were copied from. */
static int
S_on_alias(struct S_loader *loader, const yaml_event_t *event)
{
	const yaml_mark_t *mark = &event->start_mark;
	const char *name = (const char *)event->data.alias.anchor;
	const struct S_anchor *anchor;
	struct yaml_value *copy;

	if (S_anchor_is_open(loader, name))
		return S_fail(loader, mark, "YAML alias '*%s' refers to a value that contains it", name);
	if ((anchor = S_anchor_find(loader, name)) == NULL)
		return S_fail(loader, mark, "YAML alias '*%s' refers to an unknown anchor", name);
	if (S_check_key(loader, anchor->value->kind, mark) == -1 ||
	    S_check_depth(loader, anchor->height, mark) == -1 ||
	    S_check_alias_cost(loader, anchor, mark) == -1)
		return -1;
	loader->nodes += anchor->nodes;
	loader->bytes += anchor->bytes;
	loader->alias_bytes += anchor->bytes;
	copy = S_value_copy(anchor->value);
	copy->line = S_line(loader, mark);
	copy->column = S_column(mark);
	S_attach(loader, copy);
	S_note_height(loader, anchor->height);
	return 0;
}

static int
S_on_event(struct S_loader *loader, const yaml_event_t *event)
{
	switch (event->type) {
	case YAML_DOCUMENT_START_EVENT:
		return S_on_document(loader, event);
	case YAML_SCALAR_EVENT:
		return S_on_scalar(loader, event);
	case YAML_ALIAS_EVENT:
		return S_on_alias(loader, event);
	case YAML_SEQUENCE_START_EVENT:
		return S_on_open(loader, event, YAML_VALUE_SEQUENCE,
		    event->data.sequence_start.anchor);
	case YAML_MAPPING_START_EVENT:
		return S_on_open(loader, event, YAML_VALUE_MAPPING,
		    event->data.mapping_start.anchor);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		S_on_close(loader);
		return 0;
	default:
		return 0;
	}
}

/* Reader errors (bad UTF-8, control characters) carry a byte offset instead of a mark. */
static yaml_mark_t
S_mark_at(const char *text, size_t len, size_t offset)
{
	yaml_mark_t mark = { offset, 0, 0 };
	size_t i;

	for (i = 0; i < offset && i < len; i++) {
		if (text[i] == '\n') {
			mark.line++;
			mark.column = 0;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80)
			mark.column++;
	}
	return mark;
}

static void
S_report_parser(const struct S_loader *loader, const yaml_parser_t *parser, const char *text,
    size_t len)
{
	yaml_mark_t mark = parser->problem_mark;
	const char *problem = parser->problem != NULL ? parser->problem : "syntax error";
	int line, column;

	if (parser->error == YAML_MEMORY_ERROR) {
		diag_system(loader->file, "YAML: out of memory");
		return;
	}
	if (parser->error == YAML_READER_ERROR)
		mark = S_mark_at(text, len, parser->problem_offset);
	line = S_line(loader, &mark);
	column = S_column(&mark);
	if (parser->context != NULL)
		diag_report(DIAG_ERROR, loader->file, line, column, "YAML: %s (%s at line %d)",
		    problem, parser->context, S_line(loader, &parser->context_mark));
	else if (parser->error == YAML_READER_ERROR && parser->problem_value != -1)
		diag_report(DIAG_ERROR, loader->file, line, column, "YAML: %s (#x%X)", problem,
		    (unsigned int)parser->problem_value);
	else
		diag_report(DIAG_ERROR, loader->file, line, column, "YAML: %s", problem);
}

static void
S_loader_init(struct S_loader *loader, const char *file, int line_offset,
    const struct yaml_limits *limits)
{
	memset(loader, 0, sizeof(*loader));
	loader->file = file;
	loader->line_offset = line_offset;
	loader->max_nodes = S_default_max_nodes;
	loader->max_depth = S_default_max_depth;
	if (limits != NULL && limits->max_nodes != 0)
		loader->max_nodes = limits->max_nodes;
	if (limits != NULL && limits->max_depth != 0)
		loader->max_depth = limits->max_depth;
}

static void
S_loader_free(struct S_loader *loader)
{
	size_t i;

	for (i = 0; i < loader->depth; i++)
		free(loader->frames[i].anchor);
	for (i = 0; i < loader->anchor_count; i++)
		free(loader->anchors[i].name);
	free(loader->frames);
	free(loader->anchors);
	free(loader->buckets);
	yaml_value_free(loader->root);
}

/* Hands the root to the caller; nothing or a bare null becomes an empty mapping. */
static struct yaml_value *
S_loader_finish(struct S_loader *loader)
{
	struct yaml_value *root = loader->root;

	loader->root = NULL;
	if (root == NULL || yaml_value_is_null(root)) {
		yaml_value_free(root);
		root = S_value_new(YAML_VALUE_MAPPING, S_clamp(0, loader->line_offset), 1);
	}
	return root;
}

struct yaml_value *
yaml_value_load(const char *file, int line_offset, const char *text, size_t len,
    const struct yaml_limits *limits)
{
	struct S_loader loader;
	yaml_parser_t parser;
	yaml_event_t event;
	struct yaml_value *result = NULL;
	int finished = 0, status;

	S_loader_init(&loader, file, line_offset, limits);
	if (!yaml_parser_initialize(&parser)) {
		diag_system(file, "YAML: out of memory");
		return NULL;
	}
	/* libyaml asserts on a NULL input even when it is empty. */
	yaml_parser_set_input_string(&parser, (const unsigned char *)(text != NULL ? text : ""),
	    text != NULL ? len : 0);
	while (!finished) {
		if (!yaml_parser_parse(&parser, &event)) {
			S_report_parser(&loader, &parser, text, text != NULL ? len : 0);
			goto out;
		}
		finished = event.type == YAML_STREAM_END_EVENT;
		status = S_on_event(&loader, &event);
		yaml_event_delete(&event);
		if (status == -1)
			goto out;
	}
	result = S_loader_finish(&loader);
out:
	yaml_parser_delete(&parser);
	S_loader_free(&loader);
	return result;
}

void
yaml_value_free(struct yaml_value *value)
{
	size_t i;

	if (value == NULL)
		return;
	for (i = 0; i < value->count; i++)
		yaml_value_free(value->items[i]);
	free(value->items);
	free(value->scalar);
	free(value);
}

const struct yaml_value *
yaml_value_get(const struct yaml_value *mapping, const char *key)
{
	size_t i;

	if (mapping == NULL || mapping->kind != YAML_VALUE_MAPPING || key == NULL)
		return NULL;
	for (i = 0; i + 1 < mapping->count; i += 2)
		if (mapping->items[i]->scalar != NULL &&
		    strcmp(mapping->items[i]->scalar, key) == 0)
			return mapping->items[i + 1];
	return NULL;
}

static int
S_is_one_of(const char *text, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(text, *words) == 0)
			return 1;
	return 0;
}

int
yaml_value_is_null(const struct yaml_value *value)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };

	if (value == NULL || value->kind != YAML_VALUE_SCALAR || !value->plain)
		return 0;
	return S_is_one_of(value->scalar, nulls);
}

/* YAML 1.1 spellings without the one-letter y/n, which too often are meant as text. */
int
yaml_value_boolean(const struct yaml_value *value)
{
	static const char *const trues[] = { "true", "True", "TRUE", "yes", "Yes", "YES",
	    "on", "On", "ON", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", "no", "No", "NO",
	    "off", "Off", "OFF", NULL };

	if (value == NULL || value->kind != YAML_VALUE_SCALAR || !value->plain)
		return -1;
	if (S_is_one_of(value->scalar, trues))
		return 1;
	if (S_is_one_of(value->scalar, falses))
		return 0;
	return -1;
}

const char *
yaml_value_kind_name(enum yaml_value_kind kind)
{
	switch (kind) {
	case YAML_VALUE_SCALAR:
		return "a string";
	case YAML_VALUE_SEQUENCE:
		return "a list";
	case YAML_VALUE_MAPPING:
		return "a mapping";
	}
	return "a value";
}
