/* Unit tests for the SMTP content filter's parts that need no sanitizer: the SMTP session state
 * machine (commands, sequence errors, dot-unstuffing, pipelining, limits), the re-injection client
 * against a scripted server thread, the temporary/permanent classification of block codes, and
 * the verdict log (file line and trail entry). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "sanitize/mailgate.h"
#include "sanitize/mailgate_relay.h"
#include "sanitize/mailgate_smtp.h"
#include "sanitize/verdict_log.h"
#include "trail/trail.h"

/* ---------------------------------------------------------------- the SMTP session */

typedef struct Got {
    int messages;
    char from[256];
    char rcpt[4][256];
    size_t n_rcpt;
    bool body_8bit;
    Buf data;
} Got;

static void on_message(void *arg, const SmtpEnvelope *env, const char *data, size_t n, Buf *reply)
{
    Got *g = arg;
    g->messages++;
    snprintf(g->from, sizeof g->from, "%s", env->from);
    g->n_rcpt = env->n_rcpt;
    for (size_t i = 0; i < env->n_rcpt && i < 4; i++)
        snprintf(g->rcpt[i], sizeof g->rcpt[i], "%s", env->rcpt[i]);
    g->body_8bit = env->body_8bit;
    buf_reset(&g->data);
    buf_append(&g->data, data, n);
    buf_puts(reply, "250 2.0.0 queued\r\n");
}

typedef struct Harness {
    SmtpConfig cfg;
    SmtpSession s;
    Got got;
    Buf out;
    bool open;
} Harness;

static void start(Harness *h, size_t max_bytes, size_t max_rcpt)
{
    memset(h, 0, sizeof *h);
    h->cfg = (SmtpConfig){.hostname = "gate.test", .max_message_bytes = max_bytes, .max_recipients = max_rcpt,
                          .on_message = on_message, .arg = &h->got};
    smtp_session_init(&h->s, &h->cfg);
    smtp_session_greeting(&h->s, &h->out);
    h->open = true;
}

static void finish(Harness *h)
{
    smtp_session_free(&h->s);
    buf_free(&h->out);
    buf_free(&h->got.data);
}

/* Feeds text and returns the replies it produced (valid until the next call). */
static const char *say(Harness *h, const char *text)
{
    buf_reset(&h->out);
    h->open = smtp_session_feed(&h->s, text, strlen(text), &h->out);
    return buf_str(&h->out);
}

static void test_full_transaction(void **state)
{
    (void)state;
    Harness h;
    start(&h, 1 << 20, 100);
    assert_non_null(strstr(buf_str(&h.out), "220 gate.test"));
    const char *r = say(&h, "EHLO postfix.test\r\n");
    assert_non_null(strstr(r, "250-gate.test\r\n"));
    assert_non_null(strstr(r, "250-SIZE 1048576\r\n"));
    assert_non_null(strstr(r, "8BITMIME"));
    assert_non_null(strstr(r, "PIPELINING"));
    assert_string_equal(say(&h, "MAIL FROM:<a@example.jp> SIZE=100 BODY=8BITMIME\r\n"), "250 2.1.0 Ok\r\n");
    assert_string_equal(say(&h, "RCPT TO:<b@city.lg.jp>\r\n"), "250 2.1.5 Ok\r\n");
    assert_string_equal(say(&h, "rcpt to: <c@city.lg.jp>\r\n"), "250 2.1.5 Ok\r\n");
    assert_string_equal(say(&h, "DATA\r\n"), "354 End data with <CR><LF>.<CR><LF>\r\n");
    assert_string_equal(say(&h, "Subject: x\r\n\r\n..leading dot\r\n.\r\n"), "250 2.0.0 queued\r\n");
    assert_int_equal(h.got.messages, 1);
    assert_string_equal(h.got.from, "a@example.jp");
    assert_int_equal(h.got.n_rcpt, 2);
    assert_string_equal(h.got.rcpt[1], "c@city.lg.jp");
    assert_true(h.got.body_8bit);
    assert_string_equal(buf_str(&h.got.data), "Subject: x\n\n.leading dot\n");
    /* the transaction is over: a new one needs MAIL again */
    assert_non_null(strstr(say(&h, "RCPT TO:<b@city.lg.jp>\r\n"), "503"));
    assert_string_equal(say(&h, "QUIT\r\n"), "221 2.0.0 Bye\r\n");
    assert_false(h.open);
    finish(&h);
}

static const char pipelined[] = "EHLO p\r\nMAIL FROM:<>\r\nRCPT TO:<postmaster>\r\nDATA\r\n"
                                "From: x\r\n\r\nbody\r\n.\r\nQUIT\r\n";

