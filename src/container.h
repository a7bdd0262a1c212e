/* container.h - the ZIP container of an EPUB, written with libzip: mimetype first and stored,
 * fixed order and times, text deflated, images stored, all or nothing.  Knows nothing of books:
 * called by main.c and package.c; container_pack() and the spool by render.c's threads. */
#ifndef KAGAMA_CONTAINER_H
#define KAGAMA_CONTAINER_H

#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "image_strip.h"
#include "packed.h"

struct container_entry {
	char		*name;		/* path inside the ZIP */
	char		*data;		/* in-memory content, or NULL */
	size_t		 length;
	char		*source_path;	/* file streamed at write time when data is NULL */
	struct image_range *ranges;	/* ...only these stretches of it, or NULL: all */
	size_t		 range_count;
	int		 store;		/* 1: no compression */
	int		 packed;	/* 1: data is raw deflate of size bytes with this crc */
	size_t		 size;
	unsigned long	 crc;
	const struct container_spool *spool;	/* packed, data NULL: length bytes there */
	unsigned long long offset;
};

/* Deflated chapters wait in a temporary file beside the output (unlinked at once, so nothing
 * is left behind whatever happens) instead of in memory: memory does not grow with the book. */
struct container_spool;

/* A spool in the folder of output; NULL after reporting. */
struct container_spool *container_spool_new(const char *output);
void container_spool_free(struct container_spool *spool);
/* Moves packed->data into the spool (thread-safe) and frees it; packed then refers to the
 * spool.  Returns 0, or -1 after reporting (only the first failure is reported). */
int container_spool_put(struct container_spool *spool, struct container_packed *packed);

struct progress;

struct container {
	struct container_entry	*entries;
	size_t			 count, capacity;
	struct progress		*progress;	/* told how far writing is, or NULL */
};

struct container *container_new(void);
void container_free(struct container *container);
/* Takes ownership of data (freed with free()). */
void container_add_data(struct container *container, const char *name, char *data,
    size_t length, int store);
/* The file is read when the archive is written, so photos never sit in memory together. */
void container_add_file(struct container *container, const char *name, const char *path,
    int store);
/* A photo stored as the given stretches of the file at path (image_strip.h: its metadata
 * left out while it streams); takes ranges (freed with free()). */
void container_add_file_ranges(struct container *container, const char *name, const char *path,
    struct image_range *ranges, size_t count);
/* Deflates text (length bytes) with libdeflate at the container's level into packed; thread-safe, so workers
 * can call it.  Returns 0, or -1 after reporting (diag_system) out of memory. */
int container_pack(const char *text, size_t length, struct container_packed *packed);
/* CRC-32 as ZIP wants it (crc 0 to start), computed by libdeflate, as the deflating is. */
unsigned long container_crc32(unsigned long crc, const void *data, size_t length);
/* Adds an entry whose bytes are copied into the archive as they are; takes packed->data (and
 * sets it to NULL). */
void container_add_packed(struct container *container, const char *name,
    struct container_packed *packed);
/* Writes the archive to a temporary file beside output and renames it over output only when
 * everything succeeded; an earlier output stays untouched otherwise.  All entries get the
 * modification time mtime (UTC).  Returns 0, or -1 after reporting a system error. */
int container_write(const struct container *container, const char *output, time_t mtime);

/* For tests and callers that must not be interrupted mid-write: set from a signal handler,
 * makes a running container_write() stop, remove its temporary file and fail.  Lock-free
 * atomics: safe to set in a handler and to read on any thread. */
extern atomic_int container_interrupted;
/* 1 while container_write() has a temporary file to clean up. */
extern atomic_int container_writing;

#endif
