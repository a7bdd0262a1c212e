/* site.c - the original site's addresses of every article (front matter, permalink: patterns,
 * the defaults of Jekyll, Hugo and WordPress), indexed, and the links and images of cmark's
 * HTML that use them rewritten before sanitising.  Called by article.c, render.c, chapter.c. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "diag.h"
#include "path.h"
#include "shortcode.h"
#include "site.h"
#include "util.h"
#include "yaml_read.h"
#include "xml_walk.h"

/* Named permalink styles of Jekyll. */
static const struct {
	const char	*name, *pattern;
} S_styles[] = {
	{ "date", "/:categories/:year/:month/:day/:title.html" },
	{ "pretty", "/:categories/:year/:month/:day/:title/" },
	{ "ordinal", "/:categories/:year/:y_day/:title.html" },
	{ "none", "/:categories/:title.html" },
};

/* Tried when book.yaml gives no permalink: Jekyll's date and pretty styles (one key once
 * normalised), WordPress's /:year/:month/:day/:postname/ and /:year/:month/:postname/, Hugo's
 * /:section/:slug/. */
static const char *const S_defaults[] = {
	"/:categories/:year/:month/:day/:title/", "/:year/:month/:day/:title/",
	"/:year/:month/:title/", "/:section/:slug/", NULL,
};

static void
S_add_strings(char ***list, size_t *count, char **more, size_t more_count)
{
	size_t i;

	*list = xrealloc(*list, (*count + more_count + 1) * sizeof(char *));
	for (i = 0; i < more_count; i++)
		(*list)[(*count)++] = more[i];
	free(more);
}

int
site_read_front_matter(const char *file, const struct yaml_value *root, struct article *article)
{
	static const char *const address_keys[] = { "permalink", "url", "aliases",
	    "redirect_from", NULL };
	const struct yaml_value *value;
	int status = 0;
	size_t i;

	status |= yaml_read_string(file, "slug", yaml_value_get(root, "slug"), &article->slug);
	status |= yaml_read_string(file, "wordpress_id", yaml_value_get(root, "wordpress_id"),
	    &article->wordpress_id);
	value = yaml_value_get(root, "categories");
	status |= yaml_read_strings(file, "categories", value, &article->categories,
	    &article->category_count);
	for (i = 0; address_keys[i] != NULL; i++) {
		char **more = NULL;
		size_t more_count = 0;

		status |= yaml_read_strings(file, address_keys[i], yaml_value_get(root, address_keys[i]),
		    &more, &more_count);
		S_add_strings(&article->urls, &article->url_count, more, more_count);
	}
	return status < 0 ? -1 : 0;
}

/* A name as a URL segment: lower case, runs of anything but letters and digits made '-'. */
static char *
S_slugify(const char *text)
{
	struct buffer out = { 0 };
	int dash = 0;

	for (; *text != '\0'; text++) {
		unsigned char c = (unsigned char)*text;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			if (dash && out.length > 0)
				buffer_putc(&out, '-');
			buffer_putc(&out, (char)c);
			dash = 0;
		} else if (c >= 'A' && c <= 'Z') {
			if (dash && out.length > 0)
				buffer_putc(&out, '-');
			buffer_putc(&out, (char)(c - 'A' + 'a'));
			dash = 0;
		} else
			dash = 1;
	}
	return buffer_release(&out);
}

/* The form addresses are compared in: a path from '/', percent-decoded, lower case, without
 * fragment, query (but ?p=ID and ?page_id=ID), trailing '/', "index.html" or ".html". */
static char *
S_key(const char *address)
{
	char *path = xstrndup(address, strcspn(address, "#?")), *decoded, *p, *q;
	const char *query = strchr(address, '?');
	struct buffer key = { 0 };
	size_t n;

	if (query != NULL && (strncmp(query, "?p=", 3) == 0 || strncmp(query, "?page_id=", 9) == 0)) {
		const char *id = strchr(query, '=') + 1;

		free(path);
		return xasprintf("?p=%.*s", (int)strspn(id, "0123456789"), id);
	}
	decoded = path_percent_decode(path);
	free(path);
	if (decoded == NULL)
		return NULL;
	buffer_putc(&key, '/');
	for (p = decoded; *p != '\0'; p++) {
		if (*p == '/' && key.data[key.length - 1] == '/')
			continue;
		buffer_putc(&key, *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p);
	}
	free(decoded);
	p = key.data;
	n = key.length;
	if (n >= 11 && strcmp(p + n - 11, "/index.html") == 0)
		n -= 10;
	else if (n >= 10 && strcmp(p + n - 10, "/index.php") == 0)
		n -= 9;
	if (n >= 5 && strncmp(p + n - 5, ".html", 5) == 0)
		n -= 5;
	while (n > 1 && p[n - 1] == '/')
		n--;
	p[n] = '\0';
	q = xstrdup(p);
	buffer_free(&key);
	return q;
}

