/* cmd_netcheck: `lgsec netcheck` — the 三層の対策 checked from the firewall configurations themselves
 * (第24条–第26条): forbidden flows with a witness packet, the path and the rule lines; hygiene findings;
 * and `netcheck diff`, what a configuration change opens and closes (第44条). docs/netcheck.md. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/buf.h"
#include "core/embed.h"
#include "core/i18n.h"
#include "core/jsonw.h"
#include "core/xmalloc.h"
#include "netcheck/check.h"
#include "netcheck/nat.h"
#include "netcheck/parse.h"

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

static Status load_config(const char *path, NcFormat fmt, NcRuleset **rs, NcAnalysis **an, Err *e)
{
    Buf b = BUF_INIT;
    Status st = read_file(path, &b, e);
    if (st == ST_OK)
        st = nc_parse(path, b.data, b.len, fmt, rs, e);
    buf_free(&b);
    if (st != ST_OK)
        return st;
    *an = nc_analysis_new(*rs, e);
    if (!*an) {
        nc_ruleset_free(*rs);
        *rs = NULL;
        return e->status;
    }
    return ST_OK;
}

static const char *kind_label(NcHygieneKind k, bool en)
{
    switch (k) {
    case NC_H_NEVER: return en ? "never matches (its conditions match no packet)" : "一致しない (条件に合うパケットがない)";
    case NC_H_SHADOWED: return en ? "shadowed (earlier rules take all its packets with another verdict)"
                                  : "隠れている (先行ルールがすべてのパケットを別の結果で処理)";
    case NC_H_REDUNDANT: return en ? "redundant (earlier rules already give all its packets the same verdict)"
                                   : "冗長 (先行ルールがすべてのパケットを同じ結果で処理済み)";
    case NC_H_ANY_ANY: return en ? "any-any permit (every address, protocol and port)"
                                 : "全許可 (すべてのアドレス・プロトコル・ポートを許可)";
    }
    return "?";
}

static void json_packet(JsonWriter *w, const NcPacket *p)
{
    char s[16], d[16];
    nc_format_ipv4(p->src, s);
    nc_format_ipv4(p->dst, d);
    char *text = nc_packet_describe(p);
    jw_object_begin(w);
    jw_key(w, "protocol");
    jw_int(w, p->proto);
    jw_key(w, "src");
    jw_string(w, s);
    jw_key(w, "dst");
    jw_string(w, d);
    jw_key(w, "sport");
    jw_int(w, p->sport);
    jw_key(w, "dport");
    jw_int(w, p->dport);
    jw_key(w, "text");
    jw_string(w, text);
    jw_object_end(w);
    free(text);
}

static void json_trace(JsonWriter *w, const NcRuleset *rs, const NcTrace *t)
{
    jw_array_begin(w);
    for (size_t i = 0; i < t->n; i++) {
        char *d = nc_step_describe(rs, &t->steps[i]);
        jw_string(w, d);
        free(d);
    }
    jw_array_end(w);
}

static void print_trace(const NcRuleset *rs, const NcTrace *t, const char *indent)
{
    for (size_t i = 0; i < t->n; i++) {
        char *d = nc_step_describe(rs, &t->steps[i]);
        printf("%s%s\n", indent, d);
        free(d);
    }
}

/* The NAT rules that translated a violation's packet on one hop (stages: 1 destination NAT, 2 source
 * NAT): into "nat" of the JSON object being written, or as lines with the prefix. */
static void print_nat(const NcRuleset *rs, const NcHop *h, JsonWriter *w, const char *prefix, unsigned stages)
{
    int rules[2] = {stages & 1 ? h->nat_pre : -1, stages & 2 ? h->nat_post : -1};
    if (w && (rules[0] >= 0 || rules[1] >= 0)) {
        jw_key(w, "nat");
        jw_array_begin(w);
    }
    for (int st = 0; st < 2; st++) {
        if (rules[st] < 0)
            continue;
        char *d = nc_nat_describe(rs, st == 0 ? NC_NAT_PRE : NC_NAT_POST, rules[st]);
        if (w)
            jw_string(w, d);
        else
            printf("%s%s\n", prefix, d);
        free(d);
    }
    if (w && (rules[0] >= 0 || rules[1] >= 0))
        jw_array_end(w);
}

