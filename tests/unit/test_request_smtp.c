/* Unit tests for reminder e-mail (domain/notify_smtp.c, scheduler.c): notifications are mailed
 * through libcurl to a minimal SMTP sink this test runs on a loopback port (a thread speaking just
 * enough SMTP: greeting, EHLO, MAIL, RCPT, DATA, QUIT). The mail names the kind and the link only —
 * nothing of the request's contents; people without an address are skipped; a relay that is down
 * marks the mail failed with smtp_failed; the scheduler tick expires, reminds and mails in one go. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"

#include "core/buf.h"
#include "domain/assets/assets.h"
#include "domain/notify/notify.h"
#include "domain/requests/requests.h"
#include "domain/org/org.h"
#include "domain/work/work.h"

#define T0 1793491200 /* 2026-11-01T00:00:00Z */
#define DAY 86400

/* ---------------------------------------------------------------------------------------------- */
/* The SMTP sink */

typedef struct Sink {
    int fd;
    int port;
    pthread_t thread;
    pthread_mutex_t mu;
    Buf transcript; /* every command line received, and each message's data after "DATA:" */
    int messages;
    volatile int stop;
} Sink;

static bool read_line(int fd, Buf *pending, char *out, size_t cap)
{
    for (;;) {
        char *nl = pending->data ? memchr(pending->data, '\n', pending->len) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - pending->data) + 1;
            size_t copy = n < cap ? n : cap - 1;
            memcpy(out, pending->data, copy);
            out[copy] = '\0';
            memmove(pending->data, pending->data + n, pending->len - n);
            pending->len -= n;
            return true;
        }
        char chunk[4096];
        ssize_t r = recv(fd, chunk, sizeof chunk, 0);
        if (r <= 0)
            return false;
        buf_append(pending, chunk, (size_t)r);
    }
}

static void say(int fd, const char *s)
{
    ssize_t w = send(fd, s, strlen(s), MSG_NOSIGNAL);
    (void)w;
}

static void serve_one(Sink *s, int c)
{
    Buf pending = {0};
    char line[8192];
    say(c, "220 sink ESMTP\r\n");
    while (read_line(c, &pending, line, sizeof line)) {
        pthread_mutex_lock(&s->mu);
        buf_puts(&s->transcript, line);
        pthread_mutex_unlock(&s->mu);
        if (strncasecmp(line, "EHLO", 4) == 0 || strncasecmp(line, "HELO", 4) == 0) {
            say(c, "250 sink\r\n");
        } else if (strncasecmp(line, "DATA", 4) == 0) {
            say(c, "354 end with .\r\n");
            Buf data = {0};
            while (read_line(c, &pending, line, sizeof line) && strcmp(line, ".\r\n") != 0)
                buf_puts(&data, line);
            pthread_mutex_lock(&s->mu);
            buf_puts(&s->transcript, "DATA:\n");
            if (data.data)
                buf_append(&s->transcript, data.data, data.len);
            s->messages++;
            pthread_mutex_unlock(&s->mu);
            buf_free(&data);
            say(c, "250 queued\r\n");
        } else if (strncasecmp(line, "QUIT", 4) == 0) {
            say(c, "221 bye\r\n");
            break;
        } else {
            say(c, "250 ok\r\n");
        }
    }
    buf_free(&pending);
    close(c);
}

static void *sink_main(void *arg)
{
    Sink *s = arg;
    while (!s->stop) {
        int c = accept(s->fd, NULL, NULL);
        if (c < 0)
            break;
        serve_one(s, c);
    }
    return NULL;
}

static void sink_start(Sink *s)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s->fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(s->fd, 8), 0);
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(s->fd, (struct sockaddr *)&a, &len), 0);
    s->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&s->thread, NULL, sink_main, s), 0);
}

static void sink_stop(Sink *s)
{
    s->stop = 1;
    shutdown(s->fd, SHUT_RDWR);
    close(s->fd);
    pthread_join(s->thread, NULL);
    buf_free(&s->transcript);
    pthread_mutex_destroy(&s->mu);
}

