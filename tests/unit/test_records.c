/* Unit tests for the records of issue 4 (domain/rec_*.c) against a temporary database with the
 * embedded mic pack: office hours and holidays, after-hours entries with and without an approved
 * 時間外立入 request, visitors and their escort, the card-reader CSV (UTF-8, CP932, bad rows with
 * nothing written), 搬入出 witnesses, the two-person rule of 作業記録, 障害記録 states, the license
 * ledger filled from approved requests, overdue 持ち出し, 持ち込み, and refusals for other 課室. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "core/xmalloc.h"
#include "domain/assets/assets.h"
#include "domain/audit/audit.h"
#include "domain/org/org.h"
#include "domain/records/records.h"
#include "domain/requests/requests.h"
#include "domain/systems/systems.h"

#define T0 1793577600 /* 2026-11-02T00:00:00Z = Monday 09:00 JST */

typedef struct Fixture {
    TestWorld w;
    int64_t root, somu, joho, zeimu;
    int64_t staff, manager, deputy, chief, op1, op2, sysmgr, outsider, contractor, admin;
    int64_t room, system;
} Fixture;

#define TRAIL(f) world_count(&(f)->w, "SELECT count(*) FROM trail_entries")
#define ENTRIES(f) world_count(&(f)->w, "SELECT count(*) FROM server_room_entries")

static void act_as(Fixture *f, int64_t person)
{
    world_act_as(&f->w, person);
}

static void assign(Fixture *f, int64_t person, const char *role, const char *kind, int64_t scope)
{
    world_assign(&f->w, f->admin, person, role, kind, scope);
}

static void ok(Status s, const Err *e, const char *what)
{
    if (s != ST_OK)
        fail_msg("%s: %d %s %s %s", what, s, e->code, e->field, e->en);
}

/* Runs fn's status against the wanted status and code. */
static void refused(Status s, const Err *e, Status want, const char *code)
{
    if (s != want || strcmp(e->code, code) != 0)
        fail_msg("want %d %s, got %d %s (%s)", want, code, s, e->code, e->en);
    assert_true(e->ja[0] != '\0');
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    world_open(&f->w, T0);
    f->root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    f->somu = world_unit(&f->w, f->root, "somu", "総務部", "department");
    f->joho = world_unit(&f->w, f->somu, "joho", "情報政策課", "section");
    f->zeimu = world_unit(&f->w, f->somu, "zeimu", "税務課", "section");
    f->staff = world_person(&f->w, "S1", "職員 一郎", f->joho);
    f->manager = world_person(&f->w, "M1", "課長 花子", f->joho);
    f->deputy = world_person(&f->w, "D1", "副統括 次郎", f->joho);
    f->chief = world_person(&f->w, "B1", "部長 太郎", f->somu);
    f->op1 = world_person(&f->w, "O1", "運用 一", f->joho);
    f->op2 = world_person(&f->w, "O2", "運用 二", f->joho);
    f->sysmgr = world_person(&f->w, "SM", "管理 三", f->joho);
    f->outsider = world_person(&f->w, "Z1", "税務 四郎", f->zeimu);
    f->admin = world_person(&f->w, "A1", "管理 五郎", f->somu);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "staff_no", "C1", "name", "委託 六郎", "kana", "いたく",
                           "employment", "contractor", "unit_id", (json_int_t)f->joho, "active_from", "2020-04-01");
    Err e = {0};
    ok(people_create(&f->w.ctx, in, &f->contractor, &e), &e, "contractor");
    json_decref(in);
    /* the system, created by the local operator */
    in = json_pack("{s:s, s:s, s:s, s:I, s:s}", "code", "SYS-1", "name", "内部情報系", "zone", "lgwan", "owner_unit_id",
                   (json_int_t)f->joho, "location", "onprem");
    ok(system_create(&f->w.ctx, in, &f->system, &e), &e, "system");
    json_decref(in);
    assign(f, f->manager, "section_security_manager", "unit", f->joho);
    assign(f, f->outsider, "section_security_manager", "unit", f->zeimu);
    assign(f, f->deputy, "deputy_chief_security_officer", "organisation", 0);
    assign(f, f->chief, "chief_security_officer", "organisation", 0);
    assign(f, f->sysmgr, "system_manager", "system", f->system);
    assign(f, f->op1, "system_operator", "system", f->system);
    assign(f, f->op2, "system_operator", "system", f->system);
    act_as(f, f->manager);
    in = json_pack("{s:s, s:s, s:s, s:I}", "name", "本庁舎サーバー室", "location", "本庁舎3階", "door_code", "SR1",
                   "unit_id", (json_int_t)f->joho);
    ok(rec_room_create(&f->w.ctx, in, &f->room, &e), &e, "room");
    json_decref(in);
    in = json_pack("{s:I, s:s}", "person_id", (json_int_t)f->staff, "card_no", "CARD-100");
    ok(rec_room_grant(&f->w.ctx, f->room, in, NULL, &e), &e, "grant staff");
    json_decref(in);
    in = json_pack("{s:I}", "person_id", (json_int_t)f->op1);
    ok(rec_room_grant(&f->w.ctx, f->room, in, NULL, &e), &e, "grant op1");
    json_decref(in);
    *state = f;
    return 0;
}

