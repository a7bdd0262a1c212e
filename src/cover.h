/* cover.h - the book's raster cover through libvips: text measured with Pango, the drawn SVG
 * design rasterised with librsvg, a given cover converted, all saved as JPEG.  Called by
 * pages.c and tests/unit/test_cover.c; main.c starts libvips once (VIPS_INIT) for all. */
#ifndef KAGAMA_COVER_H
#define KAGAMA_COVER_H

#include <stddef.h>

/* Where a text goes: a box in SVG pixels, the largest size, a Pango font description without
 * its size ("DejaVu Serif Bold"). */
struct cover_box {
	double		 x, y, width, height;
	double		 max_size;
	const char	*font;
};

/* One line of a laid-out text: its words, and its baseline in SVG pixels. */
struct cover_line {
	const char	*text;		/* in the layout's text */
	double		 baseline;
};

/* A text laid out in its box. */
struct cover_layout {
	struct cover_line	*lines;
	size_t			 count;
	char			*text;		/* every line's text, each ending in a NUL */
	double			 size;		/* font size in pixels */
	int			 rtl;		/* 1: the text starts right-to-left (Arabic, Hebrew) */
};

/* A JPEG in memory: data is a new buffer for free(). */
struct cover_jpeg {
	char		*data;
	size_t		 length;
	unsigned long	 width, height;
};

/* The ink width in pixels of text (plain UTF-8, not markup) set in font, a Pango font
 * description without its size ("DejaVu Serif Bold"), at size pixels; 0 for blank text,
 * -1 if Pango cannot set it. */
double cover_text_width(const char *font, double size, const char *text);
/* Lays text out in box: the largest size up to box->max_size at which its longest word fits
 * the width and its lines, broken at spaces (and between CJK characters) by measured width,
 * fit the height; centred vertically.  Blank or NULL text gives no lines.  Free with
 * cover_layout_free(). */
void cover_layout_text(const struct cover_box *box, const char *text,
    struct cover_layout *layout);
void cover_layout_free(struct cover_layout *layout);
/* Rasterises an SVG document at its own size onto white and encodes it.  display names it in
 * messages.  Returns 0, or -1 after reporting. */
int cover_rasterize_svg(const char *svg, size_t length, const char *display,
    struct cover_jpeg *jpeg);
/* Converts the image file at path (any format libvips reads: PNG, GIF, WebP, SVG, TIFF...) to
 * an upright sRGB JPEG on white.  Returns 0, or -1 after reporting against file:line. */
int cover_convert_file(const char *path, const char *file, int line, struct cover_jpeg *jpeg);

#endif
