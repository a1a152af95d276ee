/* db: the narrow storage interface every layer above uses. Today SQLite; the calls are kept to
 * prepare/bind/step/column/transaction so that a PostgreSQL backend can be added behind them.
 * Portable SQL rules for callers: `?` or numbered `?N` parameters only (a PostgreSQL backend rewrites them
 * to $n), no SQLite-only functions in domain SQL, timestamps as ISO 8601 TEXT, booleans as INTEGER.
 *
 * One Db per thread: a Db is not shared between threads. Writes go in db_begin (BEGIN IMMEDIATE)
 * ... db_commit transactions; a busy timeout makes concurrent writers wait instead of failing. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef struct Db Db;
typedef struct Stmt Stmt;

typedef enum StepResult { STEP_ROW, STEP_DONE, STEP_ERROR } StepResult;

/* Opens (creating if absent) the database at path with WAL, foreign keys and a busy timeout.
 * Does not migrate. Caller frees with db_close. */
Status db_open(const char *path, Db **out, Err *e);
void db_close(Db *db);
const char *db_path(const Db *db);

/* Applies the embedded migrations not yet recorded in schema_migrations, each in its own
 * transaction. */
Status db_migrate(Db *db, Err *e);
/* Current schema version (highest applied migration number), 0 for a fresh file. */
int db_schema_version(Db *db);
/* The highest migration this binary carries: what db_migrate brings a database to. */
int db_schema_latest(void);
/* PRAGMA integrity_check and foreign_key_check; ST_TAMPER with a message when either fails. */
Status db_check_integrity(Db *db, Err *e);
/* PRAGMA quick_check: integrity_check without comparing index contents (fast on a large file);
 * ST_TAMPER with the first problem when it fails. */
Status db_quick_check(Db *db, Err *e);
/* Online backup into a new file (SQLite backup API). */
Status db_backup(Db *db, const char *dest_path, Err *e);

/* Statements. db_prepare returns NULL and fills e on a syntax error (a programming error). The
 * statement is released with stmt_finalize, which keeps it in the connection's cache for the next
 * db_prepare of the same SQL text (so callers prepare freely; the cost is paid once). */
Stmt *db_prepare(Db *db, const char *sql, Err *e);
void stmt_bind_text(Stmt *st, int index, const char *value); /* NULL binds NULL */
void stmt_bind_int(Stmt *st, int index, int64_t value);
void stmt_bind_blob(Stmt *st, int index, const void *data, size_t len);
void stmt_bind_null(Stmt *st, int index);
StepResult stmt_step(Stmt *st);
void stmt_reset(Stmt *st);
void stmt_finalize(Stmt *st);
/* Column accessors for the current row; text is valid until the next step/finalize, "" for NULL. */
const char *stmt_text(Stmt *st, int col);
int64_t stmt_int(Stmt *st, int col);
const void *stmt_blob(Stmt *st, int col, size_t *len);
bool stmt_is_null(Stmt *st, int col);
/* The error of the last failed step, put into e as ST_DB (or ST_CONFLICT for a constraint). */
Status stmt_error(Stmt *st, Err *e);
/* One step of a query whose answer is whether a row exists (or the first row): *row is true on
 * STEP_ROW, false on STEP_DONE; a failed step is an error (stmt_error), never "no row", so a check
 * built on it fails closed. */
Status stmt_step_row(Stmt *st, bool *row, Err *e);

/* One-shot helper: prepare, bind text parameters (NULL → NULL), step to done. */
Status db_exec(Db *db, const char *sql, Err *e);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. Inside an open transaction db_begin makes a
 * savepoint instead, and the matching db_commit / db_rollback release / undo just that level.
 * db_rollback never fails. */
Status db_begin(Db *db, Err *e);
Status db_commit(Db *db, Err *e);
void db_rollback(Db *db);
bool db_in_transaction(Db *db);
/* A hook the outermost db_commit of a db_begin transaction runs just before COMMIT, inside the
 * transaction: when it fails, the whole transaction rolls back and db_commit returns its status
 * (fail closed). One per Db; NULL removes it. free_arg (may be NULL) is called on arg when the
 * hook is replaced or the Db closed. The trail uses it to sign a checkpoint over the entries each
 * transaction appended, so that no committed entry is ever outside a signed checkpoint. */
typedef Status (*DbCommitHook)(Db *db, void *arg, Err *e);
void db_set_commit_hook(Db *db, DbCommitHook hook, void *arg, void (*free_arg)(void *));
/* The arg of the installed commit hook when it is hook, else NULL. */
void *db_commit_hook_arg(Db *db, DbCommitHook hook);
int64_t db_last_insert_id(Db *db);
int db_changes(Db *db);

/* Fault injection, for tests only (tests/unit/test_faults.c): from now on every every_nth storage
 * call — db_prepare, stmt_step, db_exec and so db_begin / db_commit — fails with ST_DB
 * (code db_fault_injected) as SQLite does on an I/O error, without touching the database.
 * db_rollback never fails, as documented. 0 turns injection off and resets the count. The count of
 * storage calls made since the last db_fault_inject is db_fault_calls (measured with injection off
 * too, so a test can learn how many calls an operation makes). Off costs one predictable branch.
 * db_fault_inject_once fails only the nth call: the caller must then notice that one failure, where
 * every_nth also exercises the error paths of the error paths. */
void db_fault_inject(Db *db, int every_nth);
void db_fault_inject_once(Db *db, int nth);
int64_t db_fault_calls(const Db *db);
