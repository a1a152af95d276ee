/* cmd_netcheck: `lgsec netcheck` — the 三層の対策 checked from the firewall configurations themselves
 * (第24条–第26条): forbidden flows with a witness packet, the path and the rule lines; hygiene findings;
 * and `netcheck diff`, what a configuration change opens and closes (第44条). The configurations are
 * untrusted: they are parsed in the server's sandboxed child (netcheck_exec), and the text printed here
 * is read from the result JSON. docs/netcheck.md. */
#include <errno.h>
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/buf.h"
#include "core/embed.h"
#include "core/i18n.h"
#include "core/xmalloc.h"
#include "domain/netcheck/netcheck.h"
#include "policy/pack.h"
#include "policy/pack_store.h"
#include "netcheck/check.h"
#include "netcheck/parse.h"
#include "netcheck/run.h"

#define MAX_CONFIG_BYTES (64u << 20)

static Status read_file(const char *path, Buf *b, Err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_setf(e, ST_IO, "input_unreadable", "input", "%s を読めません (%s)", "cannot read %s (%s)", path,
                        strerror(errno));
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b->len + n > MAX_CONFIG_BYTES) {
            fclose(f);
            return err_setf(e, ST_LIMIT, "file_too_large", "input", "%s が大きすぎます (64 MiB まで)",
                            "%s is too large (64 MiB at most)", path);
        }
        buf_append(b, chunk, n);
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return err_setf(e, ST_IO, "input_unreadable", "input", "%s を読めません", "cannot read %s", path);
    if (!b->data)
        buf_puts(b, "");
    return ST_OK;
}