/* reconcile_registers' findings for the record tables as "table id column problem" lines (the
 * fixture's people and units are inserted without trail entries, so those are not looked at). */
static char *record_findings(Fixture *f)
{
    static const char *const tables[] = {"bring_in_records", "server_room_entries", "equipment_moves",
                                         "failure_records",  "software_licenses",   "server_rooms",
                                         "server_room_access", "work_records",      "holidays", NULL};
    json_t *all = NULL;
    size_t total = 0;
    Err e = {0};
    if (reconcile_registers(&f->w.ctx, 0, &all, &total, &e) != ST_OK)
        return xasprintf("reconcile failed: %s", e.en);
    char *out = xstrdup("");
    size_t i;
    json_t *x;
    json_array_foreach(all, i, x)
    {
        const char *table = json_string_value(json_object_get(x, "table"));
        for (int k = 0; tables[k]; k++)
            if (strcmp(table, tables[k]) == 0) {
                char *more = xasprintf("%s%s %s %s %s\n", out, table, json_string_value(json_object_get(x, "id")),
                                       json_string_value(json_object_get(x, "column")),
                                       json_string_value(json_object_get(x, "problem")));
                free(out);
                out = more;
            }
    }
    json_decref(all);
    return out;
}

/* Every test's flows leave the records as their trail entries say (reconciliation finds nothing). */
static int teardown(void **state)
{
    Fixture *f = *state;
    char *found = record_findings(f);
    int rc = found[0] ? -1 : 0;
    if (rc)
        fprintf(stderr, "records differ from their trail state:\n%s", found);
    free(found);
    world_close(&f->w);
    free(f);
    return rc;
}

static int64_t t_of(const char *s)
{
    int64_t t = 0;
    assert_true(time_parse_local(s, &t));
    return t;
}

/* rec_outside_hours, which must answer (no storage error here). */
static bool outside(Ctx *c, const char *start, const char *end, int64_t t)
{
    bool out = false;
    Err e = {0};
    assert_int_equal(rec_outside_hours(c, start, end, t, &out, &e), ST_OK);
    return out;
}

static void times_and_hours(void **state)
{
    Fixture *f = *state;
    /* a form's local time is JST; a Z time is UTC */
    assert_int_equal(t_of("2026-11-02T09:00"), T0);
    assert_int_equal(t_of("2026-11-02 09:00:00"), T0);
    assert_int_equal(t_of("2026-11-02T00:00:00Z"), T0);
    int64_t t;
    assert_false(time_parse_local("2026-11-02", &t));
    assert_false(time_parse_local("2026-11-02T25:00", &t));
    assert_false(time_parse_local("2026-02-30T09:00", &t));
    assert_false(time_parse_local("2026-11-02T9:00", &t));
    Ctx *c = &f->w.ctx;
    assert_false(outside(c, "08:30", "17:15", t_of("2026-11-02T08:30")));
    assert_true(outside(c, "08:30", "17:15", t_of("2026-11-02T08:29")));
    assert_false(outside(c, "08:30", "17:15", t_of("2026-11-02T17:15")));
    assert_true(outside(c, "08:30", "17:15", t_of("2026-11-02T17:16")));
    assert_true(outside(c, "08:30", "17:15", t_of("2026-11-07T10:00"))); /* Saturday */
    assert_true(outside(c, "08:30", "17:15", t_of("2026-11-08T10:00"))); /* Sunday */
    /* 勤労感謝の日 once the administrator lists it */
    assert_false(outside(c, "08:30", "17:15", t_of("2026-11-23T10:00")));
    Err e = {0};
    act_as(f, f->staff);
    refused(rec_holiday_set(c, "2026-11-23", "勤労感謝の日", &e), &e, ST_FORBIDDEN, "forbidden");
    act_as(f, 0);
    ok(rec_holiday_set(c, "2026-11-23", "勤労感謝の日", &e), &e, "holiday");
    assert_true(outside(c, "08:30", "17:15", t_of("2026-11-23T10:00")));
    ok(rec_holiday_set(c, "2026-11-23", "", &e), &e, "remove holiday");
    assert_false(outside(c, "08:30", "17:15", t_of("2026-11-23T10:00")));
    /* days set, renamed or removed in SQLite without an entry: named by date, then put back */
    ok(rec_holiday_set(c, "2026-12-29", "年末休庁", &e), &e, "holiday");
    ok(rec_holiday_set(c, "2026-12-30", "年末休庁", &e), &e, "holiday");
    assert_int_equal(db_exec(f->w.ctx.db, "UPDATE holidays SET name = '開庁日' WHERE date = '2026-12-29'", &e), ST_OK);
    assert_int_equal(db_exec(f->w.ctx.db, "DELETE FROM holidays WHERE date = '2026-12-30'", &e), ST_OK);
    assert_int_equal(db_exec(f->w.ctx.db, "INSERT INTO holidays(date, name) VALUES ('2026-11-23', '勤労感謝の日')", &e), ST_OK);
    char *found = record_findings(f);
    assert_string_equal(found, "holidays 2026-11-23  no_trail\nholidays 2026-12-29 name differs\n"
                               "holidays 2026-12-30  row_missing\n");
    free(found);
    assert_int_equal(db_exec(f->w.ctx.db, "UPDATE holidays SET name = '年末休庁' WHERE date = '2026-12-29'", &e), ST_OK);
    assert_int_equal(db_exec(f->w.ctx.db, "INSERT INTO holidays(date, name) VALUES ('2026-12-30', '年末休庁')", &e), ST_OK);
    assert_int_equal(db_exec(f->w.ctx.db, "DELETE FROM holidays WHERE date = '2026-11-23'", &e), ST_OK);
}

