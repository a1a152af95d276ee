/* Body selection over the MIME tree: in multipart/alternative the text/plain rendering wins over
 * HTML; multipart/related contributes its root; multipart/mixed (and the rest) contributes every
 * inline text part in order. Whatever is not body text is an attachment (TNEF containers are
 * opened and their files listed instead). */
#include <ctype.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sanitize/charset.h"
#include "sanitize/mail_body.h"

#define MAX_DEPTH 24

static const char *raw_header(GMimeObject *obj, const char *name)
{
    GMimeHeaderList *list = g_mime_object_get_header_list(obj);
    GMimeHeader *h = list ? g_mime_header_list_get_header(list, name) : NULL;
    const char *raw = h ? g_mime_header_get_raw_value(h) : NULL;
    return raw ? raw : "";
}

/* "type/subtype" in lower case. */
static void media_type(GMimeObject *obj, char *buf, size_t cap)
{
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    const char *t = ct ? g_mime_content_type_get_media_type(ct) : NULL;
    const char *s = ct ? g_mime_content_type_get_media_subtype(ct) : NULL;
    snprintf(buf, cap, "%s/%s", t ? t : "application", s ? s : "octet-stream");
    for (char *c = buf; *c; c++)
        *c = (char)tolower((unsigned char)*c);
}

static bool is_attachment_disposition(GMimeObject *obj)
{
    const char *d = raw_header(obj, "Content-Disposition");
    while (*d == ' ' || *d == '\t')
        d++;
    return strncasecmp(d, "attachment", 10) == 0;
}

static char *part_name(GMimeObject *obj)
{
    char *name = header_param(raw_header(obj, "Content-Disposition"), "filename");
    if (!name || !*name) {
        free(name);
        name = header_param(raw_header(obj, "Content-Type"), "name");
    }
    return name ? name : strdup("");
}

static void part_bytes(GMimePart *part, Buf *out)
{
    GMimeDataWrapper *dw = g_mime_part_get_content(part);
    if (!dw)
        return;
    GMimeStream *mem = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(dw, mem);
    GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    if (ba && ba->len)
        buf_append(out, ba->data, ba->len);
    g_object_unref(mem);
}

/* Text of bytes (charset label may be NULL): rendered, defanged and appended to the body. Takes
 * label. */
static void add_text_bytes(Collect *c, Buf *bytes_in, char *label, bool html);

static void add_text(Collect *c, GMimeObject *obj, bool html)
{
    Buf bytes = BUF_INIT;
    part_bytes(GMIME_PART(obj), &bytes);
    add_text_bytes(c, &bytes, header_param(raw_header(obj, "Content-Type"), "charset"), html);
    buf_free(&bytes);
}

static void add_text_bytes(Collect *c, Buf *bytes_in, char *label, bool html)
{
    Buf bytes = *bytes_in, utf8 = BUF_INIT, text = BUF_INIT;
    char meta[64];
    if (html && (!label || !*label) && html_meta_charset((const uint8_t *)bytes.data, bytes.len, meta, sizeof meta)) {
        free(label);
        label = strdup(meta);
    }
    const char *used = charset_to_utf8(label, bytes.data ? bytes.data : "", bytes.len, &utf8);
    verdict_note(c->v, "body: %s (%s%s%s)", html ? "text/html converted to text" : "text/plain", used,
                 label && *label ? ", labelled " : "", label && *label ? label : "");
    if (html) {
        html_to_text(utf8.data ? utf8.data : "", utf8.len, c->p->link_style, &text, &c->mp->stats);
        c->mp->html++;
    } else {
        /* Line ends to \n; controls other than tab dropped. */
        Buf lf = BUF_INIT;
        for (size_t i = 0; i < utf8.len; i++) {
            if (utf8.data[i] == '\r') {
                buf_putc(&lf, '\n');
                if (i + 1 < utf8.len && utf8.data[i + 1] == '\n')
                    i++;
            } else
                buf_putc(&lf, utf8.data[i]);
        }
        utf8_clean(lf.data ? lf.data : "", lf.len, true, &text);
        buf_free(&lf);
    }
    Buf *body = &c->mp->text;
    if (c->mp->texts && body->len) {
        if (body->data[body->len - 1] != '\n')
            buf_putc(body, '\n');
        buf_putc(body, '\n');
    }
    c->mp->text_links += text_defang(text.data ? text.data : "", text.len, c->p->link_style, body);
    c->mp->texts++;
    free(label);
    buf_free(&utf8);
    buf_free(&text);
}

