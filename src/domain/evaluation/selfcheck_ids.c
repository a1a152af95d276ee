/* selfcheck_ids: the self-check answers of a system's IDs (第83条(2)(3)・第84条) from what the IDs module
 * holds — the imported account lists and the access-review campaigns with their decisions and the
 * removals done. sysaccounts depends on this module (a closed campaign is an evaluation duty done), so
 * they are read through its published views (migration 0046: sysaccount_snapshots_v,
 * sysaccount_current_ids_v, access_review_items_v), never its tables or functions.
 * Each answer's basis is the system's latest list and the latest campaign that held its IDs, which
 * counts only while it is within the pack's review interval (checks.yaml access_rights_review_days). */
#include <stdio.h>
#include <string.h>

#include "domain/evaluation/selfcheck_internal.h"

#define EVIDENCE_ROWS 50 /* rows shown under an answer; the summary counts them all */

typedef struct IdsBasis {
    bool listed;           /* an account list was imported */
    char imported_at[11];  /* its day (JST is not needed: a day shown as the store has it) */
    json_int_t id_count;   /* IDs in the latest list */
    int64_t review_id;     /* latest campaign holding the system's IDs (0: none) */
    char title[201];
    char opened_on[11];
    bool review_open;
    bool review_stale;     /* opened more than the interval ago */
    int64_t interval_days;
    char today[11];
} IdsBasis;

static int64_t check_days(const Ctx *ctx, const char *id, int64_t dflt)
{
    for (size_t i = 0; ctx->pack && i < ctx->pack->n_checks; i++)
        if (ctx->pack->checks[i].id && strcmp(ctx->pack->checks[i].id, id) == 0 && ctx->pack->checks[i].value > 0)
            return ctx->pack->checks[i].value;
    return dflt;
}

