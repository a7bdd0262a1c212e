/* image_strip.c - plans the copy of a JPEG or PNG that leaves out private metadata (EXIF, XMP,
 * IPTC, camera previews) without decoding a pixel, and reads the header facts that decide
 * whether a photo must be re-encoded.  Called by the image probe; see image_strip.h. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image_strip.h"
#include "media.h"
#include "util.h"

/* The entropy-coded data is searched for its end a window at a time. */
#define STRIP_SCAN_WINDOW (256 * 1024)

/* The file being planned, read through one window: a header's segments are small and close
 * together, and a thousand photos must not cost a system call per marker. */
#define STRIP_READ_WINDOW (64 * 1024)

struct S_file {
	int			 fd;
	unsigned char		*window;
	unsigned long long	 base;		/* offset of window[0] */
	size_t			 filled;
};

/* Reads exactly length bytes at offset; -1 if the file is shorter or unreadable. */
static int
S_read_at(struct S_file *file, void *data, size_t length, unsigned long long offset)
{
	ssize_t n;

	if (offset >= file->base && offset + length <= file->base + file->filled) {
		memcpy(data, file->window + (offset - file->base), length);
		return 0;
	}
	if (length > STRIP_READ_WINDOW)
		return util_read_at(file->fd, data, length, offset);
	do
		n = pread(file->fd, file->window, STRIP_READ_WINDOW, (off_t)offset);
	while (n < 0 && errno == EINTR);
	file->base = offset;
	file->filled = n > 0 ? (size_t)n : 0;
	if (length > file->filled)
		return -1;
	memcpy(data, file->window, length);
	return 0;
}

static void
S_keep(struct image_strip_plan *plan, size_t *capacity, unsigned long long offset,
    unsigned long long length)
{
	struct image_range *last = plan->count > 0 ? &plan->ranges[plan->count - 1] : NULL;

	if (length == 0)
		return;
	plan->kept += length;
	if (last != NULL && last->offset + last->length == offset) {
		last->length += length;
		return;
	}
	xgrow(&plan->ranges, capacity, plan->count + 1, sizeof(*plan->ranges));
	plan->ranges[plan->count].offset = offset;
	plan->ranges[plan->count].length = length;
	plan->count++;
}

void
image_strip_plan_clear(struct image_strip_plan *plan)
{
	free(plan->ranges);
	memset(plan, 0, sizeof(*plan));
}

struct image_range *
image_strip_ranges_copy(const struct image_range *ranges, size_t count)
{
	struct image_range *copy = xmalloc((count > 0 ? count : 1) * sizeof(*copy));

	if (count > 0)
		memcpy(copy, ranges, count * sizeof(*copy));
	return copy;
}

