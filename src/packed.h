/* packed.h - a text deflated ahead of time for the ZIP container: the one piece of the container
 * the book model holds (an article's finished chapter, and its continuation files).  Included
 * by article.h and container.h. */
#ifndef KAGAMA_PACKED_H
#define KAGAMA_PACKED_H

#include <stddef.h>

struct container_spool;

/* A text deflated ahead of time (raw deflate, as ZIP stores it) with its CRC-32 and size. */
struct container_packed {
	char		*data;		/* length bytes of deflate; the owner frees it */
	size_t		 length;
	size_t		 size;		/* of the text */
	unsigned long	 crc;		/* of the text */
	const struct container_spool *spool;	/* data NULL: the bytes wait in this spool */
	unsigned long long offset;	/* ...from here */
};

#endif
