/* roster: 人事異動 — the 人事 roster (CSV UTF-8/CP932 or XLSX: 職員番号, 氏名, かな, 所属, 雇用区分, 異動日,
 * 退職日) applied to the people register, and the consequences computed from it (docs/people.md):
 *   - a preview of what changes — new people, moves, leavers, renamed 課室, changed names — with every
 *     bad cell by row and column; then the same applied in one transaction, with the trail;
 *   - a person who leaves a 課 loses the roles scoped to it (ended, never deleted); a leaver loses all;
 *   - the 代行 they gave in a role that ended, and those given to them when they leave or move out of
 *     the delegation's 課, end the same day (ended, never handed to the role's next holder);
 *   - their open approvals go to whoever the pack's route rules name now (approvers are resolved on
 *     read: the role's other holder, else the stage's escalate_to) — the preview lists each re-routed
 *     request, from whom to whom, and any left without an approver;
 *   - a leaver gets the return checklist as tasks (第46条: the assets in their custody in the register,
 *     記録媒体 apart; 第57条: the ICカード); a mover returns the assets of the 課 they leave;
 *   - a mover or leaver who held a privileged role gets, per system where they hold a privileged ID
 *     (or a privileged-ID role), the 第84条6 password-change task for its 情報システム管理者.
 * The import needs people.manage and roles.manage. Tasks are read and done by people.manage holders,
 * the 情報セキュリティ管理者 of the 課 left (return tasks) and the system's 情報システム管理者
 * (password tasks). Owns roster_imports, roster_rows, roster_tasks. JSON results are new references. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* Reads the roster (data, len; filename may be NULL), maps its columns (mapping NULL = suggested from
 * the headers, else {"header_row", "columns": {"A": "staff_no", …}}), checks every row and computes the
 * changes and their consequences by applying them inside a transaction — rolled back when dry_run or
 * when any row has an error, committed otherwise. Answers {"dry_run", "mapping", "rows",
 * "error_count", "errors": [{row, column, field, code, ja, en}], "truncated", "counts": {new, moved,
 * leaving, updated, unchanged, renamed_units, roles_ended, delegations_ended, approvals_rerouted, tasks},
 * "changes": [...], "renamed_units": [...], "roles_ended": [...], "delegations_ended": [...],
 * "approvals_rerouted": [...], "tasks": [...],
 * "import_id" (when applied)}. With errors and !dry_run: ST_INVALID import_has_errors, the answer still
 * in *out. */
Status roster_import(Ctx *ctx, const unsigned char *data, size_t len, const char *filename, const json_t *mapping,
                     bool dry_run, json_t **out, Err *e);

/* The applied imports, newest first: {"items": [{id, filename, row_count, applied_at, applied_by_name,
 * counts}]}. people.manage. */
Status roster_imports_list(Ctx *ctx, json_t **out, Err *e);

/* The tasks the actor may see (see above); open only unless all: {"items": [{id, kind, label, label_en,
 * article, person_id, person_name, staff_no, unit_id, unit_name, asset_id, asset_no, asset_name,
 * system_id, system_name, login_id, due_on, done_at, done_by_name, done_note, can_do}]}. */
Status roster_tasks_list(Ctx *ctx, bool all, json_t **out, Err *e);
/* Records a task as done (note 1–1000 characters), by whoever may see it. ST_NOTFOUND
 * roster_task_not_found for a task the actor may not see; ST_CONFLICT roster_task_done when done. */
Status roster_task_done(Ctx *ctx, int64_t id, const char *note, Err *e);
/* For the home page: the number of open tasks the actor may do (*count). */
Status roster_open_task_count(Ctx *ctx, int64_t *count, Err *e);

/* Applied rosters as the trail records them, for `lgsec trail verify` (roster_state.c). */
extern const StateKind roster_import_state_kind;
/* Its rows (roster.row under the import) and its tasks (roster.task_create, roster.task_done). */
extern const StateKind roster_row_state_kind;
extern const StateKind roster_task_state_kind;
