/* resolve.c - turns references written for a web site into references inside the EPUB: images
 * (containment, sniffing, dedup by content, names in reading order) and links between articles. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include <zlib.h>

#include "diag.h"
#include "digest.h"
#include <libxml/parser.h>

#include "html_sanitize.h"
#include "template.h"
#include "labels.h"
#include "path.h"
#include "resolve.h"
#include "util.h"

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
	if (image->type == MEDIA_WEBP) {
		diag_report(DIAG_ERROR, article, line, 0,
		    "'%s' is WebP, which EPUB 3.2 readers need not show; convert it to JPEG or "
		    "PNG (e.g. dwebp or convert)", display);
		return -1;
	}
	if (!media_is_core(image->type)) {
		diag_report(DIAG_ERROR, article, line, 0,
		    "'%s' is %s, which e-book readers do not show; convert it to JPEG or PNG",
		    display, media_name(image->type));
		return -1;
	}
	/* A JPEG may have been measured past its head already. */
	if (image->width == 0 &&
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
		diag_report(DIAG_WARNING, article, line, 0,
		    "image '%s' is %lux%lu pixels; some readers (Apple Books, Kobo) shrink or skip "
		    "images over 4 megapixels", display, image->width, image->height);
	if (length > IMAGE_MAX_BYTES)
		diag_report(DIAG_WARNING, article, line, 0,
		    "image '%s' is %zu bytes; some readers skip images over 5 MB", display, length);
}

/* 1 for an SVG reference that stays inside the image: "#id" or an embedded data: image. */
static int
S_svg_reference_is_local(const xmlChar *value)
{
	return value[0] == '#' || xmlStrncasecmp(value, (const xmlChar *)"data:image/", 11) == 0;
}

/* Removes scripts, event attributes and references to other files from an SVG tree; returns
 * how many things it removed. */
/* SVG elements that draw and nothing else: no scripts, styles, foreign content, animation
 * (which can rewrite an href) or links (EPUB wants a title on each). */
static int
S_svg_element_is_safe(xmlNodePtr element)
{
	static const char *const names[] = { "svg", "g", "defs", "symbol", "use", "title", "desc",
	    "metadata", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
	    "tspan", "textPath", "linearGradient", "radialGradient", "stop", "pattern",
	    "clipPath", "mask", "marker", "filter", "image", NULL };
	size_t i;

	if (element->ns == NULL || !xmlStrEqual(element->ns->href,
	    (const xmlChar *)"http://www.w3.org/2000/svg"))
		return 0;
	if (xmlStrncmp(element->name, (const xmlChar *)"fe", 2) == 0)
		return 1;
	for (i = 0; names[i] != NULL; i++)
		if (xmlStrEqual(element->name, (const xmlChar *)names[i]))
			return 1;
	return 0;
}

