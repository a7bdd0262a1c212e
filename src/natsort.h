/* natsort.h - "natural" ordering of paths, so that "2-x" sorts before "10-x".
 * Used by scan.c to order articles and parts; pure functions, no state. */
#ifndef KAGAMA_NATSORT_H
#define KAGAMA_NATSORT_H

/* Compares two UTF-8 strings: runs of ASCII digits compare by numeric value (leading zeros
 * ignored, any length, no overflow), everything else bytewise.  Strings that compare equal
 * that way (e.g. "01" and "1") are ordered bytewise so that the order is total and
 * deterministic.  Returns <0, 0 or >0 like strcmp; 0 only for identical strings. */
int natsort_compare(const char *a, const char *b);

#endif
