/* Mail text conversion throughput (issue 6 target: ≥ 1,000 messages/s on one core and ≥ 10× a
 * Python script using the standard email package doing the same extraction).
 *   mail_bench N WORKDIR [BASELINE_SCRIPT]
 * generates N realistic messages (deterministic: ISO-2022-JP, Shift_JIS, EUC-JP and UTF-8 text,
 * HTML-only and multipart/alternative, 30 % with attachments), writes them to WORKDIR/corpus.bin
 * (records of an 8-byte little-endian length and the bytes), times mail_convert in-process, then
 * sanitize_mail (forked sandbox per message) on the first 1,000, then runs the baseline script on the
 * same corpus and prints the ratio. */
#include <iconv.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "sanitize/mail.h"
#include "sanitize/sandbox_worker.h"
#include "sanitize/sanitize.h"

static unsigned long long rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this process: the machine is shared, so rates are per CPU second (wall time is
 * printed too). */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void enc(const char *utf8, const char *cs, Buf *out)
{
    iconv_t cd = iconv_open(cs, "UTF-8");
    size_t in_left = strlen(utf8), cap = in_left * 4 + 16, out_left = cap;
    char *tmp = malloc(cap), *src = (char *)utf8, *dst = tmp;
    iconv(cd, &src, &in_left, &dst, &out_left);
    iconv(cd, NULL, NULL, &dst, &out_left);
    iconv_close(cd);
    buf_append(out, tmp, (size_t)(dst - tmp));
    free(tmp);
}

static void b64(Buf *out, const void *data, size_t n, bool lines)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        buf_putc(out, t[v >> 18]);
        buf_putc(out, t[(v >> 12) & 63]);
        buf_putc(out, i + 1 < n ? t[(v >> 6) & 63] : '=');
        buf_putc(out, i + 2 < n ? t[v & 63] : '=');
        if (lines && (i / 3 + 1) % 19 == 0)
            buf_puts(out, "\r\n");
    }
    buf_puts(out, "\r\n");
}

static void bword(Buf *out, const char *cs, const char *utf8)
{
    Buf bytes = BUF_INIT;
    enc(utf8, cs, &bytes);
    buf_printf(out, "=?%s?B?", cs);
    b64(out, bytes.data, bytes.len, false);
    out->len -= 2; /* no line end inside a header */
    out->data[out->len] = '\0';
    buf_puts(out, "?=");
    buf_free(&bytes);
}

static const char *const subjects[] = {
    "【至急】令和8年度 予算要求書の提出について", "第3回 情報セキュリティ委員会 議事録", "防災訓練の実施について（ご案内）",
    "Re: システム更新作業の日程調整", "見積書送付のご連絡", "住民説明会の開催について",
};
static const char *const names[] = {"山田 太郎", "佐藤 花子", "三笠市 総務課", "株式会社サンプル 営業部"};
static const char *const paragraphs[] = {
    "いつも大変お世話になっております。\r\n標記の件について、下記のとおりご連絡いたします。\r\n",
    "添付の資料をご確認のうえ、12月1日（火）までにご回答くださいますようお願い申し上げます。\r\n",
    "なお、詳細は担当までお問い合わせください。https://www.example.jp/info/detail.html\r\n",
    "会場：市役所 本庁舎 3階 第1会議室\r\n日時：令和8年12月1日 午後2時から\r\n",
    "以上、よろしくお願いいたします。\r\n\r\n総務部 情報政策課\r\n電話 0126-00-0000\r\n",
};

static void text_body(Buf *utf8)
{
    unsigned n = 3 + rnd(6);
    for (unsigned i = 0; i < n; i++)
        buf_puts(utf8, paragraphs[rnd(5)]);
}

static void html_body(Buf *utf8, const char *meta_cs)
{
    buf_printf(utf8, "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\">"
                     "<style>p{margin:0}</style></head><body>",
               meta_cs);
    unsigned n = 3 + rnd(6);
    for (unsigned i = 0; i < n; i++)
        buf_printf(utf8, "<p>%s</p>", paragraphs[rnd(5)]);
    buf_puts(utf8, "<table><tr><th>項目</th><th>内容</th></tr><tr><td>日時</td><td>12月1日</td></tr></table>"
                   "<ul><li>持ち物</li><li>筆記用具</li></ul><a href=\"https://www.example.jp/a\">詳細</a>"
                   "<img src=\"cid:logo\" alt=\"ロゴ\"></body></html>");
}

