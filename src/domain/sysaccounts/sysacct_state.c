/* sysacct_state: the ID imports (sysaccount_snapshots) and the access-review campaigns as the trail
 * records them, for reconciliation (domain/kernel/state.h). Each get returns the columns under the
 * names the entries record (system_id as "system"); who imported or opened and when are not in the
 * entries and not read. The IDs and the campaign's items are compared through the SHA-256 of
 * their rows that the import's and the opening's entries record. */
#include "domain/kernel/kernel.h"
#include "domain/sysaccounts/sysaccounts.h"
#include "domain/sysaccounts/sysacct_internal.h"

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

/* An import's IDs: system_ids.import records the SHA-256 of every stored ID row (ids_sha256), so an
 * ID added, removed or edited shows as the import's column ids_sha256 (an entry written before it
 * has no ids_sha256 and compares nothing). Keyed by the import. */
static Status ids_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    char hex[65];
    Status s = sa_rows_sha256(ctx, SA_IDS_SQL, SA_IDS_COLS, id, hex, e);
    if (s == ST_OK)
        *out = json_pack("{s:s}", "ids_sha256", hex);
    return s;
}

const StateKind sysaccount_id_state_kind = {
    .object_type = "system_id_snapshot",
    .table = "sysaccount_ids",
    .ids_sql = "SELECT id FROM sysaccount_snapshots ORDER BY id",
    .full_actions = snapshot_actions,
    .get = ids_state,
};

/* A review's items as opened: access_review.open records their SHA-256 (items_sha256), keyed by
 * the review, like the IDs above. */
static Status items_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    char hex[65];
    Status s = sa_rows_sha256(ctx, SA_ITEMS_SQL, SA_ITEMS_COLS, id, hex, e);
    if (s == ST_OK)
        *out = json_pack("{s:s}", "items_sha256", hex);
    return s;
}

const StateKind access_review_items_state_kind = {
    .object_type = "access_review",
    .table = "access_review_items",
    .ids_sql = "SELECT id FROM access_reviews ORDER BY id",
    .full_actions = review_actions,
    .get = items_state,
};

/* An item's decision (access_review.decide: review, system, decision, reason) and the change made
 * (access_review.done lays note over it); only decided items have entries. */
static Status decision_state(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    static const char *const cols[] = {"review", "system", "decision", "reason", "note", NULL};
    return row_by_id(ctx->db,
                     "SELECT review_id, system_id, decision, reason, done_note FROM access_review_items WHERE id = ?",
                     cols, "iiSSS", id, out, e);
}

static const char *const decision_actions[] = {"access_review.decide", NULL};
static const char *const decision_merged[] = {"access_review.done", NULL};
const StateKind access_review_decision_state_kind = {
    .object_type = "access_review_item",
    .table = "access_review_items",
    .ids_sql = "SELECT id FROM access_review_items WHERE decision IS NOT NULL OR done_note IS NOT NULL ORDER BY id",
    .full_actions = decision_actions,
    .merge_actions = decision_merged,
    .get = decision_state,
};
