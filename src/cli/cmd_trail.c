/* cmd_trail: `lgsec trail` — verify, checkpoint, prove, check-proof, export-key, status, list.
 * Thin wrappers over src/trail/trail.h; exit codes from cli.h (EXIT_VERIFY on tampering). */
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "domain/audit/audit.h"
#include "policy/pack.h"
#include "policy/pack_store.h"
#include "trail/trail.h"
#include "trail/witness.h"

static void progress_tty(int64_t done, int64_t total, void *arg)
{
    (void)arg;
    int pct = total > 0 ? (int)(done * 100 / total) : 100;
    fprintf(stderr, tr("\r検証中: %lld / %lld 件 (%d%%)", "\rverifying: %lld / %lld entries (%d%%)"),
            (long long)done, (long long)total, pct);
    fflush(stderr);
}

static int open_db(const char *db_opt, Db **db)
{
    Err e = {0};
    if (cli_open_db(cli_db_path(db_opt), db, &e) != ST_OK)
        return cli_fail(&e);
    return EXIT_OK;
}

/* The registers against the trail's last recorded states: prints each row that differs (table, id,
 * column) or has no trail state. EXIT_VERIFY when any is found. */
static int reconcile(Db *db)
{
    Err e = {0};
    Pack *pack = NULL;
    /* A database with no pack in force yet (a bare trail, a benchmark's) has no registers to
     * compare; the kinds' readers do not need the pack. */
    if (pack_store_load_active(db, &pack, &e) != ST_OK && strcmp(e.code, "pack_none_active") != 0)
        return cli_fail(&e);
    Actor actor = {.login_id = "cli"};
    Ctx ctx = ctx_make(db, clock_system(), &actor, pack);
    json_t *findings;
    size_t total;
    Status st = reconcile_registers(&ctx, 200, &findings, &total, &e);
    pack_free(pack);
    if (st != ST_OK)
        return cli_fail(&e);
    if (total == 0) {
        printf("%s\n", tr("台帳の各行は証跡に記録された最後の状態と一致しています",
                          "every register row matches the last state the trail recorded"));
        json_decref(findings);
        return EXIT_OK;
    }
    printf(tr("改ざんを検出しました: 台帳の %zu 件が証跡に記録された状態と一致しません (証跡を残さずに直接変更されています)\n",
              "TAMPERING DETECTED: %zu register values differ from the state the trail recorded (changed directly, without a trail entry)\n"),
           total);
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *problem = json_string_value(json_object_get(f, "problem"));
        const char *table = json_string_value(json_object_get(f, "table"));
        const char *id = json_string_value(json_object_get(f, "id"));
        if (strcmp(problem, "differs") == 0) {
            char *was = json_dumps(json_object_get(f, "trail"), JSON_ENCODE_ANY | JSON_COMPACT);
            char *now = json_dumps(json_object_get(f, "now"), JSON_ENCODE_ANY | JSON_COMPACT);
            printf(tr("  %s id %s 列 %s: 証跡では %s、台帳では %s [reconcile_differs]\n",
                      "  %s id %s column %s: %s in the trail, %s in the register [reconcile_differs]\n"),
                   table, id, json_string_value(json_object_get(f, "column")), was, now);
            free(was);
            free(now);
        } else if (strcmp(problem, "no_trail") == 0)
            printf(tr("  %s id %s: 証跡に記録のない行です [reconcile_no_trail]\n",
                      "  %s id %s: a row no trail entry records [reconcile_no_trail]\n"),
                   table, id);
        else
            printf(tr("  %s id %s: 証跡では存在するはずの行がありません [reconcile_row_missing]\n",
                      "  %s id %s: the trail says this row exists, but it does not [reconcile_row_missing]\n"),
                   table, id);
    }
    if (total > json_array_size(findings))
        printf(tr("  …ほか %zu 件\n", "  … and %zu more\n"), total - json_array_size(findings));
    json_decref(findings);
    return EXIT_VERIFY;
}

