/* image_prepare.h - what a probed image needs before it enters the book: nothing (SVG, GIF, a
 * clean photo), its metadata left out while it streams (image_strip.c), or re-encoding by
 * libvips (photo.c) through the cache (image_cache.c).  Called by image.c's probe, on any
 * thread; main.c makes the cache. */
#ifndef KAGAMA_IMAGE_PREPARE_H
#define KAGAMA_IMAGE_PREPARE_H

#include "book.h"
#include "image_cache.h"

/* The settings string cache entries are made under (options' size and quality, our and
 * libvips' versions); the caller frees it. */
char *image_prepare_settings(const struct options *options);
/* Decides and does what image (probed from real: type, size, dimensions known) needs; the
 * image then says what the container copies (ranges of real_path or of stream_path, or data)
 * and its final type and dimensions.  cache NULL: --no-cache, re-encoded bytes stay in
 * memory.  Returns 0, or -1 after reporting (file:line of article). */
int image_prepare(const struct options *options, struct image_cache *cache,
    struct book_image *image, const char *display, const char *article, int line);

#endif
