/* config.c - book.yaml: its keys and their types; metadata into struct book_meta, settings into
 * struct options after the command line, then the defaults.  Called by main.c and fuzz/. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "diag.h"
#include "util.h"
#include "yaml_read.h"

/* creator: "Name" | creators: ["A", {name: B, role: edt, file-as: "B, X"}] */
static int
S_person(const char *file, const struct yaml_value *value, const char *default_role,
    struct person *person)
{
	memset(person, 0, sizeof(*person));
	if (value->kind == YAML_VALUE_SCALAR) {
		person->name = yaml_read_text(xstrdup(value->scalar));
		person->role = xstrdup(default_role);
		return 0;
	}
	if (value->kind != YAML_VALUE_MAPPING) {
		diag_report(DIAG_ERROR, file, value->line, value->column,
		    "a person must be a name or a mapping with 'name', 'role', 'file-as'");
		return -1;
	}
	if (yaml_read_string(file, "name", yaml_value_get(value, "name"), &person->name) < 0 ||
	    yaml_read_string(file, "role", yaml_value_get(value, "role"), &person->role) < 0 ||
	    yaml_read_string(file, "file-as", yaml_value_get(value, "file-as"),
	    &person->file_as) < 0)
		goto fail;
	if (person->name == NULL) {
		diag_report(DIAG_ERROR, file, value->line, value->column, "a person needs a 'name'");
		goto fail;
	}
	if (person->role == NULL)
		person->role = xstrdup(default_role);
	return 0;
fail:
	/* Not counted among the creators, so nothing else would free it. */
	free(person->name);
	free(person->role);
	free(person->file_as);
	memset(person, 0, sizeof(*person));
	return -1;
}

static int
S_people(const char *file, const struct yaml_value *value, const char *role,
    struct book_meta *meta)
{
	size_t i, n;
	const struct yaml_value *const *items;

	if (value == NULL || yaml_value_is_null(value))
		return 0;
	if (value->kind == YAML_VALUE_SEQUENCE) {
		items = (const struct yaml_value *const *)value->items;
		n = value->count;
	} else {
		items = &value;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		meta->creators = xrealloc(meta->creators,
		    (meta->creator_count + 1) * sizeof(struct person));
		if (S_person(file, items[i], role, &meta->creators[meta->creator_count]) < 0)
			return -1;
		meta->creator_count++;
	}
	return 0;
}

/* The scheme of an identifier, guessed from its shape when book.yaml does not say. */
static const char *
S_identifier_scheme(const char *identifier)
{
	size_t digits = 0;
	const char *p;

	if (strncasecmp(identifier, "urn:uuid:", 9) == 0 || strlen(identifier) == 36)
		return "uuid";
	if (strncasecmp(identifier, "http://", 7) == 0 || strncasecmp(identifier, "https://", 8) == 0)
		return "url";
	for (p = identifier; *p != '\0'; p++)
		if ((*p >= '0' && *p <= '9') || *p == 'X' || *p == 'x')
			digits++;
		else if (*p != '-' && *p != ' ')
			return NULL;
	return digits == 10 || digits == 13 ? "isbn" : NULL;
}

static const char *const S_known_keys[] = {
	"title", "subtitle", "creator", "creators", "author", "authors", "editor", "editors",
	"publisher", "language", "identifier", "identifier-scheme", "date", "description",
	"rights", "articles", "subjects", "keywords", "series", "series-index", "cover", "css",
	"toc-depth", "index", "source", "paths", "read-also", "template-tags", "missing-images",
	"warnings", "images", "drop", "site", "permalink", "shortcodes", "split-size",
};

