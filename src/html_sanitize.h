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
 * in <span data-kagama-position="7:12"> when the article holds raw HTML (otherwise it gives
 * the places as sanitize_context.positions).  data-sourcepos gives a line only. */
#define SANITIZE_POSITION_ATTRIBUTE "data-kagama-position"

/* The place of an <a> or <img> of the input, given as a list in document order instead of a
 * SANITIZE_POSITION_ATTRIBUTE span around each (chapter.c, when nothing can have added or
 * removed such an element).  wrapped 0: no place, as an element without a span. */
struct sanitize_position {
	int	line;		/* in the Markdown, before line_offset */
	int	column;		/* 0: unknown */
	int	wrapped;	/* 1: as if a span with line and column were around it */
};

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
	/* The places of the input's <a> and <img> elements in document order, or NULL. */
	const struct sanitize_position	*positions;
	size_t		 position_count;
	size_t		 position_next;	/* the next one to take; set by the sanitiser */
};

/* Appends sanitised copies of the children of html_parent to xhtml_parent, which belongs to an
 * XHTML document whose root element declares the XHTML namespace.  phrasing is 1 when
 * xhtml_parent accepts only phrasing content (e.g. a <p>).  Never modifies the HTML tree. */
void html_sanitize_children(struct sanitize_context *context, xmlNodePtr html_parent,
    xmlNodePtr xhtml_parent, int phrasing);

/* 1 if id is a valid XML ID (an NCName) not yet used in ids. */
int html_sanitize_id_is_free(const struct sanitize_context *context, const char *id);

#endif
