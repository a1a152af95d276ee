/* training: 研修 (第50条–第53条) — courses per 年度 for an audience of the pack (training.yaml), their
 * sessions, who attended (by hand or imported from an e-learning export or a sign-in sheet), each
 * person's status, 受講率 per 課室 with who has not attended, reminders, and the figures of the CISO's
 * yearly report to the 委員会 (第51条7). Who should attend is computed from the audience when read.
 * Public header of domain/training. Owns training_courses, training_sessions, training_attendance;
 * reads people, units and roles through org's published views. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* The kinds reconciled with the trail (training_state.c, domain/kernel/state.h). */
extern const StateKind training_course_state_kind;
extern const StateKind training_session_state_kind;
extern const StateKind training_attendance_state_kind;
extern const StateKind drill_state_kind;
extern const StateKind drill_finding_state_kind;
extern const StateKind drill_participant_state_kind;

/* The pack's audiences: {"items":[{id, label, label_en, article}]}. New reference. */
json_t *training_audiences(const Ctx *ctx);

/* Creates a course from in (the course declaration's fields, entities/training_entity.h). */
Status training_course_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* Changes a course (any field but fiscal_year). */
Status training_course_update(Ctx *ctx, int64_t id, json_t *patch, Err *e);
/* The courses of 年度 fy (0: every 年度), newest first, each with its audience label and counts
 * {target, attended, rate}: {"items":[…]}. Managers (training.manage) only. */
Status training_courses_list(Ctx *ctx, int fy, json_t **out, Err *e);
/* How many courses 年度 fy's 研修計画 holds (第51条; a count, no rights needed: the 委員会 approving the
 * plan checks it has something to approve). */
Status training_plan_courses(Ctx *ctx, int fy, int64_t *n, Err *e);
/* One course with its sessions and counts; ST_NOTFOUND course_not_found. */
Status training_course_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Adds a session (held_on within the course's 年度). */
Status training_session_add(Ctx *ctx, int64_t course_id, json_t *in, int64_t *id_out, Err *e);

/* Records that a person attended (person_id, attended_on, session_id?, note?). The person must be
 * in the course's audience and attended_on not in the future (nor after the 年度); a second record
 * for the same person is attendance_exists (409). */
Status training_attendance_record(Ctx *ctx, int64_t course_id, json_t *in, int64_t *id_out, Err *e);
/* Withdraws a wrong record (kept, with withdrawn_at and the trail). */
Status training_attendance_withdraw(Ctx *ctx, int64_t course_id, int64_t attendance_id, Err *e);
/* The course's attendance records with names: {"items":[…]}. */
Status training_attendance_list(Ctx *ctx, int64_t course_id, json_t **out, Err *e);

/* 受講率 per 課室 of a course: {"course":{…}, "sections":[{unit_id, name, target, attended, rate}],
 * "total":{target, attended, rate}}. A manager sees every 課室; a 情報セキュリティ管理者 those they
 * hold the role over (第51条5); anyone else is forbidden. */
Status training_rates(Ctx *ctx, int64_t course_id, json_t **out, Err *e);
/* Who in the audience has not attended, of one 課室 (section_id; 0 = all the actor may see):
 * {"items":[{person_id, staff_no, name, unit_name}]}, by 課室 then kana. */
Status training_missing(Ctx *ctx, int64_t course_id, int64_t section_id, json_t **out, Err *e);
/* A person's courses of 年度 fy (those whose audience includes them) and whether they attended:
 * {"fiscal_year", "items":[{course…, attended_on|null}]}. Their own, a manager's, or their 課室's
 * 情報セキュリティ管理者's. */
Status training_person_status(Ctx *ctx, int64_t person_id, int fy, json_t **out, Err *e);
/* The same without the access check, for another module that checked its own (委託: a contract's
 * 要員, read by vendors.manage): the courses of 年度 fy (0: the current 年度) whose audience includes
 * person_id today — a 委託事業者要員 is in the audience of employment contractor — and attended_on of
 * each (null: not attended). New reference in *out. */
Status training_status_of(Ctx *ctx, int64_t person_id, int fy, json_t **out, Err *e);

/* Attendance from a file (CSV UTF-8/CP932 or XLSX, read by src/registers): columns 職員番号, 受講日,
 * 備考 (headers mapped as the register import maps them; mapping NULL = suggested, else the user's
 * {"header_row", "columns":{"A":"staff_no",…}}). Every row is checked (unknown 職員番号, not in the
 * audience, a date outside the 年度, recorded twice); dry_run or any error writes nothing, otherwise
 * all rows in one transaction. *out: {"mapping", "rows", "valid_rows", "error_count", "errors",
 * "created", "already"} (a person already recorded is counted in "already", not an error). */
Status training_import(Ctx *ctx, int64_t course_id, const unsigned char *data, size_t len, const char *filename,
                       const json_t *mapping, bool dry_run, json_t **out, Err *e);

/* Reminds every person of an audience who has not attended a course due within the pack's
 * remind_before_days (or overdue in the current 年度), once per course and person (notify). *sent
 * gets the number of new notifications. The scheduler runs it. */
Status training_remind(Ctx *ctx, int *sent, Err *e);

/* The figures of the yearly report to the 委員会 (第51条7) for 年度 fy: every course with its
 * sessions and counts, 受講率 per 課室 over the 年度's courses for all staff, and the totals.
 * Managers only. New reference in *out. */
Status training_year_report(Ctx *ctx, int fy, json_t **out, Err *e);

/* --- 緊急時対応訓練 (第52条, drill.c) --- */

/* Records a drill (the drill declaration's fields: fiscal_year, title, held_on in that 年度 and not in
 * the future, scenario, scope). Managers only. */
Status training_drill_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* Drill id as another module lists it beside its records (drill_summary.c): {drill_id, title, held_on,
 * participants, findings, open_findings}, no names; ST_NOTFOUND drill_not_found. No access check: the
 * caller's. New reference. */
Status training_drill_summary(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* The drills of 年度 fy (0: all), newest first, with their counts of participants and open findings. */
Status training_drills_list(Ctx *ctx, int fy, json_t **out, Err *e);
/* One drill with participants (names), findings (owner names, state) and may_manage: for managers,
 * its participants and the owners of its findings; anyone else gets ST_NOTFOUND drill_not_found. */
Status training_drill_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Adds a participant {person_id, part?}; a person once per drill (participant_exists). */
Status training_drill_participant_add(Ctx *ctx, int64_t drill_id, json_t *in, Err *e);
/* Adds a finding {finding, owner_person_id (an active person), due_on (not before the drill)}: a task on
 * the owner's home page until it is closed. */
Status training_drill_finding_add(Ctx *ctx, int64_t drill_id, json_t *in, int64_t *id_out, Err *e);
/* Closes a finding with its result: its owner or a manager (else forbidden); twice is finding_closed. */
Status training_drill_finding_close(Ctx *ctx, int64_t drill_id, int64_t finding_id, const char *result, Err *e);
/* The acting person's open findings, oldest due first: {"items":[{id, drill_id, drill_title, finding,
 * due_on, overdue}]} — the home page's tasks. */
Status training_findings_for_actor(Ctx *ctx, json_t **out, Err *e);