static int64_t entry(Fixture *f, int64_t person, const char *tin, const char *tout)
{
    json_t *in = json_pack("{s:I, s:s, s:s}", "person_id", (json_int_t)person, "purpose", "保守点検", "time_in", tin);
    if (tout)
        json_object_set_new(in, "time_out", json_string(tout));
    Err e = {0};
    int64_t id = 0;
    ok(rec_entry_create(&f->w.ctx, f->room, in, &id, &e), &e, "entry");
    json_decref(in);
    return id;
}

static bool has_flag(Fixture *f, int64_t id, const char *flag)
{
    json_t *o = NULL;
    Err e = {0};
    ok(rec_entry_get(&f->w.ctx, id, &o, &e), &e, "entry get");
    bool found = false;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(o, "flags"), i, v) found |= strcmp(json_string_value(v), flag) == 0;
    json_decref(o);
    return found;
}

/* An approved server_room_after_hours request by requester. */
static int64_t after_hours_request(Fixture *f, int64_t requester, const char *room, const char *from, const char *to,
                                   const char *persons, bool approve)
{
    act_as(f, requester);
    json_t *fields = json_pack("{s:s, s:s, s:s, s:s, s:s}", "room", room, "entry_from", from, "entry_to", to,
                               "purpose", "障害対応", "persons", persons);
    Err e = {0};
    int64_t id = 0;
    ok(request_create(&f->w.ctx, "server_room_after_hours", 0, fields, &id, &e), &e, "request_create");
    json_decref(fields);
    ok(request_submit(&f->w.ctx, id, &e), &e, "submit");
    if (approve) {
        act_as(f, f->deputy);
        ok(request_decide(&f->w.ctx, id, "approve", "", &e), &e, "approve");
    }
    return id;
}

static void after_hours_entries(void **state)
{
    Fixture *f = *state;
    act_as(f, f->manager);
    int64_t day = entry(f, f->staff, "2026-11-02T10:00", "2026-11-02T11:00");
    assert_false(has_flag(f, day, "after_hours_unapproved"));
    int64_t night = entry(f, f->staff, "2026-11-02T21:00", "2026-11-02T22:00");
    assert_true(has_flag(f, night, "after_hours_unapproved"));
    int64_t overnight = entry(f, f->staff, "2026-11-02T17:00", "2026-11-03T09:00");
    assert_true(has_flag(f, overnight, "after_hours_unapproved"));
    /* a request only submitted, for another room, or for another time does not cover it */
    after_hours_request(f, f->staff, "本庁舎サーバー室", "2026-11-02T20:00", "2026-11-02T23:00", "本人のみ", false);
    after_hours_request(f, f->staff, "分庁舎サーバー室", "2026-11-02T20:00", "2026-11-02T23:00", "本人のみ", true);
    after_hours_request(f, f->staff, "本庁舎サーバー室", "2026-11-02T21:30", "2026-11-02T23:00", "本人のみ", true);
    act_as(f, f->manager);
    assert_true(has_flag(f, night, "after_hours_unapproved"));
    /* approved, covering room and time, by the person themselves */
    int64_t req = after_hours_request(f, f->staff, "本庁舎サーバー室", "2026-11-02T20:00", "2026-11-02T23:00", "本人のみ", true);
    act_as(f, f->manager);
    assert_false(has_flag(f, night, "after_hours_unapproved"));
    json_t *o = NULL;
    Err e = {0};
    ok(rec_entry_get(&f->w.ctx, night, &o, &e), &e, "get");
    assert_int_equal(json_integer_value(json_object_get(o, "after_hours_request_id")), req);
    json_decref(o);
    /* op1 entering at the same time is not covered unless named in persons (name, any spacing/width) */
    int64_t op_night = entry(f, f->op1, "2026-11-02T21:00", NULL);
    assert_true(has_flag(f, op_night, "after_hours_unapproved"));
    after_hours_request(f, f->staff, "本庁舎サーバー室", "2026-11-02T20:00", "2026-11-02T23:00", "職員 一郎、運用　一", true);
    act_as(f, f->manager);
    assert_false(has_flag(f, op_night, "after_hours_unapproved"));
    /* the book lists the flagged ones */
    ok(rec_entry_list(&f->w.ctx, f->room, true, NULL, NULL, &o, &e), &e, "list");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 1); /* overnight */
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(o, "items"), 0), "id")),
                     overnight);
    json_decref(o);
    /* days are JST days: 21:00 JST on the 2nd is 12:00Z, within "to 2026-11-02" */
    ok(rec_entry_list(&f->w.ctx, f->room, false, "2026-11-02", "2026-11-02", &o, &e), &e, "one day");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 4);
    json_decref(o);
    ok(rec_entry_list(&f->w.ctx, f->room, false, "2026-11-03", NULL, &o, &e), &e, "from the 3rd");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 0);
    json_decref(o);
    refused(rec_entry_list(&f->w.ctx, f->room, false, "2026-11-3", NULL, &o, &e), &e, ST_INVALID, "invalid_date");
}

