/* media.c - image formats recognised from their magic bytes, and pixel sizes read from headers.
 * Called by image.c through media.h; works on memory buffers and never reads past len. */
#include <stdint.h>
#include <string.h>

#include "media.h"

/* PNG and our SVG rounding both refuse sizes above 2^31 - 1, as the PNG specification does. */
#define MEDIA_MAX_SIDE	2147483647UL

struct media_info {
	const char	*mime_type;
	const char	*extension;
	const char	*name;
	int		 core;
};

static const struct media_info S_info[] = {
	[MEDIA_UNKNOWN] = { NULL, NULL, "unknown", 0 },
	[MEDIA_JPEG] = { "image/jpeg", "jpg", "JPEG", 1 },
	[MEDIA_PNG] = { "image/png", "png", "PNG", 1 },
	[MEDIA_GIF] = { "image/gif", "gif", "GIF", 1 },
	[MEDIA_SVG] = { "image/svg+xml", "svg", "SVG", 1 },
	[MEDIA_WEBP] = { "image/webp", "webp", "WebP", 0 },
	[MEDIA_BMP] = { "image/bmp", "bmp", "BMP", 0 },
	[MEDIA_TIFF] = { "image/tiff", "tif", "TIFF", 0 },
	[MEDIA_HEIC] = { "image/heic", "heic", "HEIC", 0 },
	[MEDIA_PSD] = { "image/vnd.adobe.photoshop", "psd", "PSD", 0 },
};

/* Out-of-range values (a corrupted enum) read as MEDIA_UNKNOWN rather than past the table. */
static const struct media_info *
S_info_for(enum media_type type)
{
	if ((unsigned)type >= sizeof(S_info) / sizeof(S_info[0]))
		type = MEDIA_UNKNOWN;
	return &S_info[type];
}

const char *
media_mime_type(enum media_type type)
{
	return S_info_for(type)->mime_type;
}

const char *
media_extension(enum media_type type)
{
	return S_info_for(type)->extension;
}

const char *
media_name(enum media_type type)
{
	return S_info_for(type)->name;
}

int
media_is_core(enum media_type type)
{
	return S_info_for(type)->core;
}

static uint32_t
S_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned
S_be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* 1 if the n bytes of text appear at offset i; i may be anything up to len. */
static int
S_at(const unsigned char *bytes, size_t len, size_t i, const char *text)
{
	size_t n = strlen(text);

	return i <= len && len - i >= n && memcmp(bytes + i, text, n) == 0;
}

static int
S_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t
S_skip_space(const unsigned char *bytes, size_t len, size_t i)
{
	while (i < len && S_is_space(bytes[i]))
		i++;
	return i;
}

/* Offset just past the next occurrence of text at or after i, or len if there is none. */
static size_t
S_skip_past(const unsigned char *bytes, size_t len, size_t i, const char *text)
{
	for (; i < len; i++)
		if (S_at(bytes, len, i, text))
			return i + strlen(text);
	return len;
}

/* Skips a DOCTYPE from just after "<!DOCTYPE": quoted literals and an internal subset may
 * hold '>' of their own, so only a '>' outside both ends it. */
static size_t
S_skip_doctype(const unsigned char *bytes, size_t len, size_t i)
{
	const unsigned char *quote;
	int depth = 0;

	while (i < len) {
		if (bytes[i] == '"' || bytes[i] == '\'') {
			quote = memchr(bytes + i + 1, bytes[i], len - i - 1);
			if (quote == NULL)
				return len;
			i = (size_t)(quote - bytes) + 1;
			continue;
		}
		if (S_at(bytes, len, i, "<!--")) {
			i = S_skip_past(bytes, len, i + 4, "-->");
			continue;
		}
		if (bytes[i] == '[')
			depth++;
		else if (bytes[i] == ']' && depth > 0)
			depth--;
		else if (bytes[i] == '>' && depth == 0)
			return i + 1;
		i++;
	}
	return len;
}

/* Checks that the element name starting at i is "svg" or "prefix:svg", followed by something
 * that ends a name; *attributes is set to the offset just after the name. */
