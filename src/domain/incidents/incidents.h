/* incidents: インシデント対応 (第54条–第56条, docs/incidents.md) — reports from 職員等 and, recorded by
 * staff, from residents and outsiders (第55条); the chain of who must be told, derived from the pack
 * (incidents.yaml `chain`) and the registers (the asset's 課室 → its 情報セキュリティ管理者, the
 * system → its 情報システム管理者, the organisation's roles), each told by a notification (link only)
 * and each reading recorded. Owns the tables incidents and incident_recipients. Public header of
 * domain/incidents.
 *
 * Who may read a report: its reporter, every person told of it, and the current holders of the
 * chain's organisation-wide roles (統一的な窓口, CSIRT, 統括, CISO); anyone else gets the same 404 as
 * for a missing id, and lists leave it out. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* The kinds reconciled with the trail (incident_state.c, incident_violation.c; domain/kernel/state.h). */
extern const StateKind incident_state_kind;
extern const StateKind incident_task_state_kind;
extern const StateKind violation_state_kind;
extern const StateKind incident_intake_state_kind;
extern const StateKind incident_note_state_kind;
extern const StateKind incident_evidence_state_kind;
extern const StateKind incident_external_state_kind;
extern const StateKind incident_recipient_state_kind;
extern const StateKind incident_indicator_state_kind;
extern const StateKind violation_recipient_state_kind;

/* Files a report and tells the chain, in one transaction with its trail entries. in: title,
 * description, noticed_at (required; not in the future), occurred_at (optional; not after
 * noticed_at), asset_id / system_id / place (at least one), personal_data ("none" | "unknown" |
 * "involved"), personal_data_kinds (pack ids; required exactly when involved), affected_count
 * (optional, only when involved, 1–100000000), source ("staff" default | "resident" | "outsider"),
 * caller_name and caller_contact (required exactly for resident/outsider). By a person only. */