static const char *kind_label(const char *k, bool en)
{
    if (!strcmp(k, "never_matches"))
        return en ? "never matches (its conditions match no packet)" : "一致しない (条件に合うパケットがない)";
    if (!strcmp(k, "shadowed"))
        return en ? "shadowed (earlier rules take all its packets with another verdict)"
                  : "隠れている (先行ルールがすべてのパケットを別の結果で処理)";
    if (!strcmp(k, "redundant"))
        return en ? "redundant (earlier rules already give all its packets the same verdict)"
                  : "冗長 (先行ルールがすべてのパケットを同じ結果で処理済み)";
    if (!strcmp(k, "any_any"))
        return en ? "any-any permit (every address, protocol and port)" : "全許可 (すべてのアドレス・プロトコル・ポートを許可)";
    return k;
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static const char *label(json_t *o, const char *k, bool en)
{
    json_t *l = json_object_get(o, k);
    return str(l, en && *str(l, "en") ? "en" : "ja");
}

static void print_rules(json_t *rules, const char *indent)
{
    size_t i;
    json_t *r;
    json_array_foreach(rules, i, r) printf("%s%s\n", indent, json_string_value(r));
}

/* The hygiene findings of one device (file); how many were printed. */
static size_t print_hygiene(json_t *res, const char *device, bool en)
{
    size_t i, n = 0;
    json_t *h;
    json_array_foreach(json_object_get(res, "hygiene"), i, h) {
        if (strcmp(str(h, "device"), device) != 0)
            continue;
        n++;
        bool handle = json_object_get(h, "handle") != NULL;
        printf("  %s\n    %s", str(h, "rule"), kind_label(str(h, "kind"), en));
        json_t *by = json_object_get(h, "covered_by");
        if (json_array_size(by))
            printf(en ? " — by %s" : " — %s", handle ? "handle" : (en ? "line" : "行"));
        size_t k;
        json_t *x;
        json_array_foreach(by, k, x) printf("%s%lld", k ? ", " : " ", (long long)json_integer_value(x));
        printf("\n");
    }
    return n;
}

static void print_notes(json_t *dev, bool en)
{
    json_t *notes = json_object_get(dev, "notes");
    size_t n = json_array_size(notes);
    if (!n)
        return;
    printf(en ? "  %s: %zu lines outside the model (NAT, other tables or families) are not analysed:\n"
              : "  %s: モデル外の行 %zu 件 (NAT、他の表・アドレスファミリ) は解析に含めていません:\n",
           str(dev, "file"), n);
    for (size_t i = 0; i < n && i < 20; i++)
        printf("    %s\n", json_string_value(json_array_get(notes, i)));
    if (n > 20)
        printf("    …\n");
}

static void print_check(json_t *res, bool en, bool with_hygiene)
{
    json_t *devs = json_object_get(res, "devices"), *v = json_object_get(res, "violations");
    size_t rules = 0, i, nv = json_array_size(v);
    json_t *x;
    json_array_foreach(devs, i, x) rules += (size_t)json_integer_value(json_object_get(x, "rules"));
    printf(en ? "netcheck: %s — %zu devices, %zu rules\n" : "netcheck: %s — 機器 %zu 台、ルール %zu 件\n",
           label(res, "model_label", en), json_array_size(devs), rules);
    json_array_foreach(json_object_get(res, "relays"), i, x) if (json_is_string(json_object_get(x, "system")))
        printf(en ? "relay (a system): %s (%s, %s)\n" : "中継 (情報システム): %s (%s、%s)\n", str(x, "name"),
               str(x, "system"), str(x, "kind"));
    if (nv == 0)
        printf(en ? "No forbidden flow gets through.\n" : "禁止された通信が通る経路はありません。\n");
    else
        printf(en ? "%zu forbidden flow%s get%s through:\n" : "禁止された通信が通る経路 %zu 件:\n", nv, nv == 1 ? "" : "s",
               nv == 1 ? "s" : "");
    json_array_foreach(v, i, x) {
        json_t *w = json_object_get(x, "witness"), *ss = json_object_get(w, "src_system"), *ds = json_object_get(w, "dst_system");
        printf("%zu. %s → %s  [%s] %s\n", i + 1, label(x, "from_label", en), label(x, "to_label", en), str(x, "article"),
               label(x, "rule", en));
        printf(en ? "   e.g. %s" : "   例: %s", str(w, "text"));
        /* the witness's ends named as the 情報システム台帳 (or the topology) names their systems */
        if (json_is_object(ss) || json_is_object(ds))
            printf(" (%s → %s)", json_is_object(ss) ? str(ss, "name") : label(x, "from_label", en),
                   json_is_object(ds) ? str(ds, "name") : label(x, "to_label", en));
        json_t *dl = json_object_get(x, "delivered");
        if (json_is_object(dl))
            printf(en ? "\n   after NAT: %s" : "\n   アドレス変換後: %s", str(dl, "text"));
        printf(en ? "\n   path:" : "\n   経路:");
        size_t h;
        json_t *hop;
        json_array_foreach(json_object_get(x, "path"), h, hop)
            printf(" %s%s (%s → %s)", h ? "→ " : "", str(hop, "device"), str(hop, "in"), str(hop, "out"));
        printf("\n");
        json_array_foreach(json_object_get(x, "path"), h, hop) {
            print_rules(json_object_get(hop, "nat_before"), "     NAT: ");
            print_rules(json_object_get(hop, "rules"), "     ");
            print_rules(json_object_get(hop, "nat_after"), "     NAT: ");
        }
    }
    if (json_is_true(json_object_get(res, "truncated")))
        printf(en ? "(more forbidden paths exist; the first %d are shown)\n" : "(ほかにも経路があります。最初の %d 件を表示しています)\n",
               NC_MAX_VIOLATIONS);
    if (with_hygiene) {
        printf(en ? "Hygiene:\n" : "ルールの点検:\n");
        json_array_foreach(devs, i, x) if (print_hygiene(res, str(x, "name"), en) == 0)
            printf(en ? "  %s: no findings\n" : "  %s: 指摘なし\n", str(x, "name"));
    }
    json_array_foreach(devs, i, x) print_notes(x, en);
}

static void print_diff(json_t *res, bool en)
{
    json_t *c = json_object_get(res, "changes"), *x;
    size_t i, opened = 0;
    json_array_foreach(c, i, x) opened += strcmp(str(x, "change"), "opened") == 0;
    printf(en ? "netcheck diff: %s → %s: %zu opened, %zu closed\n" : "netcheck diff: %s → %s: 新たに通る通信 %zu 件、通らなくなる通信 %zu 件\n",
           str(res, "before"), str(res, "after"), opened, json_array_size(c) - opened);
    json_array_foreach(c, i, x) {
        const char *in = str(x, "in"), *out = str(x, "out");
        printf("%s %s → %s  %s: %s\n", strcmp(str(x, "change"), "opened") == 0 ? "+" : "-", *in ? in : (en ? "(other)" : "(その他)"),
               *out ? out : (en ? "(other)" : "(その他)"), en ? "e.g." : "例", str(json_object_get(x, "witness"), "text"));
        print_rules(json_object_get(x, "rules"), "    ");
    }
}

static void print_hygiene_only(json_t *res, bool en)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(res, "devices"), i, d) {
        printf("%s (%s, %lld %s):\n", str(d, "file"), str(d, "vendor"), (long long)json_integer_value(json_object_get(d, "rules")),
               en ? "rules" : "ルール");
        if (print_hygiene(res, str(d, "name"), en) == 0)
            printf(en ? "  no findings\n" : "  指摘なし\n");
        print_notes(d, en);
    }
}

