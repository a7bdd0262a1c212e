/* photo-fixtures.c - draws the photos of tests/books/photos with libvips (run once by hand:
 * cc tests/tools/photo-fixtures.c $(pkg-config --cflags --libs vips) && ./a.out DIR).
 * Camera-like: EXIF orientation 6 with a GPS position, CMYK, WebP, PNG with alpha. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

#include "picture.h"

/* Camera metadata: where the photo was taken, and the camera's serial number. */
static void
S_camera(VipsImage *image, int orientation)
{
	vips_image_set_int(image, VIPS_META_ORIENTATION, orientation);
	vips_image_set_string(image, "exif-ifd0-Make", "Kagama");
	vips_image_set_string(image, "exif-ifd2-BodySerialNumber", "SN-0042-SECRET");
	vips_image_set_string(image, "exif-ifd3-GPSLatitudeRef", "S");
	vips_image_set_string(image, "exif-ifd3-GPSLatitude", "6/1 10/1 0/1");
}

int
main(int argc, char **argv)
{
	VipsImage *photo, *copy, *cmyk, *clear;
	char path[4096];
	unsigned char ink[48 * 32 * 4];
	size_t i;

	if (argc != 2 || VIPS_INIT(argv[0]) != 0)
		return 2;
	photo = picture_new(96, 48, 3);
	vips_copy(photo, &copy, NULL);
	S_camera(copy, 6);
	snprintf(path, sizeof(path), "%s/sideways.jpg", argv[1]);
	if (vips_jpegsave(copy, path, "Q", 90, NULL) != 0)
		return 1;
	g_object_unref(copy);
	vips_copy(photo, &copy, NULL);
	S_camera(copy, 1);
	snprintf(path, sizeof(path), "%s/located.jpg", argv[1]);
	if (vips_jpegsave(copy, path, "Q", 90, NULL) != 0)
		return 1;
	g_object_unref(copy);
	snprintf(path, sizeof(path), "%s/phone.webp", argv[1]);
	if (vips_webpsave(photo, path, "Q", 90, NULL) != 0)
		return 1;
	/* Print: no ink on the left, cyan on the right. */
	memset(ink, 0, sizeof(ink));
	for (i = 0; i < 48 * 32; i++)
		if (i % 48 >= 24)
			ink[i * 4] = 255;
	cmyk = vips_image_new_from_memory_copy(ink, sizeof(ink), 48, 32, 4, VIPS_FORMAT_UCHAR);
	cmyk->Type = VIPS_INTERPRETATION_CMYK;
	snprintf(path, sizeof(path), "%s/print.jpg", argv[1]);
	if (vips_jpegsave(cmyk, path, "Q", 90, NULL) != 0)
		return 1;
	clear = picture_new(40, 40, 4);
	snprintf(path, sizeof(path), "%s/logo.png", argv[1]);
	if (vips_pngsave(clear, path, NULL) != 0)
		return 1;
	g_object_unref(photo);
	g_object_unref(cmyk);
	g_object_unref(clear);
	vips_shutdown();
	return 0;
}