static void
S_warn_unknown_keys(const char *file, const struct yaml_value *root)
{
	size_t i, k, known;

	for (i = 0; i + 1 < root->count; i += 2) {
		known = 0;
		for (k = 0; k < sizeof(S_known_keys) / sizeof(S_known_keys[0]); k++)
			if (strcmp(root->items[i]->scalar, S_known_keys[k]) == 0)
				known = 1;
		if (!known)
			diag_warning(DIAG_CLASS_UNKNOWN_KEY, file, root->items[i]->line,
			    root->items[i]->column, "unknown key '%s' ignored", root->items[i]->scalar);
	}
}

static int
S_articles(const char *file, const struct yaml_value *value, struct book_meta *meta)
{
	if (value == NULL)
		return 0;
	if (value->kind != YAML_VALUE_SEQUENCE) {
		diag_report(DIAG_ERROR, file, value->line, value->column,
		    "'articles' must be a list of article paths");
		return -1;
	}
	meta->article_order_line = value->line;
	if (yaml_read_strings(file, "articles", value, &meta->article_order,
	    &meta->article_order_count) < 0)
		return -1;
	/* An empty list still means "this order", so keep a non-NULL array. */
	if (meta->article_order == NULL)
		meta->article_order = xcalloc(1, sizeof(char *));
	return 0;
}

/* paths: {/uploads/: _uploads/} maps site-absolute image paths to folders of the input. */
static int
S_paths(const char *file, const struct yaml_value *value, struct path_map *map)
{
	size_t i;
	int present = yaml_read_mapping(file, value,
	    "'paths' must be a mapping of site paths to folders, e.g. {/uploads/: uploads/}");

	if (present <= 0)
		return present;
	map->prefixes = xcalloc(value->count / 2 + 1, sizeof(char *));
	map->targets = xcalloc(value->count / 2 + 1, sizeof(char *));
	for (i = 0; i + 1 < value->count; i += 2) {
		const struct yaml_value *target = value->items[i + 1];

		if (target->kind != YAML_VALUE_SCALAR) {
			diag_report(DIAG_ERROR, file, target->line, target->column,
			    "each entry of 'paths' must map a path to a folder");
			return -1;
		}
		map->prefixes[map->count] = yaml_read_text(xstrdup(value->items[i]->scalar));
		map->targets[map->count++] = yaml_read_text(xstrdup(target->scalar));
	}
	return 0;
}

/* site: base URLs (no trailing '/'), permalink: patterns, shortcodes: NAME -> HTML. */
static int
S_read_site(const char *file, const struct yaml_value *root, struct options *options)
{
	const struct yaml_value *shortcodes = yaml_value_get(root, "shortcodes");
	int present, status = 0;
	size_t i, n;

	status |= yaml_read_strings(file, "site", yaml_value_get(root, "site"), &options->sites,
	    &options->site_count);
	for (i = 0; i < options->site_count; i++)
		if ((n = strlen(options->sites[i])) > 0 && options->sites[i][n - 1] == '/')
			options->sites[i][n - 1] = '\0';
	status |= yaml_read_strings(file, "permalink", yaml_value_get(root, "permalink"),
	    &options->permalinks, &options->permalink_count);
	present = yaml_read_mapping(file, shortcodes,
	    "'shortcodes' must map names to HTML, e.g. {note: '<aside>$1</aside>'}");
	if (present <= 0)
		return present < 0 ? -1 : status;
	options->shortcode_names = xcalloc(shortcodes->count / 2 + 1, sizeof(char *));
	options->shortcode_html = xcalloc(shortcodes->count / 2 + 1, sizeof(char *));
	for (i = 0; i + 1 < shortcodes->count; i += 2) {
		if (shortcodes->items[i + 1]->kind != YAML_VALUE_SCALAR) {
			diag_report(DIAG_ERROR, file, shortcodes->items[i + 1]->line,
			    shortcodes->items[i + 1]->column,
			    "each entry of 'shortcodes' must map a name to HTML");
			return -1;
		}
		options->shortcode_names[options->shortcode_count] =
		    xstrdup(shortcodes->items[i]->scalar);
		options->shortcode_html[options->shortcode_count++] =
		    xstrdup(shortcodes->items[i + 1]->scalar);
	}
	return status;
}

