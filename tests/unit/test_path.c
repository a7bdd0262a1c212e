/* test_path.c - unit tests for path.c: joins, normalisation, containment, percent-coding,
 * schemes, safe stems and relative hrefs.  Called only by tests/unit/main.c (test_path()). */
#include <stdlib.h>

#include "path.h"
#include "unit.h"

/* Checks a returned string that the caller owns, then frees it; a macro so that a failure
 * names the line of the case, not of a helper. */
#define CHECK_OWNED(call, expected) do { \
	char *owned_ = (call); \
	CHECK_STR(owned_, expected); \
	free(owned_); \
} while (0)

static void
S_test_join_dirname_basename(void)
{
	CHECK_OWNED(path_join("a/b", "c"), "a/b/c");
	CHECK_OWNED(path_join("a/b/", "c.md"), "a/b/c.md");
	CHECK_OWNED(path_join("", "c"), "c");
	CHECK_OWNED(path_join("a", "/abs/c"), "/abs/c");
	CHECK_OWNED(path_join("a", ""), "a");
	CHECK_OWNED(path_join("/", "x"), "/x");

	CHECK_OWNED(path_dirname("a/b/c.md"), "a/b");
	CHECK_OWNED(path_dirname("c.md"), "");
	CHECK_OWNED(path_dirname("/c.md"), "/");
	CHECK_OWNED(path_dirname("a//c.md"), "a");
	CHECK_OWNED(path_dirname(""), "");

	CHECK_STR(path_basename("a/b/c.md"), "c.md");
	CHECK_STR(path_basename("c.md"), "c.md");
	CHECK_STR(path_basename("/c.md"), "c.md");
	CHECK_STR(path_basename("a/b/"), "");
}

static void
S_test_normalize(void)
{
	CHECK_OWNED(path_normalize("a/./b//c"), "a/b/c");
	CHECK_OWNED(path_normalize("a/b/../c"), "a/c");
	CHECK_OWNED(path_normalize("a/b/../../c"), "c");
	CHECK_OWNED(path_normalize("a/.."), "");
	CHECK_OWNED(path_normalize("./a/"), "a");
	CHECK_OWNED(path_normalize("/r/./a/../b"), "/r/b");
	CHECK_OWNED(path_normalize("//r//a"), "/r/a");
	CHECK_OWNED(path_normalize("/"), "/");
	CHECK_OWNED(path_normalize("/.."), "/");
	CHECK_OWNED(path_normalize("/../x"), "/x");
	CHECK_OWNED(path_normalize("a/...b/..."), "a/...b/...");
	CHECK_OWNED(path_normalize(""), "");
	CHECK(path_normalize("..") == NULL);
	CHECK(path_normalize("../x") == NULL);
	CHECK(path_normalize("a/../../x") == NULL);
	CHECK(path_normalize("a/b/../../..") == NULL);
}

static void
S_test_is_inside(void)
{
	CHECK(path_is_inside("/r", "/r"));
	CHECK(path_is_inside("/r", "/r/a"));
	CHECK(path_is_inside("/r", "/r/a/b.png"));
	CHECK(!path_is_inside("/r", "/ra"));
	CHECK(!path_is_inside("/r", "/ra/b"));
	CHECK(!path_is_inside("/r/a", "/r"));
	CHECK(!path_is_inside("/r", "/"));
	CHECK(path_is_inside("/", "/anything"));
	CHECK(path_is_inside("/", "/"));
}

static void
S_test_percent(void)
{
	CHECK_OWNED(path_percent_decode("caf%C3%A9%20au%20lait.md"), "caf\xc3\xa9 au lait.md");
	CHECK_OWNED(path_percent_decode("a%2fb%2Fc"), "a/b/c");
	CHECK_OWNED(path_percent_decode("plain+text"), "plain+text");
	CHECK_OWNED(path_percent_decode(""), "");
	CHECK(path_percent_decode("100%") == NULL);
	CHECK(path_percent_decode("a%2") == NULL);
	CHECK(path_percent_decode("a%zz") == NULL);
	CHECK(path_percent_decode("a%g0") == NULL);
	CHECK(path_percent_decode("a%00b") == NULL);

	CHECK_OWNED(path_percent_encode("my file#1.png"), "my%20file%231.png");
	CHECK_OWNED(path_percent_encode("a/b/caf\xc3\xa9.png"), "a/b/caf\xc3\xa9.png");
	CHECK_OWNED(path_percent_encode("50%[x]{y}|\\^`<>\"z"),
	    "50%25%5Bx%5D%7By%7D%7C%5C%5E%60%3C%3E%22z");
	CHECK_OWNED(path_percent_encode("tab\there\x7f"), "tab%09here%7F");
	CHECK_OWNED(path_percent_encode("a?b=c&d"), "a?b=c&d");

	CHECK_OWNED(path_href_clean("a b.html#x y"), "a%20b.html#x%20y");
	CHECK_OWNED(path_href_clean("http://h/p?q=1#f"), "http://h/p?q=1#f");
	CHECK_OWNED(path_href_clean("100%25 and 100% and %zz and %4"),
	    "100%25%20and%20100%25%20and%20%25zz%20and%20%254");
	CHECK_OWNED(path_href_clean("<a\"b>{c}|\\^`[d]"), "%3Ca%22b%3E%7Bc%7D%7C%5C%5E%60[d]");
	CHECK_OWNED(path_href_clean("caf\xc3\xa9\n"), "caf\xc3\xa9%0A");
}

