/* Fail closed, proven (DESIGN.md "Fail closed"): every privileged domain operation is run again and
 * again with the store failing — only its Nth call (db_fault_inject_once), and every Nth call
 * (db_fault_inject) — for every N from 1 to the number of storage calls the operation makes when
 * nothing fails. After each run:
 *   - an operation that returned an error left the database exactly as it was (every table's
 *     content is compared, through a separate read-only connection, so only what was committed
 *     counts) — nothing half-written;
 *   - an operation that returned ST_OK did all of its work: the database is exactly what the run
 *     without faults left (a failure it tolerated did not change what was written);
 *   - an operation that must be refused (self-approval, granting oneself a role, confirming one's
 *     own work, an auditor's own unit, a wrong password) is refused under every N;
 *   - a failure is reported as the storage error it is (ST_DB), never as a refusal, a missing row
 *     or bad input — unless the operation had already been refused for its own reason;
 *   - no transaction is left open and trail_verify passes.
 * Every case starts from the same world, restored from a file copy before each run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "fixture.h"

#include "domain/assets/assets.h"
#include "domain/evaluation/evaluation.h"
#include "domain/identity/identity.h"
#include "domain/netcheck/netcheck.h"
#include "domain/org/org.h"
#include "domain/records/records.h"
#include "domain/requests/requests.h"
#include "domain/systems/systems.h"
#include "domain/training/training.h"
#include "domain/sysaccounts/sysaccounts.h"
#include "policy/capability.h"
#include "trail/trail.h"

#define T0 1793664000 /* 2026-11-03T00:00:00Z, a Tuesday (09:00 JST) */
#define STAFF_LOGIN "shokuin.ichiro"
#define CISO_LOGIN "fuku.shicho"

typedef struct Fixture {
    TestWorld w;
    char template_path[80];
    int64_t root, somu, joho, zeimu;
    int64_t staff, manager, bucho, ciso, admin, sysmgr, op1, op2, other;
    int64_t system, asset2, room;
    int64_t take_out;      /* staff's take_out of asset2, waiting for the manager */
    int64_t own_take_out;  /* the manager's own take_out: escalated to the 部長 (第20条) */
    int64_t exception;     /* an exception_measure waiting for the CISO */
    int64_t work;          /* op1's work record, to be confirmed by someone else (第63条3) */
    int64_t draft;         /* staff's take_out, not yet submitted */
    int64_t approved;      /* staff's take_out, approved: the return is to be recorded */
    int64_t failure;       /* a failure of the system, reported by op1 */
    int64_t staff_account;
    int64_t pending_asset; /* an asset with an unknown dimension: 要判断 (第23条6(3)) */
    int64_t delegation_id;
    int64_t manager_role;  /* the manager's section_security_manager assignment */
    int64_t audit;         /* an audit of 税務課 (evaluation), waiting for its auditors */
    int64_t course;        /* a 研修 for all staff due 2026-11-10, nobody has attended yet */
    DelegationIn delegation; /* the manager's deputy for a business trip */
    char temp_password[128];
    char ciso_password[128];
    char session_token[SESSION_TOKEN_HEX + 1];
} Fixture;

static void must(Status s, const Err *e, const char *what)
{
    if (s != ST_OK)
        fail_msg("%s: %d %s %s (%s)", what, s, e->code, e->field, e->en);
}

static void act_as(Fixture *f, int64_t person) { world_act_as(&f->w, person); }

static int64_t submitted(Fixture *f, int64_t person, const char *type, int64_t object, json_t *fields)
{
    act_as(f, person);
    Err e = {0};
    int64_t id = 0;
    must(request_create(&f->w.ctx, type, object, fields, &id, &e), &e, "request_create");
    json_decref(fields);
    must(request_submit(&f->w.ctx, id, &e), &e, "request_submit");
    return id;
}

static json_t *take_out_fields(void)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "destination", "北海道庁", "purpose", "説明会", "out_at",
                     "2026-11-02T09:00", "return_due", "2026-11-06");
}

