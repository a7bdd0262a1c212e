/* cover.c - the book's raster cover through libvips: text measured with Pango (vips_text), the
 * drawn SVG design rasterised with librsvg (vips_svgload), any given cover converted, all saved
 * as a baseline JPEG without metadata.  Called by pages.c (and its unit test); libvips is
 * started once for covers and photos alike, by photo_library_init().
 *
 * Measuring and drawing go through the same Pango and fontconfig, so a width measured here is
 * the width librsvg draws (within a pixel or two).  The JPEG depends only on the SVG text, the
 * installed fonts (fonts-dejavu-core, fonts-droid-fallback) and libjpeg: no time, no metadata. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <vips/vips.h>

#include "cover.h"
#include "diag.h"
#include "photo.h"
#include "util.h"

/* Blank text has no ink, and vips_text refuses it. */
static int
S_blank(const char *text)
{
	for (; *text != '\0'; text++)
		if (*text != ' ' && *text != '\t' && *text != '\n')
			return 0;
	return 1;
}

/* 0 once libvips is started, else -1 (*error says why, the caller frees it). */
static int
S_start(char **error)
{
	*error = NULL;
	return photo_library_init(error);
}

double
cover_text_width(const char *font, double size, const char *text)
{
	char *markup, *description, *error;
	VipsImage *image = NULL;
	double width = -1;

	if (text == NULL || S_blank(text))
		return 0;
	if (S_start(&error) < 0) {
		free(error);
		return -1;
	}
	/* vips_text reads Pango markup: the title's own < and & stay text. */
	markup = g_markup_escape_text(text, -1);
	description = xasprintf("%s %.2f", font, size);
	/* At 72 dpi a point is a pixel, as in the SVG. */
	if (vips_text(&image, markup, "font", description, "dpi", 72, NULL) == 0)
		width = image->Xsize;
	else
		vips_error_clear();
	if (image != NULL)
		g_object_unref(image);
	g_free(markup);
	free(description);
	return width;
}

/* The smallest size a cover text is set in, however long: 200 characters fit well above it. */
#define S_MIN_SIZE 12.0
/* Line height as a multiple of the font size. */
#define S_LEADING 1.2
/* What a unit is measured at; widths scale with the size from there. */
#define S_REFERENCE 100.0
/* What ends a title cut short, in UTF-8. */
#define S_ELLIPSIS "\xe2\x80\xa6"

/* A piece of text no line may break inside: a word, or one CJK character. */
struct S_unit {
	const char	*start;
	size_t		 length;
	int		 space_before;	/* joined to the previous unit by a space */
	double		 width;		/* at S_REFERENCE */
};

/* CJK scripts break between characters, not at spaces. */
static int
S_breaks_around(gunichar c)
{
	GUnicodeBreakType type = g_unichar_break_type(c);

	return type == G_UNICODE_BREAK_IDEOGRAPHIC ||
	    type == G_UNICODE_BREAK_CONDITIONAL_JAPANESE_STARTER;
}

/* Splits text into units; returns how many (units is a new array). */
static size_t
S_units(const char *text, struct S_unit **units)
{
	size_t count = 0, capacity = 0;
	const char *p = text;
	int space = 0, open = 0;

	*units = NULL;
	while (*p != '\0') {
		gunichar c = g_utf8_get_char_validated(p, -1);
		const char *next = g_utf8_next_char(p);

		if (c == (gunichar)-1 || c == (gunichar)-2) {
			c = '?';
			next = p + 1;
		}
		if (g_unichar_isspace(c)) {
			space = count > 0;
			open = 0;
		} else if (!open || S_breaks_around(c)) {
			xgrow(units, &capacity, count + 1, sizeof(**units));
			(*units)[count++] = (struct S_unit){ p, (size_t)(next - p), space, 0 };
			space = 0;
			open = !S_breaks_around(c);
		} else {
			(*units)[count - 1].length += (size_t)(next - p);
		}
		p = next;
	}
	return count;
}

/* 1 if the first letter with a direction is right-to-left. */
static int
S_starts_rtl(const char *text)
{
	const char *p;

	for (p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char_validated(p, -1);

		if (c == (gunichar)-1 || c == (gunichar)-2)
			return 0;
		switch (g_unichar_get_script(c)) {
		case G_UNICODE_SCRIPT_ARABIC:
		case G_UNICODE_SCRIPT_HEBREW:
		case G_UNICODE_SCRIPT_SYRIAC:
		case G_UNICODE_SCRIPT_THAANA:
		case G_UNICODE_SCRIPT_NKO:
			return 1;
		case G_UNICODE_SCRIPT_COMMON:
		case G_UNICODE_SCRIPT_INHERITED:
			continue;
		default:
			return 0;
		}
	}
	return 0;
}

/* Breaks units into lines no wider than width at size; line_start[i] is the first unit of
 * line i.  Returns the number of lines. */