static void visitors_and_rights(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->manager);
    int64_t trail0 = TRAIL(f), entries0 = ENTRIES(f);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "visitor_name", "保守 太郎", "visitor_org", "株式会社保守", "purpose",
                           "機器交換", "time_in", "2026-11-02T10:00");
    refused(rec_entry_create(&f->w.ctx, f->room, in, NULL, &e), &e, ST_INVALID, "escort_required");
    json_object_set_new(in, "escort_person_id", json_integer((json_int_t)f->op2)); /* not on the list */
    refused(rec_entry_create(&f->w.ctx, f->room, in, NULL, &e), &e, ST_INVALID, "escort_not_allowed");
    json_object_set_new(in, "person_id", json_integer((json_int_t)f->staff));
    refused(rec_entry_create(&f->w.ctx, f->room, in, NULL, &e), &e, ST_INVALID, "person_or_visitor");
    json_object_del(in, "person_id");
    json_object_set_new(in, "escort_person_id", json_integer((json_int_t)f->op1));
    json_object_set_new(in, "time_out", json_string("2026-11-02T09:00"));
    refused(rec_entry_create(&f->w.ctx, f->room, in, NULL, &e), &e, ST_INVALID, "invalid_time");
    json_object_set_new(in, "time_out", json_string("2026-11-02T10:30"));
    assert_int_equal(TRAIL(f), trail0);
    assert_int_equal(ENTRIES(f), entries0);
    /* another 課室's person may neither write nor read the book */
    act_as(f, f->outsider);
    refused(rec_entry_create(&f->w.ctx, f->room, in, NULL, &e), &e, ST_FORBIDDEN, "record_forbidden");
    json_t *o = NULL;
    refused(rec_entry_list(&f->w.ctx, f->room, false, NULL, NULL, &o, &e), &e, ST_FORBIDDEN, "record_forbidden");
    refused(rec_room_get(&f->w.ctx, f->room, &o, &e), &e, ST_FORBIDDEN, "record_forbidden");
    /* the escort on the list records it */
    act_as(f, f->op1);
    int64_t id = 0;
    ok(rec_entry_create(&f->w.ctx, f->room, in, &id, &e), &e, "visitor");
    json_decref(in);
    assert_false(has_flag(f, id, "not_on_access_list"));
    /* a staff member not on the list is recorded but flagged */
    act_as(f, f->manager);
    int64_t op2 = entry(f, f->op2, "2026-11-02T10:00", NULL);
    assert_true(has_flag(f, op2, "not_on_access_list"));
    /* only the 課室's manager grants access */
    act_as(f, f->staff);
    in = json_pack("{s:I}", "person_id", (json_int_t)f->op2);
    refused(rec_room_grant(&f->w.ctx, f->room, in, NULL, &e), &e, ST_FORBIDDEN, "record_forbidden");
    json_decref(in);
    /* exit once, not twice, not before the entry */
    in = json_pack("{s:s}", "time_out", "2026-11-02T09:00");
    refused(rec_entry_exit(&f->w.ctx, op2, in, &e), &e, ST_INVALID, "invalid_time");
    json_object_set_new(in, "time_out", json_string("2026-11-02T11:00"));
    ok(rec_entry_exit(&f->w.ctx, op2, in, &e), &e, "exit");
    refused(rec_entry_exit(&f->w.ctx, op2, in, &e), &e, ST_CONFLICT, "already_exited");
    json_decref(in);
}

static json_t *import(Fixture *f, const char *csv, size_t len, Status want)
{
    json_t *report = NULL;
    Err e = {0};
    Status s = rec_entries_import(&f->w.ctx, (const unsigned char *)csv, len, &report, &e);
    if (s != want)
        fail_msg("import: want %d got %d %s %s", want, s, e.code, e.en);
    return report;
}

