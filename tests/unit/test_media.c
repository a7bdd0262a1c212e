/* test_media.c - unit tests for media.c: magic bytes, header dimensions, hostile input.
 * Called only by tests/unit/main.c through test_media(). */
#include <stdlib.h>
#include <string.h>

#include "media.h"
#include "unit.h"

/* A PNG signature and IHDR chunk of a 20000 x 20000 image, cut right after the height. */
static const unsigned char S_png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
	0x00, 0x00, 0x00, 0x0d, 'I', 'H', 'D', 'R',
	0x00, 0x00, 0x4e, 0x20, 0x00, 0x00, 0x4e, 0x20,
};

/* SOI, TEM, RST0, an APP1 (Exif) whose data holds a fake SOF0 that only a byte scanner
 * would find, fill bytes, then the real SOF0 of a 640 x 480 image ending the array. */
static const unsigned char S_jpeg[] = {
	0xff, 0xd8, 0xff, 0x01, 0xff, 0xd0,
	0xff, 0xe1, 0x00, 0x10, 'E', 'x', 'i', 'f', 0x00, 0x00,
	0xff, 0xc0, 0x00, 0x08, 0x08, 0x00, 0x01, 0x00,
	0xff, 0xff, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03,
	0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
};

/* DHT (C4) and DAC (CC) segments that would read as 8192 x 4096 if taken for frames, then a
 * progressive SOF2 of 100 x 50. */
static const unsigned char S_jpeg_progressive[] = {
	0xff, 0xd8,
	0xff, 0xc4, 0x00, 0x08, 0x00, 0x00, 0x10, 0x00, 0x20, 0x00,
	0xff, 0xcc, 0x00, 0x08, 0x00, 0x00, 0x10, 0x00, 0x20, 0x00,
	0xff, 0xc2, 0x00, 0x0b, 0x08, 0x00, 0x32, 0x00, 0x64, 0x01, 0x01, 0x11, 0x00,
};

/* GIF89a, logical screen 320 x 240. */
static const unsigned char S_gif[] = {
	'G', 'I', 'F', '8', '9', 'a', 0x40, 0x01, 0xf0, 0x00,
};

