/* db backed by SQLite: connection setup (WAL, foreign keys, busy timeout), statements,
 * transactions, migrations from the embedded table, integrity check and online backup. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/embed.h"
#include "core/xmalloc.h"
#include "store/db.h"

/* Prepared statements are cached per connection, keyed by their SQL text: stmt_finalize on a
 * cached statement only resets it for the next db_prepare of the same text. Preparing is the
 * largest cost of a short query, and a Db belongs to one thread, so the cache needs no lock. A
 * statement already in use (the same SQL prepared twice at once) gets an uncached copy. */
#define STMT_CACHE_SIZE 96

struct Stmt {
    sqlite3_stmt *s;
    Db *db;
    bool cached;
    bool in_use;
    bool faulted; /* the last stmt_step failed by injection (db_fault_inject) */
    uint32_t hash;
};

struct Db {
    sqlite3 *conn;
    char *path;
    int depth; /* open db_begin levels: 1 = BEGIN IMMEDIATE, more = savepoints inside it */
    Stmt *cache[STMT_CACHE_SIZE];
    int cached;
    int fault_every;     /* db_fault_inject: 0 = off */
    bool fault_once;     /* only the fault_every-th call fails (db_fault_inject_once) */
    int64_t fault_calls; /* storage calls counted since the last db_fault_inject */
    DbCommitHook commit_hook; /* db_set_commit_hook */
    void *commit_arg;
    void (*commit_free)(void *);
    bool in_hook;
};

static uint32_t sql_hash(const char *sql)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

#define BUSY_TIMEOUT_MS 10000

void db_fault_inject(Db *db, int every_nth)
{
    db->fault_every = every_nth > 0 ? every_nth : 0;
    db->fault_once = false;
    db->fault_calls = 0;
}

void db_fault_inject_once(Db *db, int nth)
{
    db_fault_inject(db, nth);
    db->fault_once = true;
}

int64_t db_fault_calls(const Db *db) { return db->fault_calls; }

/* Counts a storage call; true when injection says this one fails. */
static bool fault_now(Db *db)
{
    db->fault_calls++;
    if (!db->fault_every)
        return false;
    return db->fault_once ? db->fault_calls == db->fault_every : db->fault_calls % db->fault_every == 0;
}

static Status fault_error(Err *e, const char *what)
{
    return err_setf(e, ST_DB, "db_fault_injected", "",
                    "データベースの処理に失敗しました (障害注入: %s)", "database operation failed (injected fault: %s)",
                    what);
}

static Status sqlite_error(Db *db, Err *e, const char *what)
{
    int code = sqlite3_extended_errcode(db->conn);
    const char *msg = sqlite3_errmsg(db->conn);
    if ((code & 0xff) == SQLITE_CONSTRAINT)
        return err_setf(e, ST_CONFLICT, "db_constraint", "", "データの整合性制約に違反しました (%s)",
                        "constraint violated (%s)", msg);
    if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB)
        return err_setf(e, ST_TAMPER, "db_corrupt", "", "データベースが破損しています (%s)",
                        "the database is corrupt (%s)", msg);
    return err_setf(e, ST_DB, "db_error", "", "データベースの処理に失敗しました (%s: %s)",
                    "database operation failed (%s: %s)", what, msg);
}

/* Creates path empty and readable by its owner only when it does not exist yet. SQLite gives the
 * -wal and -shm files the mode of the database file (whatever the umask), so the database, its WAL
 * and its backups, which hold password hashes and TOTP secrets, are all 0600. An existing file is
 * left as it is; ":memory:" and URIs are not files. */
static bool create_private(const char *path)
{
    if (!path || !*path || path[0] == ':' || strncmp(path, "file:", 5) == 0)
        return true;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) {
        fchmod(fd, 0600); /* the mode open() gave is masked by the umask; make it exactly 0600 */
        close(fd);
        return true;
    }
    return errno == EEXIST;
}

