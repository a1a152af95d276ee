/* identity_state: accounts as the trail records them, for reconciliation (domain/kernel/state.h). */
#include "domain/identity/identity.h"

/* Every account change records the account's whole state (trail_account in account.c); logout
 * records none. */
static const char *const account_actions[] = {
    "account.create",        "account.login_failed",  "account.locked",       "account.login",
    "account.password_changed", "account.mfa_enrol_started", "account.mfa_enrolled", "account.mfa_verified",
    "account.recovery_code_used", "account.unlock",  "account.disable",      "account.reset_password",
    "account.mfa_reset",     NULL,
};

const StateKind account_state_kind = {
    .object_type = "account",
    .table = "accounts",
    .ids_sql = "SELECT id FROM accounts ORDER BY id",
    .full_actions = account_actions,
    .ignored = NULL,
    .get = account_trail_state,
};
