/* photo-fixtures.c - draws the photos of tests/books/photos with libvips (run once by hand:
 * cc tests/tools/photo-fixtures.c $(pkg-config --cflags --libs vips) && ./a.out DIR).
 * Camera-like: EXIF orientation 6 with a GPS position, CMYK, WebP, PNG with alpha. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

static VipsImage *
S_picture(int width, int height, int bands)
{
	unsigned char *pixels = calloc((size_t)width * height * bands, 1);
	VipsImage *image;
	int x, y;

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
	photo = S_picture(96, 48, 3);
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
	clear = S_picture(40, 40, 4);
	snprintf(path, sizeof(path), "%s/logo.png", argv[1]);
	if (vips_pngsave(clear, path, NULL) != 0)
		return 1;
	g_object_unref(photo);
	g_object_unref(cmyk);
	g_object_unref(clear);
	vips_shutdown();
	return 0;
}
