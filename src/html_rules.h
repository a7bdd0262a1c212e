/* html_rules.h - the HTML a chapter may hold in EPUB 3: the elements the sanitiser knows, what
 * each does to the context below it, and the attributes it keeps.  Included by html_rules.c and
 * html_sanitize.c, which alone applies them. */
#ifndef KAGAMA_HTML_RULES_H
#define KAGAMA_HTML_RULES_H

#include <libxml/tree.h>

#include "html_repair.h"

/* What the ancestors of an output node forbid below them.  Each element adds its `sets' bits
 * for its descendants; an element meeting one of its `forbidden' bits is unwrapped. */
enum {
	C_PHRASING = 1 << 0,		/* phrasing content only */
	C_LINK = 1 << 1,		/* inside <a>: no interactive content */
	C_ADDRESS = 1 << 2,		/* inside <address> */
	C_HEADER_FOOTER = 1 << 3,	/* inside <header> or <footer> */
	C_SECTIONING = 1 << 4,		/* inside article, aside, nav, header, footer */
	C_DFN = 1 << 5,			/* inside <dfn> */
	C_CAPTION = 1 << 6,		/* inside <caption>: no <table> */
	C_TEXT_ONLY = 1 << 7,		/* inside <rp> or <time> (no datetime): text only */
};

enum html_action {
	A_COPY,		/* copied, under its output name */
	A_LINK,		/* <a>: copied unless its href has a forbidden scheme */
	A_IMAGE,	/* <img>: its src goes through the resolve_image callback */
	A_UNWRAP,	/* replaced by its children */
	A_REMOVE,	/* removed with its content, with a warning */
	A_EMBED,	/* removed, or replaced by a link to its http(s) source */
};

struct html_element_rule {
	const char	*name;		/* HTML name, lowercase */
	const char	*output;	/* XHTML name when renamed, else NULL */
	enum html_action	 action;
	unsigned	 sets;		/* context bits for the descendants */
	unsigned	 forbidden;	/* unwrapped where one of these bits is set */
	const char	*parents;	/* kept only as a child of these; NULL: anywhere */
	enum html_model	 model;
};

enum html_value {
	V_TEXT,		/* any text */
	V_ID,		/* unique NCName */
	V_LANG,		/* language tag; also written as xml:lang */
	V_KEYWORD,	/* one of values, ASCII case-insensitively; written lowercase */
	V_ENUM,		/* one of values, exactly */
	V_DIGITS,	/* non-negative integer */
	V_POSITIVE,	/* positive integer */
	V_INTEGER,	/* integer */
	V_BOOLEAN,	/* present or not; written as name="name" */
	V_HREF,		/* link target */
	V_ALIGN,	/* obsolete align: one of values, kept as class "align-VALUE" */
};

struct html_attribute_rule {
	const char	*elements;	/* "td th", "ol>li" (li in ol); NULL: every element */
	const char	*name;
	enum html_value	 kind;
	const char	*values;	/* V_KEYWORD, V_ENUM: the allowed values */
};

/* The rule of an element by its lowercase HTML name, or NULL when the sanitiser does not know it
 * (it is then unwrapped with a note). */
const struct html_element_rule *html_rules_element(const char *name);
/* The name an element is written under: its XHTML name when renamed. */
const char *html_rules_output_name(const struct html_element_rule *rule);
/* The first rule that keeps attribute name on element (which is in its place in the output,
 * so its parent is known: "ol>li"), or NULL: the attribute is dropped. */
const struct html_attribute_rule *html_rules_attribute(const char *name, xmlNodePtr element);

#endif
