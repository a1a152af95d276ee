/* Unit tests for policy documents: the article-aware diff on crafted texts (moved, changed, added,
 * removed; an inserted article with the rest renumbered reads as one addition and moves), and the
 * register against a temporary database — bad uploads store nothing, publication needs the
 * adoption facts and supersedes the version in force, 実施手順 and drafts are hidden from plain staff,
 * acknowledgements are idempotent and reported per 課室 (a 係 counts in its 課), the annual review's
 * validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "core/xmalloc.h"
#include "domain/audit/audit.h"

#include "core/buf.h"
#include "policy/capability.h"
#include "domain/policydocs/policydocs.h"
#include "policydoc/diff.h"
#include "policydoc/policydoc.h"

#define T0 1793491200 /* 2026-11-01T00:00:00Z, 令和8年度 */

/* ---- diff on crafted texts ---- */

static const char *const base_articles[][2] = {
    {"目的", "この規程は、情報資産を守るための基準を定める。"},
    {"定義", "この規程において情報資産とは、ネットワーク及び情報システムで扱う情報をいう。"},
    {"適用範囲", "この規程は、市長部局及び行政委員会に適用する。"},
    {"組織体制", "最高情報セキュリティ責任者を置き、副市長をもって充てる。"},
    {"研修", "職員等は、毎年度の情報セキュリティ研修を受講しなければならない。"},
    {"監査", "監査統括責任者は、毎年度、情報セキュリティ監査を行う。"},
};
#define NBASE 6

/* Builds 第1条… from (title, text) pairs; insert_at (0-based, -1 none) puts an extra article there and
 * renumbers the rest; skip (-1 none) drops one; edit (-1 none) replaces that article's text. */
static PolicyDoc *build(int insert_at, int skip, int edit, const char *edit_text)
{
    Buf b = {0};
    buf_puts(&b, "試験市情報セキュリティ対策基準\n\n第1章 総則\n");
    int n = 0;
    for (int i = 0; i <= NBASE; i++) {
        if (i == insert_at)
            buf_printf(&b, "(情報資産の管理)\n第%d条 情報セキュリティ管理者は、所管する情報資産の台帳を整備する。\n", ++n);
        if (i == NBASE)
            break;
        if (i == skip)
            continue;
        buf_printf(&b, "(%s)\n第%d条 %s\n", base_articles[i][0], ++n, i == edit ? edit_text : base_articles[i][1]);
        if (i == 3)
            buf_puts(&b, "2 CISOは、情報セキュリティ対策に関する最終決定権限を有する。\n");
    }
    PolicyDoc *d = NULL;
    Err e = {0};
    assert_int_equal(policydoc_parse(b.data, b.len, &d, &e), ST_OK);
    buf_free(&b);
    return d;
}

static PdDiff *diff_of(PolicyDoc *a, PolicyDoc *b)
{
    PdDiff *d = NULL;
    Err e = {0};
    assert_int_equal(pd_diff(a, b, &d, &e), ST_OK);
    return d;
}

static void test_diff_identical(void **state)
{
    (void)state;
    PolicyDoc *a = build(-1, -1, -1, NULL), *b = build(-1, -1, -1, NULL);
    PdDiff *d = diff_of(a, b);
    assert_int_equal(d->unchanged, NBASE);
    assert_int_equal(d->n, 0);
    pd_diff_free(d);
    policydoc_free(a);
    policydoc_free(b);
}

static void test_diff_insert_renumbers_as_moves(void **state)
{
    (void)state;
    PolicyDoc *a = build(-1, -1, -1, NULL), *b = build(2, -1, -1, NULL); /* new 第3条, old 3–6 → 4–7 */
    PdDiff *d = diff_of(a, b);
    assert_int_equal(d->added, 1);
    assert_int_equal(d->moved, 4);
    assert_int_equal(d->changed, 0);
    assert_int_equal(d->removed, 0);
    assert_int_equal(d->unchanged, 2);
    /* reading order: the addition first, then the moves; each move keeps its title */
    assert_int_equal(d->entries[0].kind, PDD_ADDED);
    assert_string_equal(d->entries[0].new_node->label, "第3条");
    assert_string_equal(d->entries[0].new_node->title, "情報資産の管理");
    assert_int_equal(d->entries[1].kind, PDD_MOVED);
    assert_string_equal(d->entries[1].old_node->label, "第3条");
    assert_string_equal(d->entries[1].new_node->label, "第4条");
    assert_string_equal(d->entries[1].new_node->title, "適用範囲");
    assert_false(d->entries[1].text_changed);
    /* the line range points into the new text: 第4条 (適用範囲) is its title line onwards */
    assert_true(d->entries[1].new_node->first_line > d->entries[0].new_node->last_line);
    pd_diff_free(d);
    policydoc_free(a);
    policydoc_free(b);
}

