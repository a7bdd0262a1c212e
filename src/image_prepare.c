/* image_prepare.c - decides, from the header alone, whether a photo can go into the book as it
 * is (stripped while it streams) or must be re-encoded (turned, sRGB, shrunk, converted), and
 * gets re-encoded photos from the cache or makes them.  See image_prepare.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vips/version.h>

#include "diag.h"
#include "image_prepare.h"
#include "image_strip.h"
#include "photo.h"
#include "util.h"

/* Bumped whenever photo.c would make different bytes from the same input. */
#define PREPARE_RECIPE "photo-1"

char *
image_prepare_settings(const struct options *options)
{
	return xasprintf("%s vips-%s max-size=%lu quality=%d", PREPARE_RECIPE, VIPS_VERSION,
	    options->image_max_size, options->image_quality);
}

/* Why the photo must be re-encoded, or NULL when it need not be. */
static const char *
S_reason(const struct options *options, const struct book_image *image,
    const struct image_facts *facts)
{
	unsigned long longest = facts->width > facts->height ? facts->width : facts->height;

	if (!media_is_core(image->type))
		return "converted";
	if (facts->orientation > 1)
		return "turned upright";
	if (facts->components == 4)
		return "converted from CMYK to sRGB";
	if (facts->foreign_icc)
		return "converted to sRGB";
	if (facts->bit_depth == 16)
		return "reduced to 8 bits per channel";
	if (options->image_max_size > 0 && longest > options->image_max_size)
		return "shrunk";
	return NULL;
}

/* The stripping plan and facts of a JPEG or PNG (other types: none, facts zero). */
static int
S_plan(const struct book_image *image, struct image_strip_plan *plan,
    struct image_facts *facts, struct stat *st)
{
	int fd, status = -1;

	memset(plan, 0, sizeof(*plan));
	memset(facts, 0, sizeof(*facts));
	if ((fd = open(image->real_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, st) == 0)
		status = 0;
	if (status == 0 &&
	    image_strip_file(fd, image->type, (unsigned long long)st->st_size, plan, facts) < 0)
		memset(facts, 0, sizeof(*facts));
	close(fd);
	return status;
}

/* The whole source file, or NULL after reporting. */
static char *
S_read_source(const struct book_image *image, size_t *length, const char *article, int line)
{
	char *data;
	int fd;

	if ((fd = open(image->real_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		goto fail;
	data = xmalloc(image->size > 0 ? image->size : 1);
	*length = 0;
	while (*length < image->size) {
		ssize_t n = read(fd, data + *length, image->size - *length);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*length += (size_t)n;
	}
	close(fd);
	if (*length == image->size)
		return data;
	free(data);
	errno = errno != 0 ? errno : EIO;
fail:
	diag_report(DIAG_ERROR, article, line, 0, "cannot read image '%s': %s", image->real_path,
	    strerror(errno));
	return NULL;
}

/* The book takes the entry's payload, streamed from the cache folder. */
static void
S_use_entry(struct book_image *image, struct image_cache_entry *entry)
{
	image->type = entry->type;
	image->width = entry->width;
	image->height = entry->height;
	image->stream_path = entry->path;
	entry->path = NULL;
	image->ranges = xmalloc(sizeof(*image->ranges));
	image->ranges[0].offset = entry->offset;
	image->ranges[0].length = entry->length;
	image->range_count = 1;
	image->stored_length = (size_t)entry->length;
}

/* Re-encodes the photo, or takes it from the cache. */
static int
S_reencode(const struct options *options, struct image_cache *cache, struct book_image *image,
    const struct stat *st, const char *display, const char *article, int line)
{
	struct photo_settings settings = { options->image_max_size, options->image_quality };
	unsigned char key[IMAGE_CACHE_KEY_BYTES];
	struct image_cache_entry entry = { 0 };
	struct photo_output out;
	char *source = NULL, *error = NULL;
	size_t length;
	int status = -1;

	if (cache != NULL && image_cache_key_by_stat(cache, image->real_path, st, key) &&
	    image_cache_find(cache, key, &entry)) {
		S_use_entry(image, &entry);
		return 0;
	}
	if ((source = S_read_source(image, &length, article, line)) == NULL)
		return -1;
	if (cache != NULL) {
		image_cache_key(cache, source, length, key);
		image_cache_remember_stat(cache, image->real_path, st, key);
		if (image_cache_find(cache, key, &entry)) {
			S_use_entry(image, &entry);
			status = 0;
			goto out;
		}
	}
	if (photo_convert(source, length, image->type, &settings, &out, &error) < 0) {
		diag_report(DIAG_ERROR, article, line, 0, "image '%s' (%s) cannot be converted: %s",
		    display, media_name(image->type), error);
		goto out;
	}
	if (cache == NULL || image_cache_put(cache, key, out.data, out.length, out.type,
	    out.width, out.height, &entry, &error) < 0) {
		/* Without a cache (or a writable one) the bytes wait in memory. */
		if (error != NULL)
			diag_warning(DIAG_CLASS_IMAGE_CACHE, article, line, 0, "%s", error);
		image->type = out.type;
		image->width = out.width;
		image->height = out.height;
		image->data = out.data;
		image->length = image->stored_length = out.length;
		status = 0;
		goto out;
	}
	free(out.data);
	S_use_entry(image, &entry);
	status = 0;
out:
	free(error);
	free(source);
	image_cache_entry_clear(&entry);
	return status;
}

int
image_prepare(const struct options *options, struct image_cache *cache,
    struct book_image *image, const char *display, const char *article, int line)
{
	struct image_strip_plan plan;
	struct image_facts facts;
	enum media_type source_type = image->type;
	const char *reason;
	struct stat st;
	int status = 0;

	/* SVG is cleaned elsewhere; a GIF may be animated and carries no EXIF. */
	if (image->type == MEDIA_SVG || image->type == MEDIA_GIF)
		return 0;
	if (S_plan(image, &plan, &facts, &st) < 0) {
		diag_report(DIAG_ERROR, article, line, 0, "cannot read image '%s': %s", display,
		    strerror(errno));
		return -1;
	}
	if ((reason = S_reason(options, image, &facts)) == NULL) {
		/* Nothing but metadata to leave out: no pixel is touched. */
		if (plan.removed) {
			image->ranges = image_strip_ranges_copy(plan.ranges, plan.count);
			image->range_count = plan.count;
			image->stored_length = (size_t)plan.kept;
		}
		goto out;
	}
	if ((status = S_reencode(options, cache, image, &st, display, article, line)) < 0)
		goto out;
	if (!media_is_core(source_type))
		diag_warning(DIAG_CLASS_CONVERTED_IMAGE, article, line, 0,
		    "image '%s' is %s, which e-book readers need not show; converted to %s",
		    display, media_name(source_type), media_name(image->type));
	else
		diag_note(DIAG_CLASS_REENCODED_IMAGE, article, line, 0, "image '%s' %s (%lux%lu %s)",
		    display, reason, image->width, image->height, media_name(image->type));
out:
	image_strip_plan_clear(&plan);
	return status;
}
