/* test_html_sanitize.c - html_sanitize.c on small HTML fragments, compared as serialised XHTML,
 * and on nesting deep enough to break a naive recursion.  Run by tests/unit/main.c. */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "diag.h"
#include "html_sanitize.h"
#include "xml_walk.h"
#include "unit.h"
#include "util.h"

#define XHTML_NAMESPACE "http://www.w3.org/1999/xhtml"
#define DEEP 30000

/* How one fragment is sanitised, and what the image callback saw. */
struct S_run {
	const char	*parent;	/* XHTML element receiving the copy; "section" if NULL */
	int		 phrasing;
	int		 line_offset;
	xmlHashTablePtr	 ids;		/* NULL: a fresh table per run */
	int		 image_line;	/* line of the last resolve_image call */
};

/* Images whose src starts with "ok" move to "images/"; the others are missing. */
static char *
S_resolve_image(void *data, const char *src, int line)
{
	struct S_run *run = data;

	run->image_line = line;
	return strncmp(src, "ok", 2) == 0 ? xasprintf("images/%s", src) : NULL;
}

/* Sanitises the children of html_parent into a new XHTML document and returns the serialised
 * receiving element (freed by the caller). */
static char *
S_sanitize_tree(struct S_run *run, xmlNodePtr html_parent)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"html", NULL), parent;
	xmlNsPtr ns = xmlNewNs(root, (const xmlChar *)XHTML_NAMESPACE, NULL);
	xmlHashTablePtr ids = run->ids != NULL ? run->ids : xmlHashCreate(0);
	struct sanitize_context context = { "test.md", run->line_offset, ids, S_resolve_image,
	    run, 0, NULL, 0, 0 };
	xmlBufferPtr buffer = xmlBufferCreate();
	char *result;

	xmlNewNs(root, (const xmlChar *)"http://www.idpf.org/2007/ops", (const xmlChar *)"epub");
	xmlSetNs(root, ns);
	xmlDocSetRootElement(doc, root);
	parent = xmlNewChild(xmlNewChild(root, ns, (const xmlChar *)"body", NULL), ns,
	    (const xmlChar *)(run->parent != NULL ? run->parent : "section"), NULL);
	html_sanitize_children(&context, html_parent, parent, run->phrasing);
	xmlNodeDump(buffer, doc, parent, 0, 0);
	result = xstrdup((const char *)xmlBufferContent(buffer));
	xmlBufferFree(buffer);
	if (run->ids == NULL)
		xmlHashFree(ids, NULL);
	xmlFreeDoc(doc);
	return result;
}

static xmlNodePtr
S_body(htmlDocPtr doc)
{
	xmlNodePtr node;

	for (node = xmlDocGetRootElement(doc)->children; node != NULL; node = node->next)
		if (xmlStrEqual(node->name, (const xmlChar *)"body"))
			return node;
	return NULL;
}

static char *
S_sanitize_run(struct S_run *run, const char *html)
{
	htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	char *result = S_sanitize_tree(run, S_body(doc));

	xmlFreeDoc(doc);
	return result;
}

static char *
S_sanitize(const char *html)
{
	struct S_run run = { NULL, 0, 0, NULL, 0 };

	return S_sanitize_run(&run, html);
}

/* Checks the sanitised html, and that it raised the given number of warnings. */
static void
S_check(const char *html, const char *expected, int warnings)
{
	int before = diag_warning_count();
	char *result = S_sanitize(html);

	CHECK_STR(result, expected);
	if (diag_warning_count() - before != warnings)
		fprintf(stderr, "in: %s\n", html);
	CHECK(diag_warning_count() - before == warnings);
	free(result);
}

static void
S_test_removal(void)
{
	S_check("<p>a</p><script>alert(1)</script><p>b</p>",
	    "<section><p>a</p><p>b</p></section>", 1);
	S_check("<p>a<style>p{}</style><input type=text>b</p>",
	    "<section><p>ab</p></section>", 2);
	S_check("<form><p>in a form</p></form><p>x</p>", "<section><p>x</p></section>", 1);
	S_check("<p onclick=\"steal()\" class=\"c\" style=\"color:red\" data-x=\"1\">t</p>",
	    "<section><p class=\"c\">t</p></section>", 1);
	S_check("<p><a href=\"javascript:alert(1)\" id=\"j\">x</a></p>",
	    "<section><p>x</p></section>", 1);
	S_check("<p><a href=\" JavaScript:alert(1)\">x</a> <a href=\"data:text/html,x\">y</a></p>",
	    "<section><p>x y</p></section>", 2);
	S_check("<!-- comment --><p>a<!-- b -->c</p>", "<section><p>ac</p></section>", 0);
}

