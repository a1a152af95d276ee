/* serve: runs the HTTP server until SIGINT/SIGTERM. Every request's transaction is sealed with a
 * signed trail checkpoint (server.c, trail_seal_commits); the loop here sends the newest checkpoint
 * to the configured witnesses each second, and still checkpoints what an unsealed writer (a CLI
 * run without the key) appended. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/gate_opts.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/xmalloc.h"
#include "domain/gate/gate.h"
#include "domain/registers/registers.h"
#include "domain/work/work.h"
#include "http/server.h"
#include "trail/trail.h"
#include "trail/witness.h"

#define CHECKPOINT_POLL_S 10
#define SCHEDULER_POLL_S 60

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* An option's value, else the environment variable's when set and non-empty (the systemd unit passes
 * its settings from /etc/lgsec/lgsec.conf this way), else NULL. */
static const char *option_or_env(const char *option, const char *var)
{
    if (option)
        return option;
    const char *v = getenv(var);
    return v && *v ? v : NULL;
}

static char *read_file(const char *path, Err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        err_setf(e, ST_IO, "file_unreadable", "file", "ファイル %s を読めません", "cannot read %s", path);
        return NULL;
    }
    Buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    return buf_take(&b);
}

/* Signs a checkpoint when one is due (TRAIL_CHECKPOINT_MAX_AGE_S or many pending entries), or
 * whenever anything is pending when force is set (at shutdown). */
static void checkpoint(Db *db, const char *key_path, const Clock *clock, bool force)
{
    Err e = {0};
    Status s = force ? trail_checkpoint(db, key_path, clock_now(clock), &e)
                     : trail_checkpoint_if_due(db, key_path, clock_now(clock), TRAIL_CHECKPOINT_MAX_AGE_S,
                                               TRAIL_CHECKPOINT_MAX_PENDING, NULL, &e);
    if (s != ST_OK)
        fprintf(stderr, "lgsec: %s: %s [%s]\n", tr("証跡チェックポイントの署名に失敗", "trail checkpoint failed"),
                err_message(&e), e.code);
}

#define MAX_WITNESSES 8

/* The configured witnesses (--witness / LGSEC_WITNESSES: "URL=KEY URL=KEY"), each sent the newest
 * checkpoint once a second when it has not cosigned it yet. A failure is printed when it changes. */
typedef struct Witnesses {
    TrailWitness w[MAX_WITNESSES];
    char last_error[MAX_WITNESSES][64];
    size_t n;
} Witnesses;

static Status parse_witness_list(const char *list, Witnesses *ws, Err *e)
{
    memset(ws, 0, sizeof *ws);
    if (!list)
        return ST_OK;
    char *copy = xstrdup(list), *save = NULL;
    Status st = ST_OK;
    for (char *t = strtok_r(copy, " ,\t\n", &save); t && st == ST_OK; t = strtok_r(NULL, " ,\t\n", &save)) {
        if (ws->n == MAX_WITNESSES)
            st = err_set(e, ST_INVALID, "witness_spec_invalid", "witness", "立会人は 8 までです", "8 witnesses at most");
        else if ((st = trail_witness_parse(t, &ws->w[ws->n], e)) == ST_OK && !ws->w[ws->n].url[0])
            st = err_set(e, ST_INVALID, "witness_spec_invalid", "witness", "立会人は URL=検証鍵 で指定してください",
                         "give a witness as URL=VERIFIER-KEY");
        else
            ws->n++;
    }
    free(copy);
    return st;
}

