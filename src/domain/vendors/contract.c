/* contract: 委託契約 — the term, the scope, the 情報セキュリティ管理者 responsible, the systems and
 * assets it touches, the 第137条 clause checklist and its approval through the requests engine: a
 * contract is submitted only when every clause of vendors.yaml is in it or covered by an approved
 * 例外措置 naming the clause's article; the clauses cannot change while it is under review or approved. */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "domain/requests/requests.h"
#include "domain/vendors/vendors.h"
#include "domain/vendors/vendors_internal.h"
#include "entities/vendor_entity.h"
#include "policy/pack.h"

Status contract_load(Ctx *ctx, int64_t id, ContractRow *c, Err *e)
{
    memset(c, 0, sizeof *c);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT c.id, c.vendor_id, c.manager_person_id, coalesce(c.request_id, 0), c.starts_on, c.ends_on,"
                          " c.title, coalesce(r.state, ''), c.ended_at IS NOT NULL"
                          " FROM vendor_contracts c LEFT JOIN requests_v r ON r.id = c.request_id WHERE c.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        c->id = stmt_int(st, 0);
        c->vendor_id = stmt_int(st, 1);
        c->manager_person_id = stmt_int(st, 2);
        c->request_id = stmt_int(st, 3);
        snprintf(c->starts_on, sizeof c->starts_on, "%s", stmt_text(st, 4));
        snprintf(c->ends_on, sizeof c->ends_on, "%s", stmt_text(st, 5));
        snprintf(c->title, sizeof c->title, "%s", stmt_text(st, 6));
        snprintf(c->request_state, sizeof c->request_state, "%s", stmt_text(st, 7));
        c->ended = stmt_int(st, 8) != 0;
    }
    stmt_finalize(st);
    if (s == ST_OK && !row)
        return err_set(e, ST_NOTFOUND, "contract_not_found", NULL, "委託契約が見つかりません", "contract not found");
    return s;
}

const char *contract_state(const ContractRow *c)
{
    const char *r = c->request_state;
    if (c->ended)
        return "ended";
    if (strcmp(r, "submitted") == 0)
        return "under_review";
    if (strcmp(r, "approved") == 0 || strcmp(r, "completed") == 0 || strcmp(r, "expired") == 0)
        return "approved";
    if (strcmp(r, "returned") == 0 || strcmp(r, "rejected") == 0)
        return r;
    return "draft";
}

/* The length of the citation separator at p (as the requests engine reads an articles field). */
static size_t sep_len(const char *p)
{
    static const char *const seps[] = {"、", "，", "・", ",", " ", "　", "\n", NULL};
    for (int k = 0; seps[k]; k++)
        if (strncmp(p, seps[k], strlen(seps[k])) == 0)
            return strlen(seps[k]);
    return 0;
}

/* Whether the citation list names article or the bare article it belongs to (第137条(9) → 第137条). */
static bool provisions_name(const char *list, const char *article)
{
    char bare[64];
    snprintf(bare, sizeof bare, "%s", article);
    char *jo = strstr(bare, "条");
    if (jo)
        jo[strlen("条")] = '\0';
    const char *p = list;
    while (p && *p) {
        size_t skip = sep_len(p);
        if (skip) {
            p += skip;
            continue;
        }
        const char *end = p;
        while (*end && !sep_len(end))
            end++;
        size_t n = (size_t)(end - p);
        if ((n == strlen(article) && strncmp(p, article, n) == 0) || (n == strlen(bare) && strncmp(p, bare, n) == 0))
            return true;
        p = end;
    }
    return false;
}

Status exception_covers(Ctx *ctx, int64_t rid, const char *article, bool *in_force, Err *e)
{
    *in_force = false;
    char now[21], today[11];
    vendors_now(ctx, now, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT type, coalesce(json_extract(fields, '$.provisions'), '') FROM requests_v"
                          " WHERE id = ? AND state = 'approved' AND (valid_until IS NULL OR valid_until >= ?)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, rid);
    stmt_bind_text(st, 2, today);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        const PackRequestType *t = pack_request_type(ctx->pack, stmt_text(st, 0));
        *in_force = t && t->kind && strcmp(t->kind, "exception") == 0 && provisions_name(stmt_text(st, 1), article);
    }
    stmt_finalize(st);
    return s;
}

