/* svg_clean.h - removing what may script or fetch from SVG (files and inline), with a warning
 * for each thing removed; DOCTYPEs, entities and ids that are not XML names fixed in files.
 * Called by image.c and chapter.c. */
#ifndef KAGAMA_SVG_CLEAN_H
#define KAGAMA_SVG_CLEAN_H

#include <stddef.h>

#include <libxml/tree.h>

/* Removes scripts, event attributes and references to other files from an SVG element and
 * everything below it, warning about each (display names the SVG; article and line say where
 * it was met); returns how many things it removed. */
int svg_clean_element(xmlNodePtr node, const char *display, const char *article, int line);
/* Gives every id under root that is not an XML name (svglite's "cpMC4w...=", "1 grad") or
 * repeats an earlier one a new valid name, and rewrites "#id", xlink:href and url(#id)
 * references to it; returns how many ids changed. */
int svg_clean_ids(xmlNodePtr root);
/* Checks that the SVG file data is well-formed (-1 after reporting if not) and cleans it:
 * *cleaned is the new text to carry instead (the caller frees it), or NULL when nothing had
 * to go. */
int svg_clean_file(const unsigned char *data, size_t length, const char *display,
    const char *article, int line, char **cleaned, size_t *cleaned_length);

#endif
