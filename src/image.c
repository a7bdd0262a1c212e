/* image.c - the images of the book: located (inside the input folder, through paths:), read
 * only as far as needed, sniffed, measured, checked, stored once by content, and named in
 * reading order.  Called by chapter.c (while building), render.c (naming) and pages.c (cover). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "diag.h"
#include "digest.h"
#include "image.h"
#include "image_prepare.h"
#include "path.h"
#include "svg_clean.h"
#include "util.h"
#include "xml_walk.h"

/* Photos are sniffed and measured from their first bytes; the whole file is read only for an
 * SVG (parsed and cleaned), for an unrecognised one (an SVG may start late), and to hash it. */
#define IMAGE_HEAD_BYTES (64 * 1024)
/* Past the head, a JPEG's segments are walked a window at a time, the long ones skipped unread
 * (EXIF, XMP and ICC profiles come before the frame header).  A window holds a whole segment
 * (at most 65537 bytes with its marker) and the fill bytes before it. */
#define JPEG_WINDOW_BYTES (72 * 1024)

/* The image open for reading with its size, or -1 after reporting. */
static int
S_open_image(const char *path, size_t limit, size_t *size, const char *article, int line)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: a FIFO named like a photo must not stall the build. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
		diag_report(DIAG_ERROR, article, line, 0, "cannot read image '%s': %s", path,
		    strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_report(DIAG_ERROR, article, line, 0, "image '%s' is not a regular file", path);
		goto fail;
	}
	if ((unsigned long long)st.st_size > limit) {
		diag_report(DIAG_ERROR, article, line, 0,
		    "image '%s' is larger than the limit of %zu bytes (--max-image-size)", path,
		    limit);
		goto fail;
	}
	*size = (size_t)st.st_size;
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Reads bytes from..want of the open image into data; -1 after reporting a short read. */
static int
S_read_span(int fd, const char *path, unsigned char *data, size_t from, size_t want)
{
	size_t done = from;
	ssize_t n;

	errno = 0;
	while (done < want && (n = read(fd, data + done, want - done)) > 0)
		done += (size_t)n;
	if (done == want)
		return 0;
	diag_system(path, "cannot read image: %s", errno == 0 ? "it shrank while being read" :
	    strerror(errno));
	return -1;
}

/* The whole image (its size in *length), or NULL after reporting. */
static unsigned char *
S_read_image(const char *path, size_t limit, size_t *length, const char *article, int line)
{
	unsigned char *data;
	int fd;

	if ((fd = S_open_image(path, limit, length, article, line)) < 0)
		return NULL;
	data = xmalloc(*length + 1);
	if (S_read_span(fd, path, data, 0, *length) < 0) {
		free(data);
		data = NULL;
	}
	close(fd);
	return data;
}

/* Measures a JPEG whose head ends before its frame header; 0 and the size, or -1. */
static int
S_measure_jpeg(int fd, size_t size, const unsigned char *head, size_t length,
    struct book_image *image)
{
	unsigned char *window;
	size_t offset = 0, next;
	unsigned long width, height;
	ssize_t n;
	int status = media_jpeg_walk(head, length, 2, &next, &width, &height);

	if (status != 1)
		return status;
	window = xmalloc(JPEG_WINDOW_BYTES);
	/* Every window moves the walk on (next > 0), so this ends. */
	while (status == 1 && next > 0 && next < size - offset) {
		offset += next;
		if ((n = pread(fd, window, JPEG_WINDOW_BYTES, (off_t)offset)) <= 0)
			break;
		status = media_jpeg_walk(window, (size_t)n, 0, &next, &width, &height);
	}
	free(window);
	if (status != 0)
		return -1;
	image->width = width;
	image->height = height;
	return 0;
}

/* The image's head, or all of it when the head does not say what it is (length in *length,
 * the file's size in image->size); or NULL after reporting.  A JPEG measured past its head
 * has image->width and height set.  The container streams the bytes again from disk. */
