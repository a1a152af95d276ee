/* rules: which articles of the policy the code enforces — for each, the enforcing functions
 * (file:line), the pack values they read and the HTTP routes that reach them — and which articles of
 * the built-in pack (packs/mic) nothing enforces. The table is rules.gen.c, collected at build time
 * from the ENFORCES: declarations (scripts/mkindex.py). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/rules.h"
#include "core/i18n.h"
#include "core/xmalloc.h"
#include "policy/pack.h"

/* The bare article of a citation ("第59条(3)" → "第59条") in out. */
static void bare_article(const char *citation, char *out, size_t cap)
{
    size_t n = pack_article_base_len(citation);
    if (n == 0 || n >= cap)
        n = strlen(citation) < cap ? strlen(citation) : cap - 1;
    memcpy(out, citation, n);
    out[n] = '\0';
}

/* Orders bare articles by number: 第N条, then 第N条のM. */
static long article_order(const char *bare)
{
    long n = 0, m = 0;
    if (sscanf(bare, "第%ld条の%ld", &n, &m) < 1)
        return 0;
    return n * 1000 + m;
}

static int compare_articles(const void *a, const void *b)
{
    long x = article_order(*(const char *const *)a), y = article_order(*(const char *const *)b);
    return (x > y) - (x < y);
}

/* True if the enforcement cites the bare article. */
static bool cites(const RuleEnforcement *r, const char *bare)
{
    char base[64];
    for (const char *const *c = r->articles; *c; c++) {
        bare_article(*c, base, sizeof base);
        if (strcmp(base, bare) == 0)
            return true;
    }
    return false;
}

/* The distinct bare articles the table cites, sorted; *n of them. Caller frees the array and strings. */
static char **enforced_articles(size_t *n)
{
    size_t cap = 0;
    *n = 0;
    for (const RuleEnforcement *r = rule_enforcements; r->function; r++)
        for (const char *const *c = r->articles; *c; c++)
            cap++;
    char **out = xcalloc(cap + 1, sizeof *out);
    for (const RuleEnforcement *r = rule_enforcements; r->function; r++) {
        for (const char *const *c = r->articles; *c; c++) {
            char base[64];
            bare_article(*c, base, sizeof base);
            bool seen = false;
            for (size_t i = 0; i < *n && !seen; i++)
                seen = strcmp(out[i], base) == 0;
            if (!seen) {
                out[(*n)++] = xstrdup(base);
            }
        }
    }
    qsort(out, *n, sizeof *out, compare_articles);
    return out;
}

static const char *article_title(const Pack *p, const char *bare)
{
    const PackArticle *a = pack_article(p, bare);
    return a && a->title ? a->title : "";
}

static json_t *string_array(const char *const *items)
{
    json_t *list = json_array();
    for (; *items; items++)
        json_array_append_new(list, json_string(*items));
    return list;
}

/* The enforcement's citations of the bare article (第23条 → ["第23条3", "第23条6(1)"]). */
static json_t *citations_of(const RuleEnforcement *r, const char *bare)
{
    json_t *list = json_array();
    char base[64];
    for (const char *const *c = r->articles; *c; c++) {
        bare_article(*c, base, sizeof base);
        if (strcmp(base, bare) == 0)
            json_array_append_new(list, json_string(*c));
    }
    return list;
}

static json_t *to_json(const Pack *p, char **enforced, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *by = json_array();
        for (const RuleEnforcement *r = rule_enforcements; r->function; r++) {
            if (!cites(r, enforced[i]))
                continue;
            json_t *routes = json_array();
            for (const char *const *rt = r->routes; *rt; rt++) {
                const char *space = strchr(*rt, ' ');
                json_array_append_new(routes, json_pack("{s:s%, s:s}", "method", *rt, (size_t)(space - *rt),
                                                        "path", space + 1));
            }
            json_array_append_new(by, json_pack("{s:s, s:s, s:i, s:o, s:o, s:b, s:o, s:s}", "function", r->function,
                                                "file", r->file, "line", r->line, "citations",
                                                citations_of(r, enforced[i]), "pack_keys", string_array(r->pack_keys),
                                                "every_route", r->every_route, "routes", routes, "note", r->note));
        }
        json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:o}", "article", enforced[i], "title",
                                              article_title(p, enforced[i]), "in_pack",
                                              pack_article(p, enforced[i]) != NULL, "enforced_by", by));
    }
    /* the pack's articles in number order (articles.yaml need not be sorted) */
    const char **numbers = xcalloc(p->n_articles + 1, sizeof *numbers);
    for (size_t i = 0; i < p->n_articles; i++)
        numbers[i] = p->articles[i].number;
    qsort(numbers, p->n_articles, sizeof *numbers, compare_articles);
    json_t *unenforced = json_array();
    for (size_t i = 0; i < p->n_articles; i++) {
        bool found = false;
        for (size_t k = 0; k < n && !found; k++)
            found = strcmp(enforced[k], numbers[i]) == 0;
        if (!found)
            json_array_append_new(unenforced, json_pack("{s:s, s:s}", "article", numbers[i], "title",
                                                        article_title(p, numbers[i])));
    }
    free(numbers);
    return json_pack("{s:s, s:s, s:i, s:o, s:o}", "pack", p->id, "pack_version", p->version, "pack_articles",
                     (int)p->n_articles, "enforced", list, "unenforced", unenforced);
}