static void test_diff_removed_renumbers_as_moves(void **state)
{
    (void)state;
    PolicyDoc *a = build(-1, -1, -1, NULL), *b = build(-1, 1, -1, NULL); /* 第2条 (定義) dropped */
    PdDiff *d = diff_of(a, b);
    assert_int_equal(d->removed, 1);
    assert_int_equal(d->moved, 4);
    assert_int_equal(d->added + d->changed, 0);
    /* the removal stands where it was: after 第1条, before the first move */
    assert_int_equal(d->entries[0].kind, PDD_REMOVED);
    assert_string_equal(d->entries[0].old_node->title, "定義");
    pd_diff_free(d);
    policydoc_free(a);
    policydoc_free(b);
}

static void test_diff_changed_with_line_diff(void **state)
{
    (void)state;
    PolicyDoc *a = build(-1, -1, -1, NULL);
    PolicyDoc *b = build(-1, -1, 4, "職員等は、毎年度の情報セキュリティ研修を受講し、理解度の確認を受けなければならない。");
    PdDiff *d = diff_of(a, b);
    assert_int_equal(d->n, 1);
    assert_int_equal(d->changed, 1);
    const PdDiffEntry *en = &d->entries[0];
    assert_int_equal(en->kind, PDD_CHANGED);
    assert_string_equal(en->new_node->label, "第5条");
    assert_true(en->text_changed);
    int minus = 0, plus = 0, kept = 0;
    for (size_t i = 0; i < en->nlines; i++) {
        minus += en->lines[i].op == '-';
        plus += en->lines[i].op == '+';
        kept += en->lines[i].op == ' ';
        if (en->lines[i].op == '+')
            assert_non_null(strstr(en->lines[i].text, "理解度の確認"));
    }
    assert_int_equal(minus, 1);
    assert_int_equal(plus, 1);
    assert_int_equal(kept, 1); /* the title line (研修) */
    pd_diff_free(d);
    policydoc_free(a);
    policydoc_free(b);
}

static void test_diff_rewritten_in_place_is_changed(void **state)
{
    (void)state;
    /* same number and title, text rewritten entirely: changed, not removed + added */
    PolicyDoc *a = build(-1, -1, -1, NULL);
    PolicyDoc *b = build(-1, -1, 5, "外部の専門家による検証を三年に一度受ける。");
    PdDiff *d = diff_of(a, b);
    assert_int_equal(d->changed, 1);
    assert_int_equal(d->added + d->removed + d->moved, 0);
    pd_diff_free(d);
    policydoc_free(a);
    policydoc_free(b);
}

static void test_diff_moved_and_edited(void **state)
{
    (void)state;
    /* inserted article + a small edit to a renumbered one: one addition, that one moved with a
     * changed text, the rest plain moves */
    PolicyDoc *a = build(-1, -1, -1, NULL);
    PolicyDoc *b = build(0, -1, 5, "監査統括責任者は、毎年度、情報セキュリティ監査を行い、結果を委員会に報告する。");
    PdDiff *d = diff_of(a, b);
    assert_int_equal(d->added, 1);
    assert_int_equal(d->moved, 6);
    assert_int_equal(d->changed + d->removed, 0);
    const PdDiffEntry *last = &d->entries[d->n - 1];
    assert_int_equal(last->kind, PDD_MOVED);
    assert_string_equal(last->old_node->label, "第6条");
    assert_string_equal(last->new_node->label, "第7条");
    assert_true(last->text_changed);
    assert_true(last->similarity > 0.6 && last->similarity < 1.0);
    char *json = pd_diff_to_json(d);
    assert_non_null(strstr(json, "\"summary\":{\"unchanged\":0,\"moved\":6,\"changed\":0,\"added\":1,\"removed\":0}"));
    free(json);
    pd_diff_free(d);
    policydoc_free(a);
    policydoc_free(b);
}