static void send_to_witnesses(Db *db, Witnesses *ws, const Clock *clock)
{
    for (size_t i = 0; i < ws->n; i++) {
        Err e = {0};
        Status st = trail_witness_submit(db, &ws->w[i], clock_now(clock), true, NULL, &e);
        Err ne = {0};
        if (trail_witness_note(db, &ws->w[i], clock_now(clock), st == ST_OK ? NULL : &e, &ne) != ST_OK)
            fprintf(stderr, "lgsec: %s %s: %s [%s]\n", tr("立会人の状態を記録できません", "cannot record the witness state"),
                    ws->w[i].name, err_message(&ne), ne.code);
        const char *code = st == ST_OK ? "" : e.code;
        if (strcmp(code, ws->last_error[i]) != 0 && st != ST_OK)
            fprintf(stderr, "lgsec: %s %s: %s [%s]\n", tr("立会人", "witness"), ws->w[i].name, err_message(&e), e.code);
        snprintf(ws->last_error[i], sizeof ws->last_error[i], "%s", code);
    }
}

static void gate_scheduled(Db *db, const struct Pack *pack, const Clock *clock)
{
    static int64_t last_purge;
    const GateConfig *g = gate_config();
    Actor actor = {.login_id = "system"};
    Ctx ctx = ctx_make(db, clock, &actor, pack);
    Err e = {0};
    if (g->verdict_log && gate_import_log(&ctx, NULL, NULL, &e) != ST_OK)
        fprintf(stderr, "lgsec: %s: %s [%s]\n", tr("無害化の判定ログの取り込みに失敗", "importing the gate's verdict log failed"),
                err_message(&e), e.code);
    int64_t now = clock_now(clock);
    if (g->quarantine_dir && now - last_purge >= 86400) {
        err_clear(&e);
        if (gate_purge(&ctx, NULL, &e) != ST_OK)
            fprintf(stderr, "lgsec: %s: %s [%s]\n", tr("隔離ファイルの削除に失敗", "purging the quarantine failed"),
                    err_message(&e), e.code);
        else
            last_purge = now;
    }
}

static void scheduled_work(Db *db, const struct Pack *pack, const Clock *clock, const SmtpConfig *smtp)
{
    Err e = {0};
    if (scheduler_tick(db, pack, clock, smtp->url ? smtp : NULL, NULL, &e) != ST_OK)
        fprintf(stderr, "lgsec: %s: %s [%s]\n", tr("定期処理(期限切れ・リマインダー・メール)に失敗",
                                                  "scheduled work (expiry, reminders, mail) failed"),
                err_message(&e), e.code);
    /* the 無害化 gate: new verdicts every minute, the quarantine's retention once a day
     * (docs/sanitize.md「隔離と原本取り出し」) */
    gate_scheduled(db, pack, clock);
    /* uploaded register files past the pack's retention (docs/security.md, "Uploads") */
    err_clear(&e);
    if (imports_prune(db, pack, clock, NULL, &e) != ST_OK)
        fprintf(stderr, "lgsec: %s: %s [%s]\n", tr("期限を過ぎた取り込みファイルの削除に失敗",
                                                  "deleting expired import uploads failed"),
                err_message(&e), e.code);
}

