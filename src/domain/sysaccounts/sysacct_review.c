/* Access-review campaigns (第83条(3)): opening copies every system's current IDs with their findings;
 * the systems' 管理者 certify each ID; removals and changes are followed to done — by the system's
 * next import (computed when read) or by hand with a note; the record is exported as XLSX for the
 * auditors. See sysaccounts.h for who may do what. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/evaluation/evaluation.h"
#include "domain/notify/notify.h"
#include "domain/sysaccounts/sysacct_internal.h"
#include "policy/capability.h"
#include "policy/pack.h"
#include "registers/export.h"

#define REVIEW_TEXT_MAX 1000

static const char *const decisions[] = {"keep", "change", "remove", NULL};
static const char *const decision_ja[] = {"継続", "変更", "削除", NULL};

static bool overseer_caps(const Ctx *ctx) { return (ctx->actor->caps & CAP_EVALUATION_MANAGE) != 0; }

static Status text_arg(const char *v, const char *field, const char *label, size_t max, Err *e)
{
    if (!v || !*v)
        return err_setf(e, ST_INVALID, "required", field, "%sを入力してください", "%s is required", label);
    if (text_chars(v) > max)
        return err_setf(e, ST_INVALID, "too_long", field, "%sは%zu文字以内で入力してください",
                        "%s must be at most %zu characters", label, max);
    if (!text_valid_chars(v, max, true))
        return err_set(e, ST_INVALID, "invalid_text", field, "使えない文字が含まれています",
                       "the text contains characters that are not allowed");
    return ST_OK;
}

static void now_iso(const Ctx *ctx, char out[21]) { time_iso_utc(clock_now(ctx->clock), out); }

static int64_t check_days(const Ctx *ctx, const char *id, int64_t dflt)
{
    for (size_t i = 0; ctx->pack && i < ctx->pack->n_checks; i++)
        if (ctx->pack->checks[i].id && strcmp(ctx->pack->checks[i].id, id) == 0 && ctx->pack->checks[i].value > 0)
            return ctx->pack->checks[i].value;
    return dflt;
}

static void add_days(const char *day, int64_t n, char out[11])
{
    int y, m, d;
    date_parse(day, &y, &m, &d);
    civil_from_days(days_from_civil(y, m, d) + n, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* ---- opening ---- */

typedef struct OpenArg {
    Stmt *ins;
    int64_t review;
    Status s;
    Err *e;
    size_t n;
} OpenArg;

static void insert_item(OpenArg *a, int64_t system, const char *login, const char *holder, const SaPerson *p,
                        bool privileged, json_t *findings)
{
    if (a->s != ST_OK)
        return;
    char *f = json_dumps(findings, JSON_COMPACT);
    stmt_reset(a->ins);
    stmt_bind_int(a->ins, 1, a->review);
    stmt_bind_int(a->ins, 2, system);
    stmt_bind_text(a->ins, 3, login);
    stmt_bind_text(a->ins, 4, holder);
    if (p)
        stmt_bind_int(a->ins, 5, p->id);
    else
        stmt_bind_null(a->ins, 5);
    stmt_bind_int(a->ins, 6, privileged);
    stmt_bind_text(a->ins, 7, f);
    if (stmt_step(a->ins) != STEP_DONE)
        a->s = stmt_error(a->ins, a->e);
    a->n++;
    free(f);
}

static json_t *codes_of(unsigned f)
{
    json_t *a = json_array();
    for (int k = 0; k < SAF_COUNT; k++)
        if (f & (1u << k))
            json_array_append_new(a, json_string(sysaccount_finding_code((SysAccountFinding)k)));
    return a;
}

static void open_one(void *arg, Stmt *st, const SaPerson *p, unsigned f)
{
    OpenArg *a = arg;
    json_t *codes = codes_of(f);
    const char *holder = *stmt_text(st, 4) ? stmt_text(st, 4) : (p ? p->name : "");
    insert_item(a, stmt_int(st, 0), stmt_text(st, 2), holder, p, stmt_int(st, 10) != 0, codes);
    json_decref(codes);
}

