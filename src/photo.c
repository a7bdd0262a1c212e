/* photo.c - libvips does the pixel work on photos: thumbnailing with shrink-on-load, turning
 * upright, colour to sRGB, choosing JPEG or PNG and saving without metadata.  See photo.h;
 * the decision whether a photo needs this at all is the image probe's.
 * libvips starts (photo_library_init) when the first photo or the cover needs it, once. */
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

#include "photo.h"
#include "util.h"

/* "Never shrink": a longest side no photo reaches. */
#define PHOTO_NO_LIMIT 10000000
/* Few colours after shrinking mean a drawing, a chart or a screenshot of text: JPEG would
 * smear its edges.  Counted in a 16x16x16 histogram: photos fill hundreds of cells. */
#define PHOTO_LINE_ART_CELLS 48

/* Threads share this many malloc arenas once photos are being re-encoded. */
#define PHOTO_MALLOC_ARENAS 2

static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static int S_started;
/* Formats without shrink-on-load (HEIC/AVIF, WebP, PNG, TIFF...) are decoded whole: a 12 MP
 * HEIC takes ~145 MB.  Such a photo is converted alone (a writer); JPEGs, which libjpeg
 * shrinks while decoding (~40 MB each), side by side (readers). */
static pthread_rwlock_t S_whole_decode = PTHREAD_RWLOCK_INITIALIZER;
static char *S_start_error;

/* Drops a reference, if there is one (VIPS_UNREF through the table). */
#define S_UNREF(image) do { \
	if ((image) != NULL) \
		g_object_unref(image); \
	(image) = NULL; \
} while (0)

/* libvips warns on stderr of its own accord (e.g. that it used its built-in CMYK profile);
 * our messages go through diag_report() with a file and line, or not at all. */
static void
S_ignore(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)data;
}

static void
S_start(void)
{
	char *message;

	/* Threads libvips starts would each get a malloc arena of their own, each keeping what it
	 * freed (camera-200: 287 MiB peak RSS by default, 250 MiB with this). */
	mallopt(M_ARENA_MAX, PHOTO_MALLOC_ARENAS);
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, S_ignore, NULL);
	if (vips_init("kagama-epub") != 0) {
		message = vips_error_buffer_copy();
		S_start_error = xasprintf("libvips did not start: %s", message);
		g_free(message);
		return;
	}
	/* Our workers run one photo each: libvips adding threads of its own would multiply
	 * the memory of every pipeline by the core count. */
	vips_concurrency_set(1);
	vips_cache_set_max(0);
	vips_cache_set_max_mem(0);
	vips_cache_set_max_files(0);
	S_started = 1;
}

int
photo_library_init(char **error)
{
	pthread_once(&S_once, S_start);
	if (S_started)
		return 0;
	*error = xstrdup(S_start_error != NULL ? S_start_error : "libvips did not start");
	return -1;
}

void
photo_library_shutdown(void)
{
	if (S_started)
		vips_shutdown();
	S_started = 0;
	free(S_start_error);
	S_start_error = NULL;
}

/* The message libvips left on this failure, as the caller's own string. */
static char *
S_error(const char *what)
{
	char *vips = vips_error_buffer_copy(), *message, *end;

	/* libvips ends its lines with newlines; one line is enough for the user. */
	if (vips != NULL && (end = strchr(vips, '\n')) != NULL)
		*end = '\0';
	message = xasprintf("%s%s%s", what, vips != NULL && vips[0] != '\0' ? ": " : "",
	    vips != NULL ? vips : "");
	g_free(vips);
	return message;
}

/* 1 when the image has an alpha band that is not opaque everywhere. */
static int
S_is_transparent(VipsImage *image)
{
	VipsImage *alpha = NULL;
	double least = 255;
	int transparent = 0;

	if (!vips_image_hasalpha(image))
		return 0;
	if (vips_extract_band(image, &alpha, image->Bands - 1, NULL) == 0 &&
	    vips_min(alpha, &least, NULL) == 0)
		transparent = least < (image->Type == VIPS_INTERPRETATION_RGB16 ||
		    image->Type == VIPS_INTERPRETATION_GREY16 ? 65535 : 255);
	S_UNREF(alpha);
	return transparent;
}

/* 1 for a drawing rather than a photo: few distinct colours (image is 8-bit, in memory). */
static int
S_is_line_art(VipsImage *image)
{
	VipsImage *colour = NULL, *histogram = NULL;
	unsigned *cells;
	size_t i, count, used = 0;
	int bands = image->Bands >= 3 ? 3 : 1;

	if (vips_extract_band(image, &colour, 0, "n", bands, NULL) != 0 ||
	    vips_hist_find_ndim(colour, &histogram, "bins", 16, NULL) != 0 ||
	    vips_image_wio_input(histogram) != 0) {
		vips_error_clear();
		used = PHOTO_LINE_ART_CELLS + 1;
		goto out;
	}
	/* A histogram of unsigned ints, in memory after image_wio_input(). */
	cells = (unsigned *)histogram->data;
	count = (size_t)histogram->Xsize * histogram->Ysize * histogram->Bands;
	for (i = 0; i < count && used <= PHOTO_LINE_ART_CELLS; i++)
		used += cells[i] != 0;
out:
	S_UNREF(colour);
	S_UNREF(histogram);
	return used <= PHOTO_LINE_ART_CELLS;
}