static void
S_index_add(struct book *book, struct article *article, const char *address, int record)
{
	char *key = S_key(address);
	size_t i;

	if (key == NULL)
		return;
	/* An address another pattern gave the article already is listed once. */
	for (i = 0; record && i < article->url_count; i++)
		if (strcmp(article->urls[i], address) == 0)
			record = 0;
	if ((xmlHashAddEntry(book->article_by_url, (const xmlChar *)key, article) == 0 ||
	    xmlHashLookup(book->article_by_url, (const xmlChar *)key) == article) && record) {
		article->urls = xrealloc(article->urls, (article->url_count + 1) * sizeof(char *));
		article->urls[article->url_count++] = xstrdup(address);
	}
	free(key);
}

/* What a pattern's placeholders stand for in one article. */
struct S_fields {
	struct date	 date;
	int		 dated;
	char		*title;		/* Jekyll's :title: the file name's slug */
	char		*title_words;	/* Hugo's :title: the title, slugified */
	char		*slug;
	char		*categories;
	char		*section;
};

/* The file's name without folder, date and extension; a bundle's index.md is its folder. */
static char *
S_file_slug(const struct article *article, struct date *date, int *dated)
{
	const char *path = article->path, *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *rest;
	char *stem, *dot;

	if ((strncmp(name, "index.", 6) == 0 || strncmp(name, "_index.", 7) == 0) && name != path) {
		const char *start = name - 1;

		while (start > path && start[-1] != '/')
			start--;
		stem = xstrndup(start, (size_t)(name - 1 - start));
	} else
		stem = xstrdup(name);
	*dated = date_from_file_name(stem, date, &rest) == 0;
	if (*dated) {
		char *shorter = xstrdup(rest);

		free(stem);
		stem = shorter;
	}
	/* A bundle's folder name keeps its dots; a file loses its extension. */
	if (strcmp(name, "index.md") != 0 && strncmp(name, "index.", 6) != 0 &&
	    strncmp(name, "_index.", 7) != 0 && (dot = strrchr(stem, '.')) != NULL && dot != stem)
		*dot = '\0';
	return stem;
}

/* Hugo's section: the first folder under content/ (or the input's top). */
static char *
S_section(const char *path)
{
	const char *p = strncmp(path, "content/", 8) == 0 ? path + 8 : path;
	const char *slash = strchr(p, '/');

	return slash != NULL ? xstrndup(p, (size_t)(slash - p)) : xstrdup("");
}

/* Jekyll takes the folders above _posts/ as categories too: blog/news/_posts/x.md is in
 * blog and news, before those of its front matter. */
static void
S_folder_categories(const char *path, struct buffer *categories)
{
	const char *posts = strstr(path, "/_posts/"), *p = path, *slash;

	while (posts != NULL && p < posts) {
		char *one;

		slash = strchr(p, '/');
		one = xstrndup(p, (size_t)(slash - p));
		if (categories->length > 0)
			buffer_putc(categories, '/');
		buffer_puts(categories, one);
		free(one);
		p = slash + 1;
	}
}

static void
S_fields_fill(const struct article *article, struct S_fields *fields)
{
	struct buffer categories = { 0 };
	struct date from_name;
	size_t i;

	memset(fields, 0, sizeof(*fields));
	fields->title = S_file_slug(article, &from_name, &fields->dated);
	if (article->date != NULL && date_parse(article->date, &fields->date) == 0)
		fields->dated = 1;
	else if (fields->dated)
		fields->date = from_name;
	fields->title_words = S_slugify(article->title != NULL ? article->title : fields->title);
	fields->slug = xstrdup(article->slug != NULL ? article->slug : fields->title);
	S_folder_categories(article->path, &categories);
	for (i = 0; i < article->category_count; i++) {
		char *one = S_slugify(article->categories[i]);

		if (categories.length > 0 && one[0] != '\0')
			buffer_putc(&categories, '/');
		buffer_puts(&categories, one);
		free(one);
	}
	fields->categories = buffer_release(&categories);
	fields->section = S_section(article->path);
}

