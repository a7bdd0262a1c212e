/* path.h - every rule about file paths and hrefs: joining, normalising, containment in the input
 * folder, percent-decoding, URL schemes and safe ASCII names inside the EPUB.  Pure string
 * functions (no file system access) except path_resolve_inside().  Any stage may call them. */
#ifndef KAGAMA_PATH_H
#define KAGAMA_PATH_H

#include <stddef.h>

/* All returned strings are new and freed by the caller. */

/* "a/b" + "c" -> "a/b/c"; base "" -> rel unchanged; rel absolute -> rel unchanged. */
char *path_join(const char *base, const char *rel);
/* Directory part of a '/'-separated path: "a/b/c.md" -> "a/b", "c.md" -> "". */
char *path_dirname(const char *path);
/* Last component: "a/b/c.md" -> "c.md". */
const char *path_basename(const char *path);
/* Lexically removes ".", empty components and "x/.." pairs; keeps a leading "/".
 * Returns NULL when a relative path climbs above its start ("../x", "a/../../x"). */
char *path_normalize(const char *path);
/* 1 if candidate equals root or lies below it ("/r" contains "/r/a" but not "/ra"); both
 * must be absolute, normalised paths (e.g. from realpath). */
int path_is_inside(const char *root, const char *candidate);
/* Decodes %XX escapes; returns NULL if an escape is malformed or decodes to a NUL byte. */
char *path_percent_decode(const char *text);
/* Percent-encodes what may not appear in an IRI path reference: ASCII controls, space and
 * "\"#%<>[\\]^`{|}" plus DEL; leaves '/' and UTF-8 bytes >= 0x80 alone. */
char *path_percent_encode(const char *text);
/* Tidies an href taken from raw HTML so that it is a valid URL: percent-encodes ASCII controls,
 * space and "\"<>\\^`{|}" and any '%' not followed by two hex digits; leaves valid escapes,
 * '#', '?', '/', ':' and UTF-8 bytes alone. */
char *path_href_clean(const char *href);
/* Splits an href: "a.md#x" -> *path "a.md", *fragment "x" (NULL if none; "" for "a.md#").
 * Also drops a "?query" part from the path. */
void path_split_href(const char *href, char **path, char **fragment);
/* If href starts with an RFC 3986 scheme ("http:", "mailto:", "JavaScript:"...), returns a new
 * lowercase copy of the scheme without ':' ("http"); otherwise NULL.  Leading ASCII
 * whitespace and control characters are skipped first, as browsers do. */
char *path_url_scheme(const char *href);
/* 1 if href is an http: or https: URL (by its scheme, as path_url_scheme reads it). */
int path_is_web_url(const char *href);
/* How a site-absolute path ("/uploads/x.jpg") maps into the input folder: book.yaml's paths:,
 * prefix -> folder, the longest matching prefix winning. */
struct path_map {
	char	**prefixes;
	char	**targets;
	size_t	  count;
};
enum path_status {
	PATH_OK,
	PATH_MALFORMED,		/* a malformed %-escape */
	PATH_OUTSIDE,		/* climbs above the input folder */
};
/* The file the path part of an href names, relative to the input folder, in *relative:
 * percent-decoded, then joined to the folder of from (a file relative to the input folder),
 * or for a site-absolute "/x" mapped through map (NULL or no match: the folder's top), then
 * normalised.  *relative is NULL unless PATH_OK. */
enum path_status path_resolve_reference(const char *from, const char *path,
    const struct path_map *map, char **relative);
/* 1 if the last extension of path is (case-insensitively) one of ".md", ".markdown". */
int path_is_markdown(const char *path);
/* A safe ASCII file name built from name (a base name): letters and digits kept, letters
 * beyond ASCII spelled by their Unicode decomposition ("é", "ǎ", "ﬁ", full-width forms;
 * accents written apart join their letter), everything else collapsed to single '-',
 * lowercased, trimmed of '-' at both ends, at most 60 characters; "file" if nothing is left.
 * The extension (after the last '.') is not included: callers add their own. */
char *path_safe_stem(const char *name);
/* Relative href from a file in directory from_dir to target (both relative to the same root,
 * '/'-separated): ("text", "images/a.png") -> "../images/a.png"; ("", "a.png") -> "a.png". */
char *path_relative(const char *from_dir, const char *target);
/* A folder name as given on the command line without its trailing slashes ("book/" -> "book",
 * "/" stays), so that the paths in messages read well. */
char *path_strip_trailing_slashes(const char *path);

#endif
