/* url.c - web URLs checked and tidied for a book, as declared in url.h: the host must parse as
 * WHATWG and java.net.URI (EPUBCheck 4) read it.  Called by html_sanitize.c and chapter.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "url.h"
#include "utf8.h"
#include "util.h"

static int
S_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
S_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
S_is_hex(int c)
{
	return S_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Code points no host may hold: controls, the spaces Java's URI rejects everywhere, U+FFFD
 * and noncharacters.  ASCII punctuation is left to the host grammar below. */
static int
S_is_forbidden_code_point(int c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
	    c == 0x205f || c == 0x3000 || c == 0xfffd || (c >= 0xfdd0 && c <= 0xfdef) ||
	    (c & 0xfffe) == 0xfffe || (c >= 0xd800 && c <= 0xdfff);
}

/* RFC 3492 bias adaptation. */
static uint32_t
S_punycode_adapt(uint32_t delta, uint32_t points, int first)
{
	uint32_t k = 0;

	delta = first ? delta / 700 : delta / 2;
	delta += delta / points;
	while (delta > ((36 - 1) * 26) / 2) {
		delta /= 36 - 1;
		k += 36;
	}
	return k + (36 - 1 + 1) * delta / (delta + 38);
}

static void
S_punycode_digit(struct buffer *out, uint32_t digit)
{
	buffer_putc(out, (char)(digit < 26 ? 'a' + digit : '0' + digit - 26));
}

/* One delta, as RFC 3492 writes it in variable-length base 36. */
static void
S_punycode_delta(struct buffer *out, uint32_t q, uint32_t bias)
{
	uint32_t k, t;

	for (k = 36;; k += 36) {
		t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
		if (q < t)
			break;
		S_punycode_digit(out, t + (q - t) % (36 - t));
		q = (q - t) / (36 - t);
	}
	S_punycode_digit(out, q);
}

/* RFC 3492 encoding of count code points (at most 64, so no step can overflow). */
static void
S_punycode_encode(struct buffer *out, const uint32_t *points, size_t count)
{
	uint32_t n = 128, delta = 0, bias = 72, h, b = 0, m;
	size_t i;

	for (i = 0; i < count; i++)
		if (points[i] < 128) {
			buffer_putc(out, (char)points[i]);
			b++;
		}
	if (b > 0)
		buffer_putc(out, '-');
	for (h = b; h < count; n++, delta++) {
		for (m = UINT32_MAX, i = 0; i < count; i++)
			if (points[i] >= n && points[i] < m)
				m = points[i];
		delta += (m - n) * (h + 1);
		n = m;
		for (i = 0; i < count; i++) {
			if (points[i] < n)
				delta++;
			if (points[i] != n)
				continue;
			S_punycode_delta(out, delta, bias);
			bias = S_punycode_adapt(delta, h + 1, h == b);
			delta = 0;
			h++;
		}
	}
}

char *
url_label_to_ascii(const char *label, size_t length)
{
	uint32_t points[64], c;
	size_t count = 0, used = 0;
	int ascii = 1, size;
	struct buffer out = { 0 };

	while (used < length) {
		size = utf8_decode((const unsigned char *)label + used, length - used, &c);
		if (size < 0 || S_is_forbidden_code_point((int)c) || count == 64)
			return NULL;
		points[count++] = (uint32_t)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		ascii &= c < 0x80;
		used += (size_t)size;
	}
	if (!ascii) {
		buffer_puts(&out, "xn--");
		S_punycode_encode(&out, points, count);
	} else
		for (used = 0; used < count; used++)
			buffer_putc(&out, (char)points[used]);
	return buffer_release(&out);
}

/* The full stops UTS 46 maps to '.', in UTF-8. */
static size_t
S_dot_length(const char *p)
{
	if (*p == '.')
		return 1;
	if (strncmp(p, "\xe3\x80\x82", 3) == 0 || strncmp(p, "\xef\xbc\x8e", 3) == 0 ||
	    strncmp(p, "\xef\xbd\xa1", 3) == 0)
		return 3;
	return 0;
}