static void
S_test_split_href(void)
{
	char *path, *fragment;

	path_split_href("a.md#x", &path, &fragment);
	CHECK_STR(path, "a.md");
	CHECK_STR(fragment, "x");
	free(path);
	free(fragment);

	path_split_href("a.md", &path, &fragment);
	CHECK_STR(path, "a.md");
	CHECK(fragment == NULL);
	free(path);

	path_split_href("a.md#", &path, &fragment);
	CHECK_STR(path, "a.md");
	CHECK_STR(fragment, "");
	free(path);
	free(fragment);

	path_split_href("dir/a.md?lang=id#sec-2", &path, &fragment);
	CHECK_STR(path, "dir/a.md");
	CHECK_STR(fragment, "sec-2");
	free(path);
	free(fragment);

	/* A '?' after the '#' belongs to the fragment. */
	path_split_href("#top?x", &path, &fragment);
	CHECK_STR(path, "");
	CHECK_STR(fragment, "top?x");
	free(path);
	free(fragment);
}

static void
S_test_url_scheme(void)
{
	CHECK_OWNED(path_url_scheme("http://example.com/"), "http");
	CHECK_OWNED(path_url_scheme("mailto:x@example.com"), "mailto");
	CHECK_OWNED(path_url_scheme("JavaScript:alert(1)"), "javascript");
	CHECK_OWNED(path_url_scheme(" javascript:alert(1)"), "javascript");
	CHECK_OWNED(path_url_scheme("\x01\t\n javascript:alert(1)"), "javascript");
	CHECK_OWNED(path_url_scheme("java\tscr\nipt:alert(1)"), "javascript");
	CHECK_OWNED(path_url_scheme("C:\\Users\\a.png"), "c");
	CHECK_OWNED(path_url_scheme("svn+ssh://h/r"), "svn+ssh");
	CHECK_OWNED(path_url_scheme("a-b.c1:x"), "a-b.c1");
	CHECK(path_url_scheme("a.md") == NULL);
	CHECK(path_url_scheme("images/a:b.png") == NULL);
	CHECK(path_url_scheme("1http://x") == NULL);
	CHECK(path_url_scheme(":x") == NULL);
	CHECK(path_url_scheme("#frag:x") == NULL);
	CHECK(path_url_scheme("") == NULL);
	CHECK(path_url_scheme("   ") == NULL);
}

static void
S_test_is_markdown(void)
{
	CHECK(path_is_markdown("a/b.md"));
	CHECK(path_is_markdown("B.MD"));
	CHECK(path_is_markdown("x.Markdown"));
	CHECK(path_is_markdown("notes.txt.md"));
	CHECK(!path_is_markdown("a.md.txt"));
	CHECK(!path_is_markdown("a.mdx"));
	CHECK(!path_is_markdown("md"));
	CHECK(!path_is_markdown("dir.md/file"));
	CHECK(!path_is_markdown(""));
}