Status contract_missing(Ctx *ctx, int64_t id, json_t **missing, Err *e)
{
    *missing = json_array();
    const PackVendors *v = &ctx->pack->vendors;
    Status s = ST_OK;
    for (size_t i = 0; i < v->n_clauses && s == ST_OK; i++) {
        const PackVendorClause *cl = &v->clauses[i];
        Stmt *st = db_prepare(ctx->db,
                              "SELECT included, coalesce(exception_request_id, 0) FROM vendor_contract_clauses"
                              " WHERE contract_id = ? AND clause_id = ?",
                              e);
        if (!st) {
            s = e->status;
            break;
        }
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, cl->id);
        bool row = false, ok = false;
        int64_t rid = 0;
        s = stmt_step_row(st, &row, e);
        if (s == ST_OK && row) {
            ok = stmt_int(st, 0) != 0;
            rid = stmt_int(st, 1);
        }
        stmt_finalize(st);
        if (s == ST_OK && !ok && rid)
            s = exception_covers(ctx, rid, cl->article, &ok, e);
        if (s == ST_OK && !ok)
            json_array_append_new(*missing, json_pack("{s:s, s:s, s:s, s:s}", "id", cl->id, "label", cl->label,
                                                      "label_en", cl->label_en, "article", cl->article));
    }
    if (s != ST_OK) {
        json_decref(*missing);
        *missing = NULL;
    }
    return s;
}

/* *ok: person_id is active today and holds section_security_manager or system_manager. */
Status contract_manager_valid(Ctx *ctx, int64_t person_id, bool *ok, Err *e)
{
    char now[21], today[11];
    vendors_now(ctx, now, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM people_v p WHERE p.id = ?1 AND p.active_from <= ?2"
                          " AND (p.active_until IS NULL OR p.active_until >= ?2) AND EXISTS (SELECT 1 FROM role_assignments_v r"
                          " WHERE r.person_id = p.id AND r.role IN ('section_security_manager', 'system_manager')"
                          " AND r.valid_from <= ?2 AND (r.valid_until IS NULL OR r.valid_until >= ?2))",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    stmt_bind_text(st, 2, today);
    Status s = stmt_step_row(st, ok, e);
    stmt_finalize(st);
    return s;
}

/* Checks and inserts the ids of in[key] (systems or assets) that exist in the owner's view. */
Status contract_link_objects(Ctx *ctx, int64_t id, const json_t *in, const char *key, Err *e)
{
    json_t *arr = json_object_get(in, key);
    if (!arr || json_is_null(arr))
        return ST_OK;
    bool sys = strcmp(key, "systems") == 0;
    const char *label = sys ? "情報システム" : "情報資産";
    if (!json_is_array(arr) || json_array_size(arr) > 500)
        return err_setf(e, ST_INVALID, "invalid_type", key, "%sは番号の配列(500件まで)で指定してください",
                        "%s must be an array of ids (at most 500)", label);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return err_setf(e, ST_INVALID, "invalid_type", key, "%sは番号の配列で指定してください",
                            "%s must be an array of ids", label);
        Stmt *st = db_prepare(ctx->db, sys ? "SELECT 1 FROM systems_v WHERE id = ?" : "SELECT 1 FROM assets_v WHERE id = ?", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, json_integer_value(v));
        bool row = false;
        Status s = stmt_step_row(st, &row, e);
        stmt_finalize(st);
        if (s != ST_OK)
            return s;
        if (!row)
            return err_setf(e, ST_NOTFOUND, sys ? "system_not_found" : "asset_not_found", key, "%s(番号 %lld)が見つかりません",
                            "%s %lld not found", label, (long long)json_integer_value(v));
        st = db_prepare(ctx->db, "INSERT OR IGNORE INTO vendor_contract_objects (contract_id, kind, object_id) VALUES (?, ?, ?)", e);
        if (!st)
            return e->status;
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, sys ? "system" : "asset");
        stmt_bind_int(st, 3, json_integer_value(v));
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        if (s != ST_OK)
            return s;
    }
    return ST_OK;
}

