/* options.c - the defaults of struct options, so that main.c, the tests and the fuzzers start
 * from the same limits.  Called before anything else fills the struct. */
#include <stdlib.h>
#include <string.h>

#include "options.h"

void
options_init(struct options *options)
{
	memset(options, 0, sizeof(*options));
	options->max_article_bytes = (size_t)64 << 20;
	options->max_image_bytes = (size_t)256 << 20;
	options->max_yaml_nodes = 100000;
	options->max_nesting = 64;
	options->epoch = -1;
	options->missing_images_warn = -1;
}

static void
S_strings_free(char **strings, size_t count)
{
	size_t i;

	for (i = 0; strings != NULL && i < count; i++)
		free(strings[i]);
	free(strings);
}

void
options_free(struct options *options)
{
	if (options == NULL)
		return;
	S_strings_free(options->sites, options->site_count);
	S_strings_free(options->permalinks, options->permalink_count);
	S_strings_free(options->shortcode_names, options->shortcode_count);
	S_strings_free(options->shortcode_html, options->shortcode_count);
	options->sites = options->permalinks = NULL;
	options->shortcode_names = options->shortcode_html = NULL;
	options->site_count = options->permalink_count = options->shortcode_count = 0;
}
