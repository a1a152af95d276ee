/* The sysaccounts module's shared parts: the matcher (sysacct_match.c) and the reader's checks
 * (sysacct_access.c). Not for use outside the module. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/sysaccounts/sysaccounts.h"

/* One person as the matcher sees them (from people_v / org_units_v). */
typedef struct SaPerson {
    int64_t id;
    char *name;
    char *unit_name;
    int64_t unit_id;
    bool left; /* active_until before today */
} SaPerson;

typedef struct SaIndex SaIndex; /* string → person index */

/* Everything a classification needs, loaded once per request (or per benchmark run). */
typedef struct SaMatcher {
    SaPerson *people;
    size_t npeople;
    SaIndex *by_staff; /* folded 職員番号 → person */
    SaIndex *by_name;  /* folded name → person (ambiguous names are left out) */
    /* units: id → parent and folded name (the 所属 written by a product may be a 課 or its 係) */
    int64_t *unit_ids, *unit_parent;
    char **unit_key;
    size_t nunits;
    /* (person, system) pairs of current privileged_id_roles, sorted */
    int64_t (*roles)[2];
    size_t nroles;
    char **shared_words; /* folded */
    size_t nshared;
    char today[11];
    char cutoff[11]; /* IDs last used before this day are unused */
    int unused_days;
} SaMatcher;

/* One ID to classify (borrowed strings). */
typedef struct SaId {
    int64_t system_id;
    const char *login_id, *staff_no, *holder_name, *unit_name, *last_login;
    bool enabled, privileged;
} SaId;

/* Loads people, units and roles (through the org module's published views). Free with sa_matcher_free. */
Status sa_matcher_load(Ctx *ctx, SaMatcher *m, Err *e);
void sa_matcher_free(SaMatcher *m);
/* The findings of id as a bit set (1u << SysAccountFinding); *person the matched person or NULL. */
unsigned sa_classify(const SaMatcher *m, const SaId *id, const SaPerson **person);
/* lgsec's own account (person known, never privileged-without-role: its privileges are roles). */
unsigned sa_classify_lgsec(const SaMatcher *m, int64_t person_id, const char *last_login, const char *created,
                           bool enabled, const SaPerson **person);

/* Who may read: everything (evaluation.manage, audit_lead) or only the systems in *mine (ascending,
 * malloc'd, *nmine entries: where the actor holds one of the pack's editor roles). Free *mine. */
Status sa_reader_scope(Ctx *ctx, bool *all, int64_t **mine, size_t *nmine, Err *e);
bool sa_scope_has(const int64_t *mine, size_t n, int64_t system_id);
/* *may: the actor may import into system_id (its 情報システム管理者 or evaluation.manage). */
Status sa_may_import(Ctx *ctx, int64_t system_id, bool *may, Err *e);
/* A system the reader may not see in the register (need-to-know, domain/access) is not found here
 * either: its IDs answer 404 like its register entry, never 403 that would tell it exists. */
Status sa_system_visible(Ctx *ctx, int64_t system_id, Err *e);
/* The systems the actor holds one of the pack's editor roles for (ascending, malloc'd). */
Status sa_managed_systems(Ctx *ctx, int64_t **out, size_t *n, Err *e);
/* Classifies the IDs of the latest snapshot of system_id (0 = every system's), calling fn per ID with
 * the statement on its row: system_id, id, login_id, staff_no, holder_name, unit_name, privileges,
 * last_login, state, enabled, privileged. */
typedef void (*SaIdFn)(void *arg, Stmt *st, const SaPerson *p, unsigned f);
Status sa_each_id(Ctx *ctx, const SaMatcher *m, int64_t system_id, SaIdFn fn, void *arg, Err *e);
/* lgsec's own accounts classified: appended to items as sysaccounts_system's items (when items is not
 * NULL), counted into counts; *n the number of accounts. */
Status sa_lgsec_ids(Ctx *ctx, const SaMatcher *m, json_t *items, size_t counts[SAF_COUNT], size_t *n, Err *e);

/* The rows sql (one parameter: id) returns, ncols columns each, hashed in order: hex SHA-256. */
Status sa_rows_sha256(Ctx *ctx, const char *sql, int ncols, int64_t id, char hex[65], Err *e);
/* The queries whose digests the import's and the review's entries record (ids_sha256 and
 * items_sha256): every column an import stores, and what a review's items hold when it opens. */
#define SA_IDS_SQL                                                                                          \
    "SELECT id, system_id, row_no, login_id, staff_no, holder_name, unit_name, privileges, last_login, state," \
    " enabled, privileged FROM sysaccount_ids WHERE snapshot_id = ? ORDER BY id"
#define SA_IDS_COLS 12
#define SA_ITEMS_SQL                                                                                    \
    "SELECT id, system_id, login_id, holder_name, person_id, privileged, findings FROM access_review_items" \
    " WHERE review_id = ? ORDER BY id"
#define SA_ITEMS_COLS 7
