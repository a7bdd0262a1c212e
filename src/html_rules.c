/* html_rules.c - the tables of the HTML a chapter may hold in EPUB 3 (html_rules.h): every
 * element the sanitiser knows and every attribute it keeps, and their lookups.  Called by
 * html_sanitize.c only. */
#include <stdio.h>
#include <string.h>

#include "html_rules.h"
#include "util.h"

/* Flow-only elements are the ones a phrasing context forbids. */
#define FLOW C_PHRASING

#define PHRASE(name)		{ name, NULL, A_COPY, C_PHRASING, 0, NULL, M_ANY }
#define BLOCK(name)		{ name, NULL, A_COPY, 0, FLOW, NULL, M_ANY }
#define HEADING(name)		{ name, NULL, A_COPY, C_PHRASING, FLOW, NULL, M_ANY }
#define RENAMED(name, output, sets, forbidden) \
				{ name, output, A_COPY, sets, forbidden, NULL, M_ANY }
#define UNWRAPPED(name)		{ name, NULL, A_UNWRAP, 0, 0, NULL, M_ANY }
#define REMOVED(name)		{ name, NULL, A_REMOVE, 0, 0, NULL, M_ANY }
#define REMOVED_EMPTY(name)	{ name, NULL, A_REMOVE, 0, 0, NULL, M_EMPTY }
#define EMBED(name, model)	{ name, NULL, A_EMBED, 0, 0, NULL, model }

/* Every element the sanitizer knows; the others are unwrapped with a note.  Small enough for a
 * linear search. */
static const struct html_element_rule S_elements[] = {
	/* Kept. */
	{ "a", NULL, A_LINK, C_PHRASING | C_LINK, C_LINK, NULL, M_ANY },
	PHRASE("abbr"),
	{ "address", NULL, A_COPY, C_ADDRESS, FLOW | C_ADDRESS, NULL, M_ANY },
	{ "article", NULL, A_COPY, C_SECTIONING, FLOW, NULL, M_ANY },
	{ "aside", NULL, A_COPY, C_SECTIONING, FLOW, NULL, M_ANY },
	PHRASE("b"),
	PHRASE("bdi"),
	PHRASE("bdo"),
	BLOCK("blockquote"),
	{ "br", NULL, A_COPY, 0, 0, NULL, M_EMPTY },
	{ "caption", NULL, A_COPY, C_CAPTION, 0, "table", M_ANY },
	PHRASE("cite"),
	PHRASE("code"),
	{ "col", NULL, A_COPY, 0, 0, "colgroup table", M_EMPTY },
	{ "colgroup", NULL, A_COPY, 0, 0, "table", M_COLGROUP },
	{ "dd", NULL, A_COPY, 0, 0, "dl", M_ANY },
	{ "del", NULL, A_COPY, 0, 0, NULL, M_ANY },
	{ "details", NULL, A_COPY, 0, FLOW | C_LINK, NULL, M_DETAILS },
	{ "dfn", NULL, A_COPY, C_PHRASING | C_DFN, C_DFN, NULL, M_ANY },
	BLOCK("div"),
	{ "dl", NULL, A_COPY, 0, FLOW, NULL, M_DL },
	{ "dt", NULL, A_COPY, C_PHRASING, 0, "dl", M_ANY },
	PHRASE("em"),
	{ "figcaption", NULL, A_COPY, 0, 0, "figure", M_ANY },
	{ "figure", NULL, A_COPY, 0, FLOW, NULL, M_FIGURE },
	{ "footer", NULL, A_COPY, C_HEADER_FOOTER | C_SECTIONING,
	    FLOW | C_ADDRESS | C_HEADER_FOOTER, NULL, M_ANY },
	HEADING("h1"),
	HEADING("h2"),
	HEADING("h3"),
	HEADING("h4"),
	HEADING("h5"),
	HEADING("h6"),
	{ "header", NULL, A_COPY, C_HEADER_FOOTER | C_SECTIONING,
	    FLOW | C_ADDRESS | C_HEADER_FOOTER, NULL, M_ANY },
	{ "hr", NULL, A_COPY, 0, FLOW, NULL, M_EMPTY },
	PHRASE("i"),
	{ "img", NULL, A_IMAGE, 0, 0, NULL, M_EMPTY },
	{ "ins", NULL, A_COPY, 0, 0, NULL, M_ANY },
	PHRASE("kbd"),
	{ "li", NULL, A_COPY, 0, 0, "ul ol", M_ANY },
	{ "main", NULL, A_COPY, 0, FLOW | C_SECTIONING, NULL, M_ANY },
	PHRASE("mark"),
	{ "nav", NULL, A_COPY, C_SECTIONING, FLOW, NULL, M_ANY },
	{ "ol", NULL, A_COPY, 0, FLOW, NULL, M_LIST },
	HEADING("p"),
	HEADING("pre"),
	PHRASE("q"),
	{ "rp", NULL, A_COPY, C_PHRASING | C_TEXT_ONLY, 0, "ruby", M_ANY },
	{ "rt", NULL, A_COPY, C_PHRASING, 0, "ruby", M_ANY },
	{ "ruby", NULL, A_COPY, C_PHRASING, 0, NULL, M_RUBY },
	PHRASE("s"),
	PHRASE("samp"),
	BLOCK("section"),
	PHRASE("small"),
	PHRASE("span"),
	PHRASE("strong"),
	PHRASE("sub"),
	{ "summary", NULL, A_COPY, C_PHRASING, 0, "details", M_ANY },
	PHRASE("sup"),
	{ "table", NULL, A_COPY, 0, FLOW | C_CAPTION, NULL, M_TABLE },
	{ "tbody", NULL, A_COPY, 0, 0, "table", M_ROWGROUP },
	{ "td", NULL, A_COPY, 0, 0, "tr table thead tbody tfoot", M_ANY },
	{ "tfoot", NULL, A_COPY, 0, 0, "table", M_ROWGROUP },
	{ "th", NULL, A_COPY, 0, 0, "tr table thead tbody tfoot", M_ANY },
	{ "thead", NULL, A_COPY, 0, 0, "table", M_ROWGROUP },
	{ "time", NULL, A_COPY, C_PHRASING | C_TEXT_ONLY, 0, NULL, M_ANY },
	{ "tr", NULL, A_COPY, 0, 0, "table thead tbody tfoot", M_ROW },
	PHRASE("u"),
	{ "ul", NULL, A_COPY, 0, FLOW, NULL, M_LIST },
	PHRASE("var"),
	{ "wbr", NULL, A_COPY, 0, 0, NULL, M_EMPTY },
	/* Obsolete: renamed to their modern equivalent, or unwrapped. */
	RENAMED("acronym", "abbr", C_PHRASING, 0),
	RENAMED("center", "div", 0, FLOW),
	RENAMED("strike", "s", C_PHRASING, 0),
	RENAMED("tt", "code", C_PHRASING, 0),
	UNWRAPPED("big"),
	UNWRAPPED("blink"),
	UNWRAPPED("font"),
	UNWRAPPED("marquee"),
	UNWRAPPED("nobr"),
	/* Scripts, forms, metadata, foreign content: removed with what they contain. */
	REMOVED("applet"),
	REMOVED_EMPTY("area"),
	REMOVED_EMPTY("base"),
	REMOVED("button"),
	REMOVED("canvas"),
	REMOVED("datalist"),
	REMOVED("dialog"),
	REMOVED("fieldset"),
	REMOVED("form"),
	REMOVED("frame"),
	REMOVED("frameset"),
	REMOVED("head"),
	REMOVED_EMPTY("input"),
	REMOVED("label"),
	REMOVED("legend"),
	REMOVED_EMPTY("link"),
	REMOVED("map"),
	REMOVED("math"),
	REMOVED_EMPTY("meta"),
	REMOVED("noscript"),
	REMOVED("optgroup"),
	REMOVED("option"),
	REMOVED("output"),
	REMOVED_EMPTY("param"),
	REMOVED("script"),
	REMOVED("select"),
	REMOVED_EMPTY("source"),
	REMOVED("style"),
	REMOVED("svg"),
	REMOVED("template"),
	REMOVED("textarea"),
	REMOVED("title"),
	REMOVED_EMPTY("track"),
	/* Embedded content: a link to an http(s) source survives. */
	EMBED("audio", M_ANY),
	EMBED("embed", M_EMPTY),
	EMBED("iframe", M_ANY),
	EMBED("object", M_ANY),
	EMBED("video", M_ANY),
};


