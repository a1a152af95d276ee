/* Reading the IDs: one system's latest snapshot with each ID's findings, the findings across every
 * system the reader may see (lgsec's own accounts included, read through identity's accounts_v),
 * and the benchmark's whole match. Findings are computed here on every read (sysacct_match.c), so a
 * person who leaves today shows as a leaver's ID today, without a new import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/sysaccounts/sysacct_internal.h"
#include "policy/pack.h"

static const struct {
    const char *code, *ja, *en;
} finding_names[SAF_COUNT] = {
    [SAF_LEFT] = {"left", "退職者の有効なID", "active ID of a person who left"},
    [SAF_MOVED] = {"moved", "異動者のID(所属が異なる)", "ID of a person who moved (section differs)"},
    [SAF_UNUSED] = {"unused", "長期間使われていないID", "ID unused for long"},
    [SAF_PRIVILEGED_NO_ROLE] = {"privileged_no_role", "特権の役割のない者の特権ID", "privileged ID without a privileged role"},
    [SAF_UNMATCHED] = {"unmatched", "職員と照合できないID", "ID matching no person"},
    [SAF_SHARED] = {"shared", "共用ID", "shared ID"},
};

const char *sysaccount_finding_code(SysAccountFinding f) { return finding_names[f].code; }
const char *sysaccount_finding_ja(SysAccountFinding f) { return finding_names[f].ja; }
const char *sysaccount_finding_en(SysAccountFinding f) { return finding_names[f].en; }

json_t *sysaccounts_formats(const Ctx *ctx)
{
    json_t *items = json_array();
    const PackSystems *sy = ctx->pack ? &ctx->pack->systems : NULL;
    for (size_t i = 0; sy && i < sy->n_account_formats; i++) {
        const PackAccountFormat *f = &sy->account_formats[i];
        json_t *cols = json_object();
        for (int c = 0; c < ACCT_COL_COUNT; c++) {
            json_t *h = json_array();
            for (size_t k = 0; k < f->n_columns[c]; k++)
                json_array_append_new(h, json_string(f->columns[c][k]));
            json_object_set_new(cols, pack_account_columns[c], h);
        }
        json_array_append_new(items, json_pack("{ss ss ss so}", "id", f->id, "label", f->label, "description",
                                               f->description ? f->description : "", "columns", cols));
    }
    json_t *kinds = json_array();
    for (int k = 0; k < SAF_COUNT; k++)
        json_array_append_new(kinds, json_pack("{ss ss ss}", "code", finding_names[k].code, "label",
                                               finding_names[k].ja, "label_en", finding_names[k].en));
    return json_pack("{so so}", "items", items, "findings", kinds);
}

static json_t *counts_json(const size_t counts[SAF_COUNT])
{
    json_t *o = json_object();
    for (int k = 0; k < SAF_COUNT; k++)
        json_object_set_new(o, finding_names[k].code, json_integer((json_int_t)counts[k]));
    return o;
}

static json_t *kinds_json(unsigned f)
{
    json_t *a = json_array();
    for (int k = 0; k < SAF_COUNT; k++)
        if (f & (1u << k))
            json_array_append_new(a, json_string(finding_names[k].code));
    return a;
}

static json_t *person_json(const SaPerson *p)
{
    if (!p)
        return json_null();
    return json_pack("{sI ss ss sb}", "id", (json_int_t)p->id, "name", p->name, "unit_name", p->unit_name, "left",
                     p->left);
}

/* ---- the IDs of one system (or of lgsec) ---- */

static const char *const lgsec_code = "lgsec";

