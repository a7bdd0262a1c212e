/* shortcode.c - Hugo, Jekyll/Liquid, Eleventy and WordPress shortcodes, and book.yaml's own,
 * turned into Markdown or raw HTML before cmark parses the body; unknown ones kept or removed
 * (template-tags:) and reported once per name.  Called by article.c and render.c. */
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "diag.h"
#include "kramdown.h"
#include "shortcode.h"
#include "util.h"

#define MAX_ARGUMENTS 16
#define MAX_TAG_BYTES 4096	/* a tag not closed within this is text */

/* One tag as written: {% name args %}, {{< name args >}}, {{% … %}}, [name args], {{ expr }}. */
struct S_tag {
	enum { TAG_LIQUID, TAG_HUGO, TAG_WORDPRESS, TAG_OUTPUT } syntax;
	const char	*start, *end;		/* the whole tag */
	const char	*inner, *inner_end;	/* between the delimiters */
	char		*name;
	int		 closing;		/* {{< /name >}}, [/name] */
	size_t		 count;
	char		*keys[MAX_ARGUMENTS];	/* NULL: positional */
	char		*values[MAX_ARGUMENTS];
};

struct S_expand {
	const struct options	*options;
	struct article		*article;
	const char		*text, *end;
	struct buffer		 out;
	xmlHashTablePtr		 reported;	/* unknown name -> its index + 1 in unknown_tags */
	xmlHashTablePtr		 unclosed;	/* paired names whose end tag is missing */
	int			 alone;		/* the tag is a line of its own */
	int			 kramdown_unclosed;	/* no "{:/" ends a kramdown extension */
	int			 remove_unknown;
};

static void
S_tag_clear(struct S_tag *tag)
{
	size_t i;

	free(tag->name);
	for (i = 0; i < tag->count; i++) {
		free(tag->keys[i]);
		free(tag->values[i]);
	}
	memset(tag, 0, sizeof(*tag));
}

static int
S_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
S_is_name(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-' || c == '.' || c == '/';
}

/* The value of a positional or named argument at *p: quoted ("", '', ``) or bare. */
static char *
S_value(const char **p, const char *end)
{
	const char *start = *p;
	char quote = **p;

	if (quote == '"' || quote == '\'' || quote == '`') {
		const char *close = memchr(start + 1, quote, (size_t)(end - start - 1));

		if (close == NULL)
			close = end;
		*p = close < end ? close + 1 : end;
		return xstrndup(start + 1, (size_t)(close - start - 1));
	}
	while (*p < end && !S_is_space(**p) && **p != ',')
		(*p)++;
	return xstrndup(start, (size_t)(*p - start));
}

/* name="v", name: "v" (Liquid include), "v", v — separated by spaces or commas. */
static void
S_arguments(struct S_tag *tag, const char *p, const char *end)
{
	while (p < end && tag->count < MAX_ARGUMENTS) {
		const char *key = p, *after;

		while (p < end && (S_is_space(*p) || *p == ','))
			p++;
		if (p >= end)
			break;
		key = p;
		while (p < end && S_is_name(*p) && *p != '/')
			p++;
		after = p;
		while (after < end && *after == ' ')
			after++;
		if (p > key && after < end && (*after == '=' || *after == ':')) {
			tag->keys[tag->count] = xstrndup(key, (size_t)(p - key));
			p = after + 1;
			while (p < end && *p == ' ')
				p++;
		} else
			p = key;
		tag->values[tag->count++] = S_value(&p, end);
	}
}

static const char *
S_named(const struct S_tag *tag, const char *const *names)
{
	size_t i;

	for (; *names != NULL; names++)
		for (i = 0; i < tag->count; i++)
			if (tag->keys[i] != NULL && strcmp(tag->keys[i], *names) == 0)
				return tag->values[i];
	return NULL;
}

/* The n-th positional argument (from 0), or NULL. */
static const char *
S_positional(const struct S_tag *tag, size_t n)
{
	size_t i;

	for (i = 0; i < tag->count; i++)
		if (tag->keys[i] == NULL && n-- == 0)
			return tag->values[i];
	return NULL;
}