/* COMMAND: serve
 * SUMMARY: Web 画面と API のサーバーを起動
 * SUMMARY_EN: run the web UI and API server
 * USAGE:
 * 使い方: lgsec serve [--db PATH] [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]
 *                    [--trail-key FILE] [--threads N]
 *                    [--gate-verdict-log FILE] [--gate-quarantine DIR] [--clamav-db DIR]
 *   既定では 127.0.0.1:8080 でのみ待ち受けます。他の端末から使う場合は --listen 0.0.0.0:8443 と TLS を指定します。
 *   起動時にデータベースの整合性を検査し、証跡のチェックポイントを1分ごとに署名します。
 *   オプションを省略した項目は環境変数から読みます (パッケージの /etc/lgsec/lgsec.conf):
 *     LGSEC_DB, LGSEC_LISTEN, LGSEC_TLS_CERT, LGSEC_TLS_KEY, LGSEC_TRAIL_KEY, LGSEC_THREADS
 *   メール通知: LGSEC_SMTP_URL (smtp:// または smtps://)、LGSEC_MAIL_FROM、LGSEC_PUBLIC_URL (メール内のリンク)。
 *   無害化ゲート (lgsec mailgate の --verdict-log, --quarantine と同じもの、docs/sanitize.md):
 *     LGSEC_GATE_VERDICT_LOG、LGSEC_GATE_QUARANTINE、LGSEC_CLAMAV_DB。判定は 1 分ごとに取り込み、
 *     保存期間を過ぎた隔離ファイルは 1 日 1 回削除します。
 * USAGE_EN:
 * usage: lgsec serve [--db PATH] [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]
 *                    [--trail-key FILE] [--threads N]
 *                    [--gate-verdict-log FILE] [--gate-quarantine DIR] [--clamav-db DIR]
 *   Listens on 127.0.0.1:8080 unless told otherwise; for other machines use e.g. --listen 0.0.0.0:8443 with TLS.
 *   Checks database integrity at start and signs a trail checkpoint every minute.
 *   Options not given are read from the environment (the package's /etc/lgsec/lgsec.conf):
 *     LGSEC_DB, LGSEC_LISTEN, LGSEC_TLS_CERT, LGSEC_TLS_KEY, LGSEC_TRAIL_KEY, LGSEC_THREADS
 *   Mail notices: LGSEC_SMTP_URL (smtp:// or smtps://), LGSEC_MAIL_FROM, LGSEC_PUBLIC_URL (links in mail).
 *   The 無害化 gate (the same as lgsec mailgate's --verdict-log and --quarantine, docs/sanitize.md):
 *     LGSEC_GATE_VERDICT_LOG, LGSEC_GATE_QUARANTINE, LGSEC_CLAMAV_DB. Verdicts are imported every
 *     minute; quarantined files past their retention are purged daily.
 */