/* host (length bytes, possibly UTF-8) label by label in ASCII, or NULL. */
static char *
S_host_to_ascii(const char *host, size_t length)
{
	struct buffer out = { 0 };
	const char *p = host, *end = host + length, *start = host;
	char *label;
	size_t dot;

	for (;;) {
		dot = p < end ? S_dot_length(p) : 0;
		if (p < end && dot == 0) {
			p++;
			continue;
		}
		if ((label = url_label_to_ascii(start, (size_t)(p - start))) == NULL) {
			buffer_free(&out);
			return NULL;
		}
		buffer_puts(&out, label);
		free(label);
		if (p >= end)
			break;
		buffer_putc(&out, '.');
		p += dot;
		start = p;
	}
	return buffer_release(&out);
}

/* A WHATWG IPv4 number ("10", "0x1f", "017"); -1 if the text is none. */
static int64_t
S_ipv4_number(const char *p, size_t length)
{
	int64_t value = 0;
	int radix = 10, digit;
	size_t i = 0;

	if (length >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		radix = 16, i = 2;
	else if (length >= 2 && p[0] == '0')
		radix = 8, i = 1;
	if (length == 0)
		return -1;
	for (; i < length; i++) {
		if (S_is_digit(p[i]))
			digit = p[i] - '0';
		else if (radix == 16 && S_is_hex(p[i]))
			digit = (p[i] | 0x20) - 'a' + 10;
		else
			return -1;
		if (digit >= radix)
			return -1;
		value = value * radix + digit;
		if (value > 0xffffffffLL)
			value = 0x100000000LL;
	}
	return value;
}

/* WHATWG: a host whose last label is a number must be a whole IPv4 address. */
static int
S_ipv4_is_valid(const char *host)
{
	const char *parts[6], *p = host, *dot;
	size_t lengths[6], count = 0, i;
	int64_t value;

	do {
		if (count == 6)
			return 0;
		dot = strchr(p, '.');
		parts[count] = p;
		lengths[count++] = dot ? (size_t)(dot - p) : strlen(p);
		if (dot != NULL)
			p = dot + 1;
	} while (dot != NULL);
	if (count > 1 && lengths[count - 1] == 0)
		count--;
	if (count > 4)
		return 0;
	for (i = 0; i < count; i++) {
		value = S_ipv4_number(parts[i], lengths[i]);
		if (value < 0 || (i + 1 < count && value > 255) ||
		    (i + 1 == count && value >= (int64_t)1 << (8 * (5 - count))))
			return 0;
	}
	return 1;
}

/* 1 if the last label of an ASCII host reads as a WHATWG IPv4 number. */
static int
S_ends_in_number(const char *host)
{
	size_t length = strlen(host);
	const char *last;

	if (length > 0 && host[length - 1] == '.')
		length--;
	last = host + length;
	while (last > host && last[-1] != '.')
		last--;
	length -= (size_t)(last - host);
	return length > 0 && (strspn(last, "0123456789") >= length ||
	    S_ipv4_number(last, length) >= 0);
}

/* java.net.URI's dotted-quad IPv4: four decimal parts of at most three digits, each <= 255. */
static int
S_is_dotted_quad(const char *host)
{
	int parts = 0, digits, value;
	const char *p = host;

	for (;;) {
		for (digits = 0, value = 0; S_is_digit(*p) && digits < 4; p++, digits++)
			value = value * 10 + *p - '0';
		if (digits == 0 || digits > 3 || value > 255)
			return 0;
		if (++parts == 4)
			return *p == '\0';
		if (*p++ != '.')
			return 0;
	}
}

/* java.net.URI's hostname (RFC 2396 with '_' read as '-', as EPUBCheck retries it): labels of
 * letters, digits and inner hyphens, one optional final dot, and a last label that starts
 * with a letter when there are several. */
static int
S_is_java_hostname(const char *host)
{
	const char *p = host, *last = host;

	for (;;) {
		if (!S_is_alpha(*p) && !S_is_digit(*p))
			return 0;
		last = p;
		while (S_is_alpha(*p) || S_is_digit(*p) || *p == '-' || *p == '_')
			p++;
		if (p[-1] == '-' || p[-1] == '_')
			return 0;
		if (*p == '\0' || (*p == '.' && p[1] == '\0'))
			break;
		if (*p++ != '.')
			return 0;
	}
	return last == host || S_is_alpha(*last);
}

/* RFC 4291 text form, as both parsers take it: up to eight hex pieces, one "::", and an
 * optional dotted quad in place of the last two pieces. */
static int
S_is_ipv6(const char *p, size_t length)
{
	const char *end = p + length;
	int pieces = 0, compressed = 0, digits;
	char quad[16];

	if (length >= 2 && p[0] == ':' && p[1] == ':')
		compressed = 1, p += 2;
	else if (length >= 1 && p[0] == ':')
		return 0;
	while (p < end) {
		const char *start = p;

		for (digits = 0; p < end && S_is_hex(*p); p++)
			digits++;
		if (p < end && *p == '.') {
			if (pieces > 6 || (size_t)(end - start) >= sizeof(quad))
				return 0;
			memcpy(quad, start, (size_t)(end - start));
			quad[end - start] = '\0';
			return S_is_dotted_quad(quad) && (compressed ? pieces <= 4 : pieces == 6);
		}
		if (digits == 0 || digits > 4 || ++pieces > 8)
			return 0;
		if (p == end)
			break;
		if (*p++ != ':')
			return 0;
		if (p < end && *p == ':') {
			if (compressed)
				return 0;
			compressed = 1;
			p++;
		} else if (p == end)
			return 0;
	}
	return compressed ? pieces <= 7 : pieces == 8;
}

/* The port after ':' (may be empty): digits, at most 65535. */
static int
S_port_is_valid(const char *p, size_t length)
{
	long value = 0;
	size_t i;

	for (i = 0; i < length; i++) {
		if (!S_is_digit(p[i]))
			return 0;
		value = value * 10 + p[i] - '0';
		if (value > 65535)
			return 0;
	}
	return 1;
}

/* The userinfo before '@', as java.net.URI allows it. */
static int
S_userinfo_is_valid(const char *p, size_t length)
{
	size_t i;

	for (i = 0; i < length; i++)
		if (!S_is_alpha(p[i]) && !S_is_digit(p[i]) &&
		    strchr("-_.!~*'();:&=+$,%", p[i]) == NULL)
			return 0;
	return 1;
}

/* host[:port] of the authority: the host written out in ASCII into out, or a problem. */
static const char *
S_host_append(struct buffer *out, const char *host, size_t length)
{
	const char *colon, *end = host + length, *port = end;
	char *ascii;

	if (length > 0 && host[0] == '[') {
		colon = memchr(host, ']', length);
		if (colon == NULL || !S_is_ipv6(host + 1, (size_t)(colon - host - 1)))
			return "its IPv6 address is not valid";
		port = colon + 1;
		if (port < end && *port != ':')
			return "its host is not valid";
	} else {
		for (port = host; port < end && *port != ':'; port++)
			;
		if (port == host)
			return "it has no host";
		ascii = S_host_to_ascii(host, (size_t)(port - host));
		if (ascii == NULL || !(S_is_dotted_quad(ascii) || S_is_java_hostname(ascii)) ||
		    (S_ends_in_number(ascii) && !S_ipv4_is_valid(ascii))) {
			free(ascii);
			return "its host is not a valid domain name or address";
		}
		buffer_puts(out, ascii);
		free(ascii);
		host = port;
	}
	if (port < end && !S_port_is_valid(port + 1, (size_t)(end - port - 1)))
		return "its port is not a number below 65536";
	buffer_append(out, host, (size_t)(end - host));
	return NULL;
}

/* Encodes what java.net.URI refuses after the authority: '[' and ']' in the path, a second
 * '#', and the non-ASCII spaces and controls Java never allows. */
static void
S_rest_append(struct buffer *out, const char *p)
{
	const char *end = p + strlen(p);
	int in_path = 1, in_fragment = 0, c, size;
	uint32_t point;

	while (p < end) {
		size = utf8_decode((const unsigned char *)p, (size_t)(end - p), &point);
		c = size < 0 ? 0xfffd : (int)point;
		if (size < 0)
			size = 1;
		if ((in_path && (c == '[' || c == ']')) || (in_fragment && c == '#') ||
		    (c >= 0x80 && S_is_forbidden_code_point(c) && c != 0xfffd)) {
			int i;

			for (i = 0; i < (c < 0x80 ? 1 : size); i++)
				buffer_printf(out, "%%%02X", (unsigned char)p[i]);
		} else
			buffer_append(out, p, c < 0x80 ? 1 : (size_t)size);
		if (c == '?' || c == '#')
			in_path = 0;
		if (c == '#')
			in_fragment = 1;
		p += c < 0x80 ? 1 : size;
	}
}

/* Everything after the scheme's "//": userinfo, host, port, path, query, fragment. */
static const char *
S_authority_append(struct buffer *out, const char *p)
{
	size_t length = strcspn(p, "/?#");
	const char *at = memchr(p, '@', length), *problem;
	char *host, *decoded;

	if (at != NULL) {
		if (!S_userinfo_is_valid(p, (size_t)(at - p)))
			return "its user name is not valid";
		buffer_append(out, p, (size_t)(at - p) + 1);
		length -= (size_t)(at - p) + 1;
		p = at + 1;
	}
	if (length == 0)
		return "it has no host";
	/* Markdown writes "[::1]" and "bücher" percent-encoded; WHATWG decodes a host first. */
	host = xstrndup(p, length);
	decoded = path_percent_decode(host);
	problem = decoded == NULL ? "its host is not valid" :
	    S_host_append(out, decoded, strlen(decoded));
	free(host);
	free(decoded);
	if (problem != NULL)
		return problem;
	S_rest_append(out, p + length);
	return NULL;
}

/* mailto: needs an address (java.net.URI refuses "mailto:") and at most one '#'. */
static char *
S_mailto_normalize(const char *href, const char **problem)
{
	char *clean = path_href_clean(href), *colon = strchr(clean, ':');
	struct buffer out = { 0 };

	if (colon == NULL || colon[1] == '\0' || colon[1] == '#' || colon[1] == '?') {
		free(clean);
		*problem = "it names no address";
		return NULL;
	}
	buffer_append(&out, clean, (size_t)(colon + 1 - clean));
	S_rest_append(&out, colon + 1);
	free(clean);
	return buffer_release(&out);
}

/* A copy of text without the spaces and control characters a URL parser strips at its ends. */
static char *
S_trim(const char *text)
{
	size_t length;

	while (*text != '\0' && (unsigned char)*text <= ' ')
		text++;
	length = strlen(text);
	while (length > 0 && (unsigned char)text[length - 1] <= ' ')
		length--;
	return xstrndup(text, length);
}

char *
url_normalize(const char *href, const char **problem)
{
	const char *why = NULL;
	char *scheme = path_url_scheme(href), *result, *trimmed = S_trim(href);

	if (scheme != NULL && (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0))
		result = url_web_normalize(trimmed, &why);
	else if (scheme != NULL && strcmp(scheme, "mailto") == 0)
		result = S_mailto_normalize(trimmed, &why);
	else
		result = path_href_clean(trimmed);
	free(trimmed);
	free(scheme);
	if (problem != NULL)
		*problem = why;
	return result;
}

char *
url_web_normalize(const char *href, const char **problem)
{
	struct buffer out = { 0 };
	const char *why = NULL, *colon;
	char *trimmed = S_trim(href), *clean = path_href_clean(trimmed);

	colon = strchr(clean, ':');
	if (colon == NULL || strncmp(colon + 1, "//", 2) != 0)
		why = "it has no '//' after its scheme";
	else {
		buffer_append(&out, clean, (size_t)(colon + 3 - clean));
		why = S_authority_append(&out, colon + 3);
	}
	free(trimmed);
	free(clean);
	if (problem != NULL)
		*problem = why;
	if (why != NULL) {
		buffer_free(&out);
		return NULL;
	}
	return buffer_release(&out);
}
