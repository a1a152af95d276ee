/* Mail text conversion (メールテキスト化): every message is generated here — Japanese text encoded
 * with glibc's iconv into each charset mail arrives in, broken header forms written out by hand —
 * and the output is read back with GMime (an independent decoder) to assert what the recipient
 * sees: the exact Subject, From and body text, no attachment bytes, unclickable links, no scripts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
// cmocka must come after the headers above
#include <cmocka.h>
#include <gmime/gmime.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "core/buf.h"
#include "sanitize/charset.h"
#include "sanitize/disarm.h"
#include "sanitize/mail.h"
#include "sanitize/sandbox.h"
#include "sanitize/sanitize.h"

/* ---- generating messages ---- */

/* utf8 in charset cs (glibc iconv); *n gets the length. */
static char *enc(const char *utf8, const char *cs, size_t *n)
{
    iconv_t cd = iconv_open(cs, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t in_left = strlen(utf8), cap = in_left * 4 + 16, out_left = cap;
    char *out = calloc(1, cap), *src = (char *)utf8, *dst = out;
    assert_true(iconv(cd, &src, &in_left, &dst, &out_left) != (size_t)-1);
    assert_true(iconv(cd, NULL, NULL, &dst, &out_left) != (size_t)-1);
    iconv_close(cd);
    if (n)
        *n = (size_t)(dst - out);
    return out;
}

static void b64(Buf *out, const void *data, size_t n)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        buf_putc(out, t[v >> 18]);
        buf_putc(out, t[(v >> 12) & 63]);
        buf_putc(out, i + 1 < n ? t[(v >> 6) & 63] : '=');
        buf_putc(out, i + 2 < n ? t[v & 63] : '=');
    }
}

/* =?cs?B?…?= of utf8 encoded in cs. */
static void bword(Buf *out, const char *cs, const char *utf8)
{
    size_t n;
    char *bytes = enc(utf8, cs, &n);
    buf_printf(out, "=?%s?B?", cs);
    b64(out, bytes, n);
    buf_puts(out, "?=");
    free(bytes);
}

static void b64_lines(Buf *out, const void *data, size_t n)
{
    Buf one = BUF_INIT;
    b64(&one, data, n);
    for (size_t i = 0; i < one.len; i += 76) {
        buf_append(out, one.data + i, one.len - i < 76 ? one.len - i : 76);
        buf_puts(out, "\r\n");
    }
    buf_free(&one);
}

/* ---- reading the output back with GMime ---- */

typedef struct Result {
    char *raw;     /* the converted message */
    char *subject; /* decoded by GMime */
    char *from_name, *from_addr;
    char *body;    /* UTF-8 */
    char *content_type;
    Verdict *v;
    SandboxOutput so;
} Result;

