/* rec_entry: entries of the サーバー室入退室管理簿 and their flags (see rec_room.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/records/rec_common.h"
#include "entities/record_entity.h"
#include "domain/records/rec_room.h"
#include "domain/records/rec_room_internal.h"
#include "domain/kernel/kernel.h"

static const char *const entry_cols[] = {"id", "room_id", "person_id", "person_name", "staff_no", "visitor_name",
                                         "visitor_org", "escort_person_id", "escort_name", "purpose", "time_in",
                                         "time_out", "after_hours", "source", "recorded_by", "created_at",
                                         "updated_at", NULL};
#define ENTRY_TYPES "iiISSSsISssSbsIss"
#define ENTRY_SELECT                                                                                                  \
    "SELECT e.id, e.room_id, e.person_id, p.name, p.staff_no, e.visitor_name, e.visitor_org, e.escort_person_id,"   \
    " x.name, e.purpose, e.time_in, e.time_out, e.after_hours, e.source, e.recorded_by, e.created_at, e.updated_at" \
    " FROM server_room_entries e LEFT JOIN people_v p ON p.id = e.person_id"                                           \
    " LEFT JOIN people_v x ON x.id = e.escort_person_id"

static Status entry_plain(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    return rec_row(ctx, ENTRY_SELECT " WHERE e.id = ?", entry_cols, ENTRY_TYPES, id, "entry_not_found",
                   "入退室の記録が見つかりません", "entry not found", out, e);
}

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int64_t jint(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* JST calendar day of an ISO UTC time, as YYYY-MM-DD. */
static void jst_day(const char *iso, char out[static 11])
{
    int64_t t = 0;
    int y, m, d;
    time_parse_local(iso, &t);
    time_jst_date(t, &y, &m, &d);
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

/* *after when outside office hours: either end outside, or a stay across midnight. */
static Status entry_after_hours(Ctx *ctx, const json_t *room, const char *time_in, const char *time_out, bool *after,
                                Err *e)
{
    const char *start = jstr(room, "office_start"), *end = jstr(room, "office_end");
    int64_t tin = 0, tout = 0;
    time_parse_local(time_in, &tin);
    Status s = rec_outside_hours(ctx, start, end, tin, after, e);
    if (s != ST_OK || *after || !time_out || !*time_out)
        return s;
    time_parse_local(time_out, &tout);
    char din[11], dout[11];
    jst_day(time_in, din);
    jst_day(time_out, dout);
    if ((s = rec_outside_hours(ctx, start, end, tout, after, e)) == ST_OK && strcmp(din, dout) != 0)
        *after = true;
    return s;
}

Status entry_insert(Ctx *ctx, const json_t *room, const EntryIn *in, int64_t *id_out, Err *e)
{
    bool after_hours = false;
    Status flagged = entry_after_hours(ctx, room, in->time_in, in->time_out, &after_hours, e);
    if (flagged != ST_OK)
        return flagged;
    char now[21];
    rec_now(ctx, now);
    Stmt *st = db_prepare(ctx->db,
                          "INSERT INTO server_room_entries(room_id, person_id, visitor_name, visitor_org, escort_person_id,"
                          " purpose, time_in, time_out, after_hours, source, recorded_by, created_at, updated_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?12, ?12)",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, in->room_id);
    if (in->person_id)
        stmt_bind_int(st, 2, in->person_id);
    else
        stmt_bind_null(st, 2);
    rec_bind_opt(st, 3, in->visitor_name);
    stmt_bind_text(st, 4, in->visitor_org ? in->visitor_org : "");
    if (in->escort_person_id)
        stmt_bind_int(st, 5, in->escort_person_id);
    else
        stmt_bind_null(st, 5);
    stmt_bind_text(st, 6, in->purpose ? in->purpose : "");
    stmt_bind_text(st, 7, in->time_in);
    rec_bind_opt(st, 8, in->time_out);
    stmt_bind_int(st, 9, after_hours);
    stmt_bind_text(st, 10, in->source);
    if (ctx->actor->person_id)
        stmt_bind_int(st, 11, ctx->actor->person_id);
    else
        stmt_bind_null(st, 11);
    stmt_bind_text(st, 12, now);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    int64_t id = db_last_insert_id(ctx->db);
    json_t *after = NULL;
    if (s == ST_OK && (s = entry_plain(ctx, id, &after, e)) == ST_OK)
        s = record_change(ctx, "server_room.entry", "server_room_entry", id, NULL, after, e);
    json_decref(after);
    if (s == ST_OK && id_out)
        *id_out = id;
    return s;
}

Status entry_close(Ctx *ctx, const json_t *room, int64_t entry_id, const char *time_out, Err *e)
{
    json_t *before = NULL, *after = NULL;
    Status s = entry_plain(ctx, entry_id, &before, e);
    if (s != ST_OK)
        return s;
    const char *time_in = jstr(before, "time_in");
    if (!json_is_null(json_object_get(before, "time_out")))
        s = err_set(e, ST_CONFLICT, "already_exited", "time_out", "退室は記録済みです", "the exit is already recorded");
    else if (strcmp(time_out, time_in) < 0)
        s = err_set(e, ST_INVALID, "invalid_time", "time_out", "退室日時が入室日時より前です",
                    "time_out is before time_in");
    bool after_hours = false;
    if (s == ST_OK)
        s = entry_after_hours(ctx, room, time_in, time_out, &after_hours, e);
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db,
                              "UPDATE server_room_entries SET time_out = ?, after_hours = ?, updated_at = ? WHERE id = ?"
                              " AND time_out IS NULL",
                              e);
        if (st) {
            char now[21];
            rec_now(ctx, now);
            stmt_bind_text(st, 1, time_out);
            stmt_bind_int(st, 2, after_hours);
            stmt_bind_text(st, 3, now);
            stmt_bind_int(st, 4, entry_id);
            s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
            stmt_finalize(st);
        } else {
            s = e->status;
        }
    }
    if (s == ST_OK && (s = entry_plain(ctx, entry_id, &after, e)) == ST_OK)
        s = record_change(ctx, "server_room.exit", "server_room_entry", entry_id, before, after, e);
    json_decref(before);
    json_decref(after);
    return s;
}