/* Reads the tag opening at p into tag; 0 when there is none. */
static int
S_read_tag(const char *p, const char *end, struct S_tag *tag)
{
	size_t most = p[0] == '[' ? MAX_TAG_BYTES / 8 : MAX_TAG_BYTES;
	const char *limit = (size_t)(end - p) > most ? p + most : end, *close, *q;
	const char *open_text, *close_text;

	memset(tag, 0, sizeof(*tag));
	if (p[0] == '{' && p + 2 < limit && p[1] == '{' && (p[2] == '<' || p[2] == '%')) {
		tag->syntax = TAG_HUGO;
		open_text = p[2] == '<' ? "{{<" : "{{%";
		close_text = p[2] == '<' ? ">}}" : "%}}";
	} else if (p[0] == '{' && p + 1 < limit && p[1] == '%') {
		tag->syntax = TAG_LIQUID;
		open_text = "{%";
		close_text = "%}";
	} else if (p[0] == '{' && p + 1 < limit && p[1] == '{') {
		tag->syntax = TAG_OUTPUT;
		open_text = "{{";
		close_text = "}}";
	} else if (p[0] == '[') {
		tag->syntax = TAG_WORDPRESS;
		open_text = "[";
		close_text = "]";
	} else
		return 0;
	/* A tag ends before the paragraph does: "{" and "[" in prose cost a line, not a file.
	 * Read up to the closing text or the paragraph's end, whichever comes first: a line of
	 * 100,000 links is read once, not 512 bytes for each "[". */
	for (close = p + strlen(open_text); ; close++) {
		if ((size_t)(limit - close) < strlen(close_text))
			return 0;
		if (memcmp(close, close_text, strlen(close_text)) == 0)
			break;
		if (close + 1 < limit && close[0] == '\n' &&
		    (close[1] == '\n' || tag->syntax == TAG_WORDPRESS))
			return 0;
	}
	tag->start = p;
	tag->end = close + strlen(close_text);
	tag->inner = p + strlen(open_text);
	tag->inner_end = close;
	/* Whitespace control: {%- -%}, {{- -}}. */
	if (tag->inner < close && *tag->inner == '-')
		tag->inner++;
	if (tag->inner_end > tag->inner && tag->inner_end[-1] == '-')
		tag->inner_end--;
	for (q = tag->inner; q < tag->inner_end && S_is_space(*q); q++)
		continue;
	if (tag->syntax == TAG_OUTPUT) {
		tag->name = xstrndup(q, (size_t)(tag->inner_end - q));
		return 1;
	}
	if (q < tag->inner_end && *q == '/') {
		tag->closing = 1;
		q++;
	}
	p = q;
	while (q < tag->inner_end && S_is_name(*q) && *q != '/')
		q++;
	if (q == p)
		return 0;
	tag->name = xstrndup(p, (size_t)(q - p));
	S_arguments(tag, q, tag->inner_end);
	return 1;
}

static void
S_put_escaped(struct buffer *out, const char *text)
{
	for (; text != NULL && *text != '\0'; text++)
		switch (*text) {
		case '&': buffer_puts(out, "&amp;"); break;
		case '<': buffer_puts(out, "&lt;"); break;
		case '>': buffer_puts(out, "&gt;"); break;
		case '"': buffer_puts(out, "&quot;"); break;
		case '\n': buffer_putc(out, ' '); break;
		default: buffer_putc(out, *text);
		}
}

static void
S_put_link(struct buffer *out, const char *href, const char *text)
{
	buffer_puts(out, "<a href=\"");
	S_put_escaped(out, href);
	buffer_puts(out, "\">");
	S_put_escaped(out, text != NULL && text[0] != '\0' ? text : href);
	buffer_puts(out, "</a>");
}

/* A figure from its parts; without a caption a bare image, which chapter.c makes a figure when
 * it stands alone. */