/* The check of checks.yaml a closed campaign counts for (its evaluation duty, 第83条(3)). */
#define REVIEW_CHECK_ID "access_rights_review_days"

/* Tells each current 情報システム管理者 (the pack's editor roles) of a system in the campaign that it
 * opened: a notification (and its mail) with the link only, never the IDs. Inside the caller's
 * transaction. */
static Status notify_managers(Ctx *ctx, int64_t review, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    const PackSystems *sy = &ctx->pack->systems;
    char link[64], title[] = "アクセス権の見直しが始まりました。担当する情報システムのIDを確認してください (第83条(3))";
    snprintf(link, sizeof link, "/access-reviews/%lld", (long long)review);
    Status s = ST_OK;
    for (size_t k = 0; s == ST_OK && k < sy->n_editor_roles; k++) {
        Stmt *st = db_prepare(ctx->db,
                              "SELECT DISTINCT person_id FROM role_assignments_v WHERE role = ?1 AND scope_kind = 'system'"
                              " AND valid_from <= ?2 AND (valid_until IS NULL OR valid_until >= ?2) AND scope_id IN"
                              " (SELECT system_id FROM access_review_items WHERE review_id = ?3) ORDER BY person_id",
                              e);
        if (!st)
            return e->status;
        stmt_bind_text(st, 1, sy->editor_roles[k]);
        stmt_bind_text(st, 2, today);
        stmt_bind_int(st, 3, review);
        json_t *people = NULL;
        if ((s = rows_ids(st, &people, e)) != ST_OK) {
            json_decref(people);
            return s;
        }
        size_t i;
        json_t *v;
        json_array_foreach(people, i, v)
        {
            char key[64];
            snprintf(key, sizeof key, "access_review_open:%lld:%lld", (long long)review, (long long)json_integer_value(v));
            if ((s = notify_person(ctx, json_integer_value(v), "access_review_open", "access_review", review, title, link,
                                   key, NULL, e)) != ST_OK)
                break;
        }
        json_decref(people);
    }
    return s;
}

/* A closed campaign is the evaluation duty of checks.yaml's review period done today (duty_record, in
 * the caller's transaction). A pack without that periodic check has no duty to record. */
static Status record_duty(Ctx *ctx, int64_t review, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.title, (SELECT count(*) FROM access_review_items WHERE review_id = r.id),"
                          " (SELECT count(DISTINCT system_id) FROM access_review_items WHERE review_id = r.id)"
                          " FROM access_reviews r WHERE r.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, review);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    char *summary = NULL;
    if (s == ST_OK && row)
        summary = xasprintf("アクセス権の見直し「%s」を終了 (%lld の情報システム、%lld 件のIDを判断)", stmt_text(st, 0),
                            (long long)stmt_int(st, 2), (long long)stmt_int(st, 1));
    stmt_finalize(st);
    if (s != ST_OK || !summary) {
        free(summary);
        return s;
    }
    char today[11], evidence[96];
    date_today(ctx->clock, today);
    snprintf(evidence, sizeof evidence, "lgsec アクセス権の見直し /access-reviews/%lld (記録 Excel)", (long long)review);
    Err de = {0};
    s = duty_record(ctx, REVIEW_CHECK_ID, today, summary, evidence, NULL, &de);
    free(summary);
    if (s == ST_NOTFOUND || (s == ST_INVALID && strcmp(de.code, "duty_not_periodic") == 0))
        return ST_OK;
    if (s != ST_OK)
        *e = de;
    return s;
}