static Status write_forbidden(Err *e)
{
    return rec_forbidden(e, "record_forbidden",
                         "この入退室を記録できるのは、管理する課室の職員・情報セキュリティ管理者と、入室を許可された本人です (第35条)",
                         "only the room's keepers and the people allowed in may record this entry");
}

/* ST_OK when the actor may write this entry of the room: the book's keepers, or a person on the
 * room's list recording their own entry (or one they escort); forbidden otherwise, or the error of a
 * check that could not be made. */
static Status check_write(Ctx *ctx, const json_t *room, int64_t person, int64_t escort, Err *e)
{
    bool may = false;
    Status s = rec_may_keep_unit(ctx, jint(room, "unit_id"), &may, e);
    if (s != ST_OK || may)
        return s;
    int64_t me = ctx->actor->person_id;
    if (!me || (me != person && me != escort))
        return write_forbidden(e);
    char today[11];
    date_today(ctx->clock, today);
    if ((s = room_on_list(ctx, jint(room, "id"), me, today, &may, e)) != ST_OK)
        return s;
    return may ? ST_OK : write_forbidden(e);
}

/* ENFORCES: 第35条, 第35条5
 * 入退室を記録できるのは管理する課室と入室を許可された本人だけ。訪問者には、入室を許可された職員の付添いが必要。 */