typedef struct TnefArg {
    MailParts *mp;
} TnefArg;

static void tnef_file(void *arg, const char *name, const uint8_t *data, size_t n)
{
    TnefArg *t = arg;
    char type[] = "application/octet-stream";
    mail_parts_add_attachment(t->mp, name, type, data, n, "winmail.dat");
}

static bool is_tnef(const char *type, const char *name)
{
    return strcmp(type, "application/ms-tnef") == 0 || strcmp(type, "application/vnd.ms-tnef") == 0 ||
           strcasecmp(name, "winmail.dat") == 0;
}

static void add_attachment(Collect *c, GMimeObject *obj, const char *type)
{
    char *name = part_name(obj);
    Buf bytes = BUF_INIT;
    if (GMIME_IS_PART(obj)) {
        part_bytes(GMIME_PART(obj), &bytes);
    } else {
        /* A message/rfc822 part or a multipart kept whole: its serialised form. */
        GMimeObject *inner = obj;
        if (GMIME_IS_MESSAGE_PART(obj)) {
            GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
            inner = m ? GMIME_OBJECT(m) : NULL;
        }
        if (inner) {
            GMimeStream *mem = g_mime_stream_mem_new();
            g_mime_object_write_to_stream(inner, NULL, mem);
            GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
            if (ba && ba->len)
                buf_append(&bytes, ba->data, ba->len);
            g_object_unref(mem);
        }
    }
    const uint8_t *data = (const uint8_t *)(bytes.data ? bytes.data : "");
    if (is_tnef(type, name)) {
        TnefArg t = {c->mp};
        size_t before = c->mp->n_att;
        bool ok = tnef_extract(data, bytes.len, tnef_file, &t);
        verdict_note(c->v, "TNEF %s: %zu file(s) inside%s", *name ? name : "winmail.dat", c->mp->n_att - before,
                     ok ? "" : " (container damaged)");
        if (!ok)
            mail_parts_add_attachment(c->mp, name, type, data, bytes.len, NULL);
    } else {
        mail_parts_add_attachment(c->mp, name, type, data, bytes.len, NULL);
    }
    free(name);
    buf_free(&bytes);
}

/* A Content-Type header that is there but does not start with type/subtype (RFC 2045 tokens):
 * GMime then reads the part as application/octet-stream, and its words would be lost. */
static bool broken_content_type(GMimeObject *obj)
{
    const char *raw = raw_header(obj, "Content-Type");
    while (*raw == ' ' || *raw == '\t' || *raw == '\r' || *raw == '\n')
        raw++;
    if (!*raw)
        return false;
    static const char TSPECIALS[] = "()<>@,;:\\\"/[]?= \t\r\n";
    size_t t = 0;
    while (raw[t] && (unsigned char)raw[t] > 0x20 && (unsigned char)raw[t] < 0x7F && !strchr(TSPECIALS, raw[t]))
        t++;
    if (t == 0 || raw[t] != '/')
        return true;
    const char *s = raw + t + 1;
    size_t u = 0;
    while (s[u] && (unsigned char)s[u] > 0x20 && (unsigned char)s[u] < 0x7F && !strchr(TSPECIALS, s[u]))
        u++;
    return u == 0;
}

/* Tells the reader that what follows is shown as it came, because its form could not be read. */
static void malformed_notice(Collect *c)
{
    Buf *body = &c->mp->text;
    if (body->len && body->data[body->len - 1] != '\n')
        buf_putc(body, '\n');
    if (body->len)
        buf_putc(body, '\n');
    buf_puts(body, "[lgsec: 形式を読み取れない部分のため、文字のまま表示します / a malformed part, shown as plain text]\n");
}

static bool is_body_type(const char *type)
{
    return strcmp(type, "text/plain") == 0 || strcmp(type, "text/html") == 0;
}