/* The decoded body of the n-th message (base64 between the blank line and the end). Caller frees. */
static char *message_body(Sink *s, int n)
{
    pthread_mutex_lock(&s->mu);
    const char *p = s->transcript.data;
    for (int i = 0; p && i <= n; i++) {
        p = strstr(p, "DATA:\n");
        if (p && i < n)
            p += 6;
    }
    char *out = NULL;
    if (p) {
        const char *blank = strstr(p, "\r\n\r\n");
        const char *end = strstr(p + 6, "DATA:\n");
        if (blank && (!end || blank < end)) {
            blank += 4;
            size_t len = end ? (size_t)(end - blank) : strlen(blank);
            out = calloc(1, len + 1);
            size_t bin_len = 0;
            if (sodium_base642bin((unsigned char *)out, len, blank, len, "\r\n", &bin_len, NULL,
                                  sodium_base64_VARIANT_ORIGINAL) != 0)
                bin_len = 0;
            out[bin_len] = '\0';
        }
    }
    pthread_mutex_unlock(&s->mu);
    return out;
}

/* ---------------------------------------------------------------------------------------------- */

typedef struct Fixture {
    TestWorld w;
    Sink sink;
    int64_t joho, staff, manager, asset;
    char url[64];
    SmtpConfig cfg;
} Fixture;

static void act_as(Fixture *f, int64_t person)
{
    f->w.actor.person_id = person;
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    world_open(&f->w, T0);
    int64_t root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    int64_t somu = world_unit(&f->w, root, "somu", "総務部", "department");
    f->joho = world_unit(&f->w, somu, "joho", "情報政策課", "section");
    f->staff = world_person(&f->w, "S1", "職員 一郎", f->joho);
    f->manager = world_person(&f->w, "M1", "課長 花子", f->joho);
    int64_t admin = world_person(&f->w, "A1", "管理 五郎", somu);
    Err e = {0};
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE people SET email = 'kacho@city.example.jp' WHERE id = %lld",
             (long long)f->manager);
    assert_int_equal(db_exec(f->w.db, sql, &e), ST_OK);
    act_as(f, admin);
    RoleAssignment ra = {.person_id = f->manager, .role = "section_security_manager", .scope_kind = "unit",
                         .scope_id = f->joho, .valid_from = "2026-04-01"};
    assert_int_equal(role_assign(&f->w.ctx, &ra, NULL, &e), ST_OK);
    act_as(f, f->staff);
    json_t *in = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "asset_no", "IA-1", "name", "住民名簿",
                           "kind", "information", "unit_id", (json_int_t)f->joho, "confidentiality", "3A",
                           "integrity", "2", "availability", "2", "classification_reason", "個人番号を含む");
    assert_int_equal(asset_create(&f->w.ctx, in, &f->asset, &e), ST_OK);
    json_decref(in);
    sink_start(&f->sink);
    snprintf(f->url, sizeof f->url, "smtp://127.0.0.1:%d", f->sink.port);
    f->cfg = (SmtpConfig){.url = f->url, .from = "lgsec@city.example.jp", .base_url = "https://lgsec.city.example.jp",
                          .timeout_s = 10};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    sink_stop(&f->sink);
    world_close(&f->w);
    free(f);
    return 0;
}

static int64_t take_out(Fixture *f, const char *due)
{
    act_as(f, f->staff);
    json_t *fields = json_pack("{s:s, s:s, s:s, s:s}", "destination", "北海道庁 秘密会議室", "purpose", "住民名簿の照合",
                               "out_at", "2026-11-05T09:00", "return_due", due);
    Err e = {0};
    int64_t id = 0;
    assert_int_equal(request_create(&f->w.ctx, "take_out", f->asset, fields, &id, &e), ST_OK);
    json_decref(fields);
    assert_int_equal(request_submit(&f->w.ctx, id, &e), ST_OK);
    return id;
}

static void mail_carries_kind_and_link_only(void **state)
{
    Fixture *f = *state;
    int64_t id = take_out(f, "2026-11-06");
    Err e = {0};
    int sent = -1;
    assert_int_equal(notify_smtp_send_pending(&f->w.ctx, &f->cfg, 100, &sent, &e), ST_OK);
    assert_int_equal(sent, 1);
    assert_int_equal(f->sink.messages, 1);
    assert_non_null(strstr(f->sink.transcript.data, "RCPT TO:<kacho@city.example.jp>"));
    assert_non_null(strstr(f->sink.transcript.data, "MAIL FROM:<lgsec@city.example.jp>"));
    char *body = message_body(&f->sink, 0);
    assert_non_null(body);
    char link[128];
    snprintf(link, sizeof link, "https://lgsec.city.example.jp/requests/%lld", (long long)id);
    assert_non_null(strstr(body, link));
    assert_non_null(strstr(body, "承認待ちの申請があります"));
    /* nothing of the request or the 機密性3A asset: not the destination, purpose, asset, type label */
    const char *secret[] = {"北海道庁", "秘密会議室", "住民名簿", "照合", "IA-1", "持ち出し", NULL};
    for (int i = 0; secret[i]; i++) {
        assert_null(strstr(body, secret[i]));
        assert_null(strstr(f->sink.transcript.data, secret[i]));
    }
    free(body);
    /* sent once: a second run sends nothing */
    assert_int_equal(notify_smtp_send_pending(&f->w.ctx, &f->cfg, 100, &sent, &e), ST_OK);
    assert_int_equal(sent, 0);
    assert_int_equal(f->sink.messages, 1);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM notifications WHERE mail_state = 'sent'"), 1);
    /* the requester has no address: the decision's notification is kept in the app only */
    act_as(f, f->manager);
    assert_int_equal(request_decide(&f->w.ctx, id, "approve", NULL, &e), ST_OK);
    assert_int_equal(notify_smtp_send_pending(&f->w.ctx, &f->cfg, 100, &sent, &e), ST_OK);
    assert_int_equal(sent, 0);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM notifications WHERE mail_state = 'none'"), 1);
}

