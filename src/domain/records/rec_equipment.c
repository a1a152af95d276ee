/* rec_equipment: 機器等の搬入出記録 (第36条), see rec_equipment.h. */
#include "domain/records/rec_equipment.h"

#include <string.h>

#include "domain/records/rec_common.h"
#include "entities/record_entity.h"
#include "domain/records/rec_room_internal.h"
#include "domain/kernel/kernel.h"

static const char *const move_cols[] = {"id", "room_id", "direction", "equipment", "carried_by", "moved_at",
                                        "witness_person_id", "witness_name", "impact_check", "system_id",
                                        "system_name", "notes", "recorded_by", "created_at", NULL};
#define MOVE_TYPES "iissssissISsIs"
#define MOVE_SELECT                                                                                            \
    "SELECT m.id, m.room_id, m.direction, m.equipment, m.carried_by, m.moved_at, m.witness_person_id, p.name,"  \
    " m.impact_check, m.system_id, s.name, m.notes, m.recorded_by, m.created_at FROM equipment_moves m"        \
    " JOIN people_v p ON p.id = m.witness_person_id LEFT JOIN systems_v s ON s.id = m.system_id"

Status rec_move_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *m = NULL, *room = NULL;
    Status s = rec_row(ctx, MOVE_SELECT " WHERE m.id = ?", move_cols, MOVE_TYPES, id, "move_not_found",
                       "搬入出の記録が見つかりません", "equipment move not found", &m, e);
    if (s == ST_OK)
        s = room_for_keeper(ctx, json_integer_value(json_object_get(m, "room_id")), &room, e);
    json_decref(room);
    if (s != ST_OK) {
        json_decref(m);
        return s;
    }
    *out = m;
    return ST_OK;
}

/* *staff when person is staff, not a contractor's; a failed query is an error. */
static Status is_staff(Ctx *ctx, int64_t person, bool *staff, Err *e)
{
    *staff = false;
    Stmt *st = db_prepare(ctx->db, "SELECT employment FROM people_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    *staff = row && strcmp(stmt_text(st, 0), "contractor") != 0;
    stmt_finalize(st);
    return s;
}

static Status system_exists(Ctx *ctx, int64_t id, bool *exists, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM systems_v WHERE id = ?", e);
    *exists = false;
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    Status s = stmt_step_row(st, exists, e);
    stmt_finalize(st);
    return s;
}

Status rec_move_create(Ctx *ctx, int64_t room_id, json_t *in, int64_t *id_out, Err *e)
{
    json_t *room = NULL;
    Status s = room_for_keeper(ctx, room_id, &room, e);
    json_decref(room);
    if (s != ST_OK)
        return s;
    const char *dir, *equipment, *carried_by, *impact, *notes;
    char moved_at[21];
    int64_t witness = 0, system = 0;
    s = rec_text(in, &move_fields[MOVE_F_DIRECTION], &dir, e);
    if (s == ST_OK)
        s = rec_text(in, &move_fields[MOVE_F_EQUIPMENT], &equipment, e);
    if (s == ST_OK)
        s = rec_text(in, &move_fields[MOVE_F_CARRIED_BY], &carried_by, e);
    if (s == ST_OK)
        s = rec_time(in, &move_fields[MOVE_F_MOVED_AT], moved_at, e);
    if (s == ST_OK)
        s = rec_person(ctx, in, &move_fields[MOVE_F_WITNESS], &witness, e);
    bool staff = false;
    if (s == ST_OK && (s = is_staff(ctx, witness, &staff, e)) == ST_OK && !staff)
        s = err_set(e, ST_INVALID, "witness_not_staff", "witness_person_id",
                    "搬入出には職員を立ち会わせてください。委託事業者の要員は立会人になれません (第36条(2))",
                    "the witness must be a member of staff, not a contractor (article 36(2))");
    if (s == ST_OK)
        s = rec_text(in, &move_fields[MOVE_F_IMPACT], &impact, e);
    if (s == ST_OK && strcmp(dir, "in") == 0 && !*impact)
        s = err_set(e, ST_INVALID, "impact_check_required", "impact_check",
                    "搬入では、既存の情報システムに与える影響の確認結果を記録してください (第36条(1))",
                    "a move in needs the check of its impact on the existing systems (article 36(1))");
    if (s == ST_OK)
        s = rec_text(in, &move_fields[MOVE_F_NOTES], &notes, e);
    json_t *sys = json_object_get(in, "system_id");
    if (s == ST_OK && sys && !json_is_null(sys)) {
        system = json_integer_value(sys);
        bool exists = false;
        if (json_is_integer(sys))
            s = system_exists(ctx, system, &exists, e);
        if (s == ST_OK && !exists)
            s = err_set(e, ST_INVALID, "unknown_system", "system_id", "情報システムが見つかりません",
                        "system not found");
    }
    if (s != ST_OK)
        return s;
    char now[21];
    rec_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO equipment_moves(room_id, direction, equipment, carried_by, moved_at,"
                          " witness_person_id, impact_check, system_id, notes, recorded_by, created_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          e);
    int64_t id = 0;
    if (st) {
        stmt_bind_int(st, 1, room_id);
        stmt_bind_text(st, 2, dir);
        stmt_bind_text(st, 3, equipment);
        stmt_bind_text(st, 4, carried_by);
        stmt_bind_text(st, 5, moved_at);
        stmt_bind_int(st, 6, witness);
        stmt_bind_text(st, 7, impact);
        rec_bind_opt_id(st, 8, system);
        stmt_bind_text(st, 9, notes);
        rec_bind_opt_id(st, 10, ctx->actor->person_id);
        stmt_bind_text(st, 11, now);
        s = rec_insert(ctx, st, &id, e);
    } else {
        s = e->status;
    }
    return rec_created(ctx, s, id, rec_move_get, "equipment_move.create", "equipment_move", id_out, e);
}

Status rec_move_list(Ctx *ctx, int64_t room_id, json_t **out, Err *e)
{
    json_t *room = NULL;
    Status s = room_for_keeper(ctx, room_id, &room, e);
    json_decref(room);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db, MOVE_SELECT " WHERE m.room_id = ? ORDER BY m.moved_at DESC, m.id DESC", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, room_id);
    json_t *rows = NULL;
    if ((s = rows_array(st, move_cols, MOVE_TYPES, &rows, e)) == ST_OK)
        *out = json_pack("{s:o, s:s}", "items", rows, "article", "第36条");
    return s;
}

/* 機器の搬入出 as the trail records it, for reconciliation (domain/kernel/state.h): each of these entries'
 * "after" is rec_move_get of the row. */
static const char *const equipment_move_actions[] = {"equipment_move.create", NULL};
const StateKind equipment_move_state_kind = {
    .object_type = "equipment_move",
    .table = "equipment_moves",
    .ids_sql = "SELECT id FROM equipment_moves ORDER BY id",
    .full_actions = equipment_move_actions,
    .ignored = NULL,
    .get = rec_move_get,
};