static void
S_test_embeds(void)
{
	S_check("<iframe src=\"https://video.example/embed/1\"></iframe>",
	    "<section><p><a href=\"https://video.example/embed/1\">"
	    "https://video.example/embed/1</a></p></section>", 1);
	S_check("<p>see <iframe src=\"http://e.example/v\">fallback</iframe></p>",
	    "<section><p>see <a href=\"http://e.example/v\">http://e.example/v</a></p></section>",
	    1);
	S_check("<iframe src=\"javascript:x\"></iframe><iframe></iframe>",
	    "<section/>", 2);
	S_check("<video controls><source src=\"https://e.example/a.mp4\">no video</video>",
	    "<section><p><a href=\"https://e.example/a.mp4\">https://e.example/a.mp4</a></p>"
	    "</section>", 1);
	S_check("<object data=\"http://e.example/o\"></object>",
	    "<section><p><a href=\"http://e.example/o\">http://e.example/o</a></p></section>", 1);
	/* libxml2 nests what follows <embed> inside it: that content must survive. */
	S_check("<p><embed src=\"https://e.example/e\">after</p>",
	    "<section><p><a href=\"https://e.example/e\">https://e.example/e</a>after</p>"
	    "</section>", 1);
}

static void
S_test_content_models(void)
{
	struct S_run run = { "p", 1, 0, NULL, 0 };
	char *result;

	S_check("<p><span>a<div>b</div>c</span></p>", "<section><p><span>abc</span></p></section>",
	    0);
	result = S_sanitize_run(&run, "<div>a</div><ul><li>b</li></ul><hr>c<br>d");
	CHECK_STR(result, "<p>abc<br/>d</p>");
	free(result);
	S_check("<ul>stray<li>a</li> <p>p</p></ul>",
	    "<section><ul><li>stray</li><li>a</li><li><p>p</p></li></ul></section>", 0);
	S_check("<ol reversed start=\"3\" type=\"a\" class=\"x\"><li value=\"2\">a</li></ol>"
	    "<ul><li value=\"2\">b</li></ul>",
	    "<section><ol reversed=\"reversed\" start=\"3\" type=\"a\" class=\"x\">"
	    "<li value=\"2\">a</li></ol><ul><li>b</li></ul></section>", 0);
	S_check("<ol start=\"x\" type=\"q\"><li>a</li></ol>",
	    "<section><ol><li>a</li></ol></section>", 0);
	S_check("<dl><dd>d</dd>text<dt>t</dt></dl>",
	    "<section><dl><dt/><dd>d</dd><dd>text</dd><dt>t</dt><dd/></dl></section>", 0);
	S_check("<table><td colspan=\"2\" rowspan=\"0\">1</td>x</table>",
	    "<section><table><tr><td colspan=\"2\">1</td><td>x</td></tr></table></section>", 0);
	S_check("<table><tr><td>1</td></tr><tbody><tr><th scope=\"COL\">2</th></tr></tbody>"
	    "<caption>c</caption></table>",
	    "<section><table><caption>c</caption><tbody><tr><td>1</td></tr></tbody><tbody><tr>"
	    "<th scope=\"col\">2</th></tr></tbody></table></section>", 0);
	S_check("<p><span><li>x</li><td>y</td></span></p>",
	    "<section><p><span>x</span></p>y</section>", 0);
	S_check("<figure><p>a</p><figcaption>c1</figcaption><p>b</p></figure>"
	    "<figure><img src=\"ok.png\"><figcaption>c2</figcaption></figure>",
	    "<section><figure><p>a</p><div>c1</div><p>b</p></figure><figure>"
	    "<img src=\"images/ok.png\" alt=\"\"/><figcaption>c2</figcaption></figure>"
	    "</section>", 1);
	/* Decorative images need no alt text and say so; remote ones become links. */
	S_check("<p><img src=\"ok.png\" alt=\"\" role=\"presentation\">"
	    "<img src=\"https://example.org/x.jpg\" alt=\"Remote\"></p>",
	    "<section><p><img src=\"images/ok.png\" alt=\"\" role=\"presentation\"/>"
	    "<a href=\"https://example.org/x.jpg\">Remote</a></p></section>", 0);
	S_check("<details open><p>no summary</p></details>"
	    "<details open><summary>s</summary>d</details>",
	    "<section><div><p>no summary</p></div><details open=\"open\"><summary>s</summary>d"
	    "</details></section>", 0);
	S_check("<p><ruby>kan<rp>(</rp><rt>k</rt><rp>)</rp></ruby><ruby><rt>r</rt></ruby></p>",
	    "<section><p><ruby>kan<rp>(</rp><rt>k</rt><rp>)</rp></ruby><span><span>r</span></span>"
	    "</p></section>", 0);
	S_check("<p><time>2020 <b>x</b></time><ruby>a<rp><i>(</i></rp><rt>b</rt><rp>)</rp></ruby>"
	    "<rp><i>c</i></rp></p>", "<section><p><time>2020 x</time><ruby>a<rp>(</rp><rt>b</rt>"
	    "<rp>)</rp></ruby><i>c</i></p></section>", 0);
	S_check("<center>c</center><p><tt>t</tt><strike>s</strike><font>f</font><big>b</big></p>",
	    "<section><div>c</div><p><code>t</code><s>s</s>fb</p></section>", 0);
}