/* The type the photo leaves as. */
static enum media_type
S_output_type(VipsImage *image, enum media_type source)
{
	if (source == MEDIA_JPEG || source == MEDIA_PNG)
		return source;
	return S_is_transparent(image) || S_is_line_art(image) ? MEDIA_PNG : MEDIA_JPEG;
}

/* The thumbnail, upright and in sRGB (or grey), before any format is chosen. */
static int
S_thumbnail(const void *bytes, size_t length, const struct photo_settings *settings,
    VipsImage **out)
{
	int side = settings->max_size > 0 && settings->max_size < PHOTO_NO_LIMIT ?
	    (int)settings->max_size : PHOTO_NO_LIMIT;
	VipsImage *header;
	int profiled;

	/* The header alone (nothing decoded) says whether colour must go through lcms: an
	 * embedded profile or CMYK; plain sRGB is spared the transform. */
	if ((header = vips_image_new_from_buffer(bytes, length, "", NULL)) == NULL)
		return -1;
	profiled = vips_image_get_typeof(header, VIPS_META_ICC_NAME) != 0 ||
	    header->Type == VIPS_INTERPRETATION_CMYK;
	g_object_unref(header);
	return vips_thumbnail_buffer((void *)bytes, length, out, side, "height", side,
	    "size", VIPS_SIZE_DOWN, profiled ? "export_profile" : NULL, "srgb", NULL);
}

/* image as 8-bit sRGB or grey, with or without alpha. */
static int
S_eight_bit(VipsImage **image)
{
	VipsImage *t = NULL;
	VipsInterpretation want = (*image)->Bands >= 3 ? VIPS_INTERPRETATION_sRGB :
	    VIPS_INTERPRETATION_B_W;

	if ((*image)->BandFmt == VIPS_FORMAT_UCHAR && (*image)->Type == want)
		return 0;
	if (vips_colourspace(*image, &t, want, NULL) != 0)
		return -1;
	g_object_unref(*image);
	*image = t;
	if ((*image)->BandFmt == VIPS_FORMAT_UCHAR)
		return 0;
	if (vips_cast_uchar(*image, &t, NULL) != 0)
		return -1;
	g_object_unref(*image);
	*image = t;
	return 0;
}

static int
S_save(VipsImage *image, enum media_type type, const struct photo_settings *settings,
    void **data, size_t *length)
{
	VipsImage *flat = NULL;
	int status;

	if (type == MEDIA_PNG)
		return vips_pngsave_buffer(image, data, length, "strip", TRUE, "compression", 6,
		    NULL);
	/* JPEG has no alpha: whatever was see-through lies on white, as on a page. */
	if (vips_image_hasalpha(image)) {
		double white[1] = { 255 };
		VipsArrayDouble *background = vips_array_double_new(white, 1);

		status = vips_flatten(image, &flat, "background", background, NULL);
		vips_area_unref(VIPS_AREA(background));
		if (status != 0)
			return -1;
		image = flat;
	}
	status = vips_jpegsave_buffer(image, data, length, "Q", settings->quality > 0 ?
	    settings->quality : PHOTO_DEFAULT_QUALITY, "strip", TRUE, "optimize_coding", TRUE,
	    "interlace", FALSE, NULL);
	S_UNREF(flat);
	return status;
}

int
photo_convert(const void *bytes, size_t length, enum media_type type,
    const struct photo_settings *settings, struct photo_output *out, char **error)
{
	VipsImage *image = NULL, *memory;
	void *data = NULL;
	size_t data_length = 0;
	int status = -1;

	memset(out, 0, sizeof(*out));
	if (photo_library_init(error) < 0)
		return -1;
	if (type == MEDIA_JPEG)
		pthread_rwlock_rdlock(&S_whole_decode);
	else
		pthread_rwlock_wrlock(&S_whole_decode);
	if (S_thumbnail(bytes, length, settings, &image) != 0 || S_eight_bit(&image) != 0) {
		*error = S_error("cannot decode");
		goto out;
	}
	/* Deciding the format reads the pixels; keep them rather than decode twice. */
	if (type != MEDIA_JPEG && type != MEDIA_PNG) {
		if ((memory = vips_image_copy_memory(image)) == NULL) {
			*error = S_error("cannot decode");
			goto out;
		}
		g_object_unref(image);
		image = memory;
	}
	out->type = S_output_type(image, type);
	if (S_save(image, out->type, settings, &data, &data_length) != 0) {
		*error = S_error("cannot encode");
		goto out;
	}
	out->data = xmalloc(data_length > 0 ? data_length : 1);
	memcpy(out->data, data, data_length);
	out->length = data_length;
	out->width = (unsigned long)image->Xsize;
	out->height = (unsigned long)image->Ysize;
	status = 0;
out:
	pthread_rwlock_unlock(&S_whole_decode);
	g_free(data);
	S_UNREF(image);
	return status;
}