static unsigned char *
S_read_enough(const char *path, size_t limit, size_t *length, struct book_image *image,
    const char *article, int line)
{
	unsigned char *data;
	enum media_type type;
	unsigned long width, height;
	int fd;

	if ((fd = S_open_image(path, limit, &image->size, article, line)) < 0)
		return NULL;
	*length = image->size < IMAGE_HEAD_BYTES ? image->size : IMAGE_HEAD_BYTES;
	data = xmalloc(*length + 1);
	if (S_read_span(fd, path, data, 0, *length) < 0)
		goto fail;
	if (*length == image->size)
		goto out;
	type = media_sniff(data, *length);
	if (type == MEDIA_JPEG && S_measure_jpeg(fd, image->size, data, *length, image) == 0)
		goto out;
	if (type != MEDIA_SVG && type != MEDIA_UNKNOWN &&
	    media_dimensions(type, data, *length, &width, &height) == 0)
		goto out;
	data = xrealloc(data, image->size + 1);
	if (S_read_span(fd, path, data, *length, image->size) < 0)
		goto fail;
	*length = image->size;
out:
	close(fd);
	return data;
fail:
	close(fd);
	free(data);
	return NULL;
}

/* Checks the bytes are an image every EPUB 3.2 reader shows, and measures it. */
static int
S_check_image(const char *display, const unsigned char *data, size_t length,
    struct book_image *image, const char *article, int line)
{
	if (length == 0) {
		diag_report(DIAG_ERROR, article, line, 0, "image '%s' is an empty file", display);
		return -1;
	}
	image->type = media_sniff(data, length);
	if (image->type == MEDIA_UNKNOWN) {
		diag_report(DIAG_ERROR, article, line, 0,
		    "'%s' is not an image kagama-epub recognises (JPEG, PNG, GIF, SVG)", display);
		return -1;
	}
	/* A JPEG may have been measured past its head already; other formats than the core ones
	 * are measured when image_prepare.c converts them. */
	if (media_is_core(image->type) && image->width == 0 &&
	    media_dimensions(image->type, data, length, &image->width, &image->height) < 0 &&
	    image->type != MEDIA_SVG) {
		diag_report(DIAG_ERROR, article, line, 0, "image '%s' is truncated or damaged (%s)",
		    display, media_name(image->type));
		return -1;
	}
	return 0;
}

/* Readers such as Apple Books and Kobo downscale or refuse images past these. */
#define IMAGE_MAX_PIXELS	4000000UL
#define IMAGE_MAX_BYTES		(5UL << 20)

static void
S_warn_large(const struct book_image *image, const char *display, size_t length,
    const char *article, int line)
{
	if (image->type != MEDIA_SVG && image->width * image->height > IMAGE_MAX_PIXELS)
		diag_warning(DIAG_CLASS_LARGE_IMAGE, article, line, 0,
		    "image '%s' is %lux%lu pixels; some readers (Apple Books, Kobo) shrink or skip "
		    "images over 4 megapixels", display, image->width, image->height);
	if (length > IMAGE_MAX_BYTES)
		diag_warning(DIAG_CLASS_LARGE_IMAGE, article, line, 0,
		    "image '%s' is %zu bytes; some readers skip images over 5 MB", display, length);
}

/* An SVG must be well-formed, and may not script or fetch: those parts are removed and the
 * cleaned copy is what the book carries. */
static int
S_check_svg(struct book_image *image, const unsigned char *data, size_t length,
    const char *display, const char *article, int line)
{
	return svg_clean_file(data, length, display, article, line, &image->data,
	    &image->length);
}

