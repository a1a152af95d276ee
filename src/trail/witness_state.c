/* witness_state: which witnesses this log sends its checkpoints to, how their last answer went, and
 * the report the 証跡 page and `lgsec doctor` show (table trail_witness_state, see witness.h). */
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "trail/cosig.h"
#include "trail/witness.h"

Status trail_witness_configure(Db *db, const TrailWitness *ws, size_t n, int64_t now, Err *e)
{
    char when[21];
    time_iso_utc(now, when);
    Status st = db_begin(db, e);
    if (st != ST_OK)
        return st;
    /* Rows of witnesses no longer configured go; the others keep their failure and start time. */
    Stmt *s = db_prepare(db, "SELECT witness FROM trail_witness_state", e);
    if (!s)
        st = e ? e->status : ST_DB;
    json_t *gone = json_array();
    StepResult r = STEP_DONE;
    while (st == ST_OK && (r = stmt_step(s)) == STEP_ROW) {
        bool kept = false;
        for (size_t i = 0; i < n && !kept; i++)
            kept = strcmp(ws[i].name, stmt_text(s, 0)) == 0;
        if (!kept)
            json_array_append_new(gone, json_string(stmt_text(s, 0)));
    }
    if (st == ST_OK && r == STEP_ERROR)
        st = stmt_error(s, e);
    stmt_finalize(s);
    size_t i;
    json_t *name;
    json_array_foreach(gone, i, name) if (st == ST_OK)
    {
        Stmt *d = db_prepare(db, "DELETE FROM trail_witness_state WHERE witness = ?", e);
        if (!d) {
            st = e ? e->status : ST_DB;
            break;
        }
        stmt_bind_text(d, 1, json_string_value(name));
        st = stmt_step(d) == STEP_DONE ? ST_OK : stmt_error(d, e);
        stmt_finalize(d);
    }
    json_decref(gone);
    for (size_t k = 0; st == ST_OK && k < n; k++) {
        Stmt *u = db_prepare(db,
                             "INSERT INTO trail_witness_state(witness, url, verifier_key, configured_at) VALUES (?1, ?2, ?3, ?4)"
                             " ON CONFLICT(witness) DO UPDATE SET url = ?2, verifier_key = ?3",
                             e);
        if (!u) {
            st = e ? e->status : ST_DB;
            break;
        }
        char *vkey = cosig_verifier_key(ws[k].name, ws[k].pk);
        stmt_bind_text(u, 1, ws[k].name);
        stmt_bind_text(u, 2, ws[k].url);
        stmt_bind_text(u, 3, vkey);
        stmt_bind_text(u, 4, when);
        st = stmt_step(u) == STEP_DONE ? ST_OK : stmt_error(u, e);
        stmt_finalize(u);
        free(vkey);
    }
    if (st == ST_OK)
        return db_commit(db, e);
    db_rollback(db);
    return st;
}

Status trail_witness_note(Db *db, const TrailWitness *w, int64_t now, const Err *failure, Err *e)
{
    /* Written only when the outcome changes: a send every second must not write every second. */
    Stmt *s = db_prepare(db, "SELECT error_code FROM trail_witness_state WHERE witness = ?", e);
    if (!s)
        return e ? e->status : ST_DB;
    stmt_bind_text(s, 1, w->name);
    bool row;
    Status st = stmt_step_row(s, &row, e);
    char *was = st == ST_OK && row && !stmt_is_null(s, 0) ? xstrdup(stmt_text(s, 0)) : NULL;
    stmt_finalize(s);
    if (st != ST_OK || !row) {
        free(was);
        return st; /* not configured (a one-off check): nothing to keep */
    }
    bool same = failure ? was && strcmp(was, failure->code) == 0 : was == NULL;
    free(was);
    if (same)
        return ST_OK;
    char when[21];
    time_iso_utc(now, when);
    s = db_prepare(db,
                   "UPDATE trail_witness_state SET error_code = ?2, error_ja = ?3, error_en = ?4,"
                   " failing_since = CASE WHEN ?2 IS NULL THEN NULL ELSE coalesce(failing_since, ?5) END"
                   " WHERE witness = ?1",
                   e);
    if (!s)
        return e ? e->status : ST_DB;
    stmt_bind_text(s, 1, w->name);
    stmt_bind_text(s, 2, failure ? failure->code : NULL);
    stmt_bind_text(s, 3, failure ? failure->ja : NULL);
    stmt_bind_text(s, 4, failure ? failure->en : NULL);
    stmt_bind_text(s, 5, when);
    st = stmt_step(s) == STEP_DONE ? ST_OK : stmt_error(s, e);
    stmt_finalize(s);
    return st;
}

