/* asset_state: the 情報資産台帳 as the trail records it, for reconciliation (domain/kernel/state.h). */
#include "domain/assets/assets.h"

/* Entries whose "after" is asset_get_plain of the row (the others — restriction_add/remove,
 * contents_add/remove, event, dispose — record what they touched, not the row). */
static const char *const full_actions[] = {"asset.create", "asset.update", "asset.classify", "asset.decide",
                                           "asset.copy", NULL};
/* disposed_at and updated_at are set by 廃棄 (asset.dispose), whose entry records the event. */
static const char *const ignored[] = {"disposed_at", "updated_at", NULL};

const StateKind asset_state_kind = {
    .object_type = "asset",
    .table = "assets",
    .ids_sql = "SELECT id FROM assets ORDER BY id",
    .full_actions = full_actions,
    .ignored = ignored,
    .get = asset_get_plain,
};
