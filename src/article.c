/* article.c - one article: its lifecycle, and reading its file: UTF-8 only (line:col of the
 * first bad byte), YAML front matter, the Markdown body through markdown.c (cmark-gfm).  Called
 * as article.h says. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "date.h"
#include "diag.h"
#include "labels.h"
#include "markdown.h"
#include "shortcode.h"
#include "site.h"
#include "utf8.h"
#include "util.h"
#include "yaml_read.h"

/* Reads the whole file, refusing more than limit bytes; NULL after reporting. */
static char *
S_slurp(const char *path, size_t limit, size_t *length)
{
	char *data;

	switch (util_file_read(path, limit, &data, length)) {
	case UTIL_READ_OK:
		return data;
	case UTIL_READ_OPEN:
		diag_report(DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
		break;
	case UTIL_READ_TOO_BIG:
		diag_report(DIAG_ERROR, path, 0, 0,
		    "larger than the limit of %zu bytes (--max-article-size)", limit);
		break;
	case UTIL_READ_READ:
		diag_system(path, "cannot read: %s", strerror(errno));
		break;
	}
	return NULL;
}

/* Checks the text is UTF-8 and reports the first bad byte by line and column (columns count
 * characters, as editors show them).  NUL bytes are reported but cmark replaces them. */
static int
S_check_encoding(const char *path, const unsigned char *text, size_t length)
{
	size_t i = 0;
	uint32_t code_point;
	int n, line = 1, column = 1, warned_nul = 0;

	if (length >= 2 && ((text[0] == 0xFF && text[1] == 0xFE) ||
	    (text[0] == 0xFE && text[1] == 0xFF))) {
		diag_report(DIAG_ERROR, path, 1, 1,
		    "the file is UTF-16; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)");
		return -1;
	}
	while (i < length) {
		if ((n = utf8_decode(text + i, length - i, &code_point)) < 0) {
			diag_report(DIAG_ERROR, path, line, column,
			    "invalid UTF-8 (byte 0x%02X); the file must be UTF-8", text[i]);
			return -1;
		}
		if (text[i] == '\0' && !warned_nul) {
			diag_warning(DIAG_CLASS_NUL_BYTE, path, line, column,
			    "NUL byte replaced by U+FFFD");
			warned_nul = 1;
		}
		if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == length || text[i + 1] != '\n'))) {
			line++;
			column = 1;
		} else if (text[i] != '\r')
			column++;
		i += (size_t)n;
	}
	return 0;
}

/* Length of the line starting at p (without its line end) and, in *next, where the next one
 * starts; LF, CRLF and lone CR all end a line. */
static size_t
S_line(const char *p, const char *end, const char **next)
{
	const char *q = p;

	while (q < end && *q != '\n' && *q != '\r')
		q++;
	*next = q;
	if (q < end && *q == '\r' && q + 1 < end && q[1] == '\n')
		*next = q + 2;
	else if (q < end)
		*next = q + 1;
	return (size_t)(q - p);
}

static int
S_is_fence(const char *p, size_t n, const char *fence)
{
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return n == 3 && memcmp(p, fence, 3) == 0;
}

/* Finds "---" front matter.  Returns 0 with *yaml and *yaml_length (NULL if there is none) and
 * *body and *body_line; -1 when the block is never closed. */
static int
S_split_front_matter(const char *path, const char *text, size_t length, const char **yaml,
    size_t *yaml_length, const char **body, int *body_line)
{
	const char *end = text + length, *start, *p, *next;
	int line;

	*yaml = NULL;
	*yaml_length = 0;
	*body = text;
	*body_line = 1;
	if (!S_is_fence(text, S_line(text, end, &start), "---"))
		return 0;
	for (p = start, line = 2; p < end; p = next, line++) {
		size_t n = S_line(p, end, &next);

		if (S_is_fence(p, n, "---") || S_is_fence(p, n, "...")) {
			*yaml = start;
			*yaml_length = (size_t)(p - start);
			*body = next;
			*body_line = line + 1;
			return 0;
		}
	}
	diag_report(DIAG_ERROR, path, 1, 1,
	    "front matter opened with '---' is never closed by a '---' line");
	return -1;
}

char *
article_title_from_path(const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path, *p = name;
	char *title, *q;

	/* A page bundle's index.md is named after its folder. */
	if ((strcmp(name, "index.md") == 0 || strcmp(name, "index.markdown") == 0) && name != path) {
		char *folder = xstrndup(path, (size_t)(name - path - 1));

		title = article_title_from_path(folder);
		free(folder);
		return title;
	}

	while (*p >= '0' && *p <= '9')
		p++;
	if (p != name && (*p == '-' || *p == '_' || *p == ' ')) {
		while (*p == '-' || *p == '_' || *p == ' ')
			p++;
	} else
		p = name;
	title = xstrdup(*p != '\0' && *p != '.' ? p : name);
	if ((q = strrchr(title, '.')) != NULL && q != title)
		*q = '\0';
	for (q = title; *q != '\0'; q++)
		if (*q == '-' || *q == '_')
			*q = ' ';
	if (title[0] >= 'a' && title[0] <= 'z')
		title[0] = (char)(title[0] - 'a' + 'A');
	return title;
}

