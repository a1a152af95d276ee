/* training_internal: what the files of domain/training share — a course's row, the audience as SQL
 * over org's published views, and the 課室 a person counts in. Not for use outside the module. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"
#include "policy/pack.h"

typedef struct CourseRow {
    int64_t id;
    int fiscal_year;
    char title[801];
    char audience[65];
    char due_on[11]; /* "" when none */
} CourseRow;

/* Loads course id; ST_NOTFOUND course_not_found. */
Status course_load(Ctx *ctx, int64_t id, CourseRow *c, Err *e);
/* The first and last day of 年度 fy. */
void fy_bounds(int fy, char start[static 11], char end[static 11]);
/* The day whose people make a course's audience: today, kept within the 年度. */
void audience_day(const Ctx *ctx, int fy, char out[static 11]);

/* The 課室 of each unit (the nearest section above or at it), as the CTE `sec(unit_id, section_id)`;
 * a person outside any 課室 counts in their own unit. */
#define TRAINING_SECTION_CTE                                                                                  \
    "WITH RECURSIVE up(unit_id, cur, kind, parent) AS ("                                                      \
    " SELECT id, id, kind, parent_id FROM org_units_v"                                                       \
    " UNION ALL SELECT up.unit_id, u.id, u.kind, u.parent_id FROM up JOIN org_units_v u ON u.id = up.parent"  \
    " WHERE up.kind <> 'section'),"                                                                           \
    " sec(unit_id, section_id) AS (SELECT unit_id, cur FROM up WHERE kind = 'section') "

/* Who is in an audience (people_v p): ?1 the day, ?2 all, ?3 employments (JSON array), ?4 roles (JSON
 * array), ?5 new_hires, ?6/?7 the 年度's first and last day. */
#define TRAINING_AUDIENCE_WHERE                                                                               \
    " p.active_from <= ?1 AND (p.active_until IS NULL OR p.active_until >= ?1) AND (?2"                      \
    " OR p.employment IN (SELECT value FROM json_each(?3))"                                                  \
    " OR (?5 AND p.active_from BETWEEN ?6 AND ?7)"                                                           \
    " OR EXISTS (SELECT 1 FROM role_assignments_v r WHERE r.person_id = p.id"                                \
    "  AND r.role IN (SELECT value FROM json_each(?4))"                                                      \
    "  AND r.valid_from <= ?1 AND (r.valid_until IS NULL OR r.valid_until >= ?1))) "

/* Binds ?1–?7 of TRAINING_AUDIENCE_WHERE for course c; ST_INVALID unknown_audience when the active
 * pack no longer has the course's audience. */
Status audience_bind(const Ctx *ctx, Stmt *st, const CourseRow *c, Err *e);
/* *in: person_id is in c's audience today. */
Status audience_has(Ctx *ctx, const CourseRow *c, int64_t person_id, bool *in, Err *e);
/* *may: the actor may see the 受講 of 課室 section_id (training.manage, or the pack's section role
 * over it, 第51条5). */
Status training_may_see_section(Ctx *ctx, int64_t section_id, bool *may, Err *e);
/* The 課室 person_id counts in (TRAINING_SECTION_CTE); ST_NOTFOUND person_not_found. */
Status training_section_of(Ctx *ctx, int64_t person_id, int64_t *section, Err *e);
/* rate = attended / target as a percentage with one decimal (0 when target is 0). */
double training_rate(int64_t attended, int64_t target);
