/* defang: an address shown so that no reader turns it into a link (mail_link.c), shared by the mail
 * text conversion and the PDF link policy. */
#pragma once
#include <stddef.h>

#include "core/buf.h"

/* Appends url[0..n) made unclickable: hxxps://www[.]example[.]jp/path (scheme hxxp/hxxps/fxp, the
 * host's dots and "@" bracketed, cut at 160 characters). */
void link_defang(const char *url, size_t n, Buf *out);
