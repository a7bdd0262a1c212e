/* url.h - whether a web (http: or https:) URL will parse for every reader and for EPUBCheck,
 * and its form fit for a book (host in ASCII).  Pure string functions; any stage may call them. */
#ifndef KAGAMA_URL_H
#define KAGAMA_URL_H

#include <stddef.h>

/* For an http: or https: href (as path_is_web_url says): a new copy the caller frees, with
 * surrounding spaces trimmed, what may not stand in a URL percent-encoded and a non-ASCII host
 * written in Punycode ("http://bücher.example/" -> "http://xn--bcher-kva.example/").  NULL when
 * the URL cannot be parsed the way the WHATWG URL standard and java.net.URI (EPUBCheck's
 * parser) both read it: no "//", no host, a host that is not a domain name, IPv4 or [IPv6]
 * address, or a bad port; *problem (when problem is not NULL) then says why in a few words. */
char *url_web_normalize(const char *href, const char **problem);
/* Any href with a scheme made fit for a book: web URLs as url_web_normalize does, mailto:
 * with an address and one '#' at most, others through path_href_clean.  NULL (with
 * *problem) when the URL cannot be parsed. */
char *url_normalize(const char *href, const char **problem);
/* The ASCII form of one domain label given in UTF-8 ("bücher" -> "xn--bcher-kva"; an ASCII
 * label is returned lowercased), or NULL when the label holds a code point no host may
 * (controls, spaces, U+FFFD, noncharacters) or is not valid UTF-8.  The caller frees it. */
char *url_label_to_ascii(const char *label, size_t length);

#endif