static int
S_svg_name(const unsigned char *bytes, size_t len, size_t i, size_t *attributes)
{
	size_t start = i, local;
	const unsigned char *colon;

	while (i < len && !S_is_space(bytes[i]) && bytes[i] != '>' && bytes[i] != '/')
		i++;
	if (i >= len)
		return -1;	/* cut off inside the name: cannot tell "<svg" from "<svgx" */
	colon = memchr(bytes + start, ':', i - start);
	local = start;
	if (colon != NULL) {
		if (colon == bytes + start)
			return -1;
		local = (size_t)(colon - bytes) + 1;
	}
	if (i - local != 3 || memcmp(bytes + local, "svg", 3) != 0)
		return -1;
	*attributes = i;
	return 0;
}

/* Finds the root element past the prolog (BOM, XML declaration, comments, processing
 * instructions, DOCTYPE) and checks it is <svg>; *attributes is where its attributes begin. */
static int
S_svg_root(const unsigned char *bytes, size_t len, size_t *attributes)
{
	size_t i = 0;

	if (S_at(bytes, len, 0, "\xef\xbb\xbf"))
		i = 3;
	for (;;) {
		i = S_skip_space(bytes, len, i);
		if (i >= len || bytes[i] != '<')
			return -1;
		if (S_at(bytes, len, i, "<?"))
			i = S_skip_past(bytes, len, i + 2, "?>");
		else if (S_at(bytes, len, i, "<!--"))
			i = S_skip_past(bytes, len, i + 4, "-->");
		else if (S_at(bytes, len, i, "<!DOCTYPE"))
			i = S_skip_doctype(bytes, len, i + 9);
		else
			return S_svg_name(bytes, len, i + 1, attributes);
	}
}

/* ISO-BMFF brands of HEIF still images (HEIC, AVIF and the generic HEIF brands). */
static int
S_is_heif_brand(const unsigned char *brand)
{
	static const char *const brands[] = {
		"heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs",
		"mif1", "mif2", "msf1", "avif", "avis",
	};
	size_t i;

	for (i = 0; i < sizeof(brands) / sizeof(brands[0]); i++)
		if (memcmp(brand, brands[i], 4) == 0)
			return 1;
	return 0;
}

/* An "ftyp" box first, whose major brand or one of whose compatible brands is a HEIF brand;
 * other ISO-BMFF files (MP4, QuickTime) have none of those. */
static int
S_is_heif(const unsigned char *bytes, size_t len)
{
	size_t end, i;

	if (len < 12 || memcmp(bytes + 4, "ftyp", 4) != 0)
		return 0;
	if (S_is_heif_brand(bytes + 8))
		return 1;
	end = S_be32(bytes);
	if (end > len)
		end = len;
	/* Compatible brands follow the major brand and the 4-byte minor version. */
	for (i = 16; i + 4 <= end; i += 4)
		if (S_is_heif_brand(bytes + i))
			return 1;
	return 0;
}

/* "BM" alone is also how plenty of text starts; the BMP file header's two reserved 16-bit
 * fields are zero, which text almost never is. */
static int
S_is_bmp(const unsigned char *bytes, size_t len)
{
	static const unsigned char zeros[4] = { 0, 0, 0, 0 };

	return len >= 14 && bytes[0] == 'B' && bytes[1] == 'M' &&
	    memcmp(bytes + 6, zeros, 4) == 0;
}

/* Classic TIFF (42) and BigTIFF (43) as a 16-bit number after "II" (little-endian) or "MM"
 * (big-endian).  Compared as numbers: a string literal would stop at the zero byte. */
static int
S_is_tiff(const unsigned char *bytes, size_t len)
{
	unsigned version;

	if (len < 4)
		return 0;
	if (bytes[0] == 'I' && bytes[1] == 'I')
		version = (unsigned)bytes[3] << 8 | bytes[2];
	else if (bytes[0] == 'M' && bytes[1] == 'M')
		version = S_be16(bytes + 2);
	else
		return 0;
	return version == 42 || version == 43;
}