Status rec_entry_create(Ctx *ctx, int64_t room_id, json_t *in, int64_t *id_out, Err *e)
{
    json_t *room = NULL;
    Status s = room_plain(ctx, room_id, &room, e);
    if (s != ST_OK)
        return s;
    EntryIn ei = {.room_id = room_id, .source = "manual"};
    char tin[21], tout[21];
    s = rec_person(ctx, in, &entry_fields[ENTRY_F_PERSON], &ei.person_id, e);
    if (s == ST_OK)
        s = rec_text(in, &entry_fields[ENTRY_F_VISITOR], &ei.visitor_name, e);
    if (s == ST_OK)
        s = rec_text(in, &entry_fields[ENTRY_F_VISITOR_ORG], &ei.visitor_org, e);
    if (s == ST_OK)
        s = rec_person(ctx, in, &entry_fields[ENTRY_F_ESCORT], &ei.escort_person_id, e);
    if (s == ST_OK)
        s = rec_text(in, &entry_fields[ENTRY_F_PURPOSE], &ei.purpose, e);
    if (s == ST_OK)
        s = rec_time(in, &entry_fields[ENTRY_F_TIME_IN], tin, e);
    if (s == ST_OK)
        s = rec_time(in, &entry_fields[ENTRY_F_TIME_OUT], tout, e);
    if (s == ST_OK && !ei.person_id == !*ei.visitor_name)
        s = err_set(e, ST_INVALID, "person_or_visitor", "person_id",
                    "入室者 (職員) か訪問者の氏名のどちらか一方を指定してください",
                    "give either person_id or visitor_name");
    if (s == ST_OK && *ei.visitor_name && !ei.escort_person_id)
        s = err_set(e, ST_INVALID, "escort_required", "escort_person_id",
                    "訪問者には入退室を許可された職員が付き添わなければなりません (第35条5)",
                    "a visitor must be escorted by a person allowed in (article 35(5))");
    char day[11] = "";
    if (s == ST_OK)
        jst_day(tin, day);
    bool escort_on_list = true;
    if (s == ST_OK && ei.escort_person_id)
        s = room_on_list(ctx, room_id, ei.escort_person_id, day, &escort_on_list, e);
    if (s == ST_OK && !escort_on_list)
        s = err_set(e, ST_INVALID, "escort_not_allowed", "escort_person_id",
                    "付き添う職員はこのサーバー室への入退室を許可された者でなければなりません (第35条5)",
                    "the escort must be on the room's list of people allowed in");
    if (s == ST_OK && *tout && strcmp(tout, tin) < 0)
        s = err_set(e, ST_INVALID, "invalid_time", "time_out", "退室日時が入室日時より前です",
                    "time_out is before time_in");
    if (s == ST_OK)
        s = check_write(ctx, room, ei.person_id, ei.escort_person_id, e);
    if (s == ST_OK) {
        ei.time_in = tin;
        ei.time_out = tout;
        if ((s = db_begin(ctx->db, e)) == ST_OK)
            s = finish_tx(ctx, entry_insert(ctx, room, &ei, id_out, e), e);
    }
    json_decref(room);
    return s;
}

Status rec_entry_exit(Ctx *ctx, int64_t entry_id, json_t *in, Err *e)
{
    json_t *entry = NULL, *room = NULL;
    char tout[21];
    Status s = rec_time(in, &entry_fields[ENTRY_F_TIME_OUT], tout, e);
    if (s == ST_OK && !tout[0])
        rec_now(ctx, tout);
    if (s == ST_OK)
        s = entry_plain(ctx, entry_id, &entry, e);
    if (s == ST_OK)
        s = room_plain(ctx, jint(entry, "room_id"), &room, e);
    if (s == ST_OK)
        s = check_write(ctx, room, jint(entry, "person_id"), jint(entry, "escort_person_id"), e);
    if (s == ST_OK && (s = db_begin(ctx->db, e)) == ST_OK)
        s = finish_tx(ctx, entry_close(ctx, room, entry_id, tout, e), e);
    json_decref(entry);
    json_decref(room);
    return s;
}

/* NFKC without whitespace, for matching names written by hand. malloc'd. */
static char *squeeze(const char *s)
{
    char *n = text_nfkc(s ? s : "");
    size_t j = 0;
    for (size_t i = 0; n[i]; i++)
        if (!isspace((unsigned char)n[i]))
            n[j++] = n[i];
    n[j] = '\0';
    return n;
}

/* An approved 時間外立入 request, parsed and normalised once per read of the book. */
typedef struct Cover {
    int64_t id, requester, from, to;
    char *room;    /* squeezed */
    char *persons; /* squeezed */
} Cover;

typedef struct Covers {
    Cover *items;
    size_t n;
} Covers;

static void covers_free(Covers *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->items[i].room);
        free(c->items[i].persons);
    }
    free(c->items);
    c->items = NULL;
    c->n = 0;
}