static void result_free(Result *r)
{
    free(r->raw);
    free(r->subject);
    free(r->from_name);
    free(r->from_addr);
    free(r->body);
    free(r->content_type);
    verdict_free(r->v);
    sandbox_output_free(&r->so);
    memset(r, 0, sizeof *r);
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

static void read_back(Result *r)
{
    GMimeStream *s = g_mime_stream_mem_new_with_buffer(r->raw, strlen(r->raw));
    GMimeParser *parser = g_mime_parser_new_with_stream(s);
    GMimeMessage *m = g_mime_parser_construct_message(parser, NULL);
    assert_non_null(m);
    r->subject = dup_or_empty(g_mime_message_get_subject(m));
    InternetAddressList *from = g_mime_message_get_from(m);
    if (from && internet_address_list_length(from) > 0) {
        InternetAddress *ia = internet_address_list_get_address(from, 0);
        r->from_name = dup_or_empty(internet_address_get_name(ia));
        r->from_addr = dup_or_empty(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
    } else {
        r->from_name = strdup("");
        r->from_addr = strdup("");
    }
    GMimeObject *part = g_mime_message_get_mime_part(m);
    assert_true(GMIME_IS_PART(part));
    GMimeContentType *ct = g_mime_object_get_content_type(part);
    r->content_type = g_mime_content_type_get_mime_type(ct);
    GMimeStream *mem = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(GMIME_PART(part)), mem);
    GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    const char *cs = g_mime_content_type_get_parameter(ct, "charset");
    Buf body = BUF_INIT;
    if (cs && strcasecmp(cs, "ISO-2022-JP") == 0) {
        iso2022jp_decode(ba->data, ba->len, &body);
    } else {
        buf_append(&body, ba->data, ba->len);
        assert_true(utf8_valid(ba->data, ba->len));
    }
    /* Line ends back to \n for the assertions. */
    Buf lf = BUF_INIT;
    for (size_t i = 0; i < body.len; i++)
        if (body.data[i] != '\r')
            buf_putc(&lf, body.data[i]);
    r->body = buf_take(&lf);
    buf_free(&body);
    g_object_unref(mem);
    g_object_unref(m);
    g_object_unref(parser);
    g_object_unref(s);
    /* sanitized_mail_parse (lgsec incident intake) reads every converted message as GMime does */
    SanitizedMail f;
    sanitized_mail_parse(r->raw, strlen(r->raw), &f);
    assert_string_equal(f.subject, r->subject);
    assert_string_equal(f.from_name, r->from_name);
    assert_string_equal(f.from_addr, r->from_addr);
    assert_string_equal(f.body, r->body);
    sanitized_mail_free(&f);
}

static void convert_with(Result *r, const SanitizePolicy *p, const char *msg, size_t n)
{
    memset(r, 0, sizeof *r);
    r->v = verdict_new("mail");
    SandboxOutput so = SANDBOX_OUTPUT_INIT;
    r->so = so;
    mail_convert(p, (const uint8_t *)msg, n, &r->so, r->v);
    r->raw = strdup(r->so.main.data ? r->so.main.data : "");
    if (!verdict_blocked(r->v))
        read_back(r);
}

static void convert(Result *r, const char *msg)
{
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    convert_with(r, &p, msg, strlen(msg));
}

static const char *const headers_jp =
    "Date: Mon, 23 Nov 2026 10:00:00 +0900\r\n"
    "Message-ID: <abc.123@example.jp>\r\n"
    "To: soumu@city.example.lg.jp\r\n"
    "MIME-Version: 1.0\r\n";

/* A single-part Japanese message with subject, from name and body in charset cs. */
static char *jp_message(const char *cs, const char *cte, const char *subject, const char *name, const char *body)
{
    Buf m = BUF_INIT;
    buf_puts(&m, headers_jp);
    buf_puts(&m, "Subject: ");
    bword(&m, cs, subject);
    buf_puts(&m, "\r\nFrom: ");
    bword(&m, cs, name);
    buf_puts(&m, " <taro@example.co.jp>\r\n");
    buf_printf(&m, "Content-Type: text/plain; charset=%s\r\nContent-Transfer-Encoding: %s\r\n\r\n", cs, cte);
    size_t n;
    char *bytes = enc(body, cs, &n);
    if (strcmp(cte, "base64") == 0)
        b64_lines(&m, bytes, n);
    else
        buf_append(&m, bytes, n);
    free(bytes);
    return buf_take(&m);
}

static void assert_jp(const char *cs, const char *cte)
{
    const char *subject = "【至急】令和8年度 予算要求書の提出について";
    const char *name = "山田 太郎";
    const char *body = "総務課 各位\r\n\r\n予算要求書を添付のとおり提出します。\r\nよろしくお願いいたします。\r\n";
    char *msg = jp_message(cs, cte, subject, name, body);
    Result r;
    convert(&r, msg);
    assert_false(verdict_blocked(r.v));
    assert_string_equal(r.subject, subject);
    assert_string_equal(r.from_name, name);
    assert_string_equal(r.from_addr, "taro@example.co.jp");
    assert_string_equal(r.body, "総務課 各位\n\n予算要求書を添付のとおり提出します。\nよろしくお願いいたします。\n");
    assert_string_equal(r.content_type, "text/plain");
    assert_non_null(strstr(r.raw, "\r\nMessage-ID: <abc.123@example.jp>\r\n"));
    assert_non_null(strstr(r.raw, "\r\nTo: soumu@city.example.lg.jp\r\n"));
    assert_non_null(strstr(r.raw, "Date: Mon, 23 Nov 2026 10:00:00 +0900\r\n"));
    result_free(&r);
    free(msg);
}

static void test_iso2022jp(void **state)
{
    (void)state;
    assert_jp("ISO-2022-JP", "7bit");
}

static void test_shift_jis(void **state)
{
    (void)state;
    assert_jp("Shift_JIS", "base64");
    assert_jp("CP932", "8bit");
}

static void test_euc_jp(void **state)
{
    (void)state;
    assert_jp("EUC-JP", "8bit");
}

static void test_utf8(void **state)
{
    (void)state;
    assert_jp("UTF-8", "base64");
}

/* CP50220/CP50221 extensions that glibc's ISO-2022-JP refuses: ① (NEC row 13), 髙 (NEC-selected
 * IBM row 89+), half-width kana via ESC ( I. */
static void test_iso2022jp_extensions(void **state)
{
    (void)state;
    Buf m = BUF_INIT;
    buf_puts(&m, headers_jp);
    buf_puts(&m, "From: a@example.jp\r\nSubject: ");
    /* ① = JIS 2D21; 髙 = JIS 7A5F? computed below from CP932 FBFC's NEC-selected twin EEE0 = JIS 7C62 */
    Buf word = BUF_INIT;
    buf_puts(&word, "\x1B$B\x2D\x21\x1B(B \x1B$B\x7C\x62\x1B(B \x1B(I\x36\x1B(B");
    buf_puts(&m, "=?ISO-2022-JP?B?");
    b64(&m, word.data, word.len);
    buf_puts(&m, "?=\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n");
    buf_puts(&m, "\x1B$B\x2D\x21\x2D\x22\x2D\x6A\x1B(B \x1B(I\x36\x5E\x1B(B\r\n");
    Result r;
    convert(&r, m.data);
    assert_string_equal(r.subject, "① 髙 ｶ");
    assert_string_equal(r.body, "①②㈱ ｶﾞ\n");
    result_free(&r);
    buf_free(&word);
    buf_free(&m);
}

/* An encoded word split in the middle of a character, across two words (UTF-8 and ISO-2022-JP),
 * and base64 split off its 4-character quantum. */
static void test_split_words(void **state)
{
    (void)state;
    const char *text = "日本語の件名";
    Buf m = BUF_INIT;
    buf_puts(&m, headers_jp);
    buf_puts(&m, "From: a@example.jp\r\nSubject: =?UTF-8?B?");
    b64(&m, text, 4); /* 日 and one byte of 本 */
    buf_puts(&m, "?=\r\n =?UTF-8?B?");
    b64(&m, text + 4, strlen(text) - 4);
    buf_puts(&m, "?=\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nbody\r\n");
    Result r;
    convert(&r, m.data);
    assert_string_equal(r.subject, text);
    result_free(&r);
    buf_free(&m);

    size_t n;
    char *jis = enc("会議の資料", "ISO-2022-JP", &n); /* ESC $ B then 10 bytes then ESC ( B */
    buf_puts(&m, headers_jp);
    buf_puts(&m, "From: a@example.jp\r\nSubject: =?ISO-2022-JP?B?");
    b64(&m, jis, 6); /* ESC $ B 2 bytes and one byte of the next */
    buf_puts(&m, "?= =?iso-2022-jp?b?");
    b64(&m, jis + 6, n - 6);
    buf_puts(&m, "?=\r\n\r\nbody\r\n");
    convert(&r, m.data);
    assert_string_equal(r.subject, "会議の資料");
    result_free(&r);
    buf_free(&m);
    free(jis);

    /* base64 cut after 5 characters: "44GC44GE" is あい; split as "44GC4" + "4GE". */
    buf_puts(&m, headers_jp);
    buf_puts(&m, "From: a@example.jp\r\nSubject: =?UTF-8?B?44GC4?= =?UTF-8?B?4GE?=\r\n\r\nbody\r\n");
    convert(&r, m.data);
    assert_string_equal(r.subject, "あい");
    result_free(&r);
    buf_free(&m);
}

/* Raw 8-bit Shift_JIS in Subject and From (no encoded words at all), body without a charset. */
static void test_raw_8bit_and_missing_charset(void **state)
{
    (void)state;
    Buf m = BUF_INIT;
    char *subj = enc("見積書の件", "CP932", NULL);
    char *name = enc("佐藤 花子", "CP932", NULL);
    char *body = enc("お世話になっております。\r\n", "CP932", NULL);
    buf_printf(&m, "%sSubject: %s\r\nFrom: %s <hanako@example.jp>\r\nContent-Type: text/plain\r\n\r\n%s",
               headers_jp, subj, name, body);
    Result r;
    convert(&r, m.data);
    assert_string_equal(r.subject, "見積書の件");
    assert_string_equal(r.from_name, "佐藤 花子");
    assert_string_equal(r.body, "お世話になっております。\n");
    result_free(&r);
    buf_free(&m);
    free(subj);
    free(name);
    free(body);
}

/* Wrong labels: EUC-JP labelled UTF-8, Shift_JIS labelled ISO-8859-1, UTF-8 labelled Shift_JIS. */
static void test_wrong_charset_labels(void **state)
{
    (void)state;
    const struct {
        const char *real, *label;
    } cases[] = {{"EUC-JP", "UTF-8"}, {"CP932", "iso-8859-1"}, {"UTF-8", "Shift_JIS"}, {"ISO-2022-JP", "us-ascii"}};
    const char *text = "平素より格別のご高配を賜り、厚く御礼申し上げます。\r\n";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Buf m = BUF_INIT;
        char *body = enc(text, cases[i].real, NULL);
        buf_printf(&m, "%sSubject: test\r\nFrom: a@example.jp\r\nContent-Type: text/plain; charset=\"%s\"\r\n\r\n%s",
                   headers_jp, cases[i].label, body);
        Result r;
        convert(&r, m.data);
        assert_string_equal(r.body, "平素より格別のご高配を賜り、厚く御礼申し上げます。\n");
        result_free(&r);
        buf_free(&m);
        free(body);
    }
}

