/* test_digest.c - unit tests for digest.c: FIPS 180 SHA-1 vectors and an RFC 4122 v5 UUID.
 * Called only by tests/unit/main.c through test_digest(). */
#include <stdio.h>
#include <string.h>

#include "digest.h"
#include "unit.h"

static void
S_hex(const unsigned char digest[20], char out[41])
{
	int i;

	for (i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

static void
S_check_one_shot(const char *message, const char *expected)
{
	unsigned char digest[20];
	char hex[41];

	sha1_digest(message, strlen(message), digest);
	S_hex(digest, hex);
	CHECK_STR(hex, expected);
}

/* One million 'a' fed in chunks of 1, 7, 63, 64, 65, ... bytes so that block boundaries
 * fall everywhere in the buffer. */
static void
S_check_million(void)
{
	static const size_t sizes[] = { 1, 7, 63, 64, 65, 127, 1000, 4099 };
	static char chunk[4099];
	struct sha1 context;
	unsigned char digest[20];
	char hex[41];
	size_t left = 1000000, n, i = 0;

	memset(chunk, 'a', sizeof(chunk));
	sha1_init(&context);
	while (left > 0) {
		n = sizes[i++ % (sizeof(sizes) / sizeof(sizes[0]))];
		if (n > left)
			n = left;
		sha1_update(&context, chunk, n);
		left -= n;
	}
	sha1_update(&context, chunk, 0);
	sha1_final(&context, digest);
	S_hex(digest, hex);
	CHECK_STR(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

/* Messages of 55, 56 and 64 bytes need one or two padding blocks. */
static void
S_check_padding_edges(void)
{
	char message[65];

	memset(message, 'a', sizeof(message) - 1);
	message[55] = '\0';
	S_check_one_shot(message, "c1c8bbdc22796e28c0e15163d20899b65621d65a");
	message[55] = 'a';
	message[56] = '\0';
	S_check_one_shot(message, "c2db330f6083854c99d4b5bfb6e8f29f201be699");
	message[56] = 'a';
	message[64] = '\0';
	S_check_one_shot(message, "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

void
test_digest(void)
{
	char uuid[37];

	S_check_one_shot("", "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	S_check_one_shot("abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
	S_check_one_shot("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	S_check_million();
	S_check_padding_edges();

	/* Expected value from python3: uuid.uuid5(uuid.NAMESPACE_URL, "http://example.com"). */
	memset(uuid, 'x', sizeof(uuid));
	uuid_v5(uuid_namespace_url, "http://example.com", strlen("http://example.com"), uuid);
	CHECK_STR(uuid, "8c9ddcb0-8084-5a7f-a988-1095ab18b5df");
	CHECK(uuid[36] == '\0');
	/* A second name, also from python3, whose variant nibble differs (8 rather than a). */
	uuid_v5(uuid_namespace_url, "http://example.org", strlen("http://example.org"), uuid);
	CHECK_STR(uuid, "c57c6902-3774-5f11-80e5-cf09f92b03ac");
}
