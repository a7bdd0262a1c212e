/* container.c - writes the EPUB's ZIP through libzip: mimetype first and stored, entries in the
 * order given, fixed times, all or nothing (libzip renames its temporary file on success). */
#include <errno.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <zip.h>
#include <zlib.h>

#include "container.h"
#include "diag.h"
#include "util.h"

/* zlib's own default: libzip would use 9, which costs about a tenth more deflate time on
 * chapter text for well under 1 % in size (measured on bench/ text-1k). */
#define DEFLATE_LEVEL 6

volatile int container_interrupted;
volatile int container_writing;

struct container *
container_new(void)
{
	return xcalloc(1, sizeof(struct container));
}

void
container_free(struct container *container)
{
	size_t i;

	if (container == NULL)
		return;
	for (i = 0; i < container->count; i++) {
		free(container->entries[i].name);
		free(container->entries[i].data);
		free(container->entries[i].source_path);
		free(container->entries[i].packed.data);
	}
	free(container->entries);
	free(container);
}

static struct container_entry *
S_new_entry(struct container *container, const char *name, int store)
{
	struct container_entry *entry;

	xgrow(&container->entries, &container->capacity, container->count + 1,
	    sizeof(struct container_entry));
	entry = &container->entries[container->count++];
	memset(entry, 0, sizeof(*entry));
	entry->name = xstrdup(name);
	entry->store = store;
	return entry;
}

void
container_add_data(struct container *container, const char *name, char *data, size_t length,
    int store)
{
	struct container_entry *entry = S_new_entry(container, name, store);

	entry->data = data;
	entry->length = length;
}

void
container_add_file(struct container *container, const char *name, const char *path, int store)
{
	S_new_entry(container, name, store)->source_path = xstrdup(path);
}

int
container_pack(const char *text, size_t length, struct container_packed *packed)
{
	z_stream stream;
	uLong bound;
	int status;

	memset(packed, 0, sizeof(*packed));
	memset(&stream, 0, sizeof(stream));
	if (deflateInit2(&stream, DEFLATE_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		diag_system(NULL, "out of memory");
		return -1;
	}
	bound = deflateBound(&stream, (uLong)length);
	packed->data = xmalloc(bound);
	stream.next_in = (Bytef *)(uintptr_t)text;
	stream.avail_in = (uInt)length;
	stream.next_out = (Bytef *)packed->data;
	stream.avail_out = (uInt)bound;
	status = deflate(&stream, Z_FINISH);
	packed->length = stream.total_out;
	deflateEnd(&stream);
	if (status != Z_STREAM_END) {
		diag_system(NULL, "cannot deflate a chapter");
		free(packed->data);
		packed->data = NULL;
		return -1;
	}
	/* Thousands of chapters wait for the archive: keep only the bytes they need. */
	packed->data = xrealloc(packed->data, packed->length > 0 ? packed->length : 1);
	packed->size = length;
	packed->crc = crc32(crc32(0, Z_NULL, 0), (const Bytef *)text, (uInt)length);
	return 0;
}

void
container_add_packed(struct container *container, const char *name,
    struct container_packed *packed)
{
	struct container_entry *entry = S_new_entry(container, name, 0);

	entry->packed = *packed;
	packed->data = NULL;
}

struct S_packed_state {
	const struct container_packed *packed;
	size_t offset;
};

static zip_int64_t
S_packed_callback(void *userdata, void *data, zip_uint64_t length, zip_source_cmd_t command)
{
	struct S_packed_state *state = userdata;
	zip_stat_t *st;

	switch (command) {
	case ZIP_SOURCE_OPEN:
		state->offset = 0;
		return 0;
	case ZIP_SOURCE_READ:
		if (length > state->packed->length - state->offset)
			length = state->packed->length - state->offset;
		memcpy(data, state->packed->data + state->offset, length);
		state->offset += length;
		return (zip_int64_t)length;
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT:
		st = data;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
		st->size = state->packed->size;
		st->comp_size = state->packed->length;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = (zip_uint32_t)state->packed->crc;
		return sizeof(*st);
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(NULL, data, length);
	case ZIP_SOURCE_FREE:
		free(state);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
		    ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

/* MS-DOS date and time fields of t in UTC: the same bytes whatever the machine's time zone. */
static void
S_dos_time(time_t t, zip_uint16_t *dos_time, zip_uint16_t *dos_date)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (tm.tm_year < 80) {
		/* ZIP cannot say anything before 1980. */
		tm.tm_year = 80;
		tm.tm_mon = 0;
		tm.tm_mday = 1;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	}
	*dos_time = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	*dos_date = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

static zip_source_t *
S_source(zip_t *archive, struct container_entry *entry)
{
	zip_source_t *source;

	if (entry->packed.data != NULL) {
		struct S_packed_state *state = xcalloc(1, sizeof(*state));

		state->packed = &entry->packed;
		if ((source = zip_source_function(archive, S_packed_callback, state)) == NULL)
			free(state);
		return source;
	}
	if (entry->data == NULL)
		return zip_source_file(archive, entry->source_path, 0, -1);
	source = zip_source_buffer(archive, entry->data, entry->length, 0);
	return source;
}

static int
S_add_entry(zip_t *archive, struct container_entry *entry, zip_uint16_t dos_time,
    zip_uint16_t dos_date)
{
	zip_source_t *source = S_source(archive, entry);
	zip_int64_t index;

	if (source == NULL)
		return -1;
	if ((index = zip_file_add(archive, entry->name, source, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(source);
		return -1;
	}
	/* Packed entries keep the default method: libzip then copies their bytes as they are. */
	if ((entry->packed.data == NULL && zip_set_file_compression(archive, (zip_uint64_t)index,
	    entry->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, entry->store ? 0 : DEFLATE_LEVEL) < 0) ||
	    zip_file_set_dostime(archive, (zip_uint64_t)index, dos_time, dos_date, 0) < 0 ||
	    zip_file_set_external_attributes(archive, (zip_uint64_t)index, 0, ZIP_OPSYS_UNIX,
	    (zip_uint32_t)(S_IFREG | 0644) << 16) < 0)
		return -1;
	return 0;
}

/* libzip asks this while it writes; a signal sets container_interrupted. */
static int
S_cancelled(zip_t *archive, void *data)
{
	(void)archive;
	(void)data;
	return container_interrupted;
}

int
container_write(const struct container *container, const char *output, time_t mtime)
{
	zip_uint16_t dos_time, dos_date;
	zip_t *archive;
	size_t i;
	int error, status;

	S_dos_time(mtime, &dos_time, &dos_date);
	if ((archive = zip_open(output, ZIP_CREATE | ZIP_TRUNCATE, &error)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, error);
		diag_system(output, "cannot create: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	zip_register_cancel_callback_with_state(archive, S_cancelled, NULL, NULL);
	container_writing = 1;
	for (i = 0; i < container->count; i++)
		if (S_add_entry(archive, &container->entries[i], dos_time, dos_date) < 0) {
			diag_system(output, "cannot add %s: %s", container->entries[i].name,
			    zip_strerror(archive));
			container_writing = 0;
			zip_discard(archive);
			return -1;
		}
	status = zip_close(archive);
	container_writing = 0;
	if (status < 0) {
		if (container_interrupted)
			diag_system(output, "interrupted; nothing written");
		else
			diag_system(output, "cannot write: %s", zip_strerror(archive));
		zip_discard(archive);
		return -1;
	}
	return 0;
}