static json_t *exception_fields(const char *end)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "provisions", "第59条(3)", "reason", "旧システムの制約", "alternative",
                     "操作ログを毎日確認", "risk", "r", "start_date", "2026-11-01", "end_date", end);
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    f->delegation = (DelegationIn){.role = "section_security_manager", .valid_from = "2026-11-04",
                                   .valid_until = "2026-11-06", .reason = "出張"};
    password_set_cost(PASSWORD_COST_TEST_ONLY);
    world_open(&f->w, T0);
    f->root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    f->somu = world_unit(&f->w, f->root, "somu", "総務部", "department");
    f->joho = world_unit(&f->w, f->somu, "joho", "情報政策課", "section");
    f->zeimu = world_unit(&f->w, f->somu, "zeimu", "税務課", "section");
    f->staff = world_person(&f->w, "S1", "職員 一郎", f->joho);
    f->manager = world_person(&f->w, "M1", "課長 花子", f->joho);
    f->bucho = world_person(&f->w, "B1", "部長 太郎", f->somu);
    f->ciso = world_person(&f->w, "C1", "副市長 四郎", f->somu);
    f->admin = world_person(&f->w, "A1", "管理 五郎", f->somu);
    f->sysmgr = world_person(&f->w, "Y1", "システム 六郎", f->joho);
    f->op1 = world_person(&f->w, "O1", "運用 一", f->joho);
    f->op2 = world_person(&f->w, "O2", "運用 二", f->joho);
    f->other = world_person(&f->w, "Z1", "税務 七子", f->zeimu);
    f->delegation.deputy_person_id = f->bucho;
    Err e = {0};
    act_as(f, 0); /* the local operator registers the system */
    json_t *in = json_pack("{s:s, s:s, s:s, s:I, s:s}", "code", "SYS-1", "name", "内部情報系", "zone", "lgwan",
                           "owner_unit_id", (json_int_t)f->joho, "location", "onprem");
    must(system_create(&f->w.ctx, in, &f->system, &e), &e, "system_create");
    json_decref(in);
    world_assign(&f->w, f->admin, f->manager, "section_security_manager", "unit", f->joho);
    world_assign(&f->w, f->admin, f->bucho, "department_security_officer", "unit", f->somu);
    world_assign(&f->w, f->admin, f->ciso, "ciso", "organisation", 0);
    world_assign(&f->w, f->admin, f->sysmgr, "system_manager", "system", f->system);
    world_assign(&f->w, f->admin, f->op1, "system_operator", "system", f->system);
    world_assign(&f->w, f->admin, f->op2, "system_operator", "system", f->system);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT id FROM role_assignments WHERE person_id = %lld", (long long)f->manager);
    f->manager_role = world_count(&f->w, sql);

    act_as(f, f->staff);
    in = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "asset_no", "IA-2", "name", "住民名簿", "kind",
                   "information", "unit_id", (json_int_t)f->joho, "confidentiality", "2", "integrity", "2",
                   "availability", "2", "classification_reason", "個人情報を含む");
    must(asset_create(&f->w.ctx, in, &f->asset2, &e), &e, "asset_create");
    json_decref(in);
    in = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "asset_no", "IA-3", "name", "受領ファイル", "kind",
                   "information", "unit_id", (json_int_t)f->joho, "integrity", "1", "availability", "1",
                   "classification_reason", "機密性は要判断");
    must(asset_create(&f->w.ctx, in, &f->pending_asset, &e), &e, "asset_create (pending)");
    json_decref(in);
    f->take_out = submitted(f, f->staff, "take_out", f->asset2, take_out_fields());
    f->own_take_out = submitted(f, f->manager, "take_out", f->asset2, take_out_fields());
    f->exception = submitted(f, f->sysmgr, "exception_measure", 0, exception_fields("2027-12-31"));

    act_as(f, f->staff);
    json_t *fields = take_out_fields();
    must(request_create(&f->w.ctx, "take_out", f->asset2, fields, &f->draft, &e), &e, "request_create");
    json_decref(fields);
    f->approved = submitted(f, f->staff, "take_out", f->asset2, take_out_fields());
    act_as(f, f->manager);
    must(request_decide(&f->w.ctx, f->approved, "approve", NULL, &e), &e, "request_decide");

    act_as(f, f->manager);
    in = json_pack("{s:s, s:s, s:s, s:I}", "name", "本庁舎サーバー室", "location", "本庁舎3階", "door_code", "SR1",
                   "unit_id", (json_int_t)f->joho);
    must(rec_room_create(&f->w.ctx, in, &f->room, &e), &e, "rec_room_create");
    json_decref(in);
    in = json_pack("{s:I}", "person_id", (json_int_t)f->staff);
    must(rec_room_grant(&f->w.ctx, f->room, in, NULL, &e), &e, "rec_room_grant");
    json_decref(in);

    /* an emergency measure taken four days ago and not reported (第130条): overdue for the reminders */
    act_as(f, f->manager);
    f->w.clock.fixed = T0 - 4 * 86400;
    fields = exception_fields("2026-12-31");
    must(exception_take_emergency(&f->w.ctx, NULL, fields, NULL, &e), &e, "exception_take_emergency");
    json_decref(fields);
    f->w.clock.fixed = T0;

    act_as(f, 0);
    must(rec_holiday_set(&f->w.ctx, "2026-10-30", "開庁記念日", &e), &e, "rec_holiday_set");

    act_as(f, f->op1);
    in = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s}", "system_id", (json_int_t)f->system, "title",
                   "ファイアウォール設定変更", "description", "通信許可ルールを1件追加", "started_at",
                   "2026-11-02T10:00", "ended_at", "2026-11-02T11:00", "config_changed", 1, "security_review",
                   "不要な通信を許可していないことを確認");
    must(rec_work_create(&f->w.ctx, in, &f->work, &e), &e, "rec_work_create");
    json_decref(in);

    act_as(f, f->manager);
    must(delegation_create(&f->w.ctx, &f->delegation, &f->delegation_id, NULL, &e), &e, "delegation_create");

    act_as(f, f->op1); /* a failure of the system: seen by its reporter and its people only (第66条) */
    in = json_pack("{s:I, s:s, s:s, s:s}", "system_id", (json_int_t)f->system, "title", "ログインできない",
                   "description", "朝から内部情報系にログインできない", "occurred_at", "2026-11-02T08:45");
    must(rec_failure_report(&f->w.ctx, in, &f->failure, &e), &e, "rec_failure_report");
    json_decref(in);

    act_as(f, 0);
    char *temp = NULL;
    int64_t account = 0;
    must(account_create(&f->w.ctx, f->staff, STAFF_LOGIN, &temp, &account, &e), &e, "account_create");
    f->staff_account = account;
    snprintf(f->temp_password, sizeof f->temp_password, "%s", temp);
    sodium_memzero(temp, strlen(temp));
    free(temp);
    must(account_create(&f->w.ctx, f->ciso, CISO_LOGIN, &temp, NULL, &e), &e, "account_create");
    snprintf(f->ciso_password, sizeof f->ciso_password, "%s", temp);
    sodium_memzero(temp, strlen(temp));
    free(temp);
    char csrf[SESSION_TOKEN_HEX + 1];
    must(session_create(f->w.db, T0, account, STAGE_DONE, &f->w.pack->accounts, "10.0.0.1", "test",
                        f->session_token, csrf, &e),
         &e, "session_create");

    {
        act_as(f, f->ciso);
        uint64_t caps = f->w.actor.caps;
        f->w.actor.caps |= CAP_EVALUATION_MANAGE;
        json_t *body = json_pack("{s:i, s:s, s:I}", "fiscal_year", 2026, "title", "税務課の監査", "unit_id", (json_int_t)f->zeimu);
        must(audit_create(&f->w.ctx, body, &f->audit, &e), &e, "audit_create");
        json_decref(body);
        f->w.actor.caps = CAP_SIGNED_IN | CAP_TRAINING_MANAGE;
        body = json_pack("{s:i, s:s, s:s, s:s}", "fiscal_year", 2026, "title", "全職員研修", "audience", "all_staff", "due_on",
                         "2026-11-10");
        must(training_course_create(&f->w.ctx, body, &f->course, &e), &e, "training_course_create");
        json_decref(body);
        f->w.actor.caps = caps;
    }
    snprintf(f->template_path, sizeof f->template_path, "%s.template", f->w.path);
    must(db_backup(f->w.db, f->template_path, &e), &e, "db_backup");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    if (!f) /* setup failed */
        return 0;
    unlink(f->template_path);
    world_close(&f->w);
    free(f);
    return 0;
}

/* ---------------------------------------------------------------- the world, restored and compared */

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