/* warnings: {missing-alt: off, broken-link: error}; a level -W gave wins. */
static int
S_warnings(const char *file, const struct yaml_value *value, struct options *options)
{
	const struct yaml_value *key, *level;
	int class, parsed;
	size_t i;
	int present = yaml_read_mapping(file, value, "'warnings' must be a mapping of classes "
	    "to off, note, warn or error, e.g. {missing-alt: off}");

	if (present <= 0)
		return present;
	for (i = 0; i + 1 < value->count; i += 2) {
		key = value->items[i];
		level = value->items[i + 1];
		if ((class = diag_class_find(key->scalar)) < 0) {
			diag_warning(DIAG_CLASS_UNKNOWN_KEY, file, key->line, key->column,
			    "no class of warnings is called '%s' (see --list-warnings); ignored",
			    key->scalar);
			continue;
		}
		if (level->kind != YAML_VALUE_SCALAR ||
		    (parsed = diag_level_parse(level->scalar)) < 0) {
			diag_report(DIAG_ERROR, file, level->line, level->column,
			    "warnings: '%s' takes off, note, warn or error", key->scalar);
			return -1;
		}
		if (options->warning_levels[class] < 0)
			options->warning_levels[class] = (signed char)parsed;
	}
	return 0;
}

/* images: {max-size: 1600, quality: 85}: how photos are re-encoded (image_prepare.c); a
 * command-line --image-max-size wins. */
static int
S_images(const char *file, const struct yaml_value *value, struct options *options)
{
	int max_size = 0, status = 0;
	size_t i;
	int present = yaml_read_mapping(file, value,
	    "'images' must be a mapping, e.g. {max-size: 1600, quality: 85}");

	if (present <= 0)
		return present;
	for (i = 0; i + 1 < value->count; i += 2)
		if (strcmp(value->items[i]->scalar, "max-size") != 0 &&
		    strcmp(value->items[i]->scalar, "quality") != 0)
			diag_warning(DIAG_CLASS_UNKNOWN_KEY, file, value->items[i]->line,
			    value->items[i]->column, "unknown key 'images: %s' ignored",
			    value->items[i]->scalar);
	status |= yaml_read_integer(file, "images: max-size", yaml_value_get(value, "max-size"),
	    16, 100000, &max_size);
	status |= yaml_read_integer(file, "images: quality", yaml_value_get(value, "quality"), 1,
	    100, &options->image_quality);
	if (max_size > 0 && !options->image_max_size_given)
		options->image_max_size = (unsigned long)max_size;
	return status;
}

/* split-size: 300 (KB; 0: never split); a command-line --split-size wins. */
static int
S_split_size(const char *file, const struct yaml_value *value, struct options *options)
{
	int kb = -1;

	if (yaml_read_integer(file, "split-size", value, 0, 1024 * 1024, &kb) < 0)
		return -1;
	if (kb >= 0 && !options->split_size_given)
		options->split_size = (size_t)kb * 1024;
	return 0;
}

/* The line of the list entry that reads pattern, for a message about it. */
static const struct yaml_value *
S_entry_of(const struct yaml_value *value, const char *pattern)
{
	size_t i;

	if (value->kind == YAML_VALUE_SEQUENCE)
		for (i = 0; i < value->count; i++)
			if (value->items[i]->kind == YAML_VALUE_SCALAR &&
			    strcmp(value->items[i]->scalar, pattern) == 0)
				return value->items[i];
	return value;
}

/* drop: ['^[0-9]+$', '^Editor: '] - POSIX extended regular expressions for whole paragraphs
 * that news.c removes; compiled here, so that a bad one is reported once, at its line. */