/* "images/<stem>.<ext>", unique in the book even on case-insensitive readers. */
static void
S_name_image(struct book *book, struct book_image *image, const char *source_name)
{
	char *stem = path_safe_stem(source_name), *key;
	unsigned suffix;

	image->href = xasprintf("images/%s.%s", stem, media_extension(image->type));
	for (suffix = 2; xmlHashLookup(book->image_by_href, (const xmlChar *)image->href); suffix++) {
		free(image->href);
		image->href = xasprintf("images/%s-%u.%s", stem, suffix,
		    media_extension(image->type));
	}
	/* path_safe_stem lowercases, so the href is its own case-folded key. */
	key = image->href;
	xmlHashAddEntry(book->image_by_href, (const xmlChar *)key, image);
	image->id = xasprintf("image-%zu", book->image_count + 1);
	free(stem);
}

/* The digest of an image, read (again) from disk the first time it is needed. */
static int
S_ensure_digest(const struct options *options, struct book_image *image)
{
	unsigned char *data;
	size_t length;

	if (image->hashed)
		return 0;
	data = S_read_image(image->real_path, options->max_image_bytes, &length,
	    image->real_path, 0);
	if (data == NULL)
		return -1;
	sha1_digest(data, length, image->digest);
	image->hashed = 1;
	free(data);
	return 0;
}

/* An earlier image with the same bytes, or NULL.  Only images of equal size and equal heads
 * are hashed, so a thousand different photos cost no SHA-1 at all. */
static struct book_image *
S_same_content(const struct options *options, struct book *book, struct book_image *image)
{
	struct book_image *other;
	char key[32];

	snprintf(key, sizeof(key), "%zu", image->size);
	for (other = xmlHashLookup(book->image_by_size, (const xmlChar *)key); other != NULL;
	    other = other->same_size) {
		if (other->head_crc != image->head_crc)
			continue;
		if (S_ensure_digest(options, image) < 0)
			return NULL;
		if (S_ensure_digest(options, other) == 0 &&
		    memcmp(other->digest, image->digest, sizeof(image->digest)) == 0)
			return other;
	}
	return NULL;
}

static void
S_remember_size(struct book *book, struct book_image *image)
{
	struct book_image *first;
	char key[32];

	snprintf(key, sizeof(key), "%zu", image->size);
	if ((first = xmlHashLookup(book->image_by_size, (const xmlChar *)key)) == NULL)
		xmlHashAddEntry(book->image_by_size, (const xmlChar *)key, image);
	else {
		image->same_size = first->same_size;
		first->same_size = image;
	}
}

/* The image at real, read, checked and measured but not yet part of the book; or NULL after
 * reporting.  Touches nothing shared, so any thread may call it. */
static struct book_image *
S_probe_image(const struct options *options, const struct book *book, const char *real,
    const char *display, const char *article, int line)
{
	struct book_image *image = xcalloc(1, sizeof(*image));
	unsigned char *data;
	size_t length;

	if ((data = S_read_enough(real, options->max_image_bytes, &length, image, article, line))
	    == NULL)
		goto fail;
	/* Images of the same size are told apart by their heads before anything is hashed. */
	image->head_crc = crc32_z(0, data, length < IMAGE_HEAD_BYTES ? length : IMAGE_HEAD_BYTES);
	image->real_path = xstrdup(real);
	if (S_check_image(display, data, length, image, article, line) < 0 ||
	    image_prepare(options, book->image_cache, image, display, article, line) < 0)
		goto fail;
	S_warn_large(image, display, image->stored_length > 0 ? image->stored_length :
	    image->size, article, line);
	if (image->type == MEDIA_SVG && S_check_svg(image, data, length, display, article, line) < 0)
		goto fail;
	free(data);
	return image;
fail:
	free(data);
	book_image_free(image);
	return NULL;
}

/* Makes a probed image part of the book, or finds an earlier one with the same bytes (and
 * frees image); returns the book's image for real. */
