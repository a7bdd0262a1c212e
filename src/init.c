/* init.c - --init DIR: the starter book folder (book.yaml with every key explained, one example
 * article, one SVG image), written from the constants below.  Called by main.c through init.h. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "init.h"
#include "path.h"
#include "util.h"

/* Every key config.c knows is here, switched on or left as a "# key:" comment. */
static const char S_book_yaml[] =
"# book.yaml - what kagama-epub needs to know about the book as a whole.\n"
"# Every key is optional.  Lines starting with \"# key:\" are switched off: remove the \"# \"\n"
"# to use them.  The keys are described in kagama-epub(1), under FILES.\n"
"\n"
"# The title on the title page and in the reader's library (--title overrides it).\n"
"# Without it, the name of this folder is used.\n"
"title: \"A New Book\"\n"
"# A second line under the title.\n"
"# subtitle: \"Articles from the first year\"\n"
"\n"
"# Who wrote the book.  creator, creators, author and authors all mean the same thing: one\n"
"# name, or a list of names or of mappings with name, role (a MARC relator code, aut unless\n"
"# given) and file-as (the name as a library sorts it).\n"
"creator: \"Your Name\"\n"
"# creators:\n"
"#   - \"First Author\"\n"
"#   - name: \"Second Author\"\n"
"#     role: aut\n"
"#     file-as: \"Author, Second\"\n"
"# author: \"Your Name\"\n"
"# authors: [\"First Author\", \"Second Author\"]\n"
"# Who edited it: the same forms, with the role edt.\n"
"# editor: \"Editor Name\"\n"
"# editors: [\"First Editor\", \"Second Editor\"]\n"
"\n"
"# The language of the text, a BCP 47 tag such as en or id (en unless given;\n"
"# --language overrides it).  An article may set its own with lang in its front matter.\n"
"language: en\n"
"# publisher: \"Publisher Name\"\n"
"# The date of publication: YYYY, YYYY-MM or YYYY-MM-DD.\n"
"# date: 2026-01-15\n"
"# A paragraph the reader shows in its library.\n"
"# description: \"A collection of articles about ...\"\n"
"# rights: \"Copyright 2026 Your Name.  All rights reserved.\"\n"
"# Where the articles were first published, such as the web site's address.\n"
"# source: \"https://example.org/\"\n"
"# Subjects for the reader's library: one, or a list.  keywords is read when subjects is not.\n"
"# subjects: [\"Travel\", \"Essays\"]\n"
"# keywords: [\"travel\", \"essays\"]\n"
"# The series the book belongs to, and its number in it.\n"
"# series: \"Yearbooks\"\n"
"# series-index: 1\n"
"\n"
"# The cover image, relative to this folder.  Without it, a cover is drawn from the title.\n"
"# cover: images/cover.jpg\n"
"# An extra style sheet, relative to this folder, applied after the built-in one.\n"
"# css: extra.css\n"
"# What the table of contents lists: 1, the articles; 2, their level-2 headings too.\n"
"# toc-depth: 2\n"
"# Cut a chapter longer than this many KB of XHTML at its level-2 headings into several files,\n"
"# for readers that choke on big ones; 0: never.\n"
"# split-size: 300\n"
"# An index at the back of the book, of the articles by author and by tag: true or false.\n"
"# index: false\n"
"\n"
"# Articles exported from a web site: the site's image folders (\"/uploads/x.jpg\") and the\n"
"# folders of this one that hold them.\n"
"# paths:\n"
"#   /uploads/: images/\n"
"# Labels that open a \"read also\" paragraph, which then links to the article it names.\n"
"# read-also: [\"Read also:\", \"Further reading:\"]\n"
"# Tags of site generators ({% ... %}, {{ ... }}) left in articles: keep (as text) or remove.\n"
"# template-tags: keep\n"
"# The site the articles come from, and its address pattern: links to its pages become links\n"
"# to their chapters.\n"
"# site: https://example.org\n"
"# permalink: /:year/:month/:day/:title/\n"
"# The site's own shortcodes as HTML; $1, $2... and $name are their arguments.\n"
"# shortcodes: {note: '<aside><p>$1</p></aside>'}\n"
"# A missing image: error, or warn (leave it out, keep its alt text); --missing-images wins.\n"
"# missing-images: error\n"
"# Photos: shrunk to this longest side in pixels (--image-max-size wins), JPEG quality.\n"
"# images: {max-size: 1600, quality: 85}\n"
"# Whole paragraphs to remove from every article (POSIX extended regular expressions), such\n"
"# as the view counters and editor lines a story copied from a news site brings along.\n"
"# drop: [\"^[0-9]+$\", \"^Editor: \"]\n"
"\n"
"# Classes of warnings turned off or into errors (kagama-epub --list-warnings); -W wins.\n"
"# warnings: {missing-alt: warn, broken-link: error}\n"
"\n"
"# An identifier that stays with the book.  Without one, a UUID is derived from the title\n"
"# and the article paths, so a rebuilt book replaces the old one on a reader.\n"
"# identifier: \"978-0-00-000000-0\"\n"
"# isbn, uuid or url: guessed from the shape of the identifier when left out.\n"
"# identifier-scheme: isbn\n"
"\n"
"# The reading order, as paths relative to this folder.  Without this list, every *.md and\n"
"# *.markdown file is a chapter, taken in natural order (2-b.md before 10-a.md), and every\n"
"# sub-folder becomes a part.  With it, only the articles listed are taken, in that order.\n"
"# articles:\n"
"#   - 1-first-article.md\n";