static void card_reader_csv(void **state)
{
    Fixture *f = *state;
    act_as(f, f->manager);
    static const char good[] = "\xef\xbb\xbf" "カード番号,日時,方向,扉\r\n"
                               "CARD-100,2026-11-02 09:00,入,SR1\r\n"
                               "O1,2026-11-02 09:05,IN,SR1\r\n"
                               "CARD-100,2026-11-02 10:00,出,SR1\r\n"
                               "O1,2026-11-02 22:00:00,退室,SR1\r\n";
    json_t *r = import(f, good, sizeof good - 1, ST_OK);
    assert_int_equal(json_integer_value(json_object_get(r, "opened")), 2);
    assert_int_equal(json_integer_value(json_object_get(r, "closed")), 2);
    json_decref(r);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM server_room_entries WHERE source = 'card'"
                                        " AND time_out IS NOT NULL"),
                     2);
    /* op1 left at 22:00 JST: after hours, flagged (no request) */
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM server_room_entries WHERE after_hours = 1"), 1);

    /* CP932 as Excel writes it, with the 職員番号 column */
    static const unsigned char cp932[] = {
        0x90, 0x45, 0x88, 0xf5, 0x94, 0xd4, 0x8d, 0x86, 0x2c, 0x93, 0xfa, 0x8e, 0x9e, 0x2c, 0x95, 0xfb, 0x8c, 0xfc,
        0x2c, 0x94, 0xe0, 0x0d, 0x0a, 0x53, 0x31, 0x2c, 0x32, 0x30, 0x32, 0x36, 0x2d, 0x31, 0x31, 0x2d, 0x30, 0x32,
        0x20, 0x30, 0x39, 0x3a, 0x30, 0x30, 0x2c, 0x93, 0xfc, 0x2c, 0x53, 0x52, 0x31, 0x0d, 0x0a, 0x53, 0x31, 0x2c,
        0x32, 0x30, 0x32, 0x36, 0x2d, 0x31, 0x31, 0x2d, 0x30, 0x32, 0x20, 0x31, 0x30, 0x3a, 0x30, 0x30, 0x2c, 0x8f,
        0x6f, 0x2c, 0x53, 0x52, 0x31, 0x0d, 0x0a};
    r = import(f, (const char *)cp932, sizeof cp932, ST_OK);
    assert_int_equal(json_integer_value(json_object_get(r, "rows")), 2);
    json_decref(r);

    /* bad rows: every one reported with its row number, nothing written */
    int64_t trail0 = TRAIL(f), entries0 = ENTRIES(f);
    static const char bad[] = "職員番号,日時,方向,扉\n"
                              "S1,2026-11-03 09:00,入,SR1\n"      /* 2: fine */
                              "S1,2026/11/03 10:00,出,SR1\n"      /* 3: bad time */
                              "NOBODY,2026-11-03 09:00,入,SR1\n"  /* 4: unknown card */
                              "S1,2026-11-03 11:00,横,SR1\n"      /* 5: bad direction */
                              "S1,2026-11-03 12:00,入,XX9\n"      /* 6: unknown door */
                              "O1,2026-11-03 12:00,出,SR1\n";     /* 7: exit without entry */
    r = import(f, bad, sizeof bad - 1, ST_INVALID);
    json_t *errors = json_object_get(r, "errors");
    assert_int_equal(json_array_size(errors), 4);
    static const struct { int row; const char *code; } want[] = {
        {3, "invalid_time"}, {4, "unknown_card"}, {5, "invalid_direction"}, {6, "unknown_door"}};
    for (size_t i = 0; i < 4; i++) {
        json_t *x = json_array_get(errors, i);
        assert_int_equal(json_integer_value(json_object_get(x, "row")), want[i].row);
        assert_string_equal(json_string_value(json_object_get(x, "code")), want[i].code);
    }
    json_decref(r);
    /* once the parse errors are fixed, the pairing error of row 3 shows (its 入 is on row 2) */
    static const char pairing[] = "職員番号,日時,方向,扉\n"
                                  "S1,2026-11-03 09:00,入,SR1\n"
                                  "O1,2026-11-03 12:00,出,SR1\n"
                                  "S1,2026-11-03 09:30,入,SR1\n";
    r = import(f, pairing, sizeof pairing - 1, ST_INVALID);
    errors = json_object_get(r, "errors");
    assert_int_equal(json_array_size(errors), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(errors, 0), "row")), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "code")), "already_in");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(errors, 1), "row")), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 1), "code")), "no_open_entry");
    json_decref(r);
    assert_int_equal(TRAIL(f), trail0);
    assert_int_equal(ENTRIES(f), entries0);
    /* a header without the needed columns, and another 課室's person */
    static const char nohead[] = "a,b,c\n1,2,3\n";
    assert_null(import(f, nohead, sizeof nohead - 1, ST_INVALID));
    act_as(f, f->outsider);
    static const char one[] = "職員番号,日時,方向,扉\nS1,2026-11-04 09:00,入,SR1\n";
    r = import(f, one, sizeof one - 1, ST_INVALID);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(r, "errors"), 0), "code")),
                        "record_forbidden");
    json_decref(r);
    assert_int_equal(ENTRIES(f), entries0);
}

static void equipment_moves(void **state)
{
    Fixture *f = *state;
    act_as(f, f->staff);
    Err e = {0};
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:I}", "direction", "in", "equipment", "ファイルサーバー", "carried_by",
                           "株式会社保守 保守太郎", "moved_at", "2026-11-02T10:00", "witness_person_id",
                           (json_int_t)f->contractor);
    refused(rec_move_create(&f->w.ctx, f->room, in, NULL, &e), &e, ST_INVALID, "witness_not_staff");
    json_object_set_new(in, "witness_person_id", json_integer((json_int_t)f->staff));
    refused(rec_move_create(&f->w.ctx, f->room, in, NULL, &e), &e, ST_INVALID, "impact_check_required");
    json_object_set_new(in, "impact_check", json_string("既存システムの電源容量とネットワークへの影響を確認"));
    int64_t id = 0;
    ok(rec_move_create(&f->w.ctx, f->room, in, &id, &e), &e, "move in");
    /* a 搬出 needs no impact check; the recorder may be the witness (第36条 does not forbid it) */
    json_object_set_new(in, "direction", json_string("out"));
    json_object_del(in, "impact_check");
    ok(rec_move_create(&f->w.ctx, f->room, in, NULL, &e), &e, "move out");
    act_as(f, f->outsider);
    refused(rec_move_create(&f->w.ctx, f->room, in, NULL, &e), &e, ST_FORBIDDEN, "record_forbidden");
    json_decref(in);
    json_t *o = NULL;
    act_as(f, f->manager);
    ok(rec_move_list(&f->w.ctx, f->room, &o, &e), &e, "moves");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
    json_decref(o);
}

