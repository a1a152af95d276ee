/* rec_common: what the record files (rec_*.c — 持ち出し・持ち込み, サーバー室, 搬入出, 作業, 障害,
 * ライセンス) share: who may keep a 課室's or a system's records, times as users type them, text
 * checks, and the one-transaction-with-its-trail-entry write. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"
#include "entities/entity.h"

/* The record's inputs are declared once (entities/record_entity.h); these read one declared field
 * f of in after entity_check_value, so the form, the API and a card-reader import refuse alike.
 * Absent or null (or "") → "" / 0, or the "required" refusal when f is EF_REQUIRED. */
/* A time (ET_DATETIME, see time_parse_local) into out as UTC ISO 8601. */
Status rec_time(json_t *in, const EntityField *f, char out[static 21], Err *e);
/* Text (ET_TEXT, a date or a time of day): *out points into in. */
Status rec_text(json_t *in, const EntityField *f, const char **out, Err *e);
/* The id of an active person (ET_REF to people). */
Status rec_person(Ctx *ctx, json_t *in, const EntityField *f, int64_t *out, Err *e);
/* The permission checks below answer in *may; a failed query is an error (the caller refuses with
 * it), never an answer. */
/* The 課室 rule of the registers: the unit's (or its 課室's) staff, its 情報セキュリティ管理者 and
 * holders of roles.manage (and the local operator). */
Status rec_may_keep_unit(Ctx *ctx, int64_t unit_id, bool *may, Err *e);
/* A system's records: its 情報システム管理者 and 情報システム担当者 (第17条, 第18条), roles.manage. */
Status rec_may_keep_system(Ctx *ctx, int64_t system_id, bool *may, Err *e);
/* *may when the actor is 情報セキュリティ管理者 over unit_id (or a unit above it) or holds
 * roles.manage (or is the local operator). */
Status rec_is_manager_of(Ctx *ctx, int64_t unit_id, bool *may, Err *e);
/* The unit of a person (0 when unknown). */
Status rec_unit_of(Ctx *ctx, int64_t person_id, int64_t *unit, Err *e);
/* "now" as UTC ISO 8601. */
void rec_now(Ctx *ctx, char out[static 21]);
/* Binds text or NULL when empty. */
void rec_bind_opt(Stmt *st, int index, const char *s);
/* Binds an id, or NULL when 0. */
void rec_bind_opt_id(Stmt *st, int index, int64_t id);
/* Steps an INSERT the caller prepared and bound, finalizes it, and gives the new row's id. */
Status rec_insert(Ctx *ctx, Stmt *st, int64_t *id, Err *e);
/* How a record file reads one row as the trail records it. */
typedef Status (*RecPlainFn)(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Ends a create inside its transaction: when s is ST_OK the new row (read by plain) becomes the trail
 * entry's after (action, object_type); then commits, or rolls back on any failure; *id_out (may be
 * NULL) gets id on success. */
Status rec_created(Ctx *ctx, Status s, int64_t id, RecPlainFn plain, const char *action, const char *object_type,
                   int64_t *id_out, Err *e);
/* Reads the row of table `table` with id through select_sql (one ? for the id) as cols/types into
 * *out; ST_NOTFOUND with code/ja/en when missing. */
Status rec_row(Ctx *ctx, const char *select_sql, const char *const *cols, const char *types, int64_t id,
               const char *code, const char *ja, const char *en, json_t **out, Err *e);
/* ST_FORBIDDEN code with messages. */
Status rec_forbidden(Err *e, const char *code, const char *ja, const char *en);
/* True for the local operator and holders of roles.manage: they see every 課室's records. */
bool rec_sees_all(const Ctx *ctx);
/* A CTE "managed(id)": the units the person ?1 answers for as 情報セキュリティ管理者 on day ?2 (and the
 * units below them). Bind ?1 = person, ?2 = today. */
#define REC_MANAGED_CTE                                                                                        \
    "WITH RECURSIVE managed(id) AS (SELECT scope_id FROM role_assignments_v WHERE person_id = ?1"              \
    " AND role = 'section_security_manager' AND scope_kind = 'unit' AND valid_from <= ?2"                    \
    " AND (valid_until IS NULL OR valid_until >= ?2)"                                                         \
    " UNION SELECT u.id FROM org_units_v u JOIN managed m ON u.parent_id = m.id) "
