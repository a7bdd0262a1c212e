/* media.h - recognising image formats from their bytes and reading their pixel dimensions.
 * Used by image.c when an article references an image; pure functions on memory buffers. */
#ifndef KAGAMA_MEDIA_H
#define KAGAMA_MEDIA_H

#include <stddef.h>

enum media_type {
	MEDIA_UNKNOWN = 0,
	MEDIA_JPEG,
	MEDIA_PNG,
	MEDIA_GIF,
	MEDIA_SVG,
	MEDIA_WEBP,
	MEDIA_BMP,
	MEDIA_TIFF,
	MEDIA_HEIC,	/* HEIC and AVIF (ISO-BMFF "ftyp" images) */
	MEDIA_PSD,
};

/* Recognises the format from the leading bytes (the whole file or at least its first 4 KiB).
 * SVG is recognised when, after an optional UTF-8 BOM, whitespace, XML declaration,
 * comments, processing instructions and DOCTYPE, the first element is <svg (optionally prefixed,
 * e.g. <svg:svg).  Never reads past len. */
enum media_type media_sniff(const unsigned char *bytes, size_t len);

/* "image/jpeg", "image/png", "image/gif", "image/svg+xml", "image/webp", "image/bmp",
 * "image/tiff", "image/heic", "image/vnd.adobe.photoshop"; NULL for MEDIA_UNKNOWN. */
const char *media_mime_type(enum media_type type);
/* Canonical extension without dot: "jpg", "png", "gif", "svg", "webp", "bmp", "tif", "heic", "psd". */
const char *media_extension(enum media_type type);
/* Human name for messages: "JPEG", "PNG", ... */
const char *media_name(enum media_type type);
/* 1 for the EPUB 3.2 core media types we may put in a book (JPEG, PNG, GIF, SVG). */
int media_is_core(enum media_type type);

/* Reads the pixel width and height from the header without decoding: JPEG (scans markers to
 * the first SOFn, skipping APPn/EXIF segments by length), PNG (IHDR), GIF (logical screen),
 * SVG (width/height attributes in px or unitless, else the viewBox; rounds to integers).
 * Returns 0 and sets *width and *height on success; -1 if the data is truncated or malformed
 * (e.g. a JPEG without SOF before the end of data), never reading past len. */
int media_dimensions(enum media_type type, const unsigned char *bytes, size_t len,
    unsigned long *width, unsigned long *height);
/* One window of a JPEG too large to read whole: walks the marker segments of bytes from start
 * (2 after SOI, or 0 for a window that starts where an earlier walk said).  0: the frame header
 * was found; -1: image data or a broken segment came first; 1: the bytes ran out and the walk
 * goes on at offset *next from bytes' start (past len when a segment is skipped unread). */
int media_jpeg_walk(const unsigned char *bytes, size_t len, size_t start, size_t *next,
    unsigned long *width, unsigned long *height);

#endif
