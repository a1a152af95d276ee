/* Unit tests for domain/account and domain/session against a temporary SQLite file: reserved
 * login IDs, temporary passwords (forced change, expiry), lockout timing with an injected clock,
 * previous login and failures since, TOTP enrolment/replay/recovery codes, administrator's
 * operations, session timeouts, tokens and passwords never stored in clear, rate limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <liboath/oath.h>

#include "domain/identity/identity.h"
#include "policy/pack.h"

#define T0 1775001600 /* 2026-04-01T00:00:00Z */
#define GOOD_PASSWORD "kumo-hashi-7-ringo-ame"
#define LOCKOUT_UNKNOWN_FACTOR_FOR_TEST 10 /* lockout_internal.h: LOCKOUT_UNKNOWN_FACTOR */

static const PackAccountPolicy pol = {
    .password_min_length = 12,
    .lockout_threshold = 5,
    .lockout_minutes = 15,
    .session_idle_minutes = 30,
    .session_absolute_hours = 10,
    .login_rate_per_minute = 0, /* off except in the rate test */
};

typedef struct Fixture {
    char path[64];
    Db *db;
    Clock clock;
    Actor actor;
    Pack *pack;
    Ctx ctx;
    int64_t person;          /* ordinary person */
    int64_t mynumber_person; /* works in the マイナンバー利用事務系 */
} Fixture;