/* Puts the world back as setup left it, on a new connection (an empty statement cache, no fault). */
static void restore(Fixture *f)
{
    db_close(f->w.db);
    char side[96];
    snprintf(side, sizeof side, "%s-wal", f->w.path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", f->w.path);
    unlink(side);
    copy_file(f->template_path, f->w.path);
    Err e = {0};
    must(db_open(f->w.path, &f->w.db, &e), &e, "db_open");
    f->w.ctx.db = f->w.db;
}

typedef struct Digest {
    unsigned char h[crypto_generichash_BYTES];
} Digest;

/* A hash over the committed content of every table (names, rows in rowid order, typed values), read
 * through a connection of its own so that nothing uncommitted is seen. */
static Digest digest(Fixture *f)
{
    sqlite3 *c = NULL;
    assert_int_equal(sqlite3_open_v2(f->w.path, &c, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    crypto_generichash_state hs;
    crypto_generichash_init(&hs, NULL, 0, sizeof(Digest));
    sqlite3_stmt *tables = NULL;
    assert_int_equal(sqlite3_prepare_v2(c, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", -1,
                                        &tables, NULL),
                     SQLITE_OK);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        crypto_generichash_update(&hs, (const unsigned char *)name, strlen(name) + 1);
        char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
        sqlite3_stmt *rows = NULL;
        assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &rows, NULL), SQLITE_OK);
        sqlite3_free(sql);
        int rc;
        while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(rows); i++) {
                unsigned char type = (unsigned char)sqlite3_column_type(rows, i);
                const void *p = type == SQLITE_BLOB ? sqlite3_column_blob(rows, i) : sqlite3_column_text(rows, i);
                uint64_t len = (uint64_t)sqlite3_column_bytes(rows, i);
                crypto_generichash_update(&hs, &type, 1);
                crypto_generichash_update(&hs, (const unsigned char *)&len, sizeof len);
                if (p && len)
                    crypto_generichash_update(&hs, p, len);
            }
        }
        assert_int_equal(rc, SQLITE_DONE);
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tables);
    sqlite3_close(c);
    Digest d;
    crypto_generichash_final(&hs, d.h, sizeof d.h);
    return d;
}

static bool same(Digest a, Digest b) { return memcmp(a.h, b.h, sizeof a.h) == 0; }

/* ---------------------------------------------------------------- the runner */

typedef Status (*Operation)(Fixture *f, Err *e);

typedef struct Case {
    const char *name;
    Operation op;
    bool refused; /* must never succeed (a 第20条 violation, a wrong password) */
} Case;

static void verify_trail(Fixture *f, const char *name, const char *how, int n)
{
    TrailVerifyReport rep;
    Err e = {0};
    Status s = trail_verify(f->w.db, &rep, &e);
    if (s != ST_OK || !rep.ok)
        fail_msg("%s, %s %d failing: trail_verify: %d %s %s", name, how, n, s, rep.code, rep.en);
}

/* One run of c from the restored world with the store failing as inject says; checks the outcome
 * against the world before and the world the run without faults left. */
static void run_faulted(Fixture *f, const Case *c, Status clean, const char *clean_code, Digest before, Digest done,
                        int n, bool once)
{
    restore(f);
    Err fe = {0};
    if (once)
        db_fault_inject_once(f->w.db, n);
    else
        db_fault_inject(f->w.db, n);
    Status s = c->op(f, &fe);
    db_fault_inject(f->w.db, 0);
    const char *how = once ? "only call" : "every call";
    if (db_in_transaction(f->w.db))
        fail_msg("%s, %s %d failing: a transaction was left open", c->name, how, n);
    Digest after = digest(f);
    if (c->refused && s == ST_OK)
        fail_msg("%s, %s %d failing: a refused operation succeeded", c->name, how, n);
    if (s == ST_OK && !same(after, done))
        fail_msg("%s, %s %d failing: succeeded, but what it wrote differs from the run without faults", c->name,
                 how, n);
    if (s != ST_OK) {
        if (!fe.code[0] || !fe.ja[0])
            fail_msg("%s, %s %d failing: status %d without an error code and message", c->name, how, n, s);
        /* the failure is reported as what it is, never as a refusal, a missing row or bad input */
        bool storage = s == ST_DB && strcmp(fe.code, "db_fault_injected") == 0;
        bool same_refusal = c->refused && s == clean && strcmp(fe.code, clean_code) == 0;
        if (!storage && !same_refusal)
            fail_msg("%s, %s %d failing: reported as %d %s (%s)", c->name, how, n, s, fe.code, fe.en);
        /* a refusal whose answer does not depend on the store may write its trail of the attempt */
        if (!same(after, before) && !(c->refused && s == clean && same(after, done)))
            fail_msg("%s, %s %d failing: returned %d %s but left the database changed", c->name, how, n, s,
                     fe.code);
    }
    verify_trail(f, c->name, how, n);
}

/* Runs c once without faults (to learn how many storage calls it makes and what it leaves), then
 * for every N in 1..calls once with only the Nth call failing (a failure the operation swallows
 * shows as a different result) and once with every Nth call failing (the error paths fail too).
 * Returns the number of calls. */
static int64_t run_with_faults(Fixture *f, const Case *c)
{
    restore(f);
    Digest before = digest(f);
    Err e = {0};
    db_fault_inject(f->w.db, 0);
    Status clean = c->op(f, &e);
    int64_t calls = db_fault_calls(f->w.db);
    if (c->refused && clean == ST_OK)
        fail_msg("%s: succeeded without faults but must be refused", c->name);
    if (!c->refused && clean != ST_OK)
        fail_msg("%s: failed without faults: %d %s %s", c->name, clean, e.code, e.en);
    assert_true(calls > 0 || c->refused); /* a refusal may need no storage call at all */
    Digest done = digest(f);
    verify_trail(f, c->name, "no call", 0);
    for (int n = 1; n <= calls; n++) {
        run_faulted(f, c, clean, e.code, before, done, n, true);
        run_faulted(f, c, clean, e.code, before, done, n, false);
    }
    return calls;
}

/* ---------------------------------------------------------------- the operations */

static Status approve_request(Fixture *f, Err *e)
{
    act_as(f, f->manager);
    return request_decide(&f->w.ctx, f->take_out, "approve", NULL, e);
}

static Status file_request(Fixture *f, Err *e)
{
    act_as(f, f->staff);
    json_t *fields = take_out_fields();
    Status s = request_create(&f->w.ctx, "take_out", f->asset2, fields, NULL, e);
    json_decref(fields);
    return s;
}

static Status submit_request(Fixture *f, Err *e)
{
    act_as(f, f->staff);
    return request_submit(&f->w.ctx, f->draft, e);
}

static Status record_return(Fixture *f, Err *e)
{
    act_as(f, f->manager); /* the approver of the last stage */
    return request_complete(&f->w.ctx, f->approved, "返却を確認", e);
}

static Status record_departure(Fixture *f, Err *e)
{
    act_as(f, f->staff); /* the requester */
    return request_depart(&f->w.ctx, f->approved, "出発", e);
}

static Status record_departure_approver(Fixture *f, Err *e)
{
    act_as(f, f->manager); /* only the requester records when it left */
    return request_depart(&f->w.ctx, f->approved, NULL, e);
}

static Status record_return_outsider(Fixture *f, Err *e)
{
    act_as(f, f->other); /* neither the requester nor an approver */
    return request_complete(&f->w.ctx, f->approved, "返却を確認", e);
}

static Status approve_own_request(Fixture *f, Err *e)
{
    act_as(f, f->manager); /* the requester, also the stage's role holder */
    return request_decide(&f->w.ctx, f->own_take_out, "approve", NULL, e);
}

