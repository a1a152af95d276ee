/* cmd_mailgate: `lgsec mailgate` — runs the SMTP content filter (src/sanitize/mailgate.h) until
 * SIGINT/SIGTERM. With --db, verdicts become trail entries, and the trail is checkpointed when the
 * signing key is readable (otherwise `lgsec serve` signs them). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/sanitize_opts.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/xmalloc.h"
#include "sanitize/mailgate.h"
#include "trail/trail.h"

#define CHECKPOINT_POLL_S 10

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

typedef struct Checkpointer {
    Db *db;
    char *key_path;
    unsigned ticks;
} Checkpointer;

static void tick(void *arg)
{
    Checkpointer *c = arg;
    if (!c->db || ++c->ticks % CHECKPOINT_POLL_S)
        return;
    Err e = {0};
    if (trail_checkpoint_if_due(c->db, c->key_path, clock_now(clock_system()), TRAIL_CHECKPOINT_MAX_AGE_S,
                                TRAIL_CHECKPOINT_MAX_PENDING, NULL, &e) != ST_OK)
        fprintf(stderr, "lgsec mailgate: %s: %s [%s]\n", tr("証跡チェックポイントの署名に失敗", "trail checkpoint failed"),
                err_message(&e), e.code);
}

static bool parse_count(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || *end || end == s || v < (long)lo || v > (long)hi)
        return false;
    *out = (unsigned)v;
    return true;
}

/* Letters, digits, dots and hyphens: it goes into SMTP greetings. */
static bool hostname_ok(const char *h)
{
    size_t n = strlen(h);
    return n && n <= 253 && strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == n;
}

/* COMMAND: mailgate
 * SUMMARY: Postfix 用の無害化コンテンツフィルタ (SMTP)
 * SUMMARY_EN: SMTP content filter for Postfix (無害化)
 * USAGE:
 * 使い方: lgsec mailgate --next-hop ADDR:PORT [--listen ADDR:PORT] [無害化のオプション]
 *                       [--verdict-log FILE] [--db PATH] [--trail-key FILE] [--max-clients N]
 *                       [--hostname NAME] [--smtp-timeout 秒] [--worker-messages N]
 *   Postfix の content_filter として動く SMTP サーバーです (第25条)。受け取ったメールをすべてテキスト化し、
 *   同じ送信者・宛先で --next-hop (再投入用の smtpd) に送ります。再投入先が受け付けてから 250 を返します。
 *   処理できないメールは転送せず、一時的な理由 (時間切れ、再投入先の停止、資源不足) なら 4xx、
 *   遮断なら 5xx を返します (Postfix がキューに残すか差し戻します)。原本をそのまま通すことはありません。
 *   既定の待受は 127.0.0.1:10025、同時接続 10 (超えると 421)。設定例は README の「無害化」にあります。
 *   変換は隔離済みの常駐プロセスで行い、1 プロセスは同じ宛先ドメインのメールだけを扱い、
 *   --worker-messages 通 (既定 200) ごとに新しいプロセスに替えます。
 *   無害化のオプションは lgsec sanitize と同じです。--db を指定すると判定を証跡に記録し、
 *   署名鍵 (既定 PATH.trail-key) が読めればチェックポイントも署名します。
 * USAGE_EN:
 * usage: lgsec mailgate --next-hop ADDR:PORT [--listen ADDR:PORT] [sanitize options]
 *                       [--verdict-log FILE] [--db PATH] [--trail-key FILE] [--max-clients N]
 *                       [--hostname NAME] [--smtp-timeout SECONDS] [--worker-messages N]
 *   An SMTP server for Postfix's content_filter (article 25). Every message is text-converted and sent
 *   with the same envelope to --next-hop (the re-injection smtpd); 250 is answered only after the next hop
 *   accepted it. A message that cannot be processed is never relayed: 4xx when the cause is temporary
 *   (timeout, next hop down, resources), 5xx when it is blocked, so Postfix keeps it queued or bounces it.
 *   Listens on 127.0.0.1:10025 by default, at most 10 connections (more get 421). README (無害化) shows
 *   the Postfix configuration. Conversion runs in pre-started sandboxed processes; each handles mail for
 *   one set of recipient domains only and is replaced after --worker-messages messages (default 200).
 *   Sanitize options as for lgsec sanitize. With --db, verdicts go to the
 *   trail, and checkpoints are signed when the key (default PATH.trail-key) is readable.
 */
