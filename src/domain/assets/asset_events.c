/* asset_events: lifecycle records of information assets (第23条5–12) — 作成, 入手, 複製, 送信, 運搬,
 * 提供・公表, 保管先変更, 廃棄・リース返却 with 日時, 担当者 and 処理内容 (第23条12(2)). Events that
 * need the 情報セキュリティ管理者's permission (運搬・提供 of 機密性2以上: 第23条10(2), 11(2); 廃棄:
 * 第23条12(3)) are stored 許可待ち (approval_status pending) until the approval workflow of a later
 * issue sets approval_ref and the outcome. See assets.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/assets/assets.h"
#include "domain/assets/asset_internal.h"
#include "domain/kernel/kernel.h"

static const struct {
    const char *id, *label, *article;
} event_kinds[] = {
    {"create", "作成", "第23条5"},        {"obtain", "入手", "第23条6"},
    {"copy", "複製", "第23条3"},          {"transmit", "送信", "第23条9"},
    {"transport", "運搬", "第23条10"},    {"provide", "提供・公表", "第23条11"},
    {"move", "保管先変更", "第23条8"},    {"dispose", "廃棄・リース返却", "第23条12"},
};
#define N_KINDS (sizeof event_kinds / sizeof *event_kinds)

static int kind_index(const char *kind)
{
    for (size_t i = 0; kind && i < N_KINDS; i++)
        if (strcmp(kind, event_kinds[i].id) == 0)
            return (int)i;
    return -1;
}

static const char *approval_label(const char *status)
{
    return strcmp(status, "pending") == 0    ? "許可待ち"
           : strcmp(status, "approved") == 0 ? "許可済み"
           : strcmp(status, "rejected") == 0 ? "不許可"
                                             : "";
}

static const char *const event_cols[] = {"id", "asset_id", "kind", "occurred_at", "person_id", "person_name",
                                         "details", "encrypted", "approval_status", "approval_ref", "created_at",
                                         NULL};
#define EVENT_TYPES "iissIssSsSs"
#define EVENT_SELECT                                                                                    \
    "SELECT ev.id, ev.asset_id, ev.kind, ev.occurred_at, ev.person_id, coalesce(p.name, ''), ev.details," \
    " ev.encrypted, ev.approval_status, ev.approval_ref, ev.created_at FROM asset_events ev"             \
    " LEFT JOIN people_v p ON p.id = ev.person_id"

/* encrypted is 0/1/NULL: turn the text column into a JSON value. */
static void decorate(Stmt *st, json_t *ev)
{
    json_object_set_new(ev, "encrypted", stmt_is_null(st, 7) ? json_null() : json_boolean(stmt_int(st, 7)));
    json_object_set_new(ev, "created_at", json_string(stmt_text(st, 10)));
    int k = kind_index(json_string_value(json_object_get(ev, "kind")));
    json_object_set_new(ev, "kind_label", json_string(k >= 0 ? event_kinds[k].label : ""));
    json_object_set_new(ev, "article", json_string(k >= 0 ? event_kinds[k].article : ""));
    const char *ap = json_string_value(json_object_get(ev, "approval_status"));
    json_object_set_new(ev, "approval_label", json_string(approval_label(ap ? ap : "")));
    json_object_set_new(ev, "approval_ref", stmt_is_null(st, 9) ? json_null() : json_string(stmt_text(st, 9)));
}

Status asset_events_of(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, EVENT_SELECT " WHERE ev.asset_id = ? ORDER BY ev.occurred_at, ev.id", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    json_t *items = json_array();
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        json_t *ev = row_object(st, event_cols, EVENT_TYPES);
        decorate(st, ev);
        json_array_append_new(items, ev);
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK) {
        json_decref(items);
        return s;
    }
    *out = items;
    return ST_OK;
}

