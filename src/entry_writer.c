/* entry_writer.c - package documents (OPF, nav, NCX) written entry by entry, as declared in
 * entry_writer.h.  Called by package.c. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "entry_writer.h"
#include "template.h"
#include "util.h"

#define S_MARKER "kagama-entries"
#define S_MARKER_TEXT "<" S_MARKER "/>"

static void
S_out_of_memory(void)
{
	diag_system(NULL, "out of memory");
	exit(EXIT_SYSTEM);
}

void
entry_writer_open(struct entry_writer *writer, xmlDocPtr document, int format)
{
	writer->document = document;
	writer->format = format;
	/* xmlSaveDoc names the encoding on the document while it saves, so attribute values
	 * keep their UTF-8; a node saved on its own needs the same, or they become &#x...;. */
	if (document->encoding == NULL)
		document->encoding = xmlStrdup((const xmlChar *)"UTF-8");
	/* Doubling, as template_serialize() does: the text is megabytes. */
	if ((writer->buffer = xmlBufferCreate()) == NULL)
		S_out_of_memory();
	xmlBufferSetAllocationScheme(writer->buffer, XML_BUFFER_ALLOC_DOUBLEIT);
	if ((writer->output = xmlOutputBufferCreateBuffer(writer->buffer, NULL)) == NULL)
		S_out_of_memory();
}

/* Returns the text written (a new buffer for free()) and its length. */
char *
entry_writer_close(struct entry_writer *writer, size_t *length)
{
	char *data;

	if (xmlOutputBufferClose(writer->output) < 0)
		S_out_of_memory();
	writer->output = NULL;
	*length = (size_t)xmlBufferLength(writer->buffer);
	data = (char *)xmlBufferDetach(writer->buffer);
	xmlBufferFree(writer->buffer);
	writer->buffer = NULL;
	if (data == NULL)
		S_out_of_memory();
	return xrealloc(data, *length + 1);
}

static void
S_write(struct entry_writer *writer, const char *text, size_t length)
{
	if (length > 0 && xmlOutputBufferWrite(writer->output, (int)length, text) < 0)
		S_out_of_memory();
}

/* How deep node sits below the root element: the level xmlSaveDoc writes it at. */
static int
S_depth(xmlNodePtr node)
{
	int depth = 0;

	for (node = node->parent; node != NULL && node->type == XML_ELEMENT_NODE;
	    node = node->parent)
		depth++;
	return depth;
}

/* Writes node as xmlSaveDoc would inside its document, minus the indentation before it and
 * the line break after it. */
static void
S_write_node(struct entry_writer *writer, xmlNodePtr node)
{
	xmlNodeDumpOutput(writer->output, writer->document, node, S_depth(node), writer->format,
	    "UTF-8");
}

/* The marker, without a namespace so that it always reads S_MARKER_TEXT. */
void
entry_writer_add_marker(xmlNodePtr parent)
{
	xmlAddChild(parent, xmlNewDocNode(parent->doc, NULL, (const xmlChar *)S_MARKER, NULL));
}

/* Writes text as it is: entries another writer wrote for the same place. */
void
entry_writer_write_text(struct entry_writer *writer, const char *text, size_t length)
{
	S_write(writer, text, length);
}

/* Writes the piece up to its next marker and keeps the marker's indentation and line break
 * for the entries that take its place.  Returns 0, having written nothing, if there is none. */
int
entry_writer_next(struct entry_writer *writer, struct entry_piece *piece)
{
	const char *start = piece->text + piece->done;
	const char *marker = strstr(start, S_MARKER_TEXT);
	size_t indent = 0;
	int own_line = 0;

	if (marker == NULL)
		return 0;
	/* Indented output puts the marker on a line of its own, after its indentation. */
	if (writer->format) {
		while (marker - indent > start && marker[-(ptrdiff_t)indent - 1] == ' ')
			indent++;
		own_line = marker - indent > piece->text && marker[-(ptrdiff_t)indent - 1] == '\n';
	}
	if (!own_line)
		indent = 0;
	S_write(writer, start, (size_t)(marker - indent - start));
	piece->before = marker - indent;
	piece->before_length = indent;
	piece->after = marker + strlen(S_MARKER_TEXT);
	piece->after_length = own_line && *piece->after == '\n';
	piece->done = (size_t)(piece->after - piece->text) + piece->after_length;
	return 1;
}

/* entry_writer_next() where the marker was put there by this file. */
void
entry_writer_expect(struct entry_writer *writer, struct entry_piece *piece)
{
	if (!entry_writer_next(writer, piece)) {
		diag_system(NULL, "internal error: a list marker is missing");
		exit(EXIT_SYSTEM);
	}
}

