/* notify_smtp: mail for pending notifications through the SMTP relay with libcurl (see
 * notify_smtp.h). The message is built here: a base64 UTF-8 subject and body that carry only the
 * notification's kind and its link. */
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "domain/notify/notify_smtp.h"

SmtpConfig smtp_config_from_env(void)
{
    const char *url = getenv("LGSEC_SMTP_URL");
    const char *from = getenv("LGSEC_MAIL_FROM");
    const char *base = getenv("LGSEC_PUBLIC_URL");
    SmtpConfig c = {
        .url = url && *url ? url : NULL,
        .from = from && *from ? from : "lgsec@localhost",
        .base_url = base && *base ? base : "http://127.0.0.1:8080",
        .timeout_s = 30,
    };
    return c;
}

static const struct {
    const char *kind, *phrase;
} phrases[] = {
    {"approval_waiting", "承認待ちの申請があります"},
    {"decided", "申請への判断がありました"},
    {"validity_ending", "許可の期限が近づいています"},
    {"return_due", "持ち出しの返却予定日が近づいています"},
    {"return_overdue", "持ち出しの返却予定日を過ぎています"},
    {"exception_ending", "例外措置の終了予定日が近づいています"},
    {"report_due", "緊急時の例外措置の報告期限が近づいています"},
    {"report_overdue", "緊急時の例外措置の報告期限を過ぎています"},
    {"review_due", "例外措置の定期確認の時期です"},
    {"delegation", "代行に関するお知らせがあります"},
};

const char *notify_kind_phrase(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof phrases / sizeof *phrases; i++)
        if (strcmp(phrases[i].kind, kind) == 0)
            return phrases[i].phrase;
    return "lgsec からのお知らせがあります";
}

/* An address we put into a header and the envelope: printable ASCII, one @, no spaces, brackets or
 * line breaks (header injection). */
static bool address_ok(const char *a)
{
    size_t at = 0, n = strlen(a);
    if (n < 3 || n > 254)
        return false;
    for (const char *p = a; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"')
            return false;
        at += c == '@';
    }
    return at == 1 && a[0] != '@' && a[n - 1] != '@';
}

static void base64_append(Buf *b, const char *s, size_t len, bool wrap)
{
    size_t cap = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    char *out = malloc(cap);
    if (!out)
        abort();
    sodium_bin2base64(out, cap, (const unsigned char *)s, len, sodium_base64_VARIANT_ORIGINAL);
    size_t n = strlen(out);
    for (size_t i = 0; i < n; i += 76) {
        buf_append(b, out + i, n - i < 76 ? n - i : 76);
        if (wrap)
            buf_append(b, "\r\n", 2);
    }
    free(out);
}

/* The whole message (headers and body, CRLF line ends) into b. */
static void build_message(Buf *b, const SmtpConfig *cfg, const char *to, const char *kind, const char *link,
                          int64_t id, int64_t now)
{
    char date[64];
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    const char *phrase = notify_kind_phrase(kind);
    char subject[256];
    snprintf(subject, sizeof subject, "[lgsec] %s", phrase);
    buf_printf(b, "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nMessage-ID: <lgsec.notification.%lld.%lld@%s>\r\n", date,
               cfg->from, to, (long long)id, (long long)now, strchr(cfg->from, '@') + 1);
    buf_printf(b, "Subject: =?UTF-8?B?");
    base64_append(b, subject, strlen(subject), false);
    buf_printf(b, "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n");
    Buf body = {0};
    buf_printf(&body,
               "lgsec からのお知らせです。\n\n%s。\n\n内容は lgsec にログインして確認してください。\n%s%s\n\n"
               "(このメールには申請や情報資産の内容を記載していません。)\n",
               phrase, cfg->base_url, link);
    base64_append(b, body.data, body.len, true);
    buf_free(&body);
}

typedef struct Upload {
    const char *data;
    size_t len, pos;
} Upload;

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    Upload *u = userdata;
    size_t room = size * nmemb, left = u->len - u->pos;
    size_t n = left < room ? left : room;
    memcpy(ptr, u->data + u->pos, n);
    u->pos += n;
    return n;
}

