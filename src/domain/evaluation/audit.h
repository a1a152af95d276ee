/* audit: 情報セキュリティ監査 (第154条–第160条). The 監査統括責任者 (role audit_lead; or
 * evaluation.manage) creates an audit of a 課室 for a 年度 and assigns auditors, each refused by
 * separation_check(DUTY_AUDIT) when they belong to the audited 課室, a unit above it or below it
 * (第155条, 第20条); auditors record findings (指摘事項 / 改善提案 / 良好事例, severity); the audited
 * 課室's 情報セキュリティ管理者 records the improvement plan with a due date (第160条); the
 * 監査統括責任者 closes each finding after the follow-up. The plan's items, its approval by the 委員会
 * through the requests engine (第156条), evidence requests and the files kept by SHA-256 (第159条),
 * audits of contractors (第157条) and the 監査報告書 (第158条) are below. Tables audits,
 * audit_auditors, audit_findings, audit_plan_items, audit_evidence_requests, audit_evidence. */
#pragma once
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* body {fiscal_year (this or next 年度), title (1–200), unit_id (an active 課室), scope (0–2000),
 * contractor and contract_ref (0–200 each, both or neither: an audit of a 委託事業者, 第157条, whose
 * 課室 is the one managing the contract)}. */
Status audit_create(Ctx *ctx, json_t *body, int64_t *id_out, Err *e);
/* Assigns person as an auditor: the 監査統括責任者 only; ST_FORBIDDEN separation_of_duties with the
 * reason when the person may not audit the 課室; unknown_person for someone not in office. */
Status audit_assign(Ctx *ctx, int64_t audit_id, int64_t person_id, Err *e);
/* {"items":[audit…]}: every audit for the 監査統括責任者 and evaluation.manage; otherwise those the
 * actor audits or whose 課室 they manage. */
/* The 委託事業者 with their contracts an audit of a contractor (第157条) picks from, from the vendors
 * register: {"items":[{id, name, corporate_number, contracts:[{id, title, starts_on, ends_on}]}]}, by
 * name. The 監査統括責任者 (or evaluation.manage) only: ST_FORBIDDEN forbidden. New reference. */
Status audit_contractors(Ctx *ctx, json_t **out, Err *e);
Status audit_list(Ctx *ctx, json_t **out, Err *e);
/* One audit with auditors and findings (ST_NOTFOUND audit_not_found when the actor may not see it). */
Status audit_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* body {kind finding|suggestion|good_practice, severity high|medium|low (not for good_practice),
 * title (1–200), detail (0–4000)}: an assigned auditor or the 監査統括責任者. */
Status audit_finding_add(Ctx *ctx, int64_t audit_id, json_t *body, int64_t *id_out, Err *e);
/* The audited 課室's improvement plan (1–4000) and due date (today or later) for an open finding or
 * suggestion (第160条): its 情報セキュリティ管理者. */
Status audit_finding_plan(Ctx *ctx, int64_t finding_id, const char *plan, const char *due, Err *e);
/* The actor's open audit work, for the home page: [{title, link}] per audit of a 課室 the actor
 * manages with findings waiting for an improvement plan (第160条), and [{kind: "audit_evidence",
 * title, link}] per audit with evidence requests not answered yet (第156条2). New reference. */
Status audit_work_for_actor(Ctx *ctx, json_t **out, Err *e);
/* The pack's 監査項目 library (audit_items.yaml) grouped by area in the pack's order:
 * {"areas":[{area, category, items:[{id, item, materials, procedure, articles:[…]}]}]}. Pack data,
 * the same for everyone signed in. New reference in *out. */
json_t *audit_item_library(const Ctx *ctx);
/* --- the plan (audit_plan.c, 第156条) --- */
/* Replaces the plan's items with ids (a non-empty array of the pack's audit item ids): the lead, while
 * the plan is not under approval or approved (audit_plan_locked). */
Status audit_set_items(Ctx *ctx, int64_t audit_id, const json_t *ids, Err *e);
/* Files the plan for the 情報セキュリティ委員会's approval as a request of type audit_plan (the
 * requests engine: requester_roles audit_lead, approved by the CISO for the 委員会); the audit keeps
 * the request's id and is approved while the request is. audit_no_items for an empty plan. */
Status audit_submit_plan(Ctx *ctx, int64_t audit_id, int64_t *request_id, Err *e);
/* The audit plans of a 年度 for the 委員会's meetings: [{id, title, unit_name, contractor, approval
 * (draft|submitted|approved|returned|rejected|withdrawn), approval_request_id, items, open_findings}],
 * for the lead and evaluation.manage (forbidden otherwise). New reference in *out. */
Status audit_plan_list_for_year(Ctx *ctx, int fiscal_year, json_t **out, Err *e);

/* --- fieldwork (audit_evidence.c, 第156条2, 第159条) --- */
/* body {item_id (one of the plan's items), what (1–2000), due_on (today or later)}: an auditor or the
 * lead asks the audited 課室 for material, on an approved plan only (audit_not_approved). */
Status audit_evidence_request(Ctx *ctx, int64_t audit_id, json_t *body, int64_t *id_out, Err *e);
/* The reminders of the open evidence requests (scheduler, audit_remind.c): due within 3 days → the
 * audited 課室's 情報セキュリティ管理者, past due → them and the auditor who asked, once each per request,
 * due date and kind (dedup keys). *created counts new notifications. */
Status audit_evidence_remind(Ctx *ctx, int *created, Err *e);
/* The audited 課室's 管理者 answers evidence request request_id with a file (1 byte – 64 MiB, name ≤ 200
 * without /, description ≤ 400), kept in the content-addressed evidence store; trail
 * audit.evidence_add with the SHA-256; the request becomes answered. */
Status audit_evidence_add(Ctx *ctx, int64_t request_id, const char *name, const char *description,
                          const unsigned char *data, size_t len, int64_t *evidence_id, Err *e);
/* The bytes of audit evidence evidence_id (malloc'd, the caller frees) and its name, re-hashed
 * (evidence_tampered); for whoever may see the audit; trail audit.evidence_view. */
Status audit_evidence_read(Ctx *ctx, int64_t evidence_id, unsigned char **data, size_t *len, char name[static 256], Err *e);

/* --- the report (audit_report.c, 第158条) --- */
/* The 監査報告書 as PDF (malloc'd into *pdf, the caller frees): the lead. */
Status audit_report_pdf(Ctx *ctx, int64_t audit_id, unsigned char **pdf, size_t *len, Err *e);

/* Closes a finding after the follow-up, with a note (1–2000): the 監査統括責任者; a finding
 * (not a good practice) needs a plan first (finding_not_planned). */
Status audit_finding_close(Ctx *ctx, int64_t finding_id, const char *note, Err *e);