Status contract_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    Status s = vin_entity(&contract_entity, in, e);
    if (s != ST_OK)
        return s;
    int64_t vendor_id = json_integer_value(json_object_get(in, "vendor_id")),
            manager = json_integer_value(json_object_get(in, "manager_person_id"));
    const char *title = vin_str(in, "title"), *scope = vin_str(in, "scope"), *starts = vin_str(in, "starts_on"),
               *ends = vin_str(in, "ends_on");
    if (strcmp(ends, starts) < 0)
        return err_set(e, ST_INVALID, "invalid_period", "ends_on", "契約期間の終了日は開始日以降にしてください",
                       "the end of the term must not be before its start");
    json_t *vend = NULL;
    if ((s = vendor_get(ctx, vendor_id, &vend, e)) != ST_OK) {
        if (s == ST_NOTFOUND)
            snprintf(e->field, sizeof e->field, "vendor_id");
        return s;
    }
    json_decref(vend);
    bool ok = false;
    if ((s = contract_manager_valid(ctx, manager, &ok, e)) != ST_OK)
        return s;
    if (!ok)
        return err_set(e, ST_INVALID, "not_a_manager", "manager_person_id",
                       "責任者には現在の情報セキュリティ管理者又は情報システム管理者を指定してください",
                       "the person responsible must be a current information security manager or system manager");
    char now[21], today[11];
    vendors_now(ctx, now, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO vendor_contracts (vendor_id, title, scope, starts_on, ends_on, manager_person_id,"
                          " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, vendor_id);
    stmt_bind_text(st, 2, title);
    stmt_bind_text(st, 3, scope);
    stmt_bind_text(st, 4, starts);
    stmt_bind_text(st, 5, ends);
    stmt_bind_int(st, 6, manager);
    stmt_bind_int(st, 7, ctx->actor->person_id);
    stmt_bind_text(st, 8, now);
    stmt_bind_text(st, 9, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    if (s == ST_OK)
        s = contract_link_objects(ctx, id, in, "systems", e);
    if (s == ST_OK)
        s = contract_link_objects(ctx, id, in, "assets", e);
    if (s == ST_OK)
        s = contract_record(ctx, "vendor_contract.create", id, NULL, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return finish_tx(ctx, s, e);
}

static Status query_into(Ctx *ctx, json_t *obj, const char *key, const char *sql, int64_t id, const char *const *cols,
                         const char *types, Err *e)
{
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *arr = NULL;
    Status s = rows_array(st, cols, types, &arr, e);
    if (s == ST_OK)
        json_object_set_new(obj, key, arr);
    return s;
}

/* The clause checklist: every pack clause with what the contract records for it. */
static Status clause_list(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *items = json_array();
    const PackVendors *v = &ctx->pack->vendors;
    Status s = ST_OK;
    for (size_t i = 0; i < v->n_clauses && s == ST_OK; i++) {
        const PackVendorClause *cl = &v->clauses[i];
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:n, s:b}", "id", cl->id, "label", cl->label, "label_en",
                              cl->label_en, "article", cl->article, "included", 0, "location", "",
                              "exception_request_id", "covered", 0);
        Stmt *st = db_prepare(ctx->db,
                              "SELECT included, location, exception_request_id FROM vendor_contract_clauses"
                              " WHERE contract_id = ? AND clause_id = ?",
                              e);
        if (!st) {
            json_decref(o);
            s = e->status;
            break;
        }
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, cl->id);
        bool row = false, covered = false;
        int64_t rid = 0;
        s = stmt_step_row(st, &row, e);
        if (s == ST_OK && row) {
            json_object_set_new(o, "included", json_boolean(stmt_int(st, 0)));
            json_object_set_new(o, "location", json_string(stmt_text(st, 1)));
            if (!stmt_is_null(st, 2)) {
                rid = stmt_int(st, 2);
                json_object_set_new(o, "exception_request_id", json_integer(rid));
            }
        }
        stmt_finalize(st);
        if (s == ST_OK && rid)
            s = exception_covers(ctx, rid, cl->article, &covered, e);
        json_object_set_new(o, "covered", json_boolean(covered));
        json_object_set_new(o, "missing", json_boolean(!json_is_true(json_object_get(o, "included")) && !covered));
        json_array_append_new(items, o);
    }
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = items;
    return ST_OK;
}

