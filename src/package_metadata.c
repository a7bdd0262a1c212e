/* package_metadata.c - the <metadata> of content.opf: Dublin Core, creators with their roles,
 * series, accessibility claims derived from the content, the cover and the modification time.
 * Called by package.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "labels.h"
#include "package_metadata.h"
#include "util.h"
#include "xml_walk.h"

#define DC_NAMESPACE "http://purl.org/dc/elements/1.1/"

/* Adds <meta refines="#id" property="..."> to the OPF metadata. */
static void
S_refine(xmlNodePtr metadata, xmlNsPtr opf, const char *id, const char *property,
    const char *value, const char *scheme)
{
	xmlNodePtr meta = xml_add_child(metadata, opf, "meta", value);
	char *target = xasprintf("#%s", id);

	xml_set(meta, "refines", target);
	xml_set(meta, "property", property);
	if (scheme != NULL)
		xml_set(meta, "scheme", scheme);
	free(target);
}

/* A dc:date EPUBCheck accepts (W3CDTF): YYYY, YYYY-MM, YYYY-MM-DD, optionally with a time. */
static int
S_valid_date(const char *date)
{
	char *iso, *shown = labels_format_date(labels_default(), date, &iso);
	int valid = shown != NULL;

	free(shown);
	free(iso);
	return valid;
}

static void
S_opf_person(xmlNodePtr metadata, xmlNsPtr dc, xmlNsPtr opf, size_t number,
    const struct person *person)
{
	char *id = xasprintf("creator-%zu", number);
	const char *element = strcmp(person->role, "aut") == 0 ? "creator" : "contributor";

	xml_set(xml_add_child(metadata, dc, element, person->name), "id", id);
	S_refine(metadata, opf, id, "role", person->role, "marc:relators");
	if (person->file_as != NULL)
		S_refine(metadata, opf, id, "file-as", person->file_as, NULL);
	free(id);
}

static void
S_opf_people(const struct book *book, xmlNodePtr metadata, xmlNsPtr dc, xmlNsPtr opf)
{
	const struct book_meta *meta = &book->meta;
	xmlHashTablePtr seen;
	size_t i, a, n = 0;

	for (i = 0; i < meta->creator_count; i++)
		S_opf_person(metadata, dc, opf, ++n, &meta->creators[i]);
	if (meta->creator_count > 0)
		return;
	/* No creator in book.yaml: the anthology's authors are its creators. */
	seen = xmlHashCreate(16);
	for (a = 0; a < book->article_count; a++)
		for (i = 0; i < book->articles[a]->author_count; i++) {
			struct person author = { book->articles[a]->authors[i], "aut", NULL };

			if (xmlHashAddEntry(seen, (const xmlChar *)author.name, seen) == 0)
				S_opf_person(metadata, dc, opf, ++n, &author);
		}
	xmlHashFree(seen, NULL);
}

/* EPUB 3 collections, plus the calibre:series pair that Calibre, KOReader and many other
 * readers show. */
static void
S_opf_series(const struct book_meta *meta, xmlNodePtr metadata, xmlNsPtr opf)
{
	xmlNodePtr calibre;

	if (meta->series == NULL)
		return;
	xml_set(xml_add_child(metadata, opf, "meta", meta->series), "property", "belongs-to-collection");
	xmlSetProp(metadata->last, (const xmlChar *)"id", (const xmlChar *)"series");
	S_refine(metadata, opf, "series", "collection-type", "series", NULL);
	if (meta->series_index != NULL)
		S_refine(metadata, opf, "series", "group-position", meta->series_index, NULL);
	calibre = xml_add_child(metadata, opf, "meta", NULL);
	xml_set(calibre, "name", "calibre:series");
	xml_set(calibre, "content", meta->series);
	if (meta->series_index != NULL) {
		calibre = xml_add_child(metadata, opf, "meta", NULL);
		xml_set(calibre, "name", "calibre:series_index");
		xml_set(calibre, "content", meta->series_index);
	}
}

/* What the images of the book are: how many there are and how many lack a text alternative. */
static void
S_count_images(const struct book *book, size_t *images, size_t *without_alt)
{
	size_t a;

	*images = *without_alt = 0;
	for (a = 0; a < book->article_count; a++) {
		*images += book->articles[a]->image_count;
		*without_alt += book->articles[a]->images_without_alt;
	}
}

static void
S_schema(xmlNodePtr metadata, xmlNsPtr opf, const char *property, const char *value)
{
	xml_set(xml_add_child(metadata, opf, "meta", value), "property", property);
}