static struct book_image *
S_register_image(const struct options *options, struct book *book, struct book_image *image,
    const char *display)
{
	struct book_image *same = S_same_content(options, book, image);

	if (same != NULL) {
		xmlHashAddEntry(book->image_by_path, (const xmlChar *)image->real_path, same);
		book_image_free(image);
		return same;
	}
	S_name_image(book, image, path_basename(display));
	xgrow(&book->images, &book->image_capacity, book->image_count + 1,
	    sizeof(struct book_image *));
	book->images[book->image_count++] = image;
	xmlHashAddEntry(book->image_by_path, (const xmlChar *)image->real_path, image);
	S_remember_size(book, image);
	return image;
}

/* The path of src relative to the input folder, or NULL (reported) if it leaves it.  A
 * site-absolute path ("/uploads/x.jpg") goes through book.yaml's paths:. */
static char *
S_source_relative(const struct options *options, const char *base, const char *file,
    const char *src, int line)
{
	char *path, *fragment, *relative;
	enum path_status status;

	path_split_href(src, &path, &fragment);
	free(fragment);
	status = path_resolve_reference(base, path, &options->paths, &relative);
	if (status == PATH_MALFORMED)
		diag_report(DIAG_ERROR, file, line, 0,
		    "image path '%s' has a malformed %%-escape", src);
	else if (status == PATH_OUTSIDE)
		diag_report(DIAG_ERROR, file, line, 0,
		    "image '%s' is outside the input folder; refused", src);
	free(path);
	return relative;
}

static int
S_refuse_scheme(const char *file, const char *src, int line)
{
	char *scheme = path_url_scheme(src);
	int refused = scheme != NULL;

	if (scheme == NULL)
		return 0;
	if (path_is_web_url(src))
		diag_warning(DIAG_CLASS_REMOTE_IMAGE, file, line, 0,
		    "remote image '%s' not included (the book is read offline); it becomes a link",
		    src);
	else
		diag_warning(DIAG_CLASS_UNSAFE_URL, file, line, 0,
		    "image with a %s: URL left out; its alt text is kept", scheme);
	free(scheme);
	return refused;
}

static void
S_report_missing(const struct options *options, const char *file, const char *src, int line,
    const char *why)
{
	/* As written: cmark percent-encodes what it renders ("foto é.png" -> foto%20%C3%A9.png). */
	char *decoded = path_percent_decode(src);
	const char *written = decoded != NULL ? decoded : src;

	if (options->missing_images_warn > 0)
		diag_warning(DIAG_CLASS_MISSING_IMAGE, file, line, 0,
		    "image '%s' %s; its alt text is kept", written, why);
	else
		diag_report(DIAG_ERROR, file, line, 0, "image '%s' %s", written, why);
	free(decoded);
}

/* The path of the image src written in file relative to the input folder, or NULL after
 * reporting why it cannot be had. */
static char *
S_image_relative(const struct options *options, const char *base, const char *file,
    const char *src, int line)
{
	/* "![photo]()" names no file: without this it was the article's own folder, reported
	 * by its absolute path as "not a regular file" after four system calls. */
	if (src[0] == '\0' || src[0] == '#' || src[0] == '?') {
		if (options->missing_images_warn > 0)
			diag_warning(DIAG_CLASS_MISSING_IMAGE, file, line, 0,
			    "image with no file name ('%s'); its alt text is kept", src);
		else
			diag_report(DIAG_ERROR, file, line, 0, "image with no file name ('%s')", src);
		return NULL;
	}
	if (S_refuse_scheme(file, src, line))
		return NULL;
	return S_source_relative(options, base, file, src, line);
}

/* The real path of the image at relative in real, checked to be inside the input folder;
 * 0, or -1 after reporting why it cannot be had. */
static int
S_image_real(const struct options *options, const struct book *book, const char *relative,
    const char *file, const char *src, int line, char real[PATH_MAX])
{
	char *full = path_join(options->input_dir, relative);
	int status = -1;

	if (realpath(full, real) == NULL)
		S_report_missing(options, file, src, line,
		    errno == ENOENT ? "does not exist" : strerror(errno));
	else if (!path_is_inside(book->input_real, real))
		diag_report(DIAG_ERROR, file, line, 0,
		    "image '%s' is a link to outside the input folder; refused", src);
	else
		status = 0;
	free(full);
	return status;
}