static void test_diff_numbered_sections(void **state)
{
    (void)state;
    /* a 基本方針 without 条: 「1 目的」 sections; a new section 2 shifts the rest */
    const char *v1 = "基本方針\n\n1 目的\n情報資産を守る。\n\n2 適用範囲\n市長部局に適用する。\n\n3 見直し\n毎年度見直す。\n";
    const char *v2 = "基本方針\n\n1 目的\n情報資産を守る。\n\n2 定義\n情報資産とは、情報及び情報システムをいう。\n\n"
                     "3 適用範囲\n市長部局に適用する。\n\n4 見直し\n毎年度見直す。\n";
    PolicyDoc *a = NULL, *b = NULL;
    Err e = {0};
    assert_int_equal(policydoc_parse(v1, strlen(v1), &a, &e), ST_OK);
    assert_int_equal(policydoc_parse(v2, strlen(v2), &b, &e), ST_OK);
    PdDiff *d = diff_of(a, b);
    assert_int_equal(d->unchanged, 1);
    assert_int_equal(d->added, 1);
    assert_int_equal(d->moved, 2);
    assert_int_equal(d->changed + d->removed, 0);
    pd_diff_free(d);
    policydoc_free(a);
    policydoc_free(b);
}

static void test_similarity(void **state)
{
    (void)state;
    assert_true(pd_similarity("情報資産を守る。", "情報資産を守る。") == 1.0);
    assert_true(pd_similarity("情報資産を守る。", "監査を毎年度行う。") < 0.2);
    assert_true(pd_similarity("", "") == 1.0);
    double s = pd_similarity("毎年度、監査を行う。", "毎年度、監査を必ず行う。");
    assert_true(s > 0.7 && s < 1.0);
}

/* ---- the register ---- */

typedef struct Fx {
    TestWorld w;
    int64_t root, somu, joho, joho_team, zeimu;
    int64_t staff, staff2, team_member, zeimu_staff, leaver;
    int64_t basic, standard, procedure;
} Fx;

static const char doc_v1[] = "試験市情報セキュリティ対策基準\n\n第1章 総則\n(目的)\n第1条 この規程は基準を定める。\n"
                             "(適用範囲)\n第2条 この規程は市長部局に適用する。\n";
static const char doc_v2[] = "試験市情報セキュリティ対策基準\n\n第1章 総則\n(目的)\n第1条 この規程は基準を定める。\n"
                             "(定義)\n第2条 情報資産とは情報をいう。\n(適用範囲)\n第3条 この規程は市長部局に適用する。\n";

static void as_manager(Fx *f)
{
    f->w.actor.person_id = 0;
    f->w.actor.caps = CAP_SIGNED_IN | CAP_POLICY_MANAGE;
    snprintf(f->w.actor.login_id, sizeof f->w.actor.login_id, "ciso");
}

static void as_staff(Fx *f, int64_t person)
{
    f->w.actor.person_id = person;
    f->w.actor.caps = CAP_SIGNED_IN;
    snprintf(f->w.actor.login_id, sizeof f->w.actor.login_id, "p%lld", (long long)person);
}

static int64_t upload(Fx *f, int64_t doc, const char *text)
{
    int64_t id = 0;
    Err e = {0};
    Status s = policy_version_upload(&f->w.ctx, doc, "v.txt", (const unsigned char *)text, strlen(text), &id, &e);
    if (s != ST_OK)
        fail_msg("upload: %s %s", e.code, e.en);
    return id;
}

static void adopt(Fx *f, int64_t version)
{
    Err e = {0};
    json_t *meta = json_pack("{s:s, s:s, s:s}", "effective_date", "2026-12-01", "revision_note", "定義の追加",
                             "decision", "情報セキュリティ委員会 決定");
    assert_int_equal(policy_version_update(&f->w.ctx, version, meta, &e), ST_OK);
    json_decref(meta);
    if (policy_version_publish(&f->w.ctx, version, &e) != ST_OK)
        fail_msg("publish: %s %s", e.code, e.en);
}