static void test_pipelining_and_byte_at_a_time(void **state)
{
    (void)state;
    Harness h;
    start(&h, 1 << 20, 100);
    const char *r = say(&h, pipelined);
    assert_non_null(strstr(r, "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 "));
    assert_non_null(strstr(r, "250 2.0.0 queued\r\n221 "));
    assert_false(h.open);
    assert_string_equal(h.got.from, "");
    assert_string_equal(buf_str(&h.got.data), "From: x\n\nbody\n");
    finish(&h);

    start(&h, 1 << 20, 100);
    for (const char *p = pipelined; *p; p++) {
        char one[2] = {*p, 0};
        say(&h, one);
    }
    assert_int_equal(h.got.messages, 1);
    assert_string_equal(buf_str(&h.got.data), "From: x\n\nbody\n");
    assert_false(h.open);
    finish(&h);
}

static void test_sequence_errors(void **state)
{
    (void)state;
    Harness h;
    start(&h, 1 << 20, 100);
    assert_non_null(strstr(say(&h, "MAIL FROM:<a@b.jp>\r\n"), "503"));
    assert_non_null(strstr(say(&h, "EHLO\r\n"), "501"));
    say(&h, "HELO p\r\n");
    assert_non_null(strstr(say(&h, "RCPT TO:<b@c.jp>\r\n"), "503"));
    assert_non_null(strstr(say(&h, "DATA\r\n"), "503"));
    say(&h, "MAIL FROM:<a@b.jp>\r\n");
    assert_non_null(strstr(say(&h, "MAIL FROM:<a@b.jp>\r\n"), "503"));
    assert_non_null(strstr(say(&h, "DATA\r\n"), "554"));
    assert_string_equal(say(&h, "RSET\r\n"), "250 2.0.0 Ok\r\n");
    assert_non_null(strstr(say(&h, "RCPT TO:<b@c.jp>\r\n"), "503"));
    assert_non_null(strstr(say(&h, "BDAT 10 LAST\r\n"), "502"));
    assert_non_null(strstr(say(&h, "STARTTLS\r\n"), "502"));
    assert_string_equal(say(&h, "NOOP\r\n"), "250 2.0.0 Ok\r\n");
    assert_true(h.open);
    assert_int_equal(h.got.messages, 0);
    finish(&h);
}

static void test_bad_addresses_and_parameters(void **state)
{
    (void)state;
    Harness h;
    start(&h, 1 << 20, 100);
    say(&h, "EHLO p\r\n");
    assert_non_null(strstr(say(&h, "MAIL FROM:a@b.jp\r\n"), "501"));
    assert_non_null(strstr(say(&h, "MAIL FROM:<a b@c.jp>\r\n"), "501"));
    assert_non_null(strstr(say(&h, "MAIL FROM:<nodomain>\r\n"), "501"));
    assert_non_null(strstr(say(&h, "MAIL FROM:<\xe5\xb1\xb1@b.jp>\r\n"), "501"));
    assert_non_null(strstr(say(&h, "MAIL FROM:<a@b.jp> SIZE=abc\r\n"), "501"));
    assert_non_null(strstr(say(&h, "MAIL FROM:<a@b.jp> AUTH=<>\r\n"), "555"));
    assert_non_null(strstr(say(&h, "MAIL FROM:<\xe5\xb1\xb1@b.jp> SMTPUTF8\r\n"), "250"));
    assert_non_null(strstr(say(&h, "RCPT TO:<>\r\n"), "501"));
    assert_non_null(strstr(say(&h, "RCPT TO:<b@c.jp> NOTIFY=NEVER\r\n"), "555"));
    assert_non_null(strstr(say(&h, "RCPT TO:<@relay.jp:b@c.jp>\r\n"), "250"));
    say(&h, "DATA\r\n");
    say(&h, "x\r\n.\r\n");
    assert_string_equal(h.got.rcpt[0], "b@c.jp");
    finish(&h);
}

