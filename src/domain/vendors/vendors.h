/* vendors: 委託 (第135条–第142条) — the register of 委託事業者 (法人番号 checked with its check digit,
 * ISMS and プライバシーマーク with their expiry, contacts), contracts with the systems and assets they
 * touch, the term, the scope and the 情報セキュリティ管理者 responsible; the 第137条 clauses (pack data,
 * vendors.yaml) checked per contract; approval through the requests engine (the pack's approval_type),
 * refused while a clause is neither in the contract nor covered by an approved 例外措置; 再委託 with its
 * approval; 委託事業者要員 with their pledge; the periodic checks of performance (第138条, due every
 * check_interval_days, a task on the responsible 管理者's home); the end of a contract with the return
 * and erasure of information and the erasure certificate kept by SHA-256 (第139条).
 * Public header of domain/vendors. Owns vendor_companies, vendor_contracts, vendor_contract_objects,
 * vendor_contract_clauses, vendor_subcontracts, vendor_staff, vendor_checks, vendor_contract_endings;
 * reads people_v, role_assignments_v, systems_v, assets_v and requests_v.
 * Everything here needs vendors.manage (the route table) unless said otherwise; every change is one
 * transaction with its trail entry. Outputs are new references the caller json_decref()s. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* 法人番号 (国税庁): 13 ASCII digits whose first is the check digit over the 12 that follow:
 * 9 − (Σ Pn×Qn mod 9), Pn the n-th digit of the 12 counted from the right, Qn 1 for odd n, 2 for even. */
bool corporate_number_valid(const char *s);

/* The pack's clauses (vendors.yaml) and settings: {"article", "check_interval_days", "cert_warn_days",
 * "approval_type", "clauses":[{id, label, label_en, article}]}. */
json_t *vendors_clauses(const Ctx *ctx);

/* --- 委託事業者 (vendor.c) --- */
/* Registers a vendor: name (required, ≤200), corporate_number (13 digits, check digit; unique),
 * address, isms_number, isms_expires_on, pmark_number, pmark_expires_on, contact_name, contact_email,
 * contact_phone. */
Status vendor_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* Changes the given fields of a vendor (the same rules). */
Status vendor_update(Ctx *ctx, int64_t id, json_t *patch, Err *e);
/* Every vendor with its certificates' state ("valid" | "expiring" | "expired" | "none") and its
 * number of contracts: {"items":[…]}, by name. */
Status vendors_list(Ctx *ctx, json_t **out, Err *e);
/* One vendor with its contracts. ST_NOTFOUND vendor_not_found. */
Status vendor_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Vendors with an expired certificate or one expiring within cert_warn_days, for the 統括's home:
 * {"items":[{vendor_id, name, certificate ("isms"|"pmark"), expires_on, state}]}. */
Status vendors_certificate_alerts(Ctx *ctx, json_t **out, Err *e);

/* 委託事業者 for reconciling the registers with the trail (domain/kernel/state.h). */
extern const StateKind vendor_state_kind;
/* Contracts (with the systems and assets they touch and their ending), clauses, 再委託, 要員 and
 * checks (contract_state.c). */
extern const StateKind vendor_contract_state_kind;
extern const StateKind vendor_clause_state_kind;
extern const StateKind vendor_subcontract_state_kind;
extern const StateKind vendor_staff_state_kind;
extern const StateKind vendor_check_state_kind;

/* --- 契約 (contract.c) --- */
/* Creates a contract: vendor_id, title, scope, starts_on, ends_on (≥ starts_on), manager_person_id (an
 * active person holding section_security_manager or system_manager today), systems [ids], assets [ids]. */
Status contract_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* The contract with its vendor (and its certificates' state), systems, assets, the clause checklist
 * (every pack clause with included, location, exception_request_id, covered, missing), missing
 * clauses, approval {request_id, state}, state ("draft" | "under_review" | "approved" | "returned" |
 * "rejected" | "ended"), subcontracts, staff (with pledge date, pledge_missing and this 年度's training:
 * staff_training.c), staff_training_missing (names of 要員 who have not attended), checks, the next check
 * due, and the ending. ST_NOTFOUND contract_not_found. */
Status contract_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Changes a contract (contract_edit.c). A draft (or a returned or rejected one): any of title, scope,
 * starts_on, ends_on, manager_person_id, systems [ids], assets [ids] (systems/assets replace the
 * set); trailed as vendor_contract.update. An approved contract that has not ended: only what the
 * approval did not decide — ends_on later (a term extension), manager_person_id, systems and assets —
 * trailed as vendor_contract.amend with before and after, without a new approval; title, scope and
 * the start are refused (approval_needed, 409): such a change is a new contract to approve. Under
 * review: contract_locked; ended: contract_ended. vendor_id never changes (vendor_immutable). */
Status contract_update(Ctx *ctx, int64_t id, json_t *patch, Err *e);
/* Every contract with vendor, term, manager, state and the number of missing clauses. */
Status contracts_list(Ctx *ctx, json_t **out, Err *e);
/* Records one clause for a contract: {clause_id, included (bool), location?, exception_request_id?}.
 * An exception must be an approved 例外措置 in force whose provisions name the clause's article (or
 * the bare 第137条). Refused (contract_locked) while the contract is under review or approved. */
Status contract_clause_set(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* Files the approval request (the pack's approval_type) as the acting person and submits it. Refused
 * with clauses_missing (409) and the list of missing clauses in e->detail when one is missing. */
Status contract_submit(Ctx *ctx, int64_t id, int64_t *request_id, json_t **missing, Err *e);

/* --- 再委託, 要員, 定期確認, 終了 (lifecycle.c) --- */
/* 再委託: {subcontractor, corporate_number?, scope, approved_on (not in the future)}. */
Status contract_subcontract_add(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* 委託事業者要員: {name, role?, person_id?, pledged_on?}. */
Status contract_staff_add(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* 第138条: {checked_on (not in the future, not before the term), checked_items, result ("good" |
 * "action_needed"), actions (required when action_needed)}; by the contract's manager or a holder of
 * vendors.manage over the organisation. Only for an approved contract that has not ended. */
Status contract_check_add(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* 第139条: the end {ended_on, acceptance, disposition ("returned" | "erased" | "returned_and_erased")}
 * with the erasure certificate file (kept under its SHA-256 in <db>.evidence, 0600). Once. */
Status contract_end(Ctx *ctx, int64_t id, json_t *in, const char *cert_name, const unsigned char *data, size_t len,
                    Err *e);
/* The certificate's bytes (re-hashed: a changed file is refused); *data malloc'd, caller frees. */
Status contract_certificate_read(Ctx *ctx, int64_t id, unsigned char **data, size_t *len, char name[static 256], Err *e);
/* The acting person's contracts whose periodic check is due (approved, not ended, no check within
 * check_interval_days): {"items":[{contract_id, title, vendor_name, due_on, overdue}]} — home tasks.
 * Any signed-in person (their own contracts only). */
Status vendors_checks_due_for_actor(Ctx *ctx, json_t **out, Err *e);

/* How the trail viewer names a vendor and a contract (domain/kernel/state.h). */
extern const NameQuery vendors_name_queries[];
