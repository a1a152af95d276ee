/* preferences: a person's 和暦/西暦 and language choice, stored on their account (accounts.date_style,
 * accounts.lang) so that it is the same on every PC they sign in from. */
#include "domain/identity/preferences.h"

#include <stdio.h>
#include <string.h>

#include "domain/kernel/kernel.h"

static bool one_of(const char *v, const char *a, const char *b)
{
    return strcmp(v, a) == 0 || strcmp(v, b) == 0;
}

Status preferences_get(Db *db, int64_t account_id, Preferences *out, Err *e)
{
    Stmt *st = db_prepare(db, "SELECT date_style, lang FROM accounts WHERE id = ?", e);
    if (!st)
        return e ? e->status : ST_DB;
    stmt_bind_int(st, 1, account_id);
    bool row = false;
    Status rc = stmt_step_row(st, &row, e);
    if (rc == ST_OK && !row)
        rc = err_set(e, ST_NOTFOUND, "account_not_found", "", "アカウントが見つかりません", "account not found");
    if (rc == ST_OK) {
        snprintf(out->date_style, sizeof out->date_style, "%s", stmt_text(st, 0));
        snprintf(out->lang, sizeof out->lang, "%s", stmt_text(st, 1));
    }
    stmt_finalize(st);
    return rc;
}

json_t *preferences_json(const Preferences *p)
{
    return json_pack("{s:s, s:s}", "date_style", p->date_style, "lang", p->lang);
}

static Status store(Db *db, int64_t account_id, const Preferences *p, Err *e)
{
    Stmt *st = db_prepare(db, "UPDATE accounts SET date_style = ?, lang = ? WHERE id = ?", e);
    if (!st)
        return e ? e->status : ST_DB;
    stmt_bind_text(st, 1, p->date_style);
    stmt_bind_text(st, 2, p->lang);
    stmt_bind_int(st, 3, account_id);
    Status rc = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return rc;
}

Status preferences_set(const Ctx *ctx, int64_t account_id, const char *date_style, const char *lang, Err *e)
{
    if (date_style && !one_of(date_style, "wareki", "seireki"))
        return err_set(e, ST_INVALID, "date_style_invalid", "date_style",
                       "日付の表示は 和暦 または 西暦 から選んでください", "choose 和暦 (wareki) or 西暦 (seireki)");
    if (lang && !one_of(lang, "ja", "en"))
        return err_set(e, ST_INVALID, "lang_invalid", "lang", "表示言語は 日本語 または English から選んでください",
                       "choose 日本語 (ja) or English (en)");
    Status rc = db_begin(ctx->db, e);
    if (rc != ST_OK)
        return rc;
    Preferences before, after;
    rc = preferences_get(ctx->db, account_id, &before, e);
    if (rc == ST_OK) {
        after = before;
        if (date_style)
            snprintf(after.date_style, sizeof after.date_style, "%s", date_style);
        if (lang)
            snprintf(after.lang, sizeof after.lang, "%s", lang);
        rc = store(ctx->db, account_id, &after, e);
    }
    if (rc == ST_OK) {
        json_t *b = preferences_json(&before), *a = preferences_json(&after);
        rc = record_change(ctx, "account.preferences", "account", account_id, b, a, e);
        json_decref(b);
        json_decref(a);
    }
    return finish_tx(ctx, rc, e);
}