static void
S_fields_free(struct S_fields *fields)
{
	free(fields->title);
	free(fields->title_words);
	free(fields->slug);
	free(fields->categories);
	free(fields->section);
}

/* The pattern with its placeholders filled; NULL when it needs a date the article lacks. */
static char *
S_expand(const char *pattern, const struct S_fields *fields, int hugo_title)
{
	static const char *const names[] = { "year", "short_year", "month", "i_month", "day",
	    "i_day", "title", "slug", "categories", "section", "filename", "postname", "y_day",
	    "slugorfilename", NULL };
	struct buffer out = { 0 };
	const char *p;
	size_t i, n;

	for (p = pattern; *p != '\0'; p++) {
		for (i = 0; *p == ':' && names[i] != NULL; i++)
			if (strncmp(p + 1, names[i], n = strlen(names[i])) == 0 &&
			    !(p[1 + n] >= 'a' && p[1 + n] <= 'z') && p[1 + n] != '_')
				break;
		if (*p != ':' || names[i] == NULL) {
			/* An empty :categories leaves no empty segment. */
			if (*p != '/' || out.length == 0 || out.data[out.length - 1] != '/')
				buffer_putc(&out, *p);
			continue;
		}
		if (i <= 5 || i == 12) {
			if (!fields->dated)
				goto fail;
		}
		switch (i) {
		case 0: buffer_printf(&out, "%04d", fields->date.year); break;
		case 1: buffer_printf(&out, "%02d", fields->date.year % 100); break;
		case 2: buffer_printf(&out, "%02d", fields->date.month); break;
		case 3: buffer_printf(&out, "%d", fields->date.month); break;
		case 4: buffer_printf(&out, "%02d", fields->date.day); break;
		case 5: buffer_printf(&out, "%d", fields->date.day); break;
		case 6: buffer_puts(&out, hugo_title ? fields->title_words : fields->title); break;
		case 8: buffer_puts(&out, fields->categories); break;
		case 9: buffer_puts(&out, fields->section); break;
		case 12: goto fail;	/* the day of the year: rare enough to leave out */
		default: buffer_puts(&out, fields->slug); break;
		}
		p += strlen(names[i]);
	}
	return buffer_release(&out);
fail:
	buffer_free(&out);
	return NULL;
}

static const char *
S_style(const char *pattern)
{
	size_t i;

	for (i = 0; i < sizeof(S_styles) / sizeof(S_styles[0]); i++)
		if (strcmp(pattern, S_styles[i].name) == 0)
			return S_styles[i].pattern;
	return pattern;
}

static void
S_index_pattern(struct book *book, struct article *article, const char *pattern,
    const struct S_fields *fields, int record)
{
	char *address;
	int hugo_title;

	pattern = S_style(pattern);
	for (hugo_title = 0; hugo_title < 2; hugo_title++) {
		if (hugo_title && strstr(pattern, ":title") == NULL)
			break;
		if ((address = S_expand(pattern, fields, hugo_title)) != NULL) {
			S_index_add(book, article, address, record);
			free(address);
		}
	}
}

/* The names shortcodes use: post_url's dated file name, link's and ref's source path, ref's
 * bare slug; Hugo's path-based address (content/ and the extension left out). */
static void
S_index_names(struct book *book, struct article *article, const struct S_fields *fields,
    int record)
{
	const char *path = article->path, *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *stem = xstrndup(name, strrchr(name, '.') ? (size_t)(strrchr(name, '.') - name) :
	    strlen(name)), *key, *hugo;
	const char *under = strncmp(path, "content/", 8) == 0 ? path + 8 : path;
	size_t n;

	key = xasprintf("post:%s", stem);
	xmlHashAddEntry(book->article_by_url, (const xmlChar *)key, article);
	free(key);
	key = xasprintf("ref:%s", fields->title);
	xmlHashAddEntry(book->article_by_url, (const xmlChar *)key, article);
	free(key);
	if (article->slug != NULL) {
		key = xasprintf("ref:%s", article->slug);
		xmlHashAddEntry(book->article_by_url, (const xmlChar *)key, article);
		free(key);
	}
	if (strcmp(stem, "index") != 0 && strcmp(stem, "_index") != 0) {
		key = xasprintf("ref:%s", stem);
		xmlHashAddEntry(book->article_by_url, (const xmlChar *)key, article);
		free(key);
	}
	key = xasprintf("/%s", path);
	S_index_add(book, article, key, 0);
	free(key);
	/* content/posts/a/index.md and content/posts/a.md are both /posts/a/. */
	n = strlen(under) - strlen(name);
	hugo = strcmp(stem, "index") == 0 || strcmp(stem, "_index") == 0 ?
	    xasprintf("/%.*s", (int)n, under) : xasprintf("/%.*s%s/", (int)n, under, stem);
	S_index_add(book, article, hugo, record && path != under);
	key = xasprintf("ref:%s", hugo);
	free(hugo);
	hugo = S_key(key + 4);
	free(key);
	key = xasprintf("ref:%s", hugo ? hugo : "");
	xmlHashAddEntry(book->article_by_url, (const xmlChar *)key, article);
	free(key);
	free(hugo);
	free(stem);
}

