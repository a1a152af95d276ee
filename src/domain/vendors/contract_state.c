/* contract_state: 委託契約 and what hangs off them as the trail records them, for reconciling the
 * registers with the trail (domain/kernel/state.h). Every change of a contract (create, update,
 * amend, submit, end) records contract_plain: its columns with the systems and assets it touches
 * (vendor_contract_objects) and its ending (vendor_contract_endings), so a direct edit of either is
 * reported as that contract's column "systems", "assets" or "ending". A clause, a 再委託, a 要員 and a
 * check are recorded under their contract with the keys that identify the row (clause_id,
 * subcontract_id, staff_id, check_id) and the row's columns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/vendors/vendors.h"
#include "domain/vendors/vendors_internal.h"

static Status not_found(Err *e)
{
    return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
}

/* The ids of one kind of object the contract touches, ascending. */
static Status object_ids(Ctx *ctx, int64_t id, const char *kind, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT object_id FROM vendor_contract_objects WHERE contract_id = ? AND kind = ?"
                                   " ORDER BY object_id", e);
    if (!st) {
        *out = json_array();
        return e->status;
    }
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, kind);
    return rows_ids(st, out, e);
}

Status contract_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"vendor_id", "title", "scope", "starts_on", "ends_on", "manager_person_id",
                                       "request_id", "ended_at", NULL};
    json_t *o = NULL;
    Status s = row_by_id(ctx->db,
                         "SELECT vendor_id, title, scope, starts_on, ends_on, manager_person_id, request_id, ended_at"
                         " FROM vendor_contracts WHERE id = ?",
                         cols, "issssiIS", id, &o, e);
    if (s != ST_OK)
        return s;
    json_t *systems = NULL, *assets = NULL, *ending = NULL;
    s = object_ids(ctx, id, "system", &systems, e);
    json_object_set_new(o, "systems", systems);
    if (s == ST_OK) {
        s = object_ids(ctx, id, "asset", &assets, e);
        json_object_set_new(o, "assets", assets);
    }
    if (s == ST_OK) {
        static const char *const ecols[] = {"ended_on", "acceptance", "disposition", "certificate_sha256",
                                            "certificate_name", "certificate_size", NULL};
        s = row_by_id(ctx->db,
                      "SELECT ended_on, acceptance, disposition, certificate_sha256, certificate_name, certificate_size"
                      " FROM vendor_contract_endings WHERE contract_id = ?",
                      ecols, "sssssi", id, &ending, e);
        if (s == ST_NOTFOUND) {
            s = ST_OK;
            ending = json_null();
        }
        if (s == ST_OK)
            json_object_set_new(o, "ending", ending);
    }
    if (s != ST_OK) {
        json_decref(o);
        return s;
    }
    *out = o;
    return ST_OK;
}

Status contract_record(Ctx *ctx, const char *action, int64_t id, json_t *before, Err *e)
{
    json_t *after = NULL;
    Status s = contract_plain(ctx, id, &after, e);
    if (s == ST_OK)
        s = record_change(ctx, action, "vendor_contract", id, before, after, e);
    json_decref(after);
    return s;
}

static const char *const contract_actions[] = {"vendor_contract.create", "vendor_contract.update",
                                               "vendor_contract.amend",  "vendor_contract.submit",
                                               "vendor_contract.end",    NULL};
const StateKind vendor_contract_state_kind = {
    .object_type = "vendor_contract",
    .table = "vendor_contracts",
    .ids_sql = "SELECT id FROM vendor_contracts ORDER BY id",
    .full_actions = contract_actions,
    .get = contract_plain,
};

/* A clause's row, keyed "contract/clause". */
static Status clause_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    static const char *const cols[] = {"clause_id", "included", "location", "exception_request_id", NULL};
    long long contract = 0;
    int at = 0;
    if (sscanf(key, "%lld/%n", &contract, &at) != 1 || !at)
        return not_found(e);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT clause_id, included, location, exception_request_id FROM vendor_contract_clauses"
                          " WHERE contract_id = ? AND clause_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, contract);
    stmt_bind_text(st, 2, key + at);
    Status s = row_single(st, cols, "sbsI", out, e); /* both parameters bound */
    return s == ST_NOTFOUND ? not_found(e) : s;
}

Status contract_clause_plain(Ctx *ctx, int64_t contract_id, const char *clause_id, json_t **out, Err *e)
{
    char key[96];
    snprintf(key, sizeof key, "%lld/%s", (long long)contract_id, clause_id);
    return clause_state(ctx, key, out, e);
}

static const char *const clause_actions[] = {"vendor_contract.clause", NULL};
static const char *const clause_key[] = {"@object_id", "clause_id", NULL};
const StateKind vendor_clause_state_kind = {
    .object_type = "vendor_contract",
    .table = "vendor_contract_clauses",
    .ids_sql = "SELECT contract_id || '/' || clause_id FROM vendor_contract_clauses ORDER BY contract_id, clause_id",
    .full_actions = clause_actions,
    .id_keys = clause_key,
    .get_key = clause_state,
};

static Status subcontract_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"subcontract_id", "subcontractor", "corporate_number", "scope", "approved_on",
                                       "approved_by", NULL};
    return row_by_id(ctx->db,
                     "SELECT id, subcontractor, corporate_number, scope, approved_on, approved_by FROM vendor_subcontracts"
                     " WHERE id = ?",
                     cols, "isSssi", id, out, e);
}

static Status staff_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"staff_id", "name", "role", "person_id", "pledged_on", NULL};
    return row_by_id(ctx->db, "SELECT id, name, role, person_id, pledged_on FROM vendor_staff WHERE id = ?", cols, "issIS",
                     id, out, e);
}

static Status check_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"check_id", "checked_on", "checked_items", "result", "actions", "checked_by", NULL};
    return row_by_id(ctx->db,
                     "SELECT id, checked_on, checked_items, result, actions, checked_by FROM vendor_checks WHERE id = ?",
                     cols, "issssi", id, out, e);
}

Status contract_part_plain(Ctx *ctx, const char *table, int64_t id, json_t **out, Err *e)
{
    if (strcmp(table, "vendor_subcontracts") == 0)
        return subcontract_state(ctx, id, out, e);
    if (strcmp(table, "vendor_staff") == 0)
        return staff_state(ctx, id, out, e);
    return check_state(ctx, id, out, e);
}

static const char *const subcontract_actions[] = {"vendor_contract.subcontract", NULL};
static const char *const subcontract_key[] = {"subcontract_id", NULL};
const StateKind vendor_subcontract_state_kind = {
    .object_type = "vendor_contract",
    .table = "vendor_subcontracts",
    .ids_sql = "SELECT id FROM vendor_subcontracts ORDER BY id",
    .full_actions = subcontract_actions,
    .id_keys = subcontract_key,
    .get = subcontract_state,
};

static const char *const staff_actions[] = {"vendor_contract.staff", NULL};
static const char *const staff_key[] = {"staff_id", NULL};
const StateKind vendor_staff_state_kind = {
    .object_type = "vendor_contract",
    .table = "vendor_staff",
    .ids_sql = "SELECT id FROM vendor_staff ORDER BY id",
    .full_actions = staff_actions,
    .id_keys = staff_key,
    .get = staff_state,
};

static const char *const check_actions[] = {"vendor_contract.check", NULL};
static const char *const check_key[] = {"check_id", NULL};
const StateKind vendor_check_state_kind = {
    .object_type = "vendor_contract",
    .table = "vendor_checks",
    .ids_sql = "SELECT id FROM vendor_checks ORDER BY id",
    .full_actions = check_actions,
    .id_keys = check_key,
    .get = check_state,
};