/* The real path of the image src written in file (relative to the file base), checked to be
 * inside the input folder, in real; its path relative to the input folder, or NULL after
 * reporting why it cannot be had. */
static char *
S_locate_image(const struct options *options, const struct book *book, const char *base,
    const char *file, const char *src, int line, char real[PATH_MAX])
{
	char *relative = S_image_relative(options, base, file, src, line);

	if (relative != NULL && S_image_real(options, book, relative, file, src, line, real) < 0) {
		free(relative);
		relative = NULL;
	}
	return relative;
}

struct book_image *
image_from_file(const struct options *options, struct book *book, const char *base,
    const char *file, const char *src, int line)
{
	struct book_image *image;
	char real[PATH_MAX], *relative;

	if ((relative = S_locate_image(options, book, base, file, src, line, real)) == NULL)
		return NULL;
	if ((image = xmlHashLookup(book->image_by_path, (const xmlChar *)real)) == NULL &&
	    (image = S_probe_image(options, book, real, relative, file, line)) != NULL)
		image = S_register_image(options, book, image, relative);
	free(relative);
	return image;
}

/* An image a chapter refers to, probed on the chapter's thread; it joins the book in reading
 * order once every chapter is built (image_pending_register). */
struct image_pending {
	char			*relative;	/* names the image */
	struct book_image	*image;		/* probed; then the book's own */
	struct diag_capture	 messages;	/* the probe's warnings: given if it is new */
	size_t			 at;		/* ...at this message of the chapter's */
};

/* Chapters carry "pending-image:N" as an img's src until the book names image N. */
#define PENDING_PREFIX "pending-image:"

/* The index of the image known under key (its real path, or its path relative to the
 * input folder after S_RELATIVE_KEY) among article's pending images, or pending_count. */
static size_t
S_pending_find(const struct article *article, const char *key)
{
	uintptr_t found = article->pending_by_path == NULL ? 0 :
	    (uintptr_t)xmlHashLookup(article->pending_by_path, (const xmlChar *)key);

	return found > 0 ? found - 1 : article->pending_count;
}

/* A pending image is also found by the path it is written as, under this prefix (no real
 * path begins with it): 100,000 uses of one image cost one realpath(), not 100,000. */
#define S_RELATIVE_KEY "\1"

/* A new pending image at real, known as relative (handed over); its src, or NULL. */
static char *
S_pending_new(const struct options *options, const struct book *book,
    struct article *article, char *relative, const char real[PATH_MAX], int line)
{
	struct diag_capture held = { .held = 1 }, *messages = diag_capture_current();
	struct image_pending *pending;
	struct book_image *image;
	char *key;

	/* Warnings about an image are given once in the book: they wait until it is known
	 * whether an earlier chapter has it already.  Errors are given at every use. */
	diag_capture_into(&held);
	image = S_probe_image(options, book, real, relative, article->full_path, line);
	diag_capture_into(messages);
	if (image == NULL) {
		diag_capture_release(&held, messages, messages ? messages->length : 0);
		free(relative);
		return NULL;
	}
	xgrow(&article->pending, &article->pending_capacity, article->pending_count + 1,
	    sizeof(*article->pending));
	pending = &article->pending[article->pending_count];
	pending->relative = relative;
	pending->image = image;
	pending->messages = held;
	pending->at = messages ? messages->length : 0;
	if (article->pending_by_path == NULL)
		article->pending_by_path = xmlHashCreate(16);
	article->pending_count++;
	key = xasprintf(S_RELATIVE_KEY "%s", relative);
	xmlHashAddEntry(article->pending_by_path, (const xmlChar *)real,
	    (void *)(uintptr_t)article->pending_count);
	xmlHashAddEntry(article->pending_by_path, (const xmlChar *)key,
	    (void *)(uintptr_t)article->pending_count);
	free(key);
	return xasprintf(PENDING_PREFIX "%zu", article->pending_count - 1);
}