static void
S_put_figure(struct buffer *out, const char *src, const char *alt, const char *caption,
    const char *link, int alone)
{
	int figure = caption != NULL && caption[0] != '\0';

	if (src == NULL)
		return;
	/* An image on a line of its own is a paragraph of its own, as Markdown's would be. */
	buffer_puts(out, figure ? "<figure>" : alone ? "<p>" : "");
	if (link != NULL) {
		buffer_puts(out, "<a href=\"");
		S_put_escaped(out, link);
		buffer_puts(out, "\">");
	}
	buffer_puts(out, "<img src=\"");
	S_put_escaped(out, src);
	buffer_puts(out, "\" alt=\"");
	S_put_escaped(out, alt != NULL ? alt : caption != NULL ? caption : "");
	buffer_puts(out, "\" />");
	if (link != NULL)
		buffer_puts(out, "</a>");
	if (figure) {
		buffer_puts(out, "<figcaption>");
		S_put_escaped(out, caption);
		buffer_puts(out, "</figcaption></figure>");
	} else if (alone)
		buffer_puts(out, "</p>");
}

/* Eleventy Image takes its path from the project's top, not the post's folder. */
static void
S_eleventy_image(struct buffer *out, const char *src, const char *alt, int alone)
{
	char *rooted;

	while (src[0] == '.' && src[1] == '/')
		src += 2;
	rooted = strstr(src, "://") != NULL || src[0] == '/' ? xstrdup(src) :
	    xasprintf("/%s", src);
	S_put_figure(out, rooted, alt, NULL, NULL, alone);
	free(rooted);
}

static const char *const S_src_keys[] = { "src", "image", "url", "file", "path", "img", NULL };
static const char *const S_alt_keys[] = { "alt", "alt_text", "description", NULL };
static const char *const S_caption_keys[] = { "caption", "title", NULL };
static const char *const S_link_keys[] = { "link", "href", NULL };

/* A link to another article of the book, for site.c to resolve; spaces escaped so that it
 * stays one Markdown link destination. */
static void
S_put_reference(struct buffer *out, const char *scheme, const char *target)
{
	buffer_puts(out, scheme);
	for (; target != NULL && *target != '\0'; target++)
		if (*target == ' ')
			buffer_puts(out, "%20");
		else if (*target == '"' || *target == '<' || *target == '>')
			buffer_printf(out, "%%%02X", (unsigned char)*target);
		else
			buffer_putc(out, *target);
}

/* The first site: base URL, or "" (links then stay site-absolute paths, resolved by site.c). */
static const char *
S_site(const struct S_expand *expand)
{
	return expand->options->site_count > 0 ? expand->options->sites[0] : "";
}

/* {{ site.baseurl }}, {{ site.url }}, {{ "/x" | relative_url }}, {{ "/x" | absolute_url }},
 * {{ "/x" | url }}, {{ "/x" | prepend: site.baseurl }}: 1 when the expression was one. */
static int
S_liquid_output(struct S_expand *expand, const char *expression)
{
	const char *p = expression, *bar;
	int absolute = 0;
	char *value = NULL;

	while (S_is_space(*p))
		p++;
	if (strncmp(p, "site.baseurl", 12) == 0 || strncmp(p, "site.base_url", 13) == 0)
		value = xstrdup("");
	else if (strncmp(p, "site.url", 8) == 0 && !S_is_name(p[8]))
		value = xstrdup(S_site(expand));
	else if (*p == '"' || *p == '\'') {
		value = S_value(&p, p + strlen(p));
		if ((bar = strchr(p, '|')) == NULL)
			goto fail;
		for (p = bar + 1; S_is_space(*p); p++)
			continue;
		if (strncmp(p, "absolute_url", 12) == 0)
			absolute = 1;
		else if (strncmp(p, "relative_url", 12) != 0 && strncmp(p, "url", 3) != 0 &&
		    strncmp(p, "prepend: site.baseurl", 21) != 0)
			goto fail;
	} else
		return 0;
	if (absolute)
		buffer_puts(&expand->out, S_site(expand));
	buffer_puts(&expand->out, value);
	free(value);
	return 1;
fail:
	free(value);
	return 0;
}

