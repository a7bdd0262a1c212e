/* template.h - the files in epub-templates/ (embedded at build time, overridable with
 * --templates DIR): loading them, checking they are well-formed, and filling their placeholders. */
#ifndef KAGAMA_TEMPLATE_H
#define KAGAMA_TEMPLATE_H

#include <stddef.h>
#include <libxml/tree.h>

struct template_file {
	const char	*name;
	const char	*data;
	size_t		 length;
};

/* Written by tools/embed-templates.sh. */
extern const struct template_file template_embedded[];
extern const size_t template_embedded_count;

enum template_name {
	TEMPLATE_CHAPTER,
	TEMPLATE_PART,
	TEMPLATE_TITLE,
	TEMPLATE_NAV,
	TEMPLATE_COVER,
	TEMPLATE_COVER_SVG,
	TEMPLATE_COLOPHON,
	TEMPLATE_INDEX,
	TEMPLATE_XHTML_COUNT,
};

struct template_set {
	xmlDocPtr	 documents[TEMPLATE_XHTML_COUNT];
	char		*stylesheet;
	size_t		 stylesheet_length;
	const char	*extra_stylesheet;	/* href linked after style.css, or NULL */
};

/* A placeholder's replacement: text, or a list of nodes (moved into the document). */
struct template_value {
	const char	*name;
	const char	*text;
	xmlNodePtr	 nodes;		/* first of a sibling list, or NULL */
};

/* Loads every template, from dir where the file exists there, else the embedded copy.
 * Reports malformed ones (file:line) and returns NULL if any is.  Caller frees. */
struct template_set *template_set_load(const char *dir);
void template_set_free(struct template_set *set);
/* A fresh copy of a template document for the caller to fill and free. */
xmlDocPtr template_instantiate(const struct template_set *set, enum template_name name);
/* Replaces every <?kagama NAME?> with the matching value; an element left without content by
 * empty values is removed.  Values' node lists are moved into the document (the caller's
 * pointers become invalid).  Unknown names are left out.  Sets lang/xml:lang on the root. */
void template_fill(xmlDocPtr document, const char *language, struct template_value *values,
    size_t count);

/* The document as UTF-8 XML with its XML declaration (Kindle's converter assumes Latin-1
 * without one).  Returns a new buffer and its length; the caller frees it with free(). */
char *template_serialize(xmlDocPtr document, size_t *length);
/* The same, indented: for documents without mixed content (OPF, NCX). */
char *template_serialize_indented(xmlDocPtr document, size_t *length);

#endif
