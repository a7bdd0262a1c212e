/* image_cache.h - re-encoded photos kept between builds (--cache DIR, default
 * $XDG_CACHE_HOME/kagama-epub), keyed by the SHA-256 of the source bytes and the settings, so a
 * rebuild decodes nothing; a file's size, times and inode lead to that key without reading it.
 * Every entry is checked (magic, key, length, CRC-32) before it is used: a corrupted or foreign
 * one is removed and made again.  Thread-safe; called by the image probe and main.c. */
#ifndef KAGAMA_IMAGE_CACHE_H
#define KAGAMA_IMAGE_CACHE_H

#include <stddef.h>
#include <sys/stat.h>

#include "media.h"

#define IMAGE_CACHE_KEY_BYTES 32

struct image_cache;

/* An entry's payload: length bytes at offset of the file at path (owned, freed by clear). */
struct image_cache_entry {
	char			*path;
	unsigned long long	 offset, length;
	enum media_type		 type;
	unsigned long		 width, height;
};

/* The cache in dir (NULL: $XDG_CACHE_HOME/kagama-epub, else ~/.cache/kagama-epub), made if
 * missing; settings describe everything besides the source bytes that shapes an entry.
 * NULL with *error set (freed by the caller) when the folder cannot be used. */
struct image_cache *image_cache_open(const char *dir, const char *settings, char **error);
void image_cache_free(struct image_cache *cache);
/* The key of the source bytes under the cache's settings. */
void image_cache_key(const struct image_cache *cache, const void *bytes, size_t length,
    unsigned char key[IMAGE_CACHE_KEY_BYTES]);
/* The key remembered for the file at path with status st, without reading it: 1, or 0. */
int image_cache_key_by_stat(struct image_cache *cache, const char *path, const struct stat *st,
    unsigned char key[IMAGE_CACHE_KEY_BYTES]);
void image_cache_remember_stat(struct image_cache *cache, const char *path,
    const struct stat *st, const unsigned char key[IMAGE_CACHE_KEY_BYTES]);
/* 1 and entry filled when a sound entry has key; 0 when there is none (a broken one is
 * removed, and counted). */
int image_cache_find(struct image_cache *cache, const unsigned char key[IMAGE_CACHE_KEY_BYTES],
    struct image_cache_entry *entry);
/* Stores data (length bytes of type) under key and fills entry; 0, or -1 with *error set. */
int image_cache_put(struct image_cache *cache, const unsigned char key[IMAGE_CACHE_KEY_BYTES],
    const char *data, size_t length, enum media_type type, unsigned long width,
    unsigned long height, struct image_cache_entry *entry, char **error);
void image_cache_entry_clear(struct image_cache_entry *entry);
/* Counts for --verbose: entries used, made, and found broken. */
void image_cache_counts(struct image_cache *cache, size_t *hits, size_t *made, size_t *broken);

#endif
