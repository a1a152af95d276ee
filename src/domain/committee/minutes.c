/* minutes: the 議事録 of a meeting (committee.h) — the meeting as committee_meeting_get shows it,
 * drawn by report/minutes with 和暦 dates; each agenda item says which report it put before the
 * committee and each decision what it decides. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/committee/committee.h"
#include "domain/committee/committee_internal.h"
#include "domain/org/org.h"
#include "policy/pack.h"
#include "report/minutes.h"

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

Status committee_minutes_pdf(Ctx *ctx, int64_t id, unsigned char **pdf, size_t *len, Err *e)
{
    Status s = cm_require_member(ctx, e);
    json_t *m = NULL, *org = NULL, *members = NULL;
    if (s == ST_OK)
        s = committee_meeting_get(ctx, id, &m, e);
    if (s == ST_OK)
        s = committee_members(ctx, &members, e);
    if (s == ST_OK)
        s = org_root(ctx, &org, e);
    if (s != ST_OK) {
        json_decref(m);
        json_decref(members);
        return s;
    }
    char date[96] = "", title[260];
    int y, mo, d;
    if (date_parse(str(m, "meets_on"), &y, &mo, &d)) {
        static const char *const wd[] = {"日", "月", "火", "水", "木", "金", "土"};
        int64_t days = days_from_civil(y, mo, d);
        char w[64];
        wareki_date(y, mo, d, w, sizeof w);
        snprintf(date, sizeof date, "%s(%s)%s%s", w, wd[((days % 7) + 11) % 7], *str(m, "starts_at") ? " " : "",
                 str(m, "starts_at"));
    }
    snprintf(title, sizeof title, "%s", str(m, "title"));

    json_t *att = json_object_get(m, "attendees"), *agenda = json_object_get(m, "agenda"),
           *dec = json_object_get(m, "decisions"), *a;
    size_t na = json_array_size(att), ng = json_array_size(agenda), nd = json_array_size(dec), i;
    const char **names = calloc(na + 1, sizeof *names);
    char **owned = calloc(na + ng + nd + 1, sizeof *owned);
    size_t n_owned = 0;
    MinutesItem *gi = calloc(ng + 1, sizeof *gi), *di = calloc(nd + 1, sizeof *di);
    json_array_foreach(att, i, a)
    {
        char *line = malloc(400);
        if (json_is_null(json_object_get(a, "person_id")))
            snprintf(line, 400, "%s%s%s%s (委員外)", str(a, "name"), *str(a, "guest_affiliation") ? " (" : "",
                     str(a, "guest_affiliation"), *str(a, "guest_affiliation") ? ")" : "");
        else
            snprintf(line, 400, "%s　%s", str(a, "unit_name"), str(a, "name"));
        names[i] = owned[n_owned++] = line;
    }
    json_array_foreach(agenda, i, a)
    {
        char *note = malloc(4400);
        const char *link = str(a, "link");
        snprintf(note, 4400, "%s%s%s%s%s", str(a, "kind_label"), *link ? " ― 報告: " : "", link,
                 *str(a, "note") ? "\n" : "", str(a, "note"));
        gi[i] = (MinutesItem){str(a, "title"), note};
        owned[n_owned++] = note;
    }
    json_array_foreach(dec, i, a)
    {
        char *note = malloc(600);
        const char *link = str(a, "link");
        if (strcmp(str(a, "kind"), "instruction") == 0) {
            int dy, dm, dd;
            char due[64] = "";
            if (date_parse(str(a, "due_on"), &dy, &dm, &dd))
                wareki_date(dy, dm, dd, due, sizeof due);
            snprintf(note, 600, "%s ― 担当: %s、期限: %s%s", str(a, "kind_label"), str(a, "owner_name"), due,
                     strcmp(str(a, "state"), "done") == 0 ? "(完了)" : "");
        } else {
            snprintf(note, 600, "%s%s%s", str(a, "kind_label"), *link ? " ― 対象: " : "", link);
        }
        di[i] = (MinutesItem){str(a, "text"), note};
        owned[n_owned++] = note;
    }
    json_t *chair = json_object_get(members, "chair");
    char chair_line[300] = "";
    if (json_is_object(chair))
        snprintf(chair_line, sizeof chair_line, "%s　%s", str(chair, "role_label"), str(chair, "name"));
    MinutesDoc doc = {
        .organisation = str(org, "name"),
        .title = title,
        .date_label = date,
        .place = str(m, "place"),
        .chair = chair_line,
        .attendees = names,
        .n_attendees = na,
        .agenda = gi,
        .n_agenda = ng,
        .proceedings = str(m, "minutes"),
        .decisions = di,
        .n_decisions = nd,
        .record_hash = json_string_value(json_object_get(m, "record_hash")),
        .article = ctx->pack->committee.article,
    };
    s = minutes_pdf(&doc, pdf, len, e);
    for (i = 0; i < n_owned; i++)
        free(owned[i]);
    free(owned);
    free(names);
    free(gi);
    free(di);
    json_decref(m);
    json_decref(members);
    json_decref(org);
    return s;
}
