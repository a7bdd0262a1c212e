/* package.h - the documents that describe the book rather than tell it: content.opf, nav.xhtml
 * and the contents page, toc.ncx, META-INF/container.xml, and the order of every file in the
 * container (the other pages themselves come from pages.c).  Called by main.c. */
#ifndef KAGAMA_PACKAGE_H
#define KAGAMA_PACKAGE_H

#include "book.h"
#include "container.h"
#include "options.h"
#include "template.h"

/* Where the package lives inside the container. */
#define PACKAGE_DIRECTORY "EPUB/"
/* The contents page in the spine; nav.xhtml, the navigation document, is not in it. */
#define PACKAGE_CONTENTS "contents.xhtml"
/* book.yaml's css, copied beside style.css. */
#define PACKAGE_EXTRA_STYLESHEET "extra.css"
/* Largest chapter file readers handle comfortably, in bytes (--split-size's default). */
#define PACKAGE_MAX_DOCUMENT (OPTIONS_SPLIT_SIZE_KB * 1024)

/* Sets book->identifier (given, or a UUID derived from title and article paths). */
void package_identify(struct book *book);
/* Adds every entry of the finished book to the container in its fixed order: mimetype,
 * container.xml, OPF, nav, NCX, stylesheet, cover, title and contents pages, parts and
 * chapters in reading order, images.  The chapters' serialised text moves into the container. */
void package_assemble(const struct options *options, struct book *book,
    const struct template_set *templates, struct container *container);

#endif
