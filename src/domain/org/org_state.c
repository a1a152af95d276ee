/* org_state: 組織, 職員 and role assignments as the trail records them, for reconciliation
 * (domain/kernel/state.h). */
#include "domain/org/org.h"
#include "domain/org/people.h"
#include "domain/org/roles.h"

static const char *const unit_actions[] = {"org_unit.create", "org_unit.update", NULL};
const StateKind org_unit_state_kind = {
    .object_type = "org_unit",
    .table = "org_units",
    .ids_sql = "SELECT id FROM org_units ORDER BY id",
    .full_actions = unit_actions,
    .ignored = NULL,
    .get = org_get_unit,
};

static const char *const person_actions[] = {"person.create", "person.update", NULL};
/* has_account is derived from accounts (whose own entries record them). */
static const char *const person_ignored[] = {"has_account", NULL};
const StateKind person_state_kind = {
    .object_type = "person",
    .table = "people",
    .ids_sql = "SELECT id FROM people ORDER BY id",
    .full_actions = person_actions,
    .ignored = person_ignored,
    .get = people_get_plain,
};

static const char *const role_actions[] = {"role.assign", "role.end", NULL};
const StateKind role_assignment_state_kind = {
    .object_type = "role_assignment",
    .table = "role_assignments",
    .ids_sql = "SELECT id FROM role_assignments ORDER BY id",
    .full_actions = role_actions,
    .ignored = NULL,
    .get = role_assignment_get,
};
