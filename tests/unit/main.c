/* main.c - runs every unit test group and prints the "N passed, N failed" line CI reads.
 * Each group lives in tests/unit/test_<module>.c beside the module it tests. */
#include "photo.h"
#include "unit.h"

int unit_passed, unit_failed;

void test_natsort(void);
void test_media(void);
void test_digest(void);
void test_path(void);
void test_yaml_value(void);
void test_html_sanitize(void);
void test_container(void);
void test_utf8(void);
void test_xml_walk(void);
void test_markdown_guard(void);
void test_url(void);
void test_svg_clean(void);
void test_date(void);
void test_image_strip(void);
void test_photo(void);
void test_news(void);
void test_chapter_split(void);
void test_pages(void);
void test_diag(void);
void test_cover(void);
void test_util(void);

int
main(void)
{
	test_util();
	test_natsort();
	test_media();
	test_digest();
	test_path();
	test_yaml_value();
	test_html_sanitize();
	test_container();
	test_utf8();
	test_xml_walk();
	test_markdown_guard();
	test_url();
	test_svg_clean();
	test_date();
	test_image_strip();
	test_photo();
	test_news();
	test_chapter_split();
	test_pages();
	/* Next to last: it changes diag.c's settings. */
	test_diag();
	/* Last: it starts libvips, which stays started until the shutdown. */
	test_cover();
	photo_library_shutdown();
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed == 0 ? 0 : 1;
}