/* The child of multipart/alternative to read: text/plain first, then HTML, then a multipart that
 * holds one of them. */
static GMimeObject *pick_alternative(GMimeMultipart *mp)
{
    int n = g_mime_multipart_get_count(mp);
    const char *prefs[] = {"text/plain", "text/html", NULL};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < n; i++) {
            GMimeObject *child = g_mime_multipart_get_part(mp, i);
            char type[128];
            media_type(child, type, sizeof type);
            if (prefs[k] ? strcmp(type, prefs[k]) == 0 && !is_attachment_disposition(child)
                         : GMIME_IS_MULTIPART(child))
                return child;
        }
    return n > 0 ? g_mime_multipart_get_part(mp, 0) : NULL;
}

void mail_collect(Collect *c, GMimeObject *obj, int depth)
{
    if (!obj)
        return;
    if (depth > MAX_DEPTH) {
        c->mp->too_deep = true;
        return;
    }
    char type[128];
    media_type(obj, type, sizeof type);
    if (GMIME_IS_MULTIPART(obj)) {
        GMimeMultipart *mp = GMIME_MULTIPART(obj);
        int n = g_mime_multipart_get_count(mp);
        if (strcmp(type, "multipart/encrypted") == 0) {
            c->mp->unreadable = true;
            add_attachment(c, obj, type);
            return;
        }
        if (strcmp(type, "multipart/alternative") == 0) {
            GMimeObject *chosen = pick_alternative(mp);
            for (int i = 0; i < n; i++) {
                GMimeObject *child = g_mime_multipart_get_part(mp, i);
                if (child == chosen)
                    mail_collect(c, child, depth + 1);
                else {
                    char ct[128];
                    media_type(child, ct, sizeof ct);
                    verdict_removed(c->v, "alternative %s not used", ct);
                }
            }
            return;
        }
        if (n == 0) {
            /* No boundary (or none found): GMime keeps the whole content as the prologue. Its words
             * are kept as text rather than lost. */
            const char *prologue = g_mime_multipart_get_prologue(mp);
            if (prologue && *prologue) {
                Buf bytes = BUF_INIT;
                buf_puts(&bytes, prologue);
                char *boundary = header_param(raw_header(obj, "Content-Type"), "boundary");
                verdict_note(c->v, "%s without %s: its content kept as text", type,
                             boundary && *boundary ? "parts" : "a boundary");
                free(boundary);
                malformed_notice(c);
                add_text_bytes(c, &bytes, NULL, false);
                buf_free(&bytes);
            }
            return;
        }
        bool related = strcmp(type, "multipart/related") == 0;
        for (int i = 0; i < n; i++) {
            GMimeObject *child = g_mime_multipart_get_part(mp, i);
            if (related && i > 0 && !GMIME_IS_MULTIPART(child)) {
                char ct[128];
                media_type(child, ct, sizeof ct);
                add_attachment(c, child, ct);
            } else {
                mail_collect(c, child, depth + 1);
            }
        }
        return;
    }
    if (GMIME_IS_PART(obj) && is_body_type(type) && !is_attachment_disposition(obj)) {
        add_text(c, obj, strcmp(type, "text/html") == 0);
        return;
    }
    if (GMIME_IS_PART(obj) && broken_content_type(obj) && !is_attachment_disposition(obj)) {
        char *name = part_name(obj);
        bool named = *name;
        free(name);
        if (!named) {
            char shown[64];
            size_t k = 0;
            for (const char *r = raw_header(obj, "Content-Type"); *r && k < sizeof shown - 1; r++)
                shown[k++] = (*r >= 0x20 && *r < 0x7F) ? *r : '?'; /* printable ASCII only in the note */
            shown[k] = '\0';
            verdict_note(c->v, "unreadable Content-Type \"%s\": the part kept as text", shown);
            malformed_notice(c);
            add_text(c, obj, false);
            return;
        }
    }
    if (strcmp(type, "application/pkcs7-mime") == 0 || strcmp(type, "application/x-pkcs7-mime") == 0)
        c->mp->unreadable = true;
    add_attachment(c, obj, type);
}