static void work_two_person_rule(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->op1);
    json_t *in = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}", "system_id", (json_int_t)f->system, "title",
                           "ファイアウォール設定変更", "description", "通信許可ルールを1件追加", "started_at",
                           "2026-11-02T10:00", "ended_at", "2026-11-02T11:00", "config_changed", 1);
    refused(rec_work_create(&f->w.ctx, in, NULL, &e), &e, ST_INVALID, "security_review_required");
    json_object_set_new(in, "security_review", json_string("不要な通信を許可していないことを確認"));
    json_object_set_new(in, "ended_at", json_string("2026-11-02T09:00"));
    refused(rec_work_create(&f->w.ctx, in, NULL, &e), &e, ST_INVALID, "invalid_time");
    json_object_set_new(in, "ended_at", json_string("2026-11-02T11:00"));
    act_as(f, f->outsider);
    refused(rec_work_create(&f->w.ctx, in, NULL, &e), &e, ST_FORBIDDEN, "record_forbidden");
    act_as(f, f->op1);
    int64_t id = 0;
    ok(rec_work_create(&f->w.ctx, in, &id, &e), &e, "work");
    json_decref(in);
    /* the author cannot confirm their own work */
    int64_t trail0 = TRAIL(f);
    in = json_pack("{s:s}", "comment", "確認しました");
    refused(rec_work_confirm(&f->w.ctx, id, in, &e), &e, ST_FORBIDDEN, "two_person_rule");
    assert_int_equal(TRAIL(f), trail0);
    /* nor someone outside the system */
    act_as(f, f->outsider);
    refused(rec_work_confirm(&f->w.ctx, id, in, &e), &e, ST_FORBIDDEN, "record_forbidden");
    /* the second operator does */
    act_as(f, f->op2);
    ok(rec_work_confirm(&f->w.ctx, id, in, &e), &e, "confirm");
    assert_int_equal(TRAIL(f), trail0 + 1);
    refused(rec_work_confirm(&f->w.ctx, id, in, &e), &e, ST_CONFLICT, "already_confirmed");
    json_decref(in);
    json_t *o = NULL;
    ok(rec_work_get(&f->w.ctx, id, &o, &e), &e, "get");
    assert_string_equal(json_string_value(json_object_get(o, "state")), "confirmed");
    assert_int_equal(json_integer_value(json_object_get(o, "confirmer_person_id")), f->op2);
    json_decref(o);
    ok(rec_work_list(&f->w.ctx, 0, true, &o, &e), &e, "list");
    assert_int_equal(json_integer_value(json_object_get(o, "unconfirmed")), 0);
    json_decref(o);
    act_as(f, f->outsider);
    ok(rec_work_list(&f->w.ctx, 0, false, &o, &e), &e, "outsider list");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 0);
    json_decref(o);
}

static void failure_states(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->outsider); /* any 職員 reports */
    json_t *in = json_pack("{s:I, s:s, s:s, s:s}", "system_id", (json_int_t)f->system, "title", "ログインできない",
                           "description", "朝から内部情報系にログインできない", "occurred_at", "2026-11-02T08:45");
    int64_t id = 0;
    ok(rec_failure_report(&f->w.ctx, in, &id, &e), &e, "report");
    json_decref(in);
    in = json_pack("{s:s, s:s}", "state", "handling", "handling", "認証サーバーを再起動");
    refused(rec_failure_update(&f->w.ctx, id, in, &e), &e, ST_FORBIDDEN, "record_forbidden");
    act_as(f, f->sysmgr);
    ok(rec_failure_update(&f->w.ctx, id, in, &e), &e, "handling");
    refused(rec_failure_update(&f->w.ctx, id, in, &e), &e, ST_CONFLICT, "bad_state");
    json_object_set_new(in, "state", json_string("resolved"));
    refused(rec_failure_update(&f->w.ctx, id, in, &e), &e, ST_INVALID, "required");
    json_object_set_new(in, "result", json_string("復旧した"));
    json_object_set_new(in, "problems", json_string("証明書の期限切れ監視がなかった"));
    ok(rec_failure_update(&f->w.ctx, id, in, &e), &e, "resolved");
    json_decref(in);
    json_t *o = NULL;
    act_as(f, f->outsider); /* the reporter still sees it */
    ok(rec_failure_get(&f->w.ctx, id, &o, &e), &e, "get");
    assert_string_equal(json_string_value(json_object_get(o, "state")), "resolved");
    assert_false(json_is_true(json_object_get(o, "can_handle")));
    json_decref(o);
    act_as(f, f->manager); /* neither reporter nor handler */
    refused(rec_failure_get(&f->w.ctx, id, &o, &e), &e, ST_FORBIDDEN, "record_forbidden");
}

