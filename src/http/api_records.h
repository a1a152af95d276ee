/* api_records: the records of issue 4 over HTTP (a ROUTE: declaration above each handler). Rights per record
 * are the domain's (src/domain/rec_*.h); routes need only a session, except holidays (roles.manage). */
#pragma once
#include "http/http.h"
#include "entities/record_entity.h"
#include "http/input.h"

/* The create handlers' shared shape: check the body's fields, create, answer 201 with the new record. */
typedef Status (*RecCreate)(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
typedef Status (*RecGet)(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status api_rec_create(Request *req, Response *res, const Entity *ent, RecCreate create, RecGet get, Err *e);
/* GET /api/v1/records/forms: the record forms and what the actor may record (api_records_forms.c). */
Status api_rec_forms(Request *req, Response *res, Err *e);
/* GET /api/v1/records/server-rooms/{id}/book.pdf|.xlsx?from&to: the 入退室管理簿 of a period. */
Status api_rec_book_pdf(Request *req, Response *res, Err *e);
Status api_rec_book_xlsx(Request *req, Response *res, Err *e);

/* 持ち出し・持ち込み (api_records.c) */
Status api_rec_takeouts(Request *req, Response *res, Err *e);
Status api_rec_bringins_list(Request *req, Response *res, Err *e);
Status api_rec_bringins_create(Request *req, Response *res, Err *e);
Status api_rec_bringins_out(Request *req, Response *res, Err *e);
/* 作業記録, 障害記録, ライセンス台帳 (api_records.c) */
Status api_rec_work_list(Request *req, Response *res, Err *e);
Status api_rec_work_create(Request *req, Response *res, Err *e);
Status api_rec_work_get(Request *req, Response *res, Err *e);
Status api_rec_work_confirm(Request *req, Response *res, Err *e);
Status api_rec_failures_list(Request *req, Response *res, Err *e);
Status api_rec_failures_create(Request *req, Response *res, Err *e);
Status api_rec_failures_get(Request *req, Response *res, Err *e);
Status api_rec_failures_update(Request *req, Response *res, Err *e);
Status api_rec_licenses_list(Request *req, Response *res, Err *e);
Status api_rec_licenses_create(Request *req, Response *res, Err *e);
/* サーバー室: rooms, access list, entries, card import, 搬入出, holidays (api_records_room.c) */
Status api_rec_rooms_list(Request *req, Response *res, Err *e);
Status api_rec_rooms_create(Request *req, Response *res, Err *e);
Status api_rec_rooms_get(Request *req, Response *res, Err *e);
Status api_rec_rooms_grant(Request *req, Response *res, Err *e);
Status api_rec_rooms_update(Request *req, Response *res, Err *e);
Status api_rec_rooms_revoke(Request *req, Response *res, Err *e);
Status api_rec_entries_list(Request *req, Response *res, Err *e);
Status api_rec_entries_create(Request *req, Response *res, Err *e);
Status api_rec_entries_get(Request *req, Response *res, Err *e);
Status api_rec_entries_exit(Request *req, Response *res, Err *e);
Status api_rec_entries_import(Request *req, Response *res, Err *e);
Status api_rec_moves_list(Request *req, Response *res, Err *e);
Status api_rec_moves_create(Request *req, Response *res, Err *e);
Status api_rec_holidays_list(Request *req, Response *res, Err *e);
Status api_rec_holidays_set(Request *req, Response *res, Err *e);
