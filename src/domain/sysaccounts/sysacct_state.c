/* sysacct_state: the ID imports (sysaccount_snapshots) and the access-review campaigns as the trail
 * records them, for reconciliation (domain/kernel/state.h). Each get returns the columns under the
 * names the entries record (system_id as "system"); who imported or opened and when are not in the
 * entries and not read. The campaign's items are listed in docs/trail.md ("Tables not
 * reconciled"): the open entry records their count, not each item. */
#include "domain/kernel/kernel.h"
#include "domain/sysaccounts/sysaccounts.h"

static Status snapshot_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"system", "format", "filename", "id_count", NULL};
    return row_by_id(ctx->db, "SELECT system_id, format, filename, id_count FROM sysaccount_snapshots WHERE id = ?", cols,
                   "issi", id, out, e);
}

static const char *const snapshot_actions[] = {"system_ids.import", NULL};
const StateKind sysaccount_snapshot_state_kind = {
    .object_type = "system_id_snapshot",
    .table = "sysaccount_snapshots",
    .ids_sql = "SELECT id FROM sysaccount_snapshots ORDER BY id",
    .full_actions = snapshot_actions,
    .get = snapshot_state,
};

static Status review_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"title", "opened_on", "due_on", "state", NULL};
    return row_by_id(ctx->db, "SELECT title, opened_on, due_on, state FROM access_reviews WHERE id = ?", cols, "ssss", id, out,
                   e);
}

static const char *const review_actions[] = {"access_review.open", NULL};
static const char *const review_merged[] = {"access_review.close", NULL};
const StateKind access_review_state_kind = {
    .object_type = "access_review",
    .table = "access_reviews",
    .ids_sql = "SELECT id FROM access_reviews ORDER BY id",
    .full_actions = review_actions,
    .merge_actions = review_merged,
    .get = review_state,
};