/* "    label: a, b, c" for a JSON array of strings, or of routes {method, path}; nothing when empty. */
static void print_list(const char *label, const json_t *items)
{
    if (json_array_size(items) == 0)
        return;
    printf("    %s:", label);
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it) {
        fputs(i ? ", " : " ", stdout);
        if (json_is_object(it))
            printf("%s %s", json_string_value(json_object_get(it, "method")),
                   json_string_value(json_object_get(it, "path")));
        else
            fputs(json_string_value(it), stdout);
    }
    putchar('\n');
}

static void print_text(const json_t *doc)
{
    const json_t *enforced = json_object_get(doc, "enforced"), *unenforced = json_object_get(doc, "unenforced");
    printf(tr("コードが守らせている条文: %zu 件 (パック %s %s の条文は %d 件)\n",
              "articles the code enforces: %zu (pack %s %s has %d articles)\n"),
           json_array_size(enforced), json_string_value(json_object_get(doc, "pack")),
           json_string_value(json_object_get(doc, "pack_version")),
           (int)json_integer_value(json_object_get(doc, "pack_articles")));
    size_t i, k;
    const json_t *a, *r;
    json_array_foreach(enforced, i, a) {
        printf("\n%s %s%s\n", json_string_value(json_object_get(a, "article")),
               json_string_value(json_object_get(a, "title")),
               json_is_true(json_object_get(a, "in_pack")) ? "" : tr(" (パックにない条文)", " (not in the pack)"));
        json_array_foreach(json_object_get(a, "enforced_by"), k, r) {
            printf("  %s  %s:%d\n", json_string_value(json_object_get(r, "function")),
                   json_string_value(json_object_get(r, "file")), (int)json_integer_value(json_object_get(r, "line")));
            print_list(tr("引用", "cites"), json_object_get(r, "citations"));
            print_list(tr("パックの値", "pack keys"), json_object_get(r, "pack_keys"));
            if (json_is_true(json_object_get(r, "every_route")))
                printf("    %s\n", tr("経路: すべての経路 (各要求の処理 dispatch から)",
                                      "routes: every route (through the request pipeline, dispatch)"));
            if (json_array_size(json_object_get(r, "routes")))
                print_list(tr("経路", "routes"), json_object_get(r, "routes"));
            else if (!json_is_true(json_object_get(r, "every_route")))
                printf("    %s\n", tr("経路: なし (HTTP の経路からは呼ばれない)", "routes: none (no HTTP route reaches it)"));
            const char *note = json_string_value(json_object_get(r, "note"));
            if (*note)
                printf("    %s: %s\n", tr("内容", "what"), note);
        }
    }
    printf(tr("\nどの関数も守らせていない条文: %zu 件\n", "\narticles nothing enforces: %zu\n"),
           json_array_size(unenforced));
    json_array_foreach(unenforced, i, a)
        printf("  %s %s\n", json_string_value(json_object_get(a, "article")),
               json_string_value(json_object_get(a, "title")));
}

/* COMMAND: rules
 * SUMMARY: コードが守らせている条文と、守らせていない条文の一覧
 * SUMMARY_EN: which articles the code enforces, and which nothing enforces
 * USAGE:
 * 使い方: lgsec rules [--json]
 *   コードが守らせている条文ごとに、守らせている関数 (ファイル:行)・読み取るパックの値・
 *   その関数に至る HTTP の経路を表示し、続いて同梱のパック (packs/mic) の条文のうち
 *   どの関数も守らせていないものを表示します。一覧はソースの ENFORCES: 宣言からビルド時に作られます。
 *   --json で JSON を出力します。
 * USAGE_EN:
 * usage: lgsec rules [--json]
 *   For every article the code enforces, prints the enforcing functions (file:line), the pack values they
 *   read and the HTTP routes that reach them; then the articles of the built-in pack (packs/mic) that
 *   nothing enforces. The list is built from the ENFORCES: declarations in the sources. --json for JSON.
 */
int cmd_rules(int argc, char **argv)
{
    bool as_json = cli_take_flag(&argc, argv, "--json");
    int rc = cli_parse(&argc, argv, "rules", (const CliOpt[]){{NULL, NULL}}, 0);
    if (rc)
        return rc;
    Pack *p = NULL;
    PackIssues issues = {0};
    Err e = {0};
    Status st = pack_load_embedded(&p, &issues, &e);
    pack_issues_free(&issues);
    if (st != ST_OK)
        return cli_fail(&e);
    size_t n;
    char **enforced = enforced_articles(&n);
    json_t *doc = to_json(p, enforced, n);
    if (as_json) {
        char *text = json_dumps(doc, JSON_INDENT(2));
        puts(text);
        free(text);
    } else {
        print_text(doc);
    }
    json_decref(doc);
    for (size_t i = 0; i < n; i++)
        free(enforced[i]);
    free(enforced);
    pack_free(p);
    return EXIT_OK;
}