static int64_t add_person(Db *db, const char *staff_no, const char *kana, int mynumber)
{
    Err e = {0};
    Stmt *st = db_prepare(db,
                          "INSERT INTO people(staff_no, name, kana, employment, unit_id, mynumber_zone,"
                          " active_from, created_at, updated_at) VALUES (?, ?, ?, 'regular', 1, ?,"
                          " '2020-04-01', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                          &e);
    assert_non_null(st);
    stmt_bind_text(st, 1, staff_no);
    stmt_bind_text(st, 2, "試験 太郎");
    stmt_bind_text(st, 3, kana);
    stmt_bind_int(st, 4, mynumber);
    assert_int_equal(stmt_step(st), STEP_DONE);
    stmt_finalize(st);
    return db_last_insert_id(db);
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/lgsec-test-account-XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    close(fd);
    Err e = {0};
    assert_int_equal(db_open(f->path, &f->db, &e), ST_OK);
    assert_int_equal(db_migrate(f->db, &e), ST_OK);
    assert_int_equal(db_exec(f->db,
                             "INSERT INTO org_units(id, code, name, kind, created_at, updated_at)"
                             " VALUES (1, 'soumu', '総務課', 'section', '2026-01-01T00:00:00Z',"
                             " '2026-01-01T00:00:00Z')",
                             &e),
                     ST_OK);
    f->person = add_person(f->db, "1001", "シケン タロウ", 0);
    f->mynumber_person = add_person(f->db, "1002", "マイ ナンバ", 1);
    f->clock = clock_fixed(T0);
    snprintf(f->actor.login_id, sizeof f->actor.login_id, "cli");
    PackIssues issues = {0};
    assert_int_equal(pack_load_embedded(&f->pack, &issues, &e), ST_OK);
    f->ctx = ctx_make(f->db, &f->clock, &f->actor, f->pack);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    db_close(f->db);
    pack_free(f->pack);
    char p[80];
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

static int64_t create(Fixture *f, int64_t person, const char *login, char **temp)
{
    Err e = {0};
    int64_t id = 0;
    assert_int_equal(account_create(&f->ctx, person, login, temp, &id, &e), ST_OK);
    assert_true(id > 0);
    return id;
}

static Status login(Fixture *f, const char *id, const char *pw, LoginResult *r, Err *e)
{
    memset(e, 0, sizeof *e);
    return account_login(&f->ctx, &pol, id, pw, NULL, r, e);
}

/* Creates an account and changes its temporary password to GOOD_PASSWORD. */
static int64_t ready_account(Fixture *f, int64_t person, const char *id)
{
    char *temp = NULL;
    int64_t acc = create(f, person, id, &temp);
    Err e = {0};
    assert_int_equal(account_change_password(&f->ctx, &pol, acc, temp, GOOD_PASSWORD, &e),
                     ST_OK);
    free(temp);
    return acc;
}

static int64_t count_rows(Db *db, const char *sql)
{
    Err e = {0};
    Stmt *st = db_prepare(db, sql, &e);
    assert_non_null(st);
    assert_int_equal(stmt_step(st), STEP_ROW);
    int64_t n = stmt_int(st, 0);
    stmt_finalize(st);
    return n;
}

static void reserved_and_invalid_login_ids(void **state)
{
    Fixture *f = *state;
    static const char *reserved[] = {"admin", "Administrator", "ROOT", "sysadmin", "system",
                                     "superuser", "guest", "test", "user", "operator", "lgsec",
                                     "admin01", "root-2", NULL};
    for (const char **r = reserved; *r; r++) {
        char *temp = NULL;
        Err e = {0};
        assert_int_equal(account_create(&f->ctx, f->person, *r, &temp, NULL, &e), ST_INVALID);
        assert_string_equal(e.code, "login_id_reserved");
        assert_null(temp);
    }
    static const char *invalid[] = {"ab", "tanaka hanako", "-tanaka", "田中", "a23456789012345678901234567890123",
                                    "", NULL};
    for (const char **r = invalid; *r; r++) {
        char *temp = NULL;
        Err e = {0};
        assert_int_equal(account_create(&f->ctx, f->person, *r, &temp, NULL, &e), ST_INVALID);
        assert_string_equal(e.code, "login_id_invalid");
    }
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM accounts"), 0);
    /* upper case is folded; a second account for the person or the same ID is refused */
    char *temp = NULL;
    int64_t id = create(f, f->person, "Tanaka.H", &temp);
    free(temp);
    AccountInfo a;
    Err e = {0};
    assert_int_equal(account_get(f->db, id, &a, &e), ST_OK);
    assert_string_equal(a.login_id, "tanaka.h");
    assert_int_equal(account_create(&f->ctx, f->person, "tanaka2", &temp, NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "account_exists");
    assert_int_equal(account_create(&f->ctx, f->mynumber_person, "TANAKA.h", &temp, NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "login_id_taken");
    assert_int_equal(account_create(&f->ctx, 999, "nobody.here", &temp, NULL, &e), ST_NOTFOUND);
    assert_string_equal(e.code, "person_not_found");
}

static void temporary_password_must_be_changed(void **state)
{
    Fixture *f = *state;
    char *temp = NULL;
    int64_t id = create(f, f->person, "tanaka.h", &temp);
    assert_int_equal(strlen(temp), PASSWORD_TEMP_LENGTH);
    LoginResult r;
    Err e;
    assert_int_equal(login(f, "TANAKA.H", temp, &r, &e), ST_OK);
    assert_int_equal(r.account_id, id);
    assert_int_equal(r.person_id, f->person);
    assert_true(r.must_change_password);
    assert_int_equal(r.stage, STAGE_PASSWORD_CHANGE);
    assert_int_equal(r.previous_login_at, 0);

    f->clock.fixed += 60;
    assert_int_equal(account_change_password(&f->ctx, &pol, id, "wrong", GOOD_PASSWORD, &e),
                     ST_AUTH);
    assert_string_equal(e.code, "invalid_credentials");
    assert_string_equal(e.field, "current_password");
    assert_int_equal(account_change_password(&f->ctx, &pol, id, temp, "short", &e), ST_INVALID);
    assert_string_equal(e.code, "password_too_short");
    assert_string_equal(e.field, "new_password");
    assert_int_equal(account_change_password(&f->ctx, &pol, id, temp, temp, &e), ST_INVALID);
    assert_string_equal(e.code, "password_same");
    assert_int_equal(account_change_password(&f->ctx, &pol, id, temp, "tanaka.h-blue-river", &e),
                     ST_INVALID);
    assert_string_equal(e.code, "password_contains_login_id");
    assert_int_equal(account_change_password(&f->ctx, &pol, id, temp, "shiken-kumo-ame-7", &e),
                     ST_INVALID);
    assert_string_equal(e.code, "password_contains_name"); /* シケン → shiken */
    assert_int_equal(account_change_password(&f->ctx, &pol, id, temp, GOOD_PASSWORD, &e), ST_OK);

    f->clock.fixed += 3600;
    assert_int_equal(login(f, "tanaka.h", temp, &r, &e), ST_AUTH);
    assert_string_equal(e.code, "invalid_credentials");
    assert_int_equal(login(f, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
    assert_false(r.must_change_password);
    assert_int_equal(r.stage, STAGE_DONE);
    assert_int_equal(r.previous_login_at, T0);
    assert_int_equal(r.failed_since_previous, 2); /* the wrong current password and the temp one */
    free(temp);
}

static void temporary_password_expires(void **state)
{
    Fixture *f = *state;
    char *temp = NULL;
    create(f, f->person, "tanaka.h", &temp);
    LoginResult r;
    Err e;
    f->clock.fixed = T0 + ACCOUNT_TEMP_PASSWORD_DAYS * 86400 - 1;
    assert_int_equal(login(f, "tanaka.h", temp, &r, &e), ST_OK);
    f->clock.fixed = T0 + ACCOUNT_TEMP_PASSWORD_DAYS * 86400;
    assert_int_equal(login(f, "tanaka.h", temp, &r, &e), ST_AUTH);
    assert_string_equal(e.code, "temporary_password_expired");
    /* a reset issues a new temporary password with a new expiry */
    AccountInfo a;
    assert_int_equal(account_find_by_login(f->db, "tanaka.h", &a, &e), ST_OK);
    char *again = NULL;
    assert_int_equal(account_reset_password(&f->ctx, a.id, &again, &e), ST_OK);
    assert_string_not_equal(again, temp);
    assert_int_equal(login(f, "tanaka.h", temp, &r, &e), ST_AUTH);
    assert_string_equal(e.code, "invalid_credentials");
    assert_int_equal(login(f, "tanaka.h", again, &r, &e), ST_OK);
    assert_int_equal(r.stage, STAGE_PASSWORD_CHANGE);
    free(temp);
    free(again);
}

static Status login_from(Fixture *f, const char *addr, const char *id, const char *pw, LoginResult *r, Err *e)
{
    memset(e, 0, sizeof *e);
    return account_login(&f->ctx, &pol, id, pw, addr, r, e);
}

/* 第87条 with a count per account AND source: an outsider who fails from their own terminal stops
 * only that terminal, for longer at each lock, while the holder signs in from theirs. */
static void lockout_after_threshold(void **state)
{
    Fixture *f = *state;
    int64_t id = ready_account(f, f->person, "tanaka.h");
    LoginResult r;
    Err e, unknown;
    const char *home = "10.0.0.5", *outsider = "10.9.9.9";
    assert_int_equal(login_from(f, home, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
    const int64_t first_login = f->clock.fixed;
    assert_int_equal(login_from(f, outsider, "nosuch.user", "wrong-password-1", &r, &unknown), ST_AUTH);
    for (int i = 0; i < pol.lockout_threshold; i++) {
        f->clock.fixed += 10;
        assert_int_equal(login_from(f, outsider, "tanaka.h", "wrong-password-1", &r, &e), ST_AUTH);
        assert_string_equal(e.code, "invalid_credentials");
        assert_string_equal(e.ja, unknown.ja); /* the Nth, which locks, answers the same */
    }
    const int64_t lock_time = f->clock.fixed;
    /* the right password from the locked terminal: the same answer as a wrong one */
    assert_int_equal(login_from(f, outsider, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_AUTH);
    assert_string_equal(e.ja, unknown.ja);
    /* the holder, from their own terminal, is not locked out; the failures are reported */
    assert_int_equal(login_from(f, home, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
    assert_int_equal(r.previous_login_at, first_login);
    assert_int_equal(r.failed_since_previous, pol.lockout_threshold);
    /* the holder is told of the lock; the trail has it */
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM notifications WHERE kind = 'account_locked'"), 1);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM trail_entries WHERE action = 'account.locked'"), 1);
    /* the lock ends after lockout_minutes; the next lock of the same terminal lasts twice as long */
    f->clock.fixed = lock_time + pol.lockout_minutes * 60 - 1;
    assert_int_equal(login_from(f, outsider, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_AUTH);
    f->clock.fixed = lock_time + pol.lockout_minutes * 60;
    for (int i = 0; i < pol.lockout_threshold; i++)
        assert_int_equal(login_from(f, outsider, "tanaka.h", "wrong-password-1", &r, &e), ST_AUTH);
    const int64_t second_lock = f->clock.fixed;
    f->clock.fixed = second_lock + 2 * pol.lockout_minutes * 60 - 1;
    assert_int_equal(login_from(f, outsider, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_AUTH);
    f->clock.fixed = second_lock + 2 * pol.lockout_minutes * 60;
    assert_int_equal(login_from(f, outsider, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
    /* a success resets the count: N-1 failures, success, N-1 failures never lock */
    for (int round = 0; round < 2; round++) {
        for (int i = 1; i < pol.lockout_threshold; i++)
            assert_int_equal(login_from(f, outsider, "tanaka.h", "wrong-password-1", &r, &e), ST_AUTH);
        assert_int_equal(login_from(f, outsider, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
    }
    /* an administrator can unlock early */
    for (int i = 0; i < pol.lockout_threshold; i++)
        login_from(f, outsider, "tanaka.h", "wrong-password-1", &r, &e);
    assert_int_equal(login_from(f, outsider, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_AUTH);
    assert_int_equal(account_unlock(&f->ctx, id, &e), ST_OK);
    assert_int_equal(login_from(f, outsider, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
}

/* Many addresses sharing the guessing of one account: together they are stopped; the terminals the
 * holder signed in from are not. */
static void unknown_sources_together(void **state)
{
    Fixture *f = *state;
    ready_account(f, f->person, "tanaka.h");
    LoginResult r;
    Err e;
    assert_int_equal(login_from(f, "10.0.0.5", "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
    char addr[32];
    for (int i = 0; i < LOCKOUT_UNKNOWN_FACTOR_FOR_TEST * pol.lockout_threshold; i++) {
        snprintf(addr, sizeof addr, "192.0.2.%d", i % 250 + 1);
        if (i >= 250)
            snprintf(addr, sizeof addr, "198.51.100.%d", i % 250 + 1);
        f->clock.fixed += 1;
        assert_int_equal(login_from(f, addr, "tanaka.h", "wrong-password-1", &r, &e), ST_AUTH);
    }
    assert_int_equal(login_from(f, "203.0.113.7", "tanaka.h", GOOD_PASSWORD, &r, &e), ST_AUTH);
    assert_int_equal(login_from(f, "10.0.0.5", "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
    /* a day later the unknown sources are forgotten */
    f->clock.fixed += 86400 + 1;
    assert_int_equal(login_from(f, "203.0.113.7", "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
}

/* The uniform answer (docs/security.md, "Sign-in"): an unknown ID, a wrong password, a locked account
 * (right or wrong password) and a disabled one (right or wrong password) get the same status, code,
 * field and messages, and cost the same work — exactly one Argon2id verification each, as a
 * successful sign-in does (counted, not timed). */
static void uniform_login_answer(void **state)
{
    Fixture *f = *state;
    int64_t id = ready_account(f, f->person, "tanaka.h");
    LoginResult r;
    Err want, e;
    const char *outsider = "10.9.9.9";
    unsigned long before = password_verifications();
    assert_int_equal(login_from(f, "10.0.0.5", "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
    assert_int_equal(password_verifications() - before, 1);
    before = password_verifications();
    assert_int_equal(login_from(f, outsider, "nosuch.user", GOOD_PASSWORD, &r, &want), ST_AUTH);
    assert_int_equal(password_verifications() - before, 1);
    struct {
        const char *what, *id, *password;
    } cases[] = {
        {"unknown ID", "nosuch.user", "wrong-password-1"},
        {"unknown ID too long to exist", "x234567890123456789012345678901234567890123456789012345678901234567890", "pw"},
        {"wrong password", "tanaka.h", "wrong-password-1"},
        {"password not valid UTF-8", "tanaka.h", "\xff\xfe"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        before = password_verifications();
        f->clock.fixed += 1;
        assert_int_equal(login_from(f, outsider, cases[i].id, cases[i].password, &r, &e), ST_AUTH);
        if (password_verifications() - before != 1)
            fail_msg("%s: %lu verifications", cases[i].what, password_verifications() - before);
        assert_string_equal(e.code, want.code);
        assert_string_equal(e.field, want.field);
        assert_string_equal(e.ja, want.ja);
        assert_string_equal(e.en, want.en);
    }
    /* locked from the outsider's terminal */
    for (int i = 0; i < pol.lockout_threshold; i++)
        login_from(f, outsider, "tanaka.h", "wrong-password-1", &r, &e);
    const char *passwords[] = {GOOD_PASSWORD, "wrong-password-1"};
    for (int k = 0; k < 2; k++) {
        before = password_verifications();
        assert_int_equal(login_from(f, outsider, "tanaka.h", passwords[k], &r, &e), ST_AUTH);
        assert_int_equal(password_verifications() - before, 1);
        assert_string_equal(e.code, want.code);
        assert_string_equal(e.ja, want.ja);
        assert_string_equal(e.en, want.en);
    }
    /* disabled, from a terminal that is not locked */
    assert_int_equal(account_disable(&f->ctx, id, &e), ST_OK);
    for (int k = 0; k < 2; k++) {
        before = password_verifications();
        assert_int_equal(login_from(f, "10.0.0.5", "tanaka.h", passwords[k], &r, &e), ST_AUTH);
        assert_int_equal(password_verifications() - before, 1);
        assert_string_equal(e.code, want.code);
        assert_string_equal(e.field, want.field);
        assert_string_equal(e.ja, want.ja);
        assert_string_equal(e.en, want.en);
    }
}

static void unknown_and_disabled_accounts(void **state)
{
    Fixture *f = *state;
    int64_t id = ready_account(f, f->person, "tanaka.h");
    LoginResult r;
    Err unknown, wrong;
    assert_int_equal(login(f, "nosuch.user", GOOD_PASSWORD, &r, &unknown), ST_AUTH);
    assert_int_equal(login(f, "tanaka.h", "wrong-password-1", &r, &wrong), ST_AUTH);
    assert_string_equal(unknown.code, wrong.code);
    assert_string_equal(unknown.ja, wrong.ja);
    Err e;
    assert_int_equal(login(f, "x' OR 1=1 --", GOOD_PASSWORD, &r, &e), ST_AUTH);
    assert_int_equal(login(f, NULL, NULL, &r, &e), ST_AUTH);

    char token[65], csrf[65];
    assert_int_equal(session_create(f->db, T0, id, STAGE_DONE, &pol, "10.0.0.1", "test", token, csrf, &e),
                     ST_OK);
    assert_int_equal(account_disable(&f->ctx, id, &e), ST_OK);
    assert_int_equal(account_disable(&f->ctx, id, &e), ST_CONFLICT);
    /* disabled: the right password gets the answer an unknown ID gets */
    assert_int_equal(login(f, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_AUTH);
    assert_string_equal(e.code, unknown.code);
    assert_string_equal(e.ja, unknown.ja);
    assert_int_equal(login(f, "tanaka.h", "wrong-password-1", &r, &e), ST_AUTH);
    assert_string_equal(e.code, "invalid_credentials");
    SessionInfo s;
    assert_int_equal(session_lookup(f->db, T0, &pol, token, &s, &e), ST_AUTH);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM sessions"), 0);
}

static void mfa_required_for_mynumber_and_privileged(void **state)
{
    Fixture *f = *state;
    ready_account(f, f->person, "tanaka.h");
    ready_account(f, f->mynumber_person, "mai.n");
    LoginResult r;
    Err e;
    assert_int_equal(login(f, "mai.n", GOOD_PASSWORD, &r, &e), ST_OK);
    assert_true(r.mfa_required);
    assert_false(r.mfa_enrolled);
    assert_int_equal(r.stage, STAGE_MFA_ENROL);
    assert_int_equal(login(f, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
    assert_false(r.mfa_required);
    assert_int_equal(r.stage, STAGE_DONE);
}

static void mfa_required_for_privileged_role(void **state)
{
    Fixture *f = *state;
    ready_account(f, f->person, "tanaka.h");
    LoginResult r;
    Err e = {0};
    /* the CISO is a privileged role of the pack (roles.yaml privileged: true, 第84条) */
    assert_int_equal(db_exec(f->db,
                             "INSERT INTO role_assignments(person_id, role, scope_kind, valid_from, created_at)"
                             " SELECT id, 'ciso', 'organisation', '2020-04-01', '2026-01-01T00:00:00Z' FROM people"
                             " WHERE staff_no = '1001'",
                             &e),
                     ST_OK);
    assert_true(account_mfa_required(&f->ctx, f->person));
    assert_int_equal(login(f, "tanaka.h", GOOD_PASSWORD, &r, &e), ST_OK);
    assert_true(r.mfa_required);
    assert_int_equal(r.stage, STAGE_MFA_ENROL);
}

/* The second-factor rule fails closed: an unknown person, or people that cannot be read, need TOTP. */
static void mfa_required_fails_closed(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    assert_false(account_mfa_required(&f->ctx, f->person));
    assert_true(account_mfa_required(&f->ctx, f->mynumber_person));
    assert_true(account_mfa_required(&f->ctx, 424242));
    assert_int_equal(db_exec(f->db, "ALTER TABLE people RENAME TO people_gone", &e), ST_OK);
    assert_true(account_mfa_required(&f->ctx, f->person));
}

static void code_for(const char *secret_b32, int64_t t, char out[9])
{
    char *key = NULL;
    size_t len = 0;
    assert_int_equal(oath_base32_decode(secret_b32, strlen(secret_b32), &key, &len), OATH_OK);
    Err e = {0};
    assert_int_equal(totp_generate(key, len, t, 6, out, &e), ST_OK);
    free(key);
}

static void mfa_enrol_verify_replay_recovery(void **state)
{
    Fixture *f = *state;
    int64_t id = ready_account(f, f->mynumber_person, "mai.n");
    Err e = {0};
    char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
    assert_int_equal(account_mfa_confirm(&f->ctx, id, "123456", codes, &e), ST_CONFLICT);
    assert_string_equal(e.code, "mfa_not_started");
    MfaEnrolment m;
    assert_int_equal(account_mfa_begin(&f->ctx, id, &m, &e), ST_OK);
    assert_non_null(strstr(m.uri, m.secret));
    assert_non_null(strstr(m.svg, "<svg"));
    /* pending: not active yet */
    AccountInfo a;
    assert_int_equal(account_get(f->db, id, &a, &e), ST_OK);
    assert_false(a.mfa_enrolled);
    char code[9];
    code_for(m.secret, T0, code);
    char wrong[9];
    snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 1) % 1000000);
    assert_int_equal(account_mfa_confirm(&f->ctx, id, wrong, codes, &e), ST_AUTH); /* a failed second factor, as at sign-in */
    assert_string_equal(e.code, "mfa_invalid_code");
    assert_int_equal(account_mfa_confirm(&f->ctx, id, code, codes, &e), ST_OK);
    assert_int_equal(account_mfa_begin(&f->ctx, id, &(MfaEnrolment){0}, &e), ST_CONFLICT);

    LoginResult r;
    f->clock.fixed += 5;
    assert_int_equal(login(f, "mai.n", GOOD_PASSWORD, &r, &e), ST_OK);
    assert_true(r.mfa_enrolled);
    assert_int_equal(r.stage, STAGE_MFA);
    /* the enrolment code cannot be replayed */
    assert_int_equal(account_mfa_verify(&f->ctx, &pol, id, code, NULL, &e), ST_AUTH);
    assert_string_equal(e.code, "mfa_invalid_code");
    f->clock.fixed += 30;
    code_for(m.secret, f->clock.fixed, code);
    bool used_recovery = true;
    assert_int_equal(account_mfa_verify(&f->ctx, &pol, id, code, &used_recovery, &e), ST_OK);
    assert_false(used_recovery);
    assert_int_equal(account_mfa_verify(&f->ctx, &pol, id, code, NULL, &e), ST_AUTH);
    /* recovery codes: single use, any case/spacing */
    char typed[32];
    snprintf(typed, sizeof typed, " %.4s %.4s ", codes[3], codes[3] + 5);
    for (char *p = typed; *p; p++)
        *p = (char)((*p >= 'a' && *p <= 'z') ? *p - 32 : *p);
    assert_int_equal(account_mfa_verify(&f->ctx, &pol, id, typed, &used_recovery, &e), ST_OK);
    assert_true(used_recovery);
    assert_int_equal(account_mfa_verify(&f->ctx, &pol, id, codes[3], NULL, &e), ST_AUTH);
    int left = 0;
    assert_int_equal(account_recovery_codes_left(f->db, id, &left, &e), ST_OK);
    assert_int_equal(left, TOTP_RECOVERY_COUNT - 1);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM recovery_codes WHERE code_hash LIKE '$argon2id$%'"),
                     TOTP_RECOVERY_COUNT);
    /* wrong codes count towards lockout */
    for (int i = 0; i < pol.lockout_threshold; i++)
        account_mfa_verify(&f->ctx, &pol, id, "000000", NULL, &e);
    assert_string_equal(e.code, "account_locked");
    f->clock.fixed += 30;
    code_for(m.secret, f->clock.fixed, code);
    assert_int_equal(account_mfa_verify(&f->ctx, &pol, id, code, NULL, &e), ST_LOCKED);
    /* a lost device: the administrator resets, the person enrols again */
    assert_int_equal(account_mfa_reset(&f->ctx, id, &e), ST_OK);
    assert_int_equal(account_get(f->db, id, &a, &e), ST_OK);
    assert_false(a.mfa_enrolled);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM recovery_codes"), 0);
    mfa_enrolment_free(&m);
}

static void mfa_enrolment_expires(void **state)
{
    Fixture *f = *state;
    int64_t id = ready_account(f, f->mynumber_person, "mai.n");
    MfaEnrolment m;
    Err e = {0};
    assert_int_equal(account_mfa_begin(&f->ctx, id, &m, &e), ST_OK);
    f->clock.fixed += ACCOUNT_MFA_PENDING_MINUTES * 60 + 1;
    char code[9], codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
    code_for(m.secret, f->clock.fixed, code);
    assert_int_equal(account_mfa_confirm(&f->ctx, id, code, codes, &e), ST_INVALID);
    assert_string_equal(e.code, "mfa_enrol_expired");
    mfa_enrolment_free(&m);
}

static void session_timeouts(void **state)
{
    Fixture *f = *state;
    int64_t id = ready_account(f, f->person, "tanaka.h");
    Err e = {0};
    char token[65], csrf[65];
    SessionInfo s;
    /* idle timeout */
    assert_int_equal(session_create(f->db, T0, id, STAGE_DONE, &pol, "10.0.0.1", "Edge", token, csrf, &e),
                     ST_OK);
    assert_int_equal(strlen(token), 64);
    assert_int_equal(session_lookup(f->db, T0 + 29 * 60, &pol, token, &s, &e), ST_OK);
    assert_int_equal(s.account_id, id);
    assert_int_equal(s.person_id, f->person);
    assert_string_equal(s.csrf, csrf);
    assert_string_equal(s.login_id, "tanaka.h");
    assert_int_equal(s.last_seen_at, T0 + 29 * 60); /* touched */
    assert_int_equal(session_lookup(f->db, T0 + 29 * 60 + 30, &pol, token, &s, &e), ST_OK);
    assert_int_equal(s.last_seen_at, T0 + 29 * 60); /* not touched again within a minute */
    assert_int_equal(session_lookup(f->db, T0 + 59 * 60, &pol, token, &s, &e), ST_AUTH);
    assert_string_equal(e.code, "session_expired");
    assert_int_equal(session_lookup(f->db, T0 + 59 * 60, &pol, token, &s, &e), ST_AUTH);
    assert_string_equal(e.code, "session_invalid"); /* the row was deleted */

    /* absolute timeout, even when active */
    assert_int_equal(session_create(f->db, T0, id, STAGE_DONE, &pol, NULL, NULL, token, csrf, &e), ST_OK);
    int64_t t = T0;
    for (; t < T0 + pol.session_absolute_hours * 3600 - 600; t += 600)
        assert_int_equal(session_lookup(f->db, t, &pol, token, &s, &e), ST_OK);
    assert_int_equal(session_lookup(f->db, T0 + pol.session_absolute_hours * 3600, &pol, token, &s, &e),
                     ST_AUTH);
    assert_string_equal(e.code, "session_expired");

    /* a session still at the second factor lives only a few minutes */
    assert_int_equal(session_create(f->db, T0, id, STAGE_MFA, &pol, NULL, NULL, token, csrf, &e), ST_OK);
    assert_int_equal(session_lookup(f->db, T0 + 60, &pol, token, &s, &e), ST_OK);
    assert_int_equal(s.stage, STAGE_MFA);
    assert_int_equal(session_set_stage(f->db, s.id, STAGE_DONE, &e), ST_OK);
    assert_int_equal(session_lookup(f->db, T0 + SESSION_PENDING_MINUTES * 60 + 60, &pol, token, &s, &e), ST_OK);
    assert_int_equal(s.stage, STAGE_DONE);
    assert_int_equal(session_create(f->db, T0, id, STAGE_MFA, &pol, NULL, NULL, token, csrf, &e), ST_OK);
    assert_int_equal(session_lookup(f->db, T0 + SESSION_PENDING_MINUTES * 60, &pol, token, &s, &e), ST_AUTH);

    /* malformed tokens, destroy, logout, destroy all */
    assert_int_equal(session_lookup(f->db, T0, &pol, "abc", &s, &e), ST_AUTH);
    assert_string_equal(e.code, "session_invalid");
    assert_int_equal(session_create(f->db, T0, id, STAGE_DONE, &pol, NULL, NULL, token, csrf, &e), ST_OK);
    assert_int_equal(session_logout(&f->ctx, token, &e), ST_OK);
    assert_int_equal(session_lookup(f->db, T0, &pol, token, &s, &e), ST_AUTH);
    char t2[65];
    assert_int_equal(session_create(f->db, T0, id, STAGE_DONE, &pol, NULL, NULL, token, csrf, &e), ST_OK);
    assert_int_equal(session_create(f->db, T0, id, STAGE_DONE, &pol, NULL, NULL, t2, csrf, &e), ST_OK);
    assert_string_not_equal(token, t2);
    /* a password change ends every session of the account */
    assert_int_equal(account_change_password(&f->ctx, &pol, id, GOOD_PASSWORD, "ame-ringo-hashi-9", &e),
                     ST_OK);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM sessions"), 0);
    assert_int_equal(session_destroy(f->db, t2, &e), ST_OK);
}

/* True if needle occurs anywhere in the database file or its WAL. */
static bool file_contains(const char *path, const char *needle)
{
    char p[96];
    bool found = false;
    for (int i = 0; i < 2 && !found; i++) {
        snprintf(p, sizeof p, i ? "%s-wal" : "%s", path);
        FILE *fp = fopen(p, "rb");
        if (!fp)
            continue;
        fseek(fp, 0, SEEK_END);
        long n = ftell(fp);
        fseek(fp, 0, SEEK_SET);
        char *buf = malloc((size_t)n + 1);
        size_t got = fread(buf, 1, (size_t)n, fp);
        fclose(fp);
        found = memmem(buf, got, needle, strlen(needle)) != NULL;
        free(buf);
    }
    return found;
}

static void secrets_never_stored_in_clear(void **state)
{
    Fixture *f = *state;
    char *temp = NULL;
    int64_t id = create(f, f->person, "tanaka.h", &temp);
    Err e = {0};
    char token[65], csrf[65], hash[65];
    assert_int_equal(session_create(f->db, T0, id, STAGE_DONE, &pol, NULL, NULL, token, csrf, &e), ST_OK);
    assert_true(session_token_hash(token, hash));
    assert_int_equal(account_change_password(&f->ctx, &pol, id, temp, GOOD_PASSWORD, &e), ST_OK);
    char token2[65];
    assert_int_equal(session_create(f->db, T0, id, STAGE_DONE, &pol, NULL, NULL, token2, csrf, &e), ST_OK);
    db_close(f->db); /* checkpoints the WAL into the file */
    f->db = NULL;
    assert_false(file_contains(f->path, token2));
    assert_false(file_contains(f->path, temp));
    assert_false(file_contains(f->path, GOOD_PASSWORD));
    assert_true(file_contains(f->path, "tanaka.h")); /* the scan does find what is there */
    assert_true(file_contains(f->path, csrf));
    assert_int_equal(db_open(f->path, &f->db, &e), ST_OK);
    char token2_hash[65];
    assert_true(session_token_hash(token2, token2_hash));
    Stmt *st = db_prepare(f->db, "SELECT count(*) FROM sessions WHERE token_hash = ?", &e);
    stmt_bind_text(st, 1, token2_hash);
    assert_int_equal(stmt_step(st), STEP_ROW);
    assert_int_equal(stmt_int(st, 0), 1);
    stmt_finalize(st);
    free(temp);
}

static void rate_limit_per_address(void **state)
{
    Fixture *f = *state;
    ready_account(f, f->person, "tanaka.h");
    PackAccountPolicy limited = pol;
    limited.login_rate_per_minute = 3;
    LoginResult r;
    Err e = {0};
    for (int i = 0; i < 3; i++)
        assert_int_equal(account_login(&f->ctx, &limited, "nosuch", "x", "192.0.2.1", &r, &e),
                         ST_AUTH);
    assert_int_equal(account_login(&f->ctx, &limited, "tanaka.h", GOOD_PASSWORD, "192.0.2.1",
                                   &r, &e),
                     ST_LIMIT);
    assert_string_equal(e.code, "login_rate_limited");
    assert_int_equal(account_login(&f->ctx, &limited, "tanaka.h", GOOD_PASSWORD, "192.0.2.2",
                                   &r, &e),
                     ST_OK);
    f->clock.fixed += 61;
    assert_int_equal(account_login(&f->ctx, &limited, "tanaka.h", GOOD_PASSWORD, "192.0.2.1",
                                   &r, &e),
                     ST_OK);
}

static void list_as_json(void **state)
{
    Fixture *f = *state;
    ready_account(f, f->person, "tanaka.h");
    char *temp = NULL;
    create(f, f->mynumber_person, "mai.n", &temp);
    free(temp);
    json_t *list = NULL;
    Err e = {0};
    assert_int_equal(account_list(f->db, &list, &e), ST_OK);
    assert_int_equal(json_array_size(list), 2);
    json_t *first = json_array_get(list, 0);
    assert_string_equal(json_string_value(json_object_get(first, "login_id")), "mai.n");
    assert_string_equal(json_string_value(json_object_get(first, "staff_no")), "1002");
    assert_true(json_is_true(json_object_get(first, "must_change_password")));
    char *dump = json_dumps(list, 0);
    assert_null(strstr(dump, "argon2"));
    free(dump);
    json_decref(list);
}

int main(void)
{
    password_set_cost(PASSWORD_COST_TEST_ONLY);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(reserved_and_invalid_login_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(temporary_password_must_be_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(temporary_password_expires, setup, teardown),
        cmocka_unit_test_setup_teardown(lockout_after_threshold, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_sources_together, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_and_disabled_accounts, setup, teardown),
        cmocka_unit_test_setup_teardown(uniform_login_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(mfa_required_for_mynumber_and_privileged, setup, teardown),
        cmocka_unit_test_setup_teardown(mfa_required_for_privileged_role, setup, teardown),
        cmocka_unit_test_setup_teardown(mfa_required_fails_closed, setup, teardown),
        cmocka_unit_test_setup_teardown(mfa_enrol_verify_replay_recovery, setup, teardown),
        cmocka_unit_test_setup_teardown(mfa_enrolment_expires, setup, teardown),
        cmocka_unit_test_setup_teardown(session_timeouts, setup, teardown),
        cmocka_unit_test_setup_teardown(secrets_never_stored_in_clear, setup, teardown),
        cmocka_unit_test_setup_teardown(rate_limit_per_address, setup, teardown),
        cmocka_unit_test_setup_teardown(list_as_json, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
