/* test_photo.c - what libvips makes of a photo: an EXIF-6 JPEG comes out upright (dimensions and
 * a corner pixel), CMYK comes out sRGB, WebP becomes JPEG (PNG when it is line art), a PNG
 * with alpha stays PNG, shrinking keeps the aspect, the output has no EXIF and is the same
 * bytes every time. */
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

#include "photo.h"
#include "util.h"
#include "unit.h"
#include "../tools/picture.h"

/* The pixel at x, y of encoded bytes, decoded again. */
static int
S_pixel(const struct photo_output *out, int x, int y, double *values, int *bands)
{
	VipsImage *image = vips_image_new_from_buffer(out->data, out->length, "", NULL);
	double *got = NULL;
	int n = 0, i, status = -1;

	if (image == NULL)
		return -1;
	*bands = image->Bands;
	if (vips_getpoint(image, &got, &n, x, y, NULL) == 0) {
		for (i = 0; i < n && i < 4; i++)
			values[i] = got[i];
		status = 0;
	}
	g_free(got);
	g_object_unref(image);
	return status;
}

static int
S_has(const struct photo_output *out, const char *word)
{
	size_t i, n = strlen(word);

	for (i = 0; i + n <= out->length; i++)
		if (memcmp(out->data + i, word, n) == 0)
			return 1;
	return 0;
}

static void
S_test_upright(void)
{
	VipsImage *image = picture_new(400, 200, 3), *copy = NULL;
	struct photo_settings settings = { 0, 90 };
	struct photo_output out, again;
	void *jpeg = NULL;
	size_t length = 0;
	char *error = NULL;
	double pixel[4] = { 0 };
	int bands = 0;

	/* Orientation 6: the camera was turned; the picture must be turned 90 degrees
	 * clockwise, so the red top-left corner ends up top-right. */
	CHECK(vips_copy(image, &copy, NULL) == 0);
	vips_image_set_int(copy, VIPS_META_ORIENTATION, 6);
	vips_image_set_string(copy, "exif-ifd2-GPSLatitude", "1 1 1");
	CHECK(vips_jpegsave_buffer(copy, &jpeg, &length, "Q", 95, NULL) == 0);
	CHECK(photo_convert(jpeg, length, MEDIA_JPEG, &settings, &out, &error) == 0);
	CHECK(out.type == MEDIA_JPEG && out.width == 200 && out.height == 400);
	CHECK(S_pixel(&out, 190, 10, pixel, &bands) == 0 && bands == 3);
	CHECK(pixel[0] > 180 && pixel[2] < 60);
	CHECK(S_pixel(&out, 10, 10, pixel, &bands) == 0 && pixel[2] > 150);
	CHECK(!S_has(&out, "Exif") && !S_has(&out, "GPS"));
	/* Shrunk, and byte for byte the same the second time. */
	settings.max_size = 100;
	free(out.data);
	CHECK(photo_convert(jpeg, length, MEDIA_JPEG, &settings, &out, &error) == 0);
	CHECK(photo_convert(jpeg, length, MEDIA_JPEG, &settings, &again, &error) == 0);
	CHECK(out.width == 50 && out.height == 100);
	CHECK(out.length == again.length && memcmp(out.data, again.data, out.length) == 0);
	free(out.data);
	free(again.data);
	g_free(jpeg);
	g_object_unref(copy);
	g_object_unref(image);
}