/* book.yaml shortcodes: the template with $1… and $name replaced by escaped arguments. */
static int
S_user_shortcode(struct S_expand *expand, const struct S_tag *tag)
{
	const struct options *options = expand->options;
	const char *p;
	size_t i, k;

	for (i = 0; i < options->shortcode_count; i++)
		if (strcmp(options->shortcode_names[i], tag->name) == 0)
			break;
	if (i == options->shortcode_count)
		return 0;
	for (p = options->shortcode_html[i]; *p != '\0'; p++) {
		size_t n = 0;
		const char *value = NULL;

		if (*p != '$') {
			buffer_putc(&expand->out, *p == '\n' ? ' ' : *p);
			continue;
		}
		while (S_is_name(p[1 + n]) && p[1 + n] != '/' && p[1 + n] != '.')
			n++;
		if (n > 0 && p[1] >= '1' && p[1] <= '9')
			value = S_positional(tag, (size_t)atoi(p + 1) - 1);
		else
			for (k = 0; n > 0 && k < tag->count; k++)
				if (tag->keys[k] != NULL && strlen(tag->keys[k]) == n &&
				    memcmp(tag->keys[k], p + 1, n) == 0)
					value = tag->values[k];
		if (n == 0)
			buffer_putc(&expand->out, '$');
		S_put_escaped(&expand->out, value);
		p += n;
	}
	return 1;
}

/* Media that the book cannot play become links to them. */
static int
S_embed(struct S_expand *expand, const struct S_tag *tag)
{
	const char *id = S_named(tag, (const char *const[]){ "id", NULL });
	const char *title = S_named(tag, (const char *const[]){ "title", NULL });
	char *href = NULL, *text;

	if (id == NULL)
		id = S_positional(tag, 0);
	if (id == NULL)
		return 0;
	if (strcmp(tag->name, "youtube") == 0)
		href = xasprintf("https://www.youtube.com/watch?v=%s", id);
	else if (strcmp(tag->name, "vimeo") == 0)
		href = xasprintf("https://vimeo.com/%s", id);
	else if (strcmp(tag->name, "tweet") == 0 || strcmp(tag->name, "x") == 0) {
		const char *user = S_named(tag, (const char *const[]){ "user", NULL });

		href = xasprintf("https://twitter.com/%s/status/%s", user ? user : "i", id);
	} else if (strcmp(tag->name, "gist") == 0 && S_positional(tag, 1) != NULL)
		href = xasprintf("https://gist.github.com/%s/%s", id, S_positional(tag, 1));
	else if (strcmp(tag->name, "instagram") == 0)
		href = xasprintf("https://www.instagram.com/p/%s/", id);
	if (href == NULL)
		return 0;
	text = title != NULL ? xstrdup(title) : xasprintf("%s %s", strcmp(tag->name, "youtube") == 0 ?
	    "YouTube video" : strcmp(tag->name, "vimeo") == 0 ? "Vimeo video" :
	    strcmp(tag->name, "gist") == 0 ? "Gist" : strcmp(tag->name, "instagram") == 0 ?
	    "Instagram post" : "Post", strcmp(tag->name, "gist") == 0 ? S_positional(tag, 1) : id);
	S_put_link(&expand->out, href, text);
	free(text);
	free(href);
	return 1;
}

/* The closing tag of a paired shortcode (endhighlight, /highlight, /caption) after from:
 * where it starts, and in *after where it ends; NULL when it is missing. */
static const char *
S_closing(const struct S_tag *open, const char *from, const char *end, const char **after)
{
	const char *opener = open->syntax == TAG_WORDPRESS ? "[" : open->syntax == TAG_LIQUID ?
	    "{%" : "{{", *closer = open->syntax == TAG_WORDPRESS ? "]" : "}}";
	char *needle = xasprintf(open->syntax == TAG_LIQUID ? "end%s" : "/%s", open->name);
	const char *found, *start, *close, *result = NULL;
	size_t n = strlen(opener);

	if (open->syntax == TAG_LIQUID)
		closer = "%}";
	for (found = from; (found = util_find(found, end, needle)) != NULL; found++) {
		start = found;
		while (start > from && (start[-1] == ' ' || start[-1] == '-' ||
		    (open->syntax == TAG_HUGO && (start[-1] == '<' || start[-1] == '%'))))
			start--;
		if ((size_t)(start - from) < n || memcmp(start - n, opener, n) != 0)
			continue;
		if ((close = util_find(found, end, closer)) == NULL)
			break;
		*after = close + strlen(closer);
		result = start - n;
		break;
	}
	free(needle);
	return result;
}