static size_t
S_break(const struct S_unit *units, size_t count, double space, double size, double width,
    size_t *line_start)
{
	double scale = size / S_REFERENCE, used = 0;
	size_t i, lines = 0;

	for (i = 0; i < count; i++) {
		double gap = units[i].space_before ? space * scale : 0;
		double wide = units[i].width * scale;

		if (lines == 0 || used + gap + wide > width) {
			line_start[lines++] = i;
			used = wide;
		} else {
			used += gap + wide;
		}
	}
	return lines;
}

/* The text of units [from, to), joined as written. */
static char *
S_join(const struct S_unit *units, size_t from, size_t to)
{
	struct buffer line = { 0 };
	size_t i;

	for (i = from; i < to; i++) {
		if (i > from && units[i].space_before)
			buffer_putc(&line, ' ');
		buffer_append(&line, units[i].start, units[i].length);
	}
	return buffer_release(&line);
}

/* 1 if every line, measured as a whole at size, fits width. */
static int
S_lines_fit(const struct cover_box *box, const struct S_unit *units, size_t count,
    const size_t *line_start, size_t lines, double size)
{
	size_t i;
	int fit = 1;

	for (i = 0; i < lines && fit; i++) {
		char *text = S_join(units, line_start[i], i + 1 < lines ? line_start[i + 1] : count);

		fit = cover_text_width(box->font, size, text) <= box->width;
		free(text);
	}
	return fit;
}

/* The largest size at which the units fit the box, and their lines at that size. */
static double
S_fit(const struct cover_box *box, const struct S_unit *units, size_t count, double space,
    size_t *line_start, size_t *lines)
{
	double size = box->max_size, widest = 0;
	size_t i;

	for (i = 0; i < count; i++)
		if (units[i].width > widest)
			widest = units[i].width;
	/* The longest word sets the first bound: it must fit the width on a line of its own. */
	if (widest > 0 && widest * size / S_REFERENCE > box->width)
		size = floor(box->width * S_REFERENCE / widest);
	for (; size > S_MIN_SIZE; size = floor(size * 0.95)) {
		*lines = S_break(units, count, space, size, box->width, line_start);
		if ((double)*lines * size * S_LEADING <= box->height &&
		    S_lines_fit(box, units, count, line_start, *lines, size))
			return size;
	}
	size = S_MIN_SIZE;
	*lines = S_break(units, count, space, size, box->width, line_start);
	return size;
}

/* Keeps the lines that fit the box's height, the last one short enough to take an ellipsis.
 * Returns how many; *count becomes the number of units kept. */
static size_t
S_truncate(const struct cover_box *box, const struct S_unit *units, const size_t *line_start,
    size_t lines, double size, size_t *count)
{
	size_t fit = (size_t)fmax(floor(box->height / (size * S_LEADING)), 1);
	char *last;
	int wide;

	if (lines <= fit)
		return lines;
	*count = line_start[fit];
	for (;;) {
		last = S_join(units, line_start[fit - 1], *count);
		wide = cover_text_width(box->font, size, last) +
		    cover_text_width(box->font, size, S_ELLIPSIS) > box->width;
		free(last);
		if (!wide || *count <= line_start[fit - 1] + 1)
			break;
		(*count)--;
	}
	return fit;
}

void
cover_layout_text(const struct cover_box *box, const char *text, struct cover_layout *layout)
{
	struct S_unit *units = NULL;
	struct buffer all = { 0 };
	size_t count, total, i, *line_start = NULL, lines = 0;
	double space, top, bare;
	char *next;

	memset(layout, 0, sizeof(*layout));
	if (text == NULL || (count = total = S_units(text, &units)) == 0)
		goto out;
	/* Units are measured by what they add between two letters: their advance, side
	 * bearings included, so that units set side by side (CJK) add up to their line. */
	bare = cover_text_width(box->font, S_REFERENCE, "nn");
	for (i = 0; i < count; i++) {
		char *unit = xasprintf("n%.*sn", (int)units[i].length, units[i].start);

		units[i].width = fmax(cover_text_width(box->font, S_REFERENCE, unit) - bare, 0);
		free(unit);
	}
	space = fmax(cover_text_width(box->font, S_REFERENCE, "n n") - bare, 0);
	line_start = xmalloc(count * sizeof(*line_start));
	layout->size = S_fit(box, units, count, space, line_start, &lines);
	layout->rtl = S_starts_rtl(text);
	/* Past a thousand characters even the smallest size overflows the box: the lines that
	 * fit are kept, the last ending in an ellipsis. */
	lines = S_truncate(box, units, line_start, lines, layout->size, &count);
	layout->lines = xcalloc(lines, sizeof(*layout->lines));
	layout->count = lines;
	top = box->y + (box->height - (double)lines * layout->size * S_LEADING) / 2;
	for (i = 0; i < lines; i++) {
		char *line = S_join(units, line_start[i], i + 1 < lines ? line_start[i + 1] : count);

		buffer_puts(&all, line);
		if (i + 1 == lines && count < total)
			buffer_puts(&all, S_ELLIPSIS);
		buffer_putc(&all, '\0');
		free(line);
		/* The middle of a capital sits in the middle of its line. */
		layout->lines[i].baseline = round(top + ((double)i + 0.5) * layout->size * S_LEADING +
		    0.36 * layout->size);
	}
	layout->text = buffer_release(&all);
	for (i = 0, next = layout->text; i < lines; i++, next += strlen(next) + 1)
		layout->lines[i].text = next;
out:
	free(line_start);
	free(units);
}