static Status event_get(Ctx *ctx, int64_t event_id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, EVENT_SELECT " WHERE ev.id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, event_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row) {
        *out = row_object(st, event_cols, EVENT_TYPES);
        decorate(st, *out);
    } else if (s == ST_OK) {
        s = err_setf(e, ST_NOTFOUND, "record_not_found", "", "情報資産の記録 (ID %lld) が見つかりません",
                     "asset event %lld not found", (long long)event_id);
    }
    stmt_finalize(st);
    return s;
}

Status asset_event_record(Ctx *ctx, int64_t event_id, const char *action, Err *e)
{
    json_t *after = NULL;
    Status s = event_get(ctx, event_id, &after, e);
    if (s != ST_OK)
        return s;
    /* row_id identifies the row for reconciliation (entries before it carry only "id") */
    json_object_set_new(after, "row_id", json_integer((json_int_t)event_id));
    s = record_change(ctx, action, "asset", json_integer_value(json_object_get(after, "asset_id")), NULL, after, e);
    json_decref(after);
    return s;
}

static Status person_exists(Ctx *ctx, int64_t id, bool *found, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM people_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = stmt_step_row(st, found, e);
    stmt_finalize(st);
    return s;
}

/* ENFORCES: 第23条10(2) pack: requests.types.asset_transport
 * 機密性2以上の運搬は、情報セキュリティ管理者の許可まで「許可待ち」として記録する。 */
/* ENFORCES: 第23条11(2) pack: requests.types.asset_provision
 * 機密性2以上の提供は、情報セキュリティ管理者の許可まで「許可待ち」として記録する。 */
/* ENFORCES: 第23条12(3) pack: requests.types.asset_disposal
 * 廃棄はすべて、情報セキュリティ管理者の許可まで「許可待ち」として記録する。 */
/* ENFORCES: 第23条12(2)
 * 取扱いの記録には担当者を、廃棄・リース返却では処理内容 (消去方法など) の記録を必須にする。 */
