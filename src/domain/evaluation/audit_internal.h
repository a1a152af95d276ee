/* Shared by the parts of 監査 (audit.c, audit_plan.c, audit_evidence.c, audit_report.c): who the
 * actor is for an audit, and the plan's approval (第156条). Not for use outside the module. */
#pragma once
#include <stdbool.h>
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* ST_NOTFOUND audit_not_found. */
Status audit_not_found(Err *e);
/* The 監査統括責任者 (a current audit_lead) or evaluation.manage. */
Status audit_is_lead(Ctx *ctx, bool *yes, Err *e);
/* Whether the actor is the 情報セキュリティ管理者 of unit (or of a unit above it). */
Status audit_manages(Ctx *ctx, int64_t unit, bool *yes, Err *e);

/* Who the actor is for this audit: lead, auditor, the audited 課室's manager. */
typedef struct AuditPart { bool lead, auditor, audited; int64_t unit; } AuditPart;
/* audit_not_found when the audit is missing or the actor is none of the three. */
Status audit_part_in(Ctx *ctx, int64_t id, AuditPart *p, Err *e);

/* The plan's approval state, from its audit_plan request (requests_v): "draft" (never submitted),
 * "submitted", "approved", "returned", "rejected" or "withdrawn"; request_id 0 when none. */
Status audit_approval(Ctx *ctx, int64_t audit_id, char state[static 16], int64_t *request_id, Err *e);
/* ST_CONFLICT audit_not_approved unless the plan is approved (fieldwork starts after 第156条). */
Status audit_require_approved(Ctx *ctx, int64_t audit_id, Err *e);
/* The plan's item ids in the pack's order, each with its item, area and category:
 * [{id, item, area, category, articles}] (new reference). */
Status audit_plan_items_json(Ctx *ctx, int64_t audit_id, json_t **out, Err *e);
/* The plan's item ids as stored, sorted (a new array): what audit.create ([]) and audit.items record
 * as "item_ids", reconciled as audit_plan_items. */
Status audit_plan_item_ids(Ctx *ctx, int64_t audit_id, json_t **out, Err *e);
/* ST_INVALID unknown_audit_item (field item_id) unless item is one of the audit's planned items. */
Status audit_require_planned_item(Ctx *ctx, int64_t audit_id, const char *item, Err *e);
/* The evidence requests of an audit with their files: [{id, item_id, what, due_on, state, overdue,
 * requested_at, answered_at, files:[{id, name, size, sha256, uploaded_by_name, uploaded_at}]}]. */
Status audit_evidence_requests_json(Ctx *ctx, int64_t audit_id, json_t **out, Err *e);
/* Home tasks of the audited 課室's manager: open evidence requests, appended to items as {title, link}. */
Status audit_evidence_work(Ctx *ctx, json_t *items, Err *e);
/* Per 16条の3 category, what the 年度's approved audits say: {"①組織体制": {items (planned items of
 * the category), open_findings (findings on those items not closed)}} (new reference). No
 * authorization: the caller (readiness, evaluation.manage) has checked. */
Status audit_category_results(Ctx *ctx, int fiscal_year, json_t **out, Err *e);

/* audit_vendor.c: the 委託事業者 and contract of an audit of a contractor (第157条), from the vendors
 * register's published views. Names as they are when picked (kept on the audit for its report). */
typedef struct AuditVendor {
    int64_t vendor_id, contract_id; /* 0: not an audit of a contractor */
    char vendor_name[808], contract_title[808];
} AuditVendor;
/* body's vendor_id and contract_id: both or neither (required, field the missing one); the vendor in
 * the register (unknown_vendor) and the contract one of its contracts (unknown_contract). */
Status audit_vendor_pick(Ctx *ctx, const json_t *body, AuditVendor *out, Err *e);
/* Adds vendor {id, name, corporate_number} and contract {id, title, starts_on, ends_on} to a when the
 * audit names them. */
Status audit_vendor_attach(Ctx *ctx, int64_t audit_id, json_t *a, Err *e);