static void
S_index_article(const struct options *options, struct book *book, struct article *article)
{
	struct S_fields fields;
	int hugo = strncmp(article->path, "content/", 8) == 0;
	char **given = article->urls;
	size_t given_count = article->url_count, i;

	article->urls = NULL;
	article->url_count = 0;
	S_fields_fill(article, &fields);
	/* Front matter first: a post's own address wins over any pattern. */
	for (i = 0; i < given_count; i++)
		S_index_pattern(book, article, given[i], &fields, 1);
	util_strings_free(given, given_count);
	for (i = 0; i < options->permalink_count; i++)
		S_index_pattern(book, article, options->permalinks[i], &fields, 1);
	/* Listed in --dump: the default of the generator the folder looks made by. */
	for (i = 0; options->permalink_count == 0 && S_defaults[i] != NULL; i++)
		S_index_pattern(book, article, S_defaults[i], &fields, options->site_count > 0 &&
		    (hugo ? i == 3 && article->slug != NULL : i == 0));
	if (article->wordpress_id != NULL) {
		char *query = xasprintf("/?p=%s", article->wordpress_id);

		S_index_add(book, article, query, 1);
		free(query);
	}
	S_index_names(book, article, &fields, options->site_count > 0);
	S_fields_free(&fields);
}

void
site_index_build(const struct options *options, struct book *book)
{
	size_t i;

	if (book->article_by_url == NULL)
		book->article_by_url = xmlHashCreate(64);
	for (i = 0; i < book->article_count; i++)
		S_index_article(options, book, book->articles[i]);
}

/* The length of base's host-and-path prefix that url (after "scheme://" or "//") starts
 * with, ignoring "www."; 0 when it is another site. */
static size_t
S_on_site(const char *base, const char *rest)
{
	const char *b = strstr(base, "://") ? strstr(base, "://") + 3 : base;
	const char *r = rest;
	size_t n;

	if (strncasecmp(b, "www.", 4) == 0)
		b += 4;
	if (strncasecmp(r, "www.", 4) == 0)
		r += 4;
	n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	if (strncasecmp(r, b, n) != 0 || (r[n] != '\0' && r[n] != '/' && r[n] != '?' &&
	    r[n] != '#'))
		return 0;
	return (size_t)(r - rest) + n;
}

/* The site path of href when it is on a listed site ("http(s)://site/…", "//site/…") or
 * site-absolute ("/…"); NULL otherwise.  *network is set for "//host/…" on another site. */
static char *
S_site_path(const struct options *options, const char *href, int *network)
{
	const char *rest = NULL;
	size_t i, n;

	*network = 0;
	if (strncmp(href, "//", 2) == 0)
		rest = href + 2;
	else if (strncasecmp(href, "http://", 7) == 0)
		rest = href + 7;
	else if (strncasecmp(href, "https://", 8) == 0)
		rest = href + 8;
	else if (href[0] == '/')
		return xstrdup(href);
	if (rest == NULL)
		return NULL;
	for (i = 0; i < options->site_count; i++)
		if ((n = S_on_site(options->sites[i], rest)) > 0)
			return rest[n] == '/' ? xstrdup(rest + n) : xasprintf("/%s", rest + n);
	*network = href[0] == '/';
	return NULL;
}

/* Line of node in the article, from the nearest data-sourcepos. */
static int
S_line(const struct article *article, xmlNodePtr node)
{
	for (; node != NULL && node->type == XML_ELEMENT_NODE; node = node->parent) {
		xmlChar *pos = xmlGetProp(node, (const xmlChar *)"data-sourcepos");

		if (pos != NULL) {
			int line = atoi((const char *)pos) + article->line_offset;

			xmlFree(pos);
			return line;
		}
	}
	return 0;
}