static void license_ledger(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->staff);
    json_t *fields = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "software_name", "PDF編集ソフト", "version", "12",
                               "license_kind", "commercial", "license_count", "５本", "purpose", "議会資料の作成",
                               "target_device", "情報政策課 端末 PC-0012");
    int64_t req = 0;
    ok(request_create(&f->w.ctx, "software_install", f->system, fields, &req, &e), &e, "request");
    json_decref(fields);
    ok(request_submit(&f->w.ctx, req, &e), &e, "submit");
    json_t *o = NULL;
    ok(rec_license_list(&f->w.ctx, &o, &e), &e, "list");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 0); /* not approved yet */
    json_decref(o);
    act_as(f, f->sysmgr);
    ok(request_decide(&f->w.ctx, req, "approve", "", &e), &e, "stage 1");
    act_as(f, f->chief);
    ok(request_decide(&f->w.ctx, req, "approve", "", &e), &e, "stage 2");
    act_as(f, f->outsider); /* anyone may read the ledger */
    ok(rec_license_list(&f->w.ctx, &o, &e), &e, "list");
    assert_int_equal(json_integer_value(json_object_get(o, "synced")), 1);
    json_t *row = json_array_get(json_object_get(o, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(row, "software")), "PDF編集ソフト");
    assert_int_equal(json_integer_value(json_object_get(row, "license_count")), 5);
    assert_int_equal(json_integer_value(json_object_get(row, "request_id")), req);
    assert_int_equal(json_integer_value(json_object_get(row, "system_id")), f->system);
    json_decref(o);
    ok(rec_license_list(&f->w.ctx, &o, &e), &e, "list again");
    assert_int_equal(json_integer_value(json_object_get(o, "synced")), 0);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
    json_decref(o);
    /* manual rows: the 課室's manager, not another 課室's staff */
    json_t *in = json_pack("{s:s, s:s, s:i, s:I}", "software", "表計算ソフト", "license_kind", "subscription",
                           "license_count", 10, "unit_id", (json_int_t)f->joho);
    refused(rec_license_create(&f->w.ctx, in, NULL, &e), &e, ST_FORBIDDEN, "record_forbidden");
    act_as(f, f->manager);
    ok(rec_license_create(&f->w.ctx, in, NULL, &e), &e, "manual");
    json_object_set_new(in, "license_count", json_integer(-1));
    refused(rec_license_create(&f->w.ctx, in, NULL, &e), &e, ST_INVALID, "invalid_count");
    json_decref(in);
}

static void take_out_and_bring_in(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    act_as(f, f->staff);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "asset_no", "IA-1", "name", "業務用PC",
                           "kind", "equipment", "classification_reason", "業務用", "unit_id", (json_int_t)f->joho,
                           "confidentiality", "2", "integrity", "2", "availability", "2", "holder", "職員 一郎");
    int64_t asset = 0;
    ok(asset_create(&f->w.ctx, in, &asset, &e), &e, "asset");
    json_decref(in);
    int64_t ids[2];
    static const char *const due[] = {"2026-11-01", "2026-11-09"};
    for (int i = 0; i < 2; i++) {
        act_as(f, f->staff);
        json_t *fields = json_pack("{s:s, s:s, s:s, s:s}", "destination", "道庁", "purpose", "説明会", "out_at",
                                   "2026-10-30T09:00", "return_due", due[i]);
        ok(request_create(&f->w.ctx, "take_out", asset, fields, &ids[i], &e), &e, "take_out");
        json_decref(fields);
        ok(request_submit(&f->w.ctx, ids[i], &e), &e, "submit");
        act_as(f, f->manager);
        ok(request_decide(&f->w.ctx, ids[i], "approve", "", &e), &e, "approve");
    }
    json_t *o = NULL;
    ok(rec_takeout_list(&f->w.ctx, false, &o, &e), &e, "take-outs");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
    assert_int_equal(json_integer_value(json_object_get(o, "overdue")), 1);
    json_decref(o);
    ok(rec_takeout_list(&f->w.ctx, true, &o, &e), &e, "overdue");
    json_t *row = json_array_get(json_object_get(o, "items"), 0);
    assert_int_equal(json_integer_value(json_object_get(row, "request_id")), ids[0]);
    assert_string_equal(json_string_value(json_object_get(row, "return_due")), "2026-11-01");
    assert_true(json_is_null(json_object_get(row, "returned_at")));
    json_decref(o);
    /* the return is recorded: no longer overdue */
    act_as(f, f->staff);
    ok(request_complete(&f->w.ctx, ids[0], "返却しました", &e), &e, "complete");
    ok(rec_takeout_list(&f->w.ctx, true, &o, &e), &e, "overdue after return");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 0);
    json_decref(o);
    /* another 課室's manager sees none of it */
    act_as(f, f->outsider);
    ok(rec_takeout_list(&f->w.ctx, false, &o, &e), &e, "outsider");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 0);
    json_decref(o);

    /* 持ち込み: by the person, taken away later; not by another 課室 */
    act_as(f, f->staff);
    in = json_pack("{s:s, s:s, s:s}", "item", "説明会用の持参PC", "purpose", "研修の投影", "in_at", "2026-11-02T09:00");
    int64_t b = 0;
    ok(rec_bringin_create(&f->w.ctx, in, &b, &e), &e, "bring in");
    json_object_set_new(in, "person_id", json_integer((json_int_t)f->staff));
    act_as(f, f->outsider);
    refused(rec_bringin_create(&f->w.ctx, in, NULL, &e), &e, ST_FORBIDDEN, "record_forbidden");
    json_decref(in);
    in = json_pack("{s:s}", "out_at", "2026-11-02T17:00");
    refused(rec_bringin_out(&f->w.ctx, b, in, &e), &e, ST_FORBIDDEN, "record_forbidden");
    act_as(f, f->manager);
    ok(rec_bringin_out(&f->w.ctx, b, in, &e), &e, "out");
    refused(rec_bringin_out(&f->w.ctx, b, in, &e), &e, ST_CONFLICT, "already_out");
    json_decref(in);
    ok(rec_bringin_list(&f->w.ctx, &o, &e), &e, "bring-ins");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
    json_decref(o);
    act_as(f, f->outsider);
    ok(rec_bringin_list(&f->w.ctx, &o, &e), &e, "outsider bring-ins");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 0);
    json_decref(o);
    /* the 持ち込み taken back out in SQLite, without an entry: named, then put back */
    char sql[120], want[120];
    snprintf(sql, sizeof sql, "UPDATE bring_in_records SET out_at = NULL WHERE id = %lld", (long long)b);
    assert_int_equal(db_exec(f->w.ctx.db, sql, &e), ST_OK);
    char *found = record_findings(f);
    snprintf(want, sizeof want, "bring_in_records %lld out_at differs\n", (long long)b);
    assert_string_equal(found, want);
    free(found);
    snprintf(sql, sizeof sql, "UPDATE bring_in_records SET out_at = '2026-11-02T08:00:00Z' WHERE id = %lld", (long long)b);
    assert_int_equal(db_exec(f->w.ctx.db, sql, &e), ST_OK);
}