/* Chinese and Korean mail without a charset label (or labelled us-ascii / iso-8859-1): detected by
 * uchardet instead of being read as Japanese or turned into replacement characters. */
static void test_undeclared_other_charsets(void **state)
{
    (void)state;
    const struct {
        const char *cs, *label, *text;
    } cases[] = {
        {"BIG5", NULL, "各位同仁您好，本週五下午三點將於第二會議室召開資訊安全委員會議，請準時出席並攜帶相關資料。\r\n"},
        {"GB18030", "us-ascii", "各位同事：本周五下午三点在第二会议室召开信息安全委员会会议，请准时出席并携带有关材料。\r\n"},
        {"EUC-KR", "iso-8859-1", "안녕하십니까. 이번 주 금요일 오후 세 시에 제이 회의실에서 정보보안 위원회 회의를 개최합니다.\r\n"},
        {"WINDOWS-1252", NULL, "Très chère collègue, la réunion du comité aura lieu vendredi à quinze heures. Merci d'être là.\r\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Buf m = BUF_INIT;
        char *body = enc(cases[i].text, cases[i].cs, NULL);
        buf_printf(&m, "%sSubject: test\r\nFrom: a@example.jp\r\nContent-Type: text/plain%s%s%s\r\n\r\n%s", headers_jp,
                   cases[i].label ? "; charset=\"" : "", cases[i].label ? cases[i].label : "", cases[i].label ? "\"" : "", body);
        Result r;
        convert(&r, m.data);
        Buf want = BUF_INIT;
        for (const char *c = cases[i].text; *c; c++)
            if (*c != '\r')
                buf_putc(&want, *c);
        if (strcmp(r.body, want.data) != 0)
            fail_msg("%s: got %s", cases[i].cs, r.body);
        result_free(&r);
        buf_free(&want);
        buf_free(&m);
        free(body);
    }
}

/* Malformed mail keeps its words: a multipart without a boundary, and a Content-Type that cannot be
 * read, come out as text with a notice (they were an empty body and a dropped attachment). */
static void test_malformed_parts_keep_words(void **state)
{
    (void)state;
    const char *msgs[] = {
        "From: a@example.jp\r\nSubject: t\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\n"
        "--xyz\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n本文が消えてはいけません。\r\n--xyz--\r\n",
        "From: a@example.jp\r\nSubject: t\r\nMIME-Version: 1.0\r\nContent-Type: ;;; garbage\r\n\r\n"
        "本文が消えてはいけません。\r\n",
        "From: a@example.jp\r\nSubject: t\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        "--b\r\nContent-Type: text\r\n\r\n本文が消えてはいけません。\r\n--b--\r\n",
    };
    const char *notes[] = {"multipart/mixed without a boundary", "unreadable Content-Type", "unreadable Content-Type"};
    for (size_t i = 0; i < sizeof msgs / sizeof *msgs; i++) {
        Result r;
        convert(&r, msgs[i]);
        assert_false(verdict_blocked(r.v));
        if (!strstr(r.body, "本文が消えてはいけません。"))
            fail_msg("message %zu: body %s", i, r.body);
        assert_non_null(strstr(r.body, "形式を読み取れない部分"));
        char *j = verdict_to_json(r.v);
        assert_non_null(strstr(j, notes[i]));
        free(j);
        result_free(&r);
    }
}

/* Display names: quoted encoded words (a common broken form), a decoded comma, several recipients. */
static void test_addresses(void **state)
{
    (void)state;
    Buf m = BUF_INIT;
    buf_puts(&m, "Date: Mon, 23 Nov 2026 10:00:00 +0900\r\nSubject: x\r\nFrom: \"");
    bword(&m, "ISO-2022-JP", "三笠市 総務課");
    buf_puts(&m, "\" <soumu@city.mikasa.example.jp>\r\nTo: ");
    bword(&m, "UTF-8", "山田, 太郎");
    buf_puts(&m, " <yamada@example.jp>, suzuki@example.jp\r\n\r\nbody\r\n");
    Result r;
    convert(&r, m.data);
    assert_string_equal(r.from_name, "三笠市 総務課");
    assert_string_equal(r.from_addr, "soumu@city.mikasa.example.jp");
    GMimeStream *s = g_mime_stream_mem_new_with_buffer(r.raw, strlen(r.raw));
    GMimeParser *parser = g_mime_parser_new_with_stream(s);
    GMimeMessage *out = g_mime_parser_construct_message(parser, NULL);
    InternetAddressList *to = g_mime_message_get_to(out);
    assert_int_equal(internet_address_list_length(to), 2);
    assert_string_equal(internet_address_get_name(internet_address_list_get_address(to, 0)), "山田, 太郎");
    assert_string_equal(
        internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(internet_address_list_get_address(to, 1))),
        "suzuki@example.jp");
    g_object_unref(out);
    g_object_unref(parser);
    g_object_unref(s);
    result_free(&r);
    buf_free(&m);
}

static const char attachment_secret[] = "ATTACHMENT-SECRET-BYTES-0123456789-abcdefghijklmnop";

static void assert_no_attachment_bytes(const Result *r)
{
    assert_null(strstr(r->raw, attachment_secret));
    assert_null(strstr(r->body, attachment_secret));
    Buf enc64 = BUF_INIT;
    b64(&enc64, attachment_secret, 30);
    enc64.data[36] = '\0';
    assert_null(strstr(r->raw, enc64.data));
    buf_free(&enc64);
}

