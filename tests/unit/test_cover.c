/* test_cover.c - unit tests for cover.c's title layout: measured with Pango through libvips, every
 * line fits the box, the size shrinks only as far as the longest word needs.  Called only by
 * tests/unit/main.c through test_cover(), last, since libvips is started here for good. */
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

#include "cover.h"
#include "photo.h"
#include "unit.h"

/* The title box of epub-templates/cover.svg. */
static const struct cover_box S_box = { 180, 220, 1240, 1240, 150, "DejaVu Serif bold" };
static const struct cover_box S_low_box = { 180, 220, 1240, 124, 150, "DejaVu Serif bold" };

/* 1 if every line, measured whole, fits the box's width and all lines its height. */
static int
S_fits(const struct cover_layout *layout)
{
	size_t i;

	if ((double)layout->count * layout->size * 1.2 > S_box.height + 0.5)
		return 0;
	for (i = 0; i < layout->count; i++)
		if (cover_text_width(S_box.font, layout->size, layout->lines[i].text) > S_box.width ||
		    layout->lines[i].baseline < S_box.y ||
		    layout->lines[i].baseline > S_box.y + S_box.height)
			return 0;
	return 1;
}

static void
S_test_long_word(void)
{
	struct cover_layout layout;
	const char *word = "Ketidakbertanggungjawabanpemerintahannya";

	cover_layout_text(&S_box, word, &layout);
	CHECK(layout.count == 1);
	CHECK(layout.size < S_box.max_size && layout.size > 20);
	CHECK(S_fits(&layout));
	/* As large as it can be: a tenth larger would not fit. */
	CHECK(cover_text_width(S_box.font, layout.size * 1.1, word) > S_box.width);
	CHECK(layout.count == 1 && strcmp(layout.lines[0].text, word) == 0);
	cover_layout_free(&layout);
}

static void
S_test_short_and_blank(void)
{
	struct cover_layout layout;

	cover_layout_text(&S_box, "I", &layout);
	CHECK(layout.count == 1 && layout.size == S_box.max_size);
	cover_layout_free(&layout);
	cover_layout_text(&S_box, "   ", &layout);
	CHECK(layout.count == 0);
	cover_layout_free(&layout);
	cover_layout_text(&S_box, NULL, &layout);
	CHECK(layout.count == 0);
	cover_layout_free(&layout);
}

static void
S_test_scripts(void)
{
	struct cover_layout layout;

	/* CJK has no spaces: lines break between characters. */
	cover_layout_text(&S_box, "中文标题测试：新闻选集与电子书的排版问题研究", &layout);
	CHECK(layout.count > 1 && layout.size == S_box.max_size && S_fits(&layout));
	CHECK(!layout.rtl);
	cover_layout_free(&layout);
	cover_layout_text(&S_box, "العربية في الصحافة الحديثة والكتب الإلكترونية", &layout);
	CHECK(layout.rtl && layout.count > 1 && S_fits(&layout));
	CHECK(layout.count > 0 && strncmp(layout.lines[0].text, "العربية", 14) == 0);
	cover_layout_free(&layout);
	cover_layout_text(&S_box, "Кириллица и многоязычные сборники статей", &layout);
	CHECK(!layout.rtl && layout.count > 1 && S_fits(&layout));
	cover_layout_free(&layout);
}

static void
S_test_long_titles(void)
{
	struct cover_layout layout;
	char title[5001];
	size_t i;

	for (i = 0; i + 8 < sizeof(title); i += 8)
		memcpy(title + i, "Berita. ", 8);
	title[200] = '\0';
	cover_layout_text(&S_box, title, &layout);
	CHECK(S_fits(&layout) && layout.size > 30);
	CHECK(layout.count > 0 && strstr(layout.lines[layout.count - 1].text, "\xe2\x80\xa6") == NULL);
	cover_layout_free(&layout);
	/* 5,000 characters fit the box at the smallest size; a box a tenth as high does not:
	 * the text is cut, with an ellipsis, still inside the box. */
	title[200] = 'B';
	title[4999] = '\0';
	cover_layout_text(&S_box, title, &layout);
	CHECK(S_fits(&layout) && layout.count > 10);
	cover_layout_free(&layout);
	cover_layout_text(&S_low_box, title, &layout);
	CHECK(layout.count > 0 && layout.count * layout.size * 1.2 <= S_low_box.height);
	CHECK(layout.count > 0 && strstr(layout.lines[layout.count - 1].text, "\xe2\x80\xa6"));
	for (i = 0; i < layout.count; i++)
		CHECK(cover_text_width(S_low_box.font, layout.size, layout.lines[i].text) <=
		    S_low_box.width);
	cover_layout_free(&layout);
}

void
test_cover(void)
{
	char *error = NULL;

	/* As the compiler starts it: once, for covers and photos alike. */
	if (photo_library_init(&error) != 0) {
		CHECK(!"libvips starts");
		free(error);
		return;
	}
	S_test_long_word();
	S_test_short_and_blank();
	S_test_scripts();
	S_test_long_titles();
}