Status access_review_open(Ctx *ctx, const char *title, const char *due_on, int64_t *id, Err *e)
{
    *id = 0;
    if (!overseer_caps(ctx))
        return err_set(e, ST_FORBIDDEN, "sysaccount_forbidden", "",
                       "アクセス権の見直しを始められるのは統括情報セキュリティ責任者とCISOです (第83条)",
                       "only the chief security officer and the CISO open an access review");
    Status s = text_arg(title, "title", "件名", 200, e);
    if (s != ST_OK)
        return s;
    int y, m, d;
    if (!due_on || strlen(due_on) != 10 || !date_parse(due_on, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "due_on", "期限は YYYY-MM-DD 形式の日付で入力してください",
                       "due_on must be a date YYYY-MM-DD");
    char today[11], now[21];
    date_today(ctx->clock, today);
    now_iso(ctx, now);
    if (strcmp(due_on, today) < 0)
        return err_set(e, ST_INVALID, "access_review_due_past", "due_on", "期限が今日より前です",
                       "the due date is before today");
    SaMatcher mt;
    if ((s = sa_matcher_load(ctx, &mt, e)) != ST_OK)
        return s;
    if ((s = db_begin(ctx->db, e)) != ST_OK) {
        sa_matcher_free(&mt);
        return s;
    }
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO access_reviews (title, opened_on, due_on, state, opened_by) VALUES (?, ?, ?, 'open', ?)",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_text(st, 1, title);
        stmt_bind_text(st, 2, today);
        stmt_bind_text(st, 3, due_on);
        stmt_bind_int(st, 4, ctx->actor->account_id);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    }
    OpenArg a = {.review = s == ST_OK ? db_last_insert_id(ctx->db) : 0, .s = s, .e = e};
    if (s == ST_OK && !(a.ins = db_prepare(ctx->db,
                                           "INSERT INTO access_review_items (review_id, system_id, login_id, holder_name,"
                                           " person_id, privileged, findings) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                           e)))
        a.s = e->status;
    if (a.s == ST_OK)
        a.s = sa_each_id(ctx, &mt, 0, open_one, &a, e);
    if (a.s == ST_OK) { /* lgsec's own accounts, as system 0 */
        json_t *items = json_array();
        size_t counts[SAF_COUNT] = {0}, n;
        a.s = sa_lgsec_ids(ctx, &mt, items, counts, &n, e);
        size_t i;
        json_t *x;
        json_array_foreach(items, i, x)
        {
            const SaPerson *p = NULL;
            json_t *pj = json_object_get(x, "person");
            for (size_t k = 0; json_is_object(pj) && k < mt.npeople; k++)
                if (mt.people[k].id == json_integer_value(json_object_get(pj, "id")))
                    p = &mt.people[k];
            if (json_is_string(json_object_get(x, "state")) && json_is_true(json_object_get(x, "enabled")))
                insert_item(&a, 0, json_string_value(json_object_get(x, "login_id")),
                            json_string_value(json_object_get(x, "holder_name")), p, false,
                            json_object_get(x, "findings"));
        }
        json_decref(items);
    }
    if (a.ins)
        stmt_finalize(a.ins);
    s = a.s;
    char items_sha256[65] = "";
    if (s == ST_OK) /* the items as opened, compared by reconciliation (sysacct_state.c) */
        s = sa_rows_sha256(ctx, SA_ITEMS_SQL, SA_ITEMS_COLS, a.review, items_sha256, e);
    if (s == ST_OK) {
        json_t *after = json_pack("{ss ss ss sI ss}", "title", title, "opened_on", today, "due_on", due_on, "items",
                                  (json_int_t)a.n, "items_sha256", items_sha256);
        s = record_change(ctx, "access_review.open", "access_review", a.review, NULL, after, e);
        json_decref(after);
    }
    if (s == ST_OK)
        s = notify_managers(ctx, a.review, e);
    sa_matcher_free(&mt);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK)
        *id = a.review;
    return s;
}

/* ---- reading ---- */

static Status review_exists(Ctx *ctx, int64_t id, bool *open, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT state = 'open' FROM access_reviews WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        *open = stmt_int(st, 0) != 0;
    stmt_finalize(st);
    if (s == ST_OK && !row)
        s = err_set(e, ST_NOTFOUND, "access_review_not_found", "id", "アクセス権の見直しが見つかりません",
                    "access review not found");
    return s;
}

/* The progress of an item `i` (access_review_items): none (keep or undecided), done (by hand, or the
 * latest import after the decision shows the ID gone, disabled or its privilege changed; for lgsec
 * the account disabled) or pending. The rule is declared once, in the published view
 * access_review_items_v (migration 0046), which the self-check reads too. */
#define PROGRESS_SQL "(SELECT v.progress FROM access_review_items_v v WHERE v.id = i.id)"

static bool item_visible(bool all, const int64_t *mine, size_t n, int64_t system)
{
    return all || (system > 0 && sa_scope_has(mine, n, system));
}

/* The actor may decide this item: its system's manager or evaluation.manage (lgsec: evaluation.manage
 * only), and it is not the actor's own ID. */
static bool may_decide(const Ctx *ctx, const int64_t *managed, size_t n, int64_t system, int64_t person)
{
    if (person && person == ctx->actor->person_id)
        return false;
    return overseer_caps(ctx) || (system > 0 && sa_scope_has(managed, n, system));
}

Status access_review_list(Ctx *ctx, json_t **out, Err *e)
{
    *out = NULL;
    bool all;
    int64_t *mine;
    size_t nmine;
    Status s = sa_reader_scope(ctx, &all, &mine, &nmine, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.id, r.title, r.opened_on, r.due_on, r.state, i.system_id, count(i.id),"
                          " count(i.decision), sum(" PROGRESS_SQL " = 'pending')"
                          " FROM access_reviews r LEFT JOIN access_review_items i ON i.review_id = r.id"
                          " GROUP BY r.id, i.system_id ORDER BY r.id DESC",
                          e);
    if (!st) {
        free(mine);
        return e->status;
    }
    json_t *items = json_array(), *cur = NULL;
    int64_t cur_id = 0;
    char last_opened[11] = "";
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        int64_t id = stmt_int(st, 0);
        if (id != cur_id) {
            cur = json_pack("{sI ss ss ss ss sI sI sI}", "id", (json_int_t)id, "title", stmt_text(st, 1), "opened_on",
                            stmt_text(st, 2), "due_on", stmt_text(st, 3), "state", stmt_text(st, 4), "total",
                            (json_int_t)0, "decided", (json_int_t)0, "removals_open", (json_int_t)0);
            json_array_append_new(items, cur);
            cur_id = id;
            if (!*last_opened)
                snprintf(last_opened, sizeof last_opened, "%s", stmt_text(st, 2));
        }
        if (stmt_is_null(st, 5) || !item_visible(all, mine, nmine, stmt_int(st, 5)))
            continue;
        const char *keys[] = {"total", "decided", "removals_open"};
        for (int k = 0; k < 3; k++)
            json_object_set_new(cur, keys[k],
                                json_integer(json_integer_value(json_object_get(cur, keys[k])) + stmt_int(st, 6 + k)));
    }
    s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    free(mine);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    int64_t interval = check_days(ctx, "access_rights_review_days", 180);
    char today[11], next[11] = "";
    date_today(ctx->clock, today);
    if (*last_opened)
        add_days(last_opened, interval, next);
    *out = json_pack("{sI so so sb so}", "interval_days", (json_int_t)interval, "last_opened_on",
                     *last_opened ? json_string(last_opened) : json_null(), "next_due_on",
                     *next ? json_string(next) : json_null(), "overdue", !*last_opened || strcmp(next, today) < 0,
                     "items", items);
    return ST_OK;
}

Status access_review_get(Ctx *ctx, int64_t id, int64_t system_id, json_t **out, Err *e)
{
    *out = NULL;
    bool open = false, all;
    int64_t *mine = NULL, *managed = NULL;
    size_t nmine = 0, nmanaged = 0;
    Status s = review_exists(ctx, id, &open, e);
    if (s == ST_OK)
        s = sa_reader_scope(ctx, &all, &mine, &nmine, e);
    if (s == ST_OK)
        s = sa_managed_systems(ctx, &managed, &nmanaged, e);
    json_t *head = NULL, *items = json_array(), *systems = json_array();
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db, "SELECT id, title, opened_on, due_on, state, closed_at FROM access_reviews WHERE id = ?", e);
        if (!st)
            s = e->status;
        else {
            stmt_bind_int(st, 1, id);
            static const char *const cols[] = {"id", "title", "opened_on", "due_on", "state", "closed_at"};
            s = row_single(st, cols, "issssS", &head, e);
        }
    }
    Stmt *st = NULL;
    if (s == ST_OK && !(st = db_prepare(ctx->db,
                                        "SELECT i.id, i.system_id, COALESCE(sy.code, 'lgsec'), COALESCE(sy.name, 'lgsec'),"
                                        " i.login_id, i.holder_name, i.privileged, i.findings, i.decision, i.reason,"
                                        " COALESCE(p.name, a.login_id, ''), i.decided_at, " PROGRESS_SQL ","
                                        " CASE WHEN i.done_at IS NOT NULL THEN 'hand' WHEN " PROGRESS_SQL
                                        " = 'done' THEN 'import' END, i.done_note, COALESCE(i.person_id, 0)"
                                        " FROM access_review_items i LEFT JOIN systems_v sy ON sy.id = i.system_id"
                                        " LEFT JOIN accounts_v a ON a.id = i.decided_by LEFT JOIN people_v p ON p.id = a.person_id"
                                        " WHERE i.review_id = ?1 AND (?2 < 0 OR i.system_id = ?2)"
                                        " ORDER BY i.system_id = 0 DESC, sy.code, i.login_id",
                                        e)))
        s = e->status;
    if (st) {
        stmt_bind_int(st, 1, id);
        stmt_bind_int(st, 2, system_id);
        StepResult r;
        json_t *sys = NULL;
        int64_t cur = -1;
        while ((r = stmt_step(st)) == STEP_ROW) {
            int64_t sid = stmt_int(st, 1);
            if (!item_visible(all, mine, nmine, sid))
                continue;
            if (sid != cur) {
                sys = json_pack("{sI ss ss sI sI}", "id", (json_int_t)sid, "code", stmt_text(st, 2), "name",
                                stmt_text(st, 3), "total", (json_int_t)0, "decided", (json_int_t)0);
                json_array_append_new(systems, sys);
                cur = sid;
            }
            json_object_set_new(sys, "total", json_integer(json_integer_value(json_object_get(sys, "total")) + 1));
            if (!stmt_is_null(st, 8))
                json_object_set_new(sys, "decided", json_integer(json_integer_value(json_object_get(sys, "decided")) + 1));
            json_t *findings = json_loads(stmt_text(st, 7), 0, NULL);
            json_array_append_new(
                items,
                json_pack("{sI sI ss ss ss sb so so so ss so ss so so sb}", "id", (json_int_t)stmt_int(st, 0), "system_id",
                          (json_int_t)sid, "system_code", stmt_text(st, 2), "login_id", stmt_text(st, 4), "holder_name",
                          stmt_text(st, 5), "privileged", stmt_int(st, 6) != 0, "findings",
                          findings ? findings : json_array(), "decision",
                          stmt_is_null(st, 8) ? json_null() : json_string(stmt_text(st, 8)), "reason",
                          stmt_is_null(st, 9) ? json_null() : json_string(stmt_text(st, 9)), "decided_by_name",
                          stmt_text(st, 10), "decided_at", stmt_is_null(st, 11) ? json_null() : json_string(stmt_text(st, 11)),
                          "progress", stmt_text(st, 12), "done_by",
                          stmt_is_null(st, 13) ? json_null() : json_string(stmt_text(st, 13)), "done_note",
                          stmt_is_null(st, 14) ? json_null() : json_string(stmt_text(st, 14)), "can_decide",
                          open && may_decide(ctx, managed, nmanaged, sid, stmt_int(st, 15))));
        }
        s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    }
    free(mine);
    free(managed);
    if (s == ST_OK) {
        json_object_set_new(head, "systems", systems);
        json_object_set_new(head, "items", items);
        *out = head;
    } else {
        json_decref(head);
        json_decref(items);
        json_decref(systems);
    }
    return s;
}