/* Attachment names in the broken and RFC 2231 forms, listed decoded; bytes never forwarded. */
static void test_attachment_names(void **state)
{
    (void)state;
    Buf m = BUF_INIT;
    buf_printf(&m, "%sFrom: a@example.jp\r\nSubject: files\r\n"
                   "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n"
                   "--XX\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n本文です。\r\n",
               headers_jp);
    /* 1: unquoted filename==?ISO-2022-JP?B?…?= */
    buf_puts(&m, "--XX\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=");
    bword(&m, "ISO-2022-JP", "見積書.pdf");
    buf_puts(&m, "\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    b64_lines(&m, attachment_secret, strlen(attachment_secret));
    /* 2: RFC 2231 with continuations */
    buf_puts(&m, "--XX\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"
                 "Content-Disposition: attachment;\r\n filename*0*=UTF-8''%E4%BA%88%E7%AE%97;\r\n"
                 " filename*1*=%E8%A1%A8.xlsx\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    b64_lines(&m, attachment_secret, strlen(attachment_secret));
    /* 3: name= in Content-Type only, Shift_JIS encoded word, quoted */
    buf_puts(&m, "--XX\r\nContent-Type: application/octet-stream; name=\"=?Shift_JIS?B?");
    size_t n;
    char *sj = enc("議事録①.docx", "CP932", &n); /* labelled Shift_JIS, written by Windows as CP932 */
    b64(&m, sj, n);
    free(sj);
    buf_puts(&m, "?=");
    buf_puts(&m, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    b64_lines(&m, attachment_secret, strlen(attachment_secret));
    /* 4: a name that is a URL (it would be a link in the listing), with a bidi override */
    buf_puts(&m, "--XX\r\nContent-Type: application/octet-stream\r\n"
                 "Content-Disposition: attachment; filename=\"http://evil.example.com/a\xE2\x80\xAE" "fdp.exe\"\r\n\r\nx\r\n");
    buf_puts(&m, "--XX--\r\n");
    Result r;
    convert(&r, m.data);
    assert_false(verdict_blocked(r.v));
    assert_non_null(strstr(r.body, "4. hxxp://evil[.]example[.]com/afdp.exe\n"));
    assert_non_null(strstr(r.body, "本文です。\n"));
    assert_non_null(strstr(r.body, "1. 見積書.pdf\n"));
    assert_non_null(strstr(r.body, "2. 予算表.xlsx\n"));
    assert_non_null(strstr(r.body, "3. 議事録①.docx\n"));
    assert_non_null(strstr(r.body, "application/pdf"));
    assert_non_null(strstr(r.body, "削除 / dropped"));
    /* The listed SHA-256 is that of the attachment's bytes. */
    assert_non_null(strstr(r.body, "SHA-256: "));
    assert_int_equal(verdict_child_count(r.v), 4);
    assert_string_equal(verdict_action(r.v), "disarmed");
    char *json = verdict_to_json(verdict_child(r.v, 0));
    assert_non_null(strstr(json, "見積書.pdf"));
    assert_non_null(strstr(json, "attachment dropped by policy"));
    free(json);
    assert_no_attachment_bytes(&r);
    assert_int_equal(r.so.n_extra, 0);
    result_free(&r);
    buf_free(&m);
}

/* HTML only, charset only in <meta http-equiv>: readable text, no script, links unclickable. */
static const char *const html_doc =
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"
    "<title>タイトルは出さない</title><style>p { color: red }</style>"
    "<script>alert('x')</script></head><body>"
    "<h1>防災訓練のお知らせ</h1><p>日時は<b>12月1日</b>です。<br>場所は市役所です。</p>"
    "<ul><li>持ち物: 筆記用具</li><li>服装: 自由</li></ul>"
    "<ol><li>受付</li><li>訓練</li></ol>"
    "<table><tr><th>班</th><th>担当</th></tr><tr><td>1班</td><td>総務課</td></tr></table>"
    "<p>詳細は<a href=\"https://www.example.jp/bousai/index.html?id=1\">こちら</a>をご覧ください。</p>"
    "<p><img src=\"cid:map\" alt=\"会場の地図\"><img src=\"https://track.example.com/p.gif\"></p>"
    "<p>連絡先 <a href=\"mailto:bousai@example.jp\">bousai@example.jp</a></p>"
    "<p onclick=\"evil()\">http://plain.example.org/path の文字列</p>"
    "<form><input type=\"text\" value=\"入力欄\"></form>"
    "<iframe src=\"https://evil.example.com/\"></iframe>"
    "</body></html>";

static void test_html_only(void **state)
{
    (void)state;
    size_t n;
    char *html = enc(html_doc, "CP932", &n);
    Buf m = BUF_INIT;
    buf_printf(&m, "%sFrom: a@example.jp\r\nSubject: html\r\nContent-Type: text/html\r\n"
                   "Content-Transfer-Encoding: base64\r\n\r\n",
               headers_jp);
    b64_lines(&m, html, n);
    Result r;
    convert(&r, m.data);
    assert_string_equal(r.body, "防災訓練のお知らせ\n"
                                "\n"
                                "日時は12月1日です。\n"
                                "場所は市役所です。\n"
                                "\n"
                                "・持ち物: 筆記用具\n"
                                "・服装: 自由\n"
                                "\n"
                                "1. 受付\n"
                                "2. 訓練\n"
                                "\n"
                                "班 | 担当\n"
                                "1班 | 総務課\n"
                                "\n"
                                "詳細はこちら [hxxps://www[.]example[.]jp/bousai/index.html?id=1]をご覧ください。\n"
                                "\n"
                                "[画像: 会場の地図]\n"
                                "\n"
                                "連絡先 bousai@example.jp\n"
                                "\n"
                                "hxxp://plain[.]example[.]org/path の文字列\n");
    assert_null(strstr(r.raw, "alert"));
    assert_null(strstr(r.body, "タイトル"));
    assert_null(strstr(r.body, "入力欄"));
    char *json = verdict_to_json(r.v);
    assert_non_null(strstr(json, "HTML: 3 script/style/embedded object element(s)"));
    assert_non_null(strstr(json, "link(s) made unclickable"));
    free(json);
    result_free(&r);

    /* LINKS_REMOVE: the link text only, no address at all. */
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.link_style = LINKS_REMOVE;
    convert_with(&r, &p, m.data, m.len);
    assert_non_null(strstr(r.body, "詳細はこちらをご覧ください。\n"));
    assert_null(strstr(r.body, "example[.]jp/bousai"));
    assert_null(strstr(r.body, "plain"));
    assert_non_null(strstr(r.body, "[URL削除] の文字列"));
    result_free(&r);
    buf_free(&m);
    free(html);
}

/* multipart/alternative: the text/plain rendering is used, not the HTML one. */
static void test_alternative_prefers_plain(void **state)
{
    (void)state;
    Buf m = BUF_INIT;
    buf_printf(&m, "%sFrom: a@example.jp\r\nSubject: alt\r\n"
                   "Content-Type: multipart/alternative; boundary=b1\r\n\r\n"
                   "--b1\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>HTML版</p>\r\n"
                   "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                   "=E3=83=86=E3=82=AD=E3=82=B9=E3=83=88=E7=89=88 https://example.jp/a\r\n"
                   "--b1--\r\n",
               headers_jp);
    Result r;
    convert(&r, m.data);
    assert_string_equal(r.body, "テキスト版 hxxps://example[.]jp/a\n");
    result_free(&r);
    buf_free(&m);
}

/* mixed(alternative(plain, related(html, image)), pdf, nested message): body from the plain part,
 * the pdf and the forwarded message listed, nothing of them in the output. */
static void test_nested_multipart(void **state)
{
    (void)state;
    Buf m = BUF_INIT;
    buf_printf(&m, "%sFrom: a@example.jp\r\nSubject: nested\r\n"
                   "Content-Type: multipart/mixed; boundary=outer\r\n\r\npreamble\r\n"
                   "--outer\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n"
                   "--alt\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n",
               headers_jp);
    size_t n;
    char *jis = enc("入れ子の本文\r\n", "ISO-2022-JP", &n);
    buf_append(&m, jis, n);
    free(jis);
    buf_puts(&m, "--alt\r\nContent-Type: multipart/related; boundary=rel\r\n\r\n"
                 "--rel\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>HTMLの本文<img src=cid:x></p>\r\n"
                 "--rel\r\nContent-Type: image/png\r\nContent-ID: <x>\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    b64_lines(&m, attachment_secret, strlen(attachment_secret));
    buf_puts(&m, "--rel--\r\n--alt--\r\n"
                 "--outer\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    b64_lines(&m, attachment_secret, strlen(attachment_secret));
    buf_printf(&m, "--outer\r\nContent-Type: message/rfc822\r\n\r\nFrom: b@example.jp\r\nSubject: inner\r\n\r\n%s\r\n"
                   "--outer--\r\n",
               attachment_secret);
    Result r;
    convert(&r, m.data);
    assert_true(strncmp(r.body, "入れ子の本文\n", strlen("入れ子の本文\n")) == 0);
    assert_null(strstr(r.body, "HTMLの本文"));
    assert_non_null(strstr(r.body, "1. a.pdf\n"));
    assert_non_null(strstr(r.body, "message/rfc822"));
    assert_int_equal(verdict_child_count(r.v), 2);
    assert_no_attachment_bytes(&r);
    result_free(&r);
    buf_free(&m);
}

/* ---- TNEF ---- */

static void u32le(Buf *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        buf_putc(b, (char)(v >> (8 * i)));
}

static void tnef_attr(Buf *b, uint8_t level, uint32_t attr, const void *data, uint32_t len)
{
    buf_putc(b, (char)level);
    u32le(b, attr);
    u32le(b, len);
    buf_append(b, data, len);
    unsigned sum = 0;
    for (uint32_t i = 0; i < len; i++)
        sum += ((const uint8_t *)data)[i];
    buf_putc(b, (char)(sum & 0xFF));
    buf_putc(b, (char)((sum >> 8) & 0xFF));
}

static void build_tnef(Buf *t)
{
    u32le(t, 0x223E9F78);
    buf_append(t, "\x01\x00", 2);
    tnef_attr(t, 1, 0x00069007, "\xA4\x03\x00\x00", 4); /* OEM code page 932 */
    /* Attachment 1: a long Unicode name in the MAPI properties. */
    tnef_attr(t, 2, 0x00069002, "\x01\x00\xFF\xFF\xFF\xFF\x00\x00\x00\x00\x00\x00\x00\x00", 14);
    tnef_attr(t, 2, 0x00018010, "REPORT~1.DOC\0", 13);
    tnef_attr(t, 2, 0x0006800F, attachment_secret, (uint32_t)strlen(attachment_secret));
    Buf props = BUF_INIT, name16 = BUF_INIT;
    size_t n;
    char *u16 = enc("報告書.docx", "UTF-16LE", &n);
    buf_append(&name16, u16, n);
    buf_append(&name16, "\0\0", 2);
    free(u16);
    u32le(&props, 2);
    u32le(&props, 0x0003 | 0x0E20u << 16); /* PR_ATTACH_SIZE, PT_LONG: skipped */
    u32le(&props, 1234);
    u32le(&props, 0x001F | 0x3707u << 16); /* PR_ATTACH_LONG_FILENAME, PT_UNICODE */
    u32le(&props, 1);
    u32le(&props, (uint32_t)name16.len);
    buf_append(&props, name16.data, name16.len);
    while (props.len % 4)
        buf_putc(&props, 0);
    tnef_attr(t, 2, 0x00069005, props.data, (uint32_t)props.len);
    /* Attachment 2: only an 8-bit title, in Shift_JIS. */
    tnef_attr(t, 2, 0x00069002, "\x01\x00\xFF\xFF\xFF\xFF\x00\x00\x00\x00\x00\x00\x00\x00", 14);
    char *title = enc("名簿.csv", "CP932", &n);
    tnef_attr(t, 2, 0x00018010, title, (uint32_t)n + 1);
    free(title);
    tnef_attr(t, 2, 0x0006800F, attachment_secret, (uint32_t)strlen(attachment_secret));
    buf_free(&props);
    buf_free(&name16);
}

static void test_tnef(void **state)
{
    (void)state;
    Buf t = BUF_INIT, m = BUF_INIT;
    build_tnef(&t);
    buf_printf(&m, "%sFrom: a@example.jp\r\nSubject: outlook\r\n"
                   "Content-Type: multipart/mixed; boundary=t\r\n\r\n"
                   "--t\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nsee attached\r\n"
                   "--t\r\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\r\n"
                   "Content-Transfer-Encoding: base64\r\n\r\n",
               headers_jp);
    b64_lines(&m, t.data, t.len);
    buf_puts(&m, "--t--\r\n");
    Result r;
    convert(&r, m.data);
    assert_non_null(strstr(r.body, "1. 報告書.docx\n"));
    assert_non_null(strstr(r.body, "2. 名簿.csv\n"));
    assert_non_null(strstr(r.body, "inside winmail.dat"));
    assert_int_equal(verdict_child_count(r.v), 2);
    assert_no_attachment_bytes(&r);
    result_free(&r);

    /* A damaged container (cut short) is listed itself, with what could be read. */
    buf_reset(&m);
    buf_printf(&m, "%sFrom: a@example.jp\r\nSubject: outlook\r\n"
                   "Content-Type: application/ms-tnef\r\nContent-Transfer-Encoding: base64\r\n\r\n",
               headers_jp);
    b64_lines(&m, t.data, t.len - 7);
    convert(&r, m.data);
    assert_non_null(strstr(r.body, "1. 報告書.docx\n"));
    assert_non_null(strstr(r.body, "application/ms-tnef"));
    assert_no_attachment_bytes(&r);
    result_free(&r);
    buf_free(&t);
    buf_free(&m);
}

/* ---- output charset, headers ---- */

static void test_output_iso2022jp(void **state)
{
    (void)state;
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.output_iso2022jp = true;
    Buf m = BUF_INIT;
    buf_printf(&m, "%sFrom: =?UTF-8?B?", headers_jp);
    b64(&m, "高橋 一郎", strlen("高橋 一郎"));
    buf_puts(&m, "?= <ichiro@example.jp>\r\nSubject: =?UTF-8?B?");
    const char *subject = "第3回 検討会議（案）日程調整についてのご連絡とお願い、長い件名の折り返し確認です";
    b64(&m, subject, strlen(subject));
    buf_puts(&m, "?=\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n");
    buf_puts(&m, "①会議室 ｶﾞｲﾄﾞ 〜 😀\r\n");
    Result r;
    convert_with(&r, &p, m.data, m.len);
    assert_string_equal(r.content_type, "text/plain");
    assert_non_null(strstr(r.raw, "charset=ISO-2022-JP"));
    assert_non_null(strstr(r.raw, "Subject: =?ISO-2022-JP?B?"));
    assert_string_equal(r.subject, subject);
    assert_string_equal(r.from_name, "高橋 一郎");
    /* Half-width kana become full-width; a character outside JIS becomes 〓. */
    assert_true(strncmp(r.body, "①会議室 ガイド ～ 〓\n", strlen("①会議室 ガイド ～ 〓\n")) == 0);
    /* The output is 7-bit. */
    for (const char *s = r.raw; *s; s++)
        assert_true((unsigned char)*s < 0x80);
    result_free(&r);
    buf_free(&m);
}

static void test_sanitized_header_and_no_injection(void **state)
{
    (void)state;
    Buf m = BUF_INIT;
    buf_puts(&m, "From: a@example.jp\r\nX-Spam: 1\r\nReturn-Path: <x@evil.example>\r\nSubject: =?UTF-8?B?");
    const char *evil = "hello\r\nBcc: victim@example.jp";
    b64(&m, evil, strlen(evil));
    buf_puts(&m, "?=\r\nMessage-ID: <ok@id> <bad id>\r\nReferences: <r1@x>\r\n <r2@x>\r\n\r\nbody\r\n");
    Result r;
    convert(&r, m.data);
    assert_null(strstr(r.raw, "\r\nBcc:"));
    assert_null(strstr(r.raw, "X-Spam"));
    assert_null(strstr(r.raw, "Return-Path"));
    assert_string_equal(r.subject, "hello Bcc: victim@example.jp");
    assert_non_null(strstr(r.raw, "\r\nMessage-ID: <ok@id>\r\n"));
    assert_non_null(strstr(r.raw, "\r\nReferences: <r1@x>\r\n <r2@x>\r\n"));
    assert_non_null(strstr(r.raw, "X-Lgsec-Sanitized: =?UTF-8?B?"));
    GMimeStream *s = g_mime_stream_mem_new_with_buffer(r.raw, strlen(r.raw));
    GMimeParser *parser = g_mime_parser_new_with_stream(s);
    GMimeMessage *out = g_mime_parser_construct_message(parser, NULL);
    assert_string_equal(g_mime_object_get_header(GMIME_OBJECT(out), "X-Lgsec-Sanitized"),
                        "mic-第25条; text-converted");
    g_object_unref(out);
    g_object_unref(parser);
    g_object_unref(s);
    result_free(&r);
    buf_free(&m);
}

/* ---- blocked ---- */

static void test_blocked(void **state)
{
    (void)state;
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.max_message_bytes = 100;
    Buf m = BUF_INIT;
    buf_printf(&m, "%sFrom: a@example.jp\r\nSubject: big\r\n\r\n", headers_jp);
    for (int i = 0; i < 20; i++)
        buf_puts(&m, "0123456789");
    Result r;
    convert_with(&r, &p, m.data, m.len);
    assert_true(verdict_blocked(r.v));
    assert_string_equal(verdict_block_code(r.v), "mail_too_large");
    assert_int_equal(r.so.main.len, 0);
    result_free(&r);

    sanitize_policy_defaults(&p);
    const char *junk[] = {"", "not a mail at all\n", "\x89PNG\r\n\x1a\n", ": no name\r\n\r\n"};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        convert_with(&r, &p, junk[i], strlen(junk[i]));
        assert_string_equal(verdict_block_code(r.v), "mail_unparseable");
        assert_int_equal(r.so.main.len, 0);
        result_free(&r);
    }

    buf_reset(&m);
    buf_puts(&m, "From: a@example.jp\r\nSubject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n");
    for (int i = 1; i < 40; i++)
        buf_printf(&m, "--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n", i - 1, i);
    buf_puts(&m, "--b39\r\nContent-Type: text/plain\r\n\r\ndeep\r\n");
    convert_with(&r, &p, m.data, m.len);
    assert_string_equal(verdict_block_code(r.v), "mail_too_deep");
    assert_int_equal(r.so.main.len, 0);
    result_free(&r);
    buf_free(&m);
}

/* ---- through the sandbox ---- */

static void test_sanitize_mail_sandboxed(void **state)
{
    (void)state;
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    char *msg = jp_message("ISO-2022-JP", "7bit", "サンドボックス経由", "送信者", "本文\r\n");
    Buf out = BUF_INIT;
    Verdict *v = NULL;
    Err e;
    assert_int_equal(sanitize_mail(&p, (const uint8_t *)msg, strlen(msg), &out, &v, &e), ST_OK);
    assert_false(verdict_blocked(v));
    Result r = {0};
    r.raw = buf_take(&out);
    r.v = v;
    read_back(&r);
    assert_string_equal(r.subject, "サンドボックス経由");
    assert_string_equal(r.body, "本文\n");
    result_free(&r);

    /* Quarantine without a directory is the caller's error, not a verdict. */
    p.attachments = ATTACHMENTS_QUARANTINE;
    assert_int_equal(sanitize_mail(&p, (const uint8_t *)msg, strlen(msg), &out, &v, &e), ST_INVALID);
    assert_string_equal(e.code, "quarantine_dir_missing");
    assert_null(v);
    free(msg);
}

/* Less common forms: Q-encoded EUC-JP subject, SO/SI half-width kana (CP50222), JIS X 0212, an
 * encrypted part, an attachment over the size limit. */
static void test_more_forms(void **state)
{
    (void)state;
    Buf m = BUF_INIT;
    buf_printf(&m, "%sFrom: a@example.jp\r\nSubject: =?EUC-JP?Q?=CD=BD=BB=BB=A4=CE=B7=EF?= (2)\r\n"
                   "Content-Type: multipart/mixed; boundary=z\r\n\r\n"
                   "--z\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n"
                   "\x0E\x36\x5E\x0F \x1B$(D\x30\x21\x1B(B\r\n"
                   "--z\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n"
                   "Content-Transfer-Encoding: base64\r\n\r\nAAAA\r\n"
                   "--z\r\nContent-Type: application/pdf; name=big.pdf\r\n\r\n%s\r\n--z--\r\n",
               headers_jp, attachment_secret);
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.max_file_bytes = 16;
    Result r;
    convert_with(&r, &p, m.data, m.len);
    assert_string_equal(r.subject, "予算の件 (2)");
    assert_true(strncmp(r.body, "ｶﾞ 丂\n", strlen("ｶﾞ 丂\n")) == 0);
    assert_non_null(strstr(r.body, "暗号化された部分は本文に変換できません"));
    assert_non_null(strstr(r.body, "2. big.pdf\n"));
    assert_non_null(strstr(r.body, "遮断 / blocked (attachment_too_large)"));
    assert_string_equal(verdict_block_code(verdict_child(r.v, 1)), "attachment_too_large");
    assert_false(verdict_blocked(r.v));
    assert_no_attachment_bytes(&r);
    result_free(&r);
    buf_free(&m);
}

/* ---- quarantine (disarm_file in the child, files written by the parent) ---- */

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    Buf b = BUF_INIT;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, got);
    fclose(f);
    *n = b.len;
    return buf_take(&b);
}

static const char eicar[] = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

/* A ZIP holding one member, made with libzip in memory. */
static void zip_one(const char *member, const void *data, size_t n, Buf *out)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    assert_non_null(src);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
    assert_non_null(z);
    zip_source_t *m = zip_source_buffer(z, data, n, 0);
    assert_true(zip_file_add(z, member, m, ZIP_FL_ENC_UTF_8) >= 0);
    assert_int_equal(zip_close(z), 0);
    assert_int_equal(zip_source_open(src), 0);
    zip_stat_t st;
    zip_source_stat(src, &st);
    buf_grow(out, st.size);
    zip_int64_t got = zip_source_read(src, out->data + out->len, st.size);
    assert_true(got == (zip_int64_t)st.size);
    out->len += (size_t)got;
    out->data[out->len] = '\0';
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&err);
}