Status asset_add_event(Ctx *ctx, int64_t id, json_t *in, int64_t *event_id_out, Err *e)
{
    json_t *asset = NULL;
    Status s = asset_require_readable(ctx, id, "id", e);
    if (s == ST_OK)
        s = asset_get_plain(ctx, id, &asset, e);
    if (s != ST_OK)
        return s;
    const char *kind = json_string_value(json_object_get(in, "kind"));
    const char *occurred = json_string_value(json_object_get(in, "occurred_at"));
    const char *details = json_string_value(json_object_get(in, "details")) ?: "";
    json_t *pj = json_object_get(in, "person_id");
    json_t *enc = json_object_get(in, "encrypted");
    int64_t person = json_is_integer(pj) ? json_integer_value(pj) : ctx->actor->person_id;
    int k = kind_index(kind);
    int64_t when = clock_now(ctx->clock);
    bool may = false, found = false;
    if (json_string_value(json_object_get(asset, "disposed_at"))) {
        s = err_set(e, ST_CONFLICT, "asset_disposed", "", "廃棄済みの情報資産には記録を追加できません",
                    "the asset has been disposed of");
    } else if ((s = asset_may_edit(ctx, asset, &may, e)) != ST_OK) {
        /* the check could not be made: refused with its error */
    } else if (!may) {
        s = err_set(e, ST_FORBIDDEN, "asset_edit_forbidden", "",
                    "この情報資産の記録を追加できるのは所管課室の職員・情報セキュリティ管理者です",
                    "only the owning section's staff and manager may record events for this asset");
    } else if (k < 0) {
        s = err_set(e, ST_INVALID, "invalid_event_kind", "kind",
                    "記録の種類は 作成・入手・複製・送信・運搬・提供・保管先変更・廃棄 から選んでください",
                    "kind must be create, obtain, copy, transmit, transport, provide, move or dispose");
    } else if (occurred && *occurred && !time_parse_iso(occurred, &when)) {
        s = err_set(e, ST_INVALID, "invalid_date", "occurred_at",
                    "日時は YYYY-MM-DD または YYYY-MM-DDTHH:MM:SSZ で入力してください",
                    "occurred_at must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
    } else if (!person) {
        s = err_set(e, ST_INVALID, "required", "person_id", "担当者を選んでください (第23条12(2))",
                    "person_id is required");
    } else if ((s = person_exists(ctx, person, &found, e)) != ST_OK) {
        /* the check could not be made: refused with its error */
    } else if (!found) {
        s = err_setf(e, ST_INVALID, "unknown_person", "person_id", "職員 (ID %lld) が見つかりません",
                     "person %lld not found", (long long)person);
    } else if (!text_valid_chars(details, 4000, true)) {
        s = err_set(e, ST_INVALID, "invalid_text", "details", "処理内容は4000文字以内で入力してください",
                    "details must be at most 4000 characters of text");
    } else if (strcmp(kind, "dispose") == 0 && !*details) {
        s = err_set(e, ST_INVALID, "required", "details",
                    "廃棄・リース返却では処理内容 (消去方法など) を記録してください (第23条12(2))",
                    "details are required for a disposal");
    } else if (enc && !json_is_null(enc) && strcmp(kind, "transmit") != 0 && strcmp(kind, "transport") != 0) {
        s = err_set(e, ST_INVALID, "encrypted_not_applicable", "encrypted",
                    "暗号化の有無は送信・運搬のときだけ記録します", "encrypted applies to transmit and transport only");
    }
    if (s != ST_OK) {
        json_decref(asset);
        return s;
    }
    /* 第23条10(2), 11(2): 運搬・提供 of 自治体機密性2以上 (any level above the scale's lowest; an
     * unknown one counts as the strictest) and 第23条12(3): every 廃棄 need the manager's permission */
    const char *approval = "not_required";
    if (strcmp(kind, "dispose") == 0) {
        approval = "pending";
    } else if (strcmp(kind, "transport") == 0 || strcmp(kind, "provide") == 0) {
        const char *eff[3];
        bool unknown[3];
        if ((s = asset_effective(ctx, id, eff, unknown, e)) != ST_OK) {
            json_decref(asset);
            return s;
        }
        if (asset_level_above_lowest(ctx, "confidentiality", eff[0]))
            approval = "pending";
    }
    char at[21], now[21];
    time_iso_utc(when, at);
    time_iso_utc(clock_now(ctx->clock), now);
    if ((s = db_begin(ctx->db, e)) != ST_OK) {
        json_decref(asset);
        return s;
    }
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO asset_events(asset_id, kind, occurred_at, person_id, details, encrypted,"
                          " approval_status, approval_ref, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
                          e);
    if (st) {
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, event_kinds[k].id);
        stmt_bind_text(st, 3, at);
        stmt_bind_int(st, 4, person);
        stmt_bind_text(st, 5, details);
        if (json_is_boolean(enc))
            stmt_bind_int(st, 6, json_is_true(enc));
        else
            stmt_bind_null(st, 6);
        stmt_bind_text(st, 7, approval);
        stmt_bind_text(st, 8, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
    } else {
        s = e->status;
    }
    int64_t event_id = db_last_insert_id(ctx->db);
    if (s == ST_OK && strcmp(kind, "dispose") == 0) {
        /* the asset leaves the register's working set; its 許可 is still pending (許可待ち) */
        st = db_prepare(ctx->db, "UPDATE assets SET disposed_at = ?, updated_at = ? WHERE id = ?", e);
        if (st) {
            stmt_bind_text(st, 1, at);
            stmt_bind_text(st, 2, now);
            stmt_bind_int(st, 3, id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
    }
    if (s == ST_OK)
        s = asset_event_record(ctx, event_id, strcmp(kind, "dispose") == 0 ? "asset.dispose" : "asset.event", e);
    json_decref(asset);
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && event_id_out)
        *event_id_out = event_id;
    return s;
}
