/* mail_fields: reading back a text-converted message (sanitize.h, sanitized_mail_parse) for callers
 * that file its contents elsewhere (`lgsec incident intake`). The message is sanitize_mail's own
 * output, but it comes out of the sandbox, so it is parsed defensively: bounded, nothing assumed,
 * every string cleaned. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"
#include "sanitize/charset.h"
#include "sanitize/mail_internal.h"
#include "sanitize/sanitize.h"

/* The end of the header block: the offset of the empty line's end (the body's start), or n. */
static size_t header_end(const char *m, size_t n, size_t *body)
{
    for (size_t i = 0; i < n; i++) {
        if (m[i] != '\n')
            continue;
        size_t j = i + 1;
        if (j < n && m[j] == '\r')
            j++;
        if (j < n && m[j] == '\n') {
            *body = j + 1;
            return i;
        }
        if (j >= n)
            break;
    }
    *body = n;
    return n;
}

/* The raw (unfolded by the decoder later) value of the first field called name, malloc'd; NULL when
 * absent. */
static char *field(const char *m, size_t hn, const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < hn;) {
        size_t eol = i;
        while (eol < hn && m[eol] != '\n')
            eol++;
        if (eol - i > nl && m[i + nl] == ':' && strncasecmp(m + i, name, nl) == 0) {
            Buf v = BUF_INIT;
            size_t start = i + nl + 1;
            for (;;) {
                buf_append(&v, m + start, eol - start);
                if (eol + 1 >= hn || (m[eol + 1] != ' ' && m[eol + 1] != '\t'))
                    break;
                start = eol + 1; /* a continuation line: the fold goes, its whitespace stays */
                eol = start;
                while (eol < hn && m[eol] != '\n')
                    eol++;
            }
            buf_putc(&v, '\0');
            return v.data;
        }
        i = eol + 1;
    }
    return NULL;
}

static char *cleaned(const char *s, size_t n, bool keep_newlines)
{
    Buf b = BUF_INIT;
    utf8_clean(s, n, keep_newlines, &b);
    buf_putc(&b, '\0');
    return b.data;
}

static char *trimmed(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return cleaned(s, n, false);
}

/* "Name" <addr>, Name <addr> or addr, after decoding; the first mailbox only. */
static void parse_from(const char *raw, SanitizedMail *out)
{
    Buf d = BUF_INIT;
    sanitize_header_decode(raw, strlen(raw), true, &d);
    const char *s = d.data ? d.data : "";
    /* the first '<' outside a quoted string starts the address */
    const char *lt = NULL;
    bool quoted = false;
    for (const char *p = s; *p && !lt; p++) {
        if (*p == '\\' && quoted && p[1])
            p++;
        else if (*p == '"')
            quoted = !quoted;
        else if (*p == '<' && !quoted)
            lt = p;
    }
    const char *addr = lt ? lt + 1 : s;
    const char *addr_end = lt ? strchr(addr, '>') : NULL;
    if (!addr_end)
        addr_end = addr + strcspn(addr, ",");
    Buf a = BUF_INIT;
    for (const char *p = addr; p < addr_end; p++)
        if ((unsigned char)*p > ' ' && (unsigned char)*p < 0x7F && !strchr("<>()\",;\\[]", *p))
            buf_putc(&a, *p);
    buf_putc(&a, '\0');
    out->from_addr = a.data;
    Buf name = BUF_INIT;
    if (lt) {
        const char *p = s;
        while (p < lt && (*p == ' ' || *p == '\t'))
            p++;
        bool q = false;
        for (; p < lt; p++) {
            if (*p == '"') {
                q = !q;
                continue;
            }
            if (*p == '\\' && q && p + 1 < lt)
                p++;
            buf_putc(&name, *p);
        }
    }
    out->from_name = trimmed(name.data ? name.data : "", name.len);
    buf_free(&name);
    buf_free(&d);
}

/* The first <…> token of printable ASCII. */
static char *message_id(const char *raw)
{
    const char *lt = raw ? strchr(raw, '<') : NULL;
    const char *gt = lt ? strchr(lt, '>') : NULL;
    Buf b = BUF_INIT;
    if (lt && gt && gt - lt < 1000) {
        bool ok = gt > lt + 1;
        for (const char *p = lt + 1; p < gt; p++)
            ok &= (unsigned char)*p > ' ' && (unsigned char)*p < 0x7F && *p != '<';
        if (ok)
            buf_append(&b, lt, (size_t)(gt - lt + 1));
    }
    buf_putc(&b, '\0');
    return b.data;
}

void sanitized_mail_parse(const char *msg, size_t n, SanitizedMail *out)
{
    memset(out, 0, sizeof *out);
    size_t body_at;
    size_t hn = header_end(msg, n, &body_at);
    char *from = field(msg, hn, "From"), *subject = field(msg, hn, "Subject"), *id = field(msg, hn, "Message-ID");
    char *cte = field(msg, hn, "Content-Transfer-Encoding"), *ctype = field(msg, hn, "Content-Type");
    if (from)
        parse_from(from, out);
    else
        out->from_addr = xstrdup(""), out->from_name = xstrdup("");
    Buf s = BUF_INIT;
    if (subject)
        sanitize_header_decode(subject, strlen(subject), false, &s);
    out->subject = trimmed(s.data ? s.data : "", s.len);
    buf_free(&s);
    out->message_id = message_id(id);
    Buf raw = BUF_INIT, text = BUF_INIT;
    const char *b = msg + body_at;
    size_t bn = n - body_at;
    if (cte && strcasestr(cte, "base64"))
        base64_decode_append(b, bn, &raw);
    else
        buf_append(&raw, b, bn);
    Buf lf = BUF_INIT;
    for (size_t i = 0; i < raw.len; i++)
        if (raw.data[i] != '\r')
            buf_putc(&lf, raw.data[i]);
    if (ctype && strcasestr(ctype, "iso-2022-jp")) {
        Buf u = BUF_INIT;
        iso2022jp_decode((const uint8_t *)(lf.data ? lf.data : ""), lf.len, &u);
        utf8_clean(u.data ? u.data : "", u.len, true, &text);
        buf_free(&u);
    } else {
        utf8_clean(lf.data ? lf.data : "", lf.len, true, &text);
    }
    buf_putc(&text, '\0');
    out->body = text.data;
    buf_free(&raw);
    buf_free(&lf);
    free(from);
    free(subject);
    free(id);
    free(cte);
    free(ctype);
}

void sanitized_mail_free(SanitizedMail *m)
{
    free(m->from_addr);
    free(m->from_name);
    free(m->subject);
    free(m->message_id);
    free(m->body);
    memset(m, 0, sizeof *m);
}
