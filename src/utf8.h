/* utf8.h - the one UTF-8 decoder: well-formedness as RFC 3629 defines it, one sequence at a time.
 * A base helper: any src/ file may include it. */
#ifndef KAGAMA_UTF8_H
#define KAGAMA_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the sequence at s, of which length bytes may be read: returns its length (1-4) with
 * the code point in *code_point, or -1 (*code_point untouched) when it is not well-formed:
 * a stray continuation byte, a sequence cut short, an overlong form, a surrogate, or a value
 * above U+10FFFF.  A NUL byte decodes as U+0000 of length 1. */
int utf8_decode(const unsigned char *s, size_t length, uint32_t *code_point);

/* A copy of text (freed by the caller) without the characters XML 1.0 forbids and without
 * malformed UTF-8: libxml2 writes either out as is, and EPUBCheck rejects the file. */
char *utf8_clean_for_xml(const char *text);

#endif
