/* rec_room: server rooms, the list of people allowed in, office hours and holidays (see rec_room.h). */
#include "domain/records/rec_room.h"

#include <stdio.h>
#include <string.h>

#include "policy/capability.h"
#include "domain/records/rec_common.h"
#include "entities/record_entity.h"
#include "domain/records/rec_room_internal.h"
#include "domain/kernel/kernel.h"

static const char *const room_cols[] = {"id", "name", "location", "door_code", "unit_id", "unit_name",
                                        "office_start", "office_end", "created_at", "updated_at", NULL};
#define ROOM_TYPES "isssisssss"
#define ROOM_SELECT                                                                                             \
    "SELECT r.id, r.name, r.location, coalesce(r.door_code, ''), r.unit_id, u.name, r.office_start, r.office_end," \
    " r.created_at, r.updated_at FROM server_rooms r JOIN org_units_v u ON u.id = r.unit_id"

Status room_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    return rec_row(ctx, ROOM_SELECT " WHERE r.id = ?", room_cols, ROOM_TYPES, id, "room_not_found",
                   "サーバー室が見つかりません", "server room not found", out, e);
}

Status room_for_keeper(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Status s = room_plain(ctx, id, out, e);
    bool may = false;
    if (s == ST_OK && (s = rec_may_keep_unit(ctx, json_integer_value(json_object_get(*out, "unit_id")), &may, e)) != ST_OK) {
        json_decref(*out);
        *out = NULL;
        return s;
    }
    if (s == ST_OK && !may) {
        json_decref(*out);
        *out = NULL;
        return rec_forbidden(e, "record_forbidden",
                             "このサーバー室の入退室管理簿を扱えるのは、管理する課室の職員と情報セキュリティ管理者です (第35条)",
                             "only the keeping section's staff and manager may use this room's book");
    }
    return s;
}

Status room_on_list(Ctx *ctx, int64_t room_id, int64_t person, const char *day, bool *on, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM server_room_access WHERE room_id = ? AND person_id = ? AND valid_from <= ?3"
                          " AND (valid_until IS NULL OR valid_until >= ?3)",
                          e);
    *on = false;
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, room_id);
    stmt_bind_int(st, 2, person);
    stmt_bind_text(st, 3, day);
    Status s = stmt_step_row(st, on, e);
    stmt_finalize(st);
    return s;
}

/* *found when the query (one parameter, bound as v) gives a row; a failed query is an error. */
static Status found_row(Ctx *ctx, const char *sql, const char *v, int64_t id, bool *found, Err *e)
{
    *found = false;
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    if (v)
        stmt_bind_text(st, 1, v);
    else
        stmt_bind_int(st, 1, id);
    Status s = stmt_step_row(st, found, e);
    stmt_finalize(st);
    return s;
}

Status rec_room_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e)
{
    const char *name, *location, *door, *start, *end;
    Status s = rec_text(in, &room_fields[ROOM_F_NAME], &name, e);
    if (s == ST_OK)
        s = rec_text(in, &room_fields[ROOM_F_LOCATION], &location, e);
    if (s == ST_OK)
        s = rec_text(in, &room_fields[ROOM_F_DOOR], &door, e);
    if (s == ST_OK)
        s = rec_text(in, &room_fields[ROOM_F_START], &start, e);
    if (s == ST_OK)
        s = rec_text(in, &room_fields[ROOM_F_END], &end, e);
    if (s != ST_OK)
        return s;
    if (!*start)
        start = "08:30";
    if (!*end)
        end = "17:15";
    if (strcmp(start, end) >= 0)
        return err_set(e, ST_INVALID, "invalid_office_hours", "office_start",
                       "執務時間は HH:MM で、開始を終了より前にしてください", "office hours must be HH:MM with start before end");
    json_t *u = json_object_get(in, "unit_id");
    int64_t unit = json_is_integer(u) ? json_integer_value(u) : 0;
    bool found = false;
    if (unit && (s = found_row(ctx, "SELECT 1 FROM org_units_v WHERE id = ?", NULL, unit, &found, e)) != ST_OK)
        return s;
    if (!found)
        return err_set(e, ST_INVALID, "unknown_unit", "unit_id", "管理する課室を指定してください",
                       "unit_id must name an existing unit");
    if ((s = rec_is_manager_of(ctx, unit, &found, e)) != ST_OK)
        return s;
    if (!found)
        return rec_forbidden(e, "record_forbidden",
                             "サーバー室を登録できるのは、その課室の情報セキュリティ管理者と統括情報セキュリティ責任者等です",
                             "only the section's security manager or holders of roles.manage may register a room");
    if ((s = found_row(ctx, "SELECT 1 FROM server_rooms WHERE name = ?", name, 0, &found, e)) != ST_OK)
        return s;
    if (found)
        return err_set(e, ST_CONFLICT, "duplicate_name", "name", "同じ名称のサーバー室があります",
                       "a room with this name exists");
    if (*door && (s = found_row(ctx, "SELECT 1 FROM server_rooms WHERE door_code = ?", door, 0, &found, e)) != ST_OK)
        return s;
    if (*door && found)
        return err_set(e, ST_CONFLICT, "duplicate_door", "door_code", "同じ扉コードのサーバー室があります",
                       "a room with this door code exists");
    char now[21];
    rec_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO server_rooms(name, location, door_code, unit_id, office_start, office_end,"
                          " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?7, ?7)",
                          e);
    int64_t id = 0;
    if (st) {
        stmt_bind_text(st, 1, name);
        stmt_bind_text(st, 2, location);
        rec_bind_opt(st, 3, door);
        stmt_bind_int(st, 4, unit);
        stmt_bind_text(st, 5, start);
        stmt_bind_text(st, 6, end);
        stmt_bind_text(st, 7, now);
        s = rec_insert(ctx, st, &id, e);
    } else {
        s = e->status;
    }
    return rec_created(ctx, s, id, room_plain, "server_room.create", "server_room", id_out, e);
}

