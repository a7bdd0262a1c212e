/* package_metadata.h - content.opf's <metadata>, made from the book once every chapter is
 * finished (accessibility claims count the images and their text alternatives).  Included by
 * package.c and package_metadata.c. */
#ifndef KAGAMA_PACKAGE_METADATA_H
#define KAGAMA_PACKAGE_METADATA_H

#include <libxml/tree.h>

#include "book.h"

/* Adds <metadata> with its dc: namespace to root, the OPF <package> in namespace opf; warns
 * (bad-date) about a date EPUBCheck would refuse and leaves it out. */
void package_metadata_add(const struct book *book, xmlNodePtr root, xmlNsPtr opf);

#endif