static void test_size_limits(void **state)
{
    (void)state;
    Harness h;
    start(&h, 100, 2);
    say(&h, "EHLO p\r\n");
    assert_non_null(strstr(say(&h, "MAIL FROM:<a@b.jp> SIZE=101\r\n"), "552 5.3.4"));
    say(&h, "MAIL FROM:<a@b.jp>\r\n");
    say(&h, "RCPT TO:<b@c.jp>\r\n");
    say(&h, "RCPT TO:<c@c.jp>\r\n");
    assert_non_null(strstr(say(&h, "RCPT TO:<d@c.jp>\r\n"), "452"));
    say(&h, "DATA\r\n");
    char big[300];
    memset(big, 'x', sizeof big - 3);
    memcpy(big + sizeof big - 3, "\r\n", 3);
    say(&h, big);
    assert_string_equal(say(&h, ".\r\n"), "552 5.3.4 Message size exceeds fixed limit\r\n");
    assert_int_equal(h.got.messages, 0);
    /* the session goes on */
    assert_string_equal(say(&h, "NOOP\r\n"), "250 2.0.0 Ok\r\n");
    char longcmd[SMTP_MAX_COMMAND_LINE + 10];
    memset(longcmd, 'A', sizeof longcmd - 3);
    memcpy(longcmd + sizeof longcmd - 3, "\r\n", 3);
    assert_non_null(strstr(say(&h, longcmd), "500 5.5.0"));
    assert_true(h.open);
    finish(&h);
}

static void test_too_many_errors_closes(void **state)
{
    (void)state;
    Harness h;
    start(&h, 1 << 20, 100);
    const char *r = "";
    for (int i = 0; i < SMTP_MAX_ERRORS && h.open; i++)
        r = say(&h, "FROB\r\n");
    assert_non_null(strstr(r, "421"));
    assert_false(h.open);
    finish(&h);
}

/* ---------------------------------------------------------------- the re-injection client */

typedef struct Sink {
    int listen_fd;
    unsigned port;
    const char *rcpt_reply; /* reply to every RCPT */
    Buf received;           /* everything the client sent */
} Sink;

static void sink_send(int fd, const char *s) { assert_int_equal(send(fd, s, strlen(s), 0), (ssize_t)strlen(s)); }

/* A scripted next hop: one connection, replies by command, keeps what it got. */
static void *sink_run(void *arg)
{
    Sink *k = arg;
    int fd = accept(k->listen_fd, NULL, NULL);
    sink_send(fd, "220 sink ESMTP\r\n");
    char buf[4096];
    bool in_data = false;
    Buf line = BUF_INIT;
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
        buf_append(&k->received, buf, (size_t)n);
        for (ssize_t i = 0; i < n; i++) {
            buf_putc(&line, buf[i]);
            if (buf[i] != '\n')
                continue;
            const char *l = buf_str(&line);
            if (in_data) {
                if (strcmp(l, ".\r\n") == 0) {
                    in_data = false;
                    sink_send(fd, "250 2.0.0 Ok: queued as ABC\r\n");
                }
            } else if (strncmp(l, "EHLO", 4) == 0)
                sink_send(fd, "250-sink\r\n250-8BITMIME\r\n250 SIZE 1000000\r\n");
            else if (strncmp(l, "RCPT", 4) == 0)
                sink_send(fd, k->rcpt_reply);
            else if (strncmp(l, "DATA", 4) == 0) {
                in_data = true;
                sink_send(fd, "354 go\r\n");
            } else if (strncmp(l, "QUIT", 4) == 0) {
                sink_send(fd, "221 bye\r\n");
                buf_reset(&line);
                goto out;
            } else
                sink_send(fd, "250 Ok\r\n");
            buf_reset(&line);
        }
    }
out:
    buf_free(&line);
    close(fd);
    return NULL;
}

