/* image_cache.c - the folder of re-encoded photos: "v1/<2 hex>/<64 hex>" entries (a 64-byte
 * header, then the image) and "v1/stat/<2 hex>/<64 hex>" notes from a file's status to its
 * key.  Written to a temporary name and renamed, so a reader sees an entry whole or not at all,
 * even from another build running at once.  See image_cache.h. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>
#include <openssl/evp.h>

#include "image_cache.h"
#include "util.h"

#define CACHE_MAGIC		"KGMIMG01"
#define CACHE_STAT_MAGIC	"KGMSTAT1"
#define CACHE_HEADER_BYTES	64
/* An entry larger than this is not a photo we wrote. */
#define CACHE_MAX_ENTRY		(256UL << 20)

struct image_cache {
	char		*dir;		/* ".../kagama-epub/v1" */
	char		*settings;
	pthread_mutex_t	 lock;		/* the counts */
	size_t		 hits, made, broken;
};

/* Makes path and its parents (like mkdir -p); 0, or -1 with errno. */
static int
S_make_dirs(const char *path)
{
	char *copy = xstrdup(path), *p;
	int status = 0;

	for (p = copy + 1; *p != '\0' && status == 0; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(copy, 0777) < 0 && errno != EEXIST)
				status = -1;
			*p = '/';
		}
	if (status == 0 && mkdir(copy, 0777) < 0 && errno != EEXIST)
		status = -1;
	free(copy);
	return status;
}

static char *
S_default_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/kagama-epub", xdg);
	return xasprintf("%s/.cache/kagama-epub", home != NULL && home[0] != '\0' ? home : ".");
}

struct image_cache *
image_cache_open(const char *dir, const char *settings, char **error)
{
	struct image_cache *cache;
	char *top = dir != NULL ? xstrdup(dir) : S_default_dir();
	char *versioned = xasprintf("%s/v1", top);

	if (S_make_dirs(versioned) < 0) {
		*error = xasprintf("cannot use the image cache '%s': %s", top, strerror(errno));
		free(top);
		free(versioned);
		return NULL;
	}
	free(top);
	cache = xcalloc(1, sizeof(*cache));
	cache->dir = versioned;
	cache->settings = xstrdup(settings);
	pthread_mutex_init(&cache->lock, NULL);
	return cache;
}

void
image_cache_free(struct image_cache *cache)
{
	if (cache == NULL)
		return;
	pthread_mutex_destroy(&cache->lock);
	free(cache->dir);
	free(cache->settings);
	free(cache);
}

/* SHA-256 of the pieces, each preceded by its length so no two lists hash alike. */
static void
S_hash(const void *const *pieces, const size_t *lengths, size_t count,
    unsigned char key[IMAGE_CACHE_KEY_BYTES])
{
	EVP_MD_CTX *context = EVP_MD_CTX_new();
	unsigned char size[8];
	unsigned length = 0;
	size_t i, j;

	/* Fails only without memory, which xmalloc() would have ended the program for. */
	if (context == NULL)
		abort();
	EVP_DigestInit_ex(context, EVP_sha256(), NULL);
	for (i = 0; i < count; i++) {
		for (j = 0; j < 8; j++)
			size[j] = (unsigned char)((unsigned long long)lengths[i] >> (8 * j));
		EVP_DigestUpdate(context, size, 8);
		EVP_DigestUpdate(context, pieces[i], lengths[i]);
	}
	EVP_DigestFinal_ex(context, key, &length);
	EVP_MD_CTX_free(context);
}

void
image_cache_key(const struct image_cache *cache, const void *bytes, size_t length,
    unsigned char key[IMAGE_CACHE_KEY_BYTES])
{
	const void *pieces[2] = { cache->settings, bytes };
	size_t lengths[2] = { strlen(cache->settings), length };

	S_hash(pieces, lengths, 2, key);
}