static unsigned
S_u16(const unsigned char *p, int big)
{
	return big ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

static unsigned long
S_u32(const unsigned char *p, int big)
{
	return big ? (unsigned long)S_u16(p, 1) << 16 | S_u16(p + 2, 1) :
	    (unsigned long)S_u16(p + 2, 0) << 16 | S_u16(p, 0);
}

/* The orientation tag (0x0112) of IFD0 in a TIFF structure of length bytes; 0 if absent. */
static int
S_exif_orientation(const unsigned char *tiff, size_t length)
{
	unsigned long ifd;
	unsigned count, i, value;
	int big;

	if (length < 8 || (memcmp(tiff, "II*\0", 4) != 0 && memcmp(tiff, "MM\0*", 4) != 0))
		return 0;
	big = tiff[0] == 'M';
	ifd = S_u32(tiff + 4, big);
	if (ifd > length - 2)
		return 0;
	count = S_u16(tiff + ifd, big);
	for (i = 0; i < count && ifd + 2 + 12 * (unsigned long)(i + 1) <= length; i++) {
		const unsigned char *entry = tiff + ifd + 2 + 12 * i;

		if (S_u16(entry, big) != 0x0112 || S_u16(entry + 2, big) != 3)
			continue;
		value = S_u16(entry + 8, big);
		return value >= 1 && value <= 8 ? (int)value : 0;
	}
	return 0;
}

/* 1 when an ICC profile's header and description say sRGB (most cameras and editors write
 * "sRGB IEC61966-2.1"; the description may be UTF-16 in a v4 profile). */
static int
S_icc_is_srgb(const unsigned char *profile, size_t length)
{
	size_t i;

	if (length < 128 || memcmp(profile + 16, "RGB ", 4) != 0)
		return 0;
	for (i = 128; i + 7 <= length; i++)
		if (memcmp(profile + i, "sRGB", 4) == 0 ||
		    memcmp(profile + i, "s\0R\0G\0B", 7) == 0)
			return 1;
	return 0;
}

/* What a JPEG segment is worth keeping for: the frame, tables and scans, JFIF, ICC profiles
 * and Adobe's colour transform.  EXIF and XMP (APP1), IPTC (APP13), MPF and FlashPix (APP2
 * but ICC), and every other application segment go. */
static int
S_jpeg_keeps(int marker, const unsigned char *payload, size_t length)
{
	if (marker == 0xE0)
		return length >= 5 && (memcmp(payload, "JFIF\0", 5) == 0 ||
		    memcmp(payload, "JFXX\0", 5) == 0);
	if (marker == 0xE2)
		return length >= 12 && memcmp(payload, "ICC_PROFILE\0", 12) == 0;
	if (marker == 0xEE)
		return length >= 5 && memcmp(payload, "Adobe", 5) == 0;
	return marker < 0xE0 || marker > 0xEF;
}

/* Reads what the plan and the facts need from one header segment. */
static void
S_jpeg_segment(struct S_file *file, int marker, unsigned long long payload_at, size_t length,
    struct image_facts *facts, int *has_mpf)
{
	unsigned char head[16], *data;

	if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
	    marker != 0xCC) {
		if (length >= 6 && S_read_at(file, head, 6, payload_at) == 0) {
			facts->bit_depth = head[0];
			facts->height = S_u16(head + 1, 1);
			facts->width = S_u16(head + 3, 1);
			facts->components = head[5];
		}
		return;
	}
	if (marker == 0xE2 && length >= 4 && S_read_at(file, head, 4, payload_at) == 0 &&
	    memcmp(head, "MPF\0", 4) == 0)
		*has_mpf = 1;
	if ((marker != 0xE1 && marker != 0xE2) || length < 14)
		return;
	data = xmalloc(length);
	if (S_read_at(file, data, length, payload_at) == 0) {
		if (marker == 0xE1 && memcmp(data, "Exif\0\0", 6) == 0 && facts->orientation == 0)
			facts->orientation = S_exif_orientation(data + 6, length - 6);
		/* The first chunk of a profile holds its header and, nearly always, its
		 * description. */
		if (marker == 0xE2 && memcmp(data, "ICC_PROFILE\0", 12) == 0 && data[12] == 1 &&
		    !S_icc_is_srgb(data + 14, length - 14))
			facts->foreign_icc = 1;
	}
	free(data);
}

/* Where the image data that starts at offset ends: just past its end-of-image marker, or the
 * file's end when there is none.  Only markers can hold 0xFF followed by something other
 * than 0x00, a restart marker or fill. */
static unsigned long long
S_jpeg_data_end(struct S_file *file, unsigned long long offset, unsigned long long size)
{
	unsigned char *window = xmalloc(STRIP_SCAN_WINDOW), *p;
	unsigned long long end = size;
	size_t length, i;

	while (offset + 1 < size) {
		length = size - offset < STRIP_SCAN_WINDOW ? (size_t)(size - offset) :
		    STRIP_SCAN_WINDOW;
		if (util_read_at(file->fd, window, length, offset) < 0)
			break;
		for (i = 0; i + 1 < length; ) {
			if ((p = memchr(window + i, 0xFF, length - 1 - i)) == NULL) {
				i = length - 1;
				break;
			}
			i = (size_t)(p - window);
			if (p[1] == 0xD9) {
				end = offset + i + 2;
				goto out;
			}
			if (p[1] == 0x00 || p[1] == 0xFF || (p[1] >= 0xD0 && p[1] <= 0xD7)) {
				i++;
				continue;
			}
			/* A table or scan header between progressive scans: skip its body. */
			if (i + 3 >= length)
				break;
			i += 2 + S_u16(p + 2, 1);
		}
		/* The next window starts where this one's walk stopped (at least one on). */
		offset += i > 0 ? i : 1;
	}
out:
	free(window);
	return end;
}

static int S_jpeg_plan(struct S_file *, unsigned long long, struct image_strip_plan *,
    struct image_facts *);
static int S_png_plan(struct S_file *, unsigned long long, struct image_strip_plan *,
    struct image_facts *);

int
image_strip_file(int fd, enum media_type type, unsigned long long size,
    struct image_strip_plan *plan, struct image_facts *facts)
{
	struct S_file file = { fd, NULL, 0, 0 };
	int status;

	if (type != MEDIA_JPEG && type != MEDIA_PNG)
		return -1;
	file.window = xmalloc(STRIP_READ_WINDOW);
	status = type == MEDIA_JPEG ? S_jpeg_plan(&file, size, plan, facts) :
	    S_png_plan(&file, size, plan, facts);
	free(file.window);
	return status;
}

