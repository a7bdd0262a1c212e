/* test_container.c - the ZIP layout EPUB readers rely on: mimetype first, stored, no extra field,
 * entries in the order given, fixed times, deflated text and stored images, all or nothing. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <zip.h>
#include <zlib.h>

#include "container.h"
#include "util.h"
#include "unit.h"

static unsigned
S_u16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned char *
S_read_all(const char *path, size_t *length)
{
	struct buffer buffer = { 0 };
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buffer_append(&buffer, chunk, n);
	fclose(f);
	*length = buffer.length;
	return (unsigned char *)buffer_release(&buffer);
}

/* The bytes of entry name in the archive at path, read back with libzip (the caller frees). */
static char *
S_unzip_entry(const char *path, const char *name, size_t *length)
{
	struct buffer buffer = { 0 };
	char chunk[8192];
	zip_int64_t n;
	zip_file_t *file;
	int error;
	zip_t *archive = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &error);

	*length = 0;
	if (archive == NULL)
		return NULL;
	if ((file = zip_fopen(archive, name, 0)) == NULL) {
		zip_discard(archive);
		return NULL;
	}
	while ((n = zip_fread(file, chunk, sizeof(chunk))) > 0)
		buffer_append(&buffer, chunk, (size_t)n);
	/* zip_fclose() says whether the CRC matched. */
	if (zip_fclose(file) != 0 || n < 0) {
		buffer_free(&buffer);
		zip_discard(archive);
		return NULL;
	}
	zip_discard(archive);
	*length = buffer.length;
	return buffer.data == NULL ? xstrdup("") : buffer_release(&buffer);
}

/* Walks the local file headers: name, method, extra length and DOS date of entry `index`. */
static int
S_local_entry(const unsigned char *zip, size_t length, int index, char *name, size_t name_size,
    unsigned *method, unsigned *extra, unsigned *date)
{
	size_t offset = 0;
	int i;

	for (i = 0; offset + 30 <= length; i++) {
		unsigned name_length, extra_length;
		uint32_t compressed;

		if (memcmp(zip + offset, "PK\3\4", 4) != 0)
			return -1;
		name_length = S_u16(zip + offset + 26);
		extra_length = S_u16(zip + offset + 28);
		compressed = (uint32_t)S_u16(zip + offset + 18) |
		    (uint32_t)S_u16(zip + offset + 20) << 16;
		if (i == index) {
			snprintf(name, name_size, "%.*s", (int)name_length, zip + offset + 30);
			*method = S_u16(zip + offset + 8);
			*extra = extra_length;
			*date = S_u16(zip + offset + 12);
			return 0;
		}
		offset += 30 + name_length + extra_length + compressed;
	}
	return -1;
}

static void
S_test_layout(void)
{
	char path[] = "/tmp/kagama-unit-XXXXXX";
	struct container *container = container_new();
	char text[2000], name[64];
	unsigned char *zip;
	unsigned method, extra, date;
	size_t length;
	int fd = mkstemp(path);

	close(fd);
	unlink(path);
	memset(text, 'a', sizeof(text));
	container_add_data(container, "mimetype", xstrdup("application/epub+zip"), 20, 1);
	container_add_data(container, "EPUB/b.xhtml", xstrndup(text, sizeof(text)), sizeof(text), 0);
	container_add_data(container, "EPUB/a.xhtml", xstrdup("<p/>"), 4, 0);
	container_add_file(container, "EPUB/images/x.png", "tests/regress/images/chart.png", 1);
	/* 2023-11-14T22:13:20Z */
	CHECK(container_write(container, path, (time_t)1700000000) == 0);
	container_free(container);
	zip = S_read_all(path, &length);
	CHECK(zip != NULL && length > 0);
	if (zip == NULL)
		return;
	CHECK(memcmp(zip + 30, "mimetypeapplication/epub+zip", 28) == 0);
	CHECK(S_local_entry(zip, length, 0, name, sizeof(name), &method, &extra, &date) == 0);
	CHECK_STR(name, "mimetype");
	CHECK(method == 0);
	CHECK(extra == 0);
	CHECK(date == ((2023 - 1980) << 9 | 11 << 5 | 14));
	CHECK(S_local_entry(zip, length, 1, name, sizeof(name), &method, &extra, &date) == 0);
	CHECK_STR(name, "EPUB/b.xhtml");
	CHECK(method == 8);
	CHECK(S_local_entry(zip, length, 2, name, sizeof(name), &method, &extra, &date) == 0);
	CHECK_STR(name, "EPUB/a.xhtml");
	CHECK(S_local_entry(zip, length, 3, name, sizeof(name), &method, &extra, &date) == 0);
	CHECK_STR(name, "EPUB/images/x.png");
	CHECK(method == 0);
	free(zip);
	unlink(path);
}