int cmd_serve(int argc, char **argv)
{
    const char *db_opt = NULL, *listen = NULL, *cert = NULL, *key = NULL, *trail_key = NULL, *threads = NULL,
               *witness_list = NULL, *gate_log = NULL, *gate_quarantine = NULL, *clamav_db = NULL;
    const CliOpt opts[] = {
        {"--db", &db_opt},         {"--listen", &listen},       {"--tls-cert", &cert},
        {"--tls-key", &key},       {"--trail-key", &trail_key}, {"--threads", &threads},
        {"--witness", &witness_list}, {"--gate-verdict-log", &gate_log}, {"--gate-quarantine", &gate_quarantine},
        {"--clamav-db", &clamav_db}, {NULL, NULL},
    };
    int rc = cli_parse(&argc, argv, "serve", opts, 0);
    if (rc)
        return rc;
    listen = option_or_env(listen, "LGSEC_LISTEN");
    cert = option_or_env(cert, "LGSEC_TLS_CERT");
    key = option_or_env(key, "LGSEC_TLS_KEY");
    trail_key = option_or_env(trail_key, "LGSEC_TRAIL_KEY");
    threads = option_or_env(threads, "LGSEC_THREADS");
    witness_list = option_or_env(witness_list, "LGSEC_WITNESSES");
    gate_configure_from(gate_log, gate_quarantine, clamav_db);
    static Witnesses witnesses;
    Err we = {0};
    if (parse_witness_list(witness_list, &witnesses, &we) != ST_OK)
        return cli_fail(&we);
    if (!cert != !key)
        return cli_usage("serve", "--tls-cert と --tls-key (LGSEC_TLS_CERT と LGSEC_TLS_KEY) は両方指定してください",
                         "give both --tls-cert and --tls-key (LGSEC_TLS_CERT and LGSEC_TLS_KEY)");
    char *end = NULL;
    long nthreads = threads ? strtol(threads, &end, 10) : 4;
    if ((threads && *end) || nthreads < 1 || nthreads > 64)
        return cli_usage("serve", "--threads は 1〜64 で指定してください", "--threads must be 1-64");

    Err e = {0};
    const char *db_path = cli_db_path(db_opt);
    Db *db = NULL;
    if (cli_open_db(db_path, &db, &e) != ST_OK)
        return cli_fail(&e);
    char *key_path = trail_key ? xstrdup(trail_key) : trail_default_key_path(db_path);
    char *cert_pem = NULL, *key_pem = NULL;
    if (cert && (!(cert_pem = read_file(cert, &e)) || !(key_pem = read_file(key, &e)))) {
        free(cert_pem);
        free(key_path);
        db_close(db);
        return cli_fail(&e);
    }
    ServerConfig cfg = {
        .db_path = db_path,
        .listen = listen ? listen : "127.0.0.1:8080",
        .tls_cert_pem = cert_pem,
        .tls_key_pem = key_pem,
        .trail_key_path = key_path,
        .seal_trail = access(key_path, F_OK) == 0,
        .threads = (unsigned)nthreads,
        .clock = clock_system(),
    };
    if (!cfg.seal_trail)
        fprintf(stderr, tr("警告: 証跡の署名鍵 %s がありません。変更は署名されず、削除されても検出できません\n",
                           "warning: no trail signing key at %s; changes are not signed, and their deletion cannot be detected\n"),
                key_path);
    /* The scheduler's changes (expiry, reminders) on this connection are sealed like requests'. */
    if (cfg.seal_trail && trail_seal_commits(db, key_path, cfg.clock, &e) != ST_OK) {
        free(cert_pem);
        free(key_pem);
        free(key_path);
        db_close(db);
        return cli_fail(&e);
    }
    /* The 証跡 page and doctor show the witnesses configured now (none: the table is emptied). */
    if (trail_witness_configure(db, witnesses.w, witnesses.n, clock_now(cfg.clock), &e) != ST_OK)
        fprintf(stderr, "lgsec: %s: %s [%s]\n", tr("立会人の設定を記録できません", "cannot record the witness configuration"),
                err_message(&e), e.code);
    Server *server = NULL;
    if (server_start(&cfg, &server, &e) != ST_OK) {
        free(cert_pem);
        free(key_pem);
        free(key_path);
        db_close(db);
        return cli_fail(&e);
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    printf(tr("lgsec を %s://%s:%u で起動しました (終了は Ctrl+C)\n",
              "lgsec listening on %s://%s:%u (Ctrl+C to stop)\n"),
           cert ? "https" : "http", strncmp(cfg.listen, "0.0.0.0", 7) == 0 ? "0.0.0.0" : "127.0.0.1",
           server_port(server));
    if (clock_test_offset() != 0)
        printf(tr("注意: 試験用に時計を %lld 秒ずらしています (LGSEC_TEST_CLOCK_OFFSET)\n",
                  "note: the clock is shifted by %lld s for testing (LGSEC_TEST_CLOCK_OFFSET)\n"),
               (long long)clock_test_offset());
    fflush(stdout);
    /* 期限切れ, reminders and their mail (LGSEC_SMTP_URL, LGSEC_MAIL_FROM, LGSEC_PUBLIC_URL) */
    SmtpConfig smtp = smtp_config_from_env();
    for (int waited = 0; !stop_requested; waited++) {
        sleep(1);
        send_to_witnesses(db, &witnesses, cfg.clock);
        if (waited % CHECKPOINT_POLL_S == CHECKPOINT_POLL_S - 1)
            checkpoint(db, key_path, cfg.clock, false);
        if (waited % SCHEDULER_POLL_S == SCHEDULER_POLL_S - 1)
            scheduled_work(db, server_pack(server), cfg.clock, &smtp);
    }
    server_stop(server);
    checkpoint(db, key_path, cfg.clock, true);
    printf("%s\n", tr("停止しました", "stopped"));
    db_close(db);
    free(cert_pem);
    free(key_pem);
    free(key_path);
    return EXIT_OK;
}
