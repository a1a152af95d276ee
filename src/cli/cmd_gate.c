/* cmd_gate: `lgsec gate import|purge|status` — the 無害化 gate's verdict log into lgsec, the
 * quarantine's retention, and the signature database's age (domain/gate, docs/sanitize.md
 * 「隔離と原本取り出し」). `lgsec serve` does import and purge by itself when given the same paths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/gate_opts.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "domain/gate/gate.h"
#include "policy/pack_store.h"

/* --verdict-log, --quarantine, --clamav-db, else LGSEC_GATE_VERDICT_LOG, LGSEC_GATE_QUARANTINE,
 * LGSEC_CLAMAV_DB (the systemd unit's /etc/lgsec/lgsec.conf). Shared with serve. */
void gate_configure_from(const char *log, const char *quarantine, const char *clamav_db)
{
    const char *l = log ? log : getenv("LGSEC_GATE_VERDICT_LOG");
    const char *q = quarantine ? quarantine : getenv("LGSEC_GATE_QUARANTINE");
    const char *c = clamav_db ? clamav_db : getenv("LGSEC_CLAMAV_DB");
    gate_configure(&(GateConfig){.verdict_log = l, .quarantine_dir = q, .clamav_db = c});
}

/* COMMAND: gate
 * SUMMARY: 無害化ゲートの判定の取り込み・隔離の削除・ウイルス定義の鮮度
 * SUMMARY_EN: import the gate's verdicts, purge the quarantine, signature age
 * USAGE:
 * 使い方: lgsec gate import|purge|status [--db PATH] [--verdict-log FILE] [--quarantine DIR] [--clamav-db DIR]
 *   import  lgsec mailgate の判定ログ (--verdict-log) の新しい行を取り込みます (日ごと・理由ごとの件数、
 *           隔離された添付ファイルと宛先)。同じ行は 1 回だけ取り込みます。
 *   purge   保存期間 (ポリシーパックの gate.retention_days、既定 30 日) を過ぎた隔離ファイルと原本を削除し、
 *           証跡に記録します。
 *   status  ウイルス定義データベース (--clamav-db) の作成日時と古さ (gate.signature_max_age_days を超えると
 *           「古い」) を表示します。古いときは終了コード 1。
 *   パスを省略すると環境変数 LGSEC_GATE_VERDICT_LOG、LGSEC_GATE_QUARANTINE、LGSEC_CLAMAV_DB を使います。
 *   lgsec serve に同じ設定があれば、取り込みは 1 分ごと、削除は 1 日 1 回、サーバーが行います。
 * USAGE_EN:
 * usage: lgsec gate import|purge|status [--db PATH] [--verdict-log FILE] [--quarantine DIR] [--clamav-db DIR]
 *   import  reads the new lines of lgsec mailgate's verdict log (--verdict-log): counts per day and
 *           reason, the quarantined attachments and their recipients. A line is imported once.
 *   purge   deletes quarantined copies and originals older than the pack's gate.retention_days
 *           (default 30), trailed.
 *   status  prints when the signature database (--clamav-db) was built and whether it is stale
 *           (older than gate.signature_max_age_days); exit 1 when stale.
 *   Paths not given come from LGSEC_GATE_VERDICT_LOG, LGSEC_GATE_QUARANTINE, LGSEC_CLAMAV_DB.
 *   lgsec serve with the same settings imports every minute and purges daily by itself.
 */
int cmd_gate(int argc, char **argv)
{
    const char *db_opt = NULL, *log = NULL, *quarantine = NULL, *clamav = NULL;
    const CliOpt opts[] = {
        {"--db", &db_opt}, {"--verdict-log", &log}, {"--quarantine", &quarantine}, {"--clamav-db", &clamav},
        {NULL, NULL},
    };
    int rc = cli_parse(&argc, argv, "gate", opts, 1);
    if (rc)
        return rc;
    const char *sub = argv[1];
    if (strcmp(sub, "import") != 0 && strcmp(sub, "purge") != 0 && strcmp(sub, "status") != 0)
        return cli_usage("gate", "import、purge、status のいずれかを指定してください", "give import, purge or status");
    gate_configure_from(log, quarantine, clamav);
    Err e = {0};
    Db *db = NULL;
    if (cli_open_db_sealed(cli_db_path(db_opt), &db, &e) != ST_OK)
        return cli_fail(&e);
    Pack *pack = NULL;
    Status s = pack_store_load_active(db, &pack, &e);
    Actor actor = {.login_id = "cli"};
    Ctx ctx = ctx_make(db, clock_system(), &actor, pack);
    int result = EXIT_OK;
    if (s == ST_OK && strcmp(sub, "import") == 0) {
        int imported = 0, skipped = 0;
        if ((s = gate_import_log(&ctx, &imported, &skipped, &e)) == ST_OK)
            printf(tr("取り込みました: %d 件 (判定でない行 %d)\n", "imported: %d (lines that are not verdicts: %d)\n"),
                   imported, skipped);
    } else if (s == ST_OK && strcmp(sub, "purge") == 0) {
        int files = 0;
        if ((s = gate_purge(&ctx, &files, &e)) == ST_OK)
            printf(tr("削除しました: %d ファイル\n", "deleted: %d files\n"), files);
    } else if (s == ST_OK) {
        json_t *sig = gate_signature_status(&ctx);
        if (!json_is_true(json_object_get(sig, "configured")))
            s = err_set(&e, ST_NOTFOUND, "signature_db_missing", "clamav_db",
                        "ウイルス定義データベースが指定されていません (--clamav-db)", "no signature database given (--clamav-db)");
        else if (json_is_null(json_object_get(sig, "built_at")) || !json_object_get(sig, "built_at")) {
            const json_t *p = json_object_get(sig, "problem");
            s = err_set(&e, ST_NOTFOUND, "signature_db_missing", "clamav_db", json_string_value(json_object_get(p, "ja")),
                        json_string_value(json_object_get(p, "en")));
        } else {
            bool stale = json_is_true(json_object_get(sig, "stale"));
            printf(tr("ウイルス定義: %s 作成、%lld 日前 (上限 %lld 日) %s\n", "signatures: built %s, %lld days ago (limit %lld) %s\n"),
                   json_string_value(json_object_get(sig, "built_at")),
                   (long long)json_integer_value(json_object_get(sig, "age_days")),
                   (long long)json_integer_value(json_object_get(sig, "max_age_days")),
                   stale ? tr("古い (第105条(5))", "STALE (article 105(5))") : "OK");
            result = stale ? EXIT_FAILED : EXIT_OK;
        }
        json_decref(sig);
    }
    pack_free(pack);
    db_close(db);
    return s == ST_OK ? result : cli_fail(&e);
}