/* The article a shortcode names: "x-kagama-post:2011-07-14-slug" and the like. */
static const struct article *
S_shortcode_target(const struct book *book, const char *href, const char **fragment)
{
	const struct article *target = NULL;
	char *name = xstrndup(href, strcspn(href, "#")), *decoded, *key, *path, *p;

	*fragment = strchr(href, '#');
	decoded = path_percent_decode(name);
	free(name);
	if (decoded == NULL)
		return NULL;
	if (strncmp(href, SHORTCODE_POST_SCHEME, strlen(SHORTCODE_POST_SCHEME)) == 0) {
		p = strrchr(decoded, '/') ? strrchr(decoded, '/') + 1 : decoded + strlen(
		    SHORTCODE_POST_SCHEME);
		key = xasprintf("post:%s", p);
		target = xmlHashLookup(book->article_by_url, (const xmlChar *)key);
		free(key);
	} else if (strncmp(href, SHORTCODE_LINK_SCHEME, strlen(SHORTCODE_LINK_SCHEME)) == 0) {
		p = decoded + strlen(SHORTCODE_LINK_SCHEME);
		target = xmlHashLookup(book->article_by_path, (const xmlChar *)(*p == '/' ? p + 1 : p));
		key = xasprintf("/%s", *p == '/' ? p + 1 : p);
		if (target == NULL && (path = S_key(key)) != NULL) {
			target = xmlHashLookup(book->article_by_url, (const xmlChar *)path);
			free(path);
		}
		free(key);
	} else {
		p = decoded + strlen(SHORTCODE_REF_SCHEME);
		/* "posts/a.md", "/posts/a", "a": by path, by Hugo address, by name. */
		target = xmlHashLookup(book->article_by_path, (const xmlChar *)p);
		if (target == NULL) {
			key = xasprintf("content/%s", *p == '/' ? p + 1 : p);
			target = xmlHashLookup(book->article_by_path, (const xmlChar *)key);
			free(key);
		}
		if (target == NULL) {
			char *dot = strrchr(p, '.'), *slash = strrchr(p, '/');

			if (dot != NULL && (slash == NULL || dot > slash))
				*dot = '\0';
			key = xasprintf("/%s", *p == '/' ? p + 1 : p);
			path = S_key(key);
			free(key);
			key = xasprintf("ref:%s", path ? path : "");
			target = xmlHashLookup(book->article_by_url, (const xmlChar *)key);
			free(key);
			free(path);
			key = xasprintf("ref:%s", slash ? slash + 1 : p);
			if (target == NULL)
				target = xmlHashLookup(book->article_by_url, (const xmlChar *)key);
			free(key);
		}
	}
	free(decoded);
	return target;
}

/* href of target's file from article's folder, with fragment, for link.c to resolve. */
static char *
S_file_href(const struct article *article, const struct article *target, const char *fragment)
{
	char *folder = path_dirname(article->path), *relative = path_relative(folder, target->path);
	char *encoded = path_percent_encode(relative), *href;

	href = xasprintf("%s%s", encoded, fragment != NULL ? fragment : "");
	free(folder);
	free(relative);
	free(encoded);
	return href;
}

/* The article at a site path; a site served under a folder (site: https://x.org/blog) also
 * has its pages written "/blog/2024/05/slug/" where permalinks say "/2024/05/slug/". */
static const struct article *
S_article_at(const struct options *options, const struct book *book, const char *key)
{
	const struct article *target = xmlHashLookup(book->article_by_url, (const xmlChar *)key);
	size_t i, n;

	for (i = 0; target == NULL && i < options->site_count; i++) {
		const char *base = strstr(options->sites[i], "://");
		const char *folder = base != NULL ? strchr(base + 3, '/') : NULL;
		char *lower;

		if (folder == NULL || (n = strlen(folder)) < 2)
			continue;
		lower = S_key(folder);
		n = lower != NULL ? strlen(lower) : 0;
		if (n > 1 && strncmp(key, lower, n) == 0 && (key[n] == '/' || key[n] == '\0'))
			target = xmlHashLookup(book->article_by_url,
			    (const xmlChar *)(key[n] != '\0' ? key + n : "/"));
		free(lower);
	}
	return target;
}