/* Splits a list of witnesses given as "URL=KEY URL=KEY" (or keys alone) into out (at most max). */
static int parse_witnesses(const char *list, TrailWitness *out, size_t max, size_t *n)
{
    *n = 0;
    if (!list)
        return EXIT_OK;
    char *copy = strdup(list), *save = NULL;
    for (char *tok = strtok_r(copy, " ,\t\n", &save); tok; tok = strtok_r(NULL, " ,\t\n", &save)) {
        Err e = {0};
        if (*n == max || trail_witness_parse(tok, &out[*n], &e) != ST_OK) {
            free(copy);
            return *n == max ? cli_usage("trail", "立会人が多すぎます (8 まで)", "too many witnesses (8 at most)")
                             : cli_fail(&e);
        }
        (*n)++;
    }
    free(copy);
    return EXIT_OK;
}

static char *read_text_file(const char *path, Err *e)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        err_setf(e, ST_INVALID, "trail_anchor_malformed", "anchor", "控えのファイル %s を読めません", "cannot read the anchor file %s",
                 path);
        return NULL;
    }
    char *buf = malloc(65537);
    size_t n = fread(buf, 1, 65536, f);
    buf[n] = '\0';
    if (f != stdin)
        fclose(f);
    return buf;
}

static int trail_verify_cmd(int argc, char **argv)
{
    const char *db_opt = NULL, *vkey = NULL, *witness_keys = NULL, *witnesses = NULL, *anchor = NULL;
    int rc = cli_parse(&argc, argv, "trail",
                       (const CliOpt[]){{"--db", &db_opt},
                                        {"--verifier-key", &vkey},
                                        {"--witness-key", &witness_keys},
                                        {"--witness", &witnesses},
                                        {"--anchor", &anchor},
                                        {NULL, NULL}},
                       0);
    if (rc)
        return rc;
    TrailWitness offline[8], online[8];
    size_t n_offline, n_online;
    if ((rc = parse_witnesses(witness_keys, offline, 8, &n_offline)) != EXIT_OK ||
        (rc = parse_witnesses(witnesses, online, 8, &n_online)) != EXIT_OK)
        return rc;
    for (size_t i = 0; i < n_online; i++)
        if (!online[i].url[0])
            return cli_usage("trail", "--witness は URL=検証鍵 で指定してください", "give --witness as URL=VERIFIER-KEY");
    Db *db;
    if ((rc = open_db(db_opt, &db)) != EXIT_OK)
        return rc;
    /* The kept checkpoints: the anchor file, and the newest cosigned by each witness key given. */
    const char *anchors[17];
    char *owned[17] = {0};
    size_t n_anchors = 0;
    Err e = {0};
    Status st = ST_OK;
    if (anchor) {
        char *text = read_text_file(anchor, &e);
        st = text ? trail_anchor_note(text, &owned[n_anchors], &e) : ST_INVALID;
        free(text);
        if (st == ST_OK)
            anchors[n_anchors] = owned[n_anchors], n_anchors++;
    }
    for (size_t i = 0; st == ST_OK && i < n_offline + n_online; i++) {
        const TrailWitness *w = i < n_offline ? &offline[i] : &online[i - n_offline];
        if (i >= n_offline)
            continue; /* online witnesses are asked after the log checks out */
        if ((st = trail_witness_cosigned(db, w, &owned[n_anchors], &e)) == ST_OK)
            anchors[n_anchors] = owned[n_anchors], n_anchors++;
    }
    if (st != ST_OK) {
        db_close(db);
        for (size_t i = 0; i < n_anchors; i++)
            free(owned[i]);
        if (st != ST_TAMPER)
            return cli_fail(&e);
        printf("%s: %s [%s]\n", tr("改ざんを検出しました", "TAMPERING DETECTED"), err_message(&e), e.code);
        return EXIT_VERIFY;
    }
    TrailVerifyOptions opt = {.verifier_key = vkey, .anchors = anchors, .n_anchors = n_anchors};
    bool tty = isatty(STDERR_FILENO);
    if (tty)
        opt.progress = progress_tty;
    TrailVerifyReport r;
    st = trail_verify_ex(db, &opt, &r, &e);
    if (tty)
        fputc('\n', stderr);
    for (size_t i = 0; i < n_anchors; i++)
        free(owned[i]);
    if (st == ST_OK) {
        printf("%s\n", tr(r.ja, r.en));
        if (n_anchors)
            printf(tr("  保管されたチェックポイント %zu 件 (控え・立会人の連署) と一致しています\n",
                      "  consistent with %zu kept checkpoints (anchor, witness cosignatures)\n"),
                   n_anchors);
        /* With sealed commits nothing waits; entries no checkpoint covers were written without the
         * key (or every checkpoint after them was deleted): nothing signed vouches for them. */
        json_t *status = NULL;
        if (trail_status(db, &status, &e) == ST_OK && json_integer_value(json_object_get(status, "pending")) > 0)
            printf(tr("  注意: 最後の %lld 件はどのチェックポイントにも含まれていません (署名がなく、削除・変更されても分かりません)\n",
                      "  note: the last %lld entries are in no checkpoint (nothing signed vouches for them)\n"),
                   (long long)json_integer_value(json_object_get(status, "pending")));
        json_decref(status);
        /* Each witness asked now: it must accept the newest checkpoint as an extension of what it
         * last cosigned (nothing is stored: a verification changes nothing). */
        for (size_t i = 0; i < n_online; i++) {
            int64_t size;
            Status ws = trail_witness_submit(db, &online[i], clock_now(clock_system()), false, &size, &e);
            if (ws == ST_TAMPER) {
                printf("%s: %s [%s]\n", tr("改ざんを検出しました", "TAMPERING DETECTED"), err_message(&e), e.code);
                db_close(db);
                return EXIT_VERIFY;
            }
            if (ws != ST_OK) {
                db_close(db);
                return cli_fail(&e);
            }
            printf(tr("  立会人 %s: 木のサイズ %lld までこの証跡と一致しています\n",
                      "  witness %s: agrees with this trail up to tree size %lld\n"),
                   online[i].name, (long long)size);
        }
        rc = reconcile(db);
        db_close(db);
        return rc;
    }
    db_close(db);
    if (st != ST_TAMPER)
        return cli_fail(&e);
    printf("%s: %s\n", tr("改ざんを検出しました", "TAMPERING DETECTED"), tr(r.ja, r.en));
    if (r.first_bad_seq >= 0)
        printf(tr("  最初の不正な証跡: %lld 番\n", "  first bad entry: seq %lld\n"),
               (long long)r.first_bad_seq);
    if (r.bad_checkpoint >= 0)
        printf(tr("  該当するチェックポイント: 木のサイズ %lld\n", "  checkpoint concerned: tree size %lld\n"),
               (long long)r.bad_checkpoint);
    printf(tr("  検証済み: 証跡 %lld 件、チェックポイント %lld 件 [%s]\n",
              "  checked before that: %lld entries, %lld checkpoints [%s]\n"),
           (long long)r.size, (long long)r.checkpoints, r.code);
    return EXIT_VERIFY;
}