/* "ok", "failing" (the last attempt failed), "stale" (the newest checkpoint is not cosigned and the
 * last cosignature — or the configuration, when there is none — is older than TRAIL_WITNESS_STALE_S)
 * or "waiting" (not cosigned yet, but not for long). */
static const char *witness_state(bool failing, int64_t behind, int64_t since, int64_t now)
{
    if (failing)
        return "failing";
    if (behind <= 0)
        return "ok";
    return now - since > TRAIL_WITNESS_STALE_S ? "stale" : "waiting";
}

Status trail_witness_report(Db *db, int64_t now, json_t **out, Err *e)
{
    *out = NULL;
    Stmt *s = db_prepare(db,
                         "SELECT w.witness, w.url, w.verifier_key, w.configured_at, w.error_code, w.error_ja, w.error_en,"
                         " w.failing_since, c.tree_size, c.created_at,"
                         " (SELECT max(tree_size) FROM trail_checkpoints)"
                         " FROM trail_witness_state w"
                         " LEFT JOIN trail_cosignatures c ON c.id = (SELECT id FROM trail_cosignatures"
                         "  WHERE witness = w.witness ORDER BY tree_size DESC, id DESC LIMIT 1)"
                         " ORDER BY w.witness",
                         e);
    if (!s)
        return e ? e->status : ST_DB;
    json_t *items = json_array();
    StepResult r;
    while ((r = stmt_step(s)) == STEP_ROW) {
        bool failing = !stmt_is_null(s, 4), cosigned = !stmt_is_null(s, 8);
        int64_t log_size = stmt_is_null(s, 10) ? 0 : stmt_int(s, 10);
        int64_t size = cosigned ? stmt_int(s, 8) : 0, at = 0, configured = 0;
        if (cosigned)
            time_parse_iso(stmt_text(s, 9), &at);
        time_parse_iso(stmt_text(s, 3), &configured);
        int64_t behind = log_size - size;
        json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "name", stmt_text(s, 0), "url", stmt_text(s, 1),
                                 "verifier_key", stmt_text(s, 2), "configured_at", stmt_text(s, 3), "state",
                                 witness_state(failing, behind, cosigned ? at : configured, now), "behind",
                                 (json_int_t)(behind > 0 ? behind : 0));
        json_object_set_new(item, "cosigned",
                            cosigned ? json_pack("{s:I, s:s, s:I}", "size", (json_int_t)size, "at", stmt_text(s, 9),
                                                 "age_s", (json_int_t)(now - at))
                                     : json_null());
        json_object_set_new(item, "error",
                            failing ? json_pack("{s:s, s:s, s:s, s:s}", "code", stmt_text(s, 4), "ja", stmt_text(s, 5),
                                                "en", stmt_text(s, 6), "since", stmt_text(s, 7))
                                    : json_null());
        json_array_append_new(items, item);
    }
    Status st = r == STEP_ERROR ? stmt_error(s, e) : ST_OK;
    stmt_finalize(s);
    if (st != ST_OK) {
        json_decref(items);
        return st;
    }
    *out = items;
    return ST_OK;
}