static void sink_open(Sink *k, const char *rcpt_reply)
{
    memset(k, 0, sizeof *k);
    k->rcpt_reply = rcpt_reply;
    k->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    assert_int_equal(bind(k->listen_fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(listen(k->listen_fd, 1), 0);
    getsockname(k->listen_fd, (struct sockaddr *)&sa, &len);
    k->port = ntohs(sa.sin_port);
}

static void relay_through_sink(const char *rcpt_reply, const char *msg, Sink *k, RelayResult *r)
{
    sink_open(k, rcpt_reply);
    pthread_t t;
    pthread_create(&t, NULL, sink_run, k);
    char *rcpt[] = {"b@city.lg.jp", "c@city.lg.jp"};
    SmtpEnvelope env = {.from = "a@example.jp", .rcpt = rcpt, .n_rcpt = 2};
    RelayTarget target = {.host = "127.0.0.1", .port = k->port, .helo = "gate.test", .timeout_s = 5};
    mailgate_relay(&target, &env, msg, strlen(msg), r);
    shutdown(k->listen_fd, SHUT_RDWR);
    pthread_join(t, NULL);
    close(k->listen_fd);
}

static void test_relay_sends_envelope_and_stuffed_crlf_body(void **state)
{
    (void)state;
    Sink k;
    RelayResult r;
    relay_through_sink("250 Ok\r\n", "Subject: s\n\n.dot\nplain\r\n", &k, &r);
    assert_int_equal(r.code, 250);
    assert_non_null(strstr(r.text, "queued as ABC"));
    const char *got = buf_str(&k.received);
    assert_non_null(strstr(got, "EHLO gate.test\r\n"));
    assert_non_null(strstr(got, "MAIL FROM:<a@example.jp>\r\n"));
    assert_non_null(strstr(got, "RCPT TO:<b@city.lg.jp>\r\nRCPT TO:<c@city.lg.jp>\r\n"));
    assert_non_null(strstr(got, "DATA\r\nSubject: s\r\n\r\n..dot\r\nplain\r\n.\r\nQUIT\r\n"));
    buf_free(&k.received);
}

static void test_relay_failures_are_classified(void **state)
{
    (void)state;
    Sink k;
    RelayResult r;
    relay_through_sink("451 4.3.0 try later\r\n", "x\n", &k, &r);
    assert_int_equal(r.code, 451);
    assert_null(strstr(buf_str(&k.received), "DATA"));
    buf_free(&k.received);
    /* some recipients refused for good: temporary for the whole message, nothing sent */
    relay_through_sink("550 5.1.1 no such user\r\n", "x\n", &k, &r);
    assert_int_equal(r.code, 451);
    assert_null(strstr(buf_str(&k.received), "DATA"));
    buf_free(&k.received);
    /* nobody listening */
    sink_open(&k, "");
    unsigned port = k.port;
    close(k.listen_fd);
    char *rcpt[] = {"b@city.lg.jp"};
    SmtpEnvelope env = {.from = "", .rcpt = rcpt, .n_rcpt = 1};
    RelayTarget target = {.host = "127.0.0.1", .port = port, .helo = "gate.test", .timeout_s = 5};
    mailgate_relay(&target, &env, "x\n", 2, &r);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.text, "unreachable"));
    /* an 8-bit body to a next hop without 8BITMIME would be refused: the sink offers it, so check
     * the parameter is sent */
    relay_through_sink("250 Ok\r\n", "Subject: \xe6\x97\xa5\n\nx\n", &k, &r);
    assert_int_equal(r.code, 250);
    assert_non_null(strstr(buf_str(&k.received), "MAIL FROM:<a@example.jp> BODY=8BITMIME\r\n"));
    buf_free(&k.received);
}

static void test_block_classification(void **state)
{
    (void)state;
    assert_true(mailgate_block_is_temporary("sandbox_timeout"));
    assert_true(mailgate_block_is_temporary("sandbox_limit"));
    assert_true(mailgate_block_is_temporary("malware_scan_unavailable"));
    assert_true(mailgate_block_is_temporary("sandbox_killed"));
    assert_false(mailgate_block_is_temporary("sandbox_crash"));
    assert_false(mailgate_block_is_temporary("mail_unparseable"));
    assert_false(mailgate_block_is_temporary("mail_too_deep"));
    assert_false(mailgate_block_is_temporary(""));
}

static void expect_key(const char *const *rcpt, size_t n, const char *want)
{
    SmtpEnvelope env = {.from = (char *)"", .rcpt = (char **)rcpt, .n_rcpt = n};
    char *key = mailgate_domain_key(&env);
    assert_string_equal(key, want);
    free(key);
}

/* A sandbox worker is bound to this key: one per set of recipient domains, whatever the order,
 * case or repetition of the recipients. */
static void test_domain_key(void **state)
{
    (void)state;
    const char *one[] = {"soumu@City.Example.LG.JP"};
    expect_key(one, 1, "city.example.lg.jp");
    const char *same[] = {"b@city.example.lg.jp", "a@CITY.example.lg.jp", "c@city.example.lg.jp"};
    expect_key(same, 3, "city.example.lg.jp");
    const char *two[] = {"x@town.example.lg.jp", "y@city.example.lg.jp", "z@Town.example.lg.jp"};
    expect_key(two, 3, "city.example.lg.jp,town.example.lg.jp");
    const char *local[] = {"postmaster", "a@b.jp"};
    expect_key(local, 2, ",b.jp");
    /* the last "@" separates the domain: a quoted local part may hold one */
    const char *quoted[] = {"\"a@evil\"@city.example.lg.jp"};
    expect_key(quoted, 1, "city.example.lg.jp");
    expect_key(NULL, 0, "");
}

/* ---------------------------------------------------------------- the verdict log */

