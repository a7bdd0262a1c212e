/* util.h - allocation wrappers that never return NULL, a growable byte buffer, the one file
 * reader.  Any src/ file may include it; the wrappers exit with status 3 on out-of-memory. */
#ifndef KAGAMA_UTIL_H
#define KAGAMA_UTIL_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *pointer, size_t size);
/* Grows *items to hold at least need elements of size bytes; *capacity is updated. */
void xgrow(void *items_pointer, size_t *capacity, size_t need, size_t size);
char *xstrdup(const char *string);
char *xstrndup(const char *string, size_t length);
/* Returns a new string the caller frees. */
char *xasprintf(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* Frees count strings and the array holding them; NULL is fine. */
void util_strings_free(char **strings, size_t count);

struct buffer {
	char	*data;		/* always NUL-terminated once anything was appended */
	size_t	 length;
	size_t	 capacity;
};

void buffer_append(struct buffer *buffer, const void *bytes, size_t length);
void buffer_puts(struct buffer *buffer, const char *string);
void buffer_putc(struct buffer *buffer, char c);
void buffer_printf(struct buffer *buffer, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* Hands the data to the caller (who frees it) and empties the buffer. Never NULL. */
char *buffer_release(struct buffer *buffer);
void buffer_free(struct buffer *buffer);

enum util_read_status {
	UTIL_READ_OK = 0,
	UTIL_READ_OPEN = -1,		/* fopen failed; errno says why */
	UTIL_READ_READ = -2,		/* reading failed; errno says why */
	UTIL_READ_TOO_BIG = -3,		/* more than limit bytes (errno EFBIG) */
};

/* Reads the whole file at path into *data (NUL-terminated, *length bytes, freed by the caller).
 * On failure *data is NULL and the caller words the message: the status says which step failed
 * and errno is left as that step set it. */
enum util_read_status util_file_read(const char *path, size_t limit, char **data, size_t *length);

/* Reads exactly length bytes of fd at offset with pread(), retrying after EINTR; 0, or -1
 * (errno set) on an error or a file shorter than that. */
int util_read_at(int fd, void *data, size_t length, unsigned long long offset);
/* The first needle in p..end (end excluded), or NULL: glibc's memmem on a bounded span. */
const char *util_find(const char *p, const char *end, const char *needle);
/* 1 if word is one of the space-separated words of list ("" and words with spaces never are). */
int util_word_in(const char *list, const char *word);

#endif
