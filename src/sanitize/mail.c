/* mail_convert: the text-converted message (see mail.h). This file owns the parse, the kept headers
 * and the output; body selection is in mail_body.c, attachments in mail_attach.c. */
#include "sanitize/mail.h"

#include <gmime/gmime.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sanitize/charset.h"
#include "sanitize/mail_body.h"
#include "sanitize/mail_internal.h"

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_start(void)
{
    g_mime_init();
}

void mail_prepare(void)
{
    pthread_once(&gmime_once, gmime_start);
    charset_prepare();
}

/* A message starts with a header field (after an optional mbox "From " line). */
static bool looks_like_message(const uint8_t *p, size_t n)
{
    size_t i = 0;
    if (n >= 5 && memcmp(p, "From ", 5) == 0) {
        while (i < n && p[i] != '\n')
            i++;
        i++;
    }
    size_t start = i;
    while (i < n && p[i] > ' ' && p[i] < 0x7F && p[i] != ':')
        i++;
    return i > start && i < n && p[i] == ':';
}

static const char *raw_value(GMimeObject *obj, const char *name)
{
    GMimeHeaderList *list = g_mime_object_get_header_list(obj);
    GMimeHeader *h = list ? g_mime_header_list_get_header(list, name) : NULL;
    return h ? g_mime_header_get_raw_value(h) : NULL;
}

static void put_mailbox(Buf *out, InternetAddress *ia, bool jis)
{
    const char *name = internet_address_get_name(ia);
    const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
    Buf clean_name = BUF_INIT, clean_addr = BUF_INIT;
    utf8_clean(name ? name : "", name ? strlen(name) : 0, false, &clean_name);
    /* An address is one token: no spaces, brackets or quotes survive. */
    for (const char *s = addr ? addr : ""; *s; s++)
        if ((unsigned char)*s > ' ' && !strchr("<>()\",;\\[]", *s) && *s != 0x7F)
            buf_putc(&clean_addr, *s);
    if (clean_name.len) {
        header_put_phrase(out, clean_name.data, jis);
        buf_printf(out, " <%s>", buf_str(&clean_addr));
    } else {
        buf_puts(out, buf_str(&clean_addr));
    }
    buf_free(&clean_name);
    buf_free(&clean_addr);
}

static void put_list(Buf *out, InternetAddressList *list, bool jis)
{
    int n = internet_address_list_length(list);
    for (int i = 0; i < n; i++) {
        InternetAddress *ia = internet_address_list_get_address(list, i);
        if (i)
            buf_puts(out, ",\r\n ");
        if (INTERNET_ADDRESS_IS_GROUP(ia)) {
            const char *name = internet_address_get_name(ia);
            Buf clean = BUF_INIT;
            utf8_clean(name ? name : "", name ? strlen(name) : 0, false, &clean);
            header_put_phrase(out, clean.len ? clean.data : "undisclosed-recipients", jis);
            buf_puts(out, ": ");
            buf_free(&clean);
            put_list(out, internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), jis);
            buf_putc(out, ';');
        } else {
            put_mailbox(out, ia, jis);
        }
    }
}

static void put_addresses(Buf *out, GMimeObject *msg, GMimeParserOptions *opts, const char *field, bool jis,
                          Verdict *v)
{
    const char *raw = raw_value(msg, field);
    if (!raw)
        return;
    Buf decoded = BUF_INIT;
    header_decode(raw, strlen(raw), true, &decoded);
    InternetAddressList *list = internet_address_list_parse(opts, buf_str(&decoded));
    if (list && internet_address_list_length(list) > 0) {
        buf_printf(out, "%s: ", field);
        put_list(out, list, jis);
        buf_puts(out, "\r\n");
    } else if (decoded.len) {
        verdict_note(v, "%s: no address could be read; the field was left out", field);
    }
    if (list)
        g_object_unref(list);
    buf_free(&decoded);
}

/* Message-ID, In-Reply-To, References: only <…> tokens of printable ASCII are kept. */
static void put_ids(Buf *out, GMimeObject *msg, const char *field)
{
    const char *raw = raw_value(msg, field);
    if (!raw)
        return;
    Buf ids = BUF_INIT;
    unsigned count = 0;
    for (const char *s = raw; (s = strchr(s, '<')) != NULL;) {
        const char *e = s + 1;
        while ((unsigned char)*e > ' ' && (unsigned char)*e < 0x7F && *e != '<' && *e != '>')
            e++;
        if (*e == '>' && e > s + 1 && e - s < 900) {
            if (count++)
                buf_puts(&ids, "\r\n ");
            buf_append(&ids, s, (size_t)(e - s + 1));
            s = e + 1;
        } else {
            s = e;
        }
        if (count >= 100)
            break;
    }
    if (count)
        buf_printf(out, "%s: %s\r\n", field, ids.data);
    buf_free(&ids);
}