/* Loads the approved (or completed) server_room_after_hours requests with a valid period. */
static Status covers_load(Ctx *ctx, Covers *c, Err *e)
{
    c->items = NULL;
    c->n = 0;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, requester_person_id, fields FROM requests_v WHERE type = 'server_room_after_hours'"
                          " AND state IN ('approved', 'completed') AND ?1 = ?1 ORDER BY id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, 0);
    size_t cap = 0;
    StepResult sr;
    while ((sr = stmt_step(st)) == STEP_ROW) {
        json_t *f = json_loads(stmt_text(st, 2), 0, NULL);
        Cover cv = {.id = stmt_int(st, 0), .requester = stmt_int(st, 1)};
        if (f && time_parse_local(jstr(f, "entry_from"), &cv.from) && time_parse_local(jstr(f, "entry_to"), &cv.to)) {
            if (c->n == cap) {
                cap = cap ? cap * 2 : 16;
                c->items = xrealloc(c->items, cap * sizeof *c->items);
            }
            cv.room = squeeze(jstr(f, "room"));
            cv.persons = squeeze(jstr(f, "persons"));
            c->items[c->n++] = cv;
        }
        json_decref(f);
    }
    Status s = sr == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    if (s != ST_OK)
        covers_free(c);
    return s;
}

/* Does the squeezed text hay mention needle (squeezed here)? */
static bool mentions(const char *hay, const char *needle)
{
    if (!needle || !*needle)
        return false;
    char *n = squeeze(needle);
    bool found = *n && strstr(hay, n) != NULL;
    free(n);
    return found;
}

/* Does the request name this person (the requester, or their name or 職員番号 in persons)? */
static bool names_person(const Cover *cv, int64_t pid, const char *name, const char *staff_no)
{
    return pid && (cv->requester == pid || mentions(cv->persons, name) || mentions(cv->persons, staff_no));
}

/* The approved request covering the entry (room, the whole stay, the person), 0 when none. */
static int64_t covering_request(const Covers *c, const json_t *room, const json_t *entry)
{
    int64_t tin = 0, tout;
    time_parse_local(jstr(entry, "time_in"), &tin);
    tout = tin;
    if (*jstr(entry, "time_out"))
        time_parse_local(jstr(entry, "time_out"), &tout);
    for (size_t i = 0; i < c->n; i++) {
        const Cover *cv = &c->items[i];
        if (cv->from > tin || tout > cv->to)
            continue;
        if (!mentions(cv->room, jstr(room, "name")) && !mentions(cv->room, jstr(room, "door_code")))
            continue;
        int64_t pid = jint(entry, "person_id");
        bool named = pid ? names_person(cv, pid, jstr(entry, "person_name"), jstr(entry, "staff_no"))
                         : mentions(cv->persons, jstr(entry, "visitor_name")) ||
                               names_person(cv, jint(entry, "escort_person_id"), jstr(entry, "escort_name"), "");
        if (named)
            return cv->id;
    }
    return 0;
}

/* Adds "flags" and "after_hours_request_id" to an entry; *n gets the number of flags. A flag that
 * cannot be computed is an error, never a clean entry. */
static Status add_flags(Ctx *ctx, const Covers *covers, const json_t *room, json_t *entry, int *n, Err *e)
{
    json_t *flags = json_array();
    int64_t cover = 0;
    if (json_is_true(json_object_get(entry, "after_hours"))) {
        cover = covering_request(covers, room, entry);
        if (!cover)
            json_array_append_new(flags, json_string("after_hours_unapproved"));
    }
    int64_t pid = jint(entry, "person_id");
    char day[11];
    jst_day(jstr(entry, "time_in"), day);
    bool on = true;
    Status s = pid ? room_on_list(ctx, jint(room, "id"), pid, day, &on, e) : ST_OK;
    if (!on)
        json_array_append_new(flags, json_string("not_on_access_list"));
    json_object_set_new(entry, "after_hours_request_id", cover ? json_integer((json_int_t)cover) : json_null());
    *n = (int)json_array_size(flags);
    json_object_set_new(entry, "flags", flags);
    return s;
}

