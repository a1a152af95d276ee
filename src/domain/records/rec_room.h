/* rec_room: サーバー室入退室管理簿 (第35条) — server rooms (管理区域) kept by a 課室, the people
 * allowed in (入退室を許可された者), and the entries: time in/out, purpose, and for a visitor the
 * escorting 職員, who must be on the room's list (第35条5). An entry outside the room's office hours
 * (default 8:30–17:15 JST on weekdays that are not in the holidays table) must be covered by an
 * approved server_room_after_hours request (第35条3) naming the person (the requester, or their name
 * or 職員番号 in the request's persons), the room and the time; otherwise it is flagged. Flags are
 * computed when the book is read, so they follow the requests' state.
 *
 * Rights: rooms are created by the 情報セキュリティ管理者 of their 課室 (or roles.manage); the book is
 * read and written by that 課室's staff and manager and roles.manage; a person on the room's list
 * may record their own entries. Files: rec_room.c (rooms, list, hours), rec_entry.c (entries and
 * flags), rec_cardcsv.c (card-reader import). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* in: name, location, door_code, unit_id (required), office_start, office_end ("HH:MM"). */
Status rec_room_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* {"items":[room + "can_keep" (keeps the book) + "can_record_self" (on its list today)]}. New reference. */
Status rec_room_list(Ctx *ctx, json_t **out, Err *e);
/* The room with "access" (the list of people allowed in, current and past) — for its keepers. */
Status rec_room_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Adds a person to the room's list: in: person_id, card_no, valid_from (default today),
 * valid_until, note. By the room 課室's 情報セキュリティ管理者 (or roles.manage). */
Status rec_room_grant(Ctx *ctx, int64_t room_id, json_t *in, int64_t *id_out, Err *e);
/* Changes a room's location, door_code, office_start, office_end (any of them; the name and the
 * 課室 stay). By the room 課室's 情報セキュリティ管理者 (or roles.manage). */
Status rec_room_update(Ctx *ctx, int64_t room_id, json_t *patch, Err *e);
/* Ends a permission on valid_until (YYYY-MM-DD, default today; not before it began). Same rights. */
Status rec_room_revoke(Ctx *ctx, int64_t room_id, int64_t access_id, const char *valid_until, Err *e);
/* *outside when t (Unix seconds) falls outside the room's office hours: before start or after end
 * JST, on Saturday, Sunday or a day in the holidays table. start/end "HH:MM". A failed holiday
 * lookup is an error, never "a working day". */
Status rec_outside_hours(Ctx *ctx, const char *start, const char *end, int64_t t, bool *outside, Err *e);
/* in: person_id, or visitor_name (+ visitor_org) with escort_person_id (required, on the list);
 * purpose (required), time_in (required), time_out. */
Status rec_entry_create(Ctx *ctx, int64_t room_id, json_t *in, int64_t *id_out, Err *e);
/* Records the exit of an open entry: in: time_out (default now). */
Status rec_entry_exit(Ctx *ctx, int64_t entry_id, json_t *in, Err *e);
/* The book of a room: {"room", "items":[entry + "flags":[…], "after_hours_request_id"], "flagged":n}
 * newest first; only_flagged keeps flagged entries; from/to (YYYY-MM-DD, JST, inclusive; NULL or ""
 * = open) limit time_in. Flags: after_hours_unapproved, not_on_access_list. New reference. */
Status rec_entry_list(Ctx *ctx, int64_t room_id, bool only_flagged, const char *from, const char *to, json_t **out,
                      Err *e);
/* One entry with its flags. New reference. */
Status rec_entry_get(Ctx *ctx, int64_t entry_id, json_t **out, Err *e);
/* Imports a card reader's log (CSV, UTF-8 or CP932). Header row with the columns カード番号 or
 * 職員番号 (card / staff_no), 日時 (time: YYYY-MM-DD HH:MM[:SS] JST or ISO 8601 UTC), 方向
 * (direction: 入/出, 入室/退室, in/out), 扉 (door: the room's door_code or name). Rows are applied
 * in time order: 入 opens an entry, 出 closes the person's open entry in that room. All or nothing:
 * when any row is bad, nothing is written, ST_INVALID card_csv_invalid is returned and *report gets
 * {"errors":[{row, field, code, detail, detail_en}]}; on success *report is {"rows", "opened",
 * "closed"}. *report is a new reference in both cases (NULL on other failures). */
Status rec_entries_import(Ctx *ctx, const unsigned char *data, size_t len, json_t **report, Err *e);
/* 祝日・閉庁日 (holidays table): set or remove a day; roles.manage. {"items":[{date,name}]}. */
Status rec_holiday_set(Ctx *ctx, const char *date, const char *name, Err *e);
Status rec_holiday_list(Ctx *ctx, json_t **out, Err *e);

typedef enum RoomBookFormat { ROOM_BOOK_PDF, ROOM_BOOK_XLSX } RoomBookFormat;
/* The book of a room for a period, printable (rec_roombook.c): from and to (YYYY-MM-DD, JST days,
 * inclusive) are required, from <= to, at most 366 days apart; entries oldest first with 和暦 times,
 * the person or visitor, the escort, the purpose and the flags in words. As an A4 PDF (report/roombook.h)
 * or an XLSX sheet (registers/export.h). For the book's keepers. *data is malloc'd (caller frees). */
Status rec_room_book_export(Ctx *ctx, int64_t room_id, const char *from, const char *to, RoomBookFormat format,
                            unsigned char **data, size_t *len, Err *e);