Status incident_report(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* One report with its chain: the row plus labels, "chain" [{step, label, role, role_label, article,
 * recipients:[{person_id, name, notified_at, seen_at}], vacant, seen, stalled}], "stalled" (any step),
 * and "is_reporter". Opening it as a recipient records the first reading (seen_at, trail
 * incident.seen). 404 incident_not_found for a missing id and for a person who may not read it.
 * New reference. */
Status incident_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* {"items":[…]} newest first. box "mine": the actor's own reports; "chain": the reports the actor is
 * told of or, for the organisation-wide chain roles, all. Items: id, title, state, noticed_at,
 * source, personal_data, unit_name, reporter_name, created_at, seen (the actor's own reading; null
 * when not a recipient), by_mail (filed by the mail intake of the 統一的な窓口). At most 200. New
 * reference. */
Status incident_list(Ctx *ctx, const char *box, json_t **out, Err *e);
/* Filters of incident_list_filtered (NULL / 0 / false = any): state, category and severity (pack
 * ids), the starting 課室 (or a unit above it), and overdue (an open task past its due date). */
typedef struct IncidentFilter {
    const char *state, *category, *severity;
    int64_t unit_id;
    bool overdue;
} IncidentFilter;
/* incident_list with filters; items also carry category, severity and overdue. ST_INVALID
 * invalid_parameter for a state, category or severity that does not exist. */
Status incident_list_filtered(Ctx *ctx, const char *box, const IncidentFilter *f, json_t **out, Err *e);
/* What the report form offers, from the pack: personal_data kinds, the chain steps, categories,
 * severities, the articles. New reference. */
json_t *incident_options(const Ctx *ctx);
/* For the home page's tasks: *unseen, the open reports the actor was told of and has not opened;
 * *stalled, for holders of the organisation-wide chain roles (CSIRT, 統括, CISO), the open reports
 * with a step nobody opened within the pack's stall hours (or nobody holds), else 0. */
Status incident_work_counts(Ctx *ctx, int64_t *unseen, int64_t *stalled, Err *e);

/* --- the CSIRT's work (第56条; incident_csirt.c, incident_task.c) ---
 * Who is the CSIRT and who decides the measures is the pack's (incidents.yaml csirt_roles,
 * decision_roles); others get 403 incident_forbidden. A state that does not allow the step is 409
 * incident_state. Each is one transaction with its trail entry. */
/* in: is_incident (bool); when true category and severity (pack ids); note (required when false:
 * why it is not an incident); causer_person_id (optional: who caused it, never the one to close).
 * reported/triaged → triaged | not_incident. */
Status incident_triage(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* in: cause, prevention (再発防止策 proposed to the CISO, 第56条5–6). triaged only. */
Status incident_cause(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* in: decision (the measures the CISO orders, 第56条7); after the cause; decision roles only. */
Status incident_decide(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* in: lessons (required); where they go, at least one of review_fiscal_year (the 年度 whose 見直し,
 * 第165条, takes them in: not before the incident's 年度, at most next 年度, its review not held before
 * today) and change_request_id (a request that is not a draft, rejected, withdrawn or expired);
 * follow_up (a note, ≤ 400). Needs the decision and every task done; refused (separation_of_duties,
 * 第20条) to the reporter and the causer. triaged → closed. */
Status incident_close(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* in: kind (containment | recovery | prevention), title, owner_person_id (active), due_date (not
 * before the day it was noticed). The owner is notified and may read the report. */
Status incident_task_add(Ctx *ctx, int64_t id, json_t *in, int64_t *task_id, Err *e);
/* in: result (required). By the task's owner or the CSIRT. */
Status incident_task_done(Ctx *ctx, int64_t id, int64_t task_id, json_t *in, Err *e);
/* Same weakness elsewhere (第56条4): {"affected_system_id", "items":[{system_id, code, name,
 * reasons:[{why: same_version|same_product|same_vendor, what}], manager_person_id, manager_name}]}.
 * CSIRT only. New reference. */
Status incident_similar(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* in: system_ids (from incident_similar's list), due_date. One 確認 task per system for its
 * 情報システム管理者, all or none. *created: the new task ids (new reference). */
Status incident_similar_assign(Ctx *ctx, int64_t id, json_t *in, json_t **created, Err *e);
/* What the actor may do: the CSIRT's steps, the CISO's decision. */
Status incident_can(Ctx *ctx, bool *csirt, bool *decide, Err *e);

/* --- notes and the timeline (incident_note.c) --- */
/* in: body (≤ 4000). By anyone who may read the report; a trail entry (incident.note) with the text. */
Status incident_note_add(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* ST_OK when the actor may read incident id; 404 incident_not_found otherwise (also when missing). */
Status incident_check_read(Ctx *ctx, int64_t id, Err *e);
/* The category (pack id; "" before triage) of incident id into out, after incident_check_read
 * (incident_category.c). */
Status incident_category_of(Ctx *ctx, int64_t id, char out[static 65], Err *e);

/* --- evidence (incident_evidence.c) --- */
/* Stores data (1 byte – 64 MiB) under its SHA-256 beside the database and registers it on incident
 * id with name (≤ 200, no /) and description (≤ 400); by anyone who may read the report. Trail
 * incident.evidence_add with the hash. */
Status incident_evidence_add(Ctx *ctx, int64_t id, const char *name, const char *description,
                             const unsigned char *data, size_t len, int64_t *evidence_id, Err *e);
/* The bytes of evidence evidence_id (malloc'd into *data, the caller frees) and its name, after
 * re-hashing them (ST_TAMPER evidence_tampered when they changed or vanished). Trail
 * incident.evidence_view. */
Status incident_evidence_read(Ctx *ctx, int64_t id, int64_t evidence_id, unsigned char **data, size_t *len,
                              char name[static 256], Err *e);
/* [{id, sha256, name, size, description, uploaded_by, uploaded_by_name, uploaded_at}] (new reference). */
Status incident_evidence_json(Ctx *ctx, int64_t id, json_t **out, Err *e);

/* --- reports outside (incident_external.c) --- */
/* The reports that apply to incident id (or were submitted): {"items":[{kind, label, label_en,
 * recipient, citation, article, due_date, days_left, overdue, remind, submitted ({id, sha256, body,
 * submitted_at, submitted_by_name} or null), draft {summary, items, affected, cause,
 * secondary_damage, response, publication, prevention, other}, form [{key, label, label_en}]}]}.
 * CSIRT and CISO only. New reference. */
Status incident_external_list(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* in: kind (a pack external report that applies), fields (the form's keys; summary required).
 * Frozen as canonical JSON with its SHA-256 (trail incident.report_submit); once per kind. */
Status incident_external_submit(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* For the CSIRT's and the CISO's home: reports outside not submitted whose reminder time has come
 * (*soon) or whose deadline has passed (*overdue), over the open incidents; 0 for anyone else. */
Status incident_reports_due(Ctx *ctx, int64_t *soon, int64_t *overdue, Err *e);

/* --- indicators (incident_indicator.c) --- */
/* in: kind (ip | domain | hash | email | url), value (checked and normalised), note. By the CSIRT;
 * the same indicator twice is kept once. Trail incident.indicator_add. */
Status incident_indicator_add(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* [{id, kind, value, note, added_by_name, added_at}] (new reference). */
Status incident_indicators_json(Ctx *ctx, int64_t id, json_t **out, Err *e);

/* --- the CSIRT board (incident_board.c) --- */
/* Filters (NULL / 0 / false = any): category and severity (pack ids), the starting 課室 (or a unit above
 * it), the assignee (a person id; -1: nobody assigned), only stalled, only with overdue tasks. */
typedef struct IncidentBoardFilter {
    const char *category, *severity;
    int64_t unit_id, assignee_person_id;
    bool stalled, overdue;
} IncidentBoardFilter;
/* The open incidents (reported, triaged), graver first, at most 1000: {"items":[{id, title, state,
 * category, severity, noticed_at, unit_name, assignee_person_id, assignee_name, personal_data,
 * open_tasks, overdue_tasks, stalled}], "by_state":{reported, triaged}, "by_severity":[{id, label,
 * label_en, count}] (graver first; id null: not assessed), "stalled", "overdue", "unassigned",
 * "overdue_tasks":[{task_id, incident_id, incident_title, kind, title, owner_person_id, owner_name,
 * due_date}], "members":[{person_id, name}] (whom it may be assigned to), "truncated"}. CSIRT and decision roles only. ST_INVALID invalid_parameter for a
 * category or severity the pack does not have. New reference. */
Status incident_board(Ctx *ctx, const IncidentBoardFilter *f, json_t **out, Err *e);
/* in: assignee_person_id (a person holding a CSIRT role, not_csirt otherwise; null: nobody). By the
 * CSIRT, on an open incident; the assignee is notified. Trail incident.assign. */
Status incident_assign(Ctx *ctx, int64_t id, json_t *in, Err *e);

/* --- 違反 (第124条, 第133条–第134条; incident_violation.c) ---
 * Kept apart from incidents: tables incident_violations and incident_violation_recipients. Readers:
 * the reporter (the report and its state only: never who violated nor the handling), the people told
 * (violations.chain; the violator's superior once confirmed) and the holders of the pack's
 * violations.handler_roles and reader_roles; anyone else gets 404 violation_not_found. */
/* in: description (≤ 2000), article (the rule broken, ≤ 40, optional), noticed_at (not in the
 * future), incident_id (optional: a report the reporter may read). Tells the chain. By a person. */
Status violation_report(Ctx *ctx, json_t *in, int64_t *id, Err *e);
/* The report with names, "recipients" (full readers) and can_handle; the first reading of a person
 * told is recorded (trail violation.seen). New reference. */
Status violation_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* {"items":[{id, state, noticed_at, article, unit_name, created_at, mine, full, outcome,
 * outcome_label}]} newest first, at most 200: the actor's own, those they were told of, or all for
 * handlers and readers. New reference. */
Status violation_list(Ctx *ctx, json_t **out, Err *e);
/* By a handler (403 violation_forbidden), never the violator (separation_of_duties). in:
 * is_violation; violator_person_id (required exactly when true); reason (≤ 400, required exactly when
 * false); incident_id (optional link). reported → confirmed (the superior_role over the violator's
 * 課室 is told, 第134条1) | unfounded. */
Status violation_assess(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* By a handler, never the violator. in: outcome (pack id), outcome_on (YYYY-MM-DD, not before the day
 * noticed, not after today). confirmed → handled. */
Status violation_handle(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* The form's choices from the pack: articles, chain, outcomes. New reference. */
json_t *violation_options(const Ctx *ctx);

/* --- 年度 figures (incident_stats.c) --- */
/* The 年度 (April–March, JST, by noticed_at) fiscal_year: {fiscal_year, total, not_incident, closed,
 * open, by_category [{id, label, label_en, count}], by_unit [{unit_id, unit_name, count}],
 * median_hours_to_triage, median_hours_to_close (null without data), by_severity [{id, label, label_en,
 * count}] (graver first), external_reports [{id, label, count, late}] (reports outside submitted for the
 * 年度's incidents; late: submitted after the deadline, JST)}. CSIRT and CISO only. */
Status incident_stats(Ctx *ctx, int fiscal_year, json_t **out, Err *e);
/* The same figures as the report for the 情報セキュリティ委員会: an A4 PDF (和暦: the 年度 and the day it
 * was made) and an XLSX of one sheet (区分, 項目, 値). *data is malloc'd (caller frees). */
Status incident_stats_pdf(Ctx *ctx, int fiscal_year, unsigned char **data, size_t *len, Err *e);
Status incident_stats_xlsx(Ctx *ctx, int fiscal_year, unsigned char **data, size_t *len, Err *e);

/* --- lessons for the 年度の見直し (incident_lessons.c) --- */
/* The closed incidents whose closure named fiscal_year's 見直し (第165条) for their lessons, or every
 * 年度 so named when fiscal_year is 0: {"years":[{fiscal_year, items:[{id, title, category,
 * category_label, category_label_en (null before triage), closed_at, lessons}], hidden}]}, 年度
 * ascending, items in the order closed. Only the incidents the actor may read are listed; the others
 * are counted in hidden. New reference. */
Status incident_review_lessons(Ctx *ctx, int fiscal_year, json_t **out, Err *e);

/* --- the mail intake of the 統一的な窓口 (第21条3, 第55条; incident_intake.c) --- */
/* A message as `lgsec incident intake` hands it over, after the 無害化 engine: everything but original
 * is sanitised text (clean UTF-8). */
typedef struct IncidentMail {
    const char *message_id;  /* "<…>" as the engine kept it, "" when none (then the bytes identify it) */
    const char *sender;      /* the From address, "" when none */
    const char *sender_name; /* the decoded display name, "" when none */
    const char *subject;     /* decoded, one line, "" when none */
    const char *text;        /* the sanitised body text ("" when none could be produced) */
    const char *note;        /* what the intake says about how the text was obtained, "" when nothing */
    const char *outcome;     /* the engine's verdict: clean, disarmed, blocked:<code> (≤ 100) */
    const unsigned char *original; /* the message as received, kept as evidence (quarantine) */
    size_t original_len;
} IncidentMail;
/* Files the message as an untriaged report received by the 窓口, in one transaction: the actor (a
 * person holding a CSIRT role, else 403 intake_receiver) is who received it. A sender whose address
 * is the mail address of exactly one active person of the register is filed as that 職員's report
 * (第54条, the chain starts from their 課室); anyone else as a report from outside (第55条) with the
 * display name and address as the caller's contact, the chain starting from the receiver's 課室.
 * Title: the subject (≤ 200 characters); description: a header naming the channel, the sender,
 * the Message-ID and the verdict, then the text (≤ 4,000 characters in all; the rest stays in the
 * original). The original is stored under its SHA-256 as the report's evidence (trail
 * incident.evidence_add), the intake recorded (incident.intake), and the chain told as for the form.
 * The same Message-ID (or, without one, the same bytes) again: nothing is written, *duplicate is
 * set and *id is the report filed the first time. */
Status incident_intake(Ctx *ctx, const IncidentMail *m, int64_t *id, bool *duplicate, Err *e);