static int use_lang(const char *lang, const char *command)
{
    if (!lang)
        return EXIT_OK;
    if (strcmp(lang, "en") == 0)
        setenv("LC_ALL", "en_US.UTF-8", 1);
    else if (strcmp(lang, "ja") == 0)
        setenv("LC_ALL", "ja_JP.UTF-8", 1);
    else
        return cli_usage(command, "--lang は ja か en です", "--lang takes ja or en");
    return EXIT_OK;
}

/* One run: the files read here, the engine in a sandboxed child (netcheck_exec, the server's), the
 * result printed as its JSON or as text. topology is NULL for diff and hygiene; matrix is the zone
 * matrix of a check (see cmd_netcheck: --matrix, --pack, the database's active pack, the baseline). */
static int execute(NetcheckMode mode, const char *topology, char **configs, int n, NcFormat fmt, NcFile matrix,
                   const NetcheckZones *zones, bool with_hygiene, bool json, bool en)
{
    Err e = {0};
    NcRunInput in = {.format = fmt, .hygiene = with_hygiene, .matrix = matrix};
    if (zones) {
        in.systems = zones->refs;
        in.n_systems = zones->n;
    }
    Buf *bufs = xcalloc((size_t)n + 1, sizeof *bufs);
    NcFile *files = xcalloc((size_t)n + 1, sizeof *files);
    int rc = EXIT_OK;
    Status st = ST_OK;
    if (topology && (st = read_file(topology, &bufs[n], &e)) == ST_OK)
        in.topology = (NcFile){topology, bufs[n].data, bufs[n].len};
    for (int i = 0; i < n && st == ST_OK; i++)
        if ((st = read_file(configs[i], &bufs[i], &e)) == ST_OK)
            files[i] = (NcFile){configs[i], bufs[i].data, bufs[i].len};
    in.configs = files;
    in.n_configs = (size_t)n;
    char *out = NULL;
    NcRunSummary sum = {0};
    if (st == ST_OK)
        st = netcheck_exec(mode, &in, &out, &sum, &e);
    if (st != ST_OK)
        rc = !strncmp(e.code, "netcheck_config_", 16) ? cli_usage("netcheck", e.ja, e.en) : cli_fail(&e);
    else if (json)
        printf("%s\n", out);
    else {
        json_t *res = json_loads(out, 0, NULL);
        if (mode == NETCHECK_CHECK)
            print_check(res, en, with_hygiene);
        else if (mode == NETCHECK_DIFF)
            print_diff(res, en);
        else
            print_hygiene_only(res, en);
        json_decref(res);
    }
    if (st == ST_OK)
        rc = sum.violations || sum.opened ? EXIT_FAILED : EXIT_OK;
    free(out);
    for (int i = 0; i < n + 1; i++)
        buf_free(&bufs[i]);
    free(bufs);
    free(files);
    return rc;
}

/* The zone matrix of a check: --matrix FILE, else the netcheck.yaml of the --pack pack, else of the
 * database's active pack (the pack is kept in *pack for the caller to free), else the baseline. */
