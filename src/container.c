/* container.c - writes the EPUB's ZIP through libzip: mimetype first and stored, entries in the
 * order given, fixed times, all or nothing (a temporary file renamed over the output on success). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libdeflate.h>
#include <zip.h>

#include "container.h"
#include "diag.h"
#include "progress.h"
#include "util.h"

/* libdeflate's level 6 packs chapter text a little tighter than zlib's 6 in a fraction of
 * its time; libzip (which deflates only entries added as plain data) would use 9. */
#define DEFLATE_LEVEL 6

/* The archive reaches the disk in pieces this big: libzip hands over 8 KiB at a time (and libzip's
 * own stdio file 4 KiB), and every write() is dear on a virtual machine. */
#ifndef CONTAINER_WRITE_BUFFER
#define CONTAINER_WRITE_BUFFER (1024 * 1024)
#endif
/* Image files are read in pieces this big; libzip then takes them 8 KiB at a time.  Most photos
 * come in one read(). */
#ifndef CONTAINER_READ_BUFFER
#define CONTAINER_READ_BUFFER (256 * 1024)
#endif

/* A handler may only touch lock-free atomics (C11 7.14.1.1). */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "signal flags must be lock-free");
atomic_int container_interrupted;
atomic_int container_writing;

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
		free(container->entries[i].ranges);
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

/* One compressor per thread, made on first use: allocating one costs more than deflating a
 * small chapter, and a compressor may not be shared between threads. */
static pthread_key_t S_compressor_key;
static pthread_once_t S_compressor_once = PTHREAD_ONCE_INIT;

static void
S_compressor_free(void *compressor)
{
	libdeflate_free_compressor(compressor);
}

static void
S_compressor_key_new(void)
{
	pthread_key_create(&S_compressor_key, S_compressor_free);
}

static struct libdeflate_compressor *
S_compressor(void)
{
	struct libdeflate_compressor *compressor;

	pthread_once(&S_compressor_once, S_compressor_key_new);
	if ((compressor = pthread_getspecific(S_compressor_key)) == NULL &&
	    (compressor = libdeflate_alloc_compressor(DEFLATE_LEVEL)) != NULL)
		pthread_setspecific(S_compressor_key, compressor);
	return compressor;
}

unsigned long
container_crc32(unsigned long crc, const void *data, size_t length)
{
	return libdeflate_crc32((uint32_t)crc, data, length);
}

void
container_add_file_ranges(struct container *container, const char *name, const char *path,
    struct image_range *ranges, size_t count)
{
	struct container_entry *entry = S_new_entry(container, name, 1);

	entry->source_path = xstrdup(path);
	entry->ranges = ranges;
	entry->range_count = count;
}

int
container_pack(const char *text, size_t length, struct container_packed *packed)
{
	struct libdeflate_compressor *compressor;
	size_t bound;
	char *out;

	memset(packed, 0, sizeof(*packed));
	if ((compressor = S_compressor()) == NULL) {
		diag_system(NULL, "cannot deflate: out of memory");
		return -1;
	}
	/* Raw deflate (no zlib header), as ZIP stores it, of the whole text in one call: the bound
	 * always holds it, so 0 (no room) cannot happen. */
	bound = libdeflate_deflate_compress_bound(compressor, length);
	out = xmalloc(bound);
	packed->length = libdeflate_deflate_compress(compressor, text, length, out, bound);
	if (packed->length == 0) {
		diag_system(NULL, "cannot deflate: libdeflate found no room in %zu bytes", bound);
		free(out);
		return -1;
	}
	packed->size = length;
	packed->crc = container_crc32(0, text, length);
	/* Handed over, shrunk to fit: thousands of chapters may wait for the archive. */
	packed->data = xrealloc(out, packed->length);
	return 0;
}

void
container_add_packed(struct container *container, const char *name,
    struct container_packed *packed)
{
	struct container_entry *entry = S_new_entry(container, name, 0);

	entry->data = packed->data;
	entry->length = packed->length;
	entry->packed = 1;
	entry->size = packed->size;
	entry->crc = packed->crc;
	entry->spool = packed->spool;
	entry->offset = packed->offset;
	packed->data = NULL;
}

struct container_spool {
	int			 fd;
	pthread_mutex_t		 lock;
	unsigned long long	 end;		/* bytes reserved so far */
	int			 failed;	/* reported once */
	char			*output;	/* for messages */
};

