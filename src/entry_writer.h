/* entry_writer.h - writing a long XML document (OPF, nav, NCX) one list entry at a time.
 * Called by package.c.
 *
 * The contents documents of a big book (OPF, nav, NCX) are megabytes of text each, and as
 * libxml2 trees several times that.  So they are written piece by piece: the fixed parts are
 * built as a small tree with a marker element where each long list goes and serialised by
 * libxml2 as usual; then every entry of a list is built in its real place in that tree,
 * serialised by libxml2 where the marker was, with the marker's indentation and line break,
 * and freed at once.  An article's headings, the longest lists, are built ENTRY_BATCH at a
 * time in a fragment instead, serialised together and given the next headings' values.
 * Only the finished text grows, never a tree of it.  (A nav.xhtml template must not use an
 * element of the marker's name itself.) */
#ifndef KAGAMA_ENTRY_WRITER_H
#define KAGAMA_ENTRY_WRITER_H

#include <stddef.h>

#include <libxml/tree.h>

/* A package document being written. */
struct entry_writer {
	xmlDocPtr		 document;	/* the skeleton, and the entry being written */
	int			 format;	/* 1: indented (OPF, NCX); 0: as built (nav) */
	xmlBufferPtr		 buffer;
	xmlOutputBufferPtr	 output;
};

/* Serialised text holding markers, written up to one marker at a time.  before and after
 * point into text: what libxml2 wrote around the current marker, written around each entry. */
struct entry_piece {
	char		*text;
	size_t		 length, done;
	const char	*before, *after;
	size_t		 before_length, after_length;
};

/* Serialises document, its lists still markers, into skeleton and starts writing it
 * (format 1: indented). */
void entry_writer_start(struct entry_writer *writer, struct entry_piece *skeleton,
    xmlDocPtr document, int format);
/* Starts writing a text of its own, for a place in document (format 1: indented): entries
 * written once for two documents (entry_writer_write_text). */
void entry_writer_open(struct entry_writer *writer, xmlDocPtr document, int format);
/* Returns the text written (a new buffer for free()) and its length. */
char *entry_writer_close(struct entry_writer *writer, size_t *length);
/* Writes text as it is. */
void entry_writer_write_text(struct entry_writer *writer, const char *text, size_t length);
/* A marker where a list's entries will go. */
void entry_writer_add_marker(xmlNodePtr parent);
/* Writes the piece up to its next marker; 0, having written nothing, if there is none. */
int entry_writer_next(struct entry_writer *writer, struct entry_piece *piece);
/* entry_writer_next() where the marker must be. */
void entry_writer_expect(struct entry_writer *writer, struct entry_piece *piece);
/* Writes the rest of the piece and frees its text. */
void entry_writer_finish_piece(struct entry_writer *writer, struct entry_piece *piece);
/* Entries of one list kept in a document fragment and written ENTRY_BATCH at a time by one
 * libxml2 call (each call sets up a saving context, a fifth of the time of an entry), then given
 * new values: an article's 100,000 headings need ENTRY_BATCH entries, not 100,000. */
#define ENTRY_BATCH 256
struct entry_batch {
	xmlNodePtr	 holder;	/* the fragment; entries are made as its children */
	xmlNodePtr	 reused;	/* the entry to give new values next; NULL: make one */
	int		 level;		/* depth of the list's entries in the document */
	size_t		 count;		/* entries with values not yet written */
};

/* Starts a batch for the entries of list (the marker's parent). */
void entry_writer_batch_start(struct entry_batch *batch, xmlNodePtr list);
/* The entry to give new values to (NULL: make a new child of batch->holder). */
xmlNodePtr entry_writer_batch_next(const struct entry_batch *batch);
/* Takes entry, batch_next()'s or a new one, with its values; writes the batch when full. */
void entry_writer_batch_add(struct entry_writer *writer, const struct entry_piece *piece,
    struct entry_batch *batch, xmlNodePtr entry);
/* Writes the entries left and frees the batch. */
void entry_writer_batch_finish(struct entry_writer *writer, const struct entry_piece *piece,
    struct entry_batch *batch);
/* Writes entry where the piece's current marker was, then frees it. */
void entry_writer_write_entry(struct entry_writer *writer, const struct entry_piece *piece,
    xmlNodePtr entry);
/* Starts writing entry, which holds a marker for a list of its own; its entries follow into
 * inner, then entry_writer_close_entry(). */
void entry_writer_open_entry(struct entry_writer *writer, const struct entry_piece *piece,
    xmlNodePtr entry, struct entry_piece *inner);
void entry_writer_close_entry(struct entry_writer *writer, const struct entry_piece *piece,
    xmlNodePtr entry, struct entry_piece *inner);

#endif
