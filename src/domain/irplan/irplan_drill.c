/* irplan_drill: drills (第52条, training's records with their participants, findings and follow-up
 * tasks) recorded against the version of the 緊急時対応計画 they exercised and, optionally, one
 * category's part of it (irplan.h). */
#include <string.h>

#include "domain/irplan/irplan.h"
#include "domain/irplan/irplan_internal.h"
#include "domain/training/training.h"
#include "policy/capability.h"
#include "policy/pack.h"

Status irplan_drill_link(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    if (!(ctx->actor->caps & (CAP_TRAINING_MANAGE | CAP_IRPLAN_EDIT)))
        return err_set(e, ST_FORBIDDEN, "forbidden", "", "訓練の記録は研修・訓練の担当とCSIRTが行います (第52条)",
                       "only training managers and the CSIRT record drills against the plan");
    if (!json_is_object(in))
        return err_set(e, ST_INVALID, "invalid_json", "", "JSONのオブジェクトを送ってください", "send a JSON object");
    const char *key;
    json_t *val;
    json_object_foreach(in, key, val) {
        if (strcmp(key, "drill_id") != 0 && strcmp(key, "category") != 0)
            return err_setf(e, ST_INVALID, "unknown_field", key, "「%s」という項目はありません", "unknown field %s", key);
    }
    json_t *d = json_object_get(in, "drill_id"), *c = json_object_get(in, "category");
    if (!json_is_integer(d) || json_integer_value(d) <= 0)
        return err_set(e, ST_INVALID, "invalid_type", "drill_id", "「訓練」はIDで指定してください", "drill_id must be an id");
    const PackIncidents *pi = &ctx->pack->incidents;
    const char *category = NULL;
    if (c && !json_is_null(c)) {
        category = json_string_value(c);
        if (!category || !pack_incident_choice(pi->categories, pi->n_categories, category))
            return err_set(e, ST_INVALID, "unknown_category", "category", "インシデントの分類がポリシーにありません",
                           "the category is not one of the pack's");
    }
    Status s = db_begin(ctx->db, e);
    if (s != ST_OK)
        return s;
    json_t *v = NULL, *drill = NULL;
    s = irplan_plain(ctx, id, &v, e);
    if (s == ST_OK && strcmp(json_string_value(json_object_get(v, "state")), "draft") == 0)
        s = err_set(e, ST_CONFLICT, "plan_not_approved", "version_id", "作成中の案には訓練を記録できません",
                    "a draft cannot have drills");
    if (s == ST_OK)
        s = training_drill_summary(ctx, json_integer_value(d), &drill, e);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db, "SELECT 1 FROM irplan_drills WHERE drill_id = ?", e) : NULL;
    if (st) {
        bool linked = false;
        stmt_bind_int(st, 1, json_integer_value(d));
        s = stmt_step_row(st, &linked, e);
        stmt_finalize(st);
        if (s == ST_OK && linked)
            s = err_set(e, ST_CONFLICT, "drill_already_linked", "drill_id", "この訓練は既に計画に記録されています",
                        "this drill is already recorded against the plan");
    } else if (s == ST_OK) {
        s = e->status;
    }
    char now[21];
    irplan_now(ctx, now);
    if (s == ST_OK) {
        st = db_prepare(ctx->db,
                        "INSERT INTO irplan_drills (drill_id, version_id, category, linked_by, linked_at)"
                        " VALUES (?, ?, ?, ?, ?)",
                        e);
        if (!st) {
            s = e->status;
        } else {
            stmt_bind_int(st, 1, json_integer_value(d));
            stmt_bind_int(st, 2, id);
            stmt_bind_text(st, 3, category);
            stmt_bind_int(st, 4, ctx->actor->person_id);
            stmt_bind_text(st, 5, now);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        }
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:I, s:o}", "drill_id", json_integer_value(d), "version_id", (json_int_t)id,
                                  "category", category ? json_string(category) : json_null());
        s = record_change(ctx, "irplan.drill", "irplan", id, NULL, after, e);
        json_decref(after);
    }
    json_decref(v);
    json_decref(drill);
    return finish_tx(ctx, s, e);
}

Status irplan_drills_json(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT drill_id, category, linked_at FROM irplan_drills WHERE version_id = ?"
                          " ORDER BY drill_id DESC",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    static const char *const cols[] = {"drill_id", "category", "linked_at", NULL};
    json_t *links = NULL;
    Status s = rows_array(st, cols, "iSs", &links, e);
    if (s != ST_OK)
        return s;
    const PackIncidents *pi = &ctx->pack->incidents;
    json_t *items = json_array();
    size_t i;
    json_t *l;
    json_array_foreach(links, i, l) {
        json_t *d = NULL;
        if ((s = training_drill_summary(ctx, json_integer_value(json_object_get(l, "drill_id")), &d, e)) != ST_OK)
            break;
        const char *cat = json_string_value(json_object_get(l, "category"));
        const PackIncidentChoice *c = cat ? pack_incident_choice(pi->categories, pi->n_categories, cat) : NULL;
        json_object_set(d, "category", json_object_get(l, "category"));
        json_object_set_new(d, "label", c ? json_string(c->label) : cat ? json_string(cat) : json_null());
        json_object_set(d, "linked_at", json_object_get(l, "linked_at"));
        json_array_append_new(items, d);
    }
    json_decref(links);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = items;
    return ST_OK;
}