/* ---- deciding ---- */

typedef struct Item {
    int64_t review, system, person;
    bool open;
    char decision[16];
    bool done;
} Item;

static Status item_load(Ctx *ctx, int64_t item_id, Item *it, Err *e)
{
    memset(it, 0, sizeof *it);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT i.review_id, i.system_id, COALESCE(i.person_id, 0), r.state = 'open',"
                          " COALESCE(i.decision, ''), i.done_at IS NOT NULL"
                          " FROM access_review_items i JOIN access_reviews r ON r.id = i.review_id WHERE i.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, item_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        it->review = stmt_int(st, 0);
        it->system = stmt_int(st, 1);
        it->person = stmt_int(st, 2);
        it->open = stmt_int(st, 3) != 0;
        snprintf(it->decision, sizeof it->decision, "%s", stmt_text(st, 4));
        it->done = stmt_int(st, 5) != 0;
    }
    stmt_finalize(st);
    if (s == ST_OK && !row)
        s = err_set(e, ST_NOTFOUND, "access_review_item_not_found", "id", "見直しの対象のIDが見つかりません",
                    "review item not found");
    if (s != ST_OK)
        return s;
    int64_t *managed;
    size_t n;
    if ((s = sa_managed_systems(ctx, &managed, &n, e)) != ST_OK)
        return s;
    bool may = may_decide(ctx, managed, n, it->system, it->person);
    free(managed);
    if (!may)
        return err_set(e, ST_FORBIDDEN, "sysaccount_forbidden", "id",
                       it->person && it->person == ctx->actor->person_id
                           ? "自分のIDは自分で確認できません。統括情報セキュリティ責任者が確認します (第20条)"
                           : "このIDを確認できるのはその情報システムの情報システム管理者です (第83条)",
                       "you may not certify this ID (its system's manager does; nobody certifies their own)");
    return ST_OK;
}

