/* gate_query: the page's data — verdicts per day and reason, one day's verdicts, the quarantine with
 * its releases, the signature database's age (gate.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/gate/gate_internal.h"
#include "policy/capability.h"
#include "sanitize/rescan.h"

static bool reader(const Ctx *ctx) { return ctx->actor->caps & CAP_GATE_READ; }

static Status need_reader(const Ctx *ctx, Err *e)
{
    if (reader(ctx))
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", "", "無害化ゲートの判定を見る権限 (gate.read) がありません",
                   "viewing the gate's verdicts needs gate.read");
}

Status gate_actor_email(Ctx *ctx, char out[321], Err *e)
{
    out[0] = 0;
    if (!ctx->actor->person_id)
        return ST_OK;
    Stmt *st = db_prepare(ctx->db, "SELECT lower(coalesce(email, '')) FROM people_v WHERE id = ?", e);
    if (!st)
        return ST_INTERNAL;
    stmt_bind_int(st, 1, ctx->actor->person_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (s == ST_OK && row)
        snprintf(out, 321, "%s", stmt_text(st, 0));
    stmt_finalize(st);
    return s;
}

json_t *gate_signature_status(Ctx *ctx)
{
    int max_age = gate_signature_max_age_days(ctx);
    const char *db = gate_config()->clamav_db;
    json_t *o = json_pack("{s:b, s:i, s:s}", "configured", db != NULL, "max_age_days", max_age, "article",
                          "第105条(5)");
    if (!db)
        return o;
    int64_t built = 0;
    Err e = {0};
    if (signature_db_built_at(db, &built, &e) != ST_OK) {
        json_object_set_new(o, "built_at", json_null());
        json_object_set_new(o, "age_days", json_null());
        json_object_set_new(o, "stale", json_true()); /* no signatures at all is as bad as old ones */
        json_object_set_new(o, "problem", json_pack("{s:s, s:s, s:s}", "code", e.code, "ja", e.ja, "en", e.en));
        return o;
    }
    char when[21];
    time_iso_utc(built, when);
    int64_t age = (clock_now(ctx->clock) - built) / 86400;
    if (age < 0)
        age = 0;
    json_object_set_new(o, "built_at", json_string(when));
    json_object_set_new(o, "age_days", json_integer(age));
    json_object_set_new(o, "stale", json_boolean(age > max_age));
    return o;
}

Status gate_overview(Ctx *ctx, int days, json_t **out, Err *e)
{
    Status s = need_reader(ctx, e);
    if (s != ST_OK)
        return s;
    if (days < 1 || days > 366)
        return err_set(e, ST_INVALID, "invalid_days", "days", "日数は 1〜366 で指定してください",
                       "days must be 1-366");
    int64_t since_t = clock_now(ctx->clock) - (int64_t)(days - 1) * 86400;
    int y, m, d;
    char since[11];
    time_jst_date(since_t, &y, &m, &d);
    snprintf(since, sizeof since, "%04d-%02d-%02d", y, m, d);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT day, block_code, count(*) FROM gate_verdicts WHERE day >= ? "
                          "GROUP BY day, block_code ORDER BY day DESC, block_code",
                          e);
    if (!st)
        return ST_INTERNAL;
    stmt_bind_text(st, 1, since);
    json_t *list = json_array(), *reasons = json_object(), *cur = NULL;
    bool row = false;
    while ((s = stmt_step_row(st, &row, e)) == ST_OK && row) {
        const char *day = stmt_text(st, 0), *code = stmt_text(st, 1);
        json_int_t n = stmt_int(st, 2);
        if (!cur || strcmp(json_string_value(json_object_get(cur, "day")), day) != 0) {
            cur = json_pack("{s:s, s:I, s:I, s:{}}", "day", day, "total", (json_int_t)0, "blocked", (json_int_t)0,
                            "reasons");
            json_array_append_new(list, cur);
        }
        const char *key = *code ? code : "none";
        json_object_set_new(cur, "total", json_integer(json_integer_value(json_object_get(cur, "total")) + n));
        if (*code)
            json_object_set_new(cur, "blocked", json_integer(json_integer_value(json_object_get(cur, "blocked")) + n));
        json_object_set_new(json_object_get(cur, "reasons"), key, json_integer(n));
        json_object_set_new(reasons, key, json_integer(json_integer_value(json_object_get(reasons, key)) + n));
    }
    stmt_finalize(st);
    if (s == ST_OK) {
        st = db_prepare(ctx->db,
                        "SELECT count(*), coalesce(sum(purged_at IS NULL), 0), "
                        "coalesce(sum(purged_at IS NULL AND action = 'blocked'), 0) FROM gate_items",
                        e);
        if (!st)
            s = ST_INTERNAL;
        else if ((s = stmt_step_row(st, &row, e)) == ST_OK && row)
            *out = json_pack("{s:o, s:o, s:o, s:{s:i, s:i, s:i}, s:{s:I, s:I, s:I}}", "days", list, "reasons", reasons,
                             "signature", gate_signature_status(ctx), "settings", "retention_days",
                             gate_retention_days(ctx), "release_hours", gate_release_hours(ctx),
                             "signature_max_age_days", gate_signature_max_age_days(ctx), "quarantine", "items",
                             (json_int_t)stmt_int(st, 0), "kept", (json_int_t)stmt_int(st, 1), "kept_blocked",
                             (json_int_t)stmt_int(st, 2));
        if (st)
            stmt_finalize(st);
        if (s == ST_OK)
            return ST_OK;
    }
    json_decref(list);
    json_decref(reasons);
    return s;
}