static int setup(void **state)
{
    Fx *f = calloc(1, sizeof *f);
    world_open(&f->w, T0);
    f->root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    f->somu = world_unit(&f->w, f->root, "somu", "総務部", "department");
    f->joho = world_unit(&f->w, f->somu, "joho", "情報政策課", "section");
    f->joho_team = world_unit(&f->w, f->joho, "joho-k", "情報管理係", "team");
    f->zeimu = world_unit(&f->w, f->somu, "zeimu", "税務課", "section");
    f->staff = world_person(&f->w, "S1", "職員 一郎", f->joho);
    f->staff2 = world_person(&f->w, "S2", "職員 二郎", f->joho);
    f->team_member = world_person(&f->w, "S3", "係員 三郎", f->joho_team);
    f->zeimu_staff = world_person(&f->w, "Z1", "税務 四郎", f->zeimu);
    f->leaver = world_person(&f->w, "L1", "退職 五郎", f->zeimu);
    Err e = {0};
    assert_int_equal(db_exec(f->w.db, "UPDATE people SET active_until = '2026-09-30' WHERE staff_no = 'L1'", &e), ST_OK);
    as_manager(f);
    assert_int_equal(policy_doc_create(&f->w.ctx, "standard", "試験市対策基準", "", 0, &f->standard, &e), ST_OK);
    assert_int_equal(policy_doc_create(&f->w.ctx, "basic", "試験市基本方針", "", 0, &f->basic, &e), ST_OK);
    assert_int_equal(policy_doc_create(&f->w.ctx, "procedure", "住基システム運用手順", "住民基本台帳システム", 0,
                                       &f->procedure, &e),
                     ST_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fx *f = *state;
    world_close(&f->w);
    free(f);
    return 0;
}

static void expect_refused(Fx *f, const void *data, size_t len, Status want, const char *code)
{
    int64_t versions = world_count(&f->w, "SELECT count(*) FROM policy_doc_versions");
    int64_t trail = world_count(&f->w, "SELECT count(*) FROM trail_entries");
    Err e = {0};
    int64_t id = 0;
    Status s = policy_version_upload(&f->w.ctx, f->standard, "x", data, len, &id, &e);
    if (s != want || strcmp(e.code, code) != 0)
        fail_msg("want %s, got %d %s", code, s, e.code);
    assert_true(strlen(e.ja) > 0);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM policy_doc_versions"), versions);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries"), trail);
}

static void test_bad_uploads_store_nothing(void **state)
{
    Fx *f = *state;
    expect_refused(f, "", 0, ST_INVALID, "policy_empty");
    expect_refused(f, "\x00\x01\x02hello", 8, ST_INVALID, "policy_not_text");
    expect_refused(f, "\xFF\xFE\x31\x00", 4, ST_INVALID, "policy_not_text"); /* UTF-16 */
    expect_refused(f, "\x81\x20\xFF\xFF", 4, ST_INVALID, "policy_encoding");
    const char *prose = "お知らせ\n\n庁舎の清掃を行います。\nご協力をお願いします。\n";
    expect_refused(f, prose, strlen(prose), ST_INVALID, "policy_no_structure");
    expect_refused(f, "PK\x03\x04garbage", 11, ST_INVALID, "policy_docx");
    size_t big = POLICY_MAX_UPLOAD + 1;
    char *huge = malloc(big);
    memset(huge, 'a', big);
    expect_refused(f, huge, big, ST_LIMIT, "policy_too_large");
    free(huge);
    Err e = {0};
    int64_t id;
    assert_int_equal(policy_version_upload(&f->w.ctx, 999, "x", (const unsigned char *)doc_v1, strlen(doc_v1), &id, &e),
                     ST_NOTFOUND);
}

/* reconcile_registers' findings for one table, as "id column problem" lines (the fixture's people
 * and units are inserted without trail entries, so the other tables are not looked at). */
static char *findings_for(Fx *f, const char *table)
{
    json_t *all = NULL;
    size_t total = 0;
    Err e = {0};
    assert_int_equal(reconcile_registers(&f->w.ctx, 0, &all, &total, &e), ST_OK);
    char *out = xstrdup("");
    size_t i;
    json_t *x;
    json_array_foreach(all, i, x) if (strcmp(json_string_value(json_object_get(x, "table")), table) == 0)
    {
        char *more = xasprintf("%s%s %s %s\n", out, json_string_value(json_object_get(x, "id")),
                               json_string_value(json_object_get(x, "column")),
                               json_string_value(json_object_get(x, "problem")));
        free(out);
        out = more;
    }
    json_decref(all);
    return out;
}

