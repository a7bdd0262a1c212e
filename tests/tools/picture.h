/* picture.h - the test picture of the photo tests: a width x height sRGB image of bands bands
 * (4: alpha, opaque on the left half), with many colours as in a photo and a red block in the
 * top-left quarter, so that turning it shows.  Included by tests/unit/test_photo.c and by
 * tests/tools/photo-fixtures.c, which draws tests/books/photos. */
#ifndef KAGAMA_TEST_PICTURE_H
#define KAGAMA_TEST_PICTURE_H

#include <stdlib.h>

#include <vips/vips.h>

static VipsImage *
picture_new(int width, int height, int bands)
{
	unsigned char *pixels = calloc((size_t)width * height * bands, 1);
	VipsImage *image;
	int x, y;

	if (pixels == NULL)
		abort();
	for (y = 0; y < height; y++)
		for (x = 0; x < width; x++) {
			unsigned char *p = pixels + ((size_t)y * width + x) * bands;
			int red = x < width / 4 && y < height / 4;

			p[0] = red ? 230 : (unsigned char)((x * 13 + y * 29) % 120);
			p[1] = (unsigned char)((x * x + y * y * 3) % 256);
			p[2] = red ? 10 : 200;
			if (bands == 4)
				p[3] = x < width / 2 ? 255 : 0;
		}
	image = vips_image_new_from_memory_copy(pixels, (size_t)width * height * bands, width,
	    height, bands, VIPS_FORMAT_UCHAR);
	free(pixels);
	return image;
}

#endif
