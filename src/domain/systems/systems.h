/* system: the 情報システム台帳 (第23条2, 第99条) — information systems, their components (第105条(7)(8)),
 * the classification computed from the assets they process (第23条7(3)), the restrictions and the
 * requirements the pack attaches (systems.yaml). Systems are not deleted: they are retired
 * (active false). Every change is one transaction with its trail entry. All JSON results are new
 * references the caller json_decref()s. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

#define SYSTEM_PAGE_MAX 200
#define SYSTEM_ASSETS_SHOWN 200

typedef struct SystemQuery {
    const char *q;      /* partial match on code, name, vendor, purpose (NFKC); NULL = all */
    const char *zone;   /* mynumber | lgwan | internet; NULL = any */
    int64_t unit_id;    /* owning unit or one of its sub-units; 0 = any */
    const char *flag;   /* NULL | "unsupported" (a component past support end) | "support_soon" (ending
                         * within the pack's support_warning_months) | "requirements_unmet" (an applicable
                         * requirement not met or not recorded) */
    const char *cursor; /* next_cursor of the previous page; NULL for the first */
    int limit;          /* 1..SYSTEM_PAGE_MAX, default 50 */
} SystemQuery;

/* Active systems ordered by code: {"items":[{id, code, name, zone, owner_unit_id, owner_unit_name,
 * location, vendor, classification (or null), requirements:{met, not_met, not_recorded} (applicable
 * ones), unsupported_count, support_soon_count, updated_at, relay_kind ("" or the 無害化 relay kind)}], "next_cursor": string|null, and on the
 * first page "total": the number of hits the reader may see}.
 * ST_INVALID for a bad zone, flag or cursor. */
Status system_list(Ctx *ctx, const SystemQuery *q, json_t **out, Err *e);
/* One system: its fields, "owner_unit_name", "components" (each with "support_state": ok|soon|ended|
 * unknown), "classification" (highest over its assets in use, pending counts as strictest; null
 * without assets), "restrictions" (取扱制限 of that classification, strictest without assets),
 * "requirements" [{id, label, description, article, reference, field, applies, state}], "managers"
 * (current holders of system-scoped roles), "assets" (first SYSTEM_ASSETS_SHOWN) and "asset_count",
 * "support_warning_months", "can_edit". ST_NOTFOUND when there is no such system. */
Status system_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* in: code (required, [A-Za-z0-9_-] 1–32, unique), name (required), purpose, zone (required),
 * owner_unit_id (required, an active unit), vendor, location (required: onprem|datacenter|cloud),
 * region, the facts redundancy … usb_write_block (null|true|false|0|1), product_registration (""
 * or a pack registration id), notes. Unknown keys are refused. Only holders of roles.manage (and the
 * local operator: CLI, demo) may register systems. */
Status system_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* patch: any field of system_create, and active (retire / reinstate). system_may_edit required. */
Status system_update(Ctx *ctx, int64_t id, json_t *patch, Err *e);
/* in: kind (server|terminal|network|media|cloud|software), name (required), product, version, vendor,
 * support_end (null or YYYY-MM-DD), quantity (0–1000000, default 1), registration, notes. */
Status system_add_component(Ctx *ctx, int64_t system_id, json_t *in, int64_t *id_out, Err *e);
Status system_update_component(Ctx *ctx, int64_t system_id, int64_t component_id, json_t *patch, Err *e);
/* Deletes the component row; the trail entry keeps its last state as "before". */
Status system_remove_component(Ctx *ctx, int64_t system_id, int64_t component_id, Err *e);
/* The system's 情報システム管理者 (a current holder of one of the pack's systems.editor_roles scoped to
 * it), holders of roles.manage (統括/CISO/lgsec_admin), and the local operator (no account, no person:
 * CLI and demo) may edit. system_id 0 asks about registering a new system. */
Status system_may_edit(Ctx *ctx, int64_t system_id, bool *may, Err *e);

/* Registers the register's answers to org's questions about system-scoped roles (RoleSystemScope in
 * org/roles.h). Called once at start-up, by app_init. (system_scope.c) */
void systems_register_role_scope(void);

/* The systems module's public header: the register above; the evaluation rules in their part header. */
#include "domain/systems/system_eval.h"

/* Reconciliation with the trail (domain/kernel/state.h). */
extern const StateKind system_state_kind;
extern const StateKind component_state_kind;