/* "<dir>/<kind><2 hex>/<64 hex>"; kind is "" or "stat/". */
static char *
S_entry_path(const struct image_cache *cache, const char *kind,
    const unsigned char key[IMAGE_CACHE_KEY_BYTES])
{
	char hex[2 * IMAGE_CACHE_KEY_BYTES + 1];
	size_t i;

	for (i = 0; i < IMAGE_CACHE_KEY_BYTES; i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	return xasprintf("%s/%s%.2s/%s", cache->dir, kind, hex, hex);
}

/* Writes data to a temporary file beside path and renames it there: whole or nothing. */
static int
S_write_atomically(const char *path, const void *head, size_t head_length, const void *data,
    size_t length)
{
	char *folder = xstrdup(path), *slash = strrchr(folder, '/'), *temporary;
	int fd = -1, status = -1;

	*slash = '\0';
	temporary = xasprintf("%s/.tmp-XXXXXX", folder);
	if (S_make_dirs(folder) < 0 || (fd = mkstemp(temporary)) < 0)
		goto out;
	if (write(fd, head, head_length) != (ssize_t)head_length ||
	    (length > 0 && write(fd, data, length) != (ssize_t)length) || fchmod(fd, 0644) < 0)
		goto out;
	if (close(fd) < 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(temporary, path) == 0)
		status = 0;
out:
	if (fd >= 0)
		close(fd);
	if (status < 0)
		unlink(temporary);
	free(temporary);
	free(folder);
	return status;
}

static void
S_put32(unsigned char *p, unsigned long value)
{
	p[0] = (unsigned char)(value >> 24);
	p[1] = (unsigned char)(value >> 16);
	p[2] = (unsigned char)(value >> 8);
	p[3] = (unsigned char)value;
}

static unsigned long
S_get32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 |
	    p[3];
}