Status access_review_decide(Ctx *ctx, int64_t item_id, const char *decision, const char *reason, Err *e)
{
    int k = 0;
    while (decisions[k] && (!decision || strcmp(decisions[k], decision) != 0))
        k++;
    if (!decisions[k])
        return err_set(e, ST_INVALID, "invalid_decision", "decision", "判断は 継続・変更・削除 のいずれかです",
                       "decision must be keep, change or remove");
    Status s = text_arg(reason, "reason", "理由", REVIEW_TEXT_MAX, e);
    Item it;
    if (s == ST_OK)
        s = item_load(ctx, item_id, &it, e);
    if (s == ST_OK && !it.open)
        s = err_set(e, ST_CONFLICT, "access_review_closed", "id", "この見直しは終了しています",
                    "the access review is closed");
    if (s == ST_OK && it.done)
        s = err_set(e, ST_CONFLICT, "access_review_done", "id", "対応が記録済みのIDの判断は変えられません",
                    "the change was already recorded as done");
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    char now[21];
    now_iso(ctx, now);
    Stmt *st = db_prepare(ctx->db,
                          "UPDATE access_review_items SET decision = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                          e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_text(st, 1, decisions[k]);
        stmt_bind_text(st, 2, reason);
        stmt_bind_int(st, 3, ctx->actor->account_id);
        stmt_bind_text(st, 4, now);
        stmt_bind_int(st, 5, item_id);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    }
    if (s == ST_OK) {
        json_t *before = *it.decision ? json_pack("{ss}", "decision", it.decision) : NULL;
        json_t *after = json_pack("{sI sI ss ss}", "review", (json_int_t)it.review, "system", (json_int_t)it.system,
                                  "decision", decisions[k], "reason", reason);
        s = record_change(ctx, "access_review.decide", "access_review_item", item_id, before, after, e);
        json_decref(before);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status access_review_done(Ctx *ctx, int64_t item_id, const char *note, Err *e)
{
    Status s = text_arg(note, "note", "対応の記録", REVIEW_TEXT_MAX, e);
    Item it;
    if (s == ST_OK)
        s = item_load(ctx, item_id, &it, e);
    if (s == ST_OK && strcmp(it.decision, "change") != 0 && strcmp(it.decision, "remove") != 0)
        s = err_set(e, ST_CONFLICT, "access_review_nothing_to_do", "id", "変更・削除と判断したIDだけ対応を記録できます",
                    "only an ID decided change or remove has something to carry out");
    if (s == ST_OK && it.done)
        s = err_set(e, ST_CONFLICT, "access_review_done", "id", "対応は記録済みです", "already recorded as done");
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    char now[21];
    now_iso(ctx, now);
    Stmt *st = db_prepare(ctx->db, "UPDATE access_review_items SET done_note = ?, done_by = ?, done_at = ? WHERE id = ?", e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_text(st, 1, note);
        stmt_bind_int(st, 2, ctx->actor->account_id);
        stmt_bind_text(st, 3, now);
        stmt_bind_int(st, 4, item_id);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{sI sI ss ss}", "review", (json_int_t)it.review, "system", (json_int_t)it.system,
                                  "decision", it.decision, "note", note);
        s = record_change(ctx, "access_review.done", "access_review_item", item_id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status access_review_close(Ctx *ctx, int64_t id, Err *e)
{
    if (!overseer_caps(ctx))
        return err_set(e, ST_FORBIDDEN, "sysaccount_forbidden", "", "見直しを終了できるのは統括情報セキュリティ責任者とCISOです",
                       "only the chief security officer and the CISO close an access review");
    bool open = false;
    Status s = review_exists(ctx, id, &open, e);
    if (s == ST_OK && !open)
        s = err_set(e, ST_CONFLICT, "access_review_closed", "id", "この見直しは終了しています", "the access review is closed");
    int64_t undecided = 0;
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db, "SELECT count(*) FROM access_review_items WHERE review_id = ? AND decision IS NULL", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, id);
        bool row;
        s = stmt_step_row(st, &row, e);
        undecided = s == ST_OK && row ? stmt_int(st, 0) : 0;
        stmt_finalize(st);
    }
    if (s == ST_OK && undecided)
        s = err_setf(e, ST_CONFLICT, "access_review_undecided", "id", "まだ判断していないIDが %lld 件あります",
                     "%lld IDs are not decided yet", (long long)undecided);
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    char now[21];
    now_iso(ctx, now);
    Stmt *st = db_prepare(ctx->db, "UPDATE access_reviews SET state = 'closed', closed_at = ? WHERE id = ?", e);
    if (!st)
        s = e->status;
    else {
        stmt_bind_text(st, 1, now);
        stmt_bind_int(st, 2, id);
        if (stmt_step(st) != STEP_DONE)
            s = stmt_error(st, e);
        stmt_finalize(st);
    }
    if (s == ST_OK) {
        json_t *before = json_pack("{ss}", "state", "open"), *after = json_pack("{ss}", "state", "closed");
        s = record_change(ctx, "access_review.close", "access_review", id, before, after, e);
        json_decref(before);
        json_decref(after);
    }
    if (s == ST_OK)
        s = record_duty(ctx, id, e);
    return finish_tx(ctx, s, e);
}

/* ---- the record ---- */

static const char *finding_words(json_t *codes, char *buf, size_t n)
{
    buf[0] = '\0';
    size_t i, used = 0;
    json_t *c;
    json_array_foreach(codes, i, c)
    {
        for (int k = 0; k < SAF_COUNT; k++)
            if (strcmp(json_string_value(c), sysaccount_finding_code((SysAccountFinding)k)) == 0)
                used += (size_t)snprintf(buf + used, used < n ? n - used : 0, "%s%s", used ? "、" : "",
                                         sysaccount_finding_ja((SysAccountFinding)k));
    }
    return buf;
}

Status access_review_xlsx(Ctx *ctx, int64_t id, unsigned char **data, size_t *len, char name[96], Err *e)
{
    json_t *r = NULL;
    Status s = access_review_get(ctx, id, -1, &r, e);
    if (s != ST_OK)
        return s;
    static const char *const headers[] = {"情報システム", "ID", "氏名", "特権", "点検結果(開始時)", "判断", "理由",
                                          "判断者", "判断日時", "対応状況", "対応の記録"};
    enum { NC = sizeof headers / sizeof *headers };
    json_t *items = json_object_get(r, "items");
    size_t nrows = json_array_size(items);
    char **cells = xcalloc(nrows * NC + 1, sizeof *cells);
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        char **row = cells + i * NC, buf[512];
        const char *dec = json_string_value(json_object_get(x, "decision"));
        const char *dec_ja = "未判断";
        for (int k = 0; dec && decisions[k]; k++)
            if (strcmp(dec, decisions[k]) == 0)
                dec_ja = decision_ja[k];
        const char *progress = json_string_value(json_object_get(x, "progress"));
        const char *by = json_string_value(json_object_get(x, "done_by"));
        row[0] = xstrdup(json_string_value(json_object_get(x, "system_code")));
        row[1] = xstrdup(json_string_value(json_object_get(x, "login_id")));
        row[2] = xstrdup(json_string_value(json_object_get(x, "holder_name")));
        row[3] = xstrdup(json_is_true(json_object_get(x, "privileged")) ? "特権" : "");
        row[4] = xstrdup(finding_words(json_object_get(x, "findings"), buf, sizeof buf));
        row[5] = xstrdup(dec_ja);
        row[6] = xstrdup(json_is_string(json_object_get(x, "reason")) ? json_string_value(json_object_get(x, "reason")) : "");
        row[7] = xstrdup(json_string_value(json_object_get(x, "decided_by_name")));
        row[8] = xstrdup(json_is_string(json_object_get(x, "decided_at")) ? json_string_value(json_object_get(x, "decided_at")) : "");
        row[9] = xstrdup(strcmp(progress, "done") == 0   ? (by && strcmp(by, "import") == 0 ? "完了(取込みで確認)" : "完了(手作業で記録)")
                         : strcmp(progress, "pending") == 0 ? "未完了"
                                                             : "");
        row[10] = xstrdup(json_is_string(json_object_get(x, "done_note")) ? json_string_value(json_object_get(x, "done_note")) : "");
    }
    char title[300];
    snprintf(title, sizeof title, "アクセス権の見直し %s(%s 開始)", json_string_value(json_object_get(r, "title")),
             json_string_value(json_object_get(r, "opened_on")));
    ExportSheet sheet = {"アクセス権の見直し", title, NC, headers, NULL, nrows, (const char *const *)cells};
    s = export_xlsx(&sheet, 1, data, len, e);
    snprintf(name, 96, "access-review-%lld.xlsx", (long long)id);
    for (size_t k = 0; k < nrows * NC; k++)
        free(cells[k]);
    free(cells);
    json_decref(r);
    return s;
}

/* ---- the home page ---- */

Status access_review_work_for_actor(Ctx *ctx, json_t **out, Err *e)
{
    *out = json_array();
    int64_t *managed;
    size_t n;
    Status s = sa_managed_systems(ctx, &managed, &n, e);
    if (s != ST_OK)
        return s;
    bool over = overseer_caps(ctx);
    if (!n && !over) {
        free(managed);
        return ST_OK;
    }
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.id, r.title, r.due_on, i.system_id, COALESCE(i.person_id, 0) FROM access_reviews r"
                          " JOIN access_review_items i ON i.review_id = r.id"
                          " WHERE r.state = 'open' AND i.decision IS NULL ORDER BY r.id",
                          e);
    if (!st) {
        free(managed);
        return e->status;
    }
    json_t *cur = NULL;
    int64_t cur_id = 0;
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        /* a manager's work is their systems' IDs; the 統括's here is lgsec's own accounts (a manager's
         * own ID, which only the 統括 may certify, shows on the campaign's page) */
        int64_t sys = stmt_int(st, 3);
        bool mine = sys > 0 && sa_scope_has(managed, n, sys);
        if (!(mine || (over && sys == 0)) || !may_decide(ctx, managed, n, sys, stmt_int(st, 4)))
            continue;
        if (stmt_int(st, 0) != cur_id) {
            char title[400], title_en[400], link[64];
            snprintf(title, sizeof title, "アクセス権の見直し「%s」(期限 %s)で確認するIDがあります", stmt_text(st, 1),
                     stmt_text(st, 2));
            snprintf(title_en, sizeof title_en, "Access review \"%s\" (due %s): IDs to certify", stmt_text(st, 1),
                     stmt_text(st, 2));
            snprintf(link, sizeof link, "/access-reviews/%lld", (long long)stmt_int(st, 0));
            cur = json_pack("{ss ss ss sI}", "title", title, "title_en", title_en, "link", link, "count", (json_int_t)0);
            json_array_append_new(*out, cur);
            cur_id = stmt_int(st, 0);
        }
        json_object_set_new(cur, "count", json_integer(json_integer_value(json_object_get(cur, "count")) + 1));
    }
    s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    free(managed);
    return s;
}
