/* incident_indicator: indicators of compromise on a report (IP addresses, domains, file hashes, mail
 * addresses, URLs), recorded by the CSIRT after a check of their form and normalised so that the same
 * indicator is kept once per report (see incidents.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domain/incidents/incident_internal.h"
#include "domain/incidents/incidents.h"
#include "policy/pack.h"

static bool domain_ok(const char *s)
{
    size_t n = strlen(s), label = 0;
    if (n == 0 || n > 253 || s[0] == '.' || s[n - 1] == '.' || !strchr(s, '.'))
        return false;
    for (const char *p = s; *p; p++) {
        if (*p == '.') {
            if (label == 0 || p[-1] == '-')
                return false;
            label = 0;
        } else if (isalnum((unsigned char)*p) || (*p == '-' && label > 0)) {
            if (++label > 63)
                return false;
        } else {
            return false;
        }
    }
    return true;
}

/* Checks value for kind and writes its normal form into out; false when it is not one. */
static bool normalise(const char *kind, const char *value, char *out, size_t cap)
{
    size_t n = strlen(value);
    if (n == 0 || n >= cap)
        return false;
    for (size_t i = 0; i <= n; i++)
        out[i] = (char)tolower((unsigned char)value[i]);
    if (strcmp(kind, "ip") == 0) {
        unsigned char addr[16];
        int family = strchr(value, ':') ? AF_INET6 : AF_INET;
        return inet_pton(family, value, addr) == 1 && inet_ntop(family, addr, out, (socklen_t)cap) != NULL;
    }
    if (strcmp(kind, "domain") == 0)
        return domain_ok(out);
    if (strcmp(kind, "hash") == 0) {
        for (size_t i = 0; i < n; i++)
            if (!isxdigit((unsigned char)out[i]))
                return false;
        return n == 32 || n == 40 || n == 64 || n == 128; /* MD5, SHA-1, SHA-256, SHA-512 */
    }
    if (strcmp(kind, "email") == 0) {
        const char *at = strchr(out, '@');
        if (!at || at == out || strchr(at + 1, '@'))
            return false;
        for (const char *p = out; p < at; p++)
            if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>')
                return false;
        return domain_ok(at + 1);
    }
    if (strcmp(kind, "url") == 0) {
        memcpy(out, value, n + 1); /* a URL's path keeps its case; the scheme must be http(s) */
        bool http = strncasecmp(value, "http://", 7) == 0 || strncasecmp(value, "https://", 8) == 0;
        for (size_t i = 0; http && i < n; i++)
            http = (unsigned char)value[i] > ' ' && value[i] != 0x7f;
        return http;
    }
    return false;
}

Status incident_indicator_add(Ctx *ctx, int64_t id, json_t *in, Err *e)
{
    const char *kind, *value, *note;
    Status s = incident_text(ctx, in, &indicator_fields[INDICATOR_F_KIND], true, &kind, e);
    if (s == ST_OK)
        s = incident_text(ctx, in, &indicator_fields[INDICATOR_F_VALUE], true, &value, e);
    if (s == ST_OK)
        s = incident_text(ctx, in, &indicator_fields[INDICATOR_F_NOTE], false, &note, e);
    char norm[401];
    if (s == ST_OK && !normalise(kind, value, norm, sizeof norm))
        s = err_setf(e, ST_INVALID, "invalid_indicator", "value", "「%s」は種類 %s の値として正しくありません",
                     "\"%s\" is not a valid %s", value, kind);
    bool csirt = false, decide = false;
    if (s == ST_OK && (s = incident_can(ctx, &csirt, &decide, e)) == ST_OK && !csirt)
        s = err_set(e, ST_FORBIDDEN, "incident_forbidden", "", "指標の記録はCSIRTが行います", "only the CSIRT records indicators");
    if (s != ST_OK || (s = db_begin(ctx->db, e)) != ST_OK)
        return s;
    s = incident_check_read(ctx, id, e);
    char now[21];
    incident_now(ctx, now);
    Stmt *st = s == ST_OK ? db_prepare(ctx->db,
                                       "INSERT INTO incident_indicators(incident_id, kind, value, note, added_by, added_at)"
                                       " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                       e)
                          : NULL;
    bool added = false;
    if (st) {
        stmt_bind_int(st, 1, id);
        stmt_bind_text(st, 2, kind);
        stmt_bind_text(st, 3, norm);
        stmt_bind_text(st, 4, note);
        stmt_bind_int(st, 5, ctx->actor->person_id);
        stmt_bind_text(st, 6, now);
        s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        added = s == ST_OK && db_changes(ctx->db) > 0;
    } else if (s == ST_OK) {
        s = e->status;
    }
    if (s == ST_OK && added) {
        json_t *after = json_pack("{s:I, s:I, s:s, s:s, s:s}", "indicator_id", (json_int_t)db_last_insert_id(ctx->db),
                                  "incident_id", (json_int_t)id, "kind", kind, "value", norm, "note", note);
        s = record_change(ctx, "incident.indicator_add", "incident", id, NULL, after, e);
        json_decref(after);
    }
    return finish_tx(ctx, s, e);
}

Status incident_indicators_json(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT i.id, i.kind, i.value, i.note, p.name, i.added_at FROM incident_indicators i"
                          " JOIN people_v p ON p.id = i.added_by WHERE i.incident_id = ? ORDER BY i.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    static const char *const cols[] = {"id", "kind", "value", "note", "added_by_name", "added_at", NULL};
    return rows_array(st, cols, "isssss", out, e);
}