static Status choose_matrix(const char *matrix_path, const char *pack_dir, Db *db, Pack **pack, Buf *buf,
                            char name[static NETCHECK_MATRIX_NAME], NcFile *out, Err *e)
{
    if (matrix_path) {
        Status st = read_file(matrix_path, buf, e);
        if (st == ST_OK)
            *out = (NcFile){matrix_path, buf->data, buf->len};
        return st;
    }
    if (pack_dir) {
        PackIssues issues = {0};
        Status st = pack_load_dir(pack_dir, pack, &issues, e);
        pack_issues_free(&issues);
        return st == ST_OK ? netcheck_matrix_of(*pack, out, name, e) : st;
    }
    if (db) {
        Status st = *pack ? ST_OK : pack_store_load_active(db, pack, e);
        return st == ST_OK ? netcheck_matrix_of(*pack, out, name, e) : st;
    }
    const EmbeddedFile *f = embedded_find(embedded_pack_mic, "netcheck.yaml");
    if (f)
        *out = (NcFile){"packs/mic/netcheck.yaml", (const char *)f->data, f->len};
    return ST_OK;
}

/* COMMAND: netcheck
 * SUMMARY: ファイアウォール設定から三層の対策 (ネットワーク分離) を検証
 * SUMMARY_EN: verify the three-zone separation from the firewall configurations
 * USAGE:
 * 使い方: lgsec netcheck [オプション] TOPOLOGY.yaml CONFIG…
 *         lgsec netcheck diff [オプション] BEFORE AFTER
 *         lgsec netcheck hygiene [オプション] CONFIG…
 *   TOPOLOGY.yaml の系・中継・機器の配置と、対策基準のモデル (α, α', β, β') に従い、禁止された通信が
 *   通る経路を、例となるパケット・経路・通してしまうルールの行・条項とともに表示します (あれば終了
 *   コード 1)。続けてルールの点検 (隠れたルール、冗長なルール、全許可、一致しないルール) を表示します。
 *   diff: 同じ機器の変更前と変更後の設定を比べ、新たに通る通信 (+) と通らなくなる通信 (-) を表示します
 *   (新たに通る通信があれば終了コード 1。セキュリティ設定の変更の申請に添付します)。
 *   hygiene: ルールの点検だけを行います。
 *   対応する形式: iptables-save の出力、nft -j list ruleset の出力、YAMAHA RTX の設定 (show config)、
 *   FortiGate の設定 (show)、Cisco IOS の
 *   設定 (show running-config のアクセスリストと access-group)、Cisco ASA の設定 (show running-config) (自動判別)。
 *   オプション:
 *     --format auto|iptables|nft|rtx|fortigate|ios|asa  設定ファイルの形式 (既定 auto)
 *     --matrix FILE            系の間の規則 (既定は --pack のパック、--db のデータベースの有効なパック、
 *                              どちらもなければ組み込みの packs/mic の netcheck.yaml)
 *     --pack DIR               このパックのディレクトリの系の間の規則 (netcheck.yaml) で検証する
 *     --db PATH                トポロジーの systems を情報システム台帳 (このデータベース) の名前と系で照合する
 *     --no-hygiene             ルールの点検を省く
 *     --lang ja|en             表示の言語
 *     --json                   結果を JSON で表示する
 * USAGE_EN:
 * usage: lgsec netcheck [options] TOPOLOGY.yaml CONFIG…
 *        lgsec netcheck diff [options] BEFORE AFTER
 *        lgsec netcheck hygiene [options] CONFIG…
 *   Following TOPOLOGY.yaml (zones, relays, devices) and the policy's model (α, α', β, β'), prints every
 *   path a forbidden flow takes, with a witness packet, the path, the rule lines that let it through and
 *   the article (exit 1 when there is one); then the rule hygiene (shadowed, redundant, any-any,
 *   never-matching rules).
 *   diff: compares a device's configuration before and after a change: flows it opens (+) and closes
 *   (-) (exit 1 when it opens any; attach it to the change request).
 *   hygiene: the rule hygiene only.
 *   Formats: iptables-save output, nft -j list ruleset output, YAMAHA RTX configuration,
 *   FortiGate configuration, Cisco IOS
 *   configuration (access lists and access-groups of show running-config), Cisco ASA configuration
 *   (show running-config) (detected).
 *   options:
 *     --format auto|iptables|nft|rtx|fortigate|ios|asa  the configuration format (default auto)
 *     --matrix FILE            the rules between zones (default: the netcheck.yaml of the --pack pack, else
 *                              of the active pack of the --db database, else of the built-in packs/mic)
 *     --pack DIR               check against the zone matrix (netcheck.yaml) of the pack in DIR
 *     --db PATH                name and place the topology's systems as this database's system register does
 *     --no-hygiene             skip the rule hygiene
 *     --lang ja|en             output language
 *     --json                   print the results as JSON
 */