/* *transient: the relay could not be reached (the mail stays pending for the next run). */
static Status send_one(const SmtpConfig *cfg, const char *to, const Buf *msg, bool *transient, Err *e)
{
    *transient = false;
    CURL *c = curl_easy_init();
    if (!c)
        return err_set(e, ST_IO, "smtp_failed", "", "メール送信を準備できません", "cannot set up mail");
    char from[300], rcpt[300], errbuf[CURL_ERROR_SIZE] = "";
    snprintf(from, sizeof from, "<%s>", cfg->from);
    snprintf(rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    Upload u = {msg->data, msg->len, 0};
    curl_easy_setopt(c, CURLOPT_URL, cfg->url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->timeout_s > 0 ? cfg->timeout_s : 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode cc = curl_easy_perform(c);
    curl_slist_free_all(rcpts);
    curl_easy_cleanup(c);
    if (cc == CURLE_OK)
        return ST_OK;
    *transient = cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST || cc == CURLE_OPERATION_TIMEDOUT;
    char ja[400], en[400];
    snprintf(ja, sizeof ja, "メールを送信できませんでした: %s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
    snprintf(en, sizeof en, "mail could not be sent: %s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
    return err_set(e, ST_IO, "smtp_failed", "", ja, en);
}

static Status mark(Ctx *ctx, int64_t id, const char *state, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "UPDATE notifications SET mail_state = ?1, mailed_at = ?2 WHERE id = ?3", e);
    if (!st)
        return e->status;
    char now[21];
    time_iso_utc(clock_now(ctx->clock), now);
    stmt_bind_text(st, 1, state);
    stmt_bind_text(st, 2, strcmp(state, "sent") == 0 ? now : NULL);
    stmt_bind_int(st, 3, id);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

Status notify_smtp_send_pending(Ctx *ctx, const SmtpConfig *cfg, int limit, int *sent_out, Err *e)
{
    if (sent_out)
        *sent_out = 0;
    if (!cfg || !cfg->url)
        return ST_OK;
    if (!cfg->from || !address_ok(cfg->from))
        return err_set(e, ST_INVALID, "invalid_mail_from", "from", "送信元のメールアドレスが正しくありません",
                       "the sender address is not valid");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT n.id, n.kind, n.link, p.email FROM notifications n JOIN people_v p ON p.id = n.person_id"
                          " WHERE n.mail_state = 'pending' ORDER BY n.id LIMIT ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, limit > 0 ? limit : 100);
    json_t *rows = json_array();
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW)
        json_array_append_new(rows, json_pack("[I, s, s, s]", (json_int_t)stmt_int(st, 0), stmt_text(st, 1),
                                              stmt_text(st, 2), stmt_text(st, 3)));
    Status rc = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    Status send_rc = ST_OK;
    Err send_err = {0};
    int sent = 0;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        if (rc != ST_OK)
            break;
        int64_t id = json_integer_value(json_array_get(r, 0));
        const char *to = json_string_value(json_array_get(r, 3));
        if (!address_ok(to)) {
            rc = mark(ctx, id, "none", e);
            continue;
        }
        Buf msg = {0};
        build_message(&msg, cfg, to, json_string_value(json_array_get(r, 1)), json_string_value(json_array_get(r, 2)),
                      id, clock_now(ctx->clock));
        bool transient = false;
        Status s = send_one(cfg, to, &msg, &transient, &send_err);
        buf_free(&msg);
        if (s != ST_OK)
            send_rc = s;
        if (transient) /* the relay is unreachable: the rest waits for the next run */
            break;
        sent += s == ST_OK;
        rc = mark(ctx, id, s == ST_OK ? "sent" : "failed", e);
    }
    json_decref(rows);
    if (sent_out)
        *sent_out = sent;
    if (rc == ST_OK && send_rc != ST_OK) {
        *e = send_err;
        rc = send_rc;
    }
    return rc;
}
