/* test_image_strip.c - private metadata left out of JPEGs and PNGs without decoding: EXIF/XMP/
 * IPTC segments and camera previews go, frame, tables, ICC and scans stay byte for byte; the
 * header facts (orientation, CMYK, foreign profile) are read; container.c streams the plan. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "container.h"
#include "image_strip.h"
#include "util.h"
#include "unit.h"

/* Appends a marker segment with payload (length bytes) to buffer. */
static void
S_segment(struct buffer *buffer, int marker, const void *payload, size_t length)
{
	unsigned char head[4] = { 0xFF, (unsigned char)marker, (unsigned char)((length + 2) >> 8),
	    (unsigned char)(length + 2) };

	buffer_append(buffer, (const char *)head, 4);
	buffer_append(buffer, payload, length);
}

/* An EXIF APP1 payload: big-endian TIFF, IFD0 with orientation and a GPS pointer. */
static size_t
S_exif(unsigned char *out, int orientation)
{
	static const unsigned char exif[] = { 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0,
	    8, 0, 2, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0,
	    0, 38, 0, 0, 0, 0, 'G', 'P', 'S', '!' };

	memcpy(out, exif, sizeof(exif));
	out[6 + 8 + 2 + 8 + 1] = (unsigned char)orientation;
	return sizeof(exif);
}

