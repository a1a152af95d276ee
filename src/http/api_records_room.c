/* api_records_room: the サーバー室入退室管理簿 (第35条) and 搬入出記録 (第36条) over HTTP — rooms and
 * their list of people allowed in, entries with their flags, the card-reader CSV import (bad rows
 * answered together with their row numbers), and the holidays that count as outside office hours. */
#include <string.h>

#include "domain/records/records.h"
#include "http/api_records.h"
#include "http/input_entity.h"
#include "http/input.h"
#include "http/problem.h"

static Status path_id(Request *req, int64_t *id, const char *code, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, code, "id", "記録が見つかりません", "record not found");
    return ST_OK;
}

static Status reply(Response *res, Status s, int status, json_t *out)
{
    return s == ST_OK ? respond_json(res, status, out) : s;
}

/* A record made in one server room (入退室, 搬入出): the room from the path, then as api_rec_create. */
typedef Status (*RoomCreate)(Ctx *ctx, int64_t room, json_t *in, int64_t *id_out, Err *e);

static Status create_in_room(Request *req, Response *res, const Entity *ent, RoomCreate create, RecGet get, Err *e)
{
    int64_t room, id = 0;
    json_t *out = NULL;
    Status s = path_id(req, &room, "room_not_found", e);
    if (s == ST_OK)
        s = input_check_entity(req->json, ent, true, e);
    if (s == ST_OK)
        s = create(&req->ctx, room, req->json, &id, e);
    if (s == ST_OK)
        s = get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: GET /api/v1/records/server-rooms signed_in
 * サーバー室 (管理区域) の一覧 */
Status api_rec_rooms_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = rec_room_list(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/server-rooms signed_in changes_state
 * サーバー室の登録 (執務時間を含む) */
Status api_rec_rooms_create(Request *req, Response *res, Err *e)
{
    return api_rec_create(req, res, &room_entity, rec_room_create, rec_room_get, e);
}

/* ROUTE: GET /api/v1/records/server-rooms/{id} signed_in
 * サーバー室と入退室を許可された者の一覧 (第35条) */
Status api_rec_rooms_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "room_not_found", e);
    if (s == ST_OK)
        s = rec_room_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/server-rooms/{id}/access signed_in changes_state
 * 入退室の許可 (第35条) */
Status api_rec_rooms_grant(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "room_not_found", e);
    if (s == ST_OK)
        s = input_check_entity(req->json, &access_entity, true, e);
    if (s == ST_OK)
        s = rec_room_grant(&req->ctx, id, req->json, NULL, e);
    if (s == ST_OK)
        s = rec_room_get(&req->ctx, id, &out, e);
    return reply(res, s, 201, out);
}

/* ROUTE: PATCH /api/v1/records/server-rooms/{id} signed_in changes_state
 * サーバー室の変更 (場所・扉コード・執務時間) */