static void test_upload_check_publish_supersede(void **state)
{
    Fx *f = *state;
    Err e = {0};
    int64_t v1 = upload(f, f->standard, doc_v1);
    /* publishing needs the effective date, revision note and committee decision */
    assert_int_equal(policy_version_publish(&f->w.ctx, v1, &e), ST_INVALID);
    assert_string_equal(e.field, "effective_date");
    json_t *bad = json_pack("{s:s}", "effective_date", "2026-02-30");
    assert_int_equal(policy_version_update(&f->w.ctx, v1, bad, &e), ST_INVALID);
    json_decref(bad);
    adopt(f, v1);
    /* a published version cannot be edited or published again */
    json_t *meta = json_pack("{s:s}", "revision_note", "x");
    assert_int_equal(policy_version_update(&f->w.ctx, v1, meta, &e), ST_CONFLICT);
    json_decref(meta);
    assert_int_equal(policy_version_publish(&f->w.ctx, v1, &e), ST_CONFLICT);

    int64_t v2 = upload(f, f->standard, doc_v2);
    json_t *out = NULL;
    assert_int_equal(policy_version_get(&f->w.ctx, v2, 0, &out, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(out, "state")), "draft");
    assert_int_equal(json_integer_value(json_object_get(out, "seq")), 2);
    json_t *diff = json_object_get(out, "diff");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(diff, "against"), "id")), v1);
    json_t *sum = json_object_get(diff, "summary");
    assert_int_equal(json_integer_value(json_object_get(sum, "added")), 1);
    assert_int_equal(json_integer_value(json_object_get(sum, "moved")), 1);
    assert_int_equal(json_integer_value(json_object_get(sum, "changed")), 0);
    /* the 対策基準 was checked against the guideline model */
    assert_true(json_is_object(json_object_get(out, "check")));
    assert_non_null(json_object_get(json_object_get(out, "check"), "elements"));
    json_decref(out);

    adopt(f, v2);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM policy_doc_versions WHERE state = 'superseded'"), 1);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT current_version_id FROM policy_documents WHERE id = %lld", (long long)f->standard);
    assert_int_equal(world_count(&f->w, sql), v2);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries WHERE action = 'policy_doc.publish'"), 2);
    /* the superseded version has its own entry: the registers match the trail */
    char *found = findings_for(f, "policy_doc_versions");
    assert_string_equal(found, "");
    free(found);
    found = findings_for(f, "policy_documents");
    assert_string_equal(found, "");
    free(found);
    /* v1 put back in force in SQLite, without an entry */
    snprintf(sql, sizeof sql, "UPDATE policy_doc_versions SET state = 'published' WHERE id = %lld", (long long)v1);
    assert_int_equal(db_exec(f->w.ctx.db, sql, &e), ST_OK);
    found = findings_for(f, "policy_doc_versions");
    char want[64];
    snprintf(want, sizeof want, "%lld state differs\n", (long long)v1);
    assert_string_equal(found, want);
    free(found);
}

static void test_visibility(void **state)
{
    Fx *f = *state;
    Err e = {0};
    int64_t std_v1 = upload(f, f->standard, doc_v1);
    adopt(f, std_v1);
    int64_t draft = upload(f, f->standard, doc_v2);
    int64_t proc = upload(f, f->procedure, doc_v1);
    adopt(f, proc);

    as_staff(f, f->staff);
    json_t *list = NULL;
    assert_int_equal(policy_doc_list(&f->w.ctx, &list, &e), ST_OK);
    /* only the published 対策基準: the unpublished 基本方針 and the 実施手順 are not listed */
    json_t *items = json_object_get(list, "items");
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "kind")), "standard");
    json_decref(list);
    json_t *out = NULL;
    assert_int_equal(policy_version_get(&f->w.ctx, std_v1, 0, &out, &e), ST_OK);
    json_decref(out);
    assert_int_equal(policy_version_get(&f->w.ctx, draft, 0, &out, &e), ST_NOTFOUND);
    assert_int_equal(policy_version_get(&f->w.ctx, proc, 0, &out, &e), ST_NOTFOUND);
    assert_int_equal(policy_doc_get(&f->w.ctx, f->procedure, &out, &e), ST_NOTFOUND);
    /* the staff's view of the document lists the published version only */
    assert_int_equal(policy_doc_get(&f->w.ctx, f->standard, &out, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(out, "versions")), 1);
    json_decref(out);

    /* procedures.read opens the 実施手順 (published), not the drafts */
    f->w.actor.caps |= CAP_PROCEDURES_READ;
    assert_int_equal(policy_version_get(&f->w.ctx, proc, 0, &out, &e), ST_OK);
    json_decref(out);
    assert_int_equal(policy_version_get(&f->w.ctx, draft, 0, &out, &e), ST_NOTFOUND);
    assert_int_equal(policy_doc_list(&f->w.ctx, &list, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(list, "items")), 2);
    json_decref(list);
}

