/* digest.c - SHA-1 (FIPS 180-4) and RFC 4122 version 5 UUIDs, as declared in digest.h.
 * Any stage may call it (book identifiers, image dedup); no state, no allocation. */
#include <string.h>

#include "digest.h"

/* The URL namespace of RFC 4122, appendix C. */
const unsigned char uuid_namespace_url[16] = {
	0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
	0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
};

static uint32_t
S_rotate_left(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static uint32_t
S_load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
S_store_be32(unsigned char *p, uint32_t x)
{
	p[0] = (unsigned char)(x >> 24);
	p[1] = (unsigned char)(x >> 16);
	p[2] = (unsigned char)(x >> 8);
	p[3] = (unsigned char)x;
}

/* One round of the FIPS 180-4 section 6.1.2 compression function. */
static void
S_compress(uint32_t state[5], const unsigned char block[64])
{
	uint32_t w[80], a, b, c, d, e, f, k, t;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = S_load_be32(block + 4 * i);
	for (i = 16; i < 80; i++)
		w[i] = S_rotate_left(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = state[0];
	b = state[1];
	c = state[2];
	d = state[3];
	e = state[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = S_rotate_left(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = S_rotate_left(b, 30);
		b = a;
		a = t;
	}
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
}

void
sha1_init(struct sha1 *context)
{
	static const uint32_t initial[5] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0,
	};

	memcpy(context->state, initial, sizeof(initial));
	context->length = 0;
	context->used = 0;
}

void
sha1_update(struct sha1 *context, const void *data, size_t length)
{
	const unsigned char *p = data;
	size_t take;

	context->length += length;
	while (length > 0) {
		take = sizeof(context->block) - context->used;
		if (take > length)
			take = length;
		memcpy(context->block + context->used, p, take);
		context->used += take;
		p += take;
		length -= take;
		if (context->used == sizeof(context->block)) {
			S_compress(context->state, context->block);
			context->used = 0;
		}
	}
}

void
sha1_final(struct sha1 *context, unsigned char digest[20])
{
	uint64_t bits = context->length * 8;
	int i;

	/* Padding: one 1 bit, zeros up to 56 bytes mod 64, then the bit length big-endian. */
	context->block[context->used++] = 0x80;
	if (context->used > 56) {
		memset(context->block + context->used, 0, 64 - context->used);
		S_compress(context->state, context->block);
		context->used = 0;
	}
	memset(context->block + context->used, 0, 56 - context->used);
	S_store_be32(context->block + 56, (uint32_t)(bits >> 32));
	S_store_be32(context->block + 60, (uint32_t)bits);
	S_compress(context->state, context->block);
	for (i = 0; i < 5; i++)
		S_store_be32(digest + 4 * i, context->state[i]);
	/* Leave nothing of the message behind in the context. */
	memset(context, 0, sizeof(*context));
}

void
sha1_digest(const void *data, size_t length, unsigned char digest[20])
{
	struct sha1 context;

	sha1_init(&context);
	sha1_update(&context, data, length);
	sha1_final(&context, digest);
}

void
uuid_v5(const unsigned char namespace_id[16], const void *name, size_t length, char out[37])
{
	struct sha1 context;
	unsigned char hash[20];
	size_t i, o = 0;

	sha1_init(&context);
	sha1_update(&context, namespace_id, 16);
	sha1_update(&context, name, length);
	sha1_final(&context, hash);
	hash[6] = (hash[6] & 0x0f) | 0x50;	/* version 5 */
	hash[8] = (hash[8] & 0x3f) | 0x80;	/* RFC 4122 variant */
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = "0123456789abcdef"[hash[i] >> 4];
		out[o++] = "0123456789abcdef"[hash[i] & 0x0f];
	}
	out[o] = '\0';
}