/* A fence that no run of backticks inside the code closes. */
static void
S_put_code(struct buffer *out, const char *language, const char *code, const char *code_end)
{
	size_t fence = 3, run = 0;
	const char *p;

	for (p = code; p < code_end; p++)
		if (*p == '`' && ++run >= fence)
			fence = run + 1;
		else if (*p != '`')
			run = 0;
	/* A fence opens a line. */
	if (out->length > 0 && out->data[out->length - 1] != '\n')
		buffer_putc(out, '\n');
	for (run = 0; run < fence; run++)
		buffer_putc(out, '`');
	buffer_puts(out, language != NULL ? language : "");
	if (code < code_end && *code != '\n' && *code != '\r')
		buffer_putc(out, '\n');
	buffer_append(out, code, (size_t)(code_end - code));
	if (code_end > code && code_end[-1] != '\n')
		buffer_putc(out, '\n');
	for (run = 0; run < fence; run++)
		buffer_putc(out, '`');
}

/* [caption]<img …> Text[/caption]: the markup before the text, the text as figcaption. */
static void
S_put_caption(struct buffer *out, const struct S_tag *tag, const char *inner,
    const char *inner_end)
{
	const char *caption = S_named(tag, (const char *const[]){ "caption", NULL });
	const char *split = inner, *q;
	char *text;

	while (split < inner_end && S_is_space(*split))
		split++;
	if (split < inner_end && *split == '<') {
		q = util_find(split, inner_end, "</a>");
		if (strncmp(split, "<a", 2) == 0 && q != NULL)
			split = q + 4;
		else if ((q = memchr(split, '>', (size_t)(inner_end - split))) != NULL)
			split = q + 1;
	}
	buffer_puts(out, "<figure>");
	buffer_append(out, inner, (size_t)(split - inner));
	text = caption != NULL ? xstrdup(caption) : xstrndup(split, (size_t)(inner_end - split));
	for (q = text; S_is_space(*q); q++)
		continue;
	if (*q != '\0') {
		buffer_puts(out, "<figcaption>");
		/* The caption may hold links or emphasis: the sanitiser checks it like any HTML. */
		for (; *q != '\0'; q++)
			buffer_putc(out, *q == '\n' || *q == '\r' ? ' ' : *q);
		buffer_puts(out, "</figcaption>");
	}
	free(text);
	buffer_puts(out, "</figure>");
}

/* Paired shortcodes: the body up to the closing tag is consumed too.  Returns where the
 * input continues, or NULL when tag is not paired (or its closing tag is missing). */
static const char *
S_paired(struct S_expand *expand, const struct S_tag *tag)
{
	const char *after, *close, *name = tag->name;

	if (strcmp(name, "highlight") != 0 && strcmp(name, "raw") != 0 &&
	    strcmp(name, "comment") != 0 && strcmp(name, "caption") != 0 &&
	    strcmp(name, "wp_caption") != 0 && strcmp(name, "embed") != 0)
		return NULL;
	if ((tag->syntax == TAG_WORDPRESS) != (strcmp(name, "caption") == 0 ||
	    strcmp(name, "wp_caption") == 0 || strcmp(name, "embed") == 0))
		return NULL;
	/* One search to the end per name: a missing end tag is missing for every later opener. */
	if (xmlHashLookup(expand->unclosed, (const xmlChar *)name) != NULL)
		return NULL;
	if ((close = S_closing(tag, tag->end, expand->end, &after)) == NULL) {
		xmlHashAddEntry(expand->unclosed, (const xmlChar *)name, expand);
		return NULL;
	}
	if (strcmp(name, "highlight") == 0)
		S_put_code(&expand->out, S_positional(tag, 0), tag->end, close);
	else if (strcmp(name, "raw") == 0)
		buffer_append(&expand->out, tag->end, (size_t)(close - tag->end));
	else if (strcmp(name, "embed") == 0) {
		char *url = xstrndup(tag->end, (size_t)(close - tag->end));

		S_put_link(&expand->out, url, NULL);
		free(url);
	} else if (strcmp(name, "comment") != 0)
		S_put_caption(&expand->out, tag, tag->end, close);
	return after;
}