static void
S_test_cmyk(void)
{
	unsigned char cmyk[64 * 32 * 4];
	VipsImage *image;
	struct photo_settings settings = { 0, 90 };
	struct photo_output out;
	void *jpeg = NULL;
	size_t length = 0, i;
	char *error = NULL;
	double pixel[4] = { 0 };
	int bands = 0;

	/* No ink on the left half, full cyan on the right. */
	memset(cmyk, 0, sizeof(cmyk));
	for (i = 0; i < 64 * 32; i++)
		if (i % 64 >= 32)
			cmyk[i * 4] = 255;
	image = vips_image_new_from_memory_copy(cmyk, sizeof(cmyk), 64, 32, 4, VIPS_FORMAT_UCHAR);
	image->Type = VIPS_INTERPRETATION_CMYK;
	CHECK(vips_jpegsave_buffer(image, &jpeg, &length, "Q", 95, NULL) == 0);
	CHECK(photo_convert(jpeg, length, MEDIA_JPEG, &settings, &out, &error) == 0);
	CHECK(out.type == MEDIA_JPEG && out.width == 64 && out.height == 32);
	CHECK(S_pixel(&out, 4, 16, pixel, &bands) == 0 && bands == 3);
	CHECK(pixel[0] > 230 && pixel[1] > 230 && pixel[2] > 230);
	CHECK(S_pixel(&out, 60, 16, pixel, &bands) == 0);
	CHECK(pixel[0] < 80 && pixel[2] > 180);
	free(out.data);
	g_free(jpeg);
	g_object_unref(image);
}

static void
S_test_formats(void)
{
	VipsImage *photo = picture_new(120, 80, 3), *clear = picture_new(120, 80, 4);
	unsigned char two[32 * 32];
	VipsImage *drawing;
	struct photo_settings settings = { 60, 85 };
	struct photo_output out;
	void *bytes = NULL;
	size_t length = 0, i;
	char *error = NULL;
	double pixel[4] = { 0 };
	int bands = 0;

	/* A WebP photo becomes a JPEG. */
	CHECK(vips_webpsave_buffer(photo, &bytes, &length, "Q", 90, NULL) == 0);
	CHECK(photo_convert(bytes, length, MEDIA_WEBP, &settings, &out, &error) == 0);
	CHECK(out.type == MEDIA_JPEG && out.width == 60 && out.height == 40);
	CHECK(length > 12 && memcmp(out.data, "\xFF\xD8", 2) == 0);
	free(out.data);
	g_free(bytes);
	/* A PNG with transparency stays PNG, alpha and all. */
	CHECK(vips_pngsave_buffer(clear, &bytes, &length, NULL) == 0);
	CHECK(photo_convert(bytes, length, MEDIA_PNG, &settings, &out, &error) == 0);
	CHECK(out.type == MEDIA_PNG && out.width == 60 && out.height == 40);
	CHECK(S_pixel(&out, 55, 20, pixel, &bands) == 0 && bands == 4 && pixel[3] < 10);
	free(out.data);
	g_free(bytes);
	/* A transparent WebP becomes PNG; a two-colour drawing too. */
	CHECK(vips_webpsave_buffer(clear, &bytes, &length, "lossless", TRUE, NULL) == 0);
	CHECK(photo_convert(bytes, length, MEDIA_WEBP, &settings, &out, &error) == 0);
	CHECK(out.type == MEDIA_PNG);
	free(out.data);
	g_free(bytes);
	for (i = 0; i < sizeof(two); i++)
		two[i] = (i / 32 + i % 32) % 8 < 4 ? 0 : 255;
	drawing = vips_image_new_from_memory_copy(two, sizeof(two), 32, 32, 1, VIPS_FORMAT_UCHAR);
	CHECK(vips_webpsave_buffer(drawing, &bytes, &length, "lossless", TRUE, NULL) == 0);
	CHECK(photo_convert(bytes, length, MEDIA_WEBP, &settings, &out, &error) == 0);
	CHECK(out.type == MEDIA_PNG && out.width == 32);
	free(out.data);
	g_free(bytes);
	/* Garbage is an error with a message, not a crash. */
	CHECK(photo_convert("RIFF....WEBPVP8 ", 16, MEDIA_WEBP, &settings, &out, &error) == -1);
	CHECK(error != NULL && strncmp(error, "cannot decode", 13) == 0);
	free(error);
	g_object_unref(drawing);
	g_object_unref(photo);
	g_object_unref(clear);
}

void
test_photo(void)
{
	char *error = NULL;

	CHECK(photo_library_init(&error) == 0);
	S_test_upright();
	S_test_cmyk();
	S_test_formats();
}
