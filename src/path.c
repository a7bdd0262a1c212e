/* path.c - every rule about paths and hrefs declared in path.h: joining, normalising,
 * containment, percent-coding, schemes and safe names.  Any stage may call it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "path.h"
#include "utf8.h"
#include "util.h"

/* The longest stem path_safe_stem() returns, so that names stay short in every file system. */
#define PATH_STEM_MAX	60

static const char S_hex_digits[] = "0123456789ABCDEF";

static int
S_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
S_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static unsigned char
S_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Value of a hex digit, or -1. */
static int
S_hex_value(unsigned char c)
{
	if (S_is_digit(c))
		return c - '0';
	c = S_lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* 1 if text starts with '%' and two hex digits; never reads past a NUL. */
static int
S_is_escape(const char *text)
{
	return text[0] == '%' && S_hex_value((unsigned char)text[1]) >= 0 &&
	    S_hex_value((unsigned char)text[2]) >= 0;
}

static void
S_put_escaped(struct buffer *out, unsigned char c)
{
	char escape[3] = { '%', S_hex_digits[c >> 4], S_hex_digits[c & 0x0f] };

	buffer_append(out, escape, sizeof(escape));
}

char *
path_join(const char *base, const char *rel)
{
	size_t n = strlen(base);

	if (n == 0 || rel[0] == '/')
		return xstrdup(rel);
	if (rel[0] == '\0')
		return xstrdup(base);
	if (base[n - 1] == '/')
		return xasprintf("%s%s", base, rel);
	return xasprintf("%s/%s", base, rel);
}

char *
path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL)
		return xstrdup("");
	/* Drop the separating slashes, but keep the one that is the root. */
	n = (size_t)(slash - path);
	while (n > 0 && path[n - 1] == '/')
		n--;
	if (n == 0 && path[0] == '/')
		n = 1;
	return xstrndup(path, n);
}

const char *
path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == NULL ? path : slash + 1;
}

/* Removes the last component of out[floor..length), where floor is 1 for an absolute path
 * (the root slash stays) and 0 otherwise. */
static void
S_drop_component(struct buffer *out, size_t floor)
{
	while (out->length > floor && out->data[out->length - 1] != '/')
		out->length--;
	if (out->length > floor)
		out->length--;	/* the slash before the dropped component */
	out->data[out->length] = '\0';
}