/* Built-in unpaired shortcodes; 1 when tag was one. */
static int
S_builtin(struct S_expand *expand, const struct S_tag *tag)
{
	const char *name = tag->name, *first = S_positional(tag, 0);
	struct buffer *out = &expand->out;

	if (tag->syntax == TAG_OUTPUT)
		return S_liquid_output(expand, tag->name);
	if (strcmp(name, "post_url") == 0 && tag->syntax == TAG_LIQUID && first != NULL)
		S_put_reference(out, SHORTCODE_POST_SCHEME, first);
	else if ((strcmp(name, "link") == 0 && tag->syntax == TAG_LIQUID && first != NULL))
		S_put_reference(out, SHORTCODE_LINK_SCHEME, first);
	else if ((strcmp(name, "ref") == 0 || strcmp(name, "relref") == 0) &&
	    tag->syntax == TAG_HUGO && (first != NULL || S_named(tag, S_src_keys) != NULL))
		S_put_reference(out, SHORTCODE_REF_SCHEME, first ? first : S_named(tag, S_src_keys));
	else if (strcmp(name, "figure") == 0 && tag->syntax == TAG_HUGO)
		S_put_figure(out, S_named(tag, S_src_keys), S_named(tag, S_alt_keys),
		    S_named(tag, S_caption_keys), S_named(tag, S_link_keys), expand->alone);
	else if (strcmp(name, "include") == 0 && tag->syntax == TAG_LIQUID &&
	    S_named(tag, S_src_keys) != NULL)
		S_put_figure(out, S_named(tag, S_src_keys), S_named(tag, S_alt_keys),
		    S_named(tag, S_caption_keys), S_named(tag, S_link_keys), expand->alone);
	else if (strcmp(name, "image") == 0 && tag->syntax == TAG_LIQUID &&
	    (first != NULL || S_named(tag, S_src_keys) != NULL))
		S_eleventy_image(out, first ? first : S_named(tag, S_src_keys),
		    S_positional(tag, 1) ? S_positional(tag, 1) : S_named(tag, S_alt_keys),
		    expand->alone);
	else if (strcmp(name, "gallery") == 0 && tag->syntax == TAG_WORDPRESS)
		diag_note(DIAG_CLASS_TEMPLATE_TAG, expand->article->full_path, 0, 0,
		    "[gallery] shows the post's attachments, which a Markdown export does not "
		    "carry; removed");
	else if (tag->syntax != TAG_OUTPUT && S_user_shortcode(expand, tag))
		return 1;
	else if (tag->syntax != TAG_WORDPRESS && S_embed(expand, tag))
		return 1;
	else
		return 0;
	return 1;
}

static int
S_line_of(const struct S_expand *expand, const char *p)
{
	const char *q;
	int line = expand->article->line_offset + 1;

	for (q = expand->text; q < p; q++)
		if (*q == '\n')
			line++;
	return line;
}

/* An unknown tag: recorded under its name (the first one's text and line kept), and kept as
 * text unless template-tags: remove. */
static void
S_unknown(struct S_expand *expand, const struct S_tag *tag)
{
	struct article *article = expand->article;
	/* Liquid values go by their object: page.title and page.cost are one "{{ page". */
	char *name = tag->syntax == TAG_OUTPUT ? xasprintf("{{ %.*s", (int)strcspn(tag->name +
	    strspn(tag->name, " "), " |.}"), tag->name + strspn(tag->name, " ")) :
	    xstrdup(tag->name);
	size_t at = (size_t)xmlHashLookup(expand->reported, (const xmlChar *)name);

	if (at == 0) {
		struct unknown_tag *entry;

		article->unknown_tags = xrealloc(article->unknown_tags,
		    (article->unknown_tag_count + 1) * sizeof(*article->unknown_tags));
		entry = &article->unknown_tags[article->unknown_tag_count++];
		entry->name = name;
		entry->text = xstrndup(tag->start, (size_t)(tag->end - tag->start));
		entry->line = S_line_of(expand, tag->start);
		entry->count = 0;
		at = article->unknown_tag_count;
		xmlHashAddEntry(expand->reported, (const xmlChar *)name, (void *)at);
		name = NULL;
	}
	article->unknown_tags[at - 1].count++;
	if (!expand->remove_unknown)
		buffer_append(&expand->out, tag->start, (size_t)(tag->end - tag->start));
	free(name);
}