/* 1 for an attribute that could run code or fetch something from outside the book. */
static int
S_svg_attribute_is_unsafe(xmlAttrPtr attribute, const xmlChar *value)
{
	const xmlChar *v = value;

	while (v != NULL && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'))
		v++;
	if (xmlStrncasecmp(attribute->name, (const xmlChar *)"on", 2) == 0)
		return 1;
	/* "foo:r" with foo never declared: the document would not be namespace-well-formed. */
	if (attribute->ns == NULL && xmlStrchr(attribute->name, ':') != NULL)
		return 1;
	if (v != NULL && xmlStrncasecmp(v, (const xmlChar *)"javascript:", 11) == 0)
		return 1;
	if (xmlStrEqual(attribute->name, (const xmlChar *)"href") && v != NULL &&
	    !S_svg_reference_is_local(v))
		return 1;
	return (xmlStrEqual(attribute->name, (const xmlChar *)"style") ||
	    xmlStrEqual(attribute->name, (const xmlChar *)"base")) && v != NULL &&
	    xmlStrcasestr(v, (const xmlChar *)"url(") != NULL;
}

static int
S_svg_clean_attributes(xmlNodePtr node, const char *display, const char *article, int line)
{
	xmlAttrPtr attribute, following;
	int removed = 0;

	for (attribute = node->properties; attribute != NULL; attribute = following) {
		xmlChar *value = xmlNodeGetContent((xmlNodePtr)attribute);

		following = attribute->next;
		if (S_svg_attribute_is_unsafe(attribute, value)) {
			diag_report(DIAG_WARNING, article, line, 0, "SVG '%s': removed %s=\"%s\"",
			    display, (const char *)attribute->name, value ? (const char *)value : "");
			xmlRemoveProp(attribute);
			removed++;
		}
		xmlFree(value);
	}
	return removed;
}

int
resolve_clean_svg(xmlNodePtr node, const char *display, const char *article, int line)
{
	xmlNodePtr child, next, inner;
	int removed = S_svg_clean_attributes(node, display, article, line);

	for (child = node->children; child != NULL; child = next) {
		next = child->next;
		if (child->type != XML_ELEMENT_NODE)
			continue;
		if (S_svg_element_is_safe(child)) {
			removed += resolve_clean_svg(child, display, article, line);
			continue;
		}
		diag_report(DIAG_WARNING, article, line, 0, "SVG '%s': removed <%s>%s", display,
		    (const char *)child->name, xmlStrEqual(child->name, (const xmlChar *)"a") ?
		    " (its drawing is kept)" : "");
		/* A link's drawing stays, unlinked, and is looked at in turn; anything else goes
		 * with its content. */
		if (xmlStrEqual(child->name, (const xmlChar *)"a")) {
			xmlNodePtr before = child->prev;

			while ((inner = child->children) != NULL) {
				xmlUnlinkNode(inner);
				xmlAddPrevSibling(child, inner);
			}
			xmlUnlinkNode(child);
			xmlFreeNode(child);
			next = before != NULL ? before->next : node->children;
		} else {
			xmlUnlinkNode(child);
			xmlFreeNode(child);
		}
		removed++;
	}
	return removed;
}

/* An SVG must be well-formed, and may not script or fetch: those parts are removed and the
 * cleaned copy is what the book carries. */
static int
S_check_svg(struct book_image *image, const unsigned char *data, size_t length,
    const char *display, const char *article, int line)
{
	xmlDocPtr document = xmlReadMemory((const char *)data, (int)length, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	if (document == NULL || xmlDocGetRootElement(document) == NULL) {
		diag_report(DIAG_ERROR, article, line, 0, "SVG '%s' is not well-formed XML", display);
		xmlFreeDoc(document);
		return -1;
	}
	if (resolve_clean_svg(xmlDocGetRootElement(document), display, article, line) > 0)
		image->data = template_serialize(document, &image->length);
	xmlFreeDoc(document);
	return 0;
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
S_probe_image(const struct options *options, const char *real, const char *display,
    const char *article, int line)
{
	struct book_image *image = xcalloc(1, sizeof(*image));
	unsigned char *data;
	size_t length;

	if ((data = S_read_enough(real, options->max_image_bytes, &length, image, article, line))
	    == NULL)
		goto fail;
	/* Images of the same size are told apart by their heads before anything is hashed. */
	image->head_crc = crc32_z(0, data, length < IMAGE_HEAD_BYTES ? length : IMAGE_HEAD_BYTES);
	if (S_check_image(display, data, length, image, article, line) < 0)
		goto fail;
	S_warn_large(image, display, image->size, article, line);
	if (image->type == MEDIA_SVG && S_check_svg(image, data, length, display, article, line) < 0)
		goto fail;
	free(data);
	image->real_path = xstrdup(real);
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

/* A site-absolute path ("/uploads/x.jpg") through book.yaml's paths: map (longest prefix
 * first), else from the input folder's top. */
static char *
S_site_path(const struct options *options, const char *path)
{
	size_t i, best = options->path_count, best_length = 0;

	for (i = 0; i < options->path_count; i++) {
		size_t n = strlen(options->path_prefixes[i]);

		if (n > best_length && strncmp(path, options->path_prefixes[i], n) == 0) {
			best = i;
			best_length = n;
		}
	}
	if (best == options->path_count)
		return xstrdup(path + 1);
	return path_join(options->path_targets[best][0] == '/' ? options->path_targets[best] + 1 :
	    options->path_targets[best], path + best_length);
}

/* The path of src relative to the input folder, or NULL (reported) if it leaves it. */
static char *
S_source_relative(const struct options *options, const char *base, const char *file,
    const char *src, int line)
{
	char *path, *fragment, *decoded, *joined, *folder, *relative = NULL;

	path_split_href(src, &path, &fragment);
	free(fragment);
	if ((decoded = path_percent_decode(path)) == NULL) {
		diag_report(DIAG_ERROR, file, line, 0,
		    "image path '%s' has a malformed %%-escape", src);
		free(path);
		return NULL;
	}
	free(path);
	folder = path_dirname(base);
	/* A site-absolute path ("/uploads/x.jpg") is read from the input folder's top. */
	joined = decoded[0] == '/' ? S_site_path(options, decoded) : path_join(folder, decoded);
	if ((relative = path_normalize(joined)) == NULL)
		diag_report(DIAG_ERROR, file, line, 0,
		    "image '%s' is outside the input folder; refused", src);
	free(folder);
	free(joined);
	free(decoded);
	return relative;
}

static int
S_refuse_scheme(const char *file, const char *src, int line)
{
	char *scheme = path_url_scheme(src);
	int refused = scheme != NULL;

	if (scheme == NULL)
		return 0;
	if (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0)
		diag_report(DIAG_WARNING, file, line, 0,
		    "remote image '%s' not included (the book is read offline); it becomes a link",
		    src);
	else
		diag_report(DIAG_WARNING, file, line, 0,
		    "image with a %s: URL left out; its alt text is kept", scheme);
	free(scheme);
	return refused;
}

static void
S_report_missing(const struct options *options, const char *file, const char *src, int line,
    const char *why)
{
	diag_report(options->missing_images_warn > 0 ? DIAG_WARNING : DIAG_ERROR, file,
	    line, 0, "image '%s' %s%s", src, why,
	    options->missing_images_warn > 0 ? "; its alt text is kept" : "");
}

/* The real path of the image src written in file (relative to the file base), checked to be
 * inside the input folder, in real; its path relative to the input folder, or NULL after
 * reporting why it cannot be had. */
static char *
S_locate_image(const struct options *options, const struct book *book, const char *base,
    const char *file, const char *src, int line, char real[PATH_MAX])
{
	char *relative, *full;

	if (S_refuse_scheme(file, src, line))
		return NULL;
	if ((relative = S_source_relative(options, base, file, src, line)) == NULL)
		return NULL;
	full = path_join(options->input_dir, relative);
	if (realpath(full, real) == NULL) {
		S_report_missing(options, file, src, line,
		    errno == ENOENT ? "does not exist" : strerror(errno));
		goto fail;
	}
	if (!path_is_inside(book->input_real, real)) {
		diag_report(DIAG_ERROR, file, line, 0,
		    "image '%s' is a link to outside the input folder; refused", src);
		goto fail;
	}
	free(full);
	return relative;
fail:
	free(relative);
	free(full);
	return NULL;
}

struct book_image *
resolve_image_from(const struct options *options, struct book *book, const char *base,
    const char *file, const char *src, int line)
{
	struct book_image *image;
	char real[PATH_MAX], *relative;

	if ((relative = S_locate_image(options, book, base, file, src, line, real)) == NULL)
		return NULL;
	if ((image = xmlHashLookup(book->image_by_path, (const xmlChar *)real)) == NULL &&
	    (image = S_probe_image(options, real, relative, file, line)) != NULL)
		image = S_register_image(options, book, image, relative);
	free(relative);
	return image;
}

/* An image a chapter refers to, probed on the chapter's thread; it joins the book in reading
 * order when the chapter is built (resolve_register_images). */
struct resolve_pending {
	char			*relative;	/* names the image */
	struct book_image	*image;		/* probed; then the book's own */
	struct diag_capture	 messages;	/* the probe's warnings: given if it is new */
	size_t			 at;		/* ...at this byte of the chapter's messages */
};

/* Chapters carry "pending-image:N" as an img's src until the book names image N. */
#define PENDING_PREFIX "pending-image:"

/* The index of real among article's pending images, or pending_count. */
static size_t
S_pending_find(const struct article *article, const char *real)
{
	uintptr_t found = article->pending_by_path == NULL ? 0 :
	    (uintptr_t)xmlHashLookup(article->pending_by_path, (const xmlChar *)real);

	return found > 0 ? found - 1 : article->pending_count;
}

char *
resolve_image(const struct options *options, struct book *book, struct article *article,
    const char *src, int line)
{
	struct diag_capture held = { .held = 1 }, *messages = diag_capture_current();
	struct resolve_pending *pending;
	struct book_image *image;
	char real[PATH_MAX], *relative;
	size_t i;

	if ((relative = S_locate_image(options, book, article->path, article->full_path, src,
	    line, real)) == NULL)
		return NULL;
	if ((i = S_pending_find(article, real)) < article->pending_count) {
		free(relative);
		return xasprintf(PENDING_PREFIX "%zu", i);
	}
	/* Warnings about an image are given once in the book: they wait until it is known
	 * whether an earlier chapter has it already.  Errors are given at every use. */
	diag_capture_into(&held);
	image = S_probe_image(options, real, relative, article->full_path, line);
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
	xmlHashAddEntry(article->pending_by_path, (const xmlChar *)real,
	    (void *)(uintptr_t)article->pending_count);
	return xasprintf(PENDING_PREFIX "%zu", article->pending_count - 1);
}

/* Puts the book's href in place of every "pending-image:N" src below node. */
static void
S_name_pending(xmlNodePtr node, const struct article *article)
{
	xmlNodePtr child;
	xmlChar *src;
	size_t i;

	for (child = node->children; child != NULL; child = child->next) {
		if (child->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(child->name, (const xmlChar *)"img") &&
		    (src = xmlGetProp(child, (const xmlChar *)"src")) != NULL) {
			if (xmlStrncmp(src, (const xmlChar *)PENDING_PREFIX,
			    sizeof(PENDING_PREFIX) - 1) == 0 &&
			    (i = strtoul((const char *)src + sizeof(PENDING_PREFIX) - 1, NULL, 10)) <
			    article->pending_count)
				xmlSetProp(child, (const xmlChar *)"src",
				    (const xmlChar *)article->pending[i].image->href);
			xmlFree(src);
		}
		S_name_pending(child, article);
	}
}

void
resolve_register_images(const struct options *options, struct book *book,
    struct article *article)
{
	struct diag_capture *messages = diag_capture_current();
	struct resolve_pending *pending;
	struct book_image *known;
	size_t i, moved = 0, length;

	/* Names and duplicates are decided in reading order, whatever thread built article. */
	book_turn_wait(book, article);
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
	if (article->document != NULL && article->pending_count > 0)
		S_name_pending((xmlNodePtr)article->document, article);
	for (i = 0; i < article->pending_count; i++)
		free(article->pending[i].relative);
	free(article->pending);
	article->pending = NULL;
	xmlHashFree(article->pending_by_path, NULL);
	article->pending_by_path = NULL;
	article->pending_count = article->pending_capacity = 0;
}

struct book_image *
resolve_add_generated(struct book *book, const char *name, enum media_type type, char *data,
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

/* Replaces a link element by its children: the text stays, the link goes. */
static void
S_unwrap(xmlNodePtr element)
{
	xmlNodePtr child, next;

	for (child = element->children; child != NULL; child = next) {
		next = child->next;
		xmlUnlinkNode(child);
		xmlAddPrevSibling(element, child);
	}
	xmlUnlinkNode(element);
	xmlFreeNode(element);
}

/* The article a link's path (without fragment) names, or NULL. */
static const struct article *
S_linked_article(const struct book *book, const struct article *article, const char *path)
{
	char *decoded = path_percent_decode(path), *folder = path_dirname(article->path);
	char *joined = NULL, *relative = NULL;
	const struct article *target = NULL;

	if (decoded != NULL)
		joined = decoded[0] == '/' ? xstrdup(decoded + 1) : path_join(folder, decoded);
	if (joined != NULL)
		relative = path_normalize(joined);
	if (relative != NULL)
		target = xmlHashLookup(book->article_by_path, (const xmlChar *)relative);
	free(decoded);
	free(folder);
	free(joined);
	free(relative);
	return target;
}

/* The new href for a local link, or NULL (reported) when it leads nowhere in the book. */
static char *
S_link_target(const struct book *book, const struct article *article, const char *href,
    int line)
{
	const struct article *target = article;
	char *path, *fragment, *result = NULL;

	path_split_href(href, &path, &fragment);
	if (path[0] != '\0') {
		target = S_linked_article(book, article, path);
		if (target == NULL) {
			diag_report(DIAG_WARNING, article->full_path, line, 0,
			    path_is_markdown(path) ? "link to '%s': no such article in the book; "
			    "kept as text" : "link to '%s': the file is not part of the book; "
			    "kept as text", href);
			goto out;
		}
	}
	if (fragment != NULL && fragment[0] != '\0' &&
	    xmlHashLookup(target->ids, (const xmlChar *)fragment) == NULL) {
		diag_report(DIAG_WARNING, article->full_path, line, 0,
		    "link to '%s': '%s' has no heading or anchor '%s'; linked to the article",
		    href, target->path, fragment);
		result = xstrdup(target->file_name);
	} else if (fragment != NULL && fragment[0] != '\0')
		result = xasprintf("%s#%s", target == article ? "" : target->file_name, fragment);
	else
		result = xstrdup(target->file_name);
out:
	free(path);
	free(fragment);
	return result;
}

static void
S_resolve_link(const struct book *book, struct article *article, xmlNodePtr link)
{
	xmlChar *href = xmlGetProp(link, (const xmlChar *)"href");
	xmlChar *line = xmlGetProp(link, (const xmlChar *)SANITIZE_LINE_ATTRIBUTE);
	char *target;

	xmlUnsetProp(link, (const xmlChar *)SANITIZE_LINE_ATTRIBUTE);
	target = S_link_target(book, article, (const char *)href, line ? atoi((char *)line) : 0);
	if (target == NULL)
		S_unwrap(link);
	else {
		char *encoded = path_href_clean(target);

		xmlSetProp(link, (const xmlChar *)"href", (const xmlChar *)encoded);
		free(encoded);
		free(target);
	}
	xmlFree(href);
	xmlFree(line);
}

/* A title as people retype it: case, punctuation and typographic quotes do not matter. */
static char *
S_normalize_title(const char *text)
{
	struct buffer out = { 0 };
	const char *p = text, *end = text + strlen(text);
	mbstate_t state;
	int space = 0;

	memset(&state, 0, sizeof(state));
	while (p < end) {
		wchar_t c;
		size_t n = mbrtowc(&c, p, (size_t)(end - p), &state);
		char folded[MB_LEN_MAX];

		if (n == 0 || n == (size_t)-1 || n == (size_t)-2) {
			memset(&state, 0, sizeof(state));
			p++;
			continue;
		}
		p += n;
		if (!iswalnum((wint_t)c)) {
			space = out.length > 0;
			continue;
		}
		if (space)
			buffer_putc(&out, ' ');
		space = 0;
		{
			mbstate_t put;

			memset(&put, 0, sizeof(put));
			n = wcrtomb(folded, towlower((wint_t)c), &put);
			if (n != (size_t)-1)
				buffer_append(&out, folded, n);
		}
	}
	return buffer_release(&out);
}

void
resolve_index_titles(struct book *book)
{
	size_t i;

	book->titles_indexed = 1;
	for (i = 0; i < book->article_count; i++) {
		char *key;

		if (book->articles[i]->title == NULL) {
			book->titles_indexed = 0;
			continue;
		}
		key = S_normalize_title(book->articles[i]->title);

		/* Two articles with one title: the first keeps it. */
		xmlHashAddEntry(book->article_by_title, (const xmlChar *)key, book->articles[i]);
		free(key);
	}
}

static int
S_has_link(xmlNodePtr node)
{
	for (node = node->children; node != NULL; node = node->next)
		if (node->type == XML_ELEMENT_NODE && (xmlStrEqual(node->name, (const xmlChar *)"a") ||
		    S_has_link(node)))
			return 1;
	return 0;
}

/* Which label opens the paragraph, if any: its length in bytes, or 0. */
static size_t
S_read_also_label(const struct options *options, const struct book *book,
    const char *text)
{
	const struct labels *labels = labels_for(book->meta.language);
	const char *const *defaults = labels_read_also(labels ? labels : labels_default());
	size_t i;

	while (*text == ' ' || *text == '\n')
		text++;
	for (i = 0; i < options->read_also_count; i++)
		if (strncasecmp(text, options->read_also[i], strlen(options->read_also[i])) == 0)
			return strlen(options->read_also[i]);
	for (i = 0; options->read_also_count == 0 && defaults[i] != NULL; i++)
		if (strncasecmp(text, defaults[i], strlen(defaults[i])) == 0)
			return strlen(defaults[i]);
	return 0;
}

/* "Baca juga: Judul artikel lain" with no link: link the title when the book has it. */
static void
S_read_also(const struct options *options, const struct book *book,
    const struct article *article, xmlNodePtr paragraph)
{
	xmlNodePtr first = paragraph->children, link, node, next;
	const struct article *target;
	size_t label, skip;
	char *key;

	if (first == NULL || first->type != XML_TEXT_NODE || S_has_link(paragraph) ||
	    (label = S_read_also_label(options, book, (const char *)first->content)) == 0)
		return;
	skip = strspn((const char *)first->content, " \n") + label;
	key = S_normalize_title((const char *)first->content + skip);
	for (node = first->next; node != NULL; node = node->next) {
		xmlChar *more = xmlNodeGetContent(node);
		char *joined = xasprintf("%s %s", key, more ? (const char *)more : "");
		char *normal = S_normalize_title(joined);

		free(key);
		free(joined);
		xmlFree(more);
		key = normal;
	}
	target = key[0] != '\0' ? xmlHashLookup(book->article_by_title, (const xmlChar *)key) : NULL;
	if (target == NULL) {
		diag_report(DIAG_NOTE, article->full_path, 0, 0,
		    "read-also line names no article of the book: \"%s\"", key);
		free(key);
		return;
	}
	free(key);
	skip += strspn((const char *)first->content + skip, " ");
	link = xmlNewDocNode(paragraph->doc, paragraph->ns, (const xmlChar *)"a", NULL);
	xmlSetProp(link, (const xmlChar *)"href", (const xmlChar *)target->file_name);
	xmlAddChild(link, xmlNewDocText(paragraph->doc, first->content + skip));
	for (node = first->next; node != NULL; node = next) {
		next = node->next;
		xmlUnlinkNode(node);
		xmlAddChild(link, node);
	}
	{
		xmlChar *label_text = xmlStrndup(first->content, (int)skip);

		xmlNodeSetContent(first, label_text);
		xmlFree(label_text);
	}
	xmlAddChild(paragraph, link);
}

/* The node after node in document order below the root element: iterative, because chapters
 * can nest deeply. */
static xmlNodePtr
S_next_node(xmlNodePtr node)
{
	xmlNodePtr next;

	if (node->type == XML_ELEMENT_NODE && node->children != NULL)
		return node->children;
	next = node;
	while (next != NULL && next->next == NULL)
		next = next->parent && next->parent->type == XML_ELEMENT_NODE ? next->parent : NULL;
	return next != NULL ? next->next : NULL;
}

static int
S_is_local_link(xmlNodePtr node)
{
	return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, (const xmlChar *)"a") &&
	    xmlHasProp(node, (const xmlChar *)SANITIZE_LINE_ATTRIBUTE);
}

static int
S_is_paragraph(xmlNodePtr node)
{
	return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, (const xmlChar *)"p");
}

/* 1 when the link names a heading or anchor in another article, whose ids may not exist yet. */
static int
S_needs_other_ids(const struct book *book, const struct article *article, xmlNodePtr link)
{
	xmlChar *href = xmlGetProp(link, (const xmlChar *)"href");
	char *path, *fragment;
	const struct article *target = NULL;

	path_split_href(href ? (const char *)href : "", &path, &fragment);
	if (path[0] != '\0' && fragment != NULL && fragment[0] != '\0')
		target = S_linked_article(book, article, path);
	free(path);
	free(fragment);
	xmlFree(href);
	return target != NULL && target != article;
}

/* 1 for a paragraph that would be a "read also" line (whether or not it names an article). */
static int
S_is_read_also(const struct options *options, const struct book *book,
    xmlNodePtr paragraph)
{
	xmlNodePtr first = paragraph->children;

	return first != NULL && first->type == XML_TEXT_NODE && !S_has_link(paragraph) &&
	    S_read_also_label(options, book, (const char *)first->content) != 0;
}

int
resolve_links_ready(const struct options *options, const struct book *book,
    const struct article *article)
{
	xmlNodePtr node;

	for (node = xmlDocGetRootElement(article->document); node != NULL; node = S_next_node(node))
		if (S_is_local_link(node) ? S_needs_other_ids(book, article, node) :
		    S_is_paragraph(node) && !book->titles_indexed &&
		    S_is_read_also(options, book, node))
			return 0;
	return 1;
}

void
resolve_links(const struct options *options, const struct book *book, struct article *article)
{
	xmlNodePtr node = xmlDocGetRootElement(article->document), next;

	while (node != NULL) {
		next = S_next_node(node);
		if (S_is_local_link(node))
			S_resolve_link(book, article, node);
		else if (S_is_paragraph(node))
			S_read_also(options, book, article, node);
		node = next;
	}
}