char *
path_normalize(const char *path)
{
	struct buffer out = { 0 };
	const char *p = path, *end;
	size_t n, floor = path[0] == '/';

	buffer_append(&out, "/", floor);
	while (*p != '\0') {
		end = strchr(p, '/');
		n = end == NULL ? strlen(p) : (size_t)(end - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (out.length > floor)
				S_drop_component(&out, floor);
			else if (!floor) {
				buffer_free(&out);
				return NULL;	/* would climb above the start */
			}
			/* "/.." is "/", as in POSIX. */
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (out.length > floor)
				buffer_putc(&out, '/');
			buffer_append(&out, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	return buffer_release(&out);
}

int
path_is_inside(const char *root, const char *candidate)
{
	size_t n = strlen(root);

	if (strncmp(root, candidate, n) != 0)
		return 0;
	/* "/r" holds "/r" and "/r/a" but not "/ra"; a root ending in '/' ("/") holds all. */
	return candidate[n] == '\0' || candidate[n] == '/' || (n > 0 && root[n - 1] == '/');
}

char *
path_percent_decode(const char *text)
{
	struct buffer out = { 0 };
	const char *p;
	char c;

	for (p = text; *p != '\0'; p++) {
		c = *p;
		if (c == '%') {
			if (!S_is_escape(p))
				goto fail;
			c = (char)(S_hex_value((unsigned char)p[1]) << 4 |
			    S_hex_value((unsigned char)p[2]));
			if (c == '\0')
				goto fail;	/* would cut the C string short */
			p += 2;
		}
		buffer_putc(&out, c);
	}
	return buffer_release(&out);
fail:
	buffer_free(&out);
	return NULL;
}

/* ASCII controls, space and DEL: never valid in a URL. */
static int
S_is_control_or_space(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

char *
path_percent_encode(const char *text)
{
	struct buffer out = { 0 };
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if (S_is_control_or_space(*p) || strchr("\"#%<>[\\]^`{|}", *p) != NULL)
			S_put_escaped(&out, *p);
		else
			buffer_putc(&out, (char)*p);
	}
	return buffer_release(&out);
}

char *
path_href_clean(const char *href)
{
	struct buffer out = { 0 };
	const unsigned char *p;

	for (p = (const unsigned char *)href; *p != '\0'; p++) {
		if (S_is_control_or_space(*p) || strchr("\"<>\\^`{|}", *p) != NULL ||
		    (*p == '%' && !S_is_escape((const char *)p)))
			S_put_escaped(&out, *p);
		else
			buffer_putc(&out, (char)*p);
	}
	return buffer_release(&out);
}

/* Either output may be NULL when the caller wants only the other part. */
void
path_split_href(const char *href, char **path, char **fragment)
{
	const char *hash = strchr(href, '#');
	size_t n = hash == NULL ? strlen(href) : (size_t)(hash - href);
	const char *query = memchr(href, '?', n);

	if (query != NULL)
		n = (size_t)(query - href);
	if (path != NULL)
		*path = xstrndup(href, n);
	if (fragment != NULL)
		*fragment = hash == NULL ? NULL : xstrdup(hash + 1);
}

/* Browsers drop tabs and newlines anywhere in a URL, so "java\tscript:" is javascript:. */
static int
S_is_url_ignored(unsigned char c)
{
	return c == '\t' || c == '\n' || c == '\r';
}

char *
path_url_scheme(const char *href)
{
	const unsigned char *p = (const unsigned char *)href;
	struct buffer scheme = { 0 };

	while (*p != '\0' && *p <= 0x20)
		p++;
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), RFC 3986 section 3.1 */
	for (; *p != '\0' && *p != ':'; p++) {
		if (S_is_url_ignored(*p))
			continue;
		if (!S_is_alpha(*p) && (scheme.length == 0 ||
		    (!S_is_digit(*p) && *p != '+' && *p != '-' && *p != '.')))
			break;
		buffer_putc(&scheme, (char)S_lower(*p));
	}
	if (*p != ':' || scheme.length == 0) {
		buffer_free(&scheme);
		return NULL;
	}
	return buffer_release(&scheme);
}

int
path_is_web_url(const char *href)
{
	char *scheme = path_url_scheme(href);
	int web = scheme != NULL && (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);

	free(scheme);
	return web;
}

/* A site-absolute path through map (longest prefix first), else from the folder's top. */
static char *
S_map_site_path(const struct path_map *map, const char *path)
{
	size_t i, best = 0, best_length = 0;

	for (i = 0; map != NULL && i < map->count; i++) {
		size_t n = strlen(map->prefixes[i]);

		if (n > best_length && strncmp(path, map->prefixes[i], n) == 0) {
			best = i;
			best_length = n;
		}
	}
	if (best_length == 0)
		return xstrdup(path + 1);
	return path_join(map->targets[best][0] == '/' ? map->targets[best] + 1 :
	    map->targets[best], path + best_length);
}

enum path_status
path_resolve_reference(const char *from, const char *path, const struct path_map *map,
    char **relative)
{
	char *decoded, *folder, *joined;

	*relative = NULL;
	if ((decoded = path_percent_decode(path)) == NULL)
		return PATH_MALFORMED;
	folder = path_dirname(from);
	joined = decoded[0] == '/' ? S_map_site_path(map, decoded) : path_join(folder, decoded);
	*relative = path_normalize(joined);
	free(folder);
	free(joined);
	free(decoded);
	return *relative != NULL ? PATH_OK : PATH_OUTSIDE;
}

int
path_is_markdown(const char *path)
{
	const char *dot = strrchr(path_basename(path), '.');

	return dot != NULL && (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0);
}

/* Small letters that Unicode does not decompose, and their usual ASCII spelling. */
static const struct {
	uint32_t	 code_point;
	const char	*ascii;
} S_whole_letters[] = {
	{ 0x00e6, "ae" }, { 0x00f0, "d" }, { 0x00f8, "o" }, { 0x00fe, "th" }, { 0x00df, "ss" },
	{ 0x0111, "d" }, { 0x0127, "h" }, { 0x0131, "i" }, { 0x0138, "k" }, { 0x0140, "l" },
	{ 0x0142, "l" }, { 0x0149, "n" }, { 0x014b, "n" }, { 0x0153, "oe" }, { 0x0167, "t" },
};

/* Writes the ASCII spelling of a code point beyond ASCII to ascii and returns its length: the
 * letters and digits of its compatibility decomposition when the rest of it is combining marks
 * ("é" is "e" and an acute, "ǎ" of pinyin, "ﬁ", a full-width "Ａ"), else the table above;
 * 0 for anything else.  Unicode never changes a decomposition, so names stay put. */
static size_t
S_fold(uint32_t code_point, char ascii[G_UNICHAR_MAX_DECOMPOSITION_LENGTH + 1])
{
	gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
	gunichar lower = g_unichar_tolower(code_point);
	size_t i, count, length = 0;

	for (i = 0; i < sizeof(S_whole_letters) / sizeof(S_whole_letters[0]); i++)
		if (S_whole_letters[i].code_point == lower) {
			strcpy(ascii, S_whole_letters[i].ascii);
			return strlen(ascii);
		}
	count = g_unichar_fully_decompose(lower, TRUE, parts, G_N_ELEMENTS(parts));
	for (i = 0; i < count; i++) {
		if (parts[i] < 0x80 && (S_is_alpha(parts[i]) || S_is_digit(parts[i])))
			ascii[length++] = (char)parts[i];
		else if (!g_unichar_ismark(parts[i]))
			return 0;
	}
	ascii[length] = '\0';
	return length;
}

/* Appends an ASCII letter or digit, preceded by the one '-' that stands for whatever
 * separated it from the previous one; returns -1 once the stem is full. */
static int
S_stem_put(struct buffer *out, int *separated, char c)
{
	size_t need = 1 + (*separated && out->length > 0);

	if (out->length + need > PATH_STEM_MAX)
		return -1;
	if (need == 2)
		buffer_putc(out, '-');
	buffer_putc(out, (char)S_lower((unsigned char)c));
	*separated = 0;
	return 0;
}

char *
path_safe_stem(const char *name)
{
	struct buffer out = { 0 };
	const unsigned char *p = (const unsigned char *)name, *end;
	const char *dot = strrchr(name, '.');
	char ascii[G_UNICHAR_MAX_DECOMPOSITION_LENGTH + 1];
	uint32_t code_point;
	size_t i, length;
	int separated = 0, full = 0;

	/* A leading dot (".profile") starts a hidden name, not an extension. */
	end = p + (dot != NULL && dot != name ? (size_t)(dot - name) : strlen(name));
	while (p < end && !full) {
		int bytes = utf8_decode(p, (size_t)(end - p), &code_point);

		/* A malformed byte separates words like any other non-letter. */
		if (bytes < 0) {
			code_point = 0xfffd;
			bytes = 1;
		}
		p += bytes;
		if (code_point < 0x80 && (S_is_alpha(code_point) || S_is_digit(code_point)))
			full = S_stem_put(&out, &separated, (char)code_point) != 0;
		else if (g_unichar_ismark(code_point))
			continue;	/* an accent written apart (macOS names) belongs to its letter */
		else if ((length = S_fold(code_point, ascii)) > 0)
			for (i = 0; i < length && !full; i++)
				full = S_stem_put(&out, &separated, ascii[i]) != 0;
		else
			separated = 1;
	}
	if (out.length == 0) {
		buffer_free(&out);
		return xstrdup("file");
	}
	return buffer_release(&out);
}

/* Length of the next component of a '/'-separated path, after skipping separators, empty
 * components and "." at *p. */
static size_t
S_next_component(const char **p)
{
	size_t n;

	for (;;) {
		while (**p == '/')
			(*p)++;
		n = strcspn(*p, "/");
		if (!(n == 1 && (*p)[0] == '.'))
			return n;
		*p += n;
	}
}

char *
path_relative(const char *from_dir, const char *target)
{
	struct buffer out = { 0 };
	const char *from = from_dir, *to = target, *last;
	size_t nf, nt;

	/* The last component of target is the file itself and is never shared with from_dir. */
	last = path_basename(target);
	for (;;) {
		nf = S_next_component(&from);
		nt = S_next_component(&to);
		if (nf == 0 || nt == 0 || to >= last || nf != nt || strncmp(from, to, nf) != 0)
			break;
		from += nf;
		to += nt;
	}
	for (; nf > 0; nf = S_next_component(&from)) {
		buffer_puts(&out, "../");
		from += nf;
	}
	buffer_puts(&out, to);
	return buffer_release(&out);
}

char *
path_strip_trailing_slashes(const char *path)
{
	char *copy = xstrdup(path);
	size_t n = strlen(copy);

	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	return copy;
}