/* The key a file's identity (path, size, times, inode) leads to: the note's own name. */
static void
S_stat_name(const struct image_cache *cache, const char *path, const struct stat *st,
    unsigned char name[IMAGE_CACHE_KEY_BYTES])
{
	char identity[256];
	const void *pieces[3] = { cache->settings, path, identity };
	size_t lengths[3];

	snprintf(identity, sizeof(identity), "%lld %lld.%09ld %lld.%09ld %llu %llu",
	    (long long)st->st_size, (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
	    (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec, (unsigned long long)st->st_ino,
	    (unsigned long long)st->st_dev);
	lengths[0] = strlen(cache->settings);
	lengths[1] = strlen(path);
	lengths[2] = strlen(identity);
	S_hash(pieces, lengths, 3, name);
}

int
image_cache_key_by_stat(struct image_cache *cache, const char *path, const struct stat *st,
    unsigned char key[IMAGE_CACHE_KEY_BYTES])
{
	unsigned char name[IMAGE_CACHE_KEY_BYTES], note[8 + IMAGE_CACHE_KEY_BYTES];
	char *note_path;
	int fd, found = 0;

	S_stat_name(cache, path, st, name);
	note_path = S_entry_path(cache, "stat/", name);
	if ((fd = open(note_path, O_RDONLY | O_CLOEXEC)) >= 0) {
		found = util_read_at(fd, note, sizeof(note), 0) == 0 &&
		    memcmp(note, CACHE_STAT_MAGIC, 8) == 0;
		close(fd);
	}
	if (found)
		memcpy(key, note + 8, IMAGE_CACHE_KEY_BYTES);
	free(note_path);
	return found;
}

void
image_cache_remember_stat(struct image_cache *cache, const char *path, const struct stat *st,
    const unsigned char key[IMAGE_CACHE_KEY_BYTES])
{
	unsigned char name[IMAGE_CACHE_KEY_BYTES], note[8 + IMAGE_CACHE_KEY_BYTES];
	char *note_path;

	S_stat_name(cache, path, st, name);
	note_path = S_entry_path(cache, "stat/", name);
	memcpy(note, CACHE_STAT_MAGIC, 8);
	memcpy(note + 8, key, IMAGE_CACHE_KEY_BYTES);
	/* Only a shortcut: without it the next build hashes the file again. */
	(void)S_write_atomically(note_path, note, sizeof(note), NULL, 0);
	free(note_path);
}

static void
S_count(struct image_cache *cache, size_t *counter)
{
	pthread_mutex_lock(&cache->lock);
	(*counter)++;
	pthread_mutex_unlock(&cache->lock);
}

/* 1 when the entry open at fd is ours, whole and for key; fills entry. */
static int
S_entry_sound(int fd, const unsigned char key[IMAGE_CACHE_KEY_BYTES],
    struct image_cache_entry *entry)
{
	unsigned char head[CACHE_HEADER_BYTES];
	unsigned long length;
	struct stat st;
	char *payload;
	int sound;

	if (fstat(fd, &st) < 0 || st.st_size < CACHE_HEADER_BYTES ||
	    (unsigned long long)st.st_size > CACHE_MAX_ENTRY ||
	    util_read_at(fd, head, sizeof(head), 0) < 0 || memcmp(head, CACHE_MAGIC, 8) != 0 ||
	    memcmp(head + 8, key, IMAGE_CACHE_KEY_BYTES) != 0 ||
	    (head[40] != MEDIA_JPEG && head[40] != MEDIA_PNG))
		return 0;
	length = S_get32(head + 52);
	if (length != (unsigned long long)st.st_size - CACHE_HEADER_BYTES)
		return 0;
	payload = xmalloc(length > 0 ? length : 1);
	sound = util_read_at(fd, payload, length, CACHE_HEADER_BYTES) == 0 &&
	    libdeflate_crc32(0, payload, length) == S_get32(head + 56);
	free(payload);
	entry->type = (enum media_type)head[40];
	entry->width = S_get32(head + 44);
	entry->height = S_get32(head + 48);
	entry->offset = CACHE_HEADER_BYTES;
	entry->length = length;
	return sound;
}

int
image_cache_find(struct image_cache *cache, const unsigned char key[IMAGE_CACHE_KEY_BYTES],
    struct image_cache_entry *entry)
{
	char *path = S_entry_path(cache, "", key);
	int fd, sound;

	memset(entry, 0, sizeof(*entry));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		free(path);
		return 0;
	}
	sound = S_entry_sound(fd, key, entry);
	close(fd);
	if (!sound) {
		/* Never trusted: it goes, and the caller makes it again. */
		unlink(path);
		free(path);
		memset(entry, 0, sizeof(*entry));
		S_count(cache, &cache->broken);
		return 0;
	}
	entry->path = path;
	S_count(cache, &cache->hits);
	return 1;
}

int
image_cache_put(struct image_cache *cache, const unsigned char key[IMAGE_CACHE_KEY_BYTES],
    const char *data, size_t length, enum media_type type, unsigned long width,
    unsigned long height, struct image_cache_entry *entry, char **error)
{
	unsigned char head[CACHE_HEADER_BYTES];
	char *path = S_entry_path(cache, "", key);

	memset(head, 0, sizeof(head));
	memcpy(head, CACHE_MAGIC, 8);
	memcpy(head + 8, key, IMAGE_CACHE_KEY_BYTES);
	head[40] = (unsigned char)type;
	S_put32(head + 44, width);
	S_put32(head + 48, height);
	S_put32(head + 52, (unsigned long)length);
	S_put32(head + 56, libdeflate_crc32(0, data, length));
	if (length > CACHE_MAX_ENTRY - CACHE_HEADER_BYTES ||
	    S_write_atomically(path, head, sizeof(head), data, length) < 0) {
		*error = xasprintf("cannot write the image cache entry '%s': %s", path,
		    length > CACHE_MAX_ENTRY - CACHE_HEADER_BYTES ? "too large" : strerror(errno));
		free(path);
		return -1;
	}
	entry->path = path;
	entry->offset = CACHE_HEADER_BYTES;
	entry->length = length;
	entry->type = type;
	entry->width = width;
	entry->height = height;
	S_count(cache, &cache->made);
	return 0;
}

void
image_cache_entry_clear(struct image_cache_entry *entry)
{
	free(entry->path);
	memset(entry, 0, sizeof(*entry));
}

void
image_cache_counts(struct image_cache *cache, size_t *hits, size_t *made, size_t *broken)
{
	pthread_mutex_lock(&cache->lock);
	*hits = cache->hits;
	*made = cache->made;
	*broken = cache->broken;
	pthread_mutex_unlock(&cache->lock);
}