Status db_open(const char *path, Db **out, Err *e)
{
    sqlite3 *conn = NULL;
    if (!create_private(path))
        return err_setf(e, ST_IO, "db_open_failed", "db", "データベース %s を作成できません (%s)",
                        "cannot create database %s (%s)", path, strerror(errno));
    int rc = sqlite3_open_v2(path, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                              SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        err_setf(e, ST_IO, "db_open_failed", "db", "データベース %s を開けません (%s)",
                 "cannot open database %s (%s)", path, conn ? sqlite3_errmsg(conn) : "?");
        sqlite3_close(conn);
        return ST_IO;
    }
    sqlite3_busy_timeout(conn, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(conn, 1);
    Db *db = xcalloc(1, sizeof *db);
    db->conn = conn;
    db->path = xstrdup(path);
    /* cache_size: 32 MiB of pages per connection (SQLite's default is 2 MiB). The CSIRT board reads
     * some thousand incident rows spread over the file; with 2 MiB every request read them again from
     * the OS and it took 62 ms of CPU at 100,000 incidents, 28 ms with 32 MiB (bench/incident_bench.c,
     * docs/performance.md). The memory is taken only as pages are read. */
    static const char *setup[] = {
        "PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL",
        "PRAGMA trusted_schema=OFF", "PRAGMA cache_size=-32768",
    };
    for (size_t i = 0; i < sizeof setup / sizeof *setup; i++) {
        if (sqlite3_exec(conn, setup[i], NULL, NULL, NULL) != SQLITE_OK) {
            Status st = sqlite_error(db, e, setup[i]);
            db_close(db);
            return st;
        }
    }
    *out = db;
    return ST_OK;
}

void db_close(Db *db)
{
    if (!db)
        return;
    db_set_commit_hook(db, NULL, NULL, NULL);
    for (int i = 0; i < db->cached; i++) {
        sqlite3_finalize(db->cache[i]->s);
        free(db->cache[i]);
    }
    sqlite3_close_v2(db->conn);
    free(db->path);
    free(db);
}

const char *db_path(const Db *db) { return db->path; }

Stmt *db_prepare(Db *db, const char *sql, Err *e)
{
    if (fault_now(db)) {
        fault_error(e, sql);
        return NULL;
    }
    uint32_t hash = sql_hash(sql);
    for (int i = 0; i < db->cached; i++) {
        Stmt *c = db->cache[i];
        if (c->hash == hash && !c->in_use && strcmp(sqlite3_sql(c->s), sql) == 0) {
            c->in_use = true;
            return c;
        }
    }
    sqlite3_stmt *s = NULL;
    bool keep = db->cached < STMT_CACHE_SIZE;
    if (sqlite3_prepare_v3(db->conn, sql, -1, keep ? SQLITE_PREPARE_PERSISTENT : 0, &s, NULL) != SQLITE_OK) {
        sqlite_error(db, e, sql);
        return NULL;
    }
    Stmt *st = xmalloc(sizeof *st);
    *st = (Stmt){.s = s, .db = db, .cached = keep, .in_use = true, .hash = hash};
    if (keep)
        db->cache[db->cached++] = st;
    return st;
}

void stmt_bind_text(Stmt *st, int index, const char *value)
{
    if (value)
        sqlite3_bind_text(st->s, index, value, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st->s, index);
}

void stmt_bind_int(Stmt *st, int index, int64_t value) { sqlite3_bind_int64(st->s, index, value); }

void stmt_bind_blob(Stmt *st, int index, const void *data, size_t len)
{
    sqlite3_bind_blob64(st->s, index, data, len, SQLITE_TRANSIENT);
}

void stmt_bind_null(Stmt *st, int index) { sqlite3_bind_null(st->s, index); }

StepResult stmt_step(Stmt *st)
{
    st->faulted = fault_now(st->db);
    if (st->faulted)
        return STEP_ERROR;
    int rc = sqlite3_step(st->s);
    if (rc == SQLITE_ROW)
        return STEP_ROW;
    if (rc == SQLITE_DONE)
        return STEP_DONE;
    return STEP_ERROR;
}

void stmt_reset(Stmt *st)
{
    sqlite3_reset(st->s);
    sqlite3_clear_bindings(st->s);
}

void stmt_finalize(Stmt *st)
{
    if (!st)
        return;
    if (st->cached) {
        sqlite3_reset(st->s);
        sqlite3_clear_bindings(st->s);
        st->in_use = false;
        return;
    }
    sqlite3_finalize(st->s);
    free(st);
}

const char *stmt_text(Stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st->s, col);
    return t ? (const char *)t : "";
}

int64_t stmt_int(Stmt *st, int col) { return sqlite3_column_int64(st->s, col); }

const void *stmt_blob(Stmt *st, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(st->s, col);
    *len = (size_t)sqlite3_column_bytes(st->s, col);
    return p;
}