static Status decide_escalated(Fixture *f, Err *e)
{
    act_as(f, f->bucho); /* the stage escalated past the requester (第20条) */
    return request_decide(&f->w.ctx, f->own_take_out, "reject", "持ち出しの必要なし", e);
}

static Status approve_exception(Fixture *f, Err *e)
{
    act_as(f, f->ciso);
    return request_decide(&f->w.ctx, f->exception, "approve", NULL, e);
}

static Status review_exception(Fixture *f, Err *e)
{
    act_as(f, f->ciso);
    return exception_review(&f->w.ctx, f->exception, "継続を確認", e);
}

static Status take_emergency_measure(Fixture *f, Err *e)
{
    act_as(f, f->manager);
    json_t *fields = exception_fields("2026-12-31");
    Status s = exception_take_emergency(&f->w.ctx, NULL, fields, NULL, e);
    json_decref(fields);
    return s;
}

static Status run_reminders(Fixture *f, Err *e)
{
    int n = 0;
    Status s = reminders_run(&f->w.ctx, &n, e);
    if (s == ST_OK && n == 0)
        fail_msg("the overdue emergency measure was not reported to anyone");
    return s;
}

/* training: an attendee recorded by hand and from a sign-in sheet as the CISO with training.manage,
 * refused to staff (第51条), and the reminders of the course due soon. */
static void as_training_manager(Fixture *f)
{
    act_as(f, f->ciso);
    f->w.actor.caps = CAP_SIGNED_IN | CAP_TRAINING_MANAGE;
}

static Status upload_netcheck_file(Fixture *f, Err *e)
{
    act_as(f, f->staff);
    static const char rules[] = "*filter\n:FORWARD DROP [0:0]\n-A FORWARD -p tcp --dport 25 -j ACCEPT\nCOMMIT\n";
    return netcheck_file_add(&f->w.ctx, "fw.iptables", (const unsigned char *)rules, sizeof rules - 1, NULL, e);
}

static Status record_attendance(Fixture *f, Err *e)
{
    as_training_manager(f);
    json_t *in = json_pack("{s:I, s:s}", "person_id", (json_int_t)f->staff, "attended_on", "2026-11-02");
    Status s = training_attendance_record(&f->w.ctx, f->course, in, NULL, e);
    json_decref(in);
    return s;
}

static Status record_attendance_staff(Fixture *f, Err *e)
{
    act_as(f, f->staff);
    f->w.actor.caps = CAP_SIGNED_IN;
    json_t *in = json_pack("{s:I, s:s}", "person_id", (json_int_t)f->staff, "attended_on", "2026-11-02");
    Status s = training_attendance_record(&f->w.ctx, f->course, in, NULL, e);
    json_decref(in);
    return s;
}

static Status import_attendance(Fixture *f, Err *e)
{
    as_training_manager(f);
    static const char csv[] = "職員番号,受講日\r\nS1,2026/11/02\r\nO1,2026/11/02\r\nZ1,2026/11/01\r\n";
    json_t *out = NULL;
    Status s = training_import(&f->w.ctx, f->course, (const unsigned char *)csv, sizeof csv - 1, "sheet.csv", NULL, false,
                               &out, e);
    if (s == ST_OK && json_integer_value(json_object_get(out, "created")) != 3)
        fail_msg("the import did not record its three rows");
    json_decref(out);
    return s;
}

static Status remind_training(Fixture *f, Err *e)
{
    int n = 0;
    Status s = training_remind(&f->w.ctx, &n, e);
    if (s == ST_OK && n == 0)
        fail_msg("nobody was reminded of the course");
    return s;
}

/* evaluation: a periodic duty recorded by its owner (the CISO's training, 第51条2) or refused to
 * someone else; the reminders on a day the CISO's duties are due soon (they write notifications). */
static Status record_duty(Fixture *f, Err *e)
{
    act_as(f, f->ciso);
    return duty_record(&f->w.ctx, "training_per_fiscal_year", "2026-11-02", "全職員研修を実施", NULL, NULL, e);
}

static Status record_duty_outsider(Fixture *f, Err *e)
{
    act_as(f, f->staff);
    return duty_record(&f->w.ctx, "training_per_fiscal_year", "2026-11-02", "全職員研修を実施", NULL, NULL, e);
}

/* 第155条: an auditor from the audited 課室's 部局 is refused; one from another 課室 is assigned. */
static Status assign_auditor(Fixture *f, Err *e, int64_t person)
{
    act_as(f, f->ciso);
    uint64_t caps = f->w.actor.caps;
    f->w.actor.caps |= CAP_EVALUATION_MANAGE;
    Status s = audit_assign(&f->w.ctx, f->audit, person, e);
    f->w.actor.caps = caps;
    return s;
}
static Status assign_independent_auditor(Fixture *f, Err *e) { return assign_auditor(f, e, f->staff); }
static Status assign_auditor_of_own_unit(Fixture *f, Err *e) { return assign_auditor(f, e, f->bucho); }

static Status remind_duties(Fixture *f, Err *e)
{
    int64_t was = f->w.clock.fixed;
    f->w.clock.fixed = T0 + 127 * 86400; /* 2027-03-10 */
    int n = 0;
    Status s = duties_remind(&f->w.ctx, &n, e);
    f->w.clock.fixed = was;
    if (s == ST_OK && n == 0)
        fail_msg("the CISO was not reminded of the duties due soon");
    return s;
}

static Status assign_role(Fixture *f, Err *e)
{
    act_as(f, f->admin);
    RoleAssignment ra = {.person_id = f->other, .role = "section_security_manager", .scope_kind = "unit",
                         .scope_id = f->zeimu, .valid_from = "2026-11-03"};
    return role_assign(&f->w.ctx, &ra, NULL, e);
}

static Status assign_own_role(Fixture *f, Err *e)
{
    act_as(f, f->admin);
    RoleAssignment ra = {.person_id = f->admin, .role = "ciso", .scope_kind = "organisation",
                         .valid_from = "2026-11-03"};
    return role_assign(&f->w.ctx, &ra, NULL, e);
}

static Status end_role(Fixture *f, Err *e)
{
    act_as(f, f->admin);
    return role_end(&f->w.ctx, f->manager_role, "2026-11-30", e);
}

static Status end_own_role(Fixture *f, Err *e)
{
    act_as(f, f->manager);
    return role_end(&f->w.ctx, f->manager_role, "2026-11-30", e);
}

static Status assign_taken_unique_role(Fixture *f, Err *e)
{
    act_as(f, f->admin); /* 情報政策課 has its 情報セキュリティ管理者 already */
    RoleAssignment ra = {.person_id = f->staff, .role = "section_security_manager", .scope_kind = "unit",
                         .scope_id = f->joho, .valid_from = "2026-11-03"};
    return role_assign(&f->w.ctx, &ra, NULL, e);
}