Status rec_room_list(Ctx *ctx, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db, ROOM_SELECT " WHERE ?1 = ?1 ORDER BY r.name", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, 0);
    json_t *rows = NULL;
    Status s = rows_array(st, room_cols, ROOM_TYPES, &rows, e);
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o)
    {
        bool may = false;
        if ((s = rec_may_keep_unit(ctx, json_integer_value(json_object_get(o, "unit_id")), &may, e)) != ST_OK) {
            json_decref(rows);
            return s;
        }
        json_object_set_new(o, "can_keep", json_boolean(may));
        /* a person on the room's list records their own entries (rec_entry.c check_write) */
        bool listed = false;
        if (ctx->actor->person_id &&
            (s = room_on_list(ctx, json_integer_value(json_object_get(o, "id")), ctx->actor->person_id, today,
                              &listed, e)) != ST_OK) {
            json_decref(rows);
            return s;
        }
        json_object_set_new(o, "can_record_self", json_boolean(listed));
    }
    *out = json_pack("{s:o, s:s}", "items", rows, "article", "第35条");
    return ST_OK;
}

static const char *const access_cols[] = {"id", "person_id", "person_name", "staff_no", "card_no", "valid_from",
                                          "valid_until", "note", "current", NULL};

Status rec_room_get(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    json_t *room = NULL, *access = NULL;
    Status s = room_for_keeper(ctx, id, &room, e);
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT a.id, a.person_id, p.name, p.staff_no, a.card_no, a.valid_from, a.valid_until, a.note,"
                          " a.valid_from <= ?2 AND (a.valid_until IS NULL OR a.valid_until >= ?2)"
                          " FROM server_room_access a JOIN people_v p ON p.id = a.person_id WHERE a.room_id = ?1"
                          " ORDER BY p.kana, a.id",
                          e);
    if (!st) {
        json_decref(room);
        return e->status;
    }
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, today);
    if ((s = rows_array(st, access_cols, "iissSsSsb", &access, e)) != ST_OK) {
        json_decref(room);
        return s;
    }
    json_object_set_new(room, "access", access);
    bool can_grant = false;
    if ((s = rec_is_manager_of(ctx, json_integer_value(json_object_get(room, "unit_id")), &can_grant, e)) != ST_OK) {
        json_decref(room);
        return s;
    }
    json_object_set_new(room, "can_grant", json_boolean(can_grant));
    *out = room;
    return ST_OK;
}

/* ENFORCES: 第35条
 * サーバー室への入退室を許可できるのは、管理する課室の情報セキュリティ管理者等だけ。 */