char *
image_pending_add(const struct options *options, const struct book *book,
    struct article *article, const char *src, int line)
{
	char real[PATH_MAX], *relative, *key;
	size_t i;

	if ((relative = S_image_relative(options, article->path, article->full_path, src,
	    line)) == NULL)
		return NULL;
	key = xasprintf(S_RELATIVE_KEY "%s", relative);
	i = S_pending_find(article, key);
	if (i == article->pending_count && S_image_real(options, book, relative,
	    article->full_path, src, line, real) == 0) {
		if ((i = S_pending_find(article, real)) == article->pending_count) {
			free(key);
			return S_pending_new(options, book, article, relative, real, line);
		}
		xmlHashAddEntry(article->pending_by_path, (const xmlChar *)key,
		    (void *)(uintptr_t)(i + 1));
	}
	free(key);
	free(relative);
	return i < article->pending_count ? xasprintf(PENDING_PREFIX "%zu", i) : NULL;
}

void
image_pending_register(const struct options *options, struct book *book,
    struct article *article, struct diag_capture *messages)
{
	struct image_pending *pending;
	struct book_image *known;
	size_t i, moved = 0, length;

	for (i = 0; i < article->pending_count; i++) {
		pending = &article->pending[i];
		known = xmlHashLookup(book->image_by_path,
		    (const xmlChar *)pending->image->real_path);
		if (known != NULL) {
			diag_capture_drop(&pending->messages);
			book_image_free(pending->image);
			pending->image = known;
			continue;
		}
		length = pending->messages.length;
		diag_capture_release(&pending->messages, messages, pending->at + moved);
		moved += length;
		pending->image = S_register_image(options, book, pending->image, pending->relative);
	}
}

/* The pending image an img's src stands for, or NULL when it is an ordinary src. */
static const struct image_pending *
S_pending_of(const struct article *article, const xmlChar *src)
{
	size_t i;

	if (xmlStrncmp(src, (const xmlChar *)PENDING_PREFIX, sizeof(PENDING_PREFIX) - 1) != 0)
		return NULL;
	i = strtoul((const char *)src + sizeof(PENDING_PREFIX) - 1, NULL, 10);
	return i < article->pending_count ? &article->pending[i] : NULL;
}

void
image_pending_name(struct article *article)
{
	const struct image_pending *pending;
	struct xml_walk walk;
	xmlChar *src;
	size_t i;

	xml_walk_start(&walk, article->pending_count > 0 && article->document != NULL ?
	    xmlDocGetRootElement(article->document) : NULL);
	while (xml_walk_next(&walk) != XML_WALK_DONE) {
		if (walk.event != XML_WALK_ENTER || walk.node->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(walk.node->name, (const xmlChar *)"img") ||
		    (src = xmlGetProp(walk.node, (const xmlChar *)"src")) == NULL)
			continue;
		if ((pending = S_pending_of(article, src)) != NULL)
			xmlSetProp(walk.node, (const xmlChar *)"src",
			    (const xmlChar *)pending->image->href);
		xmlFree(src);
	}
	for (i = 0; i < article->pending_count; i++)
		free(article->pending[i].relative);
	free(article->pending);
	article->pending = NULL;
	xmlHashFree(article->pending_by_path, NULL);
	article->pending_by_path = NULL;
	article->pending_count = article->pending_capacity = 0;
}

struct book_image *
image_generated_add(struct book *book, const char *name, enum media_type type, char *data,
    size_t length, unsigned long width, unsigned long height)
{
	struct book_image *image = xcalloc(1, sizeof(*image));

	image->type = type;
	image->data = data;
	image->length = length;
	image->width = width;
	image->height = height;
	S_name_image(book, image, name);
	xgrow(&book->images, &book->image_capacity, book->image_count + 1,
	    sizeof(struct book_image *));
	book->images[book->image_count++] = image;
	return image;
}