static Status delegate_again(Fixture *f, Err *e)
{
    act_as(f, f->manager); /* the same deputy for an overlapping period */
    DelegationIn in = f->delegation;
    in.valid_from = "2026-11-05";
    in.valid_until = "2026-11-10";
    return delegation_create(&f->w.ctx, &in, NULL, NULL, e);
}

static Status delegate(Fixture *f, Err *e)
{
    act_as(f, f->manager);
    DelegationIn in = f->delegation;
    in.deputy_person_id = f->staff;
    return delegation_create(&f->w.ctx, &in, NULL, NULL, e);
}

static Status update_unit(Fixture *f, const char *field, json_t *value, Err *e)
{
    act_as(f, f->admin);
    json_t *patch = json_object();
    json_object_set_new(patch, field, value);
    Status s = org_update_unit(&f->w.ctx, f->zeimu, patch, e);
    json_decref(patch);
    return s;
}

static Status abolish_unit_with_people(Fixture *f, Err *e)
{
    return update_unit(f, "active", json_false(), e); /* 税務課 still has its staff */
}

static Status rename_unit(Fixture *f, Err *e) { return update_unit(f, "name", json_string("税務課(新)"), e); }

static Status move_unit_under_itself(Fixture *f, Err *e)
{
    act_as(f, f->admin);
    json_t *patch = json_pack("{s:I}", "parent_id", (json_int_t)f->joho);
    Status s = org_update_unit(&f->w.ctx, f->somu, patch, e);
    json_decref(patch);
    return s;
}

static Status audit_own_unit(Fixture *f, Err *e)
{
    DutySubject subject = {.unit_id = f->somu}; /* the 部局 above the auditor's 課室 */
    return separation_check(&f->w.ctx, DUTY_AUDIT, f->staff, &subject, e);
}

static Status audit_other_unit(Fixture *f, Err *e)
{
    DutySubject subject = {.unit_id = f->zeimu};
    return separation_check(&f->w.ctx, DUTY_AUDIT, f->staff, &subject, e);
}

static Status create_asset(Fixture *f, Err *e)
{
    act_as(f, f->staff);
    json_t *in = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "name", "課内共有フォルダ", "kind",
                           "information", "unit_id", (json_int_t)f->joho, "confidentiality", "2", "integrity", "2",
                           "availability", "2", "classification_reason", "内部の検討資料");
    Status s = asset_create(&f->w.ctx, in, NULL, e);
    json_decref(in);
    return s;
}

static Status update_asset(Fixture *f, Err *e)
{
    act_as(f, f->staff);
    json_t *patch = json_pack("{s:s, s:s}", "name", "住民名簿(令和8年度)", "custodian", "職員 一郎");
    Status s = asset_update(&f->w.ctx, f->asset2, patch, e);
    json_decref(patch);
    return s;
}

static Status entry_at(Fixture *f, const char *time_in, const char *time_out, Err *e)
{
    act_as(f, f->manager);
    json_t *in = json_pack("{s:I, s:s, s:s}", "person_id", (json_int_t)f->staff, "purpose", "保守点検", "time_in",
                           time_in);
    if (time_out)
        json_object_set_new(in, "time_out", json_string(time_out));
    Status s = rec_entry_create(&f->w.ctx, f->room, in, NULL, e);
    json_decref(in);
    return s;
}

static Status dispose_asset(Fixture *f, Err *e)
{
    act_as(f, f->staff); /* 廃棄 waits for the manager's permission (第23条12(3)) */
    json_t *in = json_pack("{s:s, s:s}", "kind", "dispose", "details", "シュレッダーで裁断");
    Status s = asset_add_event(&f->w.ctx, f->asset2, in, NULL, e);
    json_decref(in);
    return s;
}

static Status record_entry(Fixture *f, Err *e) { return entry_at(f, "2026-11-02T10:00", "2026-11-02T11:00", e); }

/* on a holiday the entry is after hours (第35条): a failed holiday lookup must not make it a working day
 * (no exit yet, so the time in is the only time looked up) */
static Status record_holiday_entry(Fixture *f, Err *e) { return entry_at(f, "2026-10-30T10:00", NULL, e); }

static Status confirm_work(Fixture *f, Err *e)
{
    act_as(f, f->op2);
    json_t *in = json_pack("{s:s}", "comment", "確認しました");
    Status s = rec_work_confirm(&f->w.ctx, f->work, in, e);
    json_decref(in);
    return s;
}

static Status confirm_own_work(Fixture *f, Err *e)
{
    act_as(f, f->op1); /* 第63条3: the author never confirms their own work */
    json_t *in = json_pack("{s:s}", "comment", "確認しました");
    Status s = rec_work_confirm(&f->w.ctx, f->work, in, e);
    json_decref(in);
    return s;
}

static Status login(Fixture *f, Err *e)
{
    LoginResult r;
    return account_login(&f->w.ctx, &f->w.pack->accounts, STAFF_LOGIN, f->temp_password, NULL, &r, e);
}

static Status login_wrong_password(Fixture *f, Err *e)
{
    LoginResult r;
    return account_login(&f->w.ctx, &f->w.pack->accounts, STAFF_LOGIN, "wrong-password-1", NULL, &r, e);
}

/* The CISO's role is privileged: the second factor is required (第84条), however the store fails. */
static Status login_privileged(Fixture *f, Err *e)
{
    LoginResult r;
    Status s = account_login(&f->w.ctx, &f->w.pack->accounts, CISO_LOGIN, f->ciso_password, NULL, &r, e);
    if (s == ST_OK && !r.mfa_required)
        fail_msg("the CISO signed in without the second factor being required");
    return s;
}

static Status validate_session(Fixture *f, Err *e)
{
    SessionInfo s;
    /* five minutes on: the lookup also records that the session was seen */
    Status st = session_lookup(f->w.db, T0 + 300, &f->w.pack->accounts, f->session_token, &s, e);
    if (st == ST_OK && (s.person_id != f->staff || s.stage != STAGE_DONE))
        fail_msg("session_lookup answered for the wrong person or stage");
    return st;
}

static Status capabilities(Fixture *f, Err *e)
{
    uint64_t caps = 0;
    bool privileged = false;
    Status s = roles_capabilities(&f->w.ctx, f->ciso, &caps, &privileged, e);
    if (s == ST_OK && !privileged)
        fail_msg("the CISO came out unprivileged");
    return s;
}

static Status may_view_request(Fixture *f, Err *e)
{
    act_as(f, f->other); /* neither requester nor approver */
    Status s = request_may_view(&f->w.ctx, f->take_out, e);
    return s;
}

static Status withdraw_request(Fixture *f, Err *e)
{
    act_as(f, f->staff);
    return request_withdraw(&f->w.ctx, f->take_out, "不要になった", e);
}