static int trail_checkpoint_cmd(int argc, char **argv)
{
    const char *db_opt = NULL, *key_opt = NULL;
    int rc = cli_parse(&argc, argv, "trail", (const CliOpt[]){{"--db", &db_opt}, {"--key", &key_opt}, {NULL, NULL}}, 0);
    if (rc)
        return rc;
    Db *db;
    if ((rc = open_db(db_opt, &db)) != EXIT_OK)
        return rc;
    char *key = key_opt ? strdup(key_opt) : trail_default_key_path(db_path(db));
    Err e = {0};
    Status st = trail_checkpoint(db, key, clock_now(clock_system()), &e);
    json_t *status = NULL;
    if (st == ST_OK)
        st = trail_status(db, &status, &e);
    db_close(db);
    free(key);
    if (st != ST_OK)
        return cli_fail(&e);
    json_t *cp = json_object_get(status, "checkpoint");
    if (json_is_object(cp))
        printf("%s", json_string_value(json_object_get(cp, "note")));
    else
        printf("%s\n", tr("証跡がまだないため、チェックポイントは作成していません",
                          "the trail is empty: no checkpoint made"));
    json_decref(status);
    return EXIT_OK;
}

static int trail_prove_cmd(int argc, char **argv)
{
    bool m1, m2;
    const char *db_opt = cli_take_option(&argc, argv, "--db", &m1);
    const char *cp_opt = cli_take_option(&argc, argv, "--checkpoint", &m2);
    if (m1 || m2)
        return cli_usage("trail", "オプションに値がありません", "an option is missing its value");
    int rc = cli_reject_unknown(argc, argv, "trail");
    if (rc)
        return rc;
    char *end;
    long long seq = argc == 2 ? strtoll(argv[1], &end, 10) : -1;
    if (argc != 2 || *end || seq < 0)
        return cli_usage("trail", "証跡の番号 N を一つ指定してください", "give one entry number N");
    long long cp_size = 0;
    if (cp_opt && strcmp(cp_opt, "latest") != 0) {
        cp_size = strtoll(cp_opt, &end, 10);
        if (*end || cp_size <= 0)
            return cli_usage("trail", "--checkpoint には latest か木のサイズを指定してください",
                             "--checkpoint takes latest or a tree size");
    }
    Db *db;
    if ((rc = open_db(db_opt, &db)) != EXIT_OK)
        return rc;
    Err e = {0};
    json_t *proof;
    Status st = trail_prove(db, seq, cp_size, &proof, &e);
    db_close(db);
    if (st != ST_OK)
        return cli_fail(&e);
    json_dumpf(proof, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(proof);
    return EXIT_OK;
}

static int trail_check_proof_cmd(int argc, char **argv)
{
    bool m1;
    const char *vkey = cli_take_option(&argc, argv, "--key", &m1);
    if (m1)
        return cli_usage("trail", "--key には検証鍵が必要です", "--key needs a verifier key");
    int rc = cli_reject_unknown(argc, argv, "trail");
    if (rc)
        return rc;
    if (argc != 2 || !vkey)
        return cli_usage("trail", "証明ファイルと --key 検証鍵を指定してください",
                         "give a proof FILE and --key VERIFIER_KEY");
    json_error_t je;
    json_t *proof = strcmp(argv[1], "-") == 0 ? json_loadf(stdin, 0, &je) : json_load_file(argv[1], 0, &je);
    Err e = {0};
    if (!proof) {
        err_setf(&e, ST_INVALID, "trail_proof_unreadable", "file",
                 "証明ファイル %s を読めません (%s)", "cannot read proof file %s (%s)", argv[1],
                 je.text);
        return cli_fail(&e);
    }
    Status st = trail_check_proof(proof, vkey, &e);
    if (st == ST_OK) {
        printf(tr("正しい証明です: 証跡 %lld 番は、署名済みチェックポイント (木のサイズ %lld) に含まれています\n",
                  "valid proof: trail entry %lld is included in the signed checkpoint (tree size %lld)\n"),
               (long long)json_integer_value(json_object_get(proof, "leaf_index")),
               (long long)json_integer_value(json_object_get(proof, "tree_size")));
        const char *entry = json_string_value(json_object_get(proof, "entry"));
        if (entry)
            printf("%s: %s\n", tr("内容", "entry"), entry);
    }
    json_decref(proof);
    if (st == ST_OK)
        return EXIT_OK;
    if (st == ST_TAMPER) {
        fprintf(stderr, "%s: %s [%s]\n", tr("証明は成り立ちません", "the proof does not hold"),
                err_message(&e), e.code);
        return EXIT_VERIFY;
    }
    return cli_fail(&e);
}

static int trail_export_key_cmd(int argc, char **argv)
{
    const char *db_opt = NULL;
    int rc = cli_parse(&argc, argv, "trail", (const CliOpt[]){{"--db", &db_opt}, {NULL, NULL}}, 0);
    if (rc)
        return rc;
    Db *db;
    if ((rc = open_db(db_opt, &db)) != EXIT_OK)
        return rc;
    Err e = {0};
    char *vk;
    Status st = trail_verifier_key(db, &vk, &e);
    db_close(db);
    if (st != ST_OK)
        return cli_fail(&e);
    printf("%s\n", vk);
    free(vk);
    return EXIT_OK;
}

static int trail_status_cmd(int argc, char **argv)
{
    const char *db_opt = NULL;
    int rc = cli_parse(&argc, argv, "trail", (const CliOpt[]){{"--db", &db_opt}, {NULL, NULL}}, 0);
    if (rc)
        return rc;
    Db *db;
    if ((rc = open_db(db_opt, &db)) != EXIT_OK)
        return rc;
    Err e = {0};
    json_t *status;
    Status st = trail_status(db, &status, &e);
    db_close(db);
    if (st != ST_OK)
        return cli_fail(&e);
    json_dumpf(status, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
    putchar('\n');
    json_decref(status);
    return EXIT_OK;
}

static int trail_list_cmd(int argc, char **argv)
{
    TrailFilter f = {0};
    const char *db_opt = NULL, *cursor = NULL, *limit = NULL;
    const CliOpt opts[] = {
        {"--db", &db_opt}, {"--action", &f.action_prefix}, {"--actor", &f.actor},
        {"--object-type", &f.object_type}, {"--object-id", &f.object_id}, {"--from", &f.from},
        {"--to", &f.to}, {"--cursor", &cursor}, {"--limit", &limit}, {NULL, NULL},
    };
    int rc = cli_parse(&argc, argv, "trail", opts, 0);
    if (rc)
        return rc;
    char *end = NULL;
    f.cursor = cursor ? strtoll(cursor, &end, 10) : 0;
    if (cursor && (*end || f.cursor < 0))
        return cli_usage("trail", "--cursor は 0 以上の整数で指定してください", "--cursor must be a whole number");
    f.limit = limit ? (int)strtol(limit, &end, 10) : 0;
    if (limit && (*end || f.limit < 1 || f.limit > TRAIL_LIST_MAX))
        return cli_usage("trail", "--limit は 1〜200 で指定してください", "--limit must be 1-200");
    Db *db;
    if ((rc = open_db(db_opt, &db)) != EXIT_OK)
        return rc;
    Err e = {0};
    json_t *items;
    int64_t next;
    Status st = trail_list(db, &f, &items, &next, &e);
    db_close(db);
    if (st != ST_OK)
        return cli_fail(&e);
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        json_dumpf(item, stdout, JSON_COMPACT | JSON_SORT_KEYS);
        putchar('\n');
    }
    if (next)
        fprintf(stderr, tr("続きは --cursor %lld\n", "more: --cursor %lld\n"), (long long)next);
    json_decref(items);
    return EXIT_OK;
}

/* `trail witness --witness URL=KEY…`: sends the newest checkpoint to each witness now and stores
 * the cosignatures (what serve does every second). */
static int trail_witness_cmd(int argc, char **argv)
{
    const char *db_opt = NULL, *list = NULL;
    int rc = cli_parse(&argc, argv, "trail", (const CliOpt[]){{"--db", &db_opt}, {"--witness", &list}, {NULL, NULL}}, 0);
    if (rc)
        return rc;
    list = list ? list : getenv("LGSEC_WITNESSES");
    TrailWitness ws[8];
    size_t n;
    if ((rc = parse_witnesses(list, ws, 8, &n)) != EXIT_OK)
        return rc;
    if (n == 0)
        return cli_usage("trail", "--witness URL=検証鍵 を指定してください", "give --witness URL=VERIFIER-KEY");
    Db *db;
    if ((rc = open_db(db_opt, &db)) != EXIT_OK)
        return rc;
    int worst = EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        Err e = {0};
        int64_t size = 0;
        Status st = trail_witness_submit(db, &ws[i], clock_now(clock_system()), true, &size, &e);
        Err ne = {0};
        trail_witness_note(db, &ws[i], clock_now(clock_system()), st == ST_OK ? NULL : &e, &ne); /* best effort */
        if (st == ST_OK)
            printf(tr("立会人 %s: 木のサイズ %lld を連署しました\n", "witness %s: cosigned tree size %lld\n"), ws[i].name,
                   (long long)size);
        else
            worst = cli_fail(&e);
    }
    db_close(db);
    return worst;
}