Status contract_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    ContractRow c;
    Status s = contract_load(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    static const char *const cols[] = {"id", "vendor_id", "vendor_name", "title", "scope", "starts_on", "ends_on",
                                       "manager_person_id", "manager_name", "request_id", "created_at"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT c.id, c.vendor_id, v.name, c.title, c.scope, c.starts_on, c.ends_on, c.manager_person_id,"
                          " coalesce(p.name, ''), c.request_id, c.created_at FROM vendor_contracts c JOIN vendor_companies v ON v.id = c.vendor_id"
                          " LEFT JOIN people_v p ON p.id = c.manager_person_id WHERE c.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *o = NULL;
    if ((s = row_single(st, cols, "iisssssisIs", &o, e)) != ST_OK)
        return s == ST_NOTFOUND ? err_set(e, ST_NOTFOUND, "contract_not_found", NULL, "委託契約が見つかりません", "contract not found") : s;
    json_object_set_new(o, "state", json_string(contract_state(&c)));
    json_object_set_new(o, "request_state", c.request_state[0] ? json_string(c.request_state) : json_null());
    json_t *vendor = NULL, *clauses = NULL, *missing = NULL;
    s = vendor_get(ctx, c.vendor_id, &vendor, e);
    if (s == ST_OK) {
        json_object_del(vendor, "contract_list");
        json_object_set_new(o, "vendor", vendor);
        s = clause_list(ctx, id, &clauses, e);
    }
    if (s == ST_OK) {
        json_object_set_new(o, "clauses", clauses);
        s = contract_missing(ctx, id, &missing, e);
    }
    if (s == ST_OK)
        json_object_set_new(o, "missing", missing);
    static const char *const scols[] = {"id", "code", "name"};
    static const char *const acols[] = {"id", "asset_no", "name"};
    static const char *const subcols[] = {"id", "subcontractor", "corporate_number", "scope", "approved_on", "approved_by_name"};
    static const char *const stcols[] = {"id", "name", "role", "person_id", "pledged_on", "staff_no"};
    static const char *const chcols[] = {"id", "checked_on", "checked_items", "result", "actions", "checked_by_name"};
    static const char *const endcols[] = {"ended_on", "acceptance", "disposition", "certificate_sha256", "certificate_name",
                                          "certificate_size", "recorded_at"};
    if (s == ST_OK)
        s = query_into(ctx, o, "systems",
                       "SELECT s.id, s.code, s.name FROM vendor_contract_objects o JOIN systems_v s ON s.id = o.object_id"
                       " WHERE o.contract_id = ? AND o.kind = 'system' ORDER BY s.name",
                       id, scols, "iss", e);
    if (s == ST_OK)
        s = query_into(ctx, o, "assets",
                       "SELECT a.id, a.asset_no, a.name FROM vendor_contract_objects o JOIN assets_v a ON a.id = o.object_id"
                       " WHERE o.contract_id = ? AND o.kind = 'asset' ORDER BY a.asset_no",
                       id, acols, "iss", e);
    if (s == ST_OK)
        s = query_into(ctx, o, "subcontracts",
                       "SELECT x.id, x.subcontractor, x.corporate_number, x.scope, x.approved_on, coalesce(p.name, '')"
                       " FROM vendor_subcontracts x LEFT JOIN people_v p ON p.id = x.approved_by WHERE x.contract_id = ? ORDER BY x.id",
                       id, subcols, "isSsss", e);
    if (s == ST_OK)
        s = query_into(ctx, o, "staff",
                       "SELECT x.id, x.name, x.role, x.person_id, x.pledged_on, p.staff_no FROM vendor_staff x"
                       " LEFT JOIN people_v p ON p.id = x.person_id WHERE x.contract_id = ? ORDER BY x.id",
                       id, stcols, "issISS", e);
    if (s == ST_OK)
        s = contract_staff_training(ctx, o, e);
    if (s == ST_OK)
        s = query_into(ctx, o, "checks",
                       "SELECT x.id, x.checked_on, x.checked_items, x.result, x.actions, coalesce(p.name, '')"
                       " FROM vendor_checks x LEFT JOIN people_v p ON p.id = x.checked_by WHERE x.contract_id = ?"
                       " ORDER BY x.checked_on DESC, x.id DESC",
                       id, chcols, "isssss", e);
    if (s == ST_OK)
        s = query_into(ctx, o, "ending",
                       "SELECT ended_on, acceptance, disposition, certificate_sha256, certificate_name, certificate_size,"
                       " recorded_at FROM vendor_contract_endings WHERE contract_id = ?",
                       id, endcols, "sssssis", e);
    if (s != ST_OK) {
        json_decref(o);
        return s;
    }
    /* the ending is one row or none */
    json_t *end = json_object_get(o, "ending");
    json_object_set(o, "ending", json_array_size(end) ? json_array_get(end, 0) : json_null());
    /* the next periodic check (第138条): the last check (or the start) + the pack's interval */
    const char *last = json_string_value(json_object_get(json_array_get(json_object_get(o, "checks"), 0), "checked_on"));
    char due[11];
    date_add_days(last ? last : c.starts_on, ctx->pack->vendors.check_interval_days, due);
    bool active = strcmp(contract_state(&c), "approved") == 0;
    json_object_set_new(o, "next_check_due", active ? json_string(due) : json_null());
    *out = o;
    return ST_OK;
}

Status contracts_list(Ctx *ctx, json_t **out, Err *e)
{
    static const char *const cols[] = {"id", "vendor_id", "vendor_name", "title", "starts_on", "ends_on", "manager_name"};
    Stmt *st = db_prepare(ctx->db,
                          "SELECT c.id, c.vendor_id, v.name, c.title, c.starts_on, c.ends_on, coalesce(p.name, '')"
                          " FROM vendor_contracts c JOIN vendor_companies v ON v.id = c.vendor_id LEFT JOIN people_v p ON p.id = c.manager_person_id"
                          " ORDER BY c.ends_on DESC, c.id DESC LIMIT 2000",
                          e);
    if (!st)
        return e->status;
    json_t *items = NULL;
    Status s = rows_array(st, cols, "iisssss", &items, e);
    if (s != ST_OK)
        return s;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        ContractRow c;
        json_t *missing = NULL;
        int64_t cid = json_integer_value(json_object_get(it, "id"));
        if ((s = contract_load(ctx, cid, &c, e)) == ST_OK)
            s = contract_missing(ctx, cid, &missing, e);
        if (s != ST_OK) {
            json_decref(items);
            return s;
        }
        json_object_set_new(it, "state", json_string(contract_state(&c)));
        json_object_set_new(it, "missing_clauses", json_integer((json_int_t)json_array_size(missing)));
        json_decref(missing);
    }
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

static Status require_editable(const ContractRow *c, Err *e)
{
    const char *st = contract_state(c);
    if (strcmp(st, "under_review") == 0 || strcmp(st, "approved") == 0 || strcmp(st, "ended") == 0)
        return err_set(e, ST_CONFLICT, "contract_locked", NULL,
                       "審査中、承認済み又は終了した契約の契約項目は変更できません",
                       "the clauses of a contract under review, approved or ended cannot change");
    return ST_OK;
}

Status contract_clause_set(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    ContractRow c;
    Status s = contract_load(ctx, id, &c, e);
    if (s == ST_OK)
        s = require_editable(&c, e);
    if (s != ST_OK)
        return s;
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    const char *clause_id, *location;
    int64_t rid = 0;
    s = vin_text(in, "clause_id", "契約項目", 64, true, false, &clause_id, e);
    if (s == ST_OK)
        s = vin_text(in, "location", "契約書の該当箇所", 200, false, false, &location, e);
    if (s == ST_OK)
        s = vin_id(in, "exception_request_id", "例外措置の申請", false, &rid, e);
    if (s != ST_OK)
        return s;
    json_t *inc = json_object_get(in, "included");
    if (!json_is_boolean(inc))
        return err_set(e, ST_INVALID, "invalid_type", "included", "契約書への記載の有無 (true/false) を指定してください",
                       "included must be true or false");
    const PackVendorClause *cl = pack_vendor_clause(ctx->pack, clause_id);
    if (!cl)
        return err_set(e, ST_INVALID, "unknown_clause", "clause_id", "ポリシーパックにない契約項目です",
                       "the clause is not in the policy pack");
    if (rid) {
        bool covers = false;
        if ((s = exception_covers(ctx, rid, cl->article, &covers, e)) != ST_OK)
            return s;
        if (!covers)
            return err_setf(e, ST_INVALID, "exception_not_covering", "exception_request_id",
                            "申請 %lld は、%s を対象とする承認済みで有効な例外措置ではありません",
                            "request %lld is not an approved exception in force naming %s", (long long)rid, cl->article);
    }
    char now[21], today[11];
    vendors_now(ctx, now, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO vendor_contract_clauses (contract_id, clause_id, included, location, exception_request_id,"
                          " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (contract_id, clause_id) DO UPDATE SET"
                          " included = excluded.included, location = excluded.location,"
                          " exception_request_id = excluded.exception_request_id, recorded_by = excluded.recorded_by,"
                          " recorded_at = excluded.recorded_at",
                          e);
    if (!st)
        return finish_tx(ctx, e->status, e);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, clause_id);
    stmt_bind_int(st, 3, json_is_true(inc));
    stmt_bind_text(st, 4, location ? location : "");
    if (rid)
        stmt_bind_int(st, 5, rid);
    else
        stmt_bind_null(st, 5);
    stmt_bind_int(st, 6, ctx->actor->person_id);
    stmt_bind_text(st, 7, now);
    s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s == ST_OK) {
        json_t *after = NULL;
        s = contract_clause_plain(ctx, id, clause_id, &after, e);
        if (s == ST_OK)
            s = record_change(ctx, "vendor_contract.clause", "vendor_contract", id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

/* ENFORCES: 第137条 pack: requests.types.vendor_contract
 * 第137条の契約項目が契約書に記載されていないか、その項目を対象とする承認済みの例外措置がなければ、
 * 委託契約の承認を申請できない。 */
Status contract_submit(Ctx *ctx, int64_t id, int64_t *request_id, json_t **missing_out, Err *e)
{
    *missing_out = NULL;
    ContractRow c;
    Status s = contract_load(ctx, id, &c, e);
    if (s == ST_OK)
        s = require_editable(&c, e);
    if (s != ST_OK)
        return s;
    json_t *missing = NULL;
    if ((s = contract_missing(ctx, id, &missing, e)) != ST_OK)
        return s;
    if (json_array_size(missing) > 0) {
        Buf b = BUF_INIT;
        size_t i;
        json_t *m;
        json_array_foreach(missing, i, m) {
            if (i)
                buf_append(&b, "、", strlen("、"));
            const char *a = json_string_value(json_object_get(m, "article"));
            buf_append(&b, a, strlen(a));
        }
        err_setf(e, ST_CONFLICT, "clauses_missing", "clauses",
                 "契約項目が欠けています(%s)。契約書に追加するか、その項目を対象とする例外措置の承認を得てください",
                 "clauses are missing (%s): add them to the contract or have an exception approved for them", buf_str(&b));
        buf_free(&b);
        *missing_out = missing;
        return ST_CONFLICT;
    }
    json_decref(missing);
    char ref[32], clauses[128];
    snprintf(ref, sizeof ref, "%lld", (long long)id);
    snprintf(clauses, sizeof clauses, "%zu項目すべて記載又は例外措置で承認済み", ctx->pack->vendors.n_clauses);
    json_t *vend = NULL;
    if ((s = vendor_get(ctx, c.vendor_id, &vend, e)) != ST_OK)
        return s;
    json_t *fields = json_pack("{s:s, s:s, s:s, s:s}", "contract_ref", ref, "vendor",
                               json_string_value(json_object_get(vend, "name")), "contract_title", c.title, "clauses", clauses);
    json_decref(vend);
    if ((s = db_begin(ctx->db, e)) != ST_OK) {
        json_decref(fields);
        return s;
    }
    int64_t rid = 0;
    s = request_file(ctx, ctx->pack->vendors.approval_type, 0, fields, true, &rid, e);
    json_decref(fields);
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db, "UPDATE vendor_contracts SET request_id = ?, updated_at = ? WHERE id = ?", e);
        if (!st)
            s = e->status;
        else {
            char now[21], today[11];
            vendors_now(ctx, now, today);
            stmt_bind_int(st, 1, rid);
            stmt_bind_text(st, 2, now);
            stmt_bind_int(st, 3, id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        }
    }
    if (s == ST_OK)
        s = contract_record(ctx, "vendor_contract.submit", id, NULL, e);
    if (s == ST_OK && request_id)
        *request_id = rid;
    return finish_tx(ctx, s, e);
}
