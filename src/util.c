/* util.c - allocation wrappers, the growable buffer, the whole-file reader and two string
 * searches, declared in util.h.
 * Out of memory is reported once and ends the process with status 3, so callers never check. */
/* memmem() is a GNU extension (glibc has had it since 2.1). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

static void
S_out_of_memory(size_t size)
{
	diag_system(NULL, "out of memory (asked for %zu bytes)", size);
	exit(EXIT_SYSTEM);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		S_out_of_memory(size);
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		S_out_of_memory(count * size);
	return p;
}

void *
xrealloc(void *pointer, size_t size)
{
	void *p = realloc(pointer, size ? size : 1);

	if (p == NULL)
		S_out_of_memory(size);
	return p;
}

void
xgrow(void *items_pointer, size_t *capacity, size_t need, size_t size)
{
	void **items = items_pointer;
	size_t cap = *capacity;

	if (need <= cap)
		return;
	if (cap < 8)
		cap = 8;
	while (cap < need)
		cap *= 2;
	if (cap > (size_t)-1 / size)
		S_out_of_memory((size_t)-1);
	*items = xrealloc(*items, cap * size);
	*capacity = cap;
}

char *
xstrdup(const char *string)
{
	return xstrndup(string, strlen(string));
}

char *
xstrndup(const char *string, size_t length)
{
	char *p = xmalloc(length + 1);

	memcpy(p, string, length);
	p[length] = '\0';
	return p;
}

void
util_strings_free(char **strings, size_t count)
{
	size_t i;

	if (strings == NULL)
		return;
	for (i = 0; i < count; i++)
		free(strings[i]);
	free(strings);
}

static void
S_buffer_reserve(struct buffer *buffer, size_t extra)
{
	if (buffer->length + extra + 1 < buffer->length)
		S_out_of_memory((size_t)-1);
	xgrow(&buffer->data, &buffer->capacity, buffer->length + extra + 1, 1);
}

/* Appends the formatted text; returns its length, or -1 (nothing appended) on a format error.
 * Short text is formatted once, on the stack: ids and hrefs are made 100,000 times a book. */
static int
S_buffer_vprintf(struct buffer *buffer, const char *format, va_list ap)
{
	char short_text[256];
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(short_text, sizeof(short_text), format, copy);
	va_end(copy);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(short_text)) {
		buffer_append(buffer, short_text, (size_t)n);
		return n;
	}
	S_buffer_reserve(buffer, (size_t)n);
	vsnprintf(buffer->data + buffer->length, (size_t)n + 1, format, ap);
	buffer->length += (size_t)n;
	return n;
}

void
buffer_append(struct buffer *buffer, const void *bytes, size_t length)
{
	S_buffer_reserve(buffer, length);
	if (length)
		memcpy(buffer->data + buffer->length, bytes, length);
	buffer->length += length;
	buffer->data[buffer->length] = '\0';
}

void
buffer_puts(struct buffer *buffer, const char *string)
{
	buffer_append(buffer, string, strlen(string));
}

void
buffer_putc(struct buffer *buffer, char c)
{
	buffer_append(buffer, &c, 1);
}

void
buffer_printf(struct buffer *buffer, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	S_buffer_vprintf(buffer, format, ap);
	va_end(ap);
}

char *
xasprintf(const char *format, ...)
{
	struct buffer buffer = { 0 };
	va_list ap;
	int n;

	va_start(ap, format);
	n = S_buffer_vprintf(&buffer, format, ap);
	va_end(ap);
	if (n < 0)
		S_out_of_memory(0);
	return buffer_release(&buffer);
}

char *
buffer_release(struct buffer *buffer)
{
	char *data = buffer->data ? buffer->data : xstrdup("");

	*buffer = (struct buffer){ 0 };
	return data;
}

void
buffer_free(struct buffer *buffer)
{
	if (buffer == NULL)
		return;
	free(buffer->data);
	*buffer = (struct buffer){ 0 };
}

enum util_read_status
util_file_read(const char *path, size_t limit, char **data, size_t *length)
{
	struct buffer buffer = { 0 };
	enum util_read_status status = UTIL_READ_OK;
	char chunk[65536];
	size_t n;
	FILE *f;
	int saved;

	*data = NULL;
	*length = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return UTIL_READ_OPEN;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buffer.length + n > limit) {
			status = UTIL_READ_TOO_BIG;
			errno = EFBIG;
			break;
		}
		buffer_append(&buffer, chunk, n);
	}
	if (status == UTIL_READ_OK && ferror(f))
		status = UTIL_READ_READ;
	saved = errno;
	fclose(f);
	if (status != UTIL_READ_OK) {
		buffer_free(&buffer);
		errno = saved;
		return status;
	}
	*length = buffer.length;
	*data = buffer_release(&buffer);
	return UTIL_READ_OK;
}

/* 1 if word is one of the space-separated words of list. */
int
util_word_in(const char *list, const char *word)
{
	size_t length = strlen(word);
	const char *p;

	if (length == 0 || strchr(word, ' ') != NULL)
		return 0;
	for (p = strstr(list, word); p != NULL; p = strstr(p + 1, word))
		if ((p == list || p[-1] == ' ') && (p[length] == ' ' || p[length] == '\0'))
			return 1;
	return 0;
}

const char *
util_find(const char *p, const char *end, const char *needle)
{
	if (end <= p)
		return NULL;
	return memmem(p, (size_t)(end - p), needle, strlen(needle));
}

int
util_read_at(int fd, void *data, size_t length, unsigned long long offset)
{
	char *p = data;
	ssize_t n;

	while (length > 0) {
		if ((n = pread(fd, p, length, (off_t)offset)) <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		length -= (size_t)n;
		offset += (unsigned long long)n;
	}
	return 0;
}