/* The UTC bounds of JST days: [from 00:00, the day after to 00:00). */
static Status day_bounds(const char *from, const char *to, char lo[static 21], char hi[static 21], Err *e)
{
    int64_t t;
    strcpy(lo, "0000-00-00T00:00:00Z");
    strcpy(hi, "9999-12-31T23:59:59Z");
    if (from && *from) {
        if (!time_parse_iso(from, &t) || strlen(from) != 10)
            return err_set(e, ST_INVALID, "invalid_date", "from", "from は YYYY-MM-DD で指定してください",
                           "from must be YYYY-MM-DD");
        time_iso_utc(t, lo);
    }
    if (to && *to) {
        if (!time_parse_iso(to, &t) || strlen(to) != 10)
            return err_set(e, ST_INVALID, "invalid_date", "to", "to は YYYY-MM-DD で指定してください",
                           "to must be YYYY-MM-DD");
        time_iso_utc(t + 86400, hi);
    }
    return ST_OK;
}

Status rec_entry_list(Ctx *ctx, int64_t room_id, bool only_flagged, const char *from, const char *to, json_t **out,
                      Err *e)
{
    json_t *room = NULL, *rows = NULL;
    char lo[21], hi[21];
    Status s = day_bounds(from, to, lo, hi, e);
    if (s == ST_OK)
        s = room_for_keeper(ctx, room_id, &room, e);
    if (s != ST_OK)
        return s;
    Stmt *st = db_prepare(ctx->db,
                          ENTRY_SELECT " WHERE e.room_id = ? AND e.time_in >= ? AND e.time_in < ?"
                                       " ORDER BY e.time_in DESC, e.id DESC",
                          e);
    if (!st) {
        json_decref(room);
        return e->status;
    }
    stmt_bind_int(st, 1, room_id);
    stmt_bind_text(st, 2, lo);
    stmt_bind_text(st, 3, hi);
    if ((s = rows_array(st, entry_cols, ENTRY_TYPES, &rows, e)) != ST_OK) {
        json_decref(room);
        return s;
    }
    Covers covers;
    if ((s = covers_load(ctx, &covers, e)) != ST_OK) {
        json_decref(room);
        json_decref(rows);
        return s;
    }
    json_t *items = json_array();
    int flagged = 0;
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o)
    {
        int n = 0;
        if ((s = add_flags(ctx, &covers, room, o, &n, e)) != ST_OK)
            break;
        flagged += n > 0;
        if (!only_flagged || n > 0)
            json_array_append(items, o);
    }
    json_decref(rows);
    covers_free(&covers);
    if (s != ST_OK) {
        json_decref(room);
        json_decref(items);
        return s;
    }
    *out = json_pack("{s:o, s:o, s:i, s:s}", "room", room, "items", items, "flagged", flagged, "article", "第35条");
    return ST_OK;
}

Status rec_entry_get(Ctx *ctx, int64_t entry_id, json_t **out, Err *e)
{
    json_t *entry = NULL, *room = NULL;
    Status s = entry_plain(ctx, entry_id, &entry, e);
    if (s == ST_OK)
        s = room_plain(ctx, jint(entry, "room_id"), &room, e);
    int64_t me = ctx->actor->person_id;
    bool keeper = false;
    if (s == ST_OK)
        s = rec_may_keep_unit(ctx, jint(room, "unit_id"), &keeper, e);
    if (s == ST_OK && !keeper && !(me && (me == jint(entry, "person_id") || me == jint(entry, "escort_person_id"))))
        s = write_forbidden(e);
    Covers covers = {0};
    if (s == ST_OK)
        s = covers_load(ctx, &covers, e);
    if (s == ST_OK) {
        int n = 0;
        s = add_flags(ctx, &covers, room, entry, &n, e);
        covers_free(&covers);
    }
    if (s == ST_OK) {
        *out = entry;
        entry = NULL;
    }
    json_decref(entry);
    json_decref(room);
    return s;
}

/* サーバー室の入退室 as the trail records it, for reconciliation (domain/kernel/state.h): each of these entries'
 * "after" is entry_plain of the row. */
static const char *const server_room_entry_actions[] = {"server_room.entry", "server_room.exit", NULL};
const StateKind server_room_entry_state_kind = {
    .object_type = "server_room_entry",
    .table = "server_room_entries",
    .ids_sql = "SELECT id FROM server_room_entries ORDER BY id",
    .full_actions = server_room_entry_actions,
    .ignored = NULL,
    .get = entry_plain,
};