static void test_verdict_log_file_and_trail(void **state)
{
    (void)state;
    TestWorld w;
    world_open(&w, 1774000000);
    char log_path[] = "/tmp/lgsec-verdict-log-XXXXXX";
    int fd = mkstemp(log_path);
    close(fd);
    unlink(log_path);

    Verdict *v = verdict_new("見積書.pdf");
    verdict_set_type(v, "pdf");
    verdict_set_input(v, "abc", 3);
    verdict_removed(v, "PDF obj 12: /OpenAction JavaScript");
    verdict_set_output(v, "ab", 2);
    VerdictLog l;
    Err e = {0};
    assert_int_equal(verdict_log_open(&l, log_path, w.path, "cli", &e), ST_OK);
    json_t *ctx = json_pack("{s:s}", "client", "127.0.0.1");
    assert_int_equal(verdict_log_record(&l, "file", v, ctx, &e), ST_OK);
    assert_int_equal(verdict_log_record(&l, "file", v, NULL, &e), ST_OK);
    json_decref(ctx);
    verdict_log_close(&l);

    struct stat st;
    assert_int_equal(stat(log_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    FILE *f = fopen(log_path, "r");
    char line[4096];
    assert_non_null(fgets(line, sizeof line, f));
    json_t *j = json_loads(line, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "file");
    assert_non_null(json_string_value(json_object_get(j, "time")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "context"), "client")), "127.0.0.1");
    json_t *vj = json_object_get(j, "verdict");
    assert_string_equal(json_string_value(json_object_get(vj, "action")), "disarmed");
    assert_string_equal(json_string_value(json_object_get(vj, "subject")), "見積書.pdf");
    json_decref(j);
    assert_non_null(fgets(line, sizeof line, f));
    assert_null(fgets(line, sizeof line, f));
    fclose(f);
    unlink(log_path);

    TrailFilter filter = {.action_prefix = "sanitize."};
    json_t *items;
    int64_t next;
    assert_int_equal(trail_list(w.db, &filter, &items, &next, &e), ST_OK);
    assert_int_equal(json_array_size(items), 2);
    json_t *entry = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(entry, "action")), "sanitize.file");
    assert_string_equal(json_string_value(json_object_get(entry, "object_type")), "sanitize");
    assert_string_equal(json_string_value(json_object_get(entry, "actor")), "cli");
    /* SHA-256("abc") */
    assert_string_equal(json_string_value(json_object_get(entry, "object_id")),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    char *dump = json_dumps(entry, 0);
    assert_null(strstr(dump, "見積書"));       /* names stay out of the trail */
    assert_null(strstr(dump, "OpenAction")); /* so does what was found */
    assert_non_null(strstr(dump, "\"removed\": 1"));
    free(dump);
    json_decref(items);
    verdict_free(v);
    world_close(&w);
}

static void test_verdict_log_refuses_what_it_cannot_open(void **state)
{
    (void)state;
    VerdictLog l;
    Err e = {0};
    assert_int_equal(verdict_log_open(&l, "/nonexistent-dir/verdicts.log", NULL, "cli", &e), ST_IO);
    assert_string_equal(e.code, "verdict_log_unwritable");
    assert_int_equal(verdict_log_open(&l, NULL, "/nonexistent-dir/lgsec.db", "cli", &e), ST_NOTFOUND);
    char empty[] = "/tmp/lgsec-not-a-db-XXXXXX";
    close(mkstemp(empty));
    assert_int_equal(verdict_log_open(&l, NULL, empty, "cli", &e), ST_INVALID);
    assert_string_equal(e.code, "db_not_lgsec");
    unlink(empty);
    /* nothing configured: recording is a no-op */
    assert_int_equal(verdict_log_open(&l, NULL, NULL, "cli", &e), ST_OK);
    Verdict *v = verdict_new("x");
    assert_int_equal(verdict_log_record(&l, "file", v, NULL, &e), ST_OK);
    verdict_free(v);
    verdict_log_close(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_transaction),
        cmocka_unit_test(test_pipelining_and_byte_at_a_time),
        cmocka_unit_test(test_sequence_errors),
        cmocka_unit_test(test_bad_addresses_and_parameters),
        cmocka_unit_test(test_size_limits),
        cmocka_unit_test(test_too_many_errors_closes),
        cmocka_unit_test(test_relay_sends_envelope_and_stuffed_crlf_body),
        cmocka_unit_test(test_relay_failures_are_classified),
        cmocka_unit_test(test_block_classification),
        cmocka_unit_test(test_domain_key),
        cmocka_unit_test(test_verdict_log_file_and_trail),
        cmocka_unit_test(test_verdict_log_refuses_what_it_cannot_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