int cmd_netcheck(int argc, char **argv)
{
    const char *format = NULL, *matrix = NULL, *lang = NULL, *db_opt = NULL, *pack_dir = NULL;
    bool json = cli_take_flag(&argc, argv, "--json");
    bool no_hygiene = cli_take_flag(&argc, argv, "--no-hygiene");
    CliOpt opts[] = {{"--format", &format}, {"--matrix", &matrix}, {"--lang", &lang},
                     {"--db", &db_opt},     {"--pack", &pack_dir}, {NULL, NULL}};
    int rc = cli_parse(&argc, argv, "netcheck", opts, -1);
    if (rc != EXIT_OK)
        return rc;
    if ((rc = use_lang(lang, "netcheck")) != EXIT_OK)
        return rc;
    NcFormat fmt = NC_FMT_AUTO;
    if (format && !nc_format_from_name(format, &fmt))
        return cli_usage("netcheck", "--format は auto, iptables, nft, rtx, fortigate, ios, asa のどれかです",
                         "--format takes auto, iptables, nft, rtx, fortigate, ios or asa");
    if (matrix && pack_dir)
        return cli_usage("netcheck", "--matrix と --pack は同時に指定できません", "give --matrix or --pack, not both");
    bool en = i18n_english();
    NcFile none = {0};
    if (argc >= 2 && strcmp(argv[1], "diff") == 0) {
        if (argc != 4)
            return cli_usage("netcheck", "diff には変更前と変更後の設定ファイルを指定します",
                             "diff takes the configuration before and after the change");
        return execute(NETCHECK_DIFF, NULL, argv + 2, 2, fmt, none, NULL, true, json, en);
    }
    if (argc >= 2 && strcmp(argv[1], "hygiene") == 0) {
        if (argc < 3)
            return cli_usage("netcheck", "hygiene には設定ファイルを指定します", "hygiene takes configuration files");
        return execute(NETCHECK_HYGIENE, NULL, argv + 2, argc - 2, fmt, none, NULL, true, json, en);
    }
    if (argc < 3)
        return cli_usage("netcheck", "トポロジーの YAML と機器の設定ファイルを指定します",
                         "give the topology YAML and the devices' configuration files");
    Db *db = NULL;
    Pack *pack = NULL;
    Err e = {0};
    NetcheckZones zones = {0};
    Buf mbuf = BUF_INIT;
    char mname[NETCHECK_MATRIX_NAME];
    NcFile mx = {0};
    Status s = db_opt ? cli_open_db(db_opt, &db, &e) : ST_OK;
    if (s == ST_OK && db) /* --db: the topology's systems are named and placed as the 情報システム台帳 says */
        s = pack_store_load_active(db, &pack, &e);
    if (s == ST_OK && db) {
        Actor actor = {.login_id = "cli"};
        Ctx ctx = ctx_make(db, clock_system(), &actor, pack);
        s = netcheck_zones_load(&ctx, &zones, &e);
    }
    if (s == ST_OK && pack_dir) { /* the --pack pack's matrix, not the database's */
        pack_free(pack);
        pack = NULL;
    }
    if (s == ST_OK)
        s = choose_matrix(matrix, pack_dir, db, &pack, &mbuf, mname, &mx, &e);
    rc = s == ST_OK ? execute(NETCHECK_CHECK, argv[1], argv + 2, argc - 2, fmt, mx, db ? &zones : NULL, !no_hygiene, json, en)
                    : cli_fail(&e);
    netcheck_zones_free(&zones);
    buf_free(&mbuf);
    pack_free(pack);
    if (db)
        db_close(db);
    return rc;
}
