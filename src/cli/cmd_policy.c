/* cmd_policy.c: owns `lgsec policy parse FILE [--json]` — reads a policy document and prints its
 * counts and outline (or the whole tree as JSON). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "policydoc/policydoc.h"

static Status read_file(const char *path, Buf *out, Err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_setf(e, errno == ENOENT ? ST_NOTFOUND : ST_IO, "file_unreadable", "file",
                        "%s を開けません: %s", "cannot open %s: %s", path, strerror(errno));
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(out, chunk, n);
        if (out->len > 16u * 1024u * 1024u + 1)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return err_setf(e, ST_IO, "file_unreadable", "file", "%s を読み取れません", "cannot read %s", path);
    return ST_OK;
}

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
    Buf b = BUF_INIT;
    if (read_file(path, &b, &e) != ST_OK) {
        buf_free(&b);
        return cli_fail(&e);
    }
    PolicyDoc *d = NULL;
    Status st = policydoc_parse(b.data ? b.data : "", b.len, &d, &e);
    buf_free(&b);
    if (st != ST_OK)
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

int cmd_policy(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "parse") == 0)
        return policy_parse(argc, argv);
    return cli_usage("policy", "サブコマンドを指定してください (parse)", "give a subcommand (parse)");
}