enum media_type
media_sniff(const unsigned char *bytes, size_t len)
{
	size_t attributes;

	if (bytes == NULL)
		return MEDIA_UNKNOWN;
	if (S_at(bytes, len, 0, "\xff\xd8\xff"))
		return MEDIA_JPEG;
	if (S_at(bytes, len, 0, "\x89PNG\r\n\x1a\n"))
		return MEDIA_PNG;
	if (S_at(bytes, len, 0, "GIF87a") || S_at(bytes, len, 0, "GIF89a"))
		return MEDIA_GIF;
	if (S_at(bytes, len, 0, "RIFF") && S_at(bytes, len, 8, "WEBP"))
		return MEDIA_WEBP;
	if (S_is_bmp(bytes, len))
		return MEDIA_BMP;
	if (S_is_tiff(bytes, len))
		return MEDIA_TIFF;
	if (S_at(bytes, len, 0, "8BPS"))
		return MEDIA_PSD;
	if (S_is_heif(bytes, len))
		return MEDIA_HEIC;
	if (S_svg_root(bytes, len, &attributes) == 0)
		return MEDIA_SVG;
	return MEDIA_UNKNOWN;
}

/* SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but
 * are not frames. */
static int
S_is_jpeg_frame(unsigned marker)
{
	return marker >= 0xc0 && marker <= 0xcf &&
	    marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

/* Markers without a length field: TEM, RST0..RST7 and SOI. */
static int
S_is_jpeg_standalone(unsigned marker)
{
	return marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

int
media_jpeg_walk(const unsigned char *bytes, size_t len, size_t start, size_t *next,
    unsigned long *width, unsigned long *height)
{
	size_t i = start, mark, length;
	unsigned marker;

	for (;;) {
		/* Like libjpeg, step over stray bytes before a marker, then over fill bytes. */
		while (i < len && bytes[i] != 0xff)
			i++;
		mark = i;
		while (i < len && bytes[i] == 0xff)
			i++;
		if (i >= len)
			break;
		marker = bytes[i++];
		if (marker == 0x00 || S_is_jpeg_standalone(marker))
			continue;
		if (marker == 0xd9 || marker == 0xda)
			return -1;	/* EOI or image data before any frame header */
		if (len - i < 2)
			break;
		length = S_be16(bytes + i);
		if (length < 2)
			return -1;
		if (!S_is_jpeg_frame(marker)) {
			if (length > len - i) {
				*next = i + length;	/* the next marker lies past these bytes */
				return 1;
			}
			i += length;
			continue;
		}
		/* length(2) precision(1) height(2) width(2) components(1) */
		if (length < 8)
			return -1;
		if (length > len - i)
			break;
		*height = S_be16(bytes + i + 3);
		*width = S_be16(bytes + i + 5);
		/* Height 0 means "given later by DNL", which we do not chase. */
		return *width == 0 || *height == 0 ? -1 : 0;
	}
	*next = mark;
	return 1;
}

static int
S_jpeg_dimensions(const unsigned char *bytes, size_t len, unsigned long *width,
    unsigned long *height)
{
	size_t next;

	if (len < 2 || bytes[0] != 0xff || bytes[1] != 0xd8)
		return -1;
	return media_jpeg_walk(bytes, len, 2, &next, width, height) == 0 ? 0 : -1;
}

static int
S_png_dimensions(const unsigned char *bytes, size_t len, unsigned long *width,
    unsigned long *height)
{
	unsigned long w, h;

	if (len < 24 || !S_at(bytes, len, 0, "\x89PNG\r\n\x1a\n") ||
	    !S_at(bytes, len, 12, "IHDR"))
		return -1;
	w = S_be32(bytes + 16);
	h = S_be32(bytes + 20);
	if (w == 0 || h == 0 || w > MEDIA_MAX_SIDE || h > MEDIA_MAX_SIDE)
		return -1;
	*width = w;
	*height = h;
	return 0;
}

static int
S_gif_dimensions(const unsigned char *bytes, size_t len, unsigned long *width,
    unsigned long *height)
{
	unsigned long w, h;

	if (len < 10 || (!S_at(bytes, len, 0, "GIF87a") && !S_at(bytes, len, 0, "GIF89a")))
		return -1;
	w = (unsigned long)bytes[6] | (unsigned long)bytes[7] << 8;
	h = (unsigned long)bytes[8] | (unsigned long)bytes[9] << 8;
	if (w == 0 || h == 0)
		return -1;
	*width = w;
	*height = h;
	return 0;
}

static int
S_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Applies an exponent ("e-3", "E+2") at text[0..n) to *value if there is one; returns the
 * bytes consumed, 0 when what follows is not an exponent (as in "3em"). */
static size_t
S_parse_exponent(const unsigned char *text, size_t n, double *value)
{
	size_t i = 1;
	int negative = 0, exponent = 0;

	if (n < 2 || (text[0] != 'e' && text[0] != 'E'))
		return 0;
	if (text[1] == '+' || text[1] == '-')
		negative = text[i++] == '-';
	if (i >= n || !S_is_digit(text[i]))
		return 0;
	/* Capped: past 10^400 a double is infinite or zero anyway. */
	for (; i < n && S_is_digit(text[i]); i++)
		if (exponent < 400)
			exponent = exponent * 10 + (text[i] - '0');
	for (; exponent > 0; exponent--)
		*value = negative ? *value / 10 : *value * 10;
	return i;
}

/* Parses an SVG number (sign, digits, fraction, exponent) at the start of text[0..n) by hand:
 * the text is not NUL-terminated and strtod() would follow the locale's decimal point.
 * Sets *used to the bytes consumed; -1 if there is no number. */
static int
S_parse_number(const unsigned char *text, size_t n, size_t *used, double *value)
{
	size_t i = 0, digits = 0;
	double v = 0, scale = 1;
	int negative = 0;

	if (i < n && (text[i] == '+' || text[i] == '-'))
		negative = text[i++] == '-';
	for (; i < n && S_is_digit(text[i]); i++, digits++)
		v = v * 10 + (text[i] - '0');
	if (i < n && text[i] == '.')
		for (i++; i < n && S_is_digit(text[i]); i++, digits++)
			v += (text[i] - '0') * (scale /= 10);
	if (digits == 0)
		return -1;
	i += S_parse_exponent(text + i, n - i, &v);
	*used = i;
	*value = negative ? -v : v;
	return 0;
}

/* A width or height attribute: a positive number, unitless or in px, with optional spaces.
 * Percentages and physical units depend on context we do not have, so they do not count. */
static int
S_parse_svg_length(const unsigned char *text, size_t n, double *value)
{
	size_t i, used;

	i = S_skip_space(text, n, 0);
	if (S_parse_number(text + i, n - i, &used, value) != 0 || !(*value > 0))
		return -1;
	i += used;
	if (n - i >= 2 && (text[i] == 'p' || text[i] == 'P') && (text[i + 1] == 'x' ||
	    text[i + 1] == 'X'))
		i += 2;
	return S_skip_space(text, n, i) == n ? 0 : -1;
}

/* viewBox="min-x min-y width height", separated by spaces and/or a comma. */
static int
S_parse_svg_viewbox(const unsigned char *text, size_t n, double *width, double *height)
{
	double numbers[4];
	size_t i = 0, used;
	int k;

	for (k = 0; k < 4; k++) {
		i = S_skip_space(text, n, i);
		if (k > 0 && i < n && text[i] == ',')
			i = S_skip_space(text, n, i + 1);
		if (S_parse_number(text + i, n - i, &used, &numbers[k]) != 0)
			return -1;
		i += used;
	}
	if (S_skip_space(text, n, i) != n || !(numbers[2] > 0) || !(numbers[3] > 0))
		return -1;
	*width = numbers[2];
	*height = numbers[3];
	return 0;
}

/* Rounds half up; a size that rounds to 0 or is absurdly large is malformed. */
static int
S_round_side(double value, unsigned long *side)
{
	if (!(value >= 0.5) || !(value < (double)MEDIA_MAX_SIDE))
		return -1;
	*side = (unsigned long)(value + 0.5);
	return 0;
}

struct svg_size {
	double	width, height, view_width, view_height;
	int	has_width, has_height, has_view;
};

static int
S_name_is(const unsigned char *name, size_t length, const char *expected)
{
	return length == strlen(expected) && memcmp(name, expected, length) == 0;
}

/* Reads the attributes of the root start tag from i up to its '>' or "/>". */
static int
S_svg_attributes(const unsigned char *bytes, size_t len, size_t i, struct svg_size *size)
{
	size_t name, name_length, value, value_length;
	const unsigned char *end;

	for (;;) {
		i = S_skip_space(bytes, len, i);
		if (i >= len)
			return -1;
		if (bytes[i] == '>')
			return 0;
		if (bytes[i] == '/')
			return S_at(bytes, len, i, "/>") ? 0 : -1;
		name = i;
		while (i < len && !S_is_space(bytes[i]) && bytes[i] != '=' && bytes[i] != '>' &&
		    bytes[i] != '/')
			i++;
		name_length = i - name;
		i = S_skip_space(bytes, len, i);
		if (name_length == 0 || i >= len || bytes[i] != '=')
			return -1;
		i = S_skip_space(bytes, len, i + 1);
		if (i >= len || (bytes[i] != '"' && bytes[i] != '\''))
			return -1;
		value = i + 1;
		end = memchr(bytes + value, bytes[i], len - value);
		if (end == NULL)
			return -1;
		value_length = (size_t)(end - bytes) - value;
		i = value + value_length + 1;
		if (S_name_is(bytes + name, name_length, "width"))
			size->has_width = S_parse_svg_length(bytes + value, value_length,
			    &size->width) == 0;
		else if (S_name_is(bytes + name, name_length, "height"))
			size->has_height = S_parse_svg_length(bytes + value, value_length,
			    &size->height) == 0;
		else if (S_name_is(bytes + name, name_length, "viewBox"))
			size->has_view = S_parse_svg_viewbox(bytes + value, value_length,
			    &size->view_width, &size->view_height) == 0;
	}
}

/* width and height win; a missing one follows the viewBox's aspect ratio, as in browsers;
 * with neither, the viewBox gives both. */
static int
S_svg_dimensions(const unsigned char *bytes, size_t len, unsigned long *width,
    unsigned long *height)
{
	struct svg_size size = { 0 };
	size_t attributes;
	unsigned long w, h;

	if (S_svg_root(bytes, len, &attributes) != 0 ||
	    S_svg_attributes(bytes, len, attributes, &size) != 0)
		return -1;
	if (!size.has_width && !size.has_height) {
		if (!size.has_view)
			return -1;
		size.width = size.view_width;
		size.height = size.view_height;
	} else if (!size.has_height) {
		if (!size.has_view)
			return -1;
		size.height = size.width * size.view_height / size.view_width;
	} else if (!size.has_width) {
		if (!size.has_view)
			return -1;
		size.width = size.height * size.view_width / size.view_height;
	}
	if (S_round_side(size.width, &w) != 0 || S_round_side(size.height, &h) != 0)
		return -1;
	*width = w;
	*height = h;
	return 0;
}

/* The formats a book may carry; the others need no measuring. */
static int (*const S_dimension_readers[])(const unsigned char *, size_t, unsigned long *,
    unsigned long *) = {
	[MEDIA_JPEG] = S_jpeg_dimensions,
	[MEDIA_PNG] = S_png_dimensions,
	[MEDIA_GIF] = S_gif_dimensions,
	[MEDIA_SVG] = S_svg_dimensions,
};

int
media_dimensions(enum media_type type, const unsigned char *bytes, size_t len,
    unsigned long *width, unsigned long *height)
{
	unsigned long w, h;

	if (bytes == NULL || (size_t)type >= sizeof(S_dimension_readers) /
	    sizeof(S_dimension_readers[0]) || S_dimension_readers[type] == NULL ||
	    S_dimension_readers[type](bytes, len, &w, &h) != 0)
		return -1;
	*width = w;
	*height = h;
	return 0;
}
