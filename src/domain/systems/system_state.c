/* system_state: 情報システム and their 構成要素 as the trail records them, for reconciliation
 * (domain/kernel/state.h). */
#include "domain/systems/system_internal.h"
#include "domain/systems/systems.h"

static const char *const system_actions[] = {"system.create", "system.update", NULL};
/* updated_at also moves when a component changes (the component's entry records that change). */
static const char *const system_ignored[] = {"updated_at", NULL};
const StateKind system_state_kind = {
    .object_type = "system",
    .table = "systems",
    .ids_sql = "SELECT id FROM systems ORDER BY id",
    .full_actions = system_actions,
    .ignored = system_ignored,
    .get = system_get_plain,
};

static const char *const component_actions[] = {"system.component.add", "system.component.update",
                                                "system.component.remove", NULL};
const StateKind component_state_kind = {
    .object_type = "system_component",
    .table = "system_components",
    .ids_sql = "SELECT id FROM system_components ORDER BY id",
    .full_actions = component_actions,
    .ignored = NULL,
    .get = system_component_state,
};