static int
S_drop(const char *file, const struct yaml_value *value, struct options *options)
{
	const struct yaml_value *entry;
	char message[200];
	size_t i, j;
	int code;

	if (value == NULL)
		return 0;
	if (yaml_read_strings(file, "drop", value, &options->drop_patterns,
	    &options->drop_count) < 0)
		return -1;
	if (options->drop_count == 0)
		return 0;
	options->drop = xcalloc(options->drop_count, sizeof(regex_t));
	for (i = 0; i < options->drop_count; i++) {
		code = regcomp(&options->drop[i], options->drop_patterns[i], REG_EXTENDED | REG_NOSUB);
		if (code == 0)
			continue;
		regerror(code, &options->drop[i], message, sizeof(message));
		entry = S_entry_of(value, options->drop_patterns[i]);
		diag_report(DIAG_ERROR, file, entry->line, entry->column,
		    "drop: '%s' is not a regular expression: %s", options->drop_patterns[i], message);
		for (j = 0; j < i; j++)
			regfree(&options->drop[j]);
		free(options->drop);
		options->drop = NULL;
		return -1;
	}
	return 0;
}

/* Keys whose value is a path, a number or a choice rather than plain text: the settings that
 * steer the build go into options, a command-line --missing-images winning over book.yaml. */
static int
S_read_book_options(const char *file, const struct yaml_value *root, struct options *options,
    struct book_meta *meta)
{
	const struct yaml_value *cover = yaml_value_get(root, "cover");
	int status = 0, missing_images_warn = -1;

	status |= yaml_read_string(file, "cover", cover, &meta->cover);
	if (cover != NULL)
		meta->cover_line = cover->line;
	status |= yaml_read_string(file, "css", yaml_value_get(root, "css"), &meta->css);
	status |= yaml_read_integer(file, "toc-depth", yaml_value_get(root, "toc-depth"), 1, 2,
	    &options->toc_depth);
	status |= yaml_read_boolean(file, "index", yaml_value_get(root, "index"), &options->index);
	status |= S_split_size(file, yaml_value_get(root, "split-size"), options);
	status |= yaml_read_string(file, "series-index", yaml_value_get(root, "series-index"),
	    &meta->series_index);
	status |= S_paths(file, yaml_value_get(root, "paths"), &options->paths);
	status |= yaml_read_strings(file, "read-also", yaml_value_get(root, "read-also"),
	    &options->read_also, &options->read_also_count);
	status |= yaml_read_choice(file, "template-tags", yaml_value_get(root, "template-tags"),
	    "keep", "remove", &options->remove_template_tags);
	status |= yaml_read_choice(file, "missing-images", yaml_value_get(root, "missing-images"),
	    "error", "warn", &missing_images_warn);
	if (options->missing_images_warn < 0)
		options->missing_images_warn = missing_images_warn;
	status |= S_warnings(file, yaml_value_get(root, "warnings"), options);
	status |= S_images(file, yaml_value_get(root, "images"), options);
	status |= S_drop(file, yaml_value_get(root, "drop"), options);
	status |= S_read_site(file, root, options);
	return status;
}

static int
S_read_meta(const char *file, const struct yaml_value *root, struct options *options,
    struct book_meta *meta)
{
	int status = 0;

