/* check_report.c: owns the two forms of a policy check report — JSON for the API and the UI, text
 * for `lgsec policy check`. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/i18n.h"
#include "core/jsonw.h"
#include "policydoc/check.h"

static void node_ref(JsonWriter *w, const PdNode *n)
{
    if (!n) {
        jw_null(w);
        return;
    }
    char *cite = pc_cite(n);
    jw_object_begin(w);
    jw_key(w, "cite");
    jw_string(w, cite);
    jw_key(w, "kind");
    jw_string(w, pd_kind_name(n->kind));
    jw_key(w, "label");
    jw_string(w, n->label);
    jw_key(w, "title");
    jw_string(w, n->title);
    jw_key(w, "first_line");
    jw_int(w, n->first_line);
    jw_key(w, "last_line");
    jw_int(w, n->last_line);
    jw_object_end(w);
    free(cite);
}

static const char *dev_kind_ja(PackGlDevKind k)
{
    return k == GL_DEV_WORDING ? "用語の相違" : k == GL_DEV_CONJUNCTION ? "「及び」が「又は」" : "旧版の用語";
}

char *policy_check_to_json(const PolicyCheck *c, const PolicyDoc *d, const PackGuideline *g)
{
    JsonWriter w = {0};
    jw_object_begin(&w);
    jw_key(&w, "document");
    jw_string(&w, d->title);
    jw_key(&w, "guideline");
    jw_object_begin(&w);
    jw_key(&w, "title");
    jw_string(&w, g->title ? g->title : "");
    jw_key(&w, "edition");
    jw_string(&w, g->edition ? g->edition : "");
    jw_object_end(&w);
    jw_key(&w, "has_standard");
    jw_bool(&w, c->has_standard);
    jw_key(&w, "standard_chapters");
    jw_int(&w, (int64_t)c->standard_chapters);
    jw_key(&w, "basic_chapter");
    node_ref(&w, c->basic_chapter);
    jw_key(&w, "complete");
    jw_bool(&w, policy_check_complete(c));
    jw_key(&w, "summary");
    jw_object_begin(&w);
    jw_key(&w, "ok");
    jw_int(&w, (int64_t)c->n_ok);
    jw_key(&w, "partial");
    jw_int(&w, (int64_t)c->n_partial);
    jw_key(&w, "missing");
    jw_int(&w, (int64_t)c->n_missing);
    jw_key(&w, "not_applicable");
    jw_int(&w, (int64_t)c->n_na);
    jw_key(&w, "deviations");
    jw_int(&w, (int64_t)c->n_devs);
    jw_object_end(&w);
    jw_key(&w, "elements");
    jw_array_begin(&w);
    for (size_t i = 0; i < c->n_findings; i++) {
        const PcFinding *f = &c->findings[i];
        jw_object_begin(&w);
        jw_key(&w, "id");
        jw_string(&w, f->el->id);
        jw_key(&w, "section");
        jw_string(&w, f->el->section);
        jw_key(&w, "label");
        jw_string(&w, f->el->label);
        jw_key(&w, "part");
        jw_string(&w, f->el->part);
        jw_key(&w, "status");
        jw_string(&w, pc_status_name(f->status));
        jw_key(&w, "status_ja");
        jw_string(&w, pc_status_ja(f->status));
        jw_key(&w, "found");
        node_ref(&w, f->node);
        jw_key(&w, "where");
        node_ref(&w, f->where);
        jw_key(&w, "missing");
        jw_array_begin(&w);
        for (size_t j = 0; j < f->n_missing; j++)
            jw_string(&w, f->missing[j]);
        jw_array_end(&w);
        jw_key(&w, "terms");
        jw_array_begin(&w);
        for (size_t j = 0; f->term_nodes && j < f->el->n_terms; j++) {
            jw_object_begin(&w);
            jw_key(&w, "term");
            jw_string(&w, f->el->terms[j].variants[0]);
            jw_key(&w, "wording");
            if (f->term_found[j])
                jw_string(&w, f->term_found[j]);
            else
                jw_null(&w);
            jw_key(&w, "node");
            node_ref(&w, f->term_nodes[j]);
            jw_object_end(&w);
        }
        jw_array_end(&w);
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_key(&w, "deviations");
    jw_array_begin(&w);
    for (size_t i = 0; i < c->n_devs; i++) {
        const PcDeviation *v = &c->devs[i];
        jw_object_begin(&w);
        jw_key(&w, "id");
        jw_string(&w, v->dev->id);
        jw_key(&w, "kind");
        jw_string(&w, v->dev->kind);
        jw_key(&w, "kind_ja");
        jw_string(&w, dev_kind_ja(v->dev->kind_id));
        jw_key(&w, "section");
        jw_string(&w, v->dev->section);
        jw_key(&w, "label");
        jw_string(&w, v->dev->label);
        jw_key(&w, "expected");
        jw_string(&w, v->dev->expected);
        jw_key(&w, "found");
        jw_string(&w, v->found);
        jw_key(&w, "node");
        node_ref(&w, v->node);
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_object_end(&w);
    return jw_take(&w);
}

static void put_node(Buf *b, const PdNode *n)
{
    char *cite = pc_cite(n);
    buf_puts(b, cite);
    if (*n->title && n->kind <= PD_ARTICLE)
        buf_printf(b, " %s", n->title);
    if (n->first_line == n->last_line)
        buf_printf(b, tr(" (%d行)", " (line %d)"), n->first_line);
    else
        buf_printf(b, tr(" (%d–%d行)", " (lines %d–%d)"), n->first_line, n->last_line);
    free(cite);
}

char *policy_check_to_text(const PolicyCheck *c, const PolicyDoc *d, const PackGuideline *g)
{
    Buf b = BUF_INIT;
    buf_printf(&b, tr("%s — %s(%s)との照合\n", "%s — checked against %s (%s)\n"), *d->title ? d->title : "?",
               g->title ? g->title : "", g->edition ? g->edition : "");
    if (c->has_standard)
        buf_printf(&b, tr("対策基準: あり(対策基準の節に当たる見出し %zu)\n", "対策基準: present (%zu of its sections are headings)\n"),
                   c->standard_chapters);
    else
        buf_puts(&b, tr("対策基準: なし(対策基準の要素は対象外)\n", "対策基準: absent (its elements do not apply)\n"));
    buf_printf(&b, tr("充足 %zu / 一部不足 %zu / 欠落 %zu / 対象外 %zu、逸脱 %zu\n\n",
                      "ok %zu / partial %zu / missing %zu / not applicable %zu, deviations %zu\n\n"),
               c->n_ok, c->n_partial, c->n_missing, c->n_na, c->n_devs);
    for (size_t i = 0; i < c->n_findings; i++) {
        const PcFinding *f = &c->findings[i];
        buf_printf(&b, "[%s] %s %s", pc_status_ja(f->status), f->el->section, f->el->label);
        if (f->node) {
            buf_puts(&b, tr(" — ", " — "));
            put_node(&b, f->node);
        }
        buf_putc(&b, '\n');
        if (f->n_missing && f->status != PC_NA) {
            buf_puts(&b, tr("    不足: ", "    missing: "));
            for (size_t j = 0; j < f->n_missing; j++)
                buf_printf(&b, "%s%s", j ? "、" : "", f->missing[j]);
            buf_putc(&b, '\n');
        }
        if (f->status == PC_MISSING) {
            buf_puts(&b, tr("    置くべき箇所: ", "    belongs in: "));
            if (f->where)
                put_node(&b, f->where);
            else if (f->el->part_kind == GL_PART_BASIC && c->basic_chapter)
                put_node(&b, c->basic_chapter);
            else
                buf_puts(&b, f->el->part_kind == GL_PART_BASIC ? tr("基本方針", "the 基本方針")
                                                               : tr("対策基準", "the 対策基準"));
            buf_putc(&b, '\n');
        }
    }
    if (c->n_devs)
        buf_puts(&b, tr("\n逸脱\n", "\nDeviations\n"));
    for (size_t i = 0; i < c->n_devs; i++) {
        const PcDeviation *v = &c->devs[i];
        buf_printf(&b, "[%s] %s — ", dev_kind_ja(v->dev->kind_id), v->dev->label);
        put_node(&b, v->node);
        buf_printf(&b, tr("\n    記載:「%s」 ガイドライン:「%s」(%s)\n", "\n    found 「%s」, guideline 「%s」 (%s)\n"),
                   v->found, v->dev->expected, v->dev->section);
    }
    return buf_take(&b);
}
