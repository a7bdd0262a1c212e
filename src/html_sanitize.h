/* html_sanitize.h - turns an HTML tree (libxml2's HTML parser run over cmark's HTML output, raw
 * HTML included) into safe XHTML nodes that EPUBCheck accepts.  Used by chapter.c; link.c reads
 * the line attribute it leaves on local links. */
#ifndef KAGAMA_HTML_SANITIZE_H
#define KAGAMA_HTML_SANITIZE_H

#include <libxml/tree.h>
#include <libxml/hash.h>

/* Attribute the sanitizer leaves on <a> elements whose href is a local reference (no scheme),
 * holding the source line (and ":column" when known), so that link resolution can report it;
 * link.c removes it. */
#define SANITIZE_LINE_ATTRIBUTE "data-kagama-line"
/* Elements carrying this attribute in the input are transparent: replaced by their children.
 * chapter.c wraps raw HTML blocks in <div data-sourcepos=".." data-kagama-unwrap=""> so that
 * their line is known. */
#define SANITIZE_UNWRAP_ATTRIBUTE "data-kagama-unwrap"
/* Elements carrying this attribute are transparent too, and give their content the place
 * "line:column" (column 0: unknown) of the source; chapter.c wraps each Markdown link and image
 * in <span data-kagama-position="7:12">.  data-sourcepos gives a line only. */
#define SANITIZE_POSITION_ATTRIBUTE "data-kagama-position"

struct sanitize_context {
	const char	*file;		/* article path, for diagnostics */
	int		 line_offset;	/* added to the lines of data-sourcepos attributes */
	xmlHashTablePtr	 ids;		/* ids used in the output document; the sanitizer adds to it */
	/* Resolves an <img src>; returns the new src (malloc'd; the sanitizer frees it) or NULL,
	 * in which case the image is replaced by its alt text.  The callee reports problems. */
	char		*(*resolve_image)(void *data, const char *src, int line);
	void		*data;		/* passed to resolve_image */
	/* Set by the sanitiser: how deep the input went, in elements below html_parent (repairs
	 * add at most three levels for each: a table's tbody, tr and td). */
	int		 deepest;
};

/* Appends sanitised copies of the children of html_parent to xhtml_parent, which belongs to an
 * XHTML document whose root element declares the XHTML namespace.  phrasing is 1 when
 * xhtml_parent accepts only phrasing content (e.g. a <p>).  Never modifies the HTML tree. */
void html_sanitize_children(struct sanitize_context *context, xmlNodePtr html_parent,
    xmlNodePtr xhtml_parent, int phrasing);

/* 1 if id is a valid XML ID (an NCName) not yet used in ids. */
int html_sanitize_id_is_free(const struct sanitize_context *context, const char *id);

#endif