static uint32_t
S_u32(const unsigned char *p)
{
	return (uint32_t)S_u16(p) | (uint32_t)S_u16(p + 2) << 16;
}

/* What the local header and the central directory say of one entry. */
struct zip_record {
	unsigned	 method, local_method;
	uint32_t	 crc, local_crc;
	uint32_t	 compressed, local_compressed;
	uint32_t	 size, local_size;
	unsigned	 made_by, needed, flags, internal, local_extra;
	uint32_t	 external;
	const unsigned char *data;	/* the entry's bytes in the archive */
};

/* Finds name through the central directory (the archive has no comment), then its local header. */
static int
S_find_record(const unsigned char *zip, size_t length, const char *name, struct zip_record *record)
{
	size_t offset, end, name_length = strlen(name);
	unsigned count, i;

	if (length < 22 || memcmp(zip + length - 22, "PK\5\6", 4) != 0)
		return -1;
	count = S_u16(zip + length - 22 + 10);
	offset = S_u32(zip + length - 22 + 16);
	for (i = 0; i < count && offset + 46 <= length; i++) {
		unsigned n = S_u16(zip + offset + 28);
		size_t local;

		if (memcmp(zip + offset, "PK\1\2", 4) != 0)
			return -1;
		end = offset + 46 + n + S_u16(zip + offset + 30) + S_u16(zip + offset + 32);
		if (n != name_length || memcmp(zip + offset + 46, name, n) != 0) {
			offset = end;
			continue;
		}
		record->made_by = S_u16(zip + offset + 4);
		record->needed = S_u16(zip + offset + 6);
		record->flags = S_u16(zip + offset + 8);
		record->internal = S_u16(zip + offset + 36);
		record->external = S_u32(zip + offset + 38);
		record->method = S_u16(zip + offset + 10);
		record->crc = S_u32(zip + offset + 16);
		record->compressed = S_u32(zip + offset + 20);
		record->size = S_u32(zip + offset + 24);
		local = S_u32(zip + offset + 42);
		if (local + 30 > length || memcmp(zip + local, "PK\3\4", 4) != 0)
			return -1;
		record->local_method = S_u16(zip + local + 8);
		record->local_crc = S_u32(zip + local + 14);
		record->local_compressed = S_u32(zip + local + 18);
		record->local_size = S_u32(zip + local + 22);
		record->local_extra = S_u16(zip + local + 28);
		record->data = zip + local + 30 + S_u16(zip + local + 26) + S_u16(zip + local + 28);
		if (record->data + record->local_compressed > zip + length)
			return -1;
		return 0;
	}
	return -1;
}

/* Raw inflate of a deflated entry; NULL if zlib finds it broken (the caller frees). */
static char *
S_inflate(const unsigned char *data, size_t length, size_t size)
{
	char *out = xmalloc(size + 1);
	z_stream stream;
	int status;

	memset(&stream, 0, sizeof(stream));
	if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) {
		free(out);
		return NULL;
	}
	stream.next_in = (Bytef *)(uintptr_t)data;
	stream.avail_in = (uInt)length;
	stream.next_out = (Bytef *)out;
	stream.avail_out = (uInt)size + 1;
	status = inflate(&stream, Z_FINISH);
	inflateEnd(&stream);
	if (status != Z_STREAM_END || stream.total_out != size) {
		free(out);
		return NULL;
	}
	return out;
}

