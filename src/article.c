/* article.c - one article file: encoding checks (UTF-8 only, line:col of the first bad byte),
 * YAML front matter through libyaml, the Markdown body through cmark.  Called by main.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "config.h"
#include "diag.h"
#include "util.h"

#define CMARK_PARSE_OPTIONS (CMARK_OPT_SMART | CMARK_OPT_SOURCEPOS)

/* Reads the whole file, refusing more than limit bytes; NULL after reporting. */
static char *
S_slurp(const char *path, size_t limit, size_t *length)
{
	struct buffer buffer = { 0 };
	char chunk[65536];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		diag_report(DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buffer.length + n > limit) {
			diag_report(DIAG_ERROR, path, 0, 0,
			    "larger than the limit of %zu bytes (--max-article-size)", limit);
			goto fail;
		}
		buffer_append(&buffer, chunk, n);
	}
	if (ferror(f)) {
		diag_system(path, "cannot read: %s", strerror(errno));
		goto fail;
	}
	fclose(f);
	*length = buffer.length;
	return buffer_release(&buffer);
fail:
	fclose(f);
	buffer_free(&buffer);
	return NULL;
}

/* Length of the UTF-8 sequence at p (1-4), or 0 if it is not well-formed (overlong forms,
 * surrogates and values above U+10FFFF included). */
static size_t
S_utf8_length(const unsigned char *p, size_t available)
{
	size_t n, i;
	unsigned long c;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2, c = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3, c = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4, c = p[0] & 0x07;
	else
		return 0;
	if (n > available)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
	    (n == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	return n;
}

/* Checks the text is UTF-8 and reports the first bad byte by line and column (columns count
 * characters, as editors show them).  NUL bytes are reported but cmark replaces them. */
static int
S_check_encoding(const char *path, const unsigned char *text, size_t length)
{
	size_t i = 0, n;
	int line = 1, column = 1, warned_nul = 0;

	if (length >= 2 && ((text[0] == 0xFF && text[1] == 0xFE) ||
	    (text[0] == 0xFE && text[1] == 0xFF))) {
		diag_report(DIAG_ERROR, path, 1, 1,
		    "the file is UTF-16; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)");
		return -1;
	}
	while (i < length) {
		if ((n = S_utf8_length(text + i, length - i)) == 0) {
			diag_report(DIAG_ERROR, path, line, column,
			    "invalid UTF-8 (byte 0x%02X); the file must be UTF-8", text[i]);
			return -1;
		}
		if (text[i] == '\0' && !warned_nul) {
			diag_report(DIAG_WARNING, path, line, column,
			    "NUL byte replaced by U+FFFD");
			warned_nul = 1;
		}
		if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == length || text[i + 1] != '\n'))) {
			line++;
			column = 1;
		} else if (text[i] != '\r')
			column++;
		i += n;
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

static const char *const S_author_keys[] = { "author", "authors" };

static int
S_read_front_matter(const struct options *options, struct article *article, const char *yaml,
    size_t yaml_length)
{
	struct yaml_limits limits = { options->max_yaml_nodes, options->max_nesting };
	const char *file = article->full_path;
	struct yaml_value *root;
	int status = 0;
	size_t i;

	if ((root = yaml_value_load(file, 1, yaml, yaml_length, &limits)) == NULL)
		return -1;
	if (root->kind != YAML_VALUE_MAPPING) {
		diag_report(DIAG_ERROR, file, root->line, root->column,
		    "front matter must be a mapping of keys to values, not %s",
		    yaml_value_kind_name(root->kind));
		yaml_value_free(root);
		return -1;
	}
	status |= config_string(file, "title", yaml_value_get(root, "title"), &article->title);
	status |= config_string(file, "subtitle", yaml_value_get(root, "subtitle"),
	    &article->subtitle);
	for (i = 0; i < sizeof(S_author_keys) / sizeof(S_author_keys[0]); i++)
		status |= config_strings(file, S_author_keys[i],
		    yaml_value_get(root, S_author_keys[i]), &article->authors,
		    &article->author_count);
	status |= config_string(file, "date", yaml_value_get(root, "date"), &article->date);
	if (yaml_value_get(root, "date") != NULL)
		article->date_line = yaml_value_get(root, "date")->line;
	status |= config_string(file, "location", yaml_value_get(root, "location"),
	    &article->location);
	status |= config_string(file, "lang", yaml_value_get(root, "lang"), &article->language);
	yaml_value_free(root);
	return status < 0 ? -1 : 0;
}

cmark_node *
article_parse(const struct options *options, struct article *article, const char *text,
    size_t length, int *line_offset)
{
	const char *yaml, *body = text;
	size_t yaml_length;
	int body_line;

	if (S_check_encoding(article->full_path, (const unsigned char *)text, length) < 0)
		return NULL;
	if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		body += 3;
	if (S_split_front_matter(article->full_path, body, length - (size_t)(body - text), &yaml,
	    &yaml_length, &body, &body_line) < 0)
		return NULL;
	if (yaml != NULL && S_read_front_matter(options, article, yaml, yaml_length) < 0)
		return NULL;
	*line_offset = body_line - 1;
	return cmark_parse_document(body, length - (size_t)(body - text), CMARK_PARSE_OPTIONS);
}

cmark_node *
article_read(const struct options *options, struct article *article, int *line_offset)
{
	cmark_node *document;
	size_t length;
	char *text;

	if ((text = S_slurp(article->full_path, options->max_article_bytes, &length)) == NULL)
		return NULL;
	document = article_parse(options, article, text, length, line_offset);
	free(text);
	return document;
}