static const char S_svg_viewbox[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<!-- drawn by hand -->\n"
	"<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
	"\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
	"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300.4 150.6\">";

static const char S_svg_sized[] =
	"<svg xmlns=\"http://www.w3.org/2000/svg\"\n\tviewBox=\"0 0 10 10\" width=\"120\" "
	"height = '80'>";

/* Checks media_dimensions() on a copy of exactly len bytes, so that the sanitizers catch a
 * read past the end. */
static int
S_dimensions(enum media_type type, const void *bytes, size_t len, unsigned long *width,
    unsigned long *height)
{
	unsigned char *copy = malloc(len ? len : 1);
	int status;

	if (copy == NULL)
		return -2;
	memcpy(copy, bytes, len);
	status = media_dimensions(type, copy, len, width, height);
	free(copy);
	return status;
}

static enum media_type
S_sniff(const void *bytes, size_t len)
{
	unsigned char *copy = malloc(len ? len : 1);
	enum media_type type;

	if (copy == NULL)
		return MEDIA_UNKNOWN;
	memcpy(copy, bytes, len);
	type = media_sniff(copy, len);
	free(copy);
	return type;
}

/* The whole sample gives width x height; every shorter prefix (the samples end right after
 * the bytes that matter) fails and leaves the outputs alone. */
static void
S_check_sample(enum media_type type, const void *bytes, size_t len, unsigned long width,
    unsigned long height)
{
	unsigned long w = 0, h = 0;
	size_t n;
	int prefixes_fail = 1;

	CHECK(S_sniff(bytes, len) == type);
	CHECK(S_dimensions(type, bytes, len, &w, &h) == 0);
	CHECK(w == width && h == height);
	for (n = 0; n < len; n++) {
		w = h = 7;
		if (S_dimensions(type, bytes, n, &w, &h) != -1 || w != 7 || h != 7)
			prefixes_fail = 0;
		S_sniff(bytes, n);
	}
	CHECK(prefixes_fail);
}

static int
S_fails(enum media_type type, const void *bytes, size_t len)
{
	unsigned long w = 0, h = 0;

	return S_dimensions(type, bytes, len, &w, &h) == -1;
}

static int
S_svg_fails(const char *text)
{
	return S_fails(MEDIA_SVG, text, strlen(text));
}

static void
S_test_jpeg(void)
{
	static const unsigned char eoi_first[] = { 0xff, 0xd8, 0xff, 0xd9 };
	static const unsigned char scan_first[] = {
		0xff, 0xd8, 0xff, 0xda, 0x00, 0x02,
		0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x32, 0x00, 0x64, 0x01, 0x01, 0x11, 0x00,
	};
	static const unsigned char length_zero[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x00, 0x00 };
	static const unsigned char length_one[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01, 0x00 };
	static const unsigned char length_huge[] = { 0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 0x00 };
	static const unsigned char only_fill[] = { 0xff, 0xd8, 0xff, 0xff, 0xff, 0xff };
	static const unsigned char height_zero[] = {
		0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x00, 0x00, 0x64, 0x01, 0x01, 0x11, 0x00,
	};
	static const unsigned char frame_short[] = {
		0xff, 0xd8, 0xff, 0xc0, 0x00, 0x07, 0x08, 0x00, 0x32, 0x00, 0x64,
	};
	unsigned long w = 0, h = 0;

	S_check_sample(MEDIA_JPEG, S_jpeg, sizeof(S_jpeg), 640, 480);
	S_check_sample(MEDIA_JPEG, S_jpeg_progressive, sizeof(S_jpeg_progressive), 100, 50);
	/* Truncated inside the APP1 segment. */
	CHECK(S_sniff(S_jpeg, 12) == MEDIA_JPEG);
	CHECK(S_dimensions(MEDIA_JPEG, S_jpeg, 12, &w, &h) == -1);
	CHECK(S_fails(MEDIA_JPEG, eoi_first, sizeof(eoi_first)));
	CHECK(S_fails(MEDIA_JPEG, scan_first, sizeof(scan_first)));
	CHECK(S_fails(MEDIA_JPEG, length_zero, sizeof(length_zero)));
	CHECK(S_fails(MEDIA_JPEG, length_one, sizeof(length_one)));
	CHECK(S_fails(MEDIA_JPEG, length_huge, sizeof(length_huge)));
	CHECK(S_fails(MEDIA_JPEG, only_fill, sizeof(only_fill)));
	CHECK(S_fails(MEDIA_JPEG, height_zero, sizeof(height_zero)));
	CHECK(S_fails(MEDIA_JPEG, frame_short, sizeof(frame_short)));
	/* A PNG is no JPEG, whatever the caller claims. */
	CHECK(S_fails(MEDIA_JPEG, S_png, sizeof(S_png)));
}

/* What resolve.c does with a JPEG too large to read: walk its head, then one window at a time
 * from wherever the walk says, each window an exact-size copy for the sanitizers.  Returns the
 * walk's result and counts the windows read. */
static int
S_walk_in_windows(const unsigned char *bytes, size_t len, size_t window, unsigned long *width,
    unsigned long *height, size_t *windows)
{
	size_t offset = 0, next = 0, have;
	unsigned char *copy;
	int status;

	have = len < window ? len : window;
	if ((copy = malloc(have)) == NULL)
		return -2;
	memcpy(copy, bytes, have);
	status = media_jpeg_walk(copy, have, 2, &next, width, height);
	free(copy);
	*windows = 0;
	while (status == 1 && next > 0 && next < len - offset) {
		offset += next;
		have = len - offset < window ? len - offset : window;
		if ((copy = malloc(have)) == NULL)
			return -2;
		memcpy(copy, bytes + offset, have);
		status = media_jpeg_walk(copy, have, 0, &next, width, height);
		free(copy);
		(*windows)++;
	}
	return status == 1 ? -1 : status;
}

static void
S_test_jpeg_walk(void)
{
	/* An APP1 of 300 bytes the walk skips unread, then fill bytes and the frame header. */
	unsigned char big[2 + 4 + 296 + 4 + 17];
	size_t window, windows, skipped_unread = 0;
	unsigned long w, h;
	int all_found = 1, all_end = 1;

	memset(big, 0, sizeof(big));
	memcpy(big, "\xff\xd8\xff\xe1\x01\x2a", 6);
	memcpy(big + 302, "\xff\xff\xff\xc0\x00\x11\x08\x00\x32\x00\x64\x03", 12);
	/* Any window that holds the frame header's 17 bytes and its marker finds it. */
	for (window = 22; window <= sizeof(big); window++) {
		w = h = 0;
		all_found &= S_walk_in_windows(big, sizeof(big), window, &w, &h, &windows) == 0 &&
		    w == 100 && h == 50;
		skipped_unread += window < 200 && windows <= 3;
	}
	CHECK(all_found);
	CHECK(skipped_unread > 0);
	/* Smaller windows or cut files end (found or not), never loop. */
	for (window = 1; window < 22; window++)
		all_end &= S_walk_in_windows(big, sizeof(big), window, &w, &h, &windows) != -2;
	CHECK(all_end);
	CHECK(S_walk_in_windows(big, 310, 64, &w, &h, &windows) == -1);
	/* The resumed walk is the same walk: the hand-made sample in windows of 24 bytes. */
	w = h = 0;
	CHECK(S_walk_in_windows(S_jpeg, sizeof(S_jpeg), 24, &w, &h, &windows) == 0 &&
	    w == 640 && h == 480 && windows >= 1);
}

static void
S_test_png_gif(void)
{
	unsigned char png[sizeof(S_png)];

	S_check_sample(MEDIA_PNG, S_png, sizeof(S_png), 20000, 20000);
	memcpy(png, S_png, sizeof(png));
	png[16] = 0x80;		/* width 2^31 + 20000: beyond what PNG allows */
	CHECK(S_fails(MEDIA_PNG, png, sizeof(png)));
	memcpy(png, S_png, sizeof(png));
	png[12] = 'i';		/* first chunk is not IHDR */
	CHECK(S_fails(MEDIA_PNG, png, sizeof(png)));
	memcpy(png, S_png, sizeof(png));
	memset(png + 20, 0, 4);	/* height 0 */
	CHECK(S_fails(MEDIA_PNG, png, sizeof(png)));

	S_check_sample(MEDIA_GIF, S_gif, sizeof(S_gif), 320, 240);
	CHECK(S_sniff("GIF87a\x01\x00\x01\x00", 10) == MEDIA_GIF);
	CHECK(S_sniff("GIF88a\x01\x00\x01\x00", 10) == MEDIA_UNKNOWN);
}

static void
S_check_svg(const char *text, unsigned long width, unsigned long height)
{
	S_check_sample(MEDIA_SVG, text, strlen(text), width, height);
}

static void
S_test_svg(void)
{
	static const char *const not_svg[] = {
		"<html><svg width=\"1\" height=\"1\"></svg></html>",
		"<svgx width=\"1\" height=\"1\">",
		"<:svg width=\"1\" height=\"1\">",
		"hello <svg width=\"1\" height=\"1\">",
		"<!-- never closed <svg width=\"1\" height=\"1\">",
		"<?xml version=\"1.0\"?><SVG width=\"1\" height=\"1\">",
		"<svg",
	};
	size_t i;
	int all_rejected = 1;

	S_check_svg(S_svg_viewbox, 300, 151);
	S_check_svg(S_svg_sized, 120, 80);
	/* BOM, prefixed root, px unit, rounding, single quotes. */
	S_check_svg("\xef\xbb\xbf<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\" "
	    "width=\"50px\" height='25.5'/>", 50, 26);
	/* Percentages do not count, so the viewBox (with commas) decides. */
	S_check_svg("<svg width=\"100%\" height=\"100%\" viewBox=\"0,0,40,30\">", 40, 30);
	/* Only the width: the height follows the viewBox's aspect ratio. */
	S_check_svg("<svg width=\"200\" viewBox=\"-5 -5 40 30\">", 200, 150);
	/* Exponents, and a '>' inside the DOCTYPE's internal subset. */
	S_check_svg("<!DOCTYPE svg [ <!ENTITY a \"x>y\"> ]>\n<svg width=\"1.2e2\" "
	    "height=\"64E-1\">", 120, 6);
	for (i = 0; i < sizeof(not_svg) / sizeof(not_svg[0]); i++)
		all_rejected &= S_sniff(not_svg[i], strlen(not_svg[i])) == MEDIA_UNKNOWN;
	CHECK(all_rejected);
	/* An SVG whose size cannot be known, or is nonsense. */
	CHECK(S_svg_fails("<svg xmlns=\"http://www.w3.org/2000/svg\">"));
	CHECK(S_svg_fails("<svg width=\"10em\" height=\"5em\">"));
	CHECK(S_svg_fails("<svg viewBox=\"0 0 0 10\">"));
	CHECK(S_svg_fails("<svg width=\"1e999\" height=\"1\">"));
	CHECK(S_svg_fails("<svg width=\"0.2\" height=\"1\">"));
	CHECK(S_svg_fails("<svg width=10 height=10>"));
}

static void
S_test_other_formats(void)
{
	static const unsigned char webp[] = {
		'R', 'I', 'F', 'F', 0x24, 0x00, 0x00, 0x00, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ',
	};
	static const unsigned char wave[] = {
		'R', 'I', 'F', 'F', 0x24, 0x00, 0x00, 0x00, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' ',
	};
	static const unsigned char bmp[] = {
		'B', 'M', 0x3e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x36, 0x00, 0x00, 0x00,
		0x28, 0x00, 0x00, 0x00,
	};
	static const unsigned char tiff_le[] = { 'I', 'I', '*', 0x00, 0x08, 0x00, 0x00, 0x00 };
	static const unsigned char tiff_be[] = { 'M', 'M', 0x00, '*', 0x00, 0x00, 0x00, 0x08 };
	static const unsigned char psd[] = { '8', 'B', 'P', 'S', 0x00, 0x01 };
	static const unsigned char heic[] = {
		0x00, 0x00, 0x00, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0x00, 0x00, 0x00, 0x00,
		'm', 'i', 'f', '1', 'h', 'e', 'i', 'c',
	};
	static const unsigned char heif_compatible[] = {
		0x00, 0x00, 0x00, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', '8', 0x00, 0x00, 0x00, 0x00,
		'i', 's', 'o', 'm', 'm', 'i', 'f', '1',
	};
	static const unsigned char mp4[] = {
		0x00, 0x00, 0x00, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0x00, 0x00, 0x02, 0x00,
		'i', 's', 'o', 'm', 'm', 'p', '4', '1',
	};

	CHECK(S_sniff(webp, sizeof(webp)) == MEDIA_WEBP);
	CHECK(S_sniff(wave, sizeof(wave)) == MEDIA_UNKNOWN);
	CHECK(S_sniff(bmp, sizeof(bmp)) == MEDIA_BMP);
	CHECK(S_sniff("BMW and Audi are cars.", 22) == MEDIA_UNKNOWN);
	CHECK(S_sniff(tiff_le, sizeof(tiff_le)) == MEDIA_TIFF);
	CHECK(S_sniff(tiff_be, sizeof(tiff_be)) == MEDIA_TIFF);
	CHECK(S_sniff("MM\0+\0\10\0\0", 8) == MEDIA_TIFF);	/* BigTIFF */
	CHECK(S_sniff("II)\0\10\0\0\0", 8) == MEDIA_UNKNOWN);	/* version 41 */
	CHECK(S_sniff("MM*\0\0\0\0\10", 8) == MEDIA_UNKNOWN);	/* little-endian 42 after MM */
	CHECK(S_sniff(psd, sizeof(psd)) == MEDIA_PSD);
	CHECK(S_sniff(heic, sizeof(heic)) == MEDIA_HEIC);
	CHECK(S_sniff(heif_compatible, sizeof(heif_compatible)) == MEDIA_HEIC);
	CHECK(S_sniff(mp4, sizeof(mp4)) == MEDIA_UNKNOWN);
	/* A box size larger than the data must not make the brand scan read past it. */
	CHECK(S_sniff(mp4, 20) == MEDIA_UNKNOWN);
	/* No dimensions for formats a book cannot carry. */
	CHECK(S_fails(MEDIA_WEBP, webp, sizeof(webp)));
	CHECK(S_fails(MEDIA_HEIC, heic, sizeof(heic)));
}

static void
S_test_names(void)
{
	CHECK_STR(media_mime_type(MEDIA_JPEG), "image/jpeg");
	CHECK_STR(media_mime_type(MEDIA_SVG), "image/svg+xml");
	CHECK_STR(media_mime_type(MEDIA_PSD), "image/vnd.adobe.photoshop");
	CHECK_STR(media_mime_type(MEDIA_HEIC), "image/heic");
	CHECK(media_mime_type(MEDIA_UNKNOWN) == NULL);
	CHECK_STR(media_extension(MEDIA_JPEG), "jpg");
	CHECK_STR(media_extension(MEDIA_TIFF), "tif");
	CHECK_STR(media_extension(MEDIA_WEBP), "webp");
	CHECK_STR(media_name(MEDIA_PNG), "PNG");
	CHECK_STR(media_name(MEDIA_GIF), "GIF");
	CHECK(media_is_core(MEDIA_JPEG) && media_is_core(MEDIA_PNG) && media_is_core(MEDIA_GIF) &&
	    media_is_core(MEDIA_SVG));
	CHECK(!media_is_core(MEDIA_WEBP) && !media_is_core(MEDIA_BMP) &&
	    !media_is_core(MEDIA_TIFF) && !media_is_core(MEDIA_HEIC) &&
	    !media_is_core(MEDIA_PSD) && !media_is_core(MEDIA_UNKNOWN));
}

/* Random byte changes to the samples: whatever comes back, nothing is read out of bounds
 * and a success always reports a non-zero size. */
static void
S_test_mutations(void)
{
	const struct {
		enum media_type	 type;
		const void	*bytes;
		size_t		 len;
	} samples[] = {
		{ MEDIA_JPEG, S_jpeg, sizeof(S_jpeg) },
		{ MEDIA_JPEG, S_jpeg_progressive, sizeof(S_jpeg_progressive) },
		{ MEDIA_SVG, S_svg_viewbox, sizeof(S_svg_viewbox) - 1 },
		{ MEDIA_SVG, S_svg_sized, sizeof(S_svg_sized) - 1 },
	};
	unsigned char buffer[512];
	unsigned long w, h, seed = 12345;
	size_t i, round, len;
	int sane = 1;

	for (round = 0; round < 4000; round++) {
		i = round % (sizeof(samples) / sizeof(samples[0]));
		len = samples[i].len;
		memcpy(buffer, samples[i].bytes, len);
		seed = seed * 1103515245 + 12345;
		buffer[(seed >> 8) % len] = (unsigned char)(seed >> 16);
		seed = seed * 1103515245 + 12345;
		buffer[(seed >> 8) % len] = (unsigned char)(seed >> 16);
		S_sniff(buffer, len);
		if (S_dimensions(samples[i].type, buffer, len, &w, &h) == 0 && (w == 0 || h == 0))
			sane = 0;
	}
	CHECK(sane);
}

void
test_media(void)
{
	static const char text[] = "Just some notes, not an image.\n";
	unsigned long w = 1, h = 1;
	int type, empty_fails = 1;

	S_test_jpeg();
	S_test_jpeg_walk();
	S_test_png_gif();
	S_test_svg();
	S_test_other_formats();
	S_test_names();
	S_test_mutations();

	CHECK(S_sniff(text, sizeof(text) - 1) == MEDIA_UNKNOWN);
	CHECK(S_fails(MEDIA_SVG, text, sizeof(text) - 1));
	CHECK(S_fails(MEDIA_UNKNOWN, text, sizeof(text) - 1));
	CHECK(S_sniff("", 0) == MEDIA_UNKNOWN);
	for (type = MEDIA_UNKNOWN; type <= MEDIA_PSD; type++)
		empty_fails &= S_dimensions(type, "", 0, &w, &h) == -1;
	CHECK(empty_fails && w == 1 && h == 1);
}