static const char S_article[] =
"---\n"
"title: \"Your First Article\"\n"
"author: \"Your Name\"\n"
"date: 2026-01-15\n"
"location: \"Yogyakarta\"\n"
"---\n"
"\n"
"This folder was made by `kagama-epub --init`, and it is already a book.  Build it with\n"
"\n"
"    kagama-epub FOLDER -o book.epub\n"
"\n"
"and open the EPUB in any e-book reader.  Then write your own articles and delete this one.\n"
"\n"
"Every Markdown file in the folder (`*.md` or `*.markdown`) becomes one chapter.  The\n"
"chapters follow the natural order of the file names, so `2-second.md` comes before\n"
"`10-tenth.md`.  Put articles into sub-folders to gather them into parts: a folder named\n"
"`2-travel-notes` becomes the part \"Travel notes\".\n"
"\n"
"## Front matter\n"
"\n"
"The lines between the two `---` at the top of this file are its front matter.  They give\n"
"the chapter its title, the author and date of the byline, and the place of the dateline.\n"
"Without a title there, the first level-1 heading is used, or else the file name.\n"
"\n"
"What belongs to the whole book, such as its title, its authors and its language, lives in\n"
"`book.yaml` beside this file.  Each key there is explained in a comment.\n"
"\n"
"## Pictures and links\n"
"\n"
"Pictures are written as in any Markdown, with a path relative to the article:\n"
"\n"
"![A yellow sun over three green hills](images/example.svg \"An example picture\")\n"
"*A picture followed by a line in italics becomes a figure with that caption.*\n"
"\n"
"Every picture is copied into the book once and checked to be a JPEG, PNG, GIF or SVG file\n"
"that e-book readers can show.\n"
"\n"
"Links between articles keep working: a link to `another-article.md`, or to\n"
"`another-article.md#a-heading`, leads to that chapter in the book.  Headings can be\n"
"linked to as well, like [the section about front matter](#front-matter).\n";