/* Prints a QR code of text with UTF-8 half blocks (two rows per line), quiet zone included. */
static void print_qr(const char *text)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return;
    int w = q->width, border = 2;
    for (int y = -border; y < w + border; y += 2) {
        for (int x = -border; x < w + border; x++) {
            bool top = y >= 0 && y < w && x >= 0 && x < w && (q->data[y * w + x] & 1);
            bool bottom = y + 1 >= 0 && y + 1 < w && x >= 0 && x < w && (q->data[(y + 1) * w + x] & 1);
            /* dark modules as spaces on a light field, so it scans on a dark terminal and on paper */
            fputs(top && bottom ? " " : top ? "\xe2\x96\x84" : bottom ? "\xe2\x96\x80" : "\xe2\x96\x88", stdout);
        }
        putchar('\n');
    }
    QRcode_free(q);
}

/* `trail anchor`: the newest cosigned checkpoint (else the newest checkpoint) as text and QR code,
 * for a paper or 議事録 record; `trail verify --anchor FILE` checks the log still extends it. */
static int trail_anchor_cmd(int argc, char **argv)
{
    const char *db_opt = NULL;
    int rc = cli_parse(&argc, argv, "trail", (const CliOpt[]){{"--db", &db_opt}, {NULL, NULL}}, 0);
    if (rc)
        return rc;
    Db *db;
    if ((rc = open_db(db_opt, &db)) != EXIT_OK)
        return rc;
    Err e = {0};
    char *note = NULL;
    Status st = trail_witness_latest(db, NULL, &note, &e);
    bool cosigned = note != NULL;
    json_t *status = NULL;
    if (st == ST_OK && !note && (st = trail_status(db, &status, &e)) == ST_OK) {
        const char *n = json_string_value(json_object_get(json_object_get(status, "checkpoint"), "note"));
        note = n ? strdup(n) : NULL;
    }
    json_decref(status);
    db_close(db);
    if (st != ST_OK)
        return cli_fail(&e);
    if (!note) {
        err_set(&e, ST_NOTFOUND, "trail_no_checkpoint", "checkpoint", "チェックポイントがまだありません",
                "there is no checkpoint yet");
        return cli_fail(&e);
    }
    fputs(note, stdout);
    putchar('\n');
    print_qr(note);
    if (!cosigned)
        fprintf(stderr, "%s\n", tr("注意: 立会人の連署がまだないため、署名は本設置の鍵だけです",
                                   "note: no witness has cosigned yet; only this installation's key signs it"));
    free(note);
    return EXIT_OK;
}

