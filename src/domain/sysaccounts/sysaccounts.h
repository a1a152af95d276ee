/* sysaccounts: the IDs of every registered information system (第83条・第84条) and their review.
 * Named for what it holds — the accounts *in* the systems of the 情報システム台帳 — to keep it apart
 * from identity (lgsec's own sign-in accounts, which take part here read through accounts_v).
 *
 * Per system, its account list is imported (CSV UTF-8/CP932 or XLSX through src/registers: header
 * mapping suggested from the pack's account format, dry run, all rows or none, errors by row and
 * column); each import is a snapshot kept with its trail entry. The IDs of a system are those of its
 * latest snapshot. Findings are computed when read, against the people of the org module: active IDs
 * of people who left or moved, IDs unused for the pack's days (checks.yaml unused_account_days),
 * privileged IDs of someone without a privileged role for the system (systems.yaml
 * privileged_id_roles), IDs matching no person, shared IDs.
 *
 * Who may read a system's IDs: its 情報システム管理者 (the pack's editor roles scoped to it), the 統括
 * and CISO (evaluation.manage) and the 監査統括責任者 (audit_lead). The route table lets only holders
 * of accounts.review reach these functions; they narrow it per system. All JSON results are new
 * references the caller json_decref()s. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* The kinds reconciled with the trail (sysacct_state.c, domain/kernel/state.h). */
extern const StateKind sysaccount_snapshot_state_kind;
extern const StateKind access_review_state_kind;
extern const StateKind sysaccount_id_state_kind;
extern const StateKind access_review_items_state_kind;
extern const StateKind access_review_decision_state_kind;

/* The kinds of finding, in the order pages show them. */
typedef enum SysAccountFinding {
    SAF_LEFT,               /* an active ID of a person who has left (active_until before today) */
    SAF_MOVED,              /* an active ID whose 所属 is not the person's current 課室 */
    SAF_UNUSED,             /* an active ID not used for the pack's days (第83条(2)) */
    SAF_PRIVILEGED_NO_ROLE, /* a privileged ID of someone without a privileged role for the system (第84条) */
    SAF_UNMATCHED,          /* an active ID matching no person */
    SAF_SHARED,             /* an ID of several people or with a generic name (第83条(1)) */
    SAF_COUNT
} SysAccountFinding;

/* The finding's code ("left", "moved", …) and Japanese / English names. */
const char *sysaccount_finding_code(SysAccountFinding f);
const char *sysaccount_finding_ja(SysAccountFinding f);
const char *sysaccount_finding_en(SysAccountFinding f);

/* The pack's account formats: {"items":[{id, label, description, columns:{field:[headers]}}]}. */
json_t *sysaccounts_formats(const Ctx *ctx);

/* Imports the account list of system_id from a file (data, len; filename may be NULL). format: a pack
 * account format id (NULL or "" = the first). mapping: NULL = suggested from the headers, or
 * {"header_row": N, "columns": {"A": "login_id", …}} as mapping_from_json reads it. dry_run: nothing
 * is written. Answers {"dry_run", "format", "mapping": {…mapping_to_json}, "rows", "valid_rows",
 * "error_count", "errors": [{row, column, field, label, value, code, ja, en}], "truncated", "preview",
 * "snapshot_id" (when written), "id_count"}. The import writes only when no row has an error
 * (otherwise ST_INVALID sysaccount_import_errors with the answer still in *out). The system's
 * 情報システム管理者 or evaluation.manage (ST_FORBIDDEN sysaccount_forbidden); an unknown or retired
 * system is ST_NOTFOUND system_not_found; an unknown format ST_INVALID unknown_account_format. */
Status sysaccounts_import(Ctx *ctx, int64_t system_id, const char *format, const char *filename,
                          const unsigned char *data, size_t len, const json_t *mapping, bool dry_run, json_t **out,
                          Err *e);

/* The IDs of system_id (its latest snapshot) with each ID's findings and the person it matched:
 * {"system": {id, code, name}, "snapshot": {id, format, filename, id_count, imported_at, imported_by} |
 * null, "unused_days", "counts": {kind: n}, "items": [{id, login_id, staff_no, holder_name, unit_name,
 * privileges, last_login, state, enabled, privileged, person: {id, name, unit_name, left} | null,
 * findings: [kind…]}], "snapshots": [{id, imported_at, id_count, format}] (newest first)}.
 * system_id 0 is lgsec itself (its accounts from identity). */