/* EPUB Accessibility 1.1 metadata, each claim derived from the content just built. */
static void
S_opf_accessibility(const struct book *book, xmlNodePtr metadata, xmlNsPtr opf)
{
	size_t images, without_alt;

	S_count_images(book, &images, &without_alt);
	S_schema(metadata, opf, "schema:accessMode", "textual");
	/* The cover is an image too. */
	S_schema(metadata, opf, "schema:accessMode", "visual");
	if (without_alt == 0)
		S_schema(metadata, opf, "schema:accessModeSufficient", "textual");
	S_schema(metadata, opf, "schema:accessModeSufficient", "textual,visual");
	S_schema(metadata, opf, "schema:accessibilityFeature", "structuralNavigation");
	S_schema(metadata, opf, "schema:accessibilityFeature", "tableOfContents");
	S_schema(metadata, opf, "schema:accessibilityFeature", "readingOrder");
	if (without_alt == 0)
		S_schema(metadata, opf, "schema:accessibilityFeature", "alternativeText");
	S_schema(metadata, opf, "schema:accessibilityHazard", "none");
	S_schema(metadata, opf, "schema:accessibilitySummary",
	    labels_get(labels_or_default(book->meta.language), LABEL_SUMMARY));
	if (without_alt == 0)
		S_schema(metadata, opf, "dcterms:conformsTo",
		    "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
	else
		diag_note(DIAG_CLASS_ACCESSIBILITY, NULL, 0, 0, "%zu of %zu images have no text "
		    "alternative: the book does not claim EPUB Accessibility conformance",
		    without_alt, images);
}

/* One dc:title: epub.js, Foliate and MuPDF take the first, FBReader the last, calibre the one
 * refined as "main" joined with any refined as a subtitle ("Main: Sub", also in its Kindle
 * conversion).  So the subtitle is not a dc:title but the book's dcterms:alternative. */
static void
S_opf_titles(const struct book_meta *meta, xmlNodePtr metadata, xmlNsPtr dc, xmlNsPtr opf)
{
	xml_set(xml_add_child(metadata, dc, "title", meta->title), "id", "title");
	S_refine(metadata, opf, "title", "title-type", "main", NULL);
	if (meta->subtitle != NULL)
		xml_set(xml_add_child(metadata, opf, "meta", meta->subtitle), "property",
		    "dcterms:alternative");
}

void
package_metadata_add(const struct book *book, xmlNodePtr root, xmlNsPtr opf)
{
	const struct book_meta *meta = &book->meta;
	xmlNodePtr metadata = xml_add_child(root, opf, "metadata", NULL);
	xmlNsPtr dc = xmlNewNs(metadata, (const xmlChar *)DC_NAMESPACE, (const xmlChar *)"dc");
	xmlNodePtr meta_cover;
	char stamp[32];
	struct tm tm;
	size_t i;

	xml_set(xml_add_child(metadata, dc, "identifier", book->identifier), "id", "book-id");
	S_opf_titles(meta, metadata, dc, opf);
	xml_add_child(metadata, dc, "language", meta->language);
	S_opf_people(book, metadata, dc, opf);
	if (meta->publisher != NULL)
		xml_add_child(metadata, dc, "publisher", meta->publisher);
	if (meta->date != NULL && S_valid_date(meta->date))
		xml_add_child(metadata, dc, "date", meta->date);
	else if (meta->date != NULL)
		diag_warning(DIAG_CLASS_BAD_DATE, meta->source_file, 0, 0,
		    "date '%s' is not an ISO 8601 date; left out of the metadata", meta->date);
	if (meta->description != NULL)
		xml_add_child(metadata, dc, "description", meta->description);
	if (meta->rights != NULL)
		xml_add_child(metadata, dc, "rights", meta->rights);
	if (meta->source != NULL)
		xml_add_child(metadata, dc, "source", meta->source);
	for (i = 0; i < meta->subject_count; i++)
		xml_add_child(metadata, dc, "subject", meta->subjects[i]);
	S_opf_series(meta, metadata, opf);
	S_opf_accessibility(book, metadata, opf);
	/* EPUB 2 readers and Kindle find the cover through this. */
	meta_cover = xml_add_child(metadata, opf, "meta", NULL);
	xml_set(meta_cover, "name", "cover");
	xml_set(meta_cover, "content", book->cover->id);
	gmtime_r(&book->modified, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	xml_set(xml_add_child(metadata, opf, "meta", stamp), "property", "dcterms:modified");
}