/* Entries deflated ahead of time: method 8, the CRC and both sizes in the local header and the
 * central directory, bytes that inflate to the text, and libzip reads them back with a good
 * CRC.  An empty text still gives a valid entry. */
static void
S_test_packed(void)
{
	char path[] = "/tmp/kagama-unit-XXXXXX";
	struct container *container = container_new();
	struct container_packed packed, empty;
	struct zip_record record;
	struct buffer text = { 0 };
	unsigned char *zip;
	char *back;
	size_t length, back_length;
	int i;

	close(mkstemp(path));
	for (i = 0; i < 3000; i++)
		buffer_printf(&text, "<p id=\"p%d\">Kalimat nomor %d, yang agak panjang.</p>\n", i, i * 7);
	CHECK(container_pack(text.data, text.length, &packed) == 0);
	CHECK(packed.data != NULL && packed.length > 0 && packed.length < text.length / 4);
	CHECK(packed.size == text.length);
	CHECK(packed.crc == crc32(0, (const Bytef *)text.data, (uInt)text.length));
	CHECK(container_pack("", 0, &empty) == 0);
	CHECK(empty.data != NULL && empty.size == 0 && empty.crc == 0 && empty.length > 0);

	container_add_data(container, "mimetype", xstrdup("application/epub+zip"), 20, 1);
	container_add_packed(container, "EPUB/chapter.xhtml", &packed);
	CHECK(packed.data == NULL);
	container_add_packed(container, "EPUB/empty.xhtml", &empty);
	container_add_data(container, "EPUB/deflated.xhtml", xstrndup(text.data, text.length),
	    text.length, 0);
	CHECK(container_write(container, path, (time_t)1700000000) == 0);
	container_free(container);

	zip = S_read_all(path, &length);
	CHECK(zip != NULL);
	if (zip == NULL)
		goto out;
	CHECK(S_find_record(zip, length, "EPUB/chapter.xhtml", &record) == 0);
	CHECK(record.method == 8 && record.local_method == 8);
	CHECK(record.crc == crc32(0, (const Bytef *)text.data, (uInt)text.length));
	CHECK(record.local_crc == record.crc);
	CHECK(record.size == text.length && record.local_size == text.length);
	CHECK(record.compressed == record.local_compressed && record.compressed == packed.length);
	back = S_inflate(record.data, record.local_compressed, text.length);
	CHECK(back != NULL && memcmp(back, text.data, text.length) == 0);
	free(back);
	back = S_unzip_entry(path, "EPUB/chapter.xhtml", &back_length);
	CHECK(back != NULL && back_length == text.length &&
	    memcmp(back, text.data, text.length) == 0);
	free(back);

	/* libdeflate packs at least as tight as libzip's zlib (within 5 %), with the same
	 * header fields. */
	{
		struct zip_record deflated;

		CHECK(S_find_record(zip, length, "EPUB/deflated.xhtml", &deflated) == 0);
		CHECK(deflated.method == 8 && deflated.crc == record.crc);
		CHECK(record.local_extra == 0 && deflated.local_extra == 0);
		CHECK(record.made_by == deflated.made_by && record.needed == deflated.needed);
		CHECK(record.flags == deflated.flags && record.internal == deflated.internal);
		CHECK(record.external == deflated.external);
		CHECK(record.compressed < deflated.compressed + deflated.compressed / 20);
	}

	CHECK(S_find_record(zip, length, "EPUB/empty.xhtml", &record) == 0);
	CHECK(record.method == 8 && record.local_method == 8);
	CHECK(record.crc == 0 && record.local_crc == 0 && record.size == 0 && record.local_size == 0);
	CHECK(record.compressed > 0 && record.compressed == record.local_compressed);
	back = S_inflate(record.data, record.local_compressed, 0);
	CHECK(back != NULL);
	free(back);
	back = S_unzip_entry(path, "EPUB/empty.xhtml", &back_length);
	CHECK(back != NULL && back_length == 0);
	free(back);
	free(zip);
out:
	buffer_free(&text);
	unlink(path);
}