/* COMMAND: trail
 * SUMMARY: 証跡 (改ざん検知付きの変更記録) の検証・証明
 * SUMMARY_EN: verify and prove the trail (tamper-evident change record)
 * USAGE:
 * 使い方: lgsec trail <サブコマンド> [オプション]
 *   verify [--db PATH] [--verifier-key KEY] [--witness-key KEY] [--witness URL=KEY] [--anchor FILE]
 *       全証跡のハッシュ・連番・チェックポイントの署名と根を再計算し、台帳の各行を証跡の最後の状態と照合します。
 *       --witness-key: その立会人が連署した最新のチェックポイントと照合 / --witness: 立会人に問い合わせて照合
 *       --anchor: `trail anchor` の控えと照合。改ざんがあれば場所を示し、終了コード 3 で終わります。
 *   witness --witness URL=KEY [--db PATH]   最新のチェックポイントを立会人に送り、連署を保存します。
 *   anchor [--db PATH]         立会人が連署した最新のチェックポイントを文字と QR コードで表示します (紙・議事録の控え)。
 *   checkpoint [--db PATH] [--key FILE]
 *       現在の木に署名したチェックポイントを作成します (鍵の既定: <DBのパス>.trail-key)。
 *   prove N [--db PATH] [--checkpoint latest|SIZE]
 *       証跡 N 番の包含証明 (JSON) を出力します。
 *   check-proof FILE --key VERIFIER_KEY
 *       包含証明をログなしで検証します (監査人向け。FILE に - で標準入力)。
 *   export-key [--db PATH]     検証鍵 (監査人に渡す文字列) を表示します。
 *   status [--db PATH]         件数と最新チェックポイントを表示します。
 *   list [--db PATH] [--action PREFIX] [--actor ID] [--object-type T] [--object-id ID]
 *        [--from DATE] [--to DATE] [--cursor SEQ] [--limit N]   新しい順に一覧します。
 *   終了コード: 0 正常 / 1 失敗 / 2 使い方の誤り / 3 改ざんを検出
 * USAGE_EN:
 * usage: lgsec trail <subcommand> [options]
 *   verify [--db PATH] [--verifier-key KEY] [--witness-key KEY] [--witness URL=KEY] [--anchor FILE]
 *       Recomputes every entry hash, the sequence, checkpoint signatures and roots, and compares every register
 *       row with its last trail state. --witness-key: against the newest checkpoint that witness cosigned;
 *       --witness: asks the witness; --anchor: against a `trail anchor` record. Exits 3 on tampering.
 *   witness --witness URL=KEY [--db PATH]   Sends the newest checkpoint to witnesses, stores their cosignatures.
 *   anchor [--db PATH]         Prints the newest cosigned checkpoint as text and QR code (a paper record).
 *   checkpoint [--db PATH] [--key FILE]
 *       Signs a checkpoint of the current tree (key default: <db path>.trail-key).
 *   prove N [--db PATH] [--checkpoint latest|SIZE]
 *       Prints the inclusion proof (JSON) of entry N.
 *   check-proof FILE --key VERIFIER_KEY
 *       Checks an inclusion proof without the log (for auditors; FILE - reads stdin).
 *   export-key [--db PATH]     Prints the verifier key to give to auditors.
 *   status [--db PATH]         Prints the size and the latest checkpoint.
 *   list [--db PATH] [--action PREFIX] [--actor ID] [--object-type T] [--object-id ID]
 *        [--from DATE] [--to DATE] [--cursor SEQ] [--limit N]   Lists newest first.
 *   exit codes: 0 ok / 1 failed / 2 usage / 3 tampering detected
 */
int cmd_trail(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } subs[] = {
        {"check-proof", trail_check_proof_cmd}, {"checkpoint", trail_checkpoint_cmd},
        {"export-key", trail_export_key_cmd},   {"list", trail_list_cmd},
        {"prove", trail_prove_cmd},             {"status", trail_status_cmd},
        {"verify", trail_verify_cmd},           {"witness", trail_witness_cmd},
        {"anchor", trail_anchor_cmd},
    };
    if (argc < 2)
        return cli_usage("trail", "サブコマンドを指定してください", "give a subcommand");
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].run(argc - 1, argv + 1);
    char ja[160], en[160];
    snprintf(ja, sizeof ja, "不明なサブコマンドです: %s", argv[1]);
    snprintf(en, sizeof en, "unknown subcommand: %s", argv[1]);
    return cli_usage("trail", ja, en);
}