/* Writes data to a new temporary file; its descriptor, open for reading. */
static int
S_temporary(const char *data, size_t length, char path[64])
{
	int fd;

	strcpy(path, "/tmp/kagama-strip-XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		return -1;
	if (write(fd, data, length) != (ssize_t)length) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The bytes the plan keeps, read from fd. */
static char *
S_apply(int fd, const struct image_strip_plan *plan)
{
	char *out = xmalloc(plan->kept + 1), *p = out;
	size_t i;

	for (i = 0; i < plan->count; i++) {
		if (pread(fd, p, plan->ranges[i].length, (off_t)plan->ranges[i].offset) !=
		    (ssize_t)plan->ranges[i].length)
			break;
		p += plan->ranges[i].length;
	}
	return out;
}

static int
S_contains(const char *data, size_t length, const char *word)
{
	size_t i, n = strlen(word);

	for (i = 0; i + n <= length; i++)
		if (memcmp(data + i, word, n) == 0)
			return 1;
	return 0;
}

static const unsigned char S_sof[] = { 8, 0x0B, 0xB8, 0x0F, 0xA0, 3, 1, 0x22, 0, 2, 0x11, 1,
    3, 0x11, 1 };
static const unsigned char S_sos[] = { 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0 };
static const unsigned char S_scan[] = { 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD9 };

/* A camera JPEG: JFIF, EXIF, XMP, ICC, IPTC, MPF, frame, scan, and a preview after the end. */
static void
S_camera_jpeg(struct buffer *jpeg, struct buffer *expected, int orientation,
    const char *icc_name, int components)
{
	unsigned char exif[64], icc[14 + 200], sof[sizeof(S_sof)];
	static const char preview[] = "\xFF\xD8\xFF\xE1\x00\x08" "Exif\0\0\xFF\xD9";
	size_t n = S_exif(exif, orientation);

	memset(icc, 0, sizeof(icc));
	memcpy(icc, "ICC_PROFILE\0\1\1", 14);
	memcpy(icc + 14 + 16, "RGB ", 4);
	memcpy(icc + 14 + 140, icc_name, strlen(icc_name));
	memcpy(sof, S_sof, sizeof(sof));
	sof[5] = (unsigned char)components;
	buffer_append(jpeg, "\xFF\xD8", 2);
	buffer_append(expected, "\xFF\xD8", 2);
	S_segment(jpeg, 0xE0, "JFIF\0\1\1\0\0\1\0\1\0\0", 14);
	S_segment(expected, 0xE0, "JFIF\0\1\1\0\0\1\0\1\0\0", 14);
	S_segment(jpeg, 0xE1, exif, n);
	S_segment(jpeg, 0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>", 42);
	S_segment(jpeg, 0xE2, icc, sizeof(icc));
	S_segment(expected, 0xE2, icc, sizeof(icc));
	S_segment(jpeg, 0xED, "Photoshop 3.0\0" "8BIM", 18);
	S_segment(jpeg, 0xE2, "MPF\0II*\0", 8);
	S_segment(jpeg, 0xFE, "kept comment", 12);
	S_segment(expected, 0xFE, "kept comment", 12);
	S_segment(jpeg, 0xC0, sof, sizeof(sof));
	S_segment(expected, 0xC0, sof, sizeof(sof));
	S_segment(jpeg, 0xDA, S_sos, sizeof(S_sos));
	S_segment(expected, 0xDA, S_sos, sizeof(S_sos));
	buffer_append(jpeg, (const char *)S_scan, sizeof(S_scan));
	buffer_append(expected, (const char *)S_scan, sizeof(S_scan));
	buffer_append(jpeg, preview, sizeof(preview) - 1);
}

static void
S_test_jpeg(void)
{
	struct buffer jpeg = { 0 }, expected = { 0 };
	struct image_strip_plan plan;
	struct image_facts facts;
	char path[64], *kept;
	int fd;

	S_camera_jpeg(&jpeg, &expected, 6, "sRGB IEC61966-2.1", 3);
	fd = S_temporary(jpeg.data, jpeg.length, path);
	CHECK(fd >= 0);
	CHECK(image_strip_file(fd, MEDIA_JPEG, jpeg.length, &plan, &facts) == 0);
	CHECK(plan.removed == 1 && plan.kept == expected.length);
	kept = S_apply(fd, &plan);
	CHECK(memcmp(kept, expected.data, expected.length) == 0);
	CHECK(!S_contains(kept, plan.kept, "GPS") && !S_contains(kept, plan.kept, "Exif"));
	CHECK(facts.orientation == 6 && facts.components == 3 && facts.foreign_icc == 0);
	CHECK(facts.width == 4000 && facts.height == 3000 && facts.bit_depth == 8);
	free(kept);
	image_strip_plan_clear(&plan);
	close(fd);
	unlink(path);

	/* A print photo: CMYK with a profile of its own. */
	jpeg.length = expected.length = 0;
	S_camera_jpeg(&jpeg, &expected, 1, "U.S. Web Coated (SWOP) v2", 4);
	fd = S_temporary(jpeg.data, jpeg.length, path);
	CHECK(image_strip_file(fd, MEDIA_JPEG, jpeg.length, &plan, &facts) == 0);
	CHECK(facts.orientation == 1 && facts.components == 4 && facts.foreign_icc == 1);
	image_strip_plan_clear(&plan);
	close(fd);
	unlink(path);

	/* Nothing to remove: the plan is the whole file in one range. */
	fd = S_temporary(expected.data, expected.length, path);
	CHECK(image_strip_file(fd, MEDIA_JPEG, expected.length, &plan, &facts) == 0);
	CHECK(plan.removed == 0 && plan.count == 1 && plan.kept == expected.length);
	CHECK(facts.orientation == 0);
	image_strip_plan_clear(&plan);
	close(fd);
	unlink(path);

	/* Damaged: a segment runs past the end. */
	fd = S_temporary(jpeg.data, 60, path);
	CHECK(image_strip_file(fd, MEDIA_JPEG, 60, &plan, &facts) == -1 && plan.count == 0);
	close(fd);
	unlink(path);
	free(jpeg.data);
	free(expected.data);
}

static void
S_chunk(struct buffer *buffer, const char *type, const void *data, size_t length)
{
	unsigned char head[8] = { (unsigned char)(length >> 24), (unsigned char)(length >> 16),
	    (unsigned char)(length >> 8), (unsigned char)length };

	memcpy(head + 4, type, 4);
	buffer_append(buffer, (const char *)head, 8);
	buffer_append(buffer, data, length);
	buffer_append(buffer, "CRC!", 4);
}

static void
S_test_png(void)
{
	struct buffer png = { 0 }, expected = { 0 };
	static const unsigned char ihdr[13] = { 0, 0, 1, 0, 0, 0, 0, 200, 16, 6, 0, 0, 0 };
	struct image_strip_plan plan;
	struct image_facts facts;
	char path[64], *kept;
	int fd;

	buffer_append(&png, "\x89PNG\r\n\x1a\n", 8);
	buffer_append(&expected, "\x89PNG\r\n\x1a\n", 8);
	S_chunk(&png, "IHDR", ihdr, 13);
	S_chunk(&expected, "IHDR", ihdr, 13);
	S_chunk(&png, "iCCP", "Display P3\0\0xx", 14);
	S_chunk(&expected, "iCCP", "Display P3\0\0xx", 14);
	S_chunk(&png, "eXIf", "MM\0*GPS", 7);
	S_chunk(&png, "iTXt", "XML:com.adobe.xmp\0", 18);
	S_chunk(&png, "IDAT", "pixels", 6);
	S_chunk(&expected, "IDAT", "pixels", 6);
	S_chunk(&png, "IEND", "", 0);
	S_chunk(&expected, "IEND", "", 0);
	fd = S_temporary(png.data, png.length, path);
	CHECK(image_strip_file(fd, MEDIA_PNG, png.length, &plan, &facts) == 0);
	CHECK(plan.removed == 1 && plan.kept == expected.length && plan.count == 2);
	kept = S_apply(fd, &plan);
	CHECK(memcmp(kept, expected.data, expected.length) == 0);
	CHECK(facts.width == 256 && facts.height == 200 && facts.bit_depth == 16);
	CHECK(facts.foreign_icc == 1);
	free(kept);

	/* The container streams exactly the kept ranges. */
	{
		struct container *container = container_new();
		char zip_path[] = "/tmp/kagama-strip-zip-XXXXXX", got[256];
		zip_t *zip;
		zip_file_t *file;
		zip_int64_t n = -1;

		close(mkstemp(zip_path));
		container_add_file_ranges(container, "EPUB/images/a.png", path,
		    image_strip_ranges_copy(plan.ranges, plan.count), plan.count);
		CHECK(container_write(container, zip_path, (time_t)1700000000) == 0);
		container_free(container);
		if ((zip = zip_open(zip_path, ZIP_RDONLY, NULL)) != NULL) {
			if ((file = zip_fopen(zip, "EPUB/images/a.png", 0)) != NULL) {
				n = zip_fread(file, got, sizeof(got));
				zip_fclose(file);
			}
			zip_close(zip);
		}
		CHECK(n == (zip_int64_t)expected.length &&
		    memcmp(got, expected.data, expected.length) == 0);
		unlink(zip_path);
	}
	image_strip_plan_clear(&plan);
	close(fd);
	unlink(path);
	free(png.data);
	free(expected.data);
}

void
test_image_strip(void)
{
	S_test_jpeg();
	S_test_png();
}