static Status return_request(Fixture *f, Err *e)
{
    act_as(f, f->manager);
    return request_decide(&f->w.ctx, f->take_out, "return", "行き先を具体的に", e);
}

static Status add_restriction(Fixture *f, Err *e)
{
    act_as(f, f->staff);
    return asset_add_restriction(&f->w.ctx, f->asset2, "issued_devices_only", "持ち帰り禁止の徹底", e);
}

static Status update_system(Fixture *f, Err *e)
{
    act_as(f, f->sysmgr); /* the system's 情報システム管理者 */
    json_t *patch = json_pack("{s:b, s:b}", "redundancy", 1, "maintenance", 1);
    Status s = system_update(&f->w.ctx, f->system, patch, e);
    json_decref(patch);
    return s;
}

static Status update_system_outsider(Fixture *f, Err *e)
{
    act_as(f, f->other);
    json_t *patch = json_pack("{s:b}", "redundancy", 0);
    Status s = system_update(&f->w.ctx, f->system, patch, e);
    json_decref(patch);
    return s;
}

static Status create_unit(Fixture *f, Err *e)
{
    act_as(f, f->admin);
    json_t *in = json_pack("{s:s, s:s, s:s, s:I}", "code", "kikaku", "name", "企画課", "kind", "section", "parent_id",
                           (json_int_t)f->somu);
    Status s = org_create_unit(&f->w.ctx, in, NULL, e);
    json_decref(in);
    return s;
}

static Status move_person(Fixture *f, Err *e)
{
    act_as(f, f->admin); /* 人事異動: the person's 課室 decides what they may edit */
    json_t *patch = json_pack("{s:I}", "unit_id", (json_int_t)f->zeimu);
    Status s = people_update(&f->w.ctx, f->staff, patch, e);
    json_decref(patch);
    return s;
}

static Status disable_account(Fixture *f, Err *e)
{
    act_as(f, 0);
    return account_disable(&f->w.ctx, f->staff_account, e);
}

static Status sign_out(Fixture *f, Err *e)
{
    return session_logout(&f->w.ctx, f->session_token, e);
}

static Status record_move(Fixture *f, Err *e)
{
    act_as(f, f->staff); /* 第36条: a 職員 witnesses; a 搬入 needs its impact check */
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "direction", "in", "equipment", "ファイルサーバー",
                           "carried_by", "株式会社保守 保守太郎", "moved_at", "2026-11-02T10:00", "witness_person_id",
                           (json_int_t)f->staff, "impact_check", "既存システムの電源容量を確認");
    Status s = rec_move_create(&f->w.ctx, f->room, in, NULL, e);
    json_decref(in);
    return s;
}

static Status record_license(Fixture *f, Err *e)
{
    act_as(f, f->manager); /* 第76条(2) */
    json_t *in = json_pack("{s:s, s:s, s:i, s:I}", "software", "表計算ソフト", "license_kind", "subscription",
                           "license_count", 10, "unit_id", (json_int_t)f->joho);
    Status s = rec_license_create(&f->w.ctx, in, NULL, e);
    json_decref(in);
    return s;
}

static Status record_license_outsider(Fixture *f, Err *e)
{
    act_as(f, f->staff); /* not the section's manager */
    json_t *in = json_pack("{s:s, s:s, s:i, s:I}", "software", "表計算ソフト", "license_kind", "subscription",
                           "license_count", 10, "unit_id", (json_int_t)f->joho);
    Status s = rec_license_create(&f->w.ctx, in, NULL, e);
    json_decref(in);
    return s;
}

static Status handle_failure(Fixture *f, Err *e)
{
    act_as(f, f->sysmgr);
    json_t *in = json_pack("{s:s, s:s}", "state", "handling", "handling", "認証サーバーを再起動");
    Status s = rec_failure_update(&f->w.ctx, f->failure, in, e);
    json_decref(in);
    return s;
}

static Status handle_failure_outsider(Fixture *f, Err *e)
{
    act_as(f, f->other);
    json_t *in = json_pack("{s:s, s:s}", "state", "handling", "handling", "認証サーバーを再起動");
    Status s = rec_failure_update(&f->w.ctx, f->failure, in, e);
    json_decref(in);
    return s;
}

static Status record_bring_in(Fixture *f, Err *e)
{
    act_as(f, f->staff); /* 第43条 */
    json_t *in = json_pack("{s:s, s:s, s:s}", "item", "説明会用の持参PC", "purpose", "研修の投影", "in_at",
                           "2026-11-02T09:00");
    Status s = rec_bringin_create(&f->w.ctx, in, NULL, e);
    json_decref(in);
    return s;
}

static Status import_card_log(Fixture *f, Err *e)
{
    act_as(f, f->manager);
    static const char csv[] = "職員番号,日時,方向,扉\r\n"
                              "S1,2026-11-02 09:00,入,SR1\r\n"
                              "S1,2026-11-02 10:00,出,SR1\r\n";
    json_t *report = NULL;
    Status s = rec_entries_import(&f->w.ctx, (const unsigned char *)csv, sizeof csv - 1, &report, e);
    if (s == ST_OK && json_integer_value(json_object_get(report, "closed")) != 1)
        fail_msg("the card log was imported without its exit");
    json_decref(report);
    return s;
}

static Status change_password(Fixture *f, Err *e)
{
    return account_change_password(&f->w.ctx, &f->w.pack->accounts, f->staff_account, f->temp_password,
                                   "kumo-hashi-7-ringo-ame", e);
}

static Status decide_classification(Fixture *f, Err *e)
{
    act_as(f, f->manager);
    return asset_decide(&f->w.ctx, f->pending_asset, "2", "1", "1", "個人情報を含む", e);
}

static Status decide_classification_staff(Fixture *f, Err *e)
{
    act_as(f, f->staff); /* only the section's 情報セキュリティ管理者 decides */
    return asset_decide(&f->w.ctx, f->pending_asset, "1", "1", "1", "公開情報", e);
}

static Status copy_asset(Fixture *f, Err *e)
{
    act_as(f, f->staff);
    json_t *in = json_pack("{s:s, s:s, s:b, s:b}", "name", "住民名簿の写し", "storage_place", "書庫B", "transmitted", 0,
                           "derived", 0);
    Status s = asset_copy(&f->w.ctx, f->asset2, in, NULL, e);
    json_decref(in);
    return s;
}

static Status revoke_delegation(Fixture *f, Err *e)
{
    act_as(f, f->manager);
    return delegation_revoke(&f->w.ctx, f->delegation_id, e);
}