/* day shifted by n days, as YYYY-MM-DD. */
static void days_before(const char *day, int64_t n, char out[11])
{
    int y, m, d;
    date_parse(day, &y, &m, &d);
    civil_from_days(days_from_civil(y, m, d) - n, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static void copy_text(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static Status load_basis(Ctx *ctx, int64_t system_id, IdsBasis *b, Err *e)
{
    memset(b, 0, sizeof *b);
    date_today(ctx->clock, b->today);
    b->interval_days = check_days(ctx, "access_rights_review_days", 180);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT substr(imported_at, 1, 10), id_count FROM sysaccount_snapshots_v WHERE system_id = ?1"
                          " ORDER BY id DESC LIMIT 1",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    StepResult r = stmt_step(st);
    if (r == STEP_ROW) {
        b->listed = true;
        copy_text(b->imported_at, sizeof b->imported_at, stmt_text(st, 0));
        b->id_count = stmt_int(st, 1);
    }
    Status s = r == STEP_ROW || r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    st = db_prepare(ctx->db,
                    "SELECT review_id, review_title, opened_on, review_state FROM access_review_items_v"
                    " WHERE system_id = ?1 ORDER BY review_id DESC LIMIT 1",
                    e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    r = stmt_step(st);
    if (r == STEP_ROW) {
        b->review_id = stmt_int(st, 0);
        copy_text(b->title, sizeof b->title, stmt_text(st, 1));
        copy_text(b->opened_on, sizeof b->opened_on, stmt_text(st, 2));
        b->review_open = strcmp(stmt_text(st, 3), "open") == 0;
        char since[11];
        days_before(b->today, b->interval_days, since);
        b->review_stale = strcmp(b->opened_on, since) < 0;
    }
    s = r == STEP_ROW || r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

/* The basis as the first lines of the evidence. */
static json_t *basis_evidence(const IdsBasis *b)
{
    json_t *ev = json_array();
    char line[400];
    if (b->listed)
        snprintf(line, sizeof line, "IDの一覧: %s 取込み (%lld 件)", b->imported_at, (long long)b->id_count);
    else
        snprintf(line, sizeof line, "IDの一覧: 取り込まれていません");
    json_array_append_new(ev, json_string(line));
    if (b->review_id) {
        snprintf(line, sizeof line, "アクセス権の見直し「%s」: %s 開始、%s%s", b->title, b->opened_on,
                 b->review_open ? "実施中" : "終了", b->review_stale ? " (見直しの間隔を過ぎています)" : "");
        json_array_append_new(ev, json_string(line));
    }
    return ev;
}

static json_t *result(const char *answer, const char *summary, json_t *evidence)
{
    return json_pack("{s:s, s:s, s:o}", "answer", answer, "summary", summary, "evidence", evidence);
}

/* Appends a line per row of st (login_id, holder_name, then what: one text column) to ev, up to the
 * evidence limit, and counts them all in *n. st is consumed. */
static Status rows_evidence(Stmt *st, const char *label, json_t *ev, json_int_t *n, Err *e)
{
    StepResult r;
    size_t cap = json_array_size(ev) + EVIDENCE_ROWS;
    while ((r = stmt_step(st)) == STEP_ROW) {
        (*n)++;
        if (json_array_size(ev) >= cap)
            continue;
        char line[600];
        const char *holder = stmt_text(st, 1);
        const char *what = stmt_text(st, 2);
        snprintf(line, sizeof line, "%s: %s%s%s%s%s", label, stmt_text(st, 0), *holder ? " (" : "", holder,
                 *holder ? ")" : "", what);
        json_array_append_new(ev, json_string(line));
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

/* The rows of the basis campaign for the system (?1 system, ?2 campaign) selected by sql, as evidence. */
static Status review_rows(Ctx *ctx, const IdsBasis *b, int64_t system_id, const char *sql, const char *label,
                          json_t *ev, json_int_t *n, Err *e)
{
    *n = 0;
    if (!b->review_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    stmt_bind_int(st, 2, b->review_id);
    return rows_evidence(st, label, ev, n, e);
}

#define DECISION_JA                                                                                                    \
    "CASE decision WHEN 'remove' THEN ' — 削除の決定' WHEN 'change' THEN ' — 変更の決定' ELSE '' END"

/* 第83条(3): the system's IDs were certified in a campaign within the interval, and the removals and
 * changes decided there are carried out. */
static Status access_reviewed(Ctx *ctx, int64_t system_id, json_t **out, Err *e)
{
    IdsBasis b;
    Status s = load_basis(ctx, system_id, &b, e);
    if (s != ST_OK)
        return s;
    json_t *ev = basis_evidence(&b);
    json_int_t undecided = 0, pending = 0;
    s = review_rows(ctx, &b, system_id,
                    "SELECT login_id, holder_name, '' FROM access_review_items_v WHERE system_id = ?1 AND review_id = ?2"
                    " AND decision IS NULL ORDER BY login_id",
                    "未確認", ev, &undecided, e);
    if (s == ST_OK)
        s = review_rows(ctx, &b, system_id,
                        "SELECT login_id, holder_name, " DECISION_JA " FROM access_review_items_v WHERE system_id = ?1"
                        " AND review_id = ?2 AND progress = 'pending' ORDER BY login_id",
                        "未実施", ev, &pending, e);
    if (s != ST_OK) {
        json_decref(ev);
        return s;
    }
    char summary[400];
    const char *answer;
    if (!b.review_id) {
        answer = "no";
        snprintf(summary, sizeof summary, "この情報システムのIDはアクセス権の見直しで確認されていません。");
    } else if (b.review_stale) {
        answer = "no";
        snprintf(summary, sizeof summary, "最後の見直し (%s 開始) から %lld 日の間隔を過ぎています。", b.opened_on,
                 (long long)b.interval_days);
    } else if (undecided || pending) {
        answer = "partly";
        snprintf(summary, sizeof summary, "見直しで未確認のIDが %lld 件、決定した削除・変更が未実施のIDが %lld 件あります。",
                 (long long)undecided, (long long)pending);
    } else {
        answer = "yes";
        snprintf(summary, sizeof summary, "%s 開始の見直しでIDをすべて確認し、決定した削除・変更は実施済みです。", b.opened_on);
    }
    *out = result(answer, summary, ev);
    return ST_OK;
}

/* 第83条(2): no ID of the latest list left unused for the pack's days without a decision to keep it in
 * the basis campaign, and the IDs that campaign found unused or of people who left are decided and,
 * where removed, removed. */
static Status unused_ids_checked(Ctx *ctx, int64_t system_id, json_t **out, Err *e)
{
    IdsBasis b;
    Status s = load_basis(ctx, system_id, &b, e);
    if (s != ST_OK)
        return s;
    int64_t days = check_days(ctx, "unused_account_days", 90);
    char cutoff[11];
    days_before(b.today, days, cutoff);
    json_t *ev = basis_evidence(&b);
    json_int_t unused = 0, open = 0;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT c.login_id, c.holder_name, ' — 最終ログイン ' || c.last_login FROM sysaccount_current_ids_v c"
                          " WHERE c.system_id = ?1 AND c.enabled = 1 AND c.last_login IS NOT NULL AND c.last_login <> ''"
                          " AND c.last_login < ?3 AND NOT EXISTS (SELECT 1 FROM access_review_items_v i"
                          " WHERE i.review_id = ?2 AND i.system_id = ?1 AND i.login_id = c.login_id AND i.decision = 'keep')"
                          " ORDER BY c.login_id",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, system_id);
        stmt_bind_int(st, 2, b.review_id);
        stmt_bind_text(st, 3, cutoff);
        s = rows_evidence(st, "未利用", ev, &unused, e);
    }
    if (s == ST_OK)
        s = review_rows(ctx, &b, system_id,
                        "SELECT login_id, holder_name, CASE WHEN decision IS NULL THEN ' — 未確認' ELSE ' — 削除・変更が未実施' END"
                        " FROM access_review_items_v WHERE system_id = ?1 AND review_id = ?2"
                        " AND (findings LIKE '%\"unused\"%' OR findings LIKE '%\"left\"%')"
                        " AND (decision IS NULL OR progress = 'pending') ORDER BY login_id",
                        "見直しの指摘 (未利用・退職)", ev, &open, e);
    if (s != ST_OK) {
        json_decref(ev);
        return s;
    }
    char summary[400];
    const char *answer;
    if (!b.listed) {
        answer = "no";
        snprintf(summary, sizeof summary, "IDの一覧が取り込まれていないため、利用されていないIDを点検できません。");
    } else if (unused) {
        answer = "no";
        snprintf(summary, sizeof summary, "%lld 日以上利用されていない有効なIDが %lld 件、見直しで残す決定なしにあります。",
                 (long long)days, (long long)unused);
    } else if (open) {
        answer = "partly";
        snprintf(summary, sizeof summary, "見直しで未利用・退職と指摘されたIDのうち %lld 件が未確認か削除が未実施です。",
                 (long long)open);
    } else {
        answer = "yes";
        snprintf(summary, sizeof summary, "%lld 日以上利用されていないIDは、見直しで残すと決めたものを除きありません。",
                 (long long)days);
    }
    *out = result(answer, summary, ev);
    return ST_OK;
}

/* 第84条: the privileged IDs of the latest list are shown for the 管理者 to judge "必要最小限"; those the
 * basis campaign found held by someone without a privileged role are removed or changed, and every
 * privileged ID was certified in a campaign within the interval. */
static Status privileged_ids_reviewed(Ctx *ctx, int64_t system_id, json_t **out, Err *e)
{
    IdsBasis b;
    Status s = load_basis(ctx, system_id, &b, e);
    if (s != ST_OK)
        return s;
    json_t *ev = basis_evidence(&b);
    json_int_t privileged = 0, no_role = 0, undecided = 0;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT login_id, holder_name, '' FROM sysaccount_current_ids_v WHERE system_id = ?1"
                          " AND enabled = 1 AND privileged = 1 ORDER BY login_id",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_int(st, 1, system_id);
        s = rows_evidence(st, "特権ID", ev, &privileged, e);
    }
    if (s == ST_OK)
        s = review_rows(ctx, &b, system_id,
                        "SELECT login_id, holder_name, CASE WHEN decision IS NULL THEN ' — 未確認'"
                        " ELSE ' — 削除・変更が未実施' END"
                        " FROM access_review_items_v WHERE system_id = ?1 AND review_id = ?2"
                        " AND findings LIKE '%\"privileged_no_role\"%' AND (decision IS NULL OR progress = 'pending')"
                        " ORDER BY login_id",
                        "特権を持つ役割のない者の特権ID", ev, &no_role, e);
    if (s == ST_OK)
        s = review_rows(ctx, &b, system_id,
                        "SELECT login_id, holder_name, '' FROM access_review_items_v WHERE system_id = ?1"
                        " AND review_id = ?2 AND privileged = 1 AND decision IS NULL"
                        " AND findings NOT LIKE '%\"privileged_no_role\"%' ORDER BY login_id",
                        "未確認の特権ID", ev, &undecided, e);
    if (s != ST_OK) {
        json_decref(ev);
        return s;
    }
    char summary[400];
    const char *answer;
    if (!b.listed) {
        answer = "no";
        snprintf(summary, sizeof summary, "IDの一覧が取り込まれていないため、特権IDを確認できません。");
    } else if (no_role) {
        answer = "no";
        snprintf(summary, sizeof summary, "特権を持つ役割のない者の特権IDが %lld 件、確認又は削除・変更されていません。",
                 (long long)no_role);
    } else if (!b.review_id || b.review_stale || undecided) {
        answer = "partly";
        snprintf(summary, sizeof summary, "有効な特権IDは %lld 件です。見直しの間隔内にすべての特権IDが確認されていません。",
                 (long long)privileged);
    } else {
        answer = "yes";
        snprintf(summary, sizeof summary, "有効な特権IDは %lld 件で、%s 開始の見直しですべて確認されています。",
                 (long long)privileged, b.opened_on);
    }
    *out = result(answer, summary, ev);
    return ST_OK;
}

Status selfcheck_ids_answer(Ctx *ctx, const char *source, int64_t system_id, bool *handled, json_t **out, Err *e)
{
    *handled = true;
    if (strcmp(source, "access_reviewed") == 0)
        return access_reviewed(ctx, system_id, out, e);
    if (strcmp(source, "unused_ids_checked") == 0)
        return unused_ids_checked(ctx, system_id, out, e);
    if (strcmp(source, "privileged_ids_reviewed") == 0)
        return privileged_ids_reviewed(ctx, system_id, out, e);
    *handled = false;
    return ST_OK;
}
