/* photo.h - re-encoding a photo for e-readers through libvips: upright (EXIF orientation applied),
 * sRGB (ICC profiles and CMYK honoured), shrunk to a longest side, metadata stripped, formats
 * readers lack converted to JPEG (PNG for transparency or line art).  The one user of libvips
 * besides whoever draws covers: both go through photo_library_init().  Called by the image
 * probe on worker threads, by main.c (init, shutdown) and by tests. */
#ifndef KAGAMA_PHOTO_H
#define KAGAMA_PHOTO_H

#include <stddef.h>

#include "media.h"

/* book.yaml images: {max-size, quality} and --image-max-size. */
struct photo_settings {
	unsigned long	max_size;	/* longest side in pixels; 0: never shrink */
	int		quality;	/* JPEG quality 1..100 */
};

#define PHOTO_DEFAULT_QUALITY 85

/* What became of a photo: new bytes (owned by the caller, freed with free()) and their type. */
struct photo_output {
	char		*data;
	size_t		 length;
	enum media_type	 type;		/* MEDIA_JPEG or MEDIA_PNG */
	unsigned long	 width, height;
};

/* Starts libvips once for the whole program, whoever asks first (any thread): one thread per
 * pipeline (our -j workers are the parallelism), operation cache off (no image is decoded
 * twice), so memory grows with -j and not with the book.  Returns 0, or -1 when libvips
 * cannot start (the message in *error, freed by the caller). */
int photo_library_init(char **error);
/* Stops libvips if it was started; at exit, from main.c. */
void photo_library_shutdown(void);

/* Re-encodes the photo in bytes (length of them, of the sniffed type): turned upright, in
 * sRGB, shrunk so its longest side is at most settings->max_size (never enlarged), stripped
 * of all metadata.  JPEG stays JPEG and PNG stays PNG; anything else becomes PNG when it has
 * transparency or few colours (line art), JPEG otherwise.  Same bytes for the same input and
 * settings, on any thread.  Returns 0 and fills out, or -1 with a message in *error. */
int photo_convert(const void *bytes, size_t length, enum media_type type,
    const struct photo_settings *settings, struct photo_output *out, char **error);

#endif