Status api_rec_rooms_update(Request *req, Response *res, Err *e)
{
    static const char *const fields[] = {"location", "door_code", "office_start", "office_end", NULL};
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "room_not_found", e);
    if (s == ST_OK)
        s = input_check_named(req->json, &room_entity, fields, NULL, e);
    if (s == ST_OK)
        s = rec_room_update(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = rec_room_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/server-rooms/{id}/access/{aid}/end signed_in changes_state
 * 入退室の許可の終了 */
Status api_rec_rooms_revoke(Request *req, Response *res, Err *e)
{
    static const char *const fields[] = {"valid_until", NULL};
    int64_t id, aid = 0;
    json_t *out = NULL;
    Status s = path_id(req, &id, "room_not_found", e);
    if (s == ST_OK && !parse_id(req->params[1], &aid))
        s = err_set(e, ST_NOTFOUND, "access_not_found", "id", "入退室の許可が見つかりません", "permission not found");
    if (s == ST_OK)
        s = input_check_named(req->json, &access_entity, fields, NULL, e);
    if (s == ST_OK)
        s = rec_room_revoke(&req->ctx, id, aid, in_str(req->json, "valid_until", ""), e);
    if (s == ST_OK)
        s = rec_room_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: GET /api/v1/records/server-rooms/{id}/entries signed_in
 * サーバー室入退室管理簿 (時間外・許可外の記録を表示, 第35条) */
Status api_rec_entries_list(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    const char *flagged = req_query(req, "flagged");
    Status s = path_id(req, &id, "room_not_found", e);
    if (s == ST_OK && flagged && *flagged && strcmp(flagged, "1") != 0 && strcmp(flagged, "true") != 0 &&
        strcmp(flagged, "0") != 0 && strcmp(flagged, "false") != 0)
        s = err_set(e, ST_INVALID, "invalid_parameter", "flagged", "flagged は true か false で指定してください",
                    "flagged must be true or false");
    if (s == ST_OK)
        s = rec_entry_list(&req->ctx, id, flagged && (strcmp(flagged, "1") == 0 || strcmp(flagged, "true") == 0),
                           req_query(req, "from"), req_query(req, "to"), &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/server-rooms/{id}/entries signed_in changes_state
 * 入退室の記録 (訪問者には付添いの職員, 第35条5) */
Status api_rec_entries_create(Request *req, Response *res, Err *e)
{
    return create_in_room(req, res, &entry_entity, rec_entry_create, rec_entry_get, e);
}

/* ROUTE: GET /api/v1/records/server-room-entries/{id} signed_in
 * 入退室の記録の詳細 */
Status api_rec_entries_get(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "entry_not_found", e);
    if (s == ST_OK)
        s = rec_entry_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/server-room-entries/{id}/exit signed_in changes_state
 * 退室の記録 */
Status api_rec_entries_exit(Request *req, Response *res, Err *e)
{
    static const char *const fields[] = {"time_out", NULL};
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "entry_not_found", e);
    if (s == ST_OK)
        s = input_check_named(req->json, &entry_entity, fields, NULL, e);
    if (s == ST_OK)
        s = rec_entry_exit(&req->ctx, id, req->json, e);
    if (s == ST_OK)
        s = rec_entry_get(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* The body is the CSV itself. Bad rows: 400 with the problem and every row's error in "errors". */
/* ROUTE: POST /api/v1/records/server-room-entries/import signed_in upload
 * カードリーダーの記録 (CSV) の取り込み (全件または0件) */
Status api_rec_entries_import(Request *req, Response *res, Err *e)
{
    json_t *report = NULL;
    Status s = rec_entries_import(&req->ctx, (const unsigned char *)req->body.data, req->body.len, &report, e);
    if (s == ST_INVALID && report) {
        json_t *p = problem_from_err(e);
        json_object_set(p, "errors", json_object_get(report, "errors"));
        json_decref(report);
        return respond_json(res, err_http(e), p);
    }
    return reply(res, s, 201, report);
}

/* ROUTE: GET /api/v1/records/server-rooms/{id}/moves signed_in
 * 機器等の搬入出記録 (第36条) */
Status api_rec_moves_list(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_id(req, &id, "room_not_found", e);
    if (s == ST_OK)
        s = rec_move_list(&req->ctx, id, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/server-rooms/{id}/moves signed_in changes_state
 * 機器等の搬入出の記録 (職員の立会い, 第36条) */
Status api_rec_moves_create(Request *req, Response *res, Err *e)
{
    return create_in_room(req, res, &move_entity, rec_move_create, rec_move_get, e);
}

/* ROUTE: GET /api/v1/records/holidays signed_in
 * 祝日・閉庁日 (執務時間外の判定に使う) */
Status api_rec_holidays_list(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = rec_holiday_list(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}

/* ROUTE: POST /api/v1/records/holidays roles.manage changes_state
 * 祝日・閉庁日の設定 (名称を空にすると削除) */
Status api_rec_holidays_set(Request *req, Response *res, Err *e)
{
    json_t *out = NULL;
    Status s = input_check_entity(req->json, &holiday_entity, true, e);
    if (s == ST_OK)
        s = rec_holiday_set(&req->ctx, in_str(req->json, "date", NULL), in_str(req->json, "name", ""), e);
    if (s == ST_OK)
        s = rec_holiday_list(&req->ctx, &out, e);
    return reply(res, s, 200, out);
}