static void put_headers(Buf *out, GMimeMessage *msg, GMimeParserOptions *opts, const SanitizePolicy *p,
                        Verdict *v)
{
    GMimeObject *obj = GMIME_OBJECT(msg);
    bool jis = p->output_iso2022jp;
    GDateTime *date = g_mime_message_get_date(msg);
    if (date) {
        char *d = g_mime_utils_header_format_date(date);
        buf_printf(out, "Date: %s\r\n", d);
        g_free(d);
    } else if (raw_value(obj, "Date")) {
        verdict_note(v, "Date: not a date; the field was left out");
    }
    put_addresses(out, obj, opts, "From", jis, v);
    put_addresses(out, obj, opts, "To", jis, v);
    put_addresses(out, obj, opts, "Cc", jis, v);
    const char *subject = raw_value(obj, "Subject");
    if (subject) {
        Buf s = BUF_INIT;
        header_decode(subject, strlen(subject), false, &s);
        header_put_text(out, "Subject", buf_str(&s), jis);
        buf_free(&s);
    }
    put_ids(out, obj, "Message-ID");
    put_ids(out, obj, "In-Reply-To");
    put_ids(out, obj, "References");
    buf_puts(out, "MIME-Version: 1.0\r\n");
    Buf mark = BUF_INIT;
    buf_printf(&mark, "%s; text-converted", p->policy_name && *p->policy_name ? p->policy_name : "lgsec");
    Buf clean = BUF_INIT;
    utf8_clean(mark.data, mark.len, false, &clean);
    header_put_text(out, "X-Lgsec-Sanitized", clean.data, jis);
    buf_free(&clean);
    buf_free(&mark);
}

static bool lines_short(const char *s, size_t n)
{
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        col = s[i] == '\n' ? 0 : col + 1;
        if (col > 900)
            return false;
    }
    return true;
}

/* The body: \n becomes CRLF; 7bit when it can be, else base64. */
static void put_body(Buf *out, const Buf *text, bool jis)
{
    Buf crlf = BUF_INIT, enc = BUF_INIT;
    const char *t = text->data ? text->data : "";
    if (jis)
        iso2022jp_encode(t, text->len, &enc);
    else
        buf_append(&enc, t, text->len);
    if (enc.len && enc.data[enc.len - 1] != '\n')
        buf_putc(&enc, '\n');
    bool ascii = true;
    for (size_t i = 0; i < enc.len; i++)
        if ((unsigned char)enc.data[i] >= 0x80)
            ascii = false;
    for (size_t i = 0; i < enc.len; i++) {
        if (enc.data[i] == '\n')
            buf_putc(&crlf, '\r');
        buf_putc(&crlf, enc.data[i]);
    }
    buf_printf(out, "Content-Type: text/plain; charset=%s\r\n", jis ? "ISO-2022-JP" : "UTF-8");
    if (ascii && lines_short(enc.data ? enc.data : "", enc.len)) {
        buf_puts(out, "Content-Transfer-Encoding: 7bit\r\n\r\n");
        buf_append(out, crlf.data ? crlf.data : "", crlf.len);
    } else {
        buf_puts(out, "Content-Transfer-Encoding: base64\r\n\r\n");
        base64_lines(out, (const uint8_t *)(crlf.data ? crlf.data : ""), crlf.len);
    }
    buf_free(&crlf);
    buf_free(&enc);
}

static void summarise(const MailParts *mp, Verdict *v)
{
    if (mp->stats.scripts)
        verdict_removed(v, "HTML: %u script/style/embedded object element(s)", mp->stats.scripts);
    if (mp->stats.forms)
        verdict_removed(v, "HTML: %u form control(s)", mp->stats.forms);
    if (mp->stats.images)
        verdict_removed(v, "HTML: %u image(s) replaced by their alt text", mp->stats.images);
    if (mp->stats.links)
        verdict_removed(v, "HTML: %u link(s) made unclickable", mp->stats.links);
    if (mp->text_links)
        verdict_removed(v, "text: %u URL(s) made unclickable", mp->text_links);
}

void mail_convert(const SanitizePolicy *p, const uint8_t *in, size_t n, SandboxOutput *out, Verdict *v)
{
    double t0 = verdict_now_ms();
    verdict_set_type(v, "mail");
    verdict_set_input(v, in, n);
    if (n > p->max_message_bytes) {
        verdict_block(v, "mail_too_large", "メールが大きすぎます (ポリシーの上限を超えています)",
                      "the message is larger than the policy allows");
        return;
    }
    if (!looks_like_message(in, n)) {
        verdict_block(v, "mail_unparseable", "メールとして読めません (ヘッダーがありません)",
                      "not an RFC 5322 message: it does not start with a header field");
        return;
    }
    mail_prepare();
    GMimeParserOptions *opts = g_mime_parser_options_new();
    g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_allow_addresses_without_domain(opts, TRUE);
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer((const char *)in, n);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, opts);
    g_object_unref(parser);
    g_object_unref(stream);
    verdict_add_timing(v, "parse", verdict_now_ms() - t0);
    if (!msg) {
        verdict_block(v, "mail_unparseable", "メールとして読めません", "the message could not be parsed");
        g_mime_parser_options_free(opts);
        return;
    }
    MailParts mp = {0};
    Collect c = {p, &mp, v};
    mail_collect(&c, g_mime_message_get_mime_part(msg), 0);
    if (mp.too_deep) {
        verdict_block(v, "mail_too_deep", "MIME の入れ子が深すぎます", "MIME parts are nested too deeply");
    } else {
        if (mp.unreadable)
            buf_puts(&mp.text, "\n[暗号化された部分は本文に変換できません / encrypted content cannot be "
                               "converted to text]\n");
        summarise(&mp, v);
        mail_attachments_finish(p, &mp, out, v);
        put_headers(&out->main, msg, opts, p, v);
        put_body(&out->main, &mp.text, p->output_iso2022jp);
        verdict_set_output(v, out->main.data, out->main.len);
    }
    mail_parts_free(&mp);
    g_object_unref(msg);
    g_mime_parser_options_free(opts);
    verdict_add_timing(v, "total", verdict_now_ms() - t0);
}