/* Writes the rest of the piece and frees its text. */
void
entry_writer_finish_piece(struct entry_writer *writer, struct entry_piece *piece)
{
	S_write(writer, piece->text + piece->done, piece->length - piece->done);
	free(piece->text);
	piece->text = NULL;
}

/* Writes entry where the piece's current marker was and leaves it in place. */
static void
S_write_in_place(struct entry_writer *writer, const struct entry_piece *piece, xmlNodePtr entry,
    int level)
{
	S_write(writer, piece->before, piece->before_length);
	xmlNodeDumpOutput(writer->output, writer->document, entry, level, writer->format, "UTF-8");
	S_write(writer, piece->after, piece->after_length);
}

/* Writes entry where the piece's current marker was, then frees it. */
void
entry_writer_write_entry(struct entry_writer *writer, const struct entry_piece *piece, xmlNodePtr entry)
{
	S_write_in_place(writer, piece, entry, S_depth(entry));
	xmlUnlinkNode(entry);
	xmlFreeNode(entry);
}

void
entry_writer_batch_start(struct entry_batch *batch, xmlNodePtr list)
{
	if ((batch->holder = xmlNewDocFragment(list->doc)) == NULL)
		S_out_of_memory();
	batch->reused = NULL;
	batch->level = S_depth(list) + 1;
	batch->count = 0;
}

xmlNodePtr
entry_writer_batch_next(const struct entry_batch *batch)
{
	return batch->reused;
}

/* Writes the batch's first count entries.  libxml2 writes a fragment's children one after the
 * other, each on a line of its own at level when indenting: what the marker's indentation
 * and line break around each entry give, where the marker had a line of its own. */
static void
S_batch_write(struct entry_writer *writer, const struct entry_piece *piece,
    struct entry_batch *batch)
{
	xmlNodePtr entry, next;

	/* The last batch may be short: entries of the one before are left over. */
	for (entry = batch->reused; entry != NULL; entry = next) {
		next = entry->next;
		xmlUnlinkNode(entry);
		xmlFreeNode(entry);
	}
	if (batch->count == 0)
		return;
	if (!writer->format || piece->after_length == 1)
		xmlNodeDumpOutput(writer->output, writer->document, batch->holder, batch->level,
		    writer->format, "UTF-8");
	else
		for (entry = batch->holder->children; entry != NULL; entry = entry->next)
			S_write_in_place(writer, piece, entry, batch->level);
	batch->reused = batch->holder->children;
	batch->count = 0;
}

void
entry_writer_batch_add(struct entry_writer *writer, const struct entry_piece *piece,
    struct entry_batch *batch, xmlNodePtr entry)
{
	batch->reused = entry->next;
	if (++batch->count == ENTRY_BATCH)
		S_batch_write(writer, piece, batch);
}

void
entry_writer_batch_finish(struct entry_writer *writer, const struct entry_piece *piece,
    struct entry_batch *batch)
{
	S_batch_write(writer, piece, batch);
	xmlFreeNode(batch->holder);
	batch->holder = batch->reused = NULL;
}

/* Starts writing entry, which holds a marker for a list of its own, in the place of the
 * piece's current marker; its list's entries follow into inner, then entry_writer_close_entry(). */
void
entry_writer_open_entry(struct entry_writer *writer, const struct entry_piece *piece, xmlNodePtr entry,
    struct entry_piece *inner)
{
	struct entry_writer scratch = { 0 };

	entry_writer_open(&scratch, writer->document, writer->format);
	S_write_node(&scratch, entry);
	inner->text = entry_writer_close(&scratch, &inner->length);
	inner->done = 0;
	S_write(writer, piece->before, piece->before_length);
	entry_writer_expect(writer, inner);
}

void
entry_writer_close_entry(struct entry_writer *writer, const struct entry_piece *piece, xmlNodePtr entry,
    struct entry_piece *inner)
{
	entry_writer_finish_piece(writer, inner);
	S_write(writer, piece->after, piece->after_length);
	xmlUnlinkNode(entry);
	xmlFreeNode(entry);
}

/* Serialises document, its lists still markers, into skeleton and starts writing it. */
void
entry_writer_start(struct entry_writer *writer, struct entry_piece *skeleton, xmlDocPtr document,
    int format)
{
	entry_writer_open(writer, document, format);
	skeleton->text = format ? template_serialize_indented(document, &skeleton->length) :
	    template_serialize(document, &skeleton->length);
	skeleton->done = 0;
}