	if (root->kind != YAML_VALUE_MAPPING) {
		diag_report(DIAG_ERROR, file, root->line, root->column,
		    "book.yaml must be a mapping of keys to values, not %s",
		    yaml_value_kind_name(root->kind));
		return -1;
	}
	S_warn_unknown_keys(file, root);
	status |= yaml_read_string(file, "title", yaml_value_get(root, "title"), &meta->title);
	status |= yaml_read_string(file, "subtitle", yaml_value_get(root, "subtitle"), &meta->subtitle);
	status |= yaml_read_string(file, "publisher", yaml_value_get(root, "publisher"),
	    &meta->publisher);
	status |= yaml_read_string(file, "language", yaml_value_get(root, "language"),
	    &meta->language);
	status |= yaml_read_string(file, "identifier", yaml_value_get(root, "identifier"),
	    &meta->identifier);
	status |= yaml_read_string(file, "identifier-scheme",
	    yaml_value_get(root, "identifier-scheme"), &meta->identifier_scheme);
	status |= yaml_read_string(file, "date", yaml_value_get(root, "date"), &meta->date);
	status |= yaml_read_string(file, "description", yaml_value_get(root, "description"),
	    &meta->description);
	status |= yaml_read_string(file, "rights", yaml_value_get(root, "rights"), &meta->rights);
	status |= S_people(file, yaml_value_get(root, "creator"), "aut", meta);
	status |= S_people(file, yaml_value_get(root, "creators"), "aut", meta);
	status |= S_people(file, yaml_value_get(root, "author"), "aut", meta);
	status |= S_people(file, yaml_value_get(root, "authors"), "aut", meta);
	status |= S_people(file, yaml_value_get(root, "editor"), "edt", meta);
	status |= S_people(file, yaml_value_get(root, "editors"), "edt", meta);
	status |= S_articles(file, yaml_value_get(root, "articles"), meta);
	status |= yaml_read_strings(file, "subjects", yaml_value_get(root, "subjects"),
	    &meta->subjects, &meta->subject_count);
	if (meta->subject_count == 0)
		status |= yaml_read_strings(file, "keywords", yaml_value_get(root, "keywords"),
		    &meta->subjects, &meta->subject_count);
	status |= yaml_read_string(file, "series", yaml_value_get(root, "series"), &meta->series);
	status |= yaml_read_string(file, "source", yaml_value_get(root, "source"), &meta->source);
	status |= S_read_book_options(file, root, options, meta);
	return status < 0 ? -1 : 0;
}

static int
S_load_file(struct options *options, const char *path, struct book_meta *meta)
{
	struct yaml_limits limits = { options->max_yaml_nodes, options->max_nesting };
	struct yaml_value *root;
	struct stat st;
	size_t length;
	char *text;
	int status;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_report(DIAG_ERROR, path, 0, 0, "not a regular file");
		return -1;
	}
	switch (util_file_read(path, options->max_article_bytes, &text, &length)) {
	case UTIL_READ_OK:
		break;
	case UTIL_READ_TOO_BIG:
		diag_report(DIAG_ERROR, path, 0, 0, "larger than the limit of %zu bytes",
		    options->max_article_bytes);
		return -1;
	case UTIL_READ_OPEN:
	case UTIL_READ_READ:
		diag_report(DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	root = yaml_value_load(path, 0, text, length, &limits);
	free(text);
	if (root == NULL)
		return -1;
	meta->source_file = xstrdup(path);
	status = S_read_meta(path, root, options, meta);
	yaml_value_free(root);
	return status;
}

static void
S_apply_defaults(struct options *options, struct book_meta *meta)
{
	if (options->title != NULL) {
		free(meta->title);
		meta->title = xstrdup(options->title);
	}
	if (options->language != NULL) {
		free(meta->language);
		meta->language = xstrdup(options->language);
	}
	if (meta->language == NULL)
		meta->language = xstrdup("en");
	if (options->missing_images_warn < 0)
		options->missing_images_warn = 0;
	if (meta->identifier != NULL && meta->identifier_scheme == NULL) {
		const char *scheme = S_identifier_scheme(meta->identifier);

		if (scheme != NULL)
			meta->identifier_scheme = xstrdup(scheme);
	}
}

int
config_load(struct options *options, struct book_meta *meta)
{
	char *path = NULL;
	struct stat st;
	int status = 0;

	if (options->config != NULL)
		path = xstrdup(options->config);
	else {
		path = xasprintf("%s/book.yaml", options->input_dir);
		if (stat(path, &st) < 0 && errno == ENOENT) {
			free(path);
			path = NULL;
		}
	}
	if (path != NULL)
		status = S_load_file(options, path, meta);
	S_apply_defaults(options, meta);
	free(path);
	return status;
}