static const char S_image[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" height=\"240\" "
"viewBox=\"0 0 480 240\">\n"
"  <title>A yellow sun over three green hills</title>\n"
"  <rect width=\"480\" height=\"240\" fill=\"#dcefff\"/>\n"
"  <circle cx=\"370\" cy=\"70\" r=\"34\" fill=\"#f6c343\"/>\n"
"  <path d=\"M0 240 C 60 140, 150 140, 210 240 Z\" fill=\"#8cc27a\"/>\n"
"  <path d=\"M300 240 C 360 160, 440 160, 480 200 L 480 240 Z\" fill=\"#7ab46c\"/>\n"
"  <path d=\"M130 240 C 210 110, 320 110, 400 240 Z\" fill=\"#5fa35a\"/>\n"
"</svg>\n";

static const struct {
	const char	*name;		/* relative to the new folder */
	const char	*contents;
} S_files[] = {
	{ "book.yaml", S_book_yaml },
	{ "1-first-article.md", S_article },
	{ "images/example.svg", S_image },
};

/* The new folder, images/ and each file. */
#define INIT_MAX_MADE (2 + sizeof(S_files) / sizeof(S_files[0]))

/* What this run made, oldest first, so that a failure can take it back. */
struct S_made {
	char	*paths[INIT_MAX_MADE];
	int	 is_folder[INIT_MAX_MADE];
	size_t	 count;
};

/* Takes over path. */
static void
S_remember(struct S_made *made, char *path, int is_folder)
{
	made->paths[made->count] = path;
	made->is_folder[made->count] = is_folder;
	made->count++;
}

static void
S_forget(struct S_made *made, int remove_them)
{
	while (made->count > 0) {
		made->count--;
		if (remove_them && made->is_folder[made->count])
			rmdir(made->paths[made->count]);
		else if (remove_them)
			unlink(made->paths[made->count]);
		free(made->paths[made->count]);
	}
}

/* 1 if dir holds nothing but "." and "..", 0 if it holds more, -1 after reporting. */
static int
S_is_empty(const char *dir)
{
	struct dirent *entry;
	int empty = 1;
	DIR *folder;

	if ((folder = opendir(dir)) == NULL) {
		diag_system(dir, "cannot read folder: %s", strerror(errno));
		return -1;
	}
	while (empty && (entry = readdir(folder)) != NULL)
		if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
			empty = 0;
	closedir(folder);
	return empty;
}

/* The new book's folder: made here, or already there and empty (then it is not ours to
 * remove on failure). */
static int
S_make_top(const char *dir, struct S_made *made)
{
	struct stat st;
	int empty;

	if (mkdir(dir, 0777) == 0) {
		S_remember(made, xstrdup(dir), 1);
		return 0;
	}
	if (errno != EEXIST) {
		diag_system(dir, "cannot create folder: %s", strerror(errno));
		return -1;
	}
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		diag_report(DIAG_ERROR, dir, 0, 0, "already exists and is not a folder");
		return -1;
	}
	if ((empty = S_is_empty(dir)) == 0)
		diag_report(DIAG_ERROR, dir, 0, 0,
		    "already exists and is not empty; --init only writes into a new folder");
	return empty == 1 ? 0 : -1;
}

static int
S_make_folder(const char *path, struct S_made *made)
{
	if (mkdir(path, 0777) < 0) {
		diag_system(path, "cannot create folder: %s", strerror(errno));
		return -1;
	}
	S_remember(made, xstrdup(path), 1);
	return 0;
}

/* Writes a file that must not exist yet: fopen's "x" never replaces anything. */
static int
S_write_file(const char *path, const char *contents, struct S_made *made)
{
	size_t length = strlen(contents);
	FILE *f;

	if ((f = fopen(path, "wx")) == NULL) {
		diag_system(path, "cannot create: %s", strerror(errno));
		return -1;
	}
	S_remember(made, xstrdup(path), 0);
	if (fwrite(contents, 1, length, f) != length || fflush(f) != 0) {
		diag_system(path, "cannot write: %s", strerror(errno));
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0) {
		diag_system(path, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

const char *
init_folder_contents(void)
{
	return "book.yaml, 1-first-article.md and images/example.svg";
}

int
init_folder(const char *dir)
{
	struct S_made made = { { NULL }, { 0 }, 0 };
	char *top = path_strip_trailing_slashes(dir), *path = NULL;
	int status = -1;
	size_t i;

	if (S_make_top(top, &made) < 0)
		goto out;
	path = xasprintf("%s/images", top);
	if (S_make_folder(path, &made) < 0)
		goto out;
	for (i = 0; i < sizeof(S_files) / sizeof(S_files[0]); i++) {
		free(path);
		path = xasprintf("%s/%s", top, S_files[i].name);
		if (S_write_file(path, S_files[i].contents, &made) < 0)
			goto out;
	}
	status = 0;
out:
	S_forget(&made, status < 0);
	free(path);
	free(top);
	return status;
}