static void
S_test_safe_stem(void)
{
	CHECK_OWNED(path_safe_stem("Foto Rektor (1).JPG"), "foto-rektor-1");
	CHECK_OWNED(path_safe_stem("\xc3\x9cgyes caf\xc3\xa9"), "ugyes-cafe");
	CHECK_OWNED(path_safe_stem("---"), "file");
	CHECK_OWNED(path_safe_stem(""), "file");
	CHECK_OWNED(path_safe_stem(".png"), "png");
	CHECK_OWNED(path_safe_stem("\xe6\x97\xa5\xe6\x9c\xac.png"), "file");
	CHECK_OWNED(path_safe_stem("Stra\xc3\x9f" "e \xc5\x92uvre \xc3\x86on.tar.gz"),
	    "strasse-oeuvre-aeon-tar");
	CHECK_OWNED(path_safe_stem("\xc8\x98tiin\xc8\x9b\xc4\x83 \xe2\x80\x94 Vi\xe1\xbb\x87t"),
	    "stiinta-viet");
	/* Pinyin tone marks; accents written apart, as macOS stores names; a ligature, full-width
	 * letters and digits, and the letters Unicode does not decompose. */
	CHECK_OWNED(path_safe_stem("X\xc4\xab'\xc4\x81n B\xc4\x9bij\xc4\xabng L\xc7\x9a.jpg"),
	    "xi-an-beijing-lu");
	CHECK_OWNED(path_safe_stem("Re\xcc\x81sume\xcc\x81 cafe\xcc\x81.png"), "resume-cafe");
	CHECK_OWNED(path_safe_stem("\xef\xac\x81le \xef\xbc\xa1\xef\xbc\x92\xef\xbc\x90"),
	    "file-a20");
	CHECK_OWNED(path_safe_stem("\xc5\x81\xc3\xb3" "d\xc5\xba \xc4\x90\xc3\xa0 N\xe1\xba\xb5ng"),
	    "lodz-da-nang");
	/* A lone accent joins nothing: it is left out, not a separator. */
	CHECK_OWNED(path_safe_stem("\xcc\x81" "ab"), "ab");
	/* Broken UTF-8 and overlong forms of ASCII count as separators. */
	CHECK_OWNED(path_safe_stem("a\xc3z\xc1\x81" "b\xe0\x81\x81" "c"), "a-z-b-c");
	/* 70 letters: cut to 60, and never ending in '-' after the cut. */
	CHECK_OWNED(path_safe_stem(
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqr.jpg"),
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefgh");
	CHECK_OWNED(path_safe_stem(
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefg hijk"),
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefg");
}

static void
S_test_relative(void)
{
	CHECK_OWNED(path_relative("text", "images/a.png"), "../images/a.png");
	CHECK_OWNED(path_relative("", "a.png"), "a.png");
	CHECK_OWNED(path_relative("text", "text/ch1.xhtml"), "ch1.xhtml");
	CHECK_OWNED(path_relative("a/b/c", "a/x/y.png"), "../../x/y.png");
	CHECK_OWNED(path_relative("a/b", "a/b/c/d.png"), "c/d.png");
	CHECK_OWNED(path_relative("a", "a"), "../a");
	CHECK_OWNED(path_relative("", "images/a.png"), "images/a.png");
	CHECK_OWNED(path_relative("text/", "./text//a.xhtml"), "a.xhtml");
	CHECK_OWNED(path_relative("text", "textile/a.png"), "../textile/a.png");
}

static void
S_test_strip_trailing_slashes(void)
{
	CHECK_OWNED(path_strip_trailing_slashes("book/"), "book");
	CHECK_OWNED(path_strip_trailing_slashes("a/b///"), "a/b");
	CHECK_OWNED(path_strip_trailing_slashes("book"), "book");
	CHECK_OWNED(path_strip_trailing_slashes("/"), "/");
	CHECK_OWNED(path_strip_trailing_slashes("//"), "/");
	CHECK_OWNED(path_strip_trailing_slashes(""), "");
}

static void
S_test_web_url(void)
{
	CHECK(path_is_web_url("http://example.org/"));
	CHECK(path_is_web_url("HTTPS://example.org/"));
	CHECK(path_is_web_url(" \thttps://example.org/"));
	CHECK(!path_is_web_url("mailto:a@example.org"));
	CHECK(!path_is_web_url("javascript:alert(1)"));
	CHECK(!path_is_web_url("images/http.png"));
	CHECK(!path_is_web_url("//example.org/x"));
	CHECK(!path_is_web_url(""));
}

/* Checks path_resolve_reference's status and result in one line. */
#define CHECK_REFERENCE(from, path, map, status, expected) do { \
	char *relative_; \
	CHECK(path_resolve_reference(from, path, map, &relative_) == (status)); \
	CHECK_STR(relative_, expected); \
	free(relative_); \
} while (0)

static void
S_test_resolve_reference(void)
{
	char *prefixes[] = { "/uploads/", "/uploads/2020/" };
	char *targets[] = { "media", "/old" };
	struct path_map map = { prefixes, targets, 2 };

	CHECK_REFERENCE("part/a.md", "b.md", NULL, PATH_OK, "part/b.md");
	CHECK_REFERENCE("part/a.md", "../images/x%20y.jpg", NULL, PATH_OK, "images/x y.jpg");
	CHECK_REFERENCE("a.md", "/part/b.md", NULL, PATH_OK, "part/b.md");
	CHECK_REFERENCE("a.md", "../../etc/passwd", NULL, PATH_OUTSIDE, NULL);
	CHECK_REFERENCE("a.md", "x%zz.jpg", NULL, PATH_MALFORMED, NULL);
	CHECK_REFERENCE("a.md", "x%00.jpg", NULL, PATH_MALFORMED, NULL);
	/* The longest prefix wins; a target may be written site-absolute. */
	CHECK_REFERENCE("p/a.md", "/uploads/x.jpg", &map, PATH_OK, "media/x.jpg");
	CHECK_REFERENCE("p/a.md", "/uploads/2020/x.jpg", &map, PATH_OK, "old/x.jpg");
	CHECK_REFERENCE("p/a.md", "/static/x.jpg", &map, PATH_OK, "static/x.jpg");
	CHECK_REFERENCE("p/a.md", "/uploads/../../x.jpg", &map, PATH_OUTSIDE, NULL);
}

void
test_path(void)
{
	S_test_web_url();
	S_test_resolve_reference();
	S_test_join_dirname_basename();
	S_test_normalize();
	S_test_is_inside();
	S_test_percent();
	S_test_split_href();
	S_test_url_scheme();
	S_test_is_markdown();
	S_test_safe_stem();
	S_test_relative();
	S_test_strip_trailing_slashes();
}