static int
S_jpeg_plan(struct S_file *file, unsigned long long size, struct image_strip_plan *plan,
    struct image_facts *facts)
{
	unsigned long long at = 2, start, end = size;
	unsigned char head[4], id[12];
	size_t capacity = 0, n;
	int marker, has_mpf = 0;
	unsigned length;

	memset(plan, 0, sizeof(*plan));
	memset(facts, 0, sizeof(*facts));
	if (size < 4 || S_read_at(file, head, 2, 0) < 0 || head[0] != 0xFF || head[1] != 0xD8)
		return -1;
	S_keep(plan, &capacity, 0, 2);
	for (;;) {
		start = at;
		if (S_read_at(file, head, 1, at) < 0 || head[0] != 0xFF)
			goto fail;
		/* Any number of 0xFF may fill the gap before a marker. */
		do
			at++;
		while (S_read_at(file, head, 1, at) == 0 && head[0] == 0xFF);
		marker = head[0];
		at++;
		if (marker == 0xFF)
			goto fail;
		if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
			S_keep(plan, &capacity, start, at - start);
			continue;
		}
		if (marker == 0xD9 || S_read_at(file, head, 2, at) < 0 ||
		    (length = S_u16(head, 1)) < 2 || at + length > size)
			goto fail;
		if (marker == 0xDA)
			break;
		S_jpeg_segment(file, marker, at + 2, length - 2, facts, &has_mpf);
		n = length - 2 < sizeof(id) ? length - 2 : sizeof(id);
		if (S_read_at(file, id, n, at + 2) == 0 && S_jpeg_keeps(marker, id, n))
			S_keep(plan, &capacity, start, at + length - start);
		at += length;
	}
	/* Cameras append previews (announced by MPF) after the end of the image. */
	if (has_mpf || S_read_at(file, head, 2, size - 2) < 0 || head[0] != 0xFF || head[1] != 0xD9)
		end = S_jpeg_data_end(file, at + length, size);
	S_keep(plan, &capacity, start, end - start);
	plan->removed = plan->kept != size;
	return 0;
fail:
	image_strip_plan_clear(plan);
	return -1;
}

/* PNG chunks that carry metadata rather than pixels or colour: EXIF, text (XMP lives in
 * iTXt) and the time of the last edit. */
static int
S_png_drops(const unsigned char *type)
{
	return memcmp(type, "eXIf", 4) == 0 || memcmp(type, "tEXt", 4) == 0 ||
	    memcmp(type, "zTXt", 4) == 0 || memcmp(type, "iTXt", 4) == 0 ||
	    memcmp(type, "tIME", 4) == 0;
}

static int
S_png_plan(struct S_file *file, unsigned long long size, struct image_strip_plan *plan,
    struct image_facts *facts)
{
	unsigned char head[8 + 13], name[80];
	unsigned long long at = 8, length;
	size_t capacity = 0, n;

	memset(plan, 0, sizeof(*plan));
	memset(facts, 0, sizeof(*facts));
	if (size < 8 + 25 || S_read_at(file, head, 8, 0) < 0 ||
	    memcmp(head, "\x89PNG\r\n\x1a\n", 8) != 0)
		return -1;
	S_keep(plan, &capacity, 0, 8);
	while (at + 12 <= size) {
		if (S_read_at(file, head, 8, at) < 0)
			goto fail;
		length = S_u32(head, 1);
		if (length > size - at - 12)
			goto fail;
		if (memcmp(head + 4, "IHDR", 4) == 0 && length >= 13 &&
		    S_read_at(file, head + 8, 13, at + 8) == 0) {
			facts->width = S_u32(head + 8, 1);
			facts->height = S_u32(head + 12, 1);
			facts->bit_depth = head[16];
		}
		/* The profile's name is all that can be read without inflating it. */
		if (memcmp(head + 4, "iCCP", 4) == 0) {
			n = length < sizeof(name) ? (size_t)length : sizeof(name);
			if (S_read_at(file, name, n, at + 8) < 0 ||
			    memchr(name, '\0', n) == NULL || strstr((char *)name, "sRGB") == NULL)
				facts->foreign_icc = 1;
		}
		if (!S_png_drops(head + 4))
			S_keep(plan, &capacity, at, length + 12);
		at += length + 12;
		if (memcmp(head + 4, "IEND", 4) == 0)
			break;
	}
	plan->removed = plan->kept != size;
	return 0;
fail:
	image_strip_plan_clear(plan);
	return -1;
}