/* How often one unknown name was met in the book. */
struct S_total {
	size_t	count, articles;
	int	reported;
};

static void
S_total_free(void *payload, const xmlChar *name)
{
	(void)name;
	free(payload);
}

void
shortcode_report_unknown(const struct book *book, int removed)
{
	xmlHashTablePtr totals = xmlHashCreate(16);
	struct S_total *total;
	size_t i, k;

	for (i = 0; i < book->article_count; i++)
		for (k = 0; k < book->articles[i]->unknown_tag_count; k++) {
			const struct unknown_tag *tag = &book->articles[i]->unknown_tags[k];

			if ((total = xmlHashLookup(totals, (const xmlChar *)tag->name)) == NULL) {
				total = xcalloc(1, sizeof(*total));
				xmlHashAddEntry(totals, (const xmlChar *)tag->name, total);
			}
			total->count += tag->count;
			total->articles++;
		}
	for (i = 0; i < book->article_count; i++)
		for (k = 0; k < book->articles[i]->unknown_tag_count; k++) {
			const struct unknown_tag *tag = &book->articles[i]->unknown_tags[k];

			total = xmlHashLookup(totals, (const xmlChar *)tag->name);
			if (total->reported++)
				continue;
			if (strncmp(tag->name, "{{", 2) == 0)
				diag_warning(DIAG_CLASS_TEMPLATE_TAG, book->articles[i]->full_path, tag->line, 0,
				    "template value '%s' is only known to the site: %s (%zu like it "
				    "in %zu article%s)", tag->text, removed ? "removed" :
				    "kept as text", total->count, total->articles,
				    total->articles == 1 ? "" : "s");
			else
				diag_warning(DIAG_CLASS_TEMPLATE_TAG, book->articles[i]->full_path, tag->line, 0,
				    "site-generator tag '%s' is not built in: %s (%zu in %zu "
				    "article%s); define '%s' under shortcodes: in book.yaml",
				    tag->text, removed ? "removed" : "kept as text", total->count,
				    total->articles, total->articles == 1 ? "" : "s", tag->name);
		}
	xmlHashFree(totals, S_total_free);
}

static size_t
S_newlines(const char *p, const char *end)
{
	size_t n = 0;

	for (; p < end; p++)
		n += *p == '\n';
	return n;
}

/* Hugo's way to show a shortcode as text: "{{</" "* name *" "/>}}" is printed "{{< name >}}". */
static const char *
S_hugo_literal(struct S_expand *expand, const char *p)
{
	const char *limit = expand->end - p > 1024 ? p + 1024 : expand->end, *close;
	char kind;

	if (expand->end - p < 9 || memcmp(p, "{{", 2) != 0 || (p[2] != '<' && p[2] != '%') ||
	    p[3] != '/' || p[4] != '*')
		return p;
	kind = p[2] == '<' ? '>' : '%';
	for (close = p + 5; close + 4 < limit; close++)
		if (close[0] == '*' && close[1] == '/' && close[2] == kind && close[3] == '}' &&
		    close[4] == '}') {
			buffer_append(&expand->out, p, 3);
			buffer_append(&expand->out, p + 5, (size_t)(close - p - 5));
			buffer_append(&expand->out, close + 2, 3);
			return close + 5;
		}
	return p;
}