static void room_settings_and_revocation(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    json_t *patch = json_pack("{s:s}", "office_end", "22:00");
    act_as(f, f->staff);
    refused(rec_room_update(&f->w.ctx, f->room, patch, &e), &e, ST_FORBIDDEN, "record_forbidden");
    act_as(f, f->manager);
    json_object_set_new(patch, "office_start", json_string("23:00"));
    refused(rec_room_update(&f->w.ctx, f->room, patch, &e), &e, ST_INVALID, "invalid_office_hours");
    json_object_del(patch, "office_start");
    json_t *bad = json_pack("{s:i}", "location", 5);
    refused(rec_room_update(&f->w.ctx, f->room, bad, &e), &e, ST_INVALID, "invalid_type");
    json_decref(bad);
    ok(rec_room_update(&f->w.ctx, f->room, patch, &e), &e, "update");
    json_decref(patch);
    /* the hours at the time of writing decide: 21:00 is now within them */
    int64_t late = entry(f, f->op1, "2026-11-02T21:00", "2026-11-02T21:30");
    assert_false(has_flag(f, late, "after_hours_unapproved"));
    assert_int_equal(world_count(&f->w, "SELECT after_hours FROM server_room_entries ORDER BY id DESC LIMIT 1"), 0);
    /* op1's permission ends on the 2nd: an entry on the 3rd is flagged */
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT id FROM server_room_access WHERE person_id = %lld", (long long)f->op1);
    int64_t aid = world_count(&f->w, sql);
    act_as(f, f->staff);
    refused(rec_room_revoke(&f->w.ctx, f->room, aid, "2026-11-02", &e), &e, ST_FORBIDDEN, "record_forbidden");
    act_as(f, f->manager);
    refused(rec_room_revoke(&f->w.ctx, f->room, aid, "2026-11-01", &e), &e, ST_INVALID, "invalid_date");
    refused(rec_room_revoke(&f->w.ctx, f->room, aid + 100, "2026-11-02", &e), &e, ST_NOTFOUND, "access_not_found");
    ok(rec_room_revoke(&f->w.ctx, f->room, aid, "2026-11-02", &e), &e, "revoke");
    int64_t next_day = entry(f, f->op1, "2026-11-03T10:00", NULL);
    assert_true(has_flag(f, next_day, "not_on_access_list"));
    assert_false(has_flag(f, late, "not_on_access_list"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(times_and_hours, setup, teardown),
        cmocka_unit_test_setup_teardown(after_hours_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(visitors_and_rights, setup, teardown),
        cmocka_unit_test_setup_teardown(room_settings_and_revocation, setup, teardown),
        cmocka_unit_test_setup_teardown(card_reader_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(equipment_moves, setup, teardown),
        cmocka_unit_test_setup_teardown(work_two_person_rule, setup, teardown),
        cmocka_unit_test_setup_teardown(failure_states, setup, teardown),
        cmocka_unit_test_setup_teardown(license_ledger, setup, teardown),
        cmocka_unit_test_setup_teardown(take_out_and_bring_in, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