/* The first of several spellings that is present: exporters disagree on key names. */
static const struct yaml_value *
S_first_of(const struct yaml_value *root, const char *const *keys, const char **found)
{
	const struct yaml_value *value;

	for (; *keys != NULL; keys++)
		if ((value = yaml_value_get(root, *keys)) != NULL) {
			*found = *keys;
			return value;
		}
	*found = keys[-1];
	return NULL;
}

static int
S_string_of(const char *file, const struct yaml_value *root, const char *const *keys,
    char **out, int *line)
{
	const char *key;
	const struct yaml_value *value = S_first_of(root, keys, &key);

	if (value != NULL && line != NULL)
		*line = value->line;
	return yaml_read_string(file, key, value, out);
}

static const char *const S_author_keys[] = { "author", "authors", NULL };
static const char *const S_tag_keys[] = { "tags", "categories", "keywords", NULL };
static const char *const S_image_keys[] = { "image", "img", "cover", "featured_image", NULL };
static const char *const S_caption_keys[] = { "caption", "image_caption", NULL };
static const char *const S_credit_keys[] = { "credit", "image_credit", NULL };
static const char *const S_alt_keys[] = { "alt", "image_alt", NULL };
static const char *const S_summary_keys[] = { "description", "excerpt", "summary", NULL };
static const char *const S_order_keys[] = { "order", "weight", NULL };
static const char *const S_language_keys[] = { "lang", "language", NULL };

/* A lead image may be a path, or a mapping {src|path|url, caption, credit, alt} as some
 * site generators write it. */
static int
S_lead_image(const char *file, const struct yaml_value *root, struct article *article)
{
	const char *key;
	const struct yaml_value *value = S_first_of(root, S_image_keys, &key);
	int status = 0;

	if (value == NULL || yaml_value_is_null(value))
		return 0;
	article->image_line = value->line;
	if (value->kind == YAML_VALUE_MAPPING) {
		static const char *const source_keys[] = { "src", "path", "url", "file", NULL };

		status |= S_string_of(file, value, source_keys, &article->image, NULL);
		status |= S_string_of(file, value, S_caption_keys, &article->image_caption, NULL);
		status |= S_string_of(file, value, S_credit_keys, &article->image_credit, NULL);
		status |= S_string_of(file, value, S_alt_keys, &article->image_alt, NULL);
		return status;
	}
	return yaml_read_string(file, key, value, &article->image);
}

static int
S_order(const char *file, const struct yaml_value *root, struct article *article)
{
	const char *key;
	const struct yaml_value *value = S_first_of(root, S_order_keys, &key);
	char *end;

	if (value == NULL || yaml_value_is_null(value))
		return 0;
	if (value->kind == YAML_VALUE_SCALAR) {
		article->order = strtod(value->scalar, &end);
		if (end != value->scalar && *end == '\0') {
			article->has_order = 1;
			return 0;
		}
	}
	diag_report(DIAG_ERROR, file, value->line, value->column, "'%s' must be a number", key);
	return -1;
}

static int
S_read_front_matter(const struct options *options, struct article *article, const char *yaml,
    size_t yaml_length)
{
	static const char *const title[] = { "title", NULL }, *const subtitle[] = { "subtitle", NULL };
	static const char *const date[] = { "date", NULL }, *const location[] = { "location",
	    "dateline", NULL }, *const source[] = { "source", "original_url", NULL };
	struct yaml_limits limits = { options->max_yaml_nodes, options->max_nesting };
	const char *file = article->full_path, *key;
	struct yaml_value *root;
	int status = 0;

	if ((root = yaml_value_load(file, 1, yaml, yaml_length, &limits)) == NULL)
		return -1;
	if (root->kind != YAML_VALUE_MAPPING) {
		diag_report(DIAG_ERROR, file, root->line, root->column,
		    "front matter must be a mapping of keys to values, not %s",
		    yaml_value_kind_name(root->kind));
		yaml_value_free(root);
		return -1;
	}
	status |= S_string_of(file, root, title, &article->title, NULL);
	status |= S_string_of(file, root, subtitle, &article->subtitle, NULL);
	status |= yaml_read_names(file, "author", S_first_of(root, S_author_keys, &key),
	    &article->authors, &article->author_count);
	status |= S_string_of(file, root, date, &article->date, &article->date_line);
	status |= S_string_of(file, root, location, &article->location, NULL);
	status |= S_string_of(file, root, S_language_keys, &article->language, NULL);
	status |= S_string_of(file, root, source, &article->source, NULL);
	status |= S_string_of(file, root, S_summary_keys, &article->description, NULL);
	status |= yaml_read_strings(file, "tags", S_first_of(root, S_tag_keys, &key),
	    &article->tags, &article->tag_count);
	status |= S_lead_image(file, root, article);
	status |= S_string_of(file, root, S_caption_keys, &article->image_caption, NULL);
	status |= S_string_of(file, root, S_credit_keys, &article->image_credit, NULL);
	status |= S_string_of(file, root, S_alt_keys, &article->image_alt, NULL);
	status |= yaml_read_boolean(file, "draft", yaml_value_get(root, "draft"), &article->draft);
	status |= S_order(file, root, article);
	status |= site_read_front_matter(file, root, article);
	yaml_value_free(root);
	return status < 0 ? -1 : 0;
}

