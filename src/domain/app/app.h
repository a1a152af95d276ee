/* app: the top of the domain, where the modules are wired together. A lower module that needs an
 * answer from a higher one declares an interface and the higher module registers itself here, once,
 * before any Ctx is used (main, and the tests' fixture). Public header of domain/app. */
#pragma once

/* Registers every module's callbacks; idempotent. Today: the systems register answers org's
 * questions about system-scoped roles (org/roles.h, RoleSystemScope). */
void app_init(void);
