/* options.c - the defaults of struct options, so that main.c, the tests and the fuzzers start
 * from the same limits, and freeing what config.c added.  Called by main.c and the fuzzers. */
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "util.h"

void
options_init(struct options *options)
{
	memset(options, 0, sizeof(*options));
	options->max_article_bytes = (size_t)64 << 20;
	options->max_image_bytes = (size_t)256 << 20;
	options->max_yaml_nodes = 100000;
	options->max_nesting = 64;
	options->max_markdown_cost = 50000000;
	options->epoch = -1;
	options->missing_images_warn = -1;
	options->image_quality = 85;
	options->toc_depth = 2;
	options->split_size = (size_t)OPTIONS_SPLIT_SIZE_KB * 1024;
	memset(options->warning_levels, -1, sizeof(options->warning_levels));
	options->max_per_class = DIAG_DEFAULT_MAX_PER_CLASS;
}

void
options_free(struct options *options)
{
	size_t i;

	if (options == NULL)
		return;
	util_strings_free(options->paths.prefixes, options->paths.count);
	util_strings_free(options->paths.targets, options->paths.count);
	util_strings_free(options->read_also, options->read_also_count);
	for (i = 0; options->drop != NULL && i < options->drop_count; i++)
		regfree(&options->drop[i]);
	free(options->drop);
	util_strings_free(options->drop_patterns, options->drop_count);
	options->drop = NULL;
	options->drop_patterns = NULL;
	options->drop_count = 0;
	memset(&options->paths, 0, sizeof(options->paths));
	options->read_also = NULL;
	options->read_also_count = 0;
	util_strings_free(options->sites, options->site_count);
	util_strings_free(options->permalinks, options->permalink_count);
	util_strings_free(options->shortcode_names, options->shortcode_count);
	util_strings_free(options->shortcode_html, options->shortcode_count);
	options->sites = options->permalinks = NULL;
	options->shortcode_names = options->shortcode_html = NULL;
	options->site_count = options->permalink_count = options->shortcode_count = 0;
}