/* The length of "scheme://host" at the start of a base URL. */
static size_t
S_origin_length(const char *base)
{
	const char *host = strstr(base, "://");

	return host != NULL ? (size_t)(host + 3 - base) + strcspn(host + 3, "/") : strlen(base);
}

/* A link's new href, or NULL to leave it as it is. */
static char *
S_link_href(const struct options *options, const struct book *book,
    const struct article *article, const char *href, int *unwrap)
{
	const struct article *target;
	const char *fragment;
	char *path, *key, *result = NULL;
	int network;

	*unwrap = 0;
	if (strncmp(href, "x-kagama-", 9) == 0) {
		if ((target = S_shortcode_target(book, href, &fragment)) != NULL)
			return S_file_href(article, target, fragment);
		*unwrap = 1;
		return NULL;
	}
	if ((path = S_site_path(options, href, &network)) == NULL)
		return network ? xasprintf("https:%s", href) : NULL;
	key = S_key(path);
	target = key != NULL ? S_article_at(options, book, key) : NULL;
	if (target != NULL && (href[0] != '/' || href[1] == '/' || !path_is_markdown(path)))
		result = S_file_href(article, target, strchr(path, '#'));
	else if (target == NULL && href[0] == '/' && href[1] != '/' && options->site_count > 0 &&
	    !path_is_markdown(path) && key != NULL && strcmp(key, "/") != 0)
		/* Not in the book: the page is on the site the links were written for (its
		 * origin: a site-absolute path already names any folder the site is under). */
		result = xasprintf("%.*s%s", (int)S_origin_length(options->sites[0]),
		    options->sites[0], href);
	else if (target == NULL && strncmp(href, "//", 2) == 0)
		/* A listed site's own file: under the scheme the site is listed with. */
		result = xasprintf("%.*s%s", (int)strcspn(options->sites[0], ":") + 1,
		    options->sites[0], href);
	free(key);
	free(path);
	return result;
}

static void
S_rewrite_link(const struct options *options, const struct book *book,
    const struct article *article, xmlNodePtr link)
{
	xmlChar *href = xmlGetProp(link, (const xmlChar *)"href");
	char *result;
	int unwrap;

	if (href == NULL)
		return;
	result = S_link_href(options, book, article, (const char *)href, &unwrap);
	if (unwrap) {
		diag_warning(DIAG_CLASS_BROKEN_LINK, article->full_path, S_line(article, link), 0,
		    "link to '%s': no article of the book has that name; kept as text",
		    (const char *)href + strcspn((const char *)href, ":") + 1);
		xml_unwrap(link);
	} else if (result != NULL)
		xmlSetProp(link, (const xmlChar *)"href", (const xmlChar *)result);
	free(result);
	xmlFree(href);
}

/* An image on a listed site is the site's own file (found through paths:); on another host
 * "//host/x.jpg" is a remote image, "https:". */
static void
S_rewrite_image(const struct options *options, xmlNodePtr image)
{
	xmlChar *src = xmlGetProp(image, (const xmlChar *)"src");
	char *path;
	int network;

	if (src == NULL || (src[0] != '/' && strncasecmp((const char *)src, "http", 4) != 0)) {
		xmlFree(src);
		return;
	}
	if ((path = S_site_path(options, (const char *)src, &network)) != NULL)
		xmlSetProp(image, (const xmlChar *)"src", (const xmlChar *)path);
	else if (network) {
		char *https = xasprintf("https:%s", (const char *)src);

		xmlSetProp(image, (const xmlChar *)"src", (const xmlChar *)https);
		free(https);
	}
	free(path);
	xmlFree(src);
}

void
site_rewrite_references(const struct options *options, const struct book *book,
    const struct article *article, xmlNodePtr body)
{
	struct xml_walk walk;
	xmlNodePtr *links = NULL;
	size_t count = 0, capacity = 0, i;

	if (book->article_by_url == NULL)
		return;
	xml_walk_start(&walk, body);
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		if (walk.event != XML_WALK_ENTER || walk.node->type != XML_ELEMENT_NODE)
			continue;
		if (xml_is_element(walk.node, "img"))
			S_rewrite_image(options, walk.node);
		else if (xml_is_element(walk.node, "a")) {
			xgrow(&links, &capacity, count + 1, sizeof(*links));
			links[count++] = walk.node;
		}
	}
	/* After the walk: a link to no article is replaced by its text. */
	for (i = 0; i < count; i++)
		S_rewrite_link(options, book, article, links[i]);
	free(links);
}