/* Every attribute kept; the first rule matching an element and a name wins.  Image sources go
 * through S_image() instead. */
static const struct html_attribute_rule S_attributes[] = {
	{ NULL, "id", V_ID, NULL },
	{ NULL, "class", V_TEXT, NULL },
	{ NULL, "title", V_TEXT, NULL },
	{ NULL, "lang", V_LANG, NULL },
	{ "bdo", "dir", V_KEYWORD, "ltr rtl" },
	{ NULL, "dir", V_KEYWORD, "ltr rtl auto" },
	{ "a", "href", V_HREF, NULL },
	{ "img", "alt", V_TEXT, NULL },
	{ "img", "width", V_DIGITS, NULL },
	{ "img", "height", V_DIGITS, NULL },
	{ "td th", "colspan", V_POSITIVE, NULL },
	{ "td th", "rowspan", V_POSITIVE, NULL },
	{ "th", "scope", V_KEYWORD, "row col rowgroup colgroup" },
	{ "td th", "align", V_ALIGN, "left center right" },
	{ "ol", "start", V_INTEGER, NULL },
	{ "ol", "reversed", V_BOOLEAN, NULL },
	{ "ol", "type", V_ENUM, "1 a A i I" },
	{ "ol>li", "value", V_INTEGER, NULL },
	{ "col colgroup", "span", V_POSITIVE, NULL },
	{ "details", "open", V_BOOLEAN, NULL },
};


const struct html_element_rule *
html_rules_element(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(S_elements) / sizeof(S_elements[0]); i++)
		if (strcmp(S_elements[i].name, name) == 0)
			return &S_elements[i];
	return NULL;
}

const char *
html_rules_output_name(const struct html_element_rule *rule)
{
	return rule->output != NULL ? rule->output : rule->name;
}

const struct html_attribute_rule *
html_rules_attribute(const char *name, xmlNodePtr element)
{
	const char *parent = element->parent != NULL ? (const char *)element->parent->name : "";
	const struct html_attribute_rule *rule;
	char path[64];
	size_t i;

	for (i = 0; i < sizeof(S_attributes) / sizeof(S_attributes[0]); i++) {
		rule = &S_attributes[i];
		if (xmlStrcasecmp((const xmlChar *)name, (const xmlChar *)rule->name) != 0)
			continue;
		if (rule->elements == NULL ||
		    util_word_in(rule->elements, (const char *)element->name))
			return rule;
		/* "ol>li": the path is made only for such a rule (snprintf for every attribute
		 * of a 100,000-row table's cells was 4% of its time). */
		if (strchr(rule->elements, '>') == NULL)
			continue;
		snprintf(path, sizeof(path), "%s>%s", parent, (const char *)element->name);
		if (util_word_in(rule->elements, path))
			return rule;
	}
	return NULL;
}