static void test_acknowledgements_per_section(void **state)
{
    Fx *f = *state;
    Err e = {0};
    int64_t v1 = upload(f, f->standard, doc_v1);
    json_t *out = NULL, *rep = NULL;
    as_staff(f, f->staff);
    /* a draft cannot be acknowledged (nor seen) */
    assert_int_equal(policy_ack(&f->w.ctx, v1, &out, &e), ST_NOTFOUND);
    as_manager(f);
    adopt(f, v1);

    as_staff(f, f->staff);
    assert_int_equal(policy_ack(&f->w.ctx, v1, &out, &e), ST_OK);
    assert_true(json_is_true(json_object_get(out, "first")));
    char first_at[32];
    snprintf(first_at, sizeof first_at, "%s", json_string_value(json_object_get(out, "acknowledged_at")));
    json_decref(out);
    f->w.clock.fixed += 3600;
    assert_int_equal(policy_ack(&f->w.ctx, v1, &out, &e), ST_OK); /* twice: nothing changes */
    assert_false(json_is_true(json_object_get(out, "first")));
    assert_string_equal(json_string_value(json_object_get(out, "acknowledged_at")), first_at);
    json_decref(out);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM policy_acknowledgements"), 1);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries WHERE action = 'policy_doc.acknowledge'"), 1);
    as_staff(f, f->team_member);
    assert_int_equal(policy_ack(&f->w.ctx, v1, &out, &e), ST_OK);
    json_decref(out);
    /* an acknowledgement's time moved, one removed and one added in SQLite without an entry: named
     * by version/person, then put back */
    char *found = findings_for(f, "policy_acknowledgements");
    assert_string_equal(found, "");
    free(found);
    char sql[256], want[256];
    snprintf(sql, sizeof sql, "UPDATE policy_acknowledgements SET acknowledged_at = '2020-01-01T00:00:00Z' WHERE person_id = %lld",
             (long long)f->staff);
    assert_int_equal(db_exec(f->w.ctx.db, sql, &e), ST_OK);
    snprintf(sql, sizeof sql, "CREATE TEMP TABLE ack_kept AS SELECT * FROM policy_acknowledgements WHERE person_id = %lld",
             (long long)f->team_member);
    assert_int_equal(db_exec(f->w.ctx.db, sql, &e), ST_OK);
    snprintf(sql, sizeof sql, "DELETE FROM policy_acknowledgements WHERE person_id = %lld", (long long)f->team_member);
    assert_int_equal(db_exec(f->w.ctx.db, sql, &e), ST_OK);
    snprintf(sql, sizeof sql, "INSERT INTO policy_acknowledgements(version_id, person_id, acknowledged_at) VALUES (%lld, %lld, '%s')",
             (long long)v1, (long long)f->staff2, first_at);
    assert_int_equal(db_exec(f->w.ctx.db, sql, &e), ST_OK);
    char differs[96], added[96];
    snprintf(differs, sizeof differs, "%lld/%lld acknowledged_at differs\n", (long long)v1, (long long)f->staff);
    snprintf(added, sizeof added, "%lld/%lld  no_trail\n", (long long)v1, (long long)f->staff2);
    /* rows in (version, person) order, then the ones the trail has and the table has not */
    snprintf(want, sizeof want, "%s%s%lld/%lld  row_missing\n", f->staff < f->staff2 ? differs : added,
             f->staff < f->staff2 ? added : differs, (long long)v1, (long long)f->team_member);
    found = findings_for(f, "policy_acknowledgements");
    assert_string_equal(found, want);
    free(found);
    snprintf(sql, sizeof sql, "DELETE FROM policy_acknowledgements WHERE person_id = %lld", (long long)f->staff2);
    assert_int_equal(db_exec(f->w.ctx.db, sql, &e), ST_OK);
    snprintf(sql, sizeof sql, "UPDATE policy_acknowledgements SET acknowledged_at = '%s' WHERE person_id = %lld", first_at,
             (long long)f->staff);
    assert_int_equal(db_exec(f->w.ctx.db, sql, &e), ST_OK);
    assert_int_equal(db_exec(f->w.ctx.db, "INSERT INTO policy_acknowledgements SELECT * FROM ack_kept", &e), ST_OK);
    assert_int_equal(db_exec(f->w.ctx.db, "DROP TABLE ack_kept", &e), ST_OK);
    found = findings_for(f, "policy_acknowledgements");
    assert_string_equal(found, "");
    free(found);

    as_manager(f);
    assert_int_equal(policy_ack_report(&f->w.ctx, f->standard, 0, &rep, &e), ST_OK);
    /* 4 active people (the leaver is not counted); 情報政策課 3 with its 係, 2 acknowledged */
    assert_int_equal(json_integer_value(json_object_get(rep, "people")), 4);
    assert_int_equal(json_integer_value(json_object_get(rep, "acknowledged")), 2);
    json_t *units = json_object_get(rep, "units");
    assert_int_equal(json_array_size(units), 2);
    json_t *joho = json_array_get(units, 0), *zeimu = json_array_get(units, 1);
    assert_string_equal(json_string_value(json_object_get(joho, "name")), "情報政策課");
    assert_int_equal(json_integer_value(json_object_get(joho, "people")), 3);
    assert_int_equal(json_integer_value(json_object_get(joho, "acknowledged")), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(joho, "missing"), 0), "name")),
                        "職員 二郎");
    assert_int_equal(json_integer_value(json_object_get(zeimu, "acknowledged")), 0);
    assert_int_equal(json_array_size(json_object_get(zeimu, "missing")), 1);
    json_decref(rep);

    /* a new version in force starts a new count; the old one can no longer be acknowledged */
    int64_t v2 = upload(f, f->standard, doc_v2);
    adopt(f, v2);
    assert_int_equal(policy_ack_report(&f->w.ctx, f->standard, 0, &rep, &e), ST_OK);
    assert_int_equal(json_integer_value(json_object_get(rep, "acknowledged")), 0);
    json_decref(rep);
    as_staff(f, f->staff2);
    assert_int_equal(policy_ack(&f->w.ctx, v1, &out, &e), ST_CONFLICT);
    assert_string_equal(e.code, "policy_version_not_current");
    /* an account without a person cannot acknowledge */
    as_manager(f);
    assert_int_equal(policy_ack(&f->w.ctx, v2, &out, &e), ST_FORBIDDEN);
}

