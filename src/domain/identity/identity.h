/* identity: accounts, sign-in and lockout (account.h), sessions (session.h), TOTP (totp.h) and the
 * password rules (password.h). Public header of domain/identity. */
#pragma once
#include "domain/identity/account.h"
#include "domain/identity/password.h"
#include "domain/identity/preferences.h"
#include "domain/identity/session.h"
#include "domain/identity/totp.h"

/* Reconciliation with the trail (domain/kernel/state.h): accounts. */
extern const StateKind account_state_kind;