/* ISO 8601 stays as written (its time may be shown); another form Jekyll or Hugo understands
 * becomes YYYY-MM-DD; without a date, a Jekyll post's file name gives it.  Anything else stays
 * as written (chapter.c warns). */
static void
S_settle_date(struct article *article)
{
	struct date date;
	const char *rest;
	char *shown, *iso = NULL;

	if (article->date != NULL && (shown = labels_format_date(labels_default(), article->date,
	    &iso)) != NULL) {
		free(shown);
		free(iso);
		return;
	}
	if (article->date != NULL ? date_parse(article->date, &date) < 0 :
	    date_from_file_name(article->path, &date, &rest) < 0)
		return;
	free(article->date);
	article->date = date_iso(&date);
}

/* Checks the encoding and reads the front matter; records where the body starts. */
static int
S_parse_head(const struct options *options, struct article *article, const char *text,
    size_t length)
{
	const char *yaml, *body = text;
	size_t yaml_length;
	int body_line;

	if (S_check_encoding(article->full_path, (const unsigned char *)text, length) < 0)
		return -1;
	if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		body += 3;
	if (S_split_front_matter(article->full_path, body, length - (size_t)(body - text), &yaml,
	    &yaml_length, &body, &body_line) < 0)
		return -1;
	if (yaml != NULL && S_read_front_matter(options, article, yaml, yaml_length) < 0)
		return -1;
	S_settle_date(article);
	article->body_offset = (size_t)(body - text);
	article->line_offset = body_line - 1;
	return 0;
}

int
article_read_meta(const struct options *options, struct article *article)
{
	size_t length;
	char *text;
	int status;

	if ((text = S_slurp(article->full_path, options->max_article_bytes, &length)) == NULL) {
		article->unreadable = 1;
		return -1;
	}
	status = S_parse_head(options, article, text, length);
	free(text);
	if (status < 0)
		article->unreadable = 1;
	return status;
}

cmark_node *
article_read_body(const struct options *options, struct article *article)
{
	cmark_node *document = NULL;
	size_t length;
	char *text, *body;

	if ((text = S_slurp(article->full_path, options->max_article_bytes, &length)) == NULL)
		return NULL;
	if (length < article->body_offset) {
		diag_system(article->full_path, "the file changed while it was being read");
		free(text);
		return NULL;
	}
	length -= article->body_offset;
	body = xstrndup(text + article->body_offset, length);
	free(text);
	body = shortcode_expand(options, article, body, &length, options->remove_template_tags);
	document = markdown_parse(options, article->full_path, article->line_offset, body, length);
	free(body);
	return document;
}

cmark_node *
article_parse(const struct options *options, struct article *article, const char *text,
    size_t length)
{
	cmark_node *document;
	char *body;

	if (S_parse_head(options, article, text, length) < 0)
		return NULL;
	/* The same passes as article_read_body(), so that the fuzzer reaches the shortcodes. */
	length -= article->body_offset;
	body = xstrndup(text + article->body_offset, length);
	body = shortcode_expand(options, article, body, &length, options->remove_template_tags);
	document = markdown_parse(options, article->full_path, article->line_offset, body,
	    length);
	free(body);
	return document;
}

struct article *
article_new(const char *path, const char *full_path)
{
	struct article *article = xcalloc(1, sizeof(*article));

	article->path = xstrdup(path);
	article->full_path = xstrdup(full_path);
	article->ids = xmlHashCreate(16);
	return article;
}

void
article_free(struct article *article)
{
	size_t i;

	if (article == NULL)
		return;
	free(article->path);
	free(article->full_path);
	free(article->file_name);
	free(article->title);
	free(article->title_id);
	free(article->subtitle);
	util_strings_free(article->authors, article->author_count);
	free(article->date);
	free(article->location);
	free(article->language);
	free(article->source);
	free(article->description);
	util_strings_free(article->tags, article->tag_count);
	free(article->slug);
	free(article->wordpress_id);
	util_strings_free(article->categories, article->category_count);
	util_strings_free(article->urls, article->url_count);
	for (i = 0; i < article->unknown_tag_count; i++) {
		free(article->unknown_tags[i].name);
		free(article->unknown_tags[i].text);
	}
	free(article->unknown_tags);
	free(article->image);
	free(article->image_caption);
	free(article->image_credit);
	free(article->image_alt);
	for (i = 0; i < article->heading_count; i++) {
		free(article->headings[i].id);
		free(article->headings[i].text);
	}
	free(article->headings);
	xmlHashFree(article->ids, NULL);
	xmlFreeDoc(article->document);
	free(article->xhtml);
	free(article->chapter.data);
	for (i = 0; i < article->part_count; i++) {
		free(article->parts[i].file_name);
		free(article->parts[i].chapter.data);
	}
	free(article->parts);
	xmlHashFree(article->part_of_id, NULL);
	free(article);
}
