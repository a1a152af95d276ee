/* audit_vendor: the 委託事業者 and contract of an audit of a contractor (第157条), picked from the
 * vendors register through its published views (vendor_companies_v, vendor_contracts_v). */
#include <stdio.h>

#include "domain/evaluation/audit_internal.h"

/* The id at key of body: *id 0 when absent or null; ST_INVALID (code, key) when not a positive integer. */
static Status id_at(const json_t *body, const char *key, const char *code, const char *ja, const char *en, int64_t *id,
                    Err *e)
{
    json_t *v = json_object_get(body, key);
    *id = 0;
    if (!v || json_is_null(v))
        return ST_OK;
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return err_set(e, ST_INVALID, code, key, ja, en);
    *id = json_integer_value(v);
    return ST_OK;
}

Status audit_vendor_pick(Ctx *ctx, const json_t *body, AuditVendor *out, Err *e)
{
    *out = (AuditVendor){.vendor_id = 0, .contract_id = 0, .vendor_name = "", .contract_title = ""};
    static const char vja[] = "委託事業者は委託事業者台帳から選んでください (第157条)";
    static const char cja[] = "委託契約は、選んだ委託事業者の契約を委託契約台帳から選んでください (第157条)";
    /* names typed by hand are no longer taken: an audit of a contractor follows the register */
    if (json_object_get(body, "contractor") || json_object_get(body, "contract_ref"))
        return err_set(e, ST_INVALID, "unknown_field", json_object_get(body, "contractor") ? "contractor" : "contract_ref",
                       "委託事業者と委託契約は名称ではなく台帳から選んでください (vendor_id, contract_id)",
                       "pick the vendor and the contract from the register (vendor_id, contract_id)");
    Status s = id_at(body, "vendor_id", "unknown_vendor", vja, "vendor_id must be a vendor of the register", &out->vendor_id, e);
    if (s == ST_OK)
        s = id_at(body, "contract_id", "unknown_contract", cja, "contract_id must be a contract of the vendor", &out->contract_id, e);
    if (s != ST_OK)
        return s;
    if (!out->vendor_id && !out->contract_id)
        return ST_OK;
    if (!out->contract_id) /* the audit follows a contract (第157条: 契約に基づく監査); say which */
        return err_set(e, ST_INVALID, "required", "contract_id", "委託事業者の監査では委託契約を選んでください (第157条)",
                       "an audit of a contractor names the contract");
    if (!out->vendor_id)
        return err_set(e, ST_INVALID, "required", "vendor_id", "委託契約を選んだときは委託事業者も選んでください",
                       "a contract needs its vendor");
    Stmt *st = db_prepare(ctx->db, "SELECT name FROM vendor_companies_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, out->vendor_id);
    bool row = false;
    if ((s = stmt_step_row(st, &row, e)) == ST_OK && row)
        snprintf(out->vendor_name, sizeof out->vendor_name, "%s", stmt_text(st, 0));
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return err_set(e, ST_INVALID, "unknown_vendor", "vendor_id", vja, "vendor_id must be a vendor of the register");
    if (!(st = db_prepare(ctx->db, "SELECT title FROM vendor_contracts_v WHERE id = ? AND vendor_id = ?", e)))
        return e->status;
    stmt_bind_int(st, 1, out->contract_id);
    stmt_bind_int(st, 2, out->vendor_id);
    if ((s = stmt_step_row(st, &row, e)) == ST_OK && row)
        snprintf(out->contract_title, sizeof out->contract_title, "%s", stmt_text(st, 0));
    stmt_finalize(st);
    if (s != ST_OK)
        return s;
    if (!row)
        return err_set(e, ST_INVALID, "unknown_contract", "contract_id", cja, "contract_id must be a contract of the vendor");
    return ST_OK;
}

Status audit_vendor_attach(Ctx *ctx, int64_t audit_id, json_t *a, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT v.id, v.name, v.corporate_number, c.id, c.title, c.starts_on, c.ends_on FROM audits a"
                          " JOIN vendor_companies_v v ON v.id = a.vendor_id JOIN vendor_contracts_v c ON c.id = a.contract_id"
                          " WHERE a.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, audit_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row) {
        json_object_set_new(a, "vendor", json_pack("{s:I, s:s, s:s?}", "id", (json_int_t)stmt_int(st, 0), "name",
                                                   stmt_text(st, 1), "corporate_number", stmt_is_null(st, 2) ? NULL : stmt_text(st, 2)));
        json_object_set_new(a, "contract", json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)stmt_int(st, 3), "title",
                                                     stmt_text(st, 4), "starts_on", stmt_text(st, 5), "ends_on", stmt_text(st, 6)));
    }
    stmt_finalize(st);
    return s;
}

Status audit_contractors(Ctx *ctx, json_t **out, Err *e)
{
    bool lead = false;
    Status s = audit_is_lead(ctx, &lead, e);
    if (s != ST_OK)
        return s;
    if (!lead)
        return err_set(e, ST_FORBIDDEN, "forbidden", NULL, "監査を計画できるのは情報セキュリティ監査統括責任者です (第154条)",
                       "only the audit lead plans audits (art. 154)");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT v.id, v.name, v.corporate_number, c.id, c.title, c.starts_on, c.ends_on FROM vendor_companies_v v"
                          " JOIN vendor_contracts_v c ON c.vendor_id = v.id ORDER BY v.name, v.id, c.starts_on DESC, c.id",
                          e);
    if (!st)
        return e->status;
    json_t *items = json_array(), *cur = NULL;
    bool row = false;
    while ((s = stmt_step_row(st, &row, e)) == ST_OK && row) {
        int64_t vid = stmt_int(st, 0);
        if (!cur || json_integer_value(json_object_get(cur, "id")) != vid) {
            cur = json_pack("{s:I, s:s, s:s?, s:[]}", "id", (json_int_t)vid, "name", stmt_text(st, 1), "corporate_number",
                            stmt_is_null(st, 2) ? NULL : stmt_text(st, 2), "contracts");
            json_array_append_new(items, cur);
        }
        json_array_append_new(json_object_get(cur, "contracts"),
                              json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)stmt_int(st, 3), "title", stmt_text(st, 4),
                                        "starts_on", stmt_text(st, 5), "ends_on", stmt_text(st, 6)));
    }
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}