static Status review(Fx *f, const char *json, int64_t *id, Err *e)
{
    json_error_t je;
    json_t *body = json_loads(json, 0, &je);
    if (!body)
        fail_msg("bad test json: %s", je.text);
    Status s = policy_review_create(&f->w.ctx, body, id, e);
    json_decref(body);
    return s;
}

static void test_review_validation(void **state)
{
    Fx *f = *state;
    Err e = {0};
    int64_t id = 0, id2 = 0;
    assert_int_equal(review(f, "{\"fiscal_year\": 2026, \"reviewed_on\": \"2027-04-01\", \"risk_evaluation\": \"r\", \"decisions\": \"d\"}", &id, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "date_outside_fiscal_year");
    assert_non_null(strstr(e.ja, "令和8年度"));
    assert_int_equal(review(f, "{\"fiscal_year\": 2026, \"reviewed_on\": \"2027-03-10\", \"risk_evaluation\": \"\", \"decisions\": \"d\"}", &id, &e),
                     ST_INVALID);
    assert_string_equal(e.field, "risk_evaluation");
    assert_int_equal(review(f, "{\"fiscal_year\": 2026, \"reviewed_on\": \"2027-03-10\", \"decisions\": \"d\"}", &id, &e),
                     ST_INVALID);
    assert_int_equal(review(f, "{\"fiscal_year\": 1800, \"reviewed_on\": \"2027-03-10\", \"risk_evaluation\": \"r\", \"decisions\": \"d\"}", &id, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "invalid_fiscal_year");
    assert_int_equal(review(f, "{\"fiscal_year\": 2026, \"reviewed_on\": \"2027-03-10\", \"risk_evaluation\": \"r\", \"decisions\": \"d\","
                               " \"input_links\": [{\"label\": \"監査報告\", \"url\": \"javascript:alert(1)\"}]}", &id, &e),
                     ST_INVALID);
    assert_string_equal(e.code, "invalid_link");
    assert_int_equal(review(f, "{\"fiscal_year\": 2026, \"reviewed_on\": \"2027-03-10\", \"risk_evaluation\": \"r\", \"decisions\": \"d\","
                               " \"revision_version_id\": 999}", &id, &e),
                     ST_INVALID);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM policy_reviews"), 0);

    assert_int_equal(review(f, "{\"fiscal_year\": 2026, \"reviewed_on\": \"2027-03-10\", \"risk_evaluation\": \"標的型攻撃の増加\","
                               " \"decisions\": \"第2条を改訂\", \"input_links\": [{\"label\": \"監査報告\", \"url\": \"/trail\"}]}", &id, &e),
                     ST_OK);
    assert_int_equal(review(f, "{\"fiscal_year\": 2026, \"reviewed_on\": \"2026-05-10\", \"risk_evaluation\": \"r\", \"decisions\": \"d\"}", &id2, &e),
                     ST_CONFLICT);
    assert_string_equal(e.code, "review_exists");
    json_t *out = NULL;
    assert_int_equal(policy_review_get(&f->w.ctx, id, &out, &e), ST_OK);
    assert_string_equal(json_string_value(json_object_get(out, "fiscal_year_label")), "令和8年度");
    assert_int_equal(json_array_size(json_object_get(out, "input_links")), 1);
    json_decref(out);
    /* the resulting revision is linked by an update; moving the year alone must keep the date inside it */
    int64_t v = upload(f, f->standard, doc_v1);
    json_t *patch = json_pack("{s:I}", "revision_version_id", (json_int_t)v);
    assert_int_equal(policy_review_update(&f->w.ctx, id, patch, &e), ST_OK);
    json_decref(patch);
    patch = json_pack("{s:i}", "fiscal_year", 2027);
    assert_int_equal(policy_review_update(&f->w.ctx, id, patch, &e), ST_INVALID);
    json_decref(patch);
    assert_int_equal(policy_review_get(&f->w.ctx, id, &out, &e), ST_OK);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "revision"), "id")), v);
    assert_int_equal(json_integer_value(json_object_get(out, "fiscal_year")), 2026);
    json_decref(out);
    out = NULL;
    char *found = findings_for(f, "policy_reviews");
    assert_string_equal(found, "");
    free(found);
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE policy_reviews SET decisions = '改訂不要' WHERE id = %lld", (long long)id);
    assert_int_equal(db_exec(f->w.ctx.db, sql, &e), ST_OK);
    found = findings_for(f, "policy_reviews");
    char want[64];
    snprintf(want, sizeof want, "%lld decisions differs\n", (long long)id);
    assert_string_equal(found, want);
    free(found);
    json_decref(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff_identical),
        cmocka_unit_test(test_diff_insert_renumbers_as_moves),
        cmocka_unit_test(test_diff_removed_renumbers_as_moves),
        cmocka_unit_test(test_diff_changed_with_line_diff),
        cmocka_unit_test(test_diff_rewritten_in_place_is_changed),
        cmocka_unit_test(test_diff_moved_and_edited),
        cmocka_unit_test(test_diff_numbered_sections),
        cmocka_unit_test(test_similarity),
        cmocka_unit_test_setup_teardown(test_bad_uploads_store_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upload_check_publish_supersede, setup, teardown),
        cmocka_unit_test_setup_teardown(test_visibility, setup, teardown),
        cmocka_unit_test_setup_teardown(test_acknowledgements_per_section, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_validation, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