static void
S_test_attributes(void)
{
	struct S_run run = { NULL, 0, 0, NULL, 0 };
	char *result;
	int before;

	run.ids = xmlHashCreate(0);
	xmlHashAddEntry(run.ids, (const xmlChar *)"taken", run.ids);
	before = diag_warning_count();
	result = S_sanitize_run(&run, "<p id=\"x\">a</p><p id=\"x\">b</p><p id=\"1bad\">c</p>"
	    "<p id=\"taken\">d</p>");
	CHECK_STR(result, "<section><p id=\"x\">a</p><p>b</p><p>c</p><p>d</p></section>");
	CHECK(diag_warning_count() - before == 3);
	CHECK(xmlHashLookup(run.ids, (const xmlChar *)"x") != NULL);
	{
		struct sanitize_context context = { "test.md", 0, run.ids, NULL, NULL, 0, NULL, 0,
		    0 };

		CHECK(!html_sanitize_id_is_free(&context, "x"));
		CHECK(!html_sanitize_id_is_free(&context, "a b"));
		CHECK(!html_sanitize_id_is_free(&context, "9"));
		CHECK(html_sanitize_id_is_free(&context, "y"));
	}
	free(result);
	xmlHashFree(run.ids, NULL);

	S_check("<p lang=\"fr-CA\" dir=\"RTL\">x</p><p lang=\"not a tag\" dir=\"up\">y</p>",
	    "<section><p lang=\"fr-CA\" xml:lang=\"fr-CA\" dir=\"rtl\">x</p><p>y</p></section>", 0);
	S_check("<p><bdo dir=\"rtl\">a</bdo><bdo>b</bdo><bdo dir=\"auto\">c</bdo></p>",
	    "<section><p><bdo dir=\"rtl\">a</bdo>bc</p></section>", 0);
}

static void
S_test_links(void)
{
	struct S_run run = { NULL, 0, 10, NULL, 0 };
	char *result;

	result = S_sanitize_run(&run, "<p data-sourcepos=\"3:1-3:20\">see <a href=\"other.md#x\" "
	    "title=\"t\">o</a> <a href=\"https://example.com/\">e</a> <a>n</a></p>");
	CHECK_STR(result, "<section><p>see <a href=\"other.md#x\" data-kagama-line=\"13\" "
	    "title=\"t\">o</a> <a href=\"https://example.com/\">e</a> <a>n</a></p></section>");
	free(result);
	/* chapter.c's wrapper around a Markdown link: transparent, its line and column kept. */
	result = S_sanitize_run(&run, "<p data-sourcepos=\"3:1-4:20\">see <span "
	    "data-kagama-position=\"4:7\"><a href=\"x.md\">o</a></span></p>");
	CHECK_STR(result, "<section><p>see <a href=\"x.md\" data-kagama-line=\"14:7\">o</a></p>"
	    "</section>");
	free(result);
	result = S_sanitize_run(&run, "<div data-sourcepos=\"7:1-7:1\" data-kagama-unwrap=\"\">\n"
	    "<p><a href=\"#frag\">f</a><a href=\"mailto:a@example.com\">m</a></p></div>");
	CHECK_STR(result, "<section>\n<p><a href=\"#frag\" data-kagama-line=\"17\">f</a>"
	    "<a href=\"mailto:a@example.com\">m</a></p></section>");
	free(result);
}