static Status system_head(Ctx *ctx, int64_t system_id, json_t **sys, Err *e)
{
    if (system_id == 0) {
        *sys = json_pack("{sI ss ss}", "id", (json_int_t)0, "code", lgsec_code, "name", "lgsec(この管理システム)");
        return ST_OK;
    }
    Stmt *st = db_prepare(ctx->db, "SELECT id, code, name FROM systems_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    static const char *const cols[] = {"id", "code", "name"};
    Status s = row_single(st, cols, "iss", sys, e);
    if (s == ST_NOTFOUND)
        s = err_set(e, ST_NOTFOUND, "system_not_found", "system_id", "情報システムが見つかりません",
                    "information system not found");
    return s;
}

Status sa_lgsec_ids(Ctx *ctx, const SaMatcher *m, json_t *items, size_t counts[SAF_COUNT], size_t *n, Err *e)
{
    *n = 0;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, person_id, login_id, last_login_at, created_at, disabled_at IS NULL"
                          " FROM accounts_v ORDER BY login_id",
                          e);
    if (!st)
        return e->status;
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        const SaPerson *p;
        const char *last = stmt_is_null(st, 3) ? NULL : stmt_text(st, 3);
        bool enabled = stmt_int(st, 5) != 0;
        unsigned f = sa_classify_lgsec(m, stmt_int(st, 1), last, stmt_text(st, 4), enabled, &p);
        (*n)++;
        for (int k = 0; k < SAF_COUNT; k++)
            counts[k] += (f >> k) & 1u;
        if (items) {
            char day[11] = "";
            if (last)
                snprintf(day, sizeof day, "%.10s", last);
            json_array_append_new(items,
                                  json_pack("{sI ss ss ss ss ss so ss sb sb so so}", "id", (json_int_t)stmt_int(st, 0),
                                            "login_id", stmt_text(st, 2), "staff_no", "", "holder_name",
                                            p ? p->name : "", "unit_name", p ? p->unit_name : "", "privileges", "",
                                            "last_login", last ? json_string(day) : json_null(), "state",
                                            enabled ? "有効" : "無効", "enabled", enabled, "privileged", false,
                                            "person", person_json(p), "findings", kinds_json(f)));
        }
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status sa_each_id(Ctx *ctx, const SaMatcher *m, int64_t system_id, SaIdFn fn, void *arg, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT i.system_id, i.id, i.login_id, i.staff_no, i.holder_name, i.unit_name, i.privileges,"
                          " i.last_login, i.state, i.enabled, i.privileged FROM sysaccount_ids i"
                          " WHERE i.snapshot_id IN (SELECT MAX(id) FROM sysaccount_snapshots"
                          "   WHERE ?1 = 0 OR system_id = ?1 GROUP BY system_id)"
                          " ORDER BY i.snapshot_id, i.login_id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        SaId id = {.system_id = stmt_int(st, 0), .login_id = stmt_text(st, 2), .staff_no = stmt_text(st, 3),
                   .holder_name = stmt_text(st, 4), .unit_name = stmt_text(st, 5),
                   .last_login = stmt_is_null(st, 7) ? NULL : stmt_text(st, 7), .enabled = stmt_int(st, 9) != 0,
                   .privileged = stmt_int(st, 10) != 0};
        const SaPerson *p;
        unsigned f = sa_classify(m, &id, &p);
        fn(arg, st, p, f);
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

typedef struct ListArg {
    json_t *items;
    size_t *counts;
} ListArg;

static void list_one(void *arg, Stmt *st, const SaPerson *p, unsigned f)
{
    ListArg *a = arg;
    for (int k = 0; k < SAF_COUNT; k++)
        a->counts[k] += (f >> k) & 1u;
    json_array_append_new(
        a->items, json_pack("{sI ss ss ss ss ss so ss sb sb so so}", "id", (json_int_t)stmt_int(st, 1), "login_id",
                            stmt_text(st, 2), "staff_no", stmt_text(st, 3), "holder_name", stmt_text(st, 4),
                            "unit_name", stmt_text(st, 5), "privileges", stmt_text(st, 6), "last_login",
                            stmt_is_null(st, 7) ? json_null() : json_string(stmt_text(st, 7)), "state",
                            stmt_text(st, 8), "enabled", stmt_int(st, 9) != 0, "privileged", stmt_int(st, 10) != 0,
                            "person", person_json(p), "findings", kinds_json(f)));
}

static Status snapshots_of(Ctx *ctx, int64_t system_id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, format, filename, id_count, imported_at FROM sysaccount_snapshots"
                          " WHERE system_id = ? ORDER BY id DESC LIMIT 50",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, system_id);
    static const char *const cols[] = {"id", "format", "filename", "id_count", "imported_at"};
    return rows_array(st, cols, "issis", out, e);
}