/* Hygiene of one ruleset, as text or into the JSON array being written. */
static size_t hygiene(const NcAnalysis *an, const char *device, JsonWriter *w, bool en)
{
    size_t n;
    NcFinding *f = nc_hygiene(an, &n);
    const NcRuleset *rs = an->rs;
    for (size_t i = 0; i < n; i++) {
        NcStep s = {f[i].chain, f[i].rule};
        char *d = nc_step_describe(rs, &s);
        const NcRule *r = &rs->chains[f[i].chain].rules[f[i].rule];
        if (w) {
            jw_object_begin(w);
            jw_key(w, "device");
            jw_string(w, device);
            jw_key(w, "file");
            jw_string(w, rs->file);
            jw_key(w, rs->line_is_handle ? "handle" : "line");
            jw_int(w, r->line);
            jw_key(w, "kind");
            jw_string(w, nc_hygiene_name(f[i].kind));
            jw_key(w, "rule");
            jw_string(w, d);
            jw_key(w, "covered_by");
            jw_array_begin(w);
            for (int k = 0; k < 3 && f[i].by[k] >= 0; k++)
                jw_int(w, rs->chains[f[i].chain].rules[f[i].by[k]].line);
            jw_array_end(w);
            jw_object_end(w);
        } else {
            printf("  %s\n    %s", d, kind_label(f[i].kind, en));
            if (f[i].by[0] >= 0)
                printf(en ? " — by %s" : " — %s", rs->line_is_handle ? "handle" : (en ? "line" : "行"));
            for (int k = 0; k < 3 && f[i].by[k] >= 0; k++)
                printf("%s%d", k ? ", " : " ", rs->chains[f[i].chain].rules[f[i].by[k]].line);
            printf("\n");
        }
        free(d);
    }
    free(f);
    return n;
}

static void print_notes(const NcRuleset *rs, bool en)
{
    if (!rs->n_notes)
        return;
    printf(en ? "  %s: %zu lines outside the model (NAT, other tables or families) are not analysed:\n"
              : "  %s: モデル外の行 %zu 件 (NAT、他の表・アドレスファミリ) は解析に含めていません:\n",
           rs->file, rs->n_notes);
    for (size_t i = 0; i < rs->n_notes && i < 20; i++)
        printf("    %s\n", rs->notes[i]);
    if (rs->n_notes > 20)
        printf("    …\n");
}