bool stmt_is_null(Stmt *st, int col) { return sqlite3_column_type(st->s, col) == SQLITE_NULL; }

Status stmt_error(Stmt *st, Err *e)
{
    if (st->faulted)
        return fault_error(e, sqlite3_sql(st->s));
    return sqlite_error(st->db, e, sqlite3_sql(st->s));
}

Status stmt_step_row(Stmt *st, bool *row, Err *e)
{
    StepResult r = stmt_step(st);
    *row = r == STEP_ROW;
    return r == STEP_ERROR ? stmt_error(st, e) : ST_OK;
}

Status db_exec(Db *db, const char *sql, Err *e)
{
    if (fault_now(db))
        return fault_error(e, sql);
    char *msg = NULL;
    if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
        Status st = sqlite_error(db, e, sql);
        sqlite3_free(msg);
        return st;
    }
    return ST_OK;
}

/* Nested db_begin calls become savepoints, so a domain function that opens its own transaction
 * can run inside a caller's (an import applying many rows all-or-nothing, a dry run that rolls
 * everything back): its commit releases the savepoint, its rollback undoes only its own work. */
static void savepoint_sql(char *out, size_t cap, const char *verb, int level)
{
    snprintf(out, cap, "%s lgsec_%d", verb, level);
}

Status db_begin(Db *db, Err *e)
{
    if (db->depth > 0 && !sqlite3_get_autocommit(db->conn)) {
        char sql[48];
        savepoint_sql(sql, sizeof sql, "SAVEPOINT", db->depth + 1);
        Status st = db_exec(db, sql, e);
        if (st == ST_OK)
            db->depth++;
        return st;
    }
    Status st = db_exec(db, "BEGIN IMMEDIATE", e);
    db->depth = st == ST_OK ? 1 : 0;
    return st;
}

Status db_commit(Db *db, Err *e)
{
    if (db->depth > 1) {
        char sql[48];
        savepoint_sql(sql, sizeof sql, "RELEASE", db->depth);
        Status st = db_exec(db, sql, e);
        if (st != ST_OK) {
            db_rollback(db);
            return st;
        }
        db->depth--;
        return ST_OK;
    }
    Status st = ST_OK;
    /* depth 1: a write transaction of db_begin (a read-only BEGIN made with db_exec has depth 0). */
    if (db->commit_hook && db->depth == 1 && !db->in_hook) {
        db->in_hook = true;
        st = db->commit_hook(db, db->commit_arg, e);
        db->in_hook = false;
    }
    if (st == ST_OK)
        st = db_exec(db, "COMMIT", e);
    if (st != ST_OK)
        db_rollback(db);
    db->depth = 0;
    return st;
}

void *db_commit_hook_arg(Db *db, DbCommitHook hook) { return db->commit_hook == hook ? db->commit_arg : NULL; }

void db_set_commit_hook(Db *db, DbCommitHook hook, void *arg, void (*free_arg)(void *))
{
    if (db->commit_free)
        db->commit_free(db->commit_arg);
    db->commit_hook = hook;
    db->commit_arg = arg;
    db->commit_free = free_arg;
}

void db_rollback(Db *db)
{
    if (sqlite3_get_autocommit(db->conn)) {
        db->depth = 0;
        return;
    }
    if (db->depth > 1) {
        char sql[64];
        savepoint_sql(sql, sizeof sql, "ROLLBACK TO", db->depth);
        sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
        savepoint_sql(sql, sizeof sql, "RELEASE", db->depth);
        sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
        db->depth--;
        return;
    }
    sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
    db->depth = 0;
}

bool db_in_transaction(Db *db) { return !sqlite3_get_autocommit(db->conn); }

int64_t db_last_insert_id(Db *db) { return sqlite3_last_insert_rowid(db->conn); }

int db_changes(Db *db) { return sqlite3_changes(db->conn); }