static Status readable(Ctx *ctx, int64_t system_id, Err *e)
{
    bool may = false;
    Status s = sa_system_visible(ctx, system_id, e);
    if (s == ST_OK)
        s = sysaccounts_may_read(ctx, system_id, &may, e);
    if (s == ST_OK && !may)
        s = err_set(e, ST_FORBIDDEN, "sysaccount_forbidden", "system_id",
                    "この情報システムのIDを見られるのは情報システム管理者・統括情報セキュリティ責任者・監査統括責任者です (第83条)",
                    "only the system's manager, the chief security officer and the audit lead may see its IDs");
    return s;
}

Status sysaccounts_system(Ctx *ctx, int64_t system_id, json_t **out, Err *e)
{
    *out = NULL;
    json_t *sys = NULL, *snaps = NULL;
    Status s = system_head(ctx, system_id, &sys, e);
    if (s == ST_OK)
        s = readable(ctx, system_id, e);
    if (s == ST_OK && system_id)
        s = snapshots_of(ctx, system_id, &snaps, e);
    SaMatcher m;
    if (s == ST_OK && (s = sa_matcher_load(ctx, &m, e)) == ST_OK) {
        size_t counts[SAF_COUNT] = {0};
        json_t *items = json_array();
        size_t n;
        if (system_id == 0)
            s = sa_lgsec_ids(ctx, &m, items, counts, &n, e);
        else {
            ListArg a = {items, counts};
            s = sa_each_id(ctx, &m, system_id, list_one, &a, e);
        }
        if (s == ST_OK) {
            *out = json_pack("{so so si so so}", "system", sys, "snapshot",
                             json_array_size(snaps) ? json_incref(json_array_get(snaps, 0)) : json_null(),
                             "unused_days", m.unused_days, "counts", counts_json(counts), "items", items);
            json_object_set_new(*out, "snapshots", snaps ? snaps : json_array());
            sys = snaps = NULL;
        } else
            json_decref(items);
        sa_matcher_free(&m);
    }
    json_decref(sys);
    json_decref(snaps);
    return s;
}

/* ---- across systems ---- */

typedef struct SysCount {
    int64_t id;
    size_t ids;
    size_t counts[SAF_COUNT];
} SysCount;

typedef struct AcrossArg {
    SysCount *sys;
    size_t nsys, cap;
    json_t *items; /* NULL: counting only */
    size_t limit;
    bool all;
    const int64_t *mine;
    size_t nmine;
} AcrossArg;

static SysCount *sys_slot(AcrossArg *a, int64_t id)
{
    if (a->nsys && a->sys[a->nsys - 1].id == id)
        return &a->sys[a->nsys - 1];
    if (a->nsys == a->cap)
        a->sys = xrealloc(a->sys, (a->cap = a->cap ? 2 * a->cap : 16) * sizeof *a->sys);
    SysCount *c = &a->sys[a->nsys++];
    memset(c, 0, sizeof *c);
    c->id = id;
    return c;
}

static void across_one(void *arg, Stmt *st, const SaPerson *p, unsigned f)
{
    AcrossArg *a = arg;
    int64_t sid = stmt_int(st, 0);
    if (!a->all && !sa_scope_has(a->mine, a->nmine, sid))
        return;
    SysCount *c = sys_slot(a, sid);
    c->ids++;
    for (int k = 0; k < SAF_COUNT; k++)
        if (f & (1u << k)) {
            c->counts[k]++;
            if (a->items && json_array_size(a->items) < a->limit)
                json_array_append_new(a->items,
                                      json_pack("{sI ss ss ss ss}", "system_id", (json_int_t)sid, "login_id",
                                                stmt_text(st, 2), "holder_name", stmt_text(st, 4), "person_name",
                                                p ? p->name : "", "kind", finding_names[k].code));
        }
}

