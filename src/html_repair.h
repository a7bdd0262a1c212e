/* html_repair.h - repairing the content models EPUBCheck's schema checks (lists, definition
 * lists, tables, figures, details, ruby) in sanitised XHTML.  Called by html_sanitize.c. */
#ifndef KAGAMA_HTML_REPAIR_H
#define KAGAMA_HTML_REPAIR_H

#include <libxml/tree.h>

/* Content models that need repair after the children have been copied. */
enum html_model {
	M_ANY,		/* nothing to repair */
	M_EMPTY,	/* HTML5 void element: libxml2 2.9 nests what follows it inside */
	M_LIST,		/* ul, ol: li only */
	M_DL,		/* dt+ dd+ groups */
	M_TABLE,
	M_ROWGROUP,	/* thead, tbody, tfoot: tr only */
	M_ROW,		/* tr: td, th only */
	M_COLGROUP,	/* col only, or a span attribute */
	M_FIGURE,	/* figcaption first or last */
	M_DETAILS,	/* summary first */
	M_RUBY,		/* base text, then rt or rp rt rp */
};

/* Repairs element, whose children are copied, as its model requires (M_ANY, M_EMPTY: nothing). */
void html_repair_model(xmlNodePtr element, enum html_model model);

#endif