static bool code_valid(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return i <= 64;
}

Status gate_verdicts_of_day(Ctx *ctx, const char *day, const char *reason, json_t **out, Err *e)
{
    Status s = need_reader(ctx, e);
    if (s != ST_OK)
        return s;
    int y, m, d;
    if (!day || strlen(day) != 10 || !date_parse(day, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "day", "日付は YYYY-MM-DD で指定してください",
                       "give the day as YYYY-MM-DD");
    if (!reason)
        reason = "";
    if (!code_valid(reason))
        return err_set(e, ST_INVALID, "invalid_reason", "reason", "理由のコードが正しくありません",
                       "the reason is not a block code");
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id, received_at, kind, action, block_code, input_sha256, sender, recipients, "
                          "attachments FROM gate_verdicts WHERE day = ?1 AND (?2 = '' OR block_code = "
                          "CASE ?2 WHEN 'none' THEN '' ELSE ?2 END) ORDER BY received_at DESC, id DESC LIMIT 500",
                          e);
    if (!st)
        return ST_INTERNAL;
    stmt_bind_text(st, 1, day);
    stmt_bind_text(st, 2, reason);
    static const char *const cols[] = {"id", "received_at", "kind", "action", "block_code", "input_sha256",
                                       "sender", "recipients", "attachments"};
    json_t *items = NULL;
    if ((s = rows_array(st, cols, "isssssssi", &items, e)) != ST_OK)
        return s;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) /* stored as JSON text */
        json_object_set_new(it, "recipients", json_loads(json_string_value(json_object_get(it, "recipients")), 0, NULL));
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}

Status gate_items_list(Ctx *ctx, bool mine, json_t **out, Err *e)
{
    char email[321];
    Status s = gate_actor_email(ctx, email, e);
    if (s != ST_OK)
        return s;
    bool all = reader(ctx) && !mine;
    /* A release belongs to the item it names and the actor (or anyone for gate.read) — the newest
     * request for the original, with its state and the rescan's result. */
    Stmt *st = db_prepare(
        ctx->db,
        "SELECT i.id, i.received_at, i.name, i.type, i.bytes, i.original_sha256, i.disarmed_sha256, i.action, "
        "i.block_code, i.purged_at, v.recipients, r.id, r.state, r.decided_at, g.result, g.block_code, g.reason, "
        "g.downloads, (SELECT p.name FROM people_v p WHERE p.id = r.requester_person_id) "
        "FROM gate_items i JOIN gate_verdicts v ON v.id = i.verdict_id "
        "LEFT JOIN requests_v r ON r.id = (SELECT max(q.id) FROM requests_v q WHERE q.type = ?3 "
        "  AND json_extract(q.fields, '$.quarantine_id') = i.original_sha256 AND (?1 OR q.requester_person_id = ?4)) "
        "LEFT JOIN gate_releases g ON g.request_id = r.id "
        "WHERE ?1 OR (?2 <> '' AND EXISTS (SELECT 1 FROM json_each(v.recipients) j WHERE j.value = ?2)) "
        "ORDER BY i.received_at DESC, i.id DESC LIMIT 500",
        e);
    if (!st)
        return ST_INTERNAL;
    stmt_bind_int(st, 1, all);
    stmt_bind_text(st, 2, email);
    stmt_bind_text(st, 3, GATE_RELEASE_TYPE);
    stmt_bind_int(st, 4, ctx->actor->person_id);
    static const char *const cols[] = {"id", "received_at", "name", "type", "bytes", "original_sha256",
                                       "disarmed_sha256", "action", "block_code", "purged_at", "recipients",
                                       "request_id", "request_state", "approved_at", "release_result",
                                       "release_block_code", "release_reason", "downloads", "requester_name"};
    json_t *items = NULL;
    if ((s = rows_array(st, cols, "isssisSssSsISSSSSIS", &items, e)) != ST_OK)
        return s;
    int64_t now = clock_now(ctx->clock);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        json_object_set_new(it, "recipients", json_loads(json_string_value(json_object_get(it, "recipients")), 0, NULL));
        /* until when the approved requester may download */
        const char *approved = json_string_value(json_object_get(it, "approved_at"));
        int64_t t = 0;
        const char *state = json_string_value(json_object_get(it, "request_state"));
        if (approved && state && strcmp(state, "approved") == 0 && time_parse_iso(approved, &t)) {
            char until[21];
            time_iso_utc(t + (int64_t)gate_release_hours(ctx) * 3600, until);
            json_object_set_new(it, "download_until", json_string(until));
            json_object_set_new(it, "download_open",
                                json_boolean(now < t + (int64_t)gate_release_hours(ctx) * 3600));
        }
    }
    *out = json_pack("{s:o, s:b}", "items", items, "all", all);
    return ST_OK;
}
