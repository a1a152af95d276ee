/* cmd_policy.c: owns `lgsec policy parse FILE [--json]` — reads a policy document and prints its
 * counts and outline (or the whole tree as JSON) — and `lgsec policy check FILE [--json] [--pack DIR]`,
 * which compares it with the guideline model of a pack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "policy/pack.h"
#include "policydoc/check.h"
#include "policydoc/policydoc.h"

static void outline(const PdNode *nd, int depth)
{
    if (nd->kind == PD_PARAGRAPH || nd->kind == PD_ITEM || nd->kind == PD_SUBITEM)
        return;
    if (nd->kind != PD_DOCUMENT) {
        size_t np = 0, ni = 0;
        for (size_t i = 0; i < nd->nchildren; i++) {
            np += nd->children[i]->kind == PD_PARAGRAPH;
            ni += nd->children[i]->kind == PD_ITEM;
        }
        bool paren = *nd->title && nd->kind == PD_ARTICLE && strncmp(nd->label, "第", 3) == 0;
        printf("%*s%s%s%s%s%s  [%d-%d]", depth * 2, "", nd->label, *nd->title ? " " : "", paren ? "(" : "",
               nd->title, paren ? ")" : "", nd->first_line, nd->last_line);
        if (np || ni)
            printf(tr("  項%zu 号%zu", "  paragraphs %zu items %zu"), np + 1, ni);
        printf("\n");
    }
    for (size_t i = 0; i < nd->nchildren; i++)
        outline(nd->children[i], nd->kind == PD_DOCUMENT ? 0 : depth + 1);
}

static int policy_parse(int argc, char **argv)
{
    bool json = cli_take_flag(&argc, argv, "--json");
    int rc = cli_parse(&argc, argv, "policy", (const CliOpt[]){{NULL, NULL}}, 2);
    if (rc)
        return rc;
    const char *path = argv[2];
    Err e = {0};
    PolicyDoc *d = NULL;
    if (policydoc_read_file(path, &d, &e) != ST_OK)
        return cli_fail(&e);
    if (json) {
        char *s = policydoc_to_json(d);
        printf("%s\n", s);
        free(s);
    } else {
        const PdCounts *c = &d->counts;
        printf("%s\n", *d->title ? d->title : path);
        printf(tr("行数 %d (本文 %d 行目から, %s)\n", "%d lines (body from line %d, %s)\n"), d->nlines,
               d->body_line, d->encoding);
        printf(tr("章 %zu  節 %zu  条 %zu  項 %zu  号 %zu  細目 %zu  附則 %zu\n",
                  "chapters %zu  sections %zu  articles %zu  paragraphs %zu  items %zu  subitems %zu  "
                  "supplements %zu\n"),
               c->chapters, c->sections, c->articles, c->paragraphs, c->items, c->subitems, c->supplements);
        outline(d->root, 0);
    }
    policydoc_free(d);
    return EXIT_OK;
}

static int policy_check_cmd(int argc, char **argv)
{
    bool json = cli_take_flag(&argc, argv, "--json");
    const char *pack_dir = NULL;
    int rc = cli_parse(&argc, argv, "policy", (const CliOpt[]){{"--pack", &pack_dir}, {NULL, NULL}}, 2);
    if (rc)
        return rc;
    Err e = {0};
    Pack *p = NULL;
    PackIssues issues = {0};
    Status st = pack_dir ? pack_load_dir(pack_dir, &p, &issues, &e) : pack_load_embedded(&p, &issues, &e);
    pack_issues_free(&issues);
    if (st != ST_OK)
        return cli_fail(&e);
    PolicyDoc *d = NULL;
    st = policydoc_read_file(argv[2], &d, &e);
    if (st != ST_OK) {
        pack_free(p);
        return cli_fail(&e);
    }
    PolicyCheck *c = policy_check(d, &p->guideline);
    char *out = json ? policy_check_to_json(c, d, &p->guideline) : policy_check_to_text(c, d, &p->guideline);
    fputs(out, stdout);
    if (json)
        putchar('\n');
    free(out);
    bool complete = policy_check_complete(c);
    policy_check_free(c);
    policydoc_free(d);
    pack_free(p);
    return complete ? EXIT_OK : EXIT_FAILED;
}

/* COMMAND: policy
 * SUMMARY: 情報セキュリティポリシー文書の読み取り
 * SUMMARY_EN: read a security policy document
 * USAGE:
 * 使い方: lgsec policy parse [--json] FILE
 *         lgsec policy check [--json] [--pack DIR] FILE
 *   parse: FILE (PDF や Word から取り出したテキストまたは Markdown (UTF-8 または Shift_JIS)、
 *     Word 文書 (.docx)、PDF) の章・節・条 (または「1 目的」の番号付き項目)・項・号・細目を読み取り、
 *     件数と目次を表示します。--json で各要素の番号・見出し・本文・行範囲を含む木を JSON で出力します。
 *     ファイルが読めない、文字コードや形式が不明な場合は終了コード 1。
 *   check: FILE をガイドラインのモデル (パックの guideline.yaml、既定は同梱の packs/mic) と照合し、
 *     要素ごとに 充足 / 一部不足 (不足する語) / 欠落 (置くべき箇所) と見つかった行、逸脱 (「安全性」、
 *     「及び」が「又は」、3A/3B/3C のない分類など) を表示します。--json で JSON。
 *     すべて充足し逸脱がなければ終了コード 0、不足・欠落・逸脱があれば 1。
 * USAGE_EN:
 * usage: lgsec policy parse [--json] FILE
 *        lgsec policy check [--json] [--pack DIR] FILE
 *   parse: reads FILE (text or Markdown extracted from PDF or Word, UTF-8 or Shift_JIS; a Word .docx;
 *     a PDF) into chapters, sections, articles (or numbered sections such as 「1 目的」), paragraphs,
 *     items and sub-items, and prints the counts and the outline. --json prints the tree with each
 *     node's number, title, text and line range. Exits 1 when the file cannot be read.
 *   check: compares FILE with the guideline model (guideline.yaml of the pack; default the built-in
 *     packs/mic): each element ok / partial (what is missing) / missing (where it belongs) with the
 *     lines it was found on, and deviations (安全性, 又は for 及び, a classification without
 *     3A/3B/3C …). --json for JSON. Exits 0 when complete, 1 when anything is missing or deviates.
 */
int cmd_policy(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "parse") == 0)
        return policy_parse(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "check") == 0)
        return policy_check_cmd(argc, argv);
    return cli_usage("policy", "サブコマンドを指定してください (parse, check)", "give a subcommand (parse, check)");
}