int cmd_mailgate(int argc, char **argv)
{
    PolicyOpts po = {0};
    const char *listen = NULL, *next_hop = NULL, *log_path = NULL, *db_opt = NULL, *max_clients = NULL,
               *hostname = NULL, *smtp_timeout = NULL, *trail_key = NULL, *worker_messages = NULL;
    policy_take_flags(&argc, argv, &po);
    const CliOpt opts[] = {POLICY_CLIOPTS(po),
                           {"--listen", &listen},
                           {"--next-hop", &next_hop},
                           {"--verdict-log", &log_path},
                           {"--db", &db_opt},
                           {"--trail-key", &trail_key},
                           {"--max-clients", &max_clients},
                           {"--hostname", &hostname},
                           {"--smtp-timeout", &smtp_timeout},
                           {"--worker-messages", &worker_messages},
                           {NULL, NULL}};
    int rc = cli_parse(&argc, argv, "mailgate", opts, 0);
    if (rc)
        return rc;
    if (!next_hop)
        return cli_usage("mailgate", "--next-hop (再投入先の ADDR:PORT) を指定してください",
                         "give --next-hop (the re-injection ADDR:PORT)");
    unsigned clients = 10, timeout_s = 300, per_worker = 200;
    if (max_clients && !parse_count(max_clients, 1, 1000, &clients))
        return cli_usage("mailgate", "--max-clients は 1〜1000 です", "--max-clients takes 1-1000");
    if (smtp_timeout && !parse_count(smtp_timeout, 1, 3600, &timeout_s))
        return cli_usage("mailgate", "--smtp-timeout は 1〜3600 秒です", "--smtp-timeout takes 1-3600 seconds");
    if (worker_messages && !parse_count(worker_messages, 1, 100000, &per_worker))
        return cli_usage("mailgate", "--worker-messages は 1〜100000 です", "--worker-messages takes 1-100000");
    if (hostname && !hostname_ok(hostname))
        return cli_usage("mailgate", "--hostname はホスト名です", "--hostname takes a host name");
    SanitizePolicy policy;
    if ((rc = policy_from_opts("mailgate", &po, &policy)))
        return rc;

    Err e = {0};
    Checkpointer cp = {0};
    if (db_opt) {
        if (cli_open_db(db_opt, &cp.db, &e) != ST_OK)
            return cli_fail(&e);
        cp.key_path = trail_key ? xstrdup(trail_key) : trail_default_key_path(db_opt);
        if (access(cp.key_path, R_OK) != 0) {
            fprintf(stderr, tr("lgsec mailgate: 証跡の署名鍵 %s を読めないため、チェックポイントは lgsec serve に任せます\n",
                               "lgsec mailgate: cannot read the trail key %s; checkpoints are left to lgsec serve\n"),
                    cp.key_path);
            db_close(cp.db);
            cp.db = NULL;
        }
    }
    MailgateConfig cfg = {
        .listen = listen ? listen : "127.0.0.1:10025",
        .next_hop = next_hop,
        .hostname = hostname ? hostname : "lgsec-mailgate",
        .policy = &policy,
        .verdict_log = log_path,
        .db_path = db_opt,
        .max_clients = clients,
        .timeout_s = timeout_s,
        .max_recipients = 1000,
        .worker_messages = per_worker,
    };
    Mailgate *g = NULL;
    if (mailgate_open(&cfg, &g, &e) != ST_OK) {
        if (cp.db)
            db_close(cp.db);
        free(cp.key_path);
        return cli_fail(&e);
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    printf(tr("lgsec mailgate を %.*s:%u で起動しました (再投入先 %s、終了は Ctrl+C)\n",
              "lgsec mailgate listening on %.*s:%u (next hop %s; Ctrl+C to stop)\n"),
           (int)(strrchr(cfg.listen, ':') - cfg.listen), cfg.listen, mailgate_port(g), next_hop);
    fflush(stdout);
    mailgate_serve(g, &stop_requested, tick, &cp);
    mailgate_close(g);
    if (cp.db) {
        if (trail_checkpoint(cp.db, cp.key_path, clock_now(clock_system()), &e) != ST_OK)
            fprintf(stderr, "lgsec mailgate: %s [%s]\n", err_message(&e), e.code);
        db_close(cp.db);
    }
    free(cp.key_path);
    printf("%s\n", tr("停止しました", "stopped"));
    return EXIT_OK;
}
