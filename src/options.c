/* options.c - the defaults of struct options, so that main.c, the tests and the fuzzers start
 * from the same limits.  Called before anything else fills the struct. */
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
	options->max_markdown_cost = 50000000;
	options->epoch = -1;
	options->missing_images_warn = -1;
}