static void add_part(Buf *m, const char *type, const char *filename, const void *data, size_t n)
{
    buf_printf(m, "--q\r\nContent-Type: %s\r\nContent-Disposition: attachment; filename=\"%s\"\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n",
               type, filename);
    b64_lines(m, data, n);
}

static void test_quarantine(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_mail_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char qdir[256], db[256], path[512];
    snprintf(qdir, sizeof qdir, "%s/quarantine", dir);
    /* Our own signature database: the EICAR test file by MD5 and size (never downloaded). */
    snprintf(db, sizeof db, "%s/db", dir);
    assert_int_equal(mkdir(db, 0700), 0);
    unsigned char md5[16];
    GChecksum *ck = g_checksum_new(G_CHECKSUM_MD5);
    g_checksum_update(ck, (const guchar *)eicar, strlen(eicar));
    gsize md5_len = sizeof md5;
    g_checksum_get_digest(ck, md5, &md5_len);
    g_checksum_free(ck);
    Buf sig = BUF_INIT;
    for (int i = 0; i < 16; i++)
        buf_printf(&sig, "%02x", md5[i]);
    buf_printf(&sig, ":%zu:Lgsec.Test.EICAR\n", strlen(eicar));
    snprintf(path, sizeof path, "%s/test.hdb", db);
    write_file(path, sig.data, sig.len);
    buf_free(&sig);

    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.attachments = ATTACHMENTS_QUARANTINE;
    p.quarantine_dir = qdir;
    p.require_malware_scan = false; /* the scan is exercised in-process below */
    p.release_contact = "情報政策課 内線 1234";
    const char *csv = "氏名,金額\r\n山田,=cmd|' /C calc'!A0\r\n";
    Buf m = BUF_INIT;
    buf_printf(&m, "%sFrom: a@example.jp\r\nSubject: q\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n"
                   "--q\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n本文\r\n",
               headers_jp);
    add_part(&m, "text/csv", "meibo.csv", csv, strlen(csv));
    add_part(&m, "application/x-msdownload", "setup.exe", "MZ\x90\x00\x03\x00\x00\x00", 8);
    buf_puts(&m, "--q--\r\n");
    Buf out = BUF_INIT;
    Verdict *v = NULL;
    Err e;
    assert_int_equal(sanitize_mail(&p, (const uint8_t *)m.data, m.len, &out, &v, &e), ST_OK);
    assert_false(verdict_blocked(v));
    Result r = {0};
    r.raw = buf_take(&out);
    r.v = v;
    read_back(&r);
    assert_non_null(strstr(r.body, "本文\n"));
    assert_non_null(strstr(r.body, "1. meibo.csv\n"));
    assert_non_null(strstr(r.body, "無害化して隔離 / disarmed and quarantined"));
    assert_non_null(strstr(r.body, "情報政策課 内線 1234"));
    assert_null(strstr(r.raw, "=cmd"));
    /* The executable is blocked, not quarantined. */
    assert_int_equal(verdict_child_count(v), 2);
    assert_false(verdict_blocked(verdict_child(v, 0)));
    assert_true(verdict_blocked(verdict_child(v, 1)));
    assert_non_null(strstr(r.body, "2. setup.exe\n"));
    assert_non_null(strstr(r.body, "遮断 / blocked"));
    /* The quarantined CSV: 0700 directory, one 0600 file named by the SHA-256 in the body, with the
     * formula neutralised. */
    const char *idp = strstr(r.body, "隔離ID / quarantine ID: ");
    assert_non_null(idp);
    char id[65];
    memcpy(id, idp + strlen("隔離ID / quarantine ID: "), 64);
    id[64] = '\0';
    struct stat st;
    assert_int_equal(stat(qdir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    snprintf(path, sizeof path, "%s/%s", qdir, id);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    size_t n;
    char *kept = read_file(path, &n);
    assert_non_null(kept);
    assert_non_null(strstr(kept, "山田,'=cmd"));
    free(kept);
    /* Both originals as received (the CSV, and the executable blocked for its type) are kept for the
     * 原本取り出し under originals/<the SHA-256 the body lists>, 0700 / 0600. */
    char odir[4200];
    snprintf(odir, sizeof odir, "%s/originals", qdir);
    assert_int_equal(stat(odir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    int originals = 0;
    for (const char *sp = strstr(r.body, "SHA-256: "); sp; sp = strstr(sp + 1, "SHA-256: ")) {
        char opath[4300];
        snprintf(opath, sizeof opath, "%s/%.64s", odir, sp + strlen("SHA-256: "));
        assert_int_equal(stat(opath, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        size_t on;
        char *orig = read_file(opath, &on);
        assert_non_null(orig);
        originals += on == strlen(csv) && memcmp(orig, csv, on) == 0;
        free(orig);
        unlink(opath);
    }
    assert_int_equal(originals, 1);
    rmdir(odir);
    char *json = verdict_to_json(v);
    assert_non_null(strstr(json, "quarantined as"));
    free(json);
    result_free(&r);
    unlink(path);
    rmdir(qdir);

    /* EICAR inside a ZIP inside a mail, scanned with our database (in-process: mail_convert is what
     * the sandboxed child runs). The ZIP is blocked and nothing of it is kept or shown. */
    p.require_malware_scan = true;
    p.clamav_db = db;
    disarm_prepare(&p);
    Buf zip = BUF_INIT;
    zip_one("readme.txt", eicar, strlen(eicar), &zip);
    buf_reset(&m);
    buf_printf(&m, "%sFrom: a@example.jp\r\nSubject: q\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n"
                   "--q\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n本文\r\n",
               headers_jp);
    add_part(&m, "application/zip", "virus.zip", zip.data, zip.len);
    buf_puts(&m, "--q--\r\n");
    convert_with(&r, &p, m.data, m.len);
    assert_false(verdict_blocked(r.v));
    assert_int_equal(verdict_child_count(r.v), 1);
    assert_true(verdict_blocked(verdict_child(r.v, 0)));
    assert_int_equal(r.so.n_extra, 0);
    assert_non_null(strstr(r.body, "1. virus.zip\n"));
    assert_non_null(strstr(r.body, "遮断 / blocked"));
    assert_null(strstr(r.raw, "EICAR"));
    json = verdict_to_json(r.v);
    assert_non_null(strstr(json, "Lgsec.Test.EICAR"));
    free(json);
    result_free(&r);
    snprintf(path, sizeof path, "%s/test.hdb", db);
    unlink(path);
    rmdir(db);
    rmdir(dir);
    buf_free(&m);
    buf_free(&zip);
}

static void test_charset_detect(void **state)
{
    (void)state;
    const char *text = "これは日本語の文章です。漢字とカタカナを含みます。";
    const char *cs[] = {"CP932", "EUC-JP", "UTF-8", "ISO-2022-JP"};
    const char *expect[] = {"CP932", "EUC-JP", "UTF-8", "ISO-2022-JP"};
    for (size_t i = 0; i < 4; i++) {
        size_t n;
        char *b = enc(text, cs[i], &n);
        assert_string_equal(charset_detect(b, n), expect[i]);
        Buf u = BUF_INIT;
        charset_to_utf8(NULL, b, n, &u);
        assert_string_equal(u.data, text);
        buf_free(&u);
        free(b);
    }
    assert_string_equal(charset_detect("plain", 5), "US-ASCII");
    /* A round trip through our ISO-2022-JP encoder and decoder keeps NEC and IBM characters. */
    const char *ext = "①Ⅹ㈱髙﨑 ～";
    Buf j = BUF_INIT, back = BUF_INIT;
    iso2022jp_encode(ext, strlen(ext), &j);
    iso2022jp_decode((const uint8_t *)j.data, j.len, &back);
    assert_string_equal(back.data, ext);
    /* Outside CP932 (Ⅻ, emoji): 〓. */
    buf_reset(&j);
    buf_reset(&back);
    iso2022jp_encode("Ⅻ😀", strlen("Ⅻ😀"), &j);
    iso2022jp_decode((const uint8_t *)j.data, j.len, &back);
    assert_string_equal(back.data, "〓〓");
    buf_free(&j);
    buf_free(&back);
}


/* sanitized_mail_parse on forms the converter does not write but a broken sandbox could: a quoted
 * display name holding "<" and an address, a folded subject, an ISO-2022-JP body, no headers at all. */
static void test_sanitized_mail_parse_forms(void **state)
{
    (void)state;
    const char *m = "From: \"Yamada <evil@x.jp> \\\"T\\\"\" <real@city.example.lg.jp>\r\n"
                    "Subject: =?UTF-8?B?5Lu2?=\r\n =?UTF-8?B?5ZCN?= tail\r\n"
                    "Message-ID: <id 1@x> <ok@x>\r\n"
                    "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
                    "\r\n"
                    "\x1b$B$\"$j\x1b(B\r\nline2\x01\r\n";
    SanitizedMail f;
    sanitized_mail_parse(m, strlen(m), &f);
    assert_string_equal(f.from_addr, "real@city.example.lg.jp");
    assert_string_equal(f.from_name, "Yamada <evil@x.jp> \"T\"");
    assert_string_equal(f.subject, "件名 tail");
    assert_string_equal(f.message_id, ""); /* the first <…> holds a space: not an id */
    assert_string_equal(f.body, "あり\nline2\n");
    sanitized_mail_free(&f);
    sanitized_mail_parse("no header at all", 16, &f);
    assert_string_equal(f.from_addr, "");
    assert_string_equal(f.subject, "");
    assert_string_equal(f.body, "");
    sanitized_mail_free(&f);
    const char *b64 = "From: a@b.jp\r\nContent-Transfer-Encoding: base64\r\n\r\n5pys5paH\r\n!!AA==\r\n";
    sanitized_mail_parse(b64, strlen(b64), &f);
    assert_string_equal(f.from_addr, "a@b.jp");
    assert_string_equal(f.from_name, "");
    assert_string_equal(f.body, "本文"); /* the NUL byte of "AA==" is dropped, the junk skipped */
    sanitized_mail_free(&f);
}

int main(void)
{
    g_mime_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso2022jp),
        cmocka_unit_test(test_shift_jis),
        cmocka_unit_test(test_euc_jp),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_iso2022jp_extensions),
        cmocka_unit_test(test_split_words),
        cmocka_unit_test(test_raw_8bit_and_missing_charset),
        cmocka_unit_test(test_wrong_charset_labels),
        cmocka_unit_test(test_undeclared_other_charsets),
        cmocka_unit_test(test_malformed_parts_keep_words),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_attachment_names),
        cmocka_unit_test(test_html_only),
        cmocka_unit_test(test_alternative_prefers_plain),
        cmocka_unit_test(test_nested_multipart),
        cmocka_unit_test(test_tnef),
        cmocka_unit_test(test_output_iso2022jp),
        cmocka_unit_test(test_sanitized_header_and_no_injection),
        cmocka_unit_test(test_blocked),
        cmocka_unit_test(test_sanitize_mail_sandboxed),
        cmocka_unit_test(test_more_forms),
        cmocka_unit_test(test_quarantine),
        cmocka_unit_test(test_charset_detect),
        cmocka_unit_test(test_sanitized_mail_parse_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