static void
S_test_failure_keeps_earlier(void)
{
	char path[] = "/tmp/kagama-unit-XXXXXX";
	struct container *container = container_new();
	unsigned char *data;
	size_t length;
	int fd = mkstemp(path), saved_stderr, null_fd;

	CHECK(write(fd, "earlier", 7) == 7);
	close(fd);
	container_add_data(container, "mimetype", xstrdup("application/epub+zip"), 20, 1);
	container_add_file(container, "EPUB/gone.png", "/nonexistent/kagama/gone.png", 1);
	/* The expected "cannot add" message is not news: keep it off the test log. */
	fflush(stderr);
	saved_stderr = dup(2);
	null_fd = open("/dev/null", O_WRONLY);
	dup2(null_fd, 2);
	CHECK(container_write(container, path, 0) < 0);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	close(null_fd);
	container_free(container);
	data = S_read_all(path, &length);
	CHECK(data != NULL && length == 7 && memcmp(data, "earlier", 7) == 0);
	free(data);
	unlink(path);
}

/* A stored file bigger than every buffer (3 MiB of noise) comes back byte for byte, with an
 * empty file and a small one beside it. */
static void
S_test_big_file(void)
{
	char path[] = "/tmp/kagama-unit-XXXXXX", image[] = "/tmp/kagama-unit-image-XXXXXX";
	char empty[] = "/tmp/kagama-unit-empty-XXXXXX";
	size_t size = 3 * 1024 * 1024 + 12345, length, i;
	struct container *container = container_new();
	char *noise = xmalloc(size), *back;
	uint32_t x = 2463534242u;
	int fd;

	for (i = 0; i < size; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		noise[i] = (char)(x >> 24);
	}
	fd = mkstemp(image);
	CHECK(write(fd, noise, size) == (ssize_t)size);
	close(fd);
	close(mkstemp(empty));
	close(mkstemp(path));
	container_add_data(container, "mimetype", xstrdup("application/epub+zip"), 20, 1);
	container_add_file(container, "EPUB/images/noise.jpg", image, 1);
	container_add_file(container, "EPUB/images/empty.jpg", empty, 1);
	container_add_file(container, "EPUB/images/x.png", "tests/regress/images/chart.png", 1);
	CHECK(container_write(container, path, (time_t)1700000000) == 0);
	container_free(container);
	back = S_unzip_entry(path, "EPUB/images/noise.jpg", &length);
	CHECK(back != NULL && length == size && memcmp(back, noise, size) == 0);
	free(back);
	back = S_unzip_entry(path, "EPUB/images/empty.jpg", &length);
	CHECK(back != NULL && length == 0);
	free(back);
	back = S_unzip_entry(path, "EPUB/images/x.png", &length);
	free(noise);
	noise = (char *)S_read_all("tests/regress/images/chart.png", &size);
	CHECK(back != NULL && noise != NULL && length == size && memcmp(back, noise, size) == 0);
	free(back);
	free(noise);
	unlink(image);
	unlink(empty);
	unlink(path);
}

/* Writes container to path with stderr caught; returns container_write's status and what it
 * printed (the caller frees *messages). */
static int
S_write_quietly(const struct container *container, const char *path, char **messages)
{
	char log[] = "/tmp/kagama-unit-log-XXXXXX";
	int log_fd = mkstemp(log), saved_stderr, status;
	size_t length;

	fflush(stderr);
	saved_stderr = dup(2);
	dup2(log_fd, 2);
	status = container_write(container, path, 0);
	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	close(log_fd);
	*messages = (char *)S_read_all(log, &length);
	unlink(log);
	return status;
}

/* Names in folder, one per line, "." and ".." left out (the caller frees). */
static char *
S_list_folder(const char *folder)
{
	struct buffer names = { 0 };
	struct dirent *entry;
	DIR *dir = opendir(folder);

	if (dir == NULL)
		return xstrdup("(cannot open)");
	while ((entry = readdir(dir)) != NULL)
		if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) {
			buffer_puts(&names, entry->d_name);
			buffer_putc(&names, '\n');
		}
	closedir(dir);
	return names.data == NULL ? xstrdup("") : buffer_release(&names);
}