Status sysaccounts_system(Ctx *ctx, int64_t system_id, json_t **out, Err *e);

/* Findings across every system the actor may read, lgsec included: {"unused_days", "totals": {kind: n},
 * "systems": [{id, code, name, snapshot_at | null, id_count, counts: {kind: n}}],
 * "items": [{system_id, system_code, system_name, login_id, holder_name, person_name, kind}] (first
 * limit findings, system order)}. */
Status sysaccounts_findings(Ctx *ctx, size_t limit, json_t **out, Err *e);

/* *may: the actor may read system_id's IDs (0 = lgsec's own accounts). */
Status sysaccounts_may_read(Ctx *ctx, int64_t system_id, bool *may, Err *e);

/* For the benchmark: matches every system's latest snapshot (and lgsec's accounts) against the people
 * and adds the findings found to counts[SAF_COUNT]; *ids gets the number of IDs looked at. No
 * authorization (the caller is the local operator). */
Status sysaccounts_match_all(Ctx *ctx, size_t counts[SAF_COUNT], size_t *ids, Err *e);

/* The enabled privileged IDs (latest snapshot of each system) matched to one of person_ids (n of them):
 * a new array in *out of {person_id, system_id, login_id}. No authorization: for the 人事異動, whose
 * caller is authorized for the people (sysacct_person.c). */
Status sysaccounts_privileged_ids_of(Ctx *ctx, const int64_t *person_ids, size_t n, json_t **out, Err *e);

/* ---- access-review campaigns (第83条(3); sysacct_review.c) ----
 * Opened by evaluation.manage; each open copies every system's current IDs (and lgsec's own
 * accounts, system 0) with their findings. Each ID is certified keep / change / remove with a
 * reason by the system's 情報システム管理者 (lgsec's, and any ID whose holder is the manager
 * themselves, by evaluation.manage: nobody certifies their own ID, 第20条). A change or removal is
 * "done" when the system's next import shows it (the ID gone or disabled, or its privilege changed)
 * or when it is recorded by hand with a note. Every change is one transaction with its trail entry. */

/* title (1–200 characters), due_on (YYYY-MM-DD, not before today). evaluation.manage only. */
Status access_review_open(Ctx *ctx, const char *title, const char *due_on, int64_t *id, Err *e);
/* {"interval_days" (checks.yaml access_rights_review_days), "last_opened_on"|null, "next_due_on"|null,
 * "overdue", "items":[{id, title, opened_on, due_on, state, total, decided, removals_open}]} — the
 * counts of what the reader may see. */
Status access_review_list(Ctx *ctx, json_t **out, Err *e);
/* {id, title, opened_on, due_on, state, closed_at, "systems":[{id, code, name, total, decided}],
 * "items":[{id, system_id, system_code, login_id, holder_name, privileged, findings, decision, reason,
 * decided_by_name, decided_at, progress: none|pending|done, done_by: import|hand|null, done_note,
 * can_decide}]} — the items of the systems the reader may see; system_id ≥ 0 narrows to one system
 * (-1 = all). */
Status access_review_get(Ctx *ctx, int64_t id, int64_t system_id, json_t **out, Err *e);
/* decision: keep | change | remove; reason 1–1000 characters. The campaign must be open. */
Status access_review_decide(Ctx *ctx, int64_t item_id, const char *decision, const char *reason, Err *e);
/* Records by hand that a change or removal was carried out (note 1–1000 characters). Whoever may
 * decide the item; also after the campaign closed. */
Status access_review_done(Ctx *ctx, int64_t item_id, const char *note, Err *e);
/* Closes the campaign once every item is decided (ST_CONFLICT access_review_undecided). evaluation.manage. */
Status access_review_close(Ctx *ctx, int64_t id, Err *e);
/* The campaign's record as XLSX (one sheet of every item it holds, with decisions and progress):
 * *data (caller frees), *len, name gets the file name. Readers as access_review_get, but only the
 * overseers get every system. */
Status access_review_xlsx(Ctx *ctx, int64_t id, unsigned char **data, size_t *len, char name[96], Err *e);
/* For the home page: [{"title","title_en","link","count"}] — open campaigns with items the actor
 * may decide and has not. New reference in *out. */
Status access_review_work_for_actor(Ctx *ctx, json_t **out, Err *e);