/* A nested <a> is what libxml2 never produces; build it by hand. */
static void
S_test_nested_link(void)
{
	struct S_run run = { NULL, 0, 0, NULL, 0 };
	htmlDocPtr doc = htmlNewDoc(NULL, NULL);
	xmlNodePtr body = xmlNewDocNode(doc, NULL, (const xmlChar *)"body", NULL), outer, inner;
	char *result;

	xmlDocSetRootElement(doc, body);
	outer = xmlNewChild(body, NULL, (const xmlChar *)"a", (const xmlChar *)"x");
	xmlSetProp(outer, (const xmlChar *)"href", (const xmlChar *)"https://a.example/");
	inner = xmlNewChild(outer, NULL, (const xmlChar *)"a", (const xmlChar *)"y");
	xmlSetProp(inner, (const xmlChar *)"href", (const xmlChar *)"https://b.example/");
	xmlNewChild(outer, NULL, (const xmlChar *)"iframe", NULL);
	xmlSetProp(outer->last, (const xmlChar *)"src", (const xmlChar *)"https://c.example/");
	result = S_sanitize_tree(&run, body);
	CHECK_STR(result, "<section><a href=\"https://a.example/\">xyhttps://c.example/</a>"
	    "</section>");
	free(result);
	xmlFreeDoc(doc);
}

static void
S_test_unknown_and_images(void)
{
	struct S_run run = { NULL, 0, 4, NULL, 0 };
	char *result;

	S_check("<my-widget size=\"2\"><b>w</b></my-widget><x-a>1</x-a><x-a>2</x-a>",
	    "<section><b>w</b>12</section>", 0);
	result = S_sanitize_run(&run, "<p data-sourcepos=\"2:1-2:9\"><img src=\"ok.png\" "
	    "width=\"10\" height=\"x\" ismap onerror=\"y\"></p>");
	CHECK_STR(result, "<section><p><img src=\"images/ok.png\" width=\"10\" alt=\"\"/></p>"
	    "</section>");
	CHECK(run.image_line == 6);
	free(result);
	S_check("<p><img src=\"missing.png\" alt=\"Alt &amp; text\"> <img src=\"missing.png\">"
	    "<img alt=\"no src\"></p>", "<section><p>Alt &amp; text </p></section>", 0);
	S_check("<p><img src=\"ok.png\" alt=\"A\" title=\"T\"></p>",
	    "<section><p><img src=\"images/ok.png\" alt=\"A\" title=\"T\"/></p></section>", 0);
}

