/* rules: the table of what the code enforces, generated at build time by scripts/mkindex.py from the
 * ENFORCES: declarations written above the enforcing functions (see docs/architecture.md, Registries).
 * `lgsec rules` prints it against the articles of the built-in pack. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

typedef struct RuleEnforcement {
    const char *const *articles;  /* citations as declared ("第59条(3)"), NULL-terminated */
    const char *function;         /* the enforcing function */
    const char *file;             /* its source file, relative to the repository */
    int line;                     /* the line of its definition */
    const char *const *pack_keys; /* pack values it reads ("pack.accounts.lockout_threshold"), NULL-terminated */
    const char *const *routes;    /* "METHOD /path" of the routes whose handler reaches it, NULL-terminated */
    bool every_route;             /* reached by the request pipeline itself (dispatch), before any handler */
    const char *note;             /* what it refuses or requires ("" when not said) */
} RuleEnforcement;

/* Ends with an entry whose function is NULL. */
extern const RuleEnforcement rule_enforcements[];