static void json_notes(JsonWriter *w, const NcRuleset *rs)
{
    jw_key(w, "notes");
    jw_array_begin(w);
    for (size_t i = 0; i < rs->n_notes; i++)
        jw_string(w, rs->notes[i]);
    jw_array_end(w);
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

static Status load_matrix(const char *path, NcMatrix **m, Err *e)
{
    if (path) {
        Buf b = BUF_INIT;
        Status st = read_file(path, &b, e);
        if (st == ST_OK)
            st = nc_matrix_load(path, b.data, b.len, m, e);
        buf_free(&b);
        return st;
    }
    const EmbeddedFile *f = embedded_find(embedded_pack_mic, "netcheck.yaml");
    if (!f)
        return err_set(e, ST_INVALID, "netcheck_topology", "matrix", "パックに netcheck.yaml がありません",
                       "the pack has no netcheck.yaml");
    return nc_matrix_load("packs/mic/netcheck.yaml", (const char *)f->data, f->len, m, e);
}

static int run_diff(int argc, char **argv, NcFormat fmt, bool json, bool en)
{
    if (argc != 3)
        return cli_usage("netcheck", "diff には変更前と変更後の設定ファイルを指定します",
                         "diff takes the configuration before and after the change");
    NcRuleset *rb = NULL, *ra = NULL;
    NcAnalysis *ab = NULL, *aa = NULL;
    Err e = {0};
    if (load_config(argv[1], fmt, &rb, &ab, &e) != ST_OK || load_config(argv[2], fmt, &ra, &aa, &e) != ST_OK) {
        nc_analysis_free(ab);
        nc_ruleset_free(rb);
        return cli_fail(&e);
    }
    size_t n;
    NcDiffItem *v = nc_diff(ab, aa, &n);
    size_t opened = 0;
    for (size_t i = 0; i < n; i++)
        opened += v[i].opened;
    if (json) {
        JsonWriter w = {0};
        jw_object_begin(&w);
        jw_key(&w, "before");
        jw_string(&w, rb->file);
        jw_key(&w, "after");
        jw_string(&w, ra->file);
        jw_key(&w, "changes");
        jw_array_begin(&w);
        for (size_t i = 0; i < n; i++) {
            jw_object_begin(&w);
            jw_key(&w, "change");
            jw_string(&w, v[i].opened ? "opened" : "closed");
            jw_key(&w, "in");
            jw_string(&w, v[i].in);
            jw_key(&w, "out");
            jw_string(&w, v[i].out);
            jw_key(&w, "witness");
            json_packet(&w, &v[i].witness);
            jw_key(&w, "packets");
            char num[64];
            snprintf(num, sizeof num, "%.0f", v[i].packets);
            jw_raw(&w, num, strlen(num));
            jw_key(&w, "rules");
            json_trace(&w, v[i].opened ? ra : rb, &v[i].trace);
            jw_object_end(&w);
        }
        jw_array_end(&w);
        jw_object_end(&w);
        char *out = jw_take(&w);
        printf("%s\n", out);
        free(out);
    } else {
        printf(en ? "netcheck diff: %s → %s: %zu opened, %zu closed\n" : "netcheck diff: %s → %s: 新たに通る通信 %zu 件、通らなくなる通信 %zu 件\n",
               rb->file, ra->file, opened, n - opened);
        for (size_t i = 0; i < n; i++) {
            char *p = nc_packet_describe(&v[i].witness);
            printf("%s %s → %s  %s: %s\n", v[i].opened ? "+" : "-", v[i].in[0] ? v[i].in : (en ? "(other)" : "(その他)"),
                   v[i].out[0] ? v[i].out : (en ? "(other)" : "(その他)"), en ? "e.g." : "例", p);
            print_trace(v[i].opened ? ra : rb, &v[i].trace, "    ");
            free(p);
        }
    }
    free(v);
    nc_analysis_free(ab);
    nc_analysis_free(aa);
    nc_ruleset_free(rb);
    nc_ruleset_free(ra);
    return opened ? EXIT_FAILED : EXIT_OK;
}

static int run_hygiene(int argc, char **argv, NcFormat fmt, bool json, bool en)
{
    if (argc < 2)
        return cli_usage("netcheck", "hygiene には設定ファイルを指定します", "hygiene takes configuration files");
    JsonWriter w = {0};
    if (json) {
        jw_object_begin(&w);
        jw_key(&w, "hygiene");
        jw_array_begin(&w);
    }
    for (int i = 1; i < argc; i++) {
        NcRuleset *rs = NULL;
        NcAnalysis *an = NULL;
        Err e = {0};
        if (load_config(argv[i], fmt, &rs, &an, &e) != ST_OK) {
            jw_free(&w);
            return cli_fail(&e);
        }
        if (!json)
            printf("%s (%s, %zu %s):\n", rs->file, rs->vendor, rs->rule_count, en ? "rules" : "ルール");
        size_t n = hygiene(an, rs->file, json ? &w : NULL, en);
        if (!json && n == 0)
            printf(en ? "  no findings\n" : "  指摘なし\n");
        if (!json)
            print_notes(rs, en);
        nc_analysis_free(an);
        nc_ruleset_free(rs);
    }
    if (json) {
        jw_array_end(&w);
        jw_object_end(&w);
        char *out = jw_take(&w);
        printf("%s\n", out);
        free(out);
    }
    return EXIT_OK;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int run_check(int argc, char **argv, NcFormat fmt, bool json, bool en, const char *matrix_path,
                     bool no_hygiene)
{
    if (argc < 3)
        return cli_usage("netcheck", "トポロジーの YAML と機器の設定ファイルを指定します",
                         "give the topology YAML and the devices' configuration files");
    Err e = {0};
    NcMatrix *m = NULL;
    NcTopology *t = NULL;
    Buf b = BUF_INIT;
    int rc = EXIT_OK;
    if (load_matrix(matrix_path, &m, &e) != ST_OK || read_file(argv[1], &b, &e) != ST_OK ||
        nc_topology_load(argv[1], b.data, b.len, m, &t, &e) != ST_OK) {
        rc = cli_fail(&e);
        goto out;
    }
    /* each configuration file goes to the device whose config names it (by file name) */
    for (int i = 2; i < argc; i++) {
        NcDevice *d = NULL;
        for (size_t k = 0; k < t->n_devices && !d; k++)
            if (strcmp(base_name(t->devices[k].config), base_name(argv[i])) == 0)
                d = &t->devices[k];
        if (!d || d->rs) {
            char ja[300], en_msg[300];
            snprintf(ja, sizeof ja, "%s はトポロジーのどの機器の config でもありません (または二度指定されています)", argv[i]);
            snprintf(en_msg, sizeof en_msg, "%s is not the config of any device of the topology (or given twice)", argv[i]);
            rc = cli_usage("netcheck", ja, en_msg);
            goto out;
        }
        if (load_config(argv[i], fmt, &d->rs, &d->an, &e) != ST_OK) {
            rc = cli_fail(&e);
            goto out;
        }
    }
    for (size_t k = 0; k < t->n_devices; k++)
        if (!t->devices[k].rs) {
            char ja[300], en_msg[300];
            snprintf(ja, sizeof ja, "機器 %s の設定ファイル %s が指定されていません", t->devices[k].name, t->devices[k].config);
            snprintf(en_msg, sizeof en_msg, "the configuration %s of device %s is missing", t->devices[k].config,
                     t->devices[k].name);
            rc = cli_usage("netcheck", ja, en_msg);
            goto out;
        }
    size_t nv;
    bool truncated;
    NcViolation *v = nc_check_zones(t, m, &nv, &truncated);
    const NcModel *model = nc_matrix_model(m, t->model);
    JsonWriter w = {0};
    if (json) {
        jw_object_begin(&w);
        jw_key(&w, "model");
        jw_string(&w, model->id);
        jw_key(&w, "model_label");
        jw_string(&w, en ? model->en : model->ja);
        jw_key(&w, "devices");
        jw_array_begin(&w);
        for (size_t k = 0; k < t->n_devices; k++) {
            const NcDevice *d = &t->devices[k];
            jw_object_begin(&w);
            jw_key(&w, "name");
            jw_string(&w, d->name);
            jw_key(&w, "file");
            jw_string(&w, d->rs->file);
            jw_key(&w, "vendor");
            jw_string(&w, d->rs->vendor);
            jw_key(&w, "rules");
            jw_int(&w, (int64_t)d->rs->rule_count);
            json_notes(&w, d->rs);
            jw_object_end(&w);
        }
        jw_array_end(&w);
        jw_key(&w, "violations");
        jw_array_begin(&w);
    } else {
        size_t rules = 0;
        for (size_t k = 0; k < t->n_devices; k++)
            rules += t->devices[k].rs->rule_count;
        printf(en ? "netcheck: %s — %zu devices, %zu rules\n" : "netcheck: %s — 機器 %zu 台、ルール %zu 件\n",
               en ? model->en : model->ja, t->n_devices, rules);
        if (nv == 0)
            printf(en ? "No forbidden flow gets through.\n" : "禁止された通信が通る経路はありません。\n");
        else
            printf(en ? "%zu forbidden flow%s get%s through:\n" : "禁止された通信が通る経路 %zu 件:\n", nv,
                   nv == 1 ? "" : "s", nv == 1 ? "s" : "");
    }
    for (size_t i = 0; i < nv; i++) {
        const NcViolation *x = &v[i];
        const NcZoneLabel *zf = nc_matrix_zone(m, t->zones[x->from_zone].id), *zt = nc_matrix_zone(m, t->zones[x->to_zone].id);
        if (json) {
            jw_object_begin(&w);
            jw_key(&w, "from");
            jw_string(&w, zf->id);
            jw_key(&w, "to");
            jw_string(&w, zt->id);
            jw_key(&w, "article");
            jw_string(&w, x->rule->article);
            jw_key(&w, "rule");
            jw_string(&w, en ? x->rule->en : x->rule->ja);
            jw_key(&w, "witness");
            json_packet(&w, &x->witness);
            if (x->translated) { /* the witness after every NAT rule on the path */
                jw_key(&w, "delivered");
                json_packet(&w, &x->delivered);
            }
            jw_key(&w, "packets");
            char num[64];
            snprintf(num, sizeof num, "%.0f", x->packets);
            jw_raw(&w, num, strlen(num));
            jw_key(&w, "path");
            jw_array_begin(&w);
            for (int h = 0; h < x->n_hops; h++) {
                const NcDevice *d = &t->devices[x->hops[h].device];
                jw_object_begin(&w);
                jw_key(&w, "device");
                jw_string(&w, d->name);
                jw_key(&w, "in");
                jw_string(&w, x->hops[h].in);
                jw_key(&w, "out");
                jw_string(&w, x->hops[h].out);
                jw_key(&w, "rules");
                json_trace(&w, d->rs, &x->hops[h].trace);
                print_nat(d->rs, &x->hops[h], &w, NULL, 3);
                jw_object_end(&w);
            }
            jw_array_end(&w);
            jw_object_end(&w);
        } else {
            char *p = nc_packet_describe(&x->witness);
            printf("%zu. %s → %s  [%s] %s\n", i + 1, en ? zf->en : zf->ja, en ? zt->en : zt->ja, x->rule->article,
                   en ? x->rule->en : x->rule->ja);
            printf(en ? "   e.g. %s\n" : "   例: %s\n", p);
            if (x->translated) {
                char *q = nc_packet_describe(&x->delivered);
                printf(en ? "   after NAT: %s\n" : "   アドレス変換後: %s\n", q);
                free(q);
            }
            printf(en ? "   path:" : "   経路:");
            for (int h = 0; h < x->n_hops; h++)
                printf(" %s%s (%s → %s)", h ? "→ " : "", t->devices[x->hops[h].device].name, x->hops[h].in,
                       x->hops[h].out);
            printf("\n");
            for (int h = 0; h < x->n_hops; h++) {
                const NcRuleset *hrs = t->devices[x->hops[h].device].rs;
                print_nat(hrs, &x->hops[h], NULL, "     NAT: ", 1); /* before the forward rules */
                print_trace(hrs, &x->hops[h].trace, "     ");
                print_nat(hrs, &x->hops[h], NULL, "     NAT: ", 2); /* after them */
            }
            free(p);
        }
    }
    if (json) {
        jw_array_end(&w);
        jw_key(&w, "truncated");
        jw_bool(&w, truncated);
        jw_key(&w, "hygiene");
        jw_array_begin(&w);
    } else if (truncated)
        printf(en ? "(more forbidden paths exist; the first %d are shown)\n" : "(ほかにも経路があります。最初の %d 件を表示しています)\n",
               NC_MAX_VIOLATIONS);
    if (!no_hygiene) {
        if (!json)
            printf(en ? "Hygiene:\n" : "ルールの点検:\n");
        for (size_t k = 0; k < t->n_devices; k++) {
            size_t n = hygiene(t->devices[k].an, t->devices[k].name, json ? &w : NULL, en);
            if (!json && n == 0)
                printf(en ? "  %s: no findings\n" : "  %s: 指摘なし\n", t->devices[k].name);
        }
    }
    if (json) {
        jw_array_end(&w);
        jw_object_end(&w);
        char *s = jw_take(&w);
        printf("%s\n", s);
        free(s);
    } else
        for (size_t k = 0; k < t->n_devices; k++)
            print_notes(t->devices[k].rs, en);
    free(v);
    rc = nv ? EXIT_FAILED : EXIT_OK;
out:
    buf_free(&b);
    nc_topology_free(t);
    nc_matrix_free(m);
    return rc;
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
 *   設定 (show running-config のアクセスリストと access-group) (自動判別)。
 *   オプション:
 *     --format auto|iptables|nft|rtx|fortigate|ios|asa  設定ファイルの形式 (既定 auto)
 *     --matrix FILE            系の間の規則 (既定はパック packs/mic/netcheck.yaml)
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
 *   configuration (access lists and access-groups of show running-config) (detected).
 *   options:
 *     --format auto|iptables|nft|rtx|fortigate|ios|asa  the configuration format (default auto)
 *     --matrix FILE            the rules between zones (default: the pack's packs/mic/netcheck.yaml)
 *     --no-hygiene             skip the rule hygiene
 *     --lang ja|en             output language
 *     --json                   print the results as JSON
 */
int cmd_netcheck(int argc, char **argv)
{
    const char *format = NULL, *matrix = NULL, *lang = NULL;
    bool json = cli_take_flag(&argc, argv, "--json");
    bool no_hygiene = cli_take_flag(&argc, argv, "--no-hygiene");
    CliOpt opts[] = {{"--format", &format}, {"--matrix", &matrix}, {"--lang", &lang}, {NULL, NULL}};
    int rc = cli_parse(&argc, argv, "netcheck", opts, -1);
    if (rc != EXIT_OK)
        return rc;
    if ((rc = use_lang(lang, "netcheck")) != EXIT_OK)
        return rc;
    NcFormat fmt = NC_FMT_AUTO;
    if (format && !nc_format_from_name(format, &fmt))
        return cli_usage("netcheck", "--format は auto, iptables, nft, rtx, fortigate, ios のどれかです",
                         "--format takes auto, iptables, nft, rtx, fortigate or ios");
    bool en = i18n_english();
    if (argc >= 2 && strcmp(argv[1], "diff") == 0)
        return run_diff(argc - 1, argv + 1, fmt, json, en);
    if (argc >= 2 && strcmp(argv[1], "hygiene") == 0)
        return run_hygiene(argc - 1, argv + 1, fmt, json, en);
    return run_check(argc, argv, fmt, json, en, matrix, no_hygiene);
}