/* A failure in the middle of writing (a "file" that cannot be read, a file size limit, an
 * interruption) leaves the earlier output alone and no temporary file beside it, and says why. */
static void
S_test_failed_write_leaves_nothing(void)
{
	char folder[] = "/tmp/kagama-unit-folder-XXXXXX";
	char *output, *messages, *names, *big;
	struct container *container;
	struct rlimit saved, limit;
	size_t length;
	FILE *f;

	if (mkdtemp(folder) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	output = xasprintf("%s/book.epub", folder);
	big = xmalloc(3 * 1024 * 1024);
	for (size_t i = 0; i < 3 * 1024 * 1024; i++)
		big[i] = (char)(i * 2654435761u >> 13);

	/* A folder where an image should be: read() fails after much was written. */
	container = container_new();
	container_add_data(container, "mimetype", xstrdup("application/epub+zip"), 20, 1);
	container_add_data(container, "EPUB/big.bin", xstrndup(big, 3 * 1024 * 1024),
	    3 * 1024 * 1024, 1);
	container_add_file(container, "EPUB/images/folder.jpg", folder, 1);
	f = fopen(output, "w");
	fputs("earlier", f);
	fclose(f);
	CHECK(S_write_quietly(container, output, &messages) < 0);
	CHECK(messages != NULL && strstr(messages, "Is a directory") != NULL);
	free(messages);
	names = S_list_folder(folder);
	CHECK_STR(names, "book.epub\n");
	free(names);

	/* A file size limit: write() fails with EFBIG, and strerror's text reaches the message
	 * (as "No space left on device" does on a full disk). */
	container_free(container);
	container = container_new();
	container_add_data(container, "mimetype", xstrdup("application/epub+zip"), 20, 1);
	container_add_data(container, "EPUB/big.bin", xstrndup(big, 3 * 1024 * 1024),
	    3 * 1024 * 1024, 1);
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &saved);
	limit = saved;
	limit.rlim_cur = 64 * 1024;
	setrlimit(RLIMIT_FSIZE, &limit);
	CHECK(S_write_quietly(container, output, &messages) < 0);
	setrlimit(RLIMIT_FSIZE, &saved);
	signal(SIGXFSZ, SIG_DFL);
	CHECK(messages != NULL && strstr(messages, "cannot write") != NULL &&
	    strstr(messages, strerror(EFBIG)) != NULL);
	free(messages);
	names = S_list_folder(folder);
	CHECK_STR(names, "book.epub\n");
	free(names);

	/* Interrupted: nothing written, and it says so. */
	container_interrupted = 1;
	CHECK(S_write_quietly(container, output, &messages) < 0);
	container_interrupted = 0;
	CHECK(messages != NULL && strstr(messages, "interrupted; nothing written") != NULL);
	CHECK(container_writing == 0);
	free(messages);
	names = S_list_folder(folder);
	CHECK_STR(names, "book.epub\n");
	free(names);

	/* And the earlier output is still what it was. */
	messages = (char *)S_read_all(output, &length);
	CHECK_STR(messages, "earlier");
	free(messages);

	/* A successful write replaces it and keeps its mode. */
	chmod(output, 0640);
	CHECK(S_write_quietly(container, output, &messages) == 0);
	CHECK_STR(messages, "");
	free(messages);
	{
		struct stat st;

		CHECK(stat(output, &st) == 0 && (st.st_mode & 07777) == 0640 &&
		    st.st_size > 3 * 1024 * 1024);
	}
	names = S_list_folder(folder);
	CHECK_STR(names, "book.epub\n");
	free(names);

	container_free(container);
	free(big);
	unlink(output);
	rmdir(folder);
	free(output);
}

void
test_container(void)
{
	S_test_layout();
	S_test_failure_keeps_earlier();
	S_test_big_file();
	S_test_packed();
	S_test_failed_write_leaves_nothing();
}