struct container_spool *
container_spool_new(const char *output)
{
	struct container_spool *spool = xcalloc(1, sizeof(*spool));
	char *path = xasprintf("%s.spool-XXXXXX", output);

	if ((spool->fd = mkstemp(path)) < 0) {
		diag_system(output, "cannot write: cannot create %s: %s", path, strerror(errno));
		free(path);
		free(spool);
		return NULL;
	}
	unlink(path);
	free(path);
	pthread_mutex_init(&spool->lock, NULL);
	spool->output = xstrdup(output);
	return spool;
}

void
container_spool_free(struct container_spool *spool)
{
	if (spool == NULL)
		return;
	close(spool->fd);
	pthread_mutex_destroy(&spool->lock);
	free(spool->output);
	free(spool);
}

/* Writes length bytes at offset, whatever pwrite() manages per call. */
static int
S_write_at(int fd, const char *data, size_t length, unsigned long long offset)
{
	ssize_t n;

	while (length > 0) {
		if ((n = pwrite(fd, data, length, (off_t)offset)) < 0) {
			if (errno == EINTR && !container_interrupted)
				continue;
			return -1;
		}
		data += n;
		length -= (size_t)n;
		offset += (unsigned long long)n;
	}
	return 0;
}

int
container_spool_put(struct container_spool *spool, struct container_packed *packed)
{
	unsigned long long offset;
	int status = 0;

	/* Each chapter reserves its place, then writes it without holding the lock. */
	pthread_mutex_lock(&spool->lock);
	offset = spool->end;
	spool->end += packed->length;
	pthread_mutex_unlock(&spool->lock);
	if (S_write_at(spool->fd, packed->data, packed->length, offset) < 0) {
		int error = errno;

		pthread_mutex_lock(&spool->lock);
		if (!spool->failed)
			diag_system(spool->output, "cannot write: %s", strerror(error));
		spool->failed = 1;
		pthread_mutex_unlock(&spool->lock);
		status = -1;
	}
	free(packed->data);
	packed->data = NULL;
	packed->spool = spool;
	packed->offset = offset;
	return status;
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

/* The archive as libzip writes it: a temporary file "OUTPUT.XXXXXX" beside the output, filled
 * through one large buffer, renamed over the output on commit and removed on rollback. */
struct container_output {
	const char	*path;		/* the output, replaced on commit */
	char		*temporary;	/* the temporary file's name while it exists, else NULL */
	int		 fd;
	char		*buffer;	/* the bytes of the file from base on, not yet written */
	size_t		 filled;
	zip_uint64_t	 base, position, end;
	zip_error_t	 error;
};

/* Writes the buffered bytes out at their place in the file. */
static int
S_output_flush(struct container_output *output)
{
	size_t done = 0;

	while (done < output->filled) {
		ssize_t n = pwrite(output->fd, output->buffer + done, output->filled - done,
		    (off_t)(output->base + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			zip_error_set(&output->error, ZIP_ER_WRITE, n < 0 ? errno : EIO);
			return -1;
		}
		done += (size_t)n;
	}
	output->base += output->filled;
	output->filled = 0;
	/* A signal arrived: stop at once rather than at libzip's next entry. */
	if (container_interrupted) {
		zip_error_set(&output->error, ZIP_ER_CANCELLED, 0);
		return -1;
	}
	return 0;
}

/* libzip writes at the end, and goes back to rewrite a local header once the entry's sizes and
 * CRC are known: a write inside the buffered stretch lands in the buffer, any other first
 * writes the buffer out. */
static zip_int64_t
S_output_write(struct container_output *output, const char *data, zip_uint64_t length)
{
	zip_uint64_t left = length;

	while (left > 0) {
		size_t piece = left < CONTAINER_WRITE_BUFFER ? (size_t)left : CONTAINER_WRITE_BUFFER;
		size_t at;

		if (output->position < output->base ||
		    output->position > output->base + output->filled ||
		    output->position - output->base + piece > CONTAINER_WRITE_BUFFER) {
			if (S_output_flush(output) < 0)
				return -1;
			output->base = output->position;
		}
		at = (size_t)(output->position - output->base);
		memcpy(output->buffer + at, data, piece);
		if (at + piece > output->filled)
			output->filled = at + piece;
		output->position += piece;
		data += piece;
		left -= piece;
	}
	if (output->position > output->end)
		output->end = output->position;
	return (zip_int64_t)length;
}

/* Closes and removes the temporary file, if there is one: nothing of this write stays. */
static void
S_output_discard(struct container_output *output)
{
	if (output->fd >= 0)
		close(output->fd);
	output->fd = -1;
	if (output->temporary != NULL) {
		unlink(output->temporary);
		free(output->temporary);
		output->temporary = NULL;
	}
	free(output->buffer);
	output->buffer = NULL;
	container_writing = 0;
}

static int
S_output_begin(struct container_output *output)
{
	/* Set before the file exists: a signal from here on lets libzip clean up. */
	container_writing = 1;
	output->temporary = xasprintf("%s.XXXXXX", output->path);
	if ((output->fd = mkstemp(output->temporary)) < 0) {
		zip_error_set(&output->error, ZIP_ER_TMPOPEN, errno);
		free(output->temporary);
		output->temporary = NULL;
		container_writing = 0;
		return -1;
	}
	output->buffer = xmalloc(CONTAINER_WRITE_BUFFER);
	output->filled = 0;
	output->base = output->position = output->end = 0;
	return 0;
}

/* What libzip does for the file it replaces: an earlier output keeps its mode, a new one gets
 * 0666 less the umask. */
static int
S_output_commit(struct container_output *output)
{
	struct stat st;
	mode_t mode, mask;
	int status;

	if (S_output_flush(output) < 0)
		return -1;
	if (stat(output->path, &st) == 0)
		mode = st.st_mode & 07777;
	else {
		/* Only the main thread runs now: nothing else creates files meanwhile. */
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(output->fd, mode) < 0) {
		zip_error_set(&output->error, ZIP_ER_WRITE, errno);
		return -1;
	}
	status = close(output->fd);
	output->fd = -1;
	if (status < 0) {
		zip_error_set(&output->error, ZIP_ER_WRITE, errno);
		return -1;
	}
	if (rename(output->temporary, output->path) < 0) {
		zip_error_set(&output->error, ZIP_ER_RENAME, errno);
		return -1;
	}
	free(output->temporary);
	output->temporary = NULL;
	S_output_discard(output);
	return 0;
}

/* What our libzip sources answer alike: their error, their end (state is freed, after the
 * caller's own clean-up), and any command they do not support. */
static zip_int64_t
S_source_common(zip_error_t *error, void *state, void *data, zip_uint64_t length,
    zip_source_cmd_t command)
{
	switch (command) {
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(error, data, length);
	case ZIP_SOURCE_FREE:
		zip_error_fini(error);
		free(state);
		return 0;
	default:
		zip_error_set(error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* The libzip source of the archive itself.  It starts as a file that does not exist (stat fails
 * with ENOENT, as libzip's own file source does), so ZIP_CREATE makes a new archive, and it
 * never has anything to read. */
static zip_int64_t
S_output_callback(void *state, void *data, zip_uint64_t length, zip_source_cmd_t command)
{
	struct container_output *output = state;
	zip_int64_t position;

	switch (command) {
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_WRITABLE;
	case ZIP_SOURCE_STAT:
		zip_error_set(&output->error, ZIP_ER_READ, ENOENT);
		return -1;
	case ZIP_SOURCE_OPEN:
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_READ:
	case ZIP_SOURCE_TELL:
		return 0;
	case ZIP_SOURCE_SEEK:
		return zip_source_seek_compute_offset(0, 0, data, length, &output->error) < 0 ? -1 : 0;
	case ZIP_SOURCE_BEGIN_WRITE:
		return S_output_begin(output);
	case ZIP_SOURCE_WRITE:
		return S_output_write(output, data, length);
	case ZIP_SOURCE_TELL_WRITE:
		return (zip_int64_t)output->position;
	case ZIP_SOURCE_SEEK_WRITE:
		if ((position = zip_source_seek_compute_offset(output->position, output->end, data,
		    length, &output->error)) < 0)
			return -1;
		output->position = (zip_uint64_t)position;
		return 0;
	case ZIP_SOURCE_COMMIT_WRITE:
		return S_output_commit(output);
	case ZIP_SOURCE_ROLLBACK_WRITE:
		S_output_discard(output);
		return 0;
	case ZIP_SOURCE_REMOVE:
		/* An archive without entries: libzip removes the file rather than write it. */
		if (unlink(output->path) < 0 && errno != ENOENT) {
			zip_error_set(&output->error, ZIP_ER_REMOVE, errno);
			return -1;
		}
		return 0;
	case ZIP_SOURCE_FREE:
		S_output_discard(output);
		/* FALLTHROUGH */
	default:
		return S_source_common(&output->error, output, data, length, command);
	}
}

/* A new, empty archive that will be written to output.  Returns NULL after setting error. */
static zip_t *
S_output_open(const char *path, zip_error_t *error)
{
	struct container_output *output = xcalloc(1, sizeof(*output));
	zip_source_t *source;
	zip_t *archive;

	output->path = path;
	output->fd = -1;
	zip_error_init(&output->error);
	if ((source = zip_source_function_create(S_output_callback, output, error)) == NULL) {
		zip_error_fini(&output->error);
		free(output);
		return NULL;
	}
	/* From here on the source owns output. */
	if ((archive = zip_open_from_source(source, ZIP_CREATE | ZIP_TRUNCATE, error)) == NULL)
		zip_source_free(source);
	return archive;
}

/* One buffer for reading files, shared by the entries: libzip reads them one after another. */
struct container_read_buffer {
	char	*data;
	int	 busy;
};

/* A file added with container_add_file(), read when libzip copies it into the archive. */
struct container_reader {
	const char			*path;
	const struct image_range	*ranges;	/* what to copy; NULL: the whole file */
	size_t				 range_count, range;	/* ...and the one being read */
	zip_uint64_t			 range_done;	/* bytes read of that one */
	struct container_read_buffer	*shared;
	char				*buffer;	/* shared->data, or its own if busy */
	int				 fd;
	zip_uint64_t			 size;		/* found when the entry was added */
	zip_uint64_t			 read, handed;	/* from the file, to libzip */
	size_t				 start, filled;	/* what buffer holds that libzip has not */
	zip_error_t			 error;
};

static void
S_reader_close(struct container_reader *reader)
{
	if (reader->fd >= 0)
		close(reader->fd);
	reader->fd = -1;
	if (reader->buffer == reader->shared->data)
		reader->shared->busy = 0;
	else
		free(reader->buffer);
	reader->buffer = NULL;
}

static int
S_reader_open(struct container_reader *reader)
{
	if ((reader->fd = open(reader->path, O_RDONLY | O_CLOEXEC)) < 0) {
		zip_error_set(&reader->error, ZIP_ER_OPEN, errno);
		return -1;
	}
	if (!reader->shared->busy) {
		reader->shared->busy = 1;
		reader->buffer = reader->shared->data;
	} else
		reader->buffer = xmalloc(CONTAINER_READ_BUFFER);
	reader->read = reader->handed = 0;
	reader->start = reader->filled = 0;
	reader->range = 0;
	reader->range_done = 0;
	return 0;
}

/* Fills the buffer from the file: at most one piece, from the current range if there are
 * ranges (the metadata between them is never read into the book). */
static ssize_t
S_reader_fill(struct container_reader *reader, zip_uint64_t left)
{
	const struct image_range *range;
	size_t want = left < CONTAINER_READ_BUFFER ? (size_t)left : CONTAINER_READ_BUFFER;
	ssize_t got;

	if (reader->ranges == NULL) {
		do
			got = read(reader->fd, reader->buffer, want);
		while (got < 0 && errno == EINTR);
		return got;
	}
	while (reader->range_done == reader->ranges[reader->range].length) {
		reader->range++;
		reader->range_done = 0;
	}
	range = &reader->ranges[reader->range];
	if (range->length - reader->range_done < want)
		want = (size_t)(range->length - reader->range_done);
	do
		got = pread(reader->fd, reader->buffer, want,
		    (off_t)(range->offset + reader->range_done));
	while (got < 0 && errno == EINTR);
	if (got > 0)
		reader->range_done += (zip_uint64_t)got;
	return got;
}

/* Hands libzip the next bytes of the file, refilling the buffer with one large read(). */
static zip_int64_t
S_reader_read(struct container_reader *reader, char *data, zip_uint64_t length)
{
	size_t n;

	if (reader->start == reader->filled) {
		zip_uint64_t left = reader->size - reader->read;
		ssize_t got;

		if (left == 0)
			return 0;
		if ((got = S_reader_fill(reader, left)) < 0) {
			zip_error_set(&reader->error, ZIP_ER_READ, errno);
			return -1;
		}
		if (got == 0) {
			/* The file shrank since it was added. */
			zip_error_set(&reader->error, ZIP_ER_EOF, 0);
			return -1;
		}
		reader->read += (zip_uint64_t)got;
		reader->start = 0;
		reader->filled = (size_t)got;
	}
	n = reader->filled - reader->start;
	if (length < n)
		n = (size_t)length;
	memcpy(data, reader->buffer + reader->start, n);
	reader->start += n;
	reader->handed += n;
	return (zip_int64_t)n;
}

static zip_int64_t
S_reader_callback(void *state, void *data, zip_uint64_t length, zip_source_cmd_t command)
{
	struct container_reader *reader = state;
	zip_stat_t *st;

	switch (command) {
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_READABLE;
	case ZIP_SOURCE_OPEN:
		return S_reader_open(reader);
	case ZIP_SOURCE_READ:
		return S_reader_read(reader, data, length);
	case ZIP_SOURCE_CLOSE:
		S_reader_close(reader);
		return 0;
	case ZIP_SOURCE_STAT:
		/* The time is set on the entry; libzip computes the CRC of stored data itself. */
		st = data;
		st->size = reader->size;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof(*st);
	case ZIP_SOURCE_FREE:
		S_reader_close(reader);
		/* FALLTHROUGH */
	default:
		return S_source_common(&reader->error, reader, data, length, command);
	}
}

/* A source for the file at path, or NULL after setting the archive's error (the file is gone). */
static zip_source_t *
S_reader_new(zip_t *archive, const struct container_entry *entry,
    struct container_read_buffer *shared)
{
	const char *path = entry->source_path;
	size_t i;
	struct container_reader *reader;
	zip_source_t *source;
	struct stat st;

	if (stat(path, &st) < 0) {
		zip_error_set(zip_get_error(archive), ZIP_ER_OPEN, errno);
		return NULL;
	}
	reader = xcalloc(1, sizeof(*reader));
	reader->path = path;
	reader->shared = shared;
	reader->fd = -1;
	reader->size = (zip_uint64_t)st.st_size;
	if ((reader->ranges = entry->ranges) != NULL) {
		reader->range_count = entry->range_count;
		for (reader->size = 0, i = 0; i < entry->range_count; i++)
			reader->size += entry->ranges[i].length;
	}
	zip_error_init(&reader->error);
	if ((source = zip_source_function(archive, S_reader_callback, reader)) == NULL) {
		zip_error_fini(&reader->error);
		free(reader);
	}
	return source;
}

/* An entry deflated ahead of time: libzip sees deflated data of known size and CRC and, the
 * entry's method being left at its default, copies the bytes as they are. */
struct container_packed_reader {
	struct container_packed	 packed;	/* data borrowed from the entry */
	size_t			 position;
	zip_error_t		 error;
};

/* Reads exactly length bytes at offset; -1 with errno on failure or a short file. */
static int
S_read_at(int fd, void *data, size_t length, unsigned long long offset)
{
	char *p = data;
	ssize_t n;

	while (length > 0) {
		if ((n = pread(fd, p, length, (off_t)offset)) <= 0) {
			if (n < 0 && errno == EINTR && !container_interrupted)
				continue;
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		length -= (size_t)n;
		offset += (unsigned long long)n;
	}
	return 0;
}

static zip_int64_t
S_packed_callback(void *state, void *data, zip_uint64_t length, zip_source_cmd_t command)
{
	struct container_packed_reader *reader = state;
	const struct container_packed *packed = &reader->packed;
	zip_stat_t *st;
	size_t n;

	switch (command) {
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_READABLE;
	case ZIP_SOURCE_OPEN:
		reader->position = 0;
		return 0;
	case ZIP_SOURCE_READ:
		n = packed->length - reader->position;
		if (length < n)
			n = (size_t)length;
		if (packed->data != NULL)
			memcpy(data, packed->data + reader->position, n);
		else if (n > 0 && S_read_at(packed->spool->fd, data, n,
		    packed->offset + reader->position) < 0) {
			zip_error_set(&reader->error, ZIP_ER_READ, errno);
			return -1;
		}
		reader->position += n;
		return (zip_int64_t)n;
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT:
		st = data;
		st->size = packed->size;
		st->comp_size = packed->length;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = (zip_uint32_t)packed->crc;
		st->encryption_method = ZIP_EM_NONE;
		st->valid |= ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
		    ZIP_STAT_ENCRYPTION_METHOD;
		return sizeof(*st);
	default:
		return S_source_common(&reader->error, reader, data, length, command);
	}
}

/* A source for packed, whose data stays the entry's.  NULL after setting the archive's error. */
static zip_source_t *
S_packed_new(zip_t *archive, const struct container_packed *packed)
{
	struct container_packed_reader *reader = xcalloc(1, sizeof(*reader));
	zip_source_t *source;

	reader->packed = *packed;
	zip_error_init(&reader->error);
	if ((source = zip_source_function(archive, S_packed_callback, reader)) == NULL) {
		zip_error_fini(&reader->error);
		free(reader);
	}
	return source;
}

static zip_source_t *
S_source(zip_t *archive, struct container_entry *entry, struct container_read_buffer *shared)
{
	struct container_packed packed;

	if (entry->packed) {
		packed.data = entry->data;
		packed.length = entry->length;
		packed.size = entry->size;
		packed.crc = entry->crc;
		packed.spool = entry->spool;
		packed.offset = entry->offset;
		return S_packed_new(archive, &packed);
	}

	if (entry->data == NULL)
		return S_reader_new(archive, entry, shared);
	return zip_source_buffer(archive, entry->data, entry->length, 0);
}

static int
S_add_entry(zip_t *archive, struct container_entry *entry, zip_uint16_t dos_time,
    zip_uint16_t dos_date, struct container_read_buffer *shared)
{
	zip_source_t *source = S_source(archive, entry, shared);
	zip_int64_t index;

	if (source == NULL)
		return -1;
	if ((index = zip_file_add(archive, entry->name, source, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(source);
		return -1;
	}
	/* A packed entry keeps the default method: libzip then copies its deflated bytes as they
	 * are (add_data() in libzip's zip_close.c recompresses only when the method asked for
	 * differs from the source's). */
	if ((!entry->packed && zip_set_file_compression(archive, (zip_uint64_t)index,
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

static size_t
S_ranges_length(const struct container_entry *entry)
{
	size_t i, total = 0;

	for (i = 0; i < entry->range_count; i++)
		total += (size_t)entry->ranges[i].length;
	return total;
}

/* The bytes the archive will hold, roughly: what the progress line counts against. */
static size_t
S_total_bytes(const struct container *container)
{
	size_t i, total = 0;
	struct stat st;

	for (i = 0; i < container->count; i++)
		if (container->entries[i].source_path == NULL)	/* in memory or spooled */
			total += container->entries[i].length;
		else if (container->entries[i].ranges != NULL)
			total += S_ranges_length(&container->entries[i]);
		else if (stat(container->entries[i].source_path, &st) == 0)
			total += (size_t)st.st_size;
	return total;
}

struct S_progress_state {
	struct progress	*progress;
	size_t		 total;
};

static void
S_progress(zip_t *archive, double fraction, void *data)
{
	struct S_progress_state *state = data;

	(void)archive;
	progress_packing(state->progress, fraction, state->total);
}

int
container_write(const struct container *container, const char *output, time_t mtime)
{
	struct S_progress_state progress = { container->progress, 0 };
	zip_uint16_t dos_time, dos_date;
	struct container_read_buffer shared = { NULL, 0 };
	zip_t *archive;
	size_t i;
	zip_error_t error;
	int status = -1;

	S_dos_time(mtime, &dos_time, &dos_date);
	zip_error_init(&error);
	if ((archive = S_output_open(output, &error)) == NULL) {
		diag_system(output, "cannot create: %s", zip_error_strerror(&error));
		zip_error_fini(&error);
		return -1;
	}
	zip_error_fini(&error);
	zip_register_cancel_callback_with_state(archive, S_cancelled, NULL, NULL);
	if (progress_enabled(container->progress)) {
		progress.total = S_total_bytes(container);
		zip_register_progress_callback_with_state(archive, 0.005, S_progress, NULL,
		    &progress);
	}
	/* The entries' sources point at it: it outlives the archive. */
	shared.data = xmalloc(CONTAINER_READ_BUFFER);
	for (i = 0; i < container->count; i++)
		if (S_add_entry(archive, &container->entries[i], dos_time, dos_date, &shared) < 0) {
			diag_system(output, "cannot add %s: %s", container->entries[i].name,
			    zip_strerror(archive));
			zip_discard(archive);
			goto out;
		}
	if (zip_close(archive) < 0) {
		if (container_interrupted)
			diag_system(output, "interrupted; nothing written");
		else
			diag_system(output, "cannot write: %s", zip_strerror(archive));
		zip_discard(archive);
		goto out;
	}
	status = 0;
out:
	free(shared.data);
	return status;
}
