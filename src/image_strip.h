/* image_strip.h - which bytes of a JPEG or PNG may enter the book: the segments and chunks that
 * carry EXIF (GPS, camera serial, maker notes), XMP and IPTC are left out, and what the header
 * says about orientation and colour is reported so the caller can tell whether the photo needs
 * re-encoding.  Reads the file with pread() only; called by the image probe (any thread) and
 * by tests.  container.c streams the kept ranges. */
#ifndef KAGAMA_IMAGE_STRIP_H
#define KAGAMA_IMAGE_STRIP_H

#include <stddef.h>

#include "media.h"

/* One stretch of the source file that goes into the book as it is. */
struct image_range {
	unsigned long long	offset;
	unsigned long long	length;
};

struct image_strip_plan {
	struct image_range	*ranges;	/* in file order, adjacent ones merged */
	size_t			 count;
	unsigned long long	 kept;		/* bytes of all ranges */
	int			 removed;	/* 1: something is left out */
};

/* What the header says, as far as re-encoding goes. */
struct image_facts {
	unsigned long	width, height;
	int		orientation;	/* EXIF orientation 1..8; 0 when not given */
	int		components;	/* JPEG: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK; PNG: 0 */
	int		bit_depth;	/* PNG: 1..16; JPEG: 8 or 12 */
	int		foreign_icc;	/* 1: an ICC profile other than sRGB is embedded */
};

/* Plans the stripped copy of the JPEG or PNG (type) open at fd (size bytes) and fills facts.
 * Returns 0, or -1 for another type or when the header is malformed (the plan is then empty: keep the file as
 * it is, the probe reports damage itself).  Data after a JPEG's end of image (the preview
 * images of a camera's MPF segment) is left out too. */
int image_strip_file(int fd, enum media_type type, unsigned long long size,
    struct image_strip_plan *plan, struct image_facts *facts);
void image_strip_plan_clear(struct image_strip_plan *plan);
/* A copy of count ranges (freed with free()), for an owner that outlives them. */
struct image_range *image_strip_ranges_copy(const struct image_range *ranges, size_t count);

#endif
