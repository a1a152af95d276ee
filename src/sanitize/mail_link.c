/* Links made unclickable: the scheme and the host are rewritten so that no mail client recognises
 * an address (hxxps://example[.]jp/path), which keeps them readable for someone who wants to type
 * them into a browser on the internet side. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "sanitize/mail_internal.h"

#define MAX_SHOWN 160 /* longer addresses are cut with "…" */

void link_defang(const char *url, size_t n, Buf *out)
{
    size_t i = 0;
    size_t start = out->len;
    static const struct {
        const char *from, *to;
    } schemes[] = {{"https://", "hxxps://"}, {"http://", "hxxp://"}, {"ftp://", "fxp://"}, {"mailto:", ""}};
    for (size_t k = 0; k < sizeof schemes / sizeof schemes[0]; k++) {
        size_t l = strlen(schemes[k].from);
        if (n >= l && strncasecmp(url, schemes[k].from, l) == 0) {
            buf_puts(out, schemes[k].to);
            i = l;
            break;
        }
    }
    /* The authority (up to the first / ? #): dots and @ bracketed. */
    for (; i < n && url[i] != '/' && url[i] != '?' && url[i] != '#'; i++) {
        if (url[i] == '.')
            buf_puts(out, "[.]");
        else if (url[i] == '@')
            buf_puts(out, "[@]");
        else if (url[i] == ':' && i + 2 < n && url[i + 1] == '/' && url[i + 2] == '/') {
            buf_puts(out, "[:]//"); /* another scheme */
            i += 2;
        } else
            buf_putc(out, url[i]);
    }
    for (; i < n; i++) {
        if (out->len - start >= MAX_SHOWN) {
            /* Cut on a character boundary. */
            while (i < n && ((unsigned char)url[i] & 0xC0) == 0x80)
                buf_putc(out, url[i++]);
            buf_puts(out, "…");
            return;
        }
        buf_putc(out, url[i]);
    }
}

static bool url_start(const char *s, size_t left, size_t *scheme_len)
{
    static const char *const starts[] = {"https://", "http://", "ftp://", "www."};
    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
        size_t l = strlen(starts[k]);
        if (left > l && strncasecmp(s, starts[k], l) == 0) {
            *scheme_len = l;
            return true;
        }
    }
    return false;
}

unsigned text_defang(const char *text, size_t n, LinkStyle style, Buf *out)
{
    unsigned count = 0;
    size_t i = 0;
    while (i < n) {
        size_t sl;
        bool boundary = i == 0 || !isalnum((unsigned char)text[i - 1]);
        if (boundary && url_start(text + i, n - i, &sl)) {
            size_t j = i + sl;
            while (j < n && (unsigned char)text[j] > ' ' && (unsigned char)text[j] < 0x7F &&
                   !strchr("<>\"'`", text[j]))
                j++;
            while (j > i + sl && strchr(".,;:!?)]}", text[j - 1]))
                j--;
            if (j > i + sl) {
                if (style == LINKS_REMOVE)
                    buf_puts(out, "[URL削除]");
                else
                    link_defang(text + i, j - i, out);
                count++;
                i = j;
                continue;
            }
        }
        buf_putc(out, text[i]);
        i++;
    }
    return count;
}