static void message(Buf *m, unsigned i)
{
    static const char *const cs[] = {"ISO-2022-JP", "ISO-2022-JP", "ISO-2022-JP", "UTF-8", "UTF-8", "UTF-8",
                                     "Shift_JIS", "Shift_JIS", "EUC-JP", "UTF-8"};
    const char *charset = cs[rnd(10)];
    const char *iconv_cs = strcmp(charset, "Shift_JIS") == 0 ? "CP932" : charset;
    buf_printf(m, "Return-Path: <sender%u@example.co.jp>\r\nReceived: from mx.example.co.jp by gw.example.lg.jp; "
                  "Mon, 23 Nov 2026 10:00:00 +0900\r\n",
               i);
    buf_printf(m, "Date: Mon, 23 Nov 2026 10:%02u:00 +0900\r\nMessage-ID: <%u.bench@example.co.jp>\r\n", i % 60, i);
    buf_puts(m, "From: ");
    bword(m, charset, names[rnd(4)]);
    buf_printf(m, " <sender%u@example.co.jp>\r\nTo: soumu@city.example.lg.jp\r\nCc: ", i);
    bword(m, charset, names[rnd(4)]);
    buf_puts(m, " <cc@city.example.lg.jp>\r\nSubject: ");
    bword(m, charset, subjects[rnd(6)]);
    buf_puts(m, "\r\nMIME-Version: 1.0\r\n");
    bool attach = rnd(10) < 3;
    unsigned kind = rnd(10); /* 0-5 plain, 6-7 alternative, 8-9 HTML only */
    if (attach)
        buf_puts(m, "Content-Type: multipart/mixed; boundary=\"==mixed==\"\r\n\r\n--==mixed==\r\n");
    Buf text = BUF_INIT, bytes = BUF_INIT;
    const char *cte = strcmp(charset, "ISO-2022-JP") == 0 ? "7bit" : "base64";
    if (kind < 6) {
        text_body(&text);
        enc(text.data, iconv_cs, &bytes);
        buf_printf(m, "Content-Type: text/plain; charset=%s\r\nContent-Transfer-Encoding: %s\r\n\r\n", charset, cte);
        if (strcmp(cte, "base64") == 0)
            b64(m, bytes.data, bytes.len, true);
        else
            buf_append(m, bytes.data, bytes.len);
    } else if (kind < 8) {
        buf_puts(m, "Content-Type: multipart/alternative; boundary=\"==alt==\"\r\n\r\n--==alt==\r\n");
        text_body(&text);
        enc(text.data, "UTF-8", &bytes);
        buf_puts(m, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        b64(m, bytes.data, bytes.len, true);
        buf_puts(m, "--==alt==\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        buf_reset(&text);
        buf_reset(&bytes);
        html_body(&text, "UTF-8");
        b64(m, text.data, text.len, true);
        buf_puts(m, "--==alt==--\r\n");
    } else {
        html_body(&text, charset);
        enc(text.data, iconv_cs, &bytes);
        buf_puts(m, "Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        b64(m, bytes.data, bytes.len, true);
    }
    if (attach) {
        size_t size = 5000 + rnd(45000);
        unsigned char *blob = malloc(size);
        for (size_t k = 0; k < size; k++)
            blob[k] = (unsigned char)rnd(256);
        memcpy(blob, "%PDF-1.4\n", 9);
        buf_puts(m, "--==mixed==\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"");
        bword(m, charset, "見積書_令和8年度.pdf");
        buf_puts(m, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        b64(m, blob, size, true);
        buf_puts(m, "--==mixed==--\r\n");
        free(blob);
    }
    buf_free(&text);
    buf_free(&bytes);
}

/* mail_bench --rate CORPUS: the in-process conversion rate of a corpus file written by someone else
 * (bench/mailgate_bench.mjs), in messages per CPU second, alone on a line. */
static int rate_of(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    Buf *msgs = NULL;
    unsigned n = 0;
    unsigned char le[8];
    while (fread(le, 1, 8, f) == 8) {
        unsigned long long len = 0;
        for (int k = 0; k < 8; k++)
            len |= (unsigned long long)le[k] << (8 * k);
        msgs = realloc(msgs, (n + 1) * sizeof *msgs);
        msgs[n] = (Buf)BUF_INIT;
        buf_grow(&msgs[n], (size_t)len + 1);
        if (fread(msgs[n].data, 1, (size_t)len, f) != len)
            break;
        msgs[n++].len = (size_t)len;
    }
    fclose(f);
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    mail_prepare();
    double c0 = cpu();
    for (unsigned i = 0; i < n; i++) {
        Verdict *v = verdict_new("mail");
        SandboxOutput out = SANDBOX_OUTPUT_INIT;
        mail_convert(&p, (const uint8_t *)msgs[i].data, msgs[i].len, &out, v);
        sandbox_output_free(&out);
        verdict_free(v);
        buf_free(&msgs[i]);
    }
    printf("%.0f\n", n / (cpu() - c0));
    free(msgs);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--rate") == 0)
        return rate_of(argv[2]);
    if (argc < 3) {
        fprintf(stderr, "usage: mail_bench N WORKDIR [BASELINE_SCRIPT]\n");
        return 2;
    }
    unsigned n = (unsigned)atoi(argv[1]);
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus.bin", argv[2]);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return 1;
    }
    Buf *msgs = calloc(n, sizeof *msgs);
    size_t total = 0;
    for (unsigned i = 0; i < n; i++) {
        message(&msgs[i], i);
        unsigned long long len = msgs[i].len;
        unsigned char le[8];
        for (int k = 0; k < 8; k++)
            le[k] = (unsigned char)(len >> (8 * k));
        fwrite(le, 1, 8, f);
        fwrite(msgs[i].data, 1, msgs[i].len, f);
        total += msgs[i].len;
    }
    fclose(f);
    printf("corpus: %u messages, %.1f MB\n", n, total / 1e6);

    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    mail_prepare();
    double t0 = now(), c0 = cpu();
    size_t out_bytes = 0, blocked = 0;
    for (unsigned i = 0; i < n; i++) {
        Verdict *v = verdict_new("mail");
        SandboxOutput out = SANDBOX_OUTPUT_INIT;
        mail_convert(&p, (const uint8_t *)msgs[i].data, msgs[i].len, &out, v);
        out_bytes += out.main.len;
        blocked += verdict_blocked(v);
        sandbox_output_free(&out);
        verdict_free(v);
    }
    double inproc = n / (cpu() - c0), inproc_wall = n / (now() - t0);
    printf("mail_convert in-process: %.0f messages/s per CPU second (%.0f/s wall; %zu blocked, %.1f MB out)\n",
           inproc, inproc_wall, blocked, out_bytes / 1e6);

    /* The sandbox forks per message: keep only the messages it will see, so the fork copies the
     * page tables of a process the size of a mail gate, not of the whole corpus. */
    unsigned ns = n < 1000 ? n : 1000;
    for (unsigned i = ns; i < n; i++)
        buf_free(&msgs[i]);
    malloc_trim(0);
    t0 = now();
    blocked = 0;
    for (unsigned i = 0; i < ns; i++) {
        Buf out = BUF_INIT;
        Verdict *v = NULL;
        Err e;
        if (sanitize_mail(&p, (const uint8_t *)msgs[i].data, msgs[i].len, &out, &v, &e) != ST_OK) {
            fprintf(stderr, "sanitize_mail: %s\n", e.en);
            return 1;
        }
        blocked += verdict_blocked(v);
        verdict_free(v);
        buf_free(&out);
    }
    double forked = ns / (now() - t0);
    printf("sanitize_mail (sandboxed, first %u): %.0f messages/s wall, fork per message (%zu blocked)\n", ns,
           forked, blocked);

    /* The gate's way: a pre-started sandboxed worker reused for 200 messages (its default), then a
     * fresh one. Sequential, like the in-process run, so the wall-clock figures compare. */
    t0 = now();
    blocked = 0;
    SandboxWorker *w = NULL;
    for (unsigned i = 0; i < ns; i++) {
        Err e;
        if (!sandbox_worker_usable(w)) {
            sandbox_worker_stop(w);
            if (sanitize_mail_worker_start(&p, 200, &w, &e) != ST_OK) {
                fprintf(stderr, "sanitize_mail_worker_start: %s\n", e.en);
                return 1;
            }
        }
        Buf out = BUF_INIT;
        Verdict *v = NULL;
        if (sanitize_mail_in(w, &p, (const uint8_t *)msgs[i].data, msgs[i].len, &out, &v, &e) != ST_OK) {
            fprintf(stderr, "sanitize_mail_in: %s\n", e.en);
            return 1;
        }
        blocked += verdict_blocked(v);
        verdict_free(v);
        buf_free(&out);
    }
    sandbox_worker_stop(w);
    double reused = ns / (now() - t0);
    printf("sanitize_mail_in (sandboxed worker reused for 200, first %u): %.0f messages/s wall (%zu blocked); "
           "%.2fx of in-process wall, %.1fx of fork per message\n",
           ns, reused, blocked, reused / inproc_wall, reused / forked);

    if (argc > 3) {
        char cmd[8300];
        snprintf(cmd, sizeof cmd, "python3 '%s' '%s'", argv[3], path);
        FILE *py = popen(cmd, "r");
        double base = 0;
        char line[512];
        while (py && fgets(line, sizeof line, py)) {
            fputs(line, stdout);
            sscanf(line, "python email baseline: %lf", &base);
        }
        if (py)
            pclose(py);
        if (base > 0)
            printf("ratio in-process / python: %.1fx (target >= 10x; absolute target >= 1000 messages/s)\n",
                   inproc / base);
    }
    for (unsigned i = 0; i < n; i++)
        buf_free(&msgs[i]);
    free(msgs);
    return 0;
}
