/* digest.h - SHA-1 and name-based (version 5) UUIDs, for book identifiers and image dedup.
 * No library we depend on exports SHA-1, so this small, tested implementation lives here. */
#ifndef KAGAMA_DIGEST_H
#define KAGAMA_DIGEST_H

#include <stddef.h>
#include <stdint.h>

struct sha1 {
	uint32_t	state[5];
	uint64_t	length;		/* bytes hashed so far */
	unsigned char	block[64];
	size_t		used;		/* bytes waiting in block */
};

void sha1_init(struct sha1 *context);
void sha1_update(struct sha1 *context, const void *data, size_t length);
void sha1_final(struct sha1 *context, unsigned char digest[20]);
/* One-shot convenience. */
void sha1_digest(const void *data, size_t length, unsigned char digest[20]);

/* RFC 4122 version 5 UUID of name in the given 16-byte namespace, written as 36 lowercase
 * characters plus NUL ("xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx"). */
void uuid_v5(const unsigned char namespace_id[16], const void *name, size_t length, char out[37]);
/* The URL namespace of RFC 4122 (6ba7b811-9dad-11d1-80b4-00c04fd430c8). */
extern const unsigned char uuid_namespace_url[16];

#endif