/* libxml2 keeps control characters out of what it parses, so build the text by hand. */
static void
S_test_text(void)
{
	struct S_run run = { NULL, 0, 0, NULL, 0 };
	htmlDocPtr doc;
	xmlNodePtr body, p;
	char *result;
	xmlChar *content;

	result = S_sanitize("<p>a&nbsp;b</p>");
	CHECK_STR(result, "<section><p>a\xC2\xA0" "b</p></section>");
	free(result);

	doc = htmlNewDoc(NULL, NULL);
	body = xmlNewDocNode(doc, NULL, (const xmlChar *)"body", NULL);
	xmlDocSetRootElement(doc, body);
	p = xmlNewChild(body, NULL, (const xmlChar *)"p", NULL);
	xmlAddChild(p, xmlNewDocText(doc, (const xmlChar *)"a\x01" "b\x1F" "c\xEF\xBF\xBE"
	    "d\xEF\xBF\xBF" "e\xFF" "f\xC0\xAF" "g\xED\xA0\x80" "h\t\xC2\xA0i"));
	xmlSetProp(p, (const xmlChar *)"title", (const xmlChar *)"t\x02t");
	xmlAddChild(body, xmlNewCDataBlock(doc, (const xmlChar *)"<cdata>", 7));
	result = S_sanitize_tree(&run, body);
	CHECK_STR(result, "<section><p title=\"tt\">abcdefgh\t\xC2\xA0i</p>&lt;cdata&gt;"
	    "</section>");
	free(result);
	xmlFreeDoc(doc);

	/* The XHTML text node holds U+00A0 itself, whatever the serialiser does with it. */
	doc = htmlReadMemory("<p>&nbsp;</p>", 13, NULL, "UTF-8", HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	{
		xmlDocPtr xhtml = xmlNewDoc((const xmlChar *)"1.0");
		xmlNodePtr root = xmlNewDocNode(xhtml, NULL, (const xmlChar *)"html", NULL);
		struct sanitize_context context = { "test.md", 0, NULL, NULL, NULL, 0, NULL, 0, 0 };

		xmlSetNs(root, xmlNewNs(root, (const xmlChar *)XHTML_NAMESPACE, NULL));
		xmlDocSetRootElement(xhtml, root);
		html_sanitize_children(&context, S_body(doc), root, 0);
		content = xmlNodeGetContent(root);
		CHECK_STR((const char *)content, "\xC2\xA0");
		CHECK(root->children != NULL && root->children->ns != NULL &&
		    xmlStrEqual(root->children->ns->href, (const xmlChar *)XHTML_NAMESPACE));
		xmlFree(content);
		xmlFreeDoc(xhtml);
	}
	xmlFreeDoc(doc);
}

/* Number of times needle occurs in haystack. */
static int
S_count(const char *haystack, const char *needle)
{
	int count = 0;

	while ((haystack = strstr(haystack, needle)) != NULL) {
		count++;
		haystack++;
	}
	return count;
}

static void
S_test_deep_nesting(void)
{
	struct S_run run = { NULL, 0, 0, NULL, 0 };
	htmlDocPtr doc = htmlNewDoc(NULL, NULL);
	xmlNodePtr body = xmlNewDocNode(doc, NULL, (const xmlChar *)"body", NULL), node;
	struct buffer html = { 0 };
	char *result;
	int i, before = diag_warning_count();

	/* A tree libxml2's parser would refuse to build, made by hand. */
	xmlDocSetRootElement(doc, body);
	for (node = body, i = 0; i < DEEP; i++)
		node = xmlNewChild(node, NULL, (const xmlChar *)(i % 2 ? "blockquote" : "div"),
		    NULL);
	xmlNewChild(node, NULL, (const xmlChar *)"script", (const xmlChar *)"hidden");
	xmlAddChild(node, xmlNewDocText(doc, (const xmlChar *)"deep"));
	result = S_sanitize_tree(&run, body);
	CHECK(strstr(result, "deep") != NULL);
	CHECK(strstr(result, "hidden") == NULL);
	/* Copied down to the depth limit, flattened below. */
	CHECK(S_count(result, "<div>") + S_count(result, "<blockquote>") == XML_MAX_DEPTH);
	CHECK(diag_warning_count() - before == 1);
	free(result);
	xmlFreeDoc(doc);

	/* The same through the parser, as cmark would render 30,000 nested block quotes. */
	for (i = 0; i < DEEP; i++)
		buffer_puts(&html, "<blockquote data-sourcepos=\"1:1-1:1\">\n");
	buffer_puts(&html, "<p>x</p>\n");
	for (i = 0; i < DEEP; i++)
		buffer_puts(&html, "</blockquote>\n");
	result = S_sanitize(html.data);
	CHECK(strncmp(result, "<section><blockquote>", 21) == 0);
	free(result);
	buffer_free(&html);
}

void
test_html_sanitize(void)
{
	/* Warnings are counted here, not printed. */
	diag_configure(1, 0, 0);
	S_test_removal();
	S_test_embeds();
	S_test_content_models();
	S_test_attributes();
	S_test_links();
	S_test_nested_link();
	S_test_unknown_and_images();
	S_test_text();
	S_test_deep_nesting();
	diag_configure(0, 0, 0);
}