int db_schema_version(Db *db)
{
    sqlite3_stmt *s = NULL;
    int version = 0;
    if (sqlite3_prepare_v2(db->conn, "SELECT max(version) FROM schema_migrations", -1, &s, NULL) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        version = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return version;
}

static bool migration_applied(Db *db, int version)
{
    sqlite3_stmt *s = NULL;
    bool applied = false;
    if (sqlite3_prepare_v2(db->conn, "SELECT 1 FROM schema_migrations WHERE version = ?", -1, &s, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_int(s, 1, version);
        applied = sqlite3_step(s) == SQLITE_ROW;
    }
    sqlite3_finalize(s);
    return applied;
}

/* Applies every embedded migration not yet recorded (not only those above the highest), so a
 * database that saw migrations in another order still gets each one exactly once. */
Status db_migrate(Db *db, Err *e)
{
    Status st = db_exec(db,
                        "CREATE TABLE IF NOT EXISTS schema_migrations ("
                        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL"
                        ") STRICT",
                        e);
    if (st != ST_OK)
        return st;
    for (const EmbeddedFile *f = embedded_migrations; f->name; f++) {
        int version = atoi(f->name);
        if (migration_applied(db, version))
            continue;
        if ((st = db_begin(db, e)) != ST_OK)
            return st;
        st = db_exec(db, (const char *)f->data, e);
        if (st == ST_OK) {
            Stmt *ins = db_prepare(db,
                                   "INSERT INTO schema_migrations(version, name, applied_at)"
                                   " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                                   e);
            stmt_bind_int(ins, 1, version);
            stmt_bind_text(ins, 2, f->name);
            if (stmt_step(ins) != STEP_DONE)
                st = stmt_error(ins, e);
            stmt_finalize(ins);
        }
        if (st == ST_OK)
            st = db_commit(db, e);
        if (st != ST_OK) {
            db_rollback(db);
            return err_setf(e, st, "migration_failed", "", "スキーマ移行 %s に失敗しました: %s",
                            "migration %s failed: %s", f->name, e->ja);
        }
    }
    return ST_OK;
}

int db_schema_latest(void)
{
    int latest = 0;
    for (const EmbeddedFile *f = embedded_migrations; f->name; f++)
        if (atoi(f->name) > latest)
            latest = atoi(f->name);
    return latest;
}

/* Runs a checking pragma: it passes when its first row is "ok" (expect_ok) or when it returns no
 * row at all (foreign_key_check). */
static Status run_check(Db *db, const char *pragma, bool expect_ok, Err *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db->conn, pragma, -1, &s, NULL) != SQLITE_OK)
        return sqlite_error(db, e, pragma);
    int rc = sqlite3_step(s);
    bool ok = expect_ok ? rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0
                        : rc == SQLITE_DONE;
    char detail[200] = "";
    if (!ok && rc == SQLITE_ROW)
        snprintf(detail, sizeof detail, "%s", (const char *)sqlite3_column_text(s, 0));
    else if (!ok)
        snprintf(detail, sizeof detail, "%s", sqlite3_errmsg(db->conn));
    sqlite3_finalize(s);
    /* SQLite's report spans lines ("*** in database main ***\nOn tree page 7 …"): keep it on one. */
    for (char *c = detail; *c; c++)
        if (*c == '\n')
            *c = ' ';
    if (!ok)
        return err_setf(e, ST_TAMPER, "db_integrity", "", "データベースの整合性検査に失敗しました (%s)",
                        "database integrity check failed (%s)", detail);
    return ST_OK;
}

Status db_check_integrity(Db *db, Err *e)
{
    Status st = run_check(db, "PRAGMA integrity_check", true, e);
    return st == ST_OK ? run_check(db, "PRAGMA foreign_key_check", false, e) : st;
}

Status db_quick_check(Db *db, Err *e) { return run_check(db, "PRAGMA quick_check", true, e); }

Status db_backup(Db *db, const char *dest_path, Err *e)
{
    sqlite3 *dest = NULL;
    if (!create_private(dest_path) ||
        sqlite3_open_v2(dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        sqlite3_close(dest);
        return err_setf(e, ST_IO, "backup_open_failed", "file", "バックアップ先 %s を開けません",
                        "cannot open backup destination %s", dest_path);
    }
    sqlite3_backup *b = sqlite3_backup_init(dest, "main", db->conn, "main");
    int rc = SQLITE_ERROR;
    if (b) {
        do {
            rc = sqlite3_backup_step(b, 256);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep(50);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
    }
    Status st = ST_OK;
    if (rc != SQLITE_DONE)
        st = err_setf(e, ST_IO, "backup_failed", "file", "バックアップに失敗しました (%s)",
                      "backup failed (%s)", sqlite3_errmsg(dest));
    sqlite3_close(dest);
    return st;
}