/* 1 when only blanks share the tag's line(s). */
static int
S_alone(const struct S_expand *expand, const struct S_tag *tag)
{
	const char *p;

	for (p = tag->start; p > expand->text && (p[-1] == ' ' || p[-1] == '\t'); p--)
		continue;
	if (p > expand->text && p[-1] != '\n')
		return 0;
	for (p = tag->end; p < expand->end && (*p == ' ' || *p == '\t' || *p == '\r'); p++)
		continue;
	return p == expand->end || *p == '\n';
}

/* Handles the tag at p, if there is one; returns where the input continues (p when none). */
static const char *
S_tag_at(struct S_expand *expand, const char *p)
{
	struct S_tag tag;
	const char *next;
	size_t before = expand->out.length, consumed, emitted;

	if (p[0] == '{' && p + 2 < expand->end && p[1] == ':' && p[2] == ':')
		return kramdown_extension(p, expand->end, &expand->out, &expand->kramdown_unclosed);
	if ((next = S_hugo_literal(expand, p)) != p)
		return next;
	if (!S_read_tag(p, expand->end, &tag))
		return p;
	expand->alone = S_alone(expand, &tag);
	if (tag.syntax == TAG_WORDPRESS && !tag.closing && strcmp(tag.name, "caption") != 0 &&
	    strcmp(tag.name, "wp_caption") != 0 && strcmp(tag.name, "embed") != 0 &&
	    strcmp(tag.name, "gallery") != 0 && !S_user_shortcode(expand, &tag)) {
		/* [text] is Markdown's own: only known names are shortcodes. */
		S_tag_clear(&tag);
		return p;
	}
	if (tag.syntax == TAG_WORDPRESS && expand->out.length > before)
		next = tag.end;
	else if (tag.closing && tag.syntax == TAG_WORDPRESS)
		next = p;
	else if ((next = S_paired(expand, &tag)) == NULL) {
		next = tag.end;
		if (!S_builtin(expand, &tag))
			S_unknown(expand, &tag);
	}
	if (next == p) {
		S_tag_clear(&tag);
		return p;
	}
	consumed = S_newlines(p, next);
	emitted = S_newlines(expand->out.data + before, expand->out.data + expand->out.length);
	for (; emitted < consumed; emitted++)
		buffer_putc(&expand->out, '\n');
	S_tag_clear(&tag);
	return next;
}

/* Length of a fence line opening at line (up to three spaces, then ``` or ~~~), or 0. */
static size_t
S_fence(const char *line, const char *end)
{
	const char *p = line;
	size_t n = 0;

	while (p < end && *p == ' ' && p - line < 3)
		p++;
	if (p >= end || (*p != '`' && *p != '~'))
		return 0;
	while (p + n < end && p[n] == *p)
		n++;
	return n >= 3 ? n : 0;
}

char *
shortcode_expand(const struct options *options, struct article *article, char *text,
    size_t *length, int remove_unknown)
{
	struct S_expand expand = { options, article, text, text + *length, { 0 }, NULL, NULL,
	    0, 0, remove_unknown };
	const char *p = text, *copied = text, *next;
	int line_start = 1;
	size_t fence = 0, n;

	if (memchr(text, '{', *length) == NULL && memchr(text, '[', *length) == NULL)
		return text;
	expand.reported = xmlHashCreate(16);
	expand.unclosed = xmlHashCreate(4);
	while (p < expand.end) {
		if (line_start && (n = S_fence(p, expand.end)) > 0 && (fence == 0 || n >= fence))
			fence = fence == 0 ? n : 0;
		line_start = *p == '\n';
		if (fence > 0 || (*p != '{' && *p != '[')) {
			p++;
			continue;
		}
		buffer_append(&expand.out, copied, (size_t)(p - copied));
		copied = p;
		if ((next = S_tag_at(&expand, p)) == p) {
			p++;
			continue;
		}
		copied = p = next;
		line_start = p > text && p[-1] == '\n';
	}
	xmlHashFree(expand.reported, NULL);
	xmlHashFree(expand.unclosed, NULL);
	if (copied == text) {
		buffer_free(&expand.out);
		return text;
	}
	buffer_append(&expand.out, copied, (size_t)(expand.end - copied));
	free(text);
	*length = expand.out.length;
	return buffer_release(&expand.out);
}
