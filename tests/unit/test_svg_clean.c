/* test_svg_clean.c - SVG files as plotting tools write them, cleaned for a book: DOCTYPE and
 * entities gone, ids made XML names with their references, local url()s unquoted. */
#include <stdlib.h>
#include <string.h>

#include "svg_clean.h"
#include "unit.h"

/* The cleaned text of svg (NULL when nothing had to change); the caller frees it. */
static char *
S_clean(const char *svg)
{
	char *cleaned = NULL;
	size_t length = 0;

	if (svg_clean_file((const unsigned char *)svg, strlen(svg), "t.svg", "t.md", 1, &cleaned,
	    &length) != 0)
		return NULL;
	return cleaned;
}

void
test_svg_clean(void)
{
	char *out;

	out = S_clean("<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
	    "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\" [\n<!ENTITY c \"#9400d3\">\n"
	    "<!ENTITY ns \"http://www.w3.org/2000/svg\">\n]>\n<svg xmlns=\"&ns;\"><path "
	    "stroke=\"&c;\" d=\"M0,0\"/><text>&c; line</text></svg>\n");
	CHECK(out != NULL && strstr(out, "DOCTYPE") == NULL && strstr(out, "&") == NULL);
	CHECK(out != NULL && strstr(out, "xmlns=\"http://www.w3.org/2000/svg\"") != NULL);
	CHECK(out != NULL && strstr(out, "stroke=\"#9400d3\"") != NULL);
	CHECK(out != NULL && strstr(out, "<text>#9400d3 line</text>") != NULL);
	free(out);

	out = S_clean("<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><defs><clipPath id=\"cpMC4w=\"/>"
	    "<path id=\"1 p\"/><path id=\"ok\"/><path id=\"ok\"/></defs>"
	    "<g clip-path=\"url('#cpMC4w=')\" style=\"fill:url( #1 p )\"><use xlink:href=\"#1 p\"/>"
	    "</g></svg>");
	CHECK(out != NULL && strstr(out, "id=\"id-cpMC4w-\"") != NULL);
	CHECK(out != NULL && strstr(out, "clip-path=\"url(#id-cpMC4w-)\"") != NULL);
	CHECK(out != NULL && strstr(out, "style=\"fill:url(#id-1-p)\"") != NULL);
	CHECK(out != NULL && strstr(out, "xlink:href=\"#id-1-p\"") != NULL);
	CHECK(out != NULL && strstr(out, "id=\"ok\"") != NULL && strstr(out, "id=\"id-ok\"") != NULL);
	free(out);

	/* A style that fetches goes; one that only styles stays. */
	out = S_clean("<svg xmlns=\"http://www.w3.org/2000/svg\"><style>line{fill:none}</style>"
	    "<style>@import url(http://example.org/x.css);</style>"
	    "<rect fill=\"url(http://example.org/p.svg#g)\"/></svg>");
	CHECK(out != NULL && strstr(out, "line{fill:none}") != NULL);
	CHECK(out != NULL && strstr(out, "@import") == NULL && strstr(out, "example.org") == NULL);
	free(out);

	CHECK(S_clean("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect id=\"a\"/></svg>") == NULL);
}
