/* remind: telling those who have not attended a course that its due date is near (or past, within
 * the 年度), once per course and person, through notify (training.h). */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/notify/notify.h"
#include "domain/training/training.h"
#include "domain/training/training_internal.h"

Status training_remind(Ctx *ctx, int *sent, Err *e)
{
    *sent = 0;
    char today[11], soon[11];
    date_today(ctx->clock, today);
    int y, m, d;
    date_parse(today, &y, &m, &d);
    int fy = fiscal_year(y, m);
    civil_from_days(days_from_civil(y, m, d) + ctx->pack->training.remind_before_days, &y, &m, &d);
    snprintf(soon, sizeof soon, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM training_courses WHERE fiscal_year = ? AND due_on IS NOT NULL AND due_on <= ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, fy);
    stmt_bind_text(st, 2, soon);
    json_t *ids = NULL;
    Status s = rows_ids(st, &ids, e);
    size_t i;
    json_t *idv;
    json_array_foreach(ids, i, idv) {
        if (s != ST_OK)
            break;
        CourseRow c;
        if ((s = course_load(ctx, json_integer_value(idv), &c, e)) != ST_OK)
            break;
        Stmt *p = db_prepare(ctx->db,
                             "SELECT p.id FROM people_v p WHERE NOT EXISTS (SELECT 1 FROM training_attendance a"
                             " WHERE a.course_id = ?8 AND a.person_id = p.id AND a.withdrawn_at IS NULL) AND" TRAINING_AUDIENCE_WHERE,
                             e);
        if (!p) {
            s = e->status;
            break;
        }
        s = audience_bind(ctx, p, &c, e);
        stmt_bind_int(p, 8, c.id);
        json_t *people = NULL;
        if (s == ST_OK)
            s = rows_ids(p, &people, e);
        else
            stmt_finalize(p);
        if (s == ST_INVALID) { /* an audience the pack dropped: nobody to remind */
            s = ST_OK;
            json_decref(people);
            continue;
        }
        char title[96], link[64], key[64];
        snprintf(title, sizeof title, "研修の受講期限 (%s) が近づいています", c.due_on);
        snprintf(link, sizeof link, "/training/%lld", (long long)c.id);
        snprintf(key, sizeof key, "training:%lld", (long long)c.id);
        if (s == ST_OK && (s = db_begin(ctx->db, e)) == ST_OK) {
            size_t k;
            json_t *pid;
            json_array_foreach(people, k, pid) {
                bool created = false;
                char dedup[96];
                snprintf(dedup, sizeof dedup, "%s:%lld", key, (long long)json_integer_value(pid));
                if ((s = notify_person(ctx, json_integer_value(pid), "training_due", "training_course", c.id, title, link,
                                       dedup, &created, e)) != ST_OK)
                    break;
                *sent += created;
            }
            s = finish_tx(ctx, s, e);
        }
        json_decref(people);
    }
    json_decref(ids);
    return s;
}
