/* Unit tests for the store: migrations are idempotent, the per-connection statement cache hands
 * back working statements (also when the same SQL is open twice), nested transactions behave as
 * savepoints, constraint errors map to ST_CONFLICT, integrity check and online backup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/db.h"

typedef struct Fixture {
    char path[64];
    Db *db;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/lgsec-store-XXXXXX");
    int fd = mkstemp(f->path);
    close(fd);
    Err e = {0};
    assert_int_equal(db_open(f->path, &f->db, &e), ST_OK);
    assert_int_equal(db_migrate(f->db, &e), ST_OK);
    assert_int_equal(db_exec(f->db, "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER) STRICT", &e), ST_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    db_close(f->db);
    char side[80];
    unlink(f->path);
    snprintf(side, sizeof side, "%s-wal", f->path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", f->path);
    unlink(side);
    free(f);
    return 0;
}

static int64_t count(Db *db)
{
    Err e;
    Stmt *st = db_prepare(db, "SELECT count(*) FROM t", &e);
    assert_int_equal(stmt_step(st), STEP_ROW);
    int64_t n = stmt_int(st, 0);
    stmt_finalize(st);
    return n;
}

static Status insert(Db *db, const char *k, Err *e)
{
    Stmt *st = db_prepare(db, "INSERT INTO t(k, v) VALUES (?, 1)", e);
    stmt_bind_text(st, 1, k);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

static void migrations_are_idempotent(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int version = db_schema_version(f->db);
    assert_true(version >= 5);
    assert_int_equal(db_migrate(f->db, &e), ST_OK);
    assert_int_equal(db_schema_version(f->db), version);
    assert_int_equal(version, db_schema_latest());
    assert_int_equal(db_check_integrity(f->db, &e), ST_OK);
    assert_int_equal(db_quick_check(f->db, &e), ST_OK);
}

static void cached_statements_are_reset_and_reusable(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    assert_int_equal(insert(f->db, "a", &e), ST_OK);
    assert_int_equal(insert(f->db, "b", &e), ST_OK); /* same SQL: the cached statement, rebound */
    assert_int_equal(count(f->db), 2);
    /* The same SQL open twice at once: the second gets its own statement. */
    Stmt *outer = db_prepare(f->db, "SELECT k FROM t ORDER BY k", &e);
    assert_int_equal(stmt_step(outer), STEP_ROW);
    Stmt *inner = db_prepare(f->db, "SELECT k FROM t ORDER BY k", &e);
    assert_ptr_not_equal(inner, outer);
    assert_int_equal(stmt_step(inner), STEP_ROW);
    assert_string_equal(stmt_text(inner, 0), "a");
    stmt_finalize(inner);
    assert_int_equal(stmt_step(outer), STEP_ROW);
    assert_string_equal(stmt_text(outer, 0), "b");
    stmt_finalize(outer);
    /* A constraint error is a conflict, and the cached statement works afterwards. */
    assert_int_equal(insert(f->db, "a", &e), ST_CONFLICT);
    assert_int_equal(insert(f->db, "c", &e), ST_OK);
    assert_null(db_prepare(f->db, "SELEKT nonsense", &e));
    assert_int_equal(e.status, ST_DB);
}

static void nested_transactions_are_savepoints(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    assert_int_equal(db_begin(f->db, &e), ST_OK);
    assert_int_equal(insert(f->db, "outer", &e), ST_OK);
    assert_int_equal(db_begin(f->db, &e), ST_OK); /* an inner unit of work that fails */
    assert_int_equal(insert(f->db, "inner-1", &e), ST_OK);
    db_rollback(f->db);
    assert_true(db_in_transaction(f->db));
    assert_int_equal(db_begin(f->db, &e), ST_OK); /* one that succeeds */
    assert_int_equal(insert(f->db, "inner-2", &e), ST_OK);
    assert_int_equal(db_commit(f->db, &e), ST_OK);
    assert_int_equal(count(f->db), 2);
    db_rollback(f->db); /* the outer rollback undoes everything, like a dry run */
    assert_false(db_in_transaction(f->db));
    assert_int_equal(count(f->db), 0);

    assert_int_equal(db_begin(f->db, &e), ST_OK);
    assert_int_equal(db_begin(f->db, &e), ST_OK);
    assert_int_equal(insert(f->db, "kept", &e), ST_OK);
    assert_int_equal(db_commit(f->db, &e), ST_OK);
    assert_int_equal(db_commit(f->db, &e), ST_OK);
    assert_false(db_in_transaction(f->db));
    assert_int_equal(count(f->db), 1);
}

static void backup_makes_a_readable_copy(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    assert_int_equal(insert(f->db, "x", &e), ST_OK);
    char dest[80];
    snprintf(dest, sizeof dest, "%s.bak", f->path);
    assert_int_equal(db_backup(f->db, dest, &e), ST_OK);
    Db *copy = NULL;
    assert_int_equal(db_open(dest, &copy, &e), ST_OK);
    assert_int_equal(count(copy), 1);
    db_close(copy);
    unlink(dest);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(migrations_are_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(cached_statements_are_reset_and_reusable, setup, teardown),
        cmocka_unit_test_setup_teardown(nested_transactions_are_savepoints, setup, teardown),
        cmocka_unit_test_setup_teardown(backup_makes_a_readable_copy, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