static void relay_down_and_bad_config(void **state)
{
    Fixture *f = *state;
    take_out(f, "2026-11-06");
    Err e = {0};
    int sent = -1;
    /* no relay configured: nothing is sent and nothing is marked */
    SmtpConfig none = {0};
    assert_int_equal(notify_smtp_send_pending(&f->w.ctx, &none, 100, &sent, &e), ST_OK);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM notifications WHERE mail_state = 'pending'"), 1);
    /* a sender that could inject headers is refused */
    SmtpConfig bad = f->cfg;
    bad.from = "lgsec@city.example.jp\r\nBcc: x@evil.example";
    assert_int_equal(notify_smtp_send_pending(&f->w.ctx, &bad, 100, &sent, &e), ST_INVALID);
    assert_string_equal(e.code, "invalid_mail_from");
    /* the relay is down: the error is reported and the mail waits for the next run */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    close(fd); /* a port nobody listens on */
    char url[64];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", ntohs(a.sin_port));
    SmtpConfig down = f->cfg;
    down.url = url;
    assert_int_equal(notify_smtp_send_pending(&f->w.ctx, &down, 100, &sent, &e), ST_IO);
    assert_string_equal(e.code, "smtp_failed");
    assert_int_equal(sent, 0);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM notifications WHERE mail_state = 'pending'"), 1);
    /* and goes out once the relay is back */
    assert_int_equal(notify_smtp_send_pending(&f->w.ctx, &f->cfg, 100, &sent, &e), ST_OK);
    assert_int_equal(sent, 1);
}

static void scheduler_tick_expires_reminds_mails(void **state)
{
    Fixture *f = *state;
    int64_t id = take_out(f, "2026-12-20");
    act_as(f, f->manager);
    Err e = {0};
    assert_int_equal(request_decide(&f->w.ctx, id, "approve", NULL, &e), ST_OK); /* valid 14 days */
    /* a person's e-mail so that the requester's reminders are mailed too */
    assert_int_equal(db_exec(f->w.db, "UPDATE people SET email = 'shokuin@city.example.jp' WHERE staff_no = 'S1'", &e),
                     ST_OK);
    SchedulerResult r = {0};
    f->w.clock.fixed = T0 + 13 * DAY; /* valid until 2026-11-15: within 3 days */
    assert_int_equal(scheduler_tick(f->w.db, f->w.pack, &f->w.clock, &f->cfg, &r, &e), ST_OK);
    assert_int_equal(r.expired, 0);
    assert_int_equal(r.reminders, 1);
    assert_int_equal(r.mailed, 3); /* approval_waiting, decided, validity_ending */
    assert_int_equal(scheduler_tick(f->w.db, f->w.pack, &f->w.clock, &f->cfg, &r, &e), ST_OK);
    assert_int_equal(r.reminders, 0);
    assert_int_equal(r.mailed, 0);
    f->w.clock.fixed = T0 + 16 * DAY;
    assert_int_equal(scheduler_tick(f->w.db, f->w.pack, &f->w.clock, NULL, &r, &e), ST_OK);
    assert_int_equal(r.expired, 1);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM requests WHERE state = 'expired'"), 1);
    char *body = message_body(&f->sink, 2);
    assert_non_null(body);
    assert_non_null(strstr(body, "許可の期限が近づいています"));
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(mail_carries_kind_and_link_only, setup, teardown),
        cmocka_unit_test_setup_teardown(relay_down_and_bad_config, setup, teardown),
        cmocka_unit_test_setup_teardown(scheduler_tick_expires_reminds_mails, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