void
cover_layout_free(struct cover_layout *layout)
{
	if (layout == NULL)
		return;
	free(layout->lines);
	free(layout->text);
	memset(layout, 0, sizeof(*layout));
}

/* Takes a JPEG made by libvips into jpeg. */
static void
S_take(void *buffer, size_t length, const VipsImage *image, struct cover_jpeg *jpeg)
{
	jpeg->data = xmalloc(length);
	memcpy(jpeg->data, buffer, length);
	jpeg->length = length;
	jpeg->width = (unsigned long)image->Xsize;
	jpeg->height = (unsigned long)image->Ysize;
	g_free(buffer);
}

/* Flattens image onto white, in sRGB, and encodes it; unrefs image.  Returns 0 or -1. */
static int
S_encode(VipsImage *image, struct cover_jpeg *jpeg)
{
	VipsImage *srgb = NULL, *flat = NULL;
	void *buffer = NULL;
	size_t length = 0;
	int status = -1;

	if (vips_colourspace(image, &srgb, VIPS_INTERPRETATION_sRGB, NULL) != 0)
		goto out;
	if (vips_image_hasalpha(srgb)) {
		VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
		int flattened = vips_flatten(srgb, &flat, "background", white, NULL);

		vips_area_unref(VIPS_AREA(white));
		if (flattened != 0)
			goto out;
	} else {
		flat = srgb;
		g_object_ref(flat);
	}
	/* Baseline, no metadata: what every e-reader decodes, the same bytes every time. */
	if (vips_jpegsave_buffer(flat, &buffer, &length, "Q", 90, "strip", TRUE,
	    "optimize_coding", TRUE, "interlace", FALSE, NULL) != 0)
		goto out;
	S_take(buffer, length, flat, jpeg);
	status = 0;
out:
	if (flat != NULL)
		g_object_unref(flat);
	if (srgb != NULL)
		g_object_unref(srgb);
	g_object_unref(image);
	return status;
}

/* libvips' last error as one line for diag_report; the caller frees it. */
static char *
S_vips_error(void)
{
	char *message = xstrdup(vips_error_buffer());
	size_t n = strlen(message);

	while (n > 0 && (message[n - 1] == '\n' || message[n - 1] == ' '))
		message[--n] = '\0';
	for (n = 0; message[n] != '\0'; n++)
		if (message[n] == '\n')
			message[n] = ' ';
	vips_error_clear();
	return message;
}

int
cover_rasterize_svg(const char *svg, size_t length, const char *display,
    struct cover_jpeg *jpeg)
{
	VipsImage *image = NULL;
	char *message;

	if (S_start(&message) < 0) {
		diag_system(display, "cannot draw the cover: %s", message);
		free(message);
		return -1;
	}
	/* libvips may read the buffer after the call returns: it must outlive the image. */
	if (vips_svgload_buffer((void *)svg, length, &image, "dpi", 72.0, NULL) == 0 &&
	    S_encode(image, jpeg) == 0)
		return 0;
	message = S_vips_error();
	diag_system(display, "cannot draw the cover: %s", message);
	free(message);
	return -1;
}

int
cover_convert_file(const char *path, const char *file, int line, struct cover_jpeg *jpeg)
{
	VipsImage *image = NULL, *upright = NULL;
	char *message;

	if (S_start(&message) < 0) {
		diag_system(file, "cannot convert the cover: %s", message);
		free(message);
		return -1;
	}
	if ((image = vips_image_new_from_file(path, NULL)) == NULL)
		goto fail;
	/* Phones store photos sideways with an orientation tag that a JPEG cover would lose. */
	if (vips_autorot(image, &upright, NULL) != 0)
		goto fail;
	g_object_unref(image);
	image = NULL;
	if (S_encode(upright, jpeg) == 0)
		return 0;
fail:
	if (image != NULL)
		g_object_unref(image);
	message = S_vips_error();
	diag_report(DIAG_ERROR, file, line, 0, "cover image cannot be converted to JPEG: %s",
	    message);
	free(message);
	return -1;
}
