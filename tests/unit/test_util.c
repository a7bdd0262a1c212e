/* test_util.c - unit tests for util.c's growable buffer and formatting (short text is formatted
 * on the stack, long text in place).  Run by main.c. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "util.h"

void test_util(void);

/* Text of length bytes, 'a' to 'z' over and over. */
static char *
S_text(size_t length)
{
	char *text = xmalloc(length + 1);
	size_t i;

	for (i = 0; i < length; i++)
		text[i] = (char)('a' + i % 26);
	text[length] = '\0';
	return text;
}

static void
S_format_length(size_t length)
{
	char *text = S_text(length), *expected = xmalloc(length + 3), *made;
	struct buffer buffer = { 0 };

	expected[0] = '<';
	memcpy(expected + 1, text, length);
	memcpy(expected + 1 + length, ">", 2);
	made = xasprintf("<%s>", text);
	CHECK_STR(made, expected);
	CHECK(strlen(made) == length + 2);
	buffer_puts(&buffer, "x");
	buffer_printf(&buffer, "<%s>", text);
	CHECK(buffer.length == length + 3);
	CHECK(buffer.data != NULL && buffer.data[0] == 'x' && strcmp(buffer.data + 1, expected) == 0);
	buffer_free(&buffer);
	free(made);
	free(expected);
	free(text);
}

void
test_util(void)
{
	char *empty = xasprintf("%s", "");

	CHECK_STR(empty, "");
	free(empty);
	/* Either side of the 256 bytes formatted on the stack. */
	S_format_length(0);
	S_format_length(253);
	S_format_length(254);
	S_format_length(255);
	S_format_length(1000);
	S_format_length(100000);
}