/* need-to-know: a list never shows what the reader may not see, whatever fails */
static Status failures_seen_by(Fixture *f, int64_t person, size_t want, Err *e)
{
    act_as(f, person);
    json_t *o = NULL;
    Status s = rec_failure_list(&f->w.ctx, NULL, &o, e);
    if (s == ST_OK && json_array_size(json_object_get(o, "items")) != want)
        fail_msg("person %lld saw %zu failure records, not %zu", (long long)person,
                 json_array_size(json_object_get(o, "items")), want);
    json_decref(o);
    return s;
}

static Status list_failures_outsider(Fixture *f, Err *e) { return failures_seen_by(f, f->other, 0, e); }

static Status list_failures_handler(Fixture *f, Err *e) { return failures_seen_by(f, f->sysmgr, 1, e); }

/* Need-to-know (第23条): 情報政策課's 機密性2 asset is never in another 課's list, even when storage
 * fails part-way (a failure is an error, never a wider reach). */
static Status assets_seen_by(Fixture *f, int64_t person, bool want, Err *e)
{
    act_as(f, person);
    AssetQuery q = {.personal = -1, .limit = 200};
    char *text = NULL;
    Status s = asset_list(&f->w.ctx, &q, &text, e);
    if (s == ST_OK) {
        json_t *o = json_loads(text, 0, NULL);
        bool seen = false;
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(o, "items"), i, it) seen |= json_integer_value(json_object_get(it, "id")) == f->asset2;
        if (seen != want)
            fail_msg("person %lld %s the asset", (long long)person, seen ? "saw" : "did not see");
        json_decref(o);
    }
    free(text);
    return s;
}

static Status list_assets_outsider(Fixture *f, Err *e) { return assets_seen_by(f, f->other, false, e); }
static Status list_assets_staff(Fixture *f, Err *e) { return assets_seen_by(f, f->staff, true, e); }

static Status read_asset_outsider(Fixture *f, Err *e)
{
    act_as(f, f->other);
    json_t *a = NULL;
    Status s = asset_get(&f->w.ctx, f->asset2, &a, e);
    json_decref(a);
    return s;
}

/* what a person may record (the record screens' forms): whatever fails, an outsider is offered no
 * 課室, no system to keep and no one else's 持ち込み */
static Status abilities_outsider(Fixture *f, Err *e)
{
    act_as(f, f->other);
    json_t *o = NULL;
    Status s = rec_abilities(&f->w.ctx, &o, e);
    if (s == ST_OK && (json_array_size(json_object_get(o, "room_units")) ||
                       json_array_size(json_object_get(o, "work_systems")) ||
                       json_is_true(json_object_get(o, "bringin_for_others"))))
        fail_msg("an outsider was offered records they may not make");
    json_decref(o);
    return s;
}

/* the 入退室管理簿 of a period as a document: refused to an outsider under every failure; printed
 * (or failed as the storage error) for its keeper */
static Status room_book(Fixture *f, int64_t person, Err *e)
{
    act_as(f, person);
    unsigned char *data = NULL;
    size_t len = 0;
    Status s = rec_room_book_export(&f->w.ctx, f->room, "2026-10-01", "2026-11-30", ROOM_BOOK_PDF, &data, &len, e);
    if (s == ST_OK && (len < 5 || memcmp(data, "%PDF-", 5) != 0))
        fail_msg("the room book is not a PDF");
    free(data);
    return s;
}

static Status room_book_keeper(Fixture *f, Err *e) { return room_book(f, f->manager, e); }

static Status room_book_outsider(Fixture *f, Err *e) { return room_book(f, f->other, e); }

static Status may_view_request_approver(Fixture *f, Err *e)
{
    act_as(f, f->manager); /* must decide it now */
    return request_may_view(&f->w.ctx, f->take_out, e);
}

/* IDs of every system (第83条・第84条): the system's 情報システム管理者 imports its account list (one
 * snapshot, all rows or none, with its trail entry); an outsider is refused; the findings read; the
 * 統括 opens an access review over every system's IDs. */
static const char ids_csv[] = "利用者ID,職員番号,氏名,権限,最終ログイン,状態\r\n"
                              "y1,Y1,システム 六郎,システム管理者,2026/11/1,有効\r\n"
                              "guest01,,,一般,2026/1/5,有効\r\n";

static Status import_ids_as(Fixture *f, int64_t person, Err *e)
{
    act_as(f, person);
    json_t *out = NULL;
    Status s = sysaccounts_import(&f->w.ctx, f->system, NULL, "ids.csv", (const unsigned char *)ids_csv,
                                  sizeof ids_csv - 1, NULL, false, &out, e);
    json_decref(out);
    return s;
}
static Status import_ids(Fixture *f, Err *e) { return import_ids_as(f, f->sysmgr, e); }
static Status import_ids_outsider(Fixture *f, Err *e) { return import_ids_as(f, f->other, e); }

static Status read_ids(Fixture *f, Err *e)
{
    act_as(f, f->sysmgr);
    json_t *out = NULL;
    Status s = sysaccounts_system(&f->w.ctx, f->system, &out, e);
    json_decref(out);
    return s;
}

static Status read_ids_outsider(Fixture *f, Err *e)
{
    act_as(f, f->other);
    json_t *out = NULL;
    Status s = sysaccounts_system(&f->w.ctx, f->system, &out, e);
    json_decref(out);
    return s;
}

static Status open_access_review(Fixture *f, Err *e)
{
    act_as(f, f->ciso);
    uint64_t caps = f->w.actor.caps;
    f->w.actor.caps |= CAP_EVALUATION_MANAGE;
    int64_t id = 0;
    Status s = access_review_open(&f->w.ctx, "令和8年度 上期", "2026-12-01", &id, e);
    f->w.actor.caps = caps;
    return s;
}