Status rec_room_grant(Ctx *ctx, int64_t room_id, json_t *in, int64_t *id_out, Err *e)
{
    json_t *room = NULL;
    Status s = room_plain(ctx, room_id, &room, e);
    if (s != ST_OK)
        return s;
    int64_t unit = json_integer_value(json_object_get(room, "unit_id"));
    json_decref(room);
    bool manager = false;
    if ((s = rec_is_manager_of(ctx, unit, &manager, e)) != ST_OK)
        return s;
    if (!manager)
        return rec_forbidden(e, "record_forbidden",
                             "入退室を許可できるのは、サーバー室を管理する課室の情報セキュリティ管理者等です (第35条)",
                             "only the room section's security manager may allow people in");
    int64_t person;
    const char *card, *note, *from, *until;
    int y, m, d;
    s = rec_person(ctx, in, &access_fields[ACCESS_F_PERSON], &person, e);
    if (s == ST_OK)
        s = rec_text(in, &access_fields[ACCESS_F_CARD], &card, e);
    if (s == ST_OK)
        s = rec_text(in, &access_fields[ACCESS_F_NOTE], &note, e);
    if (s == ST_OK)
        s = rec_text(in, &access_fields[ACCESS_F_FROM], &from, e);
    if (s == ST_OK)
        s = rec_text(in, &access_fields[ACCESS_F_UNTIL], &until, e);
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    if (!*from)
        from = today;
    if (!date_parse(from, &y, &m, &d) || (*until && (!date_parse(until, &y, &m, &d) || strcmp(until, from) < 0)))
        return err_set(e, ST_INVALID, "invalid_date", "valid_until",
                       "許可の期間は YYYY-MM-DD で、終了日を開始日以降にしてください", "invalid validity period");
    char now[21];
    rec_now(ctx, now);
    if ((s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO server_room_access(room_id, person_id, card_no, valid_from, valid_until, note,"
                          " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          e);
    int64_t id = 0;
    if (st) {
        stmt_bind_int(st, 1, room_id);
        stmt_bind_int(st, 2, person);
        rec_bind_opt(st, 3, card);
        stmt_bind_text(st, 4, from);
        rec_bind_opt(st, 5, until);
        stmt_bind_text(st, 6, note);
        stmt_bind_text(st, 7, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        if (s == ST_CONFLICT)
            err_set(e, ST_CONFLICT, "duplicate_card", "card_no", "このカード番号は既に登録されています",
                    "this card number is already registered for the room");
        stmt_finalize(st);
        id = db_last_insert_id(ctx->db);
    } else {
        s = e->status;
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:I, s:s, s:s, s:s}", "room_id", (json_int_t)room_id, "person_id",
                                  (json_int_t)person, "card_no", card, "valid_from", from, "valid_until", until);
        s = record_change(ctx, "server_room.grant", "server_room_access", id, NULL, after, e);
        json_decref(after);
    }
    s = finish_tx(ctx, s, e);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

static Status manager_of_room(Ctx *ctx, int64_t room_id, json_t **room, Err *e)
{
    Status s = room_plain(ctx, room_id, room, e);
    bool manager = false;
    if (s == ST_OK)
        s = rec_is_manager_of(ctx, json_integer_value(json_object_get(*room, "unit_id")), &manager, e);
    if (s != ST_OK && *room) {
        json_decref(*room);
        *room = NULL;
    }
    if (s == ST_OK && !manager) {
        json_decref(*room);
        *room = NULL;
        s = rec_forbidden(e, "record_forbidden",
                          "サーバー室の設定と入退室の許可は、管理する課室の情報セキュリティ管理者等が行います (第35条)",
                          "only the room section's security manager may change the room or its list");
    }
    return s;
}

Status rec_room_update(Ctx *ctx, int64_t room_id, json_t *patch, Err *e)
{
    json_t *before = NULL, *after = NULL;
    Status s = manager_of_room(ctx, room_id, &before, e);
    if (s != ST_OK)
        return s;
    const char *location = "", *door = "", *start = "", *end = "";
    s = rec_text(patch, &room_fields[ROOM_F_LOCATION], &location, e);
    if (s == ST_OK)
        s = rec_text(patch, &room_fields[ROOM_F_DOOR], &door, e);
    if (s == ST_OK)
        s = rec_text(patch, &room_fields[ROOM_F_START], &start, e);
    if (s == ST_OK)
        s = rec_text(patch, &room_fields[ROOM_F_END], &end, e);
    if (s != ST_OK) {
        json_decref(before);
        return s;
    }
    const char *cur_door = json_string_value(json_object_get(before, "door_code"));
    if (!json_object_get(patch, "location"))
        location = json_string_value(json_object_get(before, "location"));
    if (!json_object_get(patch, "door_code"))
        door = cur_door;
    if (!*start)
        start = json_string_value(json_object_get(before, "office_start"));
    if (!*end)
        end = json_string_value(json_object_get(before, "office_end"));
    if (s == ST_OK && strcmp(start, end) >= 0)
        s = err_set(e, ST_INVALID, "invalid_office_hours", "office_start",
                    "執務時間は HH:MM で、開始を終了より前にしてください", "office hours must be HH:MM with start before end");
    bool door_taken = false;
    if (s == ST_OK && *door && strcmp(door, cur_door) != 0)
        s = found_row(ctx, "SELECT 1 FROM server_rooms WHERE door_code = ?", door, 0, &door_taken, e);
    if (s == ST_OK && door_taken)
        s = err_set(e, ST_CONFLICT, "duplicate_door", "door_code", "同じ扉コードのサーバー室があります",
                    "a room with this door code exists");
    if (s == ST_OK)
        s = db_begin(ctx->db, e);
    else {
        json_decref(before);
        return s;
    }
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db,
                              "UPDATE server_rooms SET location = ?, door_code = ?, office_start = ?, office_end = ?,"
                              " updated_at = ? WHERE id = ?",
                              e);
        if (st) {
            char now[21];
            rec_now(ctx, now);
            stmt_bind_text(st, 1, location);
            rec_bind_opt(st, 2, door);
            stmt_bind_text(st, 3, start);
            stmt_bind_text(st, 4, end);
            stmt_bind_text(st, 5, now);
            stmt_bind_int(st, 6, room_id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
        if (s == ST_OK && (s = room_plain(ctx, room_id, &after, e)) == ST_OK)
            s = record_change(ctx, "server_room.update", "server_room", room_id, before, after, e);
        s = finish_tx(ctx, s, e);
    }
    json_decref(before);
    json_decref(after);
    return s;
}

Status rec_room_revoke(Ctx *ctx, int64_t room_id, int64_t access_id, const char *valid_until, Err *e)
{
    json_t *room = NULL;
    Status s = manager_of_room(ctx, room_id, &room, e);
    json_decref(room);
    if (s != ST_OK)
        return s;
    char today[11];
    date_today(ctx->clock, today);
    const char *until = valid_until && *valid_until ? valid_until : today;
    json_t *v = json_string_nocheck(until);
    Status bad = entity_check_value(&access_fields[ACCESS_F_UNTIL], v, NULL, e);
    json_decref(v);
    if (bad != ST_OK)
        return bad;
    Stmt *st = db_prepare(ctx->db, "SELECT person_id, valid_from, valid_until FROM server_room_access WHERE id = ? AND room_id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, access_id);
    stmt_bind_int(st, 2, room_id);
    bool row = false;
    if ((s = stmt_step_row(st, &row, e)) != ST_OK || !row) {
        stmt_finalize(st);
        if (s != ST_OK)
            return s;
        return err_set(e, ST_NOTFOUND, "access_not_found", "id", "入退室の許可が見つかりません", "permission not found");
    }
    json_t *before = json_pack("{s:I, s:I, s:s, s:s?}", "room_id", (json_int_t)room_id, "person_id",
                               (json_int_t)stmt_int(st, 0), "valid_from", stmt_text(st, 1), "valid_until",
                               stmt_is_null(st, 2) ? NULL : stmt_text(st, 2));
    stmt_finalize(st);
    const char *from = json_string_value(json_object_get(before, "valid_from"));
    if (strcmp(until, from) < 0)
        s = err_set(e, ST_INVALID, "invalid_date", "valid_until", "終了日を開始日より前にはできません",
                    "valid_until is before valid_from");
    if (s == ST_OK && (s = db_begin(ctx->db, e)) == ST_OK) {
        st = db_prepare(ctx->db, "UPDATE server_room_access SET valid_until = ? WHERE id = ?", e);
        if (st) {
            stmt_bind_text(st, 1, until);
            stmt_bind_int(st, 2, access_id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
        json_t *after = json_deep_copy(before);
        json_object_set_new(after, "valid_until", json_string(until));
        if (s == ST_OK)
            s = record_change(ctx, "server_room.revoke", "server_room_access", access_id, before, after, e);
        json_decref(after);
        s = finish_tx(ctx, s, e);
    }
    json_decref(before);
    return s;
}

Status rec_outside_hours(Ctx *ctx, const char *start, const char *end, int64_t t, bool *outside, Err *e)
{
    *outside = true;
    int64_t local = t + 9 * 3600;
    int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int secs = (int)(local - days * 86400);
    int dow = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday (4); 0 = Sunday */
    if (dow == 0 || dow == 6)
        return ST_OK;
    char hhmm[16];
    snprintf(hhmm, sizeof hhmm, "%02d:%02d", secs / 3600, secs / 60 % 60);
    /* a minute that has begun after the end is outside: 17:15:30 counts as 17:15, 17:16 does not */
    if (strcmp(hhmm, start) < 0 || strcmp(hhmm, end) > 0)
        return ST_OK;
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    char date[32];
    snprintf(date, sizeof date, "%04d-%02d-%02d", y % 10000, m, d);
    return found_row(ctx, "SELECT 1 FROM holidays WHERE date = ?", date, 0, outside, e);
}

Status rec_holiday_set(Ctx *ctx, const char *date, const char *name, Err *e)
{
    if (!rec_sees_all(ctx))
        return rec_forbidden(e, "forbidden", "祝日・閉庁日を設定できるのは役割の管理権限を持つ人です",
                             "only holders of roles.manage may set holidays");
    json_t *in = json_pack("{s:s?, s:s?}", "date", date, "name", name);
    const char *nm;
    Status s = rec_text(in, &holiday_fields[HOLIDAY_F_DATE], &date, e); /* now points into in */
    if (s == ST_OK)
        s = rec_text(in, &holiday_fields[HOLIDAY_F_NAME], &nm, e);
    if (s != ST_OK) {
        json_decref(in);
        return s;
    }
    if ((s = db_begin(ctx->db, e)) == ST_OK) {
        Stmt *st = db_prepare(ctx->db,
                              *nm ? "INSERT INTO holidays(date, name) VALUES (?1, ?2) ON CONFLICT(date) DO UPDATE SET name = ?2"
                                  : "DELETE FROM holidays WHERE date = ?1 AND ?2 = ''",
                              e);
        if (st) {
            stmt_bind_text(st, 1, date);
            stmt_bind_text(st, 2, nm);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
        json_t *after = json_pack("{s:s, s:s}", "date", date, "name", nm);
        if (s == ST_OK)
            s = record_change(ctx, *nm ? "holiday.set" : "holiday.remove", "holiday", 0, NULL, after, e);
        json_decref(after);
        s = finish_tx(ctx, s, e);
    }
    json_decref(in);
    return s;
}

Status rec_holiday_list(Ctx *ctx, json_t **out, Err *e)
{
    static const char *const cols[] = {"date", "name", NULL};
    Stmt *st = db_prepare(ctx->db, "SELECT date, name FROM holidays WHERE ?1 = ?1 ORDER BY date", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, 0);
    json_t *rows = NULL;
    Status s = rows_array(st, cols, "ss", &rows, e);
    if (s == ST_OK)
        *out = json_pack("{s:o}", "items", rows);
    return s;
}

/* 祝日・閉庁日 as the trail records them (domain/kernel/state.h): keyed by date; holiday.set records
 * {date, name}, holiday.remove removes the day. */
static Status holiday_state(Ctx *ctx, const char *date, json_t **out, Err *e)
{
    static const char *const cols[] = {"date", "name", NULL};
    Stmt *st = db_prepare(ctx->db, "SELECT date, name FROM holidays WHERE date = ?", e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, date);
    Status s = row_single(st, cols, "ss", out, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "date", "その日は登録されていません", "no such holiday");
    return s;
}

static const char *const holiday_actions[] = {"holiday.set", NULL};
static const char *const holiday_removed[] = {"holiday.remove", NULL};
static const char *const holiday_key[] = {"date", NULL};
const StateKind holiday_state_kind = {
    .object_type = "holiday",
    .table = "holidays",
    .ids_sql = "SELECT date FROM holidays ORDER BY date",
    .full_actions = holiday_actions,
    .remove_actions = holiday_removed,
    .id_keys = holiday_key,
    .get_key = holiday_state,
};

/* サーバー室 as the trail records it, for reconciliation (domain/kernel/state.h): each of these entries'
 * "after" is room_plain of the row. */
static const char *const server_room_actions[] = {"server_room.create", "server_room.update", NULL};
const StateKind server_room_state_kind = {
    .object_type = "server_room",
    .table = "server_rooms",
    .ids_sql = "SELECT id FROM server_rooms ORDER BY id",
    .full_actions = server_room_actions,
    .ignored = NULL,
    .get = room_plain,
};

/* サーバー室への入室許可 as its entries record it: the empty card number and end date the form leaves
 * are recorded as "" and stored as NULL. */
static const char *const access_state_cols[] = {"id", "room_id", "person_id", "card_no", "valid_from", "valid_until", NULL};
static Status access_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, room_id, person_id, coalesce(card_no, ''), valid_from, coalesce(valid_until, '')"
                          " FROM server_room_access WHERE id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    return row_single(st, access_state_cols, "iiisss", out, e);
}

static const char *const access_actions[] = {"server_room.grant", "server_room.revoke", NULL};
const StateKind server_room_access_state_kind = {
    .object_type = "server_room_access",
    .table = "server_room_access",
    .ids_sql = "SELECT id FROM server_room_access ORDER BY id",
    .full_actions = access_actions,
    .ignored = NULL,
    .get = access_state,
};
