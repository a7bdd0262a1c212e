/* test_url.c - web URLs as EPUBCheck 4 (java.net.URI) and the WHATWG URL standard read them:
 * each invalid case below drew RSC-020 or RSC-023 when written into a book unchanged. */
#include <stdlib.h>

#include "url.h"
#include "unit.h"

static void
S_check(const char *href, const char *expected)
{
	char *url = url_web_normalize(href, NULL);

	CHECK_STR(url, expected);
	free(url);
}

void
test_url(void)
{
	const char *problem = NULL;
	char *label, *url;

	S_check("http://example.org/", "http://example.org/");
	S_check("  https://example.org/a b  ", "https://example.org/a%20b");
	S_check("http://my_host.example.com/", "http://my_host.example.com/");
	S_check("HTTP://Example.COM/", "HTTP://example.com/");
	S_check("http://a.example./", "http://a.example./");
	S_check("http://localhost:3000/x", "http://localhost:3000/x");
	S_check("http://user:pw@host.example/", "http://user:pw@host.example/");
	S_check("http://1.2.3.4/", "http://1.2.3.4/");
	S_check("http://[::1]:8080/", "http://[::1]:8080/");
	S_check("http://[::ffff:1.2.3.4]/", "http://[::ffff:1.2.3.4]/");
	S_check("http://bücher.example/", "http://xn--bcher-kva.example/");
	S_check("http://例え。テスト/", "http://xn--r8jz45g.xn--zckzah/");
	S_check("http://host.example/a[1]?q=[2]", "http://host.example/a%5B1%5D?q=[2]");
	S_check("http://host.example/#a#b", "http://host.example/#a%23b");
	S_check("http://host.example/a\xc2\xa0" "b", "http://host.example/a%C2%A0b");
	S_check("https://example.com/%zz", "https://example.com/%25zz");
	S_check("http://%5B::1%5D/", "http://[::1]/");
	S_check("http://b%C3%BCcher.example/", "http://xn--bcher-kva.example/");

	CHECK(url_web_normalize("http://", &problem) == NULL);
	CHECK_STR(problem, "it has no host");
	CHECK(url_web_normalize("https::host", &problem) == NULL);
	CHECK_STR(problem, "it has no '//' after its scheme");
	S_check("https://creativecommons.or.id%20", NULL);
	S_check("https://creativecommons.or.id /licenses", NULL);
	S_check("https://../", NULL);
	S_check("http:///host.example", NULL);
	S_check("http:/host.example", NULL);
	S_check("http://a..b/", NULL);
	S_check("http://-bad.example/", NULL);
	S_check("http://example.123/", NULL);
	S_check("http://1.2.3.256/", NULL);
	S_check("http://1.2.3.09/", NULL);
	S_check("http://0x7f.1/", NULL);
	S_check("http://host.example:80a/", NULL);
	S_check("http://host.example:99999/", NULL);
	S_check("http://[1:2:3:4:5:6:7:8:9]/", NULL);
	S_check("http://[fe80::1%25eth0]/", NULL);
	S_check("http://exa mple.com/", NULL);
	S_check("http://example.com\\path", NULL);
	S_check("http://a\xe3\x80\x80" "b.example/", NULL);

	url = url_normalize(" mailto:a@example.org#x#y ", &problem);
	CHECK_STR(url, "mailto:a@example.org#x%23y");
	free(url);
	CHECK(url_normalize("mailto:", &problem) == NULL);
	CHECK_STR(problem, "it names no address");
	url = url_normalize("ftp://example.org/a b", &problem);
	CHECK_STR(url, "ftp://example.org/a%20b");
	free(url);

	label = url_label_to_ascii("München", 8);
	CHECK_STR(label, "xn--mnchen-3ya");
	free(label);
	CHECK(url_label_to_ascii("a\xff", 2) == NULL);
}