static const Case cases[] = {
    {"file a request", file_request, false},
    {"submit a request", submit_request, false},
    {"approve a request", approve_request, false},
    {"record a return as the approver", record_return, false},
    {"record the departure", record_departure, false},
    {"record the departure as the approver", record_departure_approver, true},
    {"record a return as an outsider", record_return_outsider, true},
    {"approve one's own request (第20条)", approve_own_request, true},
    {"withdraw a request", withdraw_request, false},
    {"return a request to its requester", return_request, false},
    {"decide a stage escalated past the requester", decide_escalated, false},
    {"approve an exception (第129条)", approve_exception, false},
    {"review an exception (第131条)", review_exception, false},
    {"take an emergency measure (第130条)", take_emergency_measure, false},
    {"send the reminders (overdue report)", run_reminders, false},
    {"assign a role", assign_role, false},
    {"assign oneself a role (第20条)", assign_own_role, true},
    {"assign a unique role that is taken", assign_taken_unique_role, true},
    {"name a deputy (第84条3)", delegate, false},
    {"name the same deputy for an overlapping period", delegate_again, true},
    {"rename a unit", rename_unit, false},
    {"abolish a unit that still has people", abolish_unit_with_people, true},
    {"move a unit under its own sub-unit", move_unit_under_itself, true},
    {"end a role", end_role, false},
    {"end one's own role (第20条)", end_own_role, true},
    {"audit one's own department (第20条)", audit_own_unit, true},
    {"audit another unit", audit_other_unit, false},
    {"create an asset", create_asset, false},
    {"update an asset", update_asset, false},
    {"record a disposal, pending permission", dispose_asset, false},
    {"add a handling restriction (第22条)", add_restriction, false},
    {"update a system as its manager", update_system, false},
    {"update a system as an outsider (第17条)", update_system_outsider, true},
    {"create a unit", create_unit, false},
    {"move a person to another unit", move_person, false},
    {"disable an account", disable_account, false},
    {"sign out", sign_out, false},
    {"record an equipment move (第36条)", record_move, false},
    {"record a license as the section's manager", record_license, false},
    {"record a license as staff (第76条)", record_license_outsider, true},
    {"handle a failure as the system's manager", handle_failure, false},
    {"handle a failure as an outsider (第66条)", handle_failure_outsider, true},
    {"record a bring-in (第43条)", record_bring_in, false},
    {"import a card reader's log", import_card_log, false},
    {"change a temporary password (第88条)", change_password, false},
    {"decide a pending classification", decide_classification, false},
    {"decide a pending classification as staff (第23条6(3))", decide_classification_staff, true},
    {"copy an asset", copy_asset, false},
    {"revoke a delegation", revoke_delegation, false},
    {"record a server room entry", record_entry, false},
    {"record a server room entry on a holiday", record_holiday_entry, false},
    {"confirm someone's work (第63条3)", confirm_work, false},
    {"confirm one's own work (第63条3)", confirm_own_work, true},
    {"sign in", login, false},
    {"sign in with a wrong password", login_wrong_password, true},
    {"sign in with a privileged role (第84条)", login_privileged, false},
    {"validate a session", validate_session, false},
    {"a person's capabilities", capabilities, false},
    {"read a request one has no part in", may_view_request, true},
    {"read a request one must decide", may_view_request_approver, false},
    {"list failure records as an outsider (第66条)", list_failures_outsider, false},
    {"list failure records as the system's manager", list_failures_handler, false},
    {"list the asset register as another 課's staff (第23条)", list_assets_outsider, false},
    {"list the asset register as the owning 課's staff", list_assets_staff, false},
    {"read another 課's 機密性2 asset (第23条)", read_asset_outsider, true},
    {"offer an outsider what they may record", abilities_outsider, false},
    {"print the room book as its keeper (第35条)", room_book_keeper, false},
    {"print the room book as an outsider (第35条)", room_book_outsider, true},
    {"record a periodic duty done", record_duty, false},
    {"record another role's periodic duty", record_duty_outsider, true},
    {"remind the owners of periodic duties", remind_duties, false},
    {"assign an auditor independent of the audited 課室 (第155条)", assign_independent_auditor, false},
    {"assign an auditor from the audited 課室's 部局 (第155条)", assign_auditor_of_own_unit, true},
    {"upload a firewall configuration for netcheck (第24条)", upload_netcheck_file, false},
    {"record a course's attendee (第51条)", record_attendance, false},
    {"record attendance without training.manage", record_attendance_staff, true},
    {"import attendance from a sign-in sheet", import_attendance, false},
    {"remind those who have not attended a course", remind_training, false},
    {"import a system's account list as its manager (第83条)", import_ids, false},
    {"import a system's account list as an outsider", import_ids_outsider, true},
    {"read a system's IDs with their findings", read_ids, false},
    {"read another system's IDs", read_ids_outsider, true},
    {"open an access review (第83条(3))", open_access_review, false},
};

/* ---------------------------------------------------------------- tests */

static void injector_fails_the_nth_call(void **state)
{
    Fixture *f = *state;
    restore(f);
    Err e = {0};
    db_fault_inject(f->w.db, 3);
    Stmt *a = db_prepare(f->w.db, "SELECT 1", &e); /* call 1 */
    assert_non_null(a);
    assert_int_equal(stmt_step(a), STEP_ROW); /* call 2 */
    stmt_reset(a);
    assert_int_equal(stmt_step(a), STEP_ERROR); /* call 3 fails */
    assert_int_equal(stmt_error(a, &e), ST_DB);
    assert_string_equal(e.code, "db_fault_injected");
    stmt_finalize(a);
    Stmt *b = db_prepare(f->w.db, "SELECT 1", &e); /* call 4 */
    assert_non_null(b);
    stmt_finalize(b);
    assert_int_equal(db_begin(f->w.db, &e), ST_OK);  /* call 5 */
    assert_int_equal(db_commit(f->w.db, &e), ST_DB); /* call 6 fails: the transaction is rolled back */
    assert_false(db_in_transaction(f->w.db));
    assert_int_equal(db_exec(f->w.db, "SELECT 1", &e), ST_OK); /* call 7 */
    assert_int_equal(db_exec(f->w.db, "SELECT 1", &e), ST_OK); /* call 8 */
    memset(&e, 0, sizeof e);
    assert_null(db_prepare(f->w.db, "SELECT 2", &e)); /* call 9 fails */
    assert_string_equal(e.code, "db_fault_injected");
    assert_int_equal(db_fault_calls(f->w.db), 9);
    /* once: only the 2nd call fails */
    db_fault_inject_once(f->w.db, 2);
    assert_int_equal(db_exec(f->w.db, "SELECT 1", &e), ST_OK);
    assert_int_equal(db_exec(f->w.db, "SELECT 1", &e), ST_DB);
    for (int i = 0; i < 4; i++)
        assert_int_equal(db_exec(f->w.db, "SELECT 1", &e), ST_OK);
    db_fault_inject(f->w.db, 0);
    assert_int_equal(db_exec(f->w.db, "SELECT 1", &e), ST_OK);
    assert_int_equal(db_fault_calls(f->w.db), 1);
}

/* The cases are split over FAULTS_SHARDS executables (tests/unit/meson.build) so that they run on both
 * cores; shard FAULTS_SHARD runs the cases whose index leaves that remainder. */
#ifndef FAULTS_SHARDS
#define FAULTS_SHARDS 1
#define FAULTS_SHARD 0
#endif

static void every_operation_fails_closed(void **state)
{
    Fixture *f = *state;
    for (size_t i = FAULTS_SHARD; i < sizeof cases / sizeof *cases; i += FAULTS_SHARDS) {
        int64_t calls = run_with_faults(f, &cases[i]);
        print_message("  %-52s %3lld storage calls, each failed alone and every Nth\n", cases[i].name,
                      (long long)calls);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(injector_fails_the_nth_call), /* quick: in every shard */
        cmocka_unit_test(every_operation_fails_closed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
