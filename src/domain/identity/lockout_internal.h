/* lockout: failed sign-ins counted per account AND source address (table login_sources), so that
 * an outsider who knows a login ID cannot lock its holder out (docs/security.md, "Sign-in"):
 *   - a source that fails pack lockout_threshold times in a row is stopped for that account for
 *     lockout_minutes × 2^(locks in a row), at most a day (progressive delay, 第87条);
 *   - the holder signing in from another source — the PC they use — is not affected;
 *   - sources that never signed in to the account (unknown sources) that fail together more than
 *     LOCKOUT_UNKNOWN_FACTOR × threshold times in a day are all stopped for that account, so that
 *     many addresses cannot share the guessing; known sources still sign in;
 *   - every lock is recorded in the trail and told to the holder and the pack's
 *     lockout_notify_roles (統括情報セキュリティ責任者).
 * Part of domain/identity (account.c); not a public header. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/kernel/kernel.h"
#include "policy/pack.h"

#define LOCKOUT_MAX_SECONDS 86400        /* the longest lock of one source */
#define LOCKOUT_MEMORY_SECONDS 86400     /* a day without failures forgets a source's failures and locks */
#define LOCKOUT_KNOWN_SOURCE_DAYS 90     /* a source the holder signed in from within this is known */
#define LOCKOUT_UNKNOWN_FACTOR 10        /* unknown sources together: this × threshold failures a day */

typedef struct LoginSource {
    int64_t failed_count, failed_total, locks;
    int64_t locked_until, last_failed_at, last_success_at;
} LoginSource;

/* The key of a source: the client address, "" for callers without one (the CLI, tests). */
const char *lockout_source_key(const char *client_addr);

/* Reads the account's row for source (zeros when there is none). */
Status lockout_source_load(Db *db, int64_t account_id, const char *source, LoginSource *out, Err *e);

/* Whether a sign-in attempt from source may be checked at all at now: false while the source is
 * locked for the account, and, for an unknown source, while the account's unknown-source failures
 * of the last day are at the limit or the account-wide lock (second-step failures) runs. */
Status lockout_allows(Db *db, const PackAccountPolicy *pol, int64_t account_id, int64_t account_locked_until,
                      const char *source, int64_t now, bool *allowed, Err *e);

/* Counts one failed password from source inside the caller's transaction; at the threshold locks the
 * source (progressively) and notifies the holder (person_id) and the pack's lockout_notify_roles;
 * the caller records account.locked in the trail. *locked_until_out is set when this failure locked
 * it (else 0), *failures_out to the failures in a row that led to it. */
Status lockout_record_failure(const Ctx *ctx, const PackAccountPolicy *pol, int64_t account_id, int64_t person_id,
                              const char *source, int64_t now, int64_t *locked_until_out, int64_t *failures_out,
                              Err *e);

/* A sign-in from source succeeded: the source becomes known and its failures are forgotten. */
Status lockout_record_success(Db *db, int64_t account_id, const char *source, int64_t now, Err *e);

/* An administrator's unlock: every source of the account is free again. */
Status lockout_clear(Db *db, int64_t account_id, Err *e);
