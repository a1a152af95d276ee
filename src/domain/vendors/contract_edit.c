/* contract_edit: changing a contract. Before approval everything but the vendor may change. Once
 * approved, the approval decided the vendor, the title, the scope and the start (with the 第137条
 * clauses); what the contract then lives through without a new approval is a term extension, a new
 * responsible 管理者 (人事異動) and the systems and assets it touches (第138条(1): what is given to the
 * vendor follows the 委託判断基準, the 管理者's to keep current). Each such change is its own entry
 * (vendor_contract.amend) with the contract before and after. */
#include <string.h>

#include "domain/vendors/vendors.h"
#include "domain/vendors/vendors_internal.h"
#include "entities/vendor_entity.h"

/* What the approval fixed: these refuse a change of an approved contract. */
static const char *const fixed_by_approval[] = {"title", "scope", "starts_on", NULL};

static Status check_patch(Ctx *ctx, const ContractRow *c, bool approved, json_t *patch, Err *e)
{
    if (!json_is_object(patch))
        return err_set(e, ST_INVALID, "invalid_json", NULL, "JSON オブジェクトを送ってください", "send a JSON object");
    if (json_object_get(patch, "vendor_id"))
        return err_set(e, ST_INVALID, "vendor_immutable", "vendor_id",
                       "契約の委託事業者は変更できません。別の事業者との契約は新たに登録してください",
                       "the vendor of a contract cannot change: register a new contract");
    entity_blank_to_null(&contract_entity, patch);
    Status s = entity_check(&contract_entity, patch, false, NULL, e);
    if (s != ST_OK)
        return s;
    if (approved)
        for (const char *const *k = fixed_by_approval; *k; k++) {
            const EntityField *f = entity_field(&contract_entity, *k);
            if (json_object_get(patch, *k))
                return err_setf(e, ST_CONFLICT, "approval_needed", *k,
                                "承認済みの契約の「%s」は変更できません。変更するときは新たな契約として承認を受けてください",
                                "%s of an approved contract cannot change: a new contract needs approval", f->label_ja);
        }
    const char *starts = vin_str(patch, "starts_on"), *ends = vin_str(patch, "ends_on");
    if (!starts)
        starts = c->starts_on;
    if (approved && ends && strcmp(ends, c->ends_on) < 0)
        return err_set(e, ST_INVALID, "term_shortened", "ends_on",
                       "承認済みの契約の期間は延長だけができます。早く終えるときは契約の終了を記録してください",
                       "the term of an approved contract can only be extended: record the end to end it early");
    if (strcmp(ends ? ends : c->ends_on, starts) < 0)
        return err_set(e, ST_INVALID, "invalid_period", ends ? "ends_on" : "starts_on",
                       "契約期間の終了日は開始日以降にしてください", "the end of the term must not be before its start");
    json_t *m = json_object_get(patch, "manager_person_id");
    if (m) {
        bool ok = false;
        if ((s = contract_manager_valid(ctx, json_integer_value(m), &ok, e)) != ST_OK)
            return s;
        if (!ok)
            return err_set(e, ST_INVALID, "not_a_manager", "manager_person_id",
                           "責任者には現在の情報セキュリティ管理者又は情報システム管理者を指定してください",
                           "the person responsible must be a current information security manager or system manager");
    }
    return ST_OK;
}

/* One statement per column: the names come from this fixed list, never from the request. */
static const struct {
    const char *key, *sql;
    bool integer;
} columns[] = {
    {"title", "UPDATE vendor_contracts SET title = ?, updated_at = ? WHERE id = ?", false},
    {"scope", "UPDATE vendor_contracts SET scope = ?, updated_at = ? WHERE id = ?", false},
    {"starts_on", "UPDATE vendor_contracts SET starts_on = ?, updated_at = ? WHERE id = ?", false},
    {"ends_on", "UPDATE vendor_contracts SET ends_on = ?, updated_at = ? WHERE id = ?", false},
    {"manager_person_id", "UPDATE vendor_contracts SET manager_person_id = ?, updated_at = ? WHERE id = ?", true},
};

static Status set_column(Ctx *ctx, int64_t id, size_t i, const json_t *v, const char *now, Err *e)
{
    Stmt *st = db_prepare(ctx->db, columns[i].sql, e);
    if (!st)
        return e->status;
    if (columns[i].integer)
        stmt_bind_int(st, 1, json_integer_value(v));
    else
        stmt_bind_text(st, 1, json_string_value(v));
    stmt_bind_text(st, 2, now);
    stmt_bind_int(st, 3, id);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

/* Replaces the set of kind ("system" | "asset") with in[key] when it is given. */
static Status relink(Ctx *ctx, int64_t id, const json_t *in, const char *key, const char *kind, Err *e)
{
    if (!json_object_get(in, key))
        return ST_OK;
    Stmt *st = db_prepare(ctx->db, "DELETE FROM vendor_contract_objects WHERE contract_id = ? AND kind = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, kind);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s == ST_OK ? contract_link_objects(ctx, id, in, key, e) : s;
}

Status contract_update(Ctx *ctx, int64_t id, json_t *patch, Err *e)
{
    ContractRow c;
    Status s = contract_load(ctx, id, &c, e);
    if (s != ST_OK)
        return s;
    const char *state = contract_state(&c);
    if (strcmp(state, "ended") == 0)
        return err_set(e, ST_CONFLICT, "contract_ended", NULL, "この契約は終了しています", "the contract has ended");
    if (strcmp(state, "under_review") == 0)
        return err_set(e, ST_CONFLICT, "contract_locked", NULL, "審査中の契約は変更できません。差し戻されてから変更してください",
                       "a contract under review cannot change until it is returned");
    bool approved = strcmp(state, "approved") == 0;
    if ((s = check_patch(ctx, &c, approved, patch, e)) != ST_OK)
        return s;
    char now[21], today[11];
    vendors_now(ctx, now, today);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    json_t *before = NULL;
    s = contract_plain(ctx, id, &before, e);
    for (size_t i = 0; s == ST_OK && i < sizeof columns / sizeof *columns; i++) {
        json_t *v = json_object_get(patch, columns[i].key);
        if (v)
            s = set_column(ctx, id, i, v, now, e);
    }
    /* systems/assets are checked (each id in its owner's view) as they are linked */
    if (s == ST_OK)
        s = relink(ctx, id, patch, "systems", "system", e);
    if (s == ST_OK)
        s = relink(ctx, id, patch, "assets", "asset", e);
    if (s == ST_OK)
        s = contract_record(ctx, approved ? "vendor_contract.amend" : "vendor_contract.update", id, before, e);
    json_decref(before);
    return finish_tx(ctx, s, e);
}