Status sysaccounts_match_all(Ctx *ctx, size_t counts[SAF_COUNT], size_t *ids, Err *e)
{
    SaMatcher m;
    Status s = sa_matcher_load(ctx, &m, e);
    if (s != ST_OK)
        return s;
    AcrossArg a = {.all = true};
    s = sa_each_id(ctx, &m, 0, across_one, &a, e);
    size_t lg[SAF_COUNT] = {0}, nlg = 0;
    if (s == ST_OK)
        s = sa_lgsec_ids(ctx, &m, NULL, lg, &nlg, e);
    *ids = nlg;
    for (size_t i = 0; i < a.nsys; i++) {
        *ids += a.sys[i].ids;
        for (int k = 0; k < SAF_COUNT; k++)
            counts[k] += a.sys[i].counts[k];
    }
    for (int k = 0; k < SAF_COUNT; k++)
        counts[k] += lg[k];
    free(a.sys);
    sa_matcher_free(&m);
    return s;
}

/* The systems the reader may see, each with its latest snapshot (or none yet). */
static Status systems_list(Ctx *ctx, const AcrossArg *a, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT s.id, s.code, s.name, (SELECT imported_at FROM sysaccount_snapshots"
                          "  WHERE system_id = s.id ORDER BY id DESC LIMIT 1)"
                          " FROM systems_v s WHERE s.active = 1 ORDER BY s.code",
                          e);
    if (!st)
        return e->status;
    *out = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        int64_t id = stmt_int(st, 0);
        if (!a->all && !sa_scope_has(a->mine, a->nmine, id))
            continue;
        size_t zero[SAF_COUNT] = {0};
        const size_t *counts = zero;
        size_t nids = 0;
        for (size_t i = 0; i < a->nsys; i++)
            if (a->sys[i].id == id) {
                counts = a->sys[i].counts;
                nids = a->sys[i].ids;
            }
        json_array_append_new(*out, json_pack("{sI ss ss so sI so}", "id", (json_int_t)id, "code", stmt_text(st, 1),
                                              "name", stmt_text(st, 2), "snapshot_at",
                                              stmt_is_null(st, 3) ? json_null() : json_string(stmt_text(st, 3)),
                                              "id_count", (json_int_t)nids, "counts", counts_json(counts)));
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

Status sysaccounts_findings(Ctx *ctx, size_t limit, json_t **out, Err *e)
{
    *out = NULL;
    AcrossArg a = {.limit = limit};
    int64_t *mine = NULL;
    Status s = sa_reader_scope(ctx, &a.all, &mine, &a.nmine, e);
    a.mine = mine;
    SaMatcher m;
    if (s != ST_OK || (s = sa_matcher_load(ctx, &m, e)) != ST_OK) {
        free(mine);
        return s;
    }
    a.items = json_array();
    s = sa_each_id(ctx, &m, 0, across_one, &a, e);
    json_t *systems = NULL;
    if (s == ST_OK)
        s = systems_list(ctx, &a, &systems, e);
    size_t lg[SAF_COUNT] = {0};
    if (s == ST_OK && a.all) { /* lgsec's own accounts: for the overseers, who manage it */
        size_t n = 0;
        s = sa_lgsec_ids(ctx, &m, NULL, lg, &n, e);
        if (s == ST_OK) {
            json_array_insert_new(systems, 0,
                                  json_pack("{sI ss ss sn sI so}", "id", (json_int_t)0, "code", lgsec_code, "name",
                                            "lgsec(この管理システム)", "snapshot_at", "id_count", (json_int_t)n,
                                            "counts", counts_json(lg)));
        }
    }
    if (s == ST_OK) {
        size_t totals[SAF_COUNT] = {0};
        for (size_t i = 0; i < a.nsys; i++)
            for (int k = 0; k < SAF_COUNT; k++)
                totals[k] += a.sys[i].counts[k];
        for (int k = 0; k < SAF_COUNT; k++)
            totals[k] += lg[k];
        *out = json_pack("{si so so so sb}", "unused_days", m.unused_days, "totals", counts_json(totals), "systems",
                         systems, "items", a.items, "truncated", json_array_size(a.items) >= limit);
        systems = NULL;
        a.items = NULL;
    }
    json_decref(systems);
    json_decref(a.items);
    free(a.sys);
    free(mine);
    sa_matcher_free(&m);
    return s;
}
