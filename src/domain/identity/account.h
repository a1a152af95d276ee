/* account: lgsec's own login accounts, one per person (people.id). Creation with a temporary
 * password (第88条(2)), login with attempt limits and lockout (第87条), the previous login time and
 * failed attempts since then (第87条), password change against the policy (第59条), TOTP
 * enrolment and verification (第24条(3), 第38条(4)), and the administrator's operations (unlock,
 * disable, reset). No default administrator names (第84条(7)).
 *
 * Every state change runs in one transaction with its trail entry (record_change_as, through the Ctx). Trail entries never contain
 * secrets: no hashes, no TOTP secret, no codes, no passwords; unknown login IDs are not recorded
 * (they may be a password typed into the wrong field).
 *
 * Slow work (Argon2id) is done outside write transactions, so a login never holds the database
 * write lock while hashing; the state is re-read inside the transaction.
 *
 * Capability checks (people.manage for the administrator's operations) are the caller's: the HTTP
 * routes name their capability; the CLI is run by the server's operator. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/err.h"
#include "domain/kernel/kernel.h"
#include "domain/identity/session.h"
#include "domain/identity/totp.h"
#include "policy/pack.h"
#include "store/db.h"

#define ACCOUNT_LOGIN_ID_MIN 3
#define ACCOUNT_LOGIN_ID_MAX 32
#define ACCOUNT_TEMP_PASSWORD_DAYS 7  /* a temporary password expires after this */
#define ACCOUNT_MFA_PENDING_MINUTES 10 /* time to confirm a new TOTP secret */

/* Public facts about an account (no secrets). Times are Unix seconds, 0 when not set. */
typedef struct AccountInfo {
    int64_t id;
    int64_t person_id;
    char login_id[64];
    char staff_no[64];
    char name[256];
    bool must_change_password;
    int64_t temp_password_expires_at;
    int64_t failed_count;
    int64_t locked_until;          /* the account itself (second-step failures) */
    int64_t terminal_locked_until; /* the latest lock of one of its terminals (lockout_internal.h); may be past */
    int64_t last_login_at;
    int64_t last_failed_at;
    int64_t failed_since_last_login;
    int64_t previous_login_at;   /* the login before last_login_at (shown while signed in, 第87条) */
    int64_t failed_before_login; /* failed attempts between those two logins */
    bool mfa_enrolled;
    int64_t mfa_enrolled_at;
    int64_t disabled_at;
    int64_t created_at;
    bool mynumber_zone; /* people.mynumber_zone: TOTP mandatory */
} AccountInfo;

typedef struct LoginResult {
    int64_t account_id;
    int64_t person_id;
    char login_id[64];
    int64_t previous_login_at;     /* the login before this one; 0 on the first login */
    int64_t failed_since_previous; /* failed attempts since that login (第87条) */
    bool must_change_password;     /* temporary password: change it now (第88条) */
    bool mfa_required;             /* privileged role or マイナンバー利用事務系 */
    bool mfa_enrolled;
    SessionStage stage;            /* where the new session starts (session_stage_for) */
} LoginResult;

/* Validates a login ID ([a-z0-9._-], 3–32, starting with a letter or digit; upper case is folded)
 * and refuses default administrator names (第84条(7)). Writes the lower-case form into out.
 * Codes: login_id_invalid, login_id_reserved (ST_INVALID, field "login_id"). */
Status account_validate_login_id(const char *login_id, char out[ACCOUNT_LOGIN_ID_MAX + 1], Err *e);
/* True for admin, administrator, root, … (also with trailing digits, any case). */
bool account_login_id_reserved(const char *login_id);

/* Creates the account of person_id with a new temporary password that must be changed at first
 * login and expires after ACCOUNT_TEMP_PASSWORD_DAYS. *temp_password_out is malloc'd: the caller
 * shows it once, then wipes (sodium_memzero) and frees it. *account_id_out optional.
 * Codes: login_id_invalid, login_id_reserved, person_not_found, account_exists, login_id_taken. */
Status account_create(const Ctx *ctx, int64_t person_id, const char *login_id,
                      char **temp_password_out, int64_t *account_id_out, Err *e);

/* The one rule for the second factor: TOTP is mandatory for a person who holds a privileged role of
 * the active pack (第84条) or works in the マイナンバー利用事務系 (第24条(3), 第38条(4)). Fails
 * closed: true when either cannot be read. */
bool account_mfa_required(Ctx *ctx, int64_t person_id);

/* Checks a login (ctx: no actor yet; its pack's roles decide account_mfa_required). client_addr
 * (may be NULL: no rate limit, e.g. tests; counted as the source "") is counted against
 * pol->login_rate_per_minute, and failures are counted per account and source (lockout_internal.h).
 * Errors: ST_LIMIT login_rate_limited; ST_AUTH invalid_credentials for every refusal — unknown ID,
 * wrong password, a source locked for the account, a disabled account or a person no longer active,
 * right password or not: one code, one message, one Argon2id verification each (docs/security.md);
 * ST_AUTH temporary_password_expired (right password only).
 * On success fills out; the caller creates a session at out->stage. */
Status account_login(Ctx *ctx, const PackAccountPolicy *pol, const char *login_id, const char *password,
                     const char *client_addr, LoginResult *out, Err *e);

/* Changes the password after verifying the current one (a wrong one counts towards lockout).
 * Checks the policy (password_check_policy codes, plus password_same when unchanged), clears
 * must_change_password and the temporary expiry, and ends all the account's sessions: the caller
 * then creates a fresh session (token rotation). Codes: invalid_credentials (field
 * "current_password"), account_locked, the policy codes, password_same. */
Status account_change_password(Ctx *ctx, const PackAccountPolicy *pol, int64_t account_id,
                               const char *current_password, const char *new_password, Err *e);

/* A TOTP secret offered for enrolment. Free with mfa_enrolment_free. */
typedef struct MfaEnrolment {
    char secret[TOTP_SECRET_B32_LEN + 1]; /* base32, for manual entry */
    char *uri;                            /* otpauth:// URI */
    char *svg;                            /* its QR code */
} MfaEnrolment;
void mfa_enrolment_free(MfaEnrolment *m);

/* Starts enrolment: stores a new pending secret (inactive until confirmed) and returns it with its
 * URI and QR code. ST_CONFLICT mfa_already_enrolled when TOTP is already active. */
Status account_mfa_begin(Ctx *ctx, int64_t account_id, MfaEnrolment *out, Err *e);
/* Confirms enrolment with a code from the authenticator app: activates the secret and returns
 * TOTP_RECOVERY_COUNT recovery codes (shown once; stored hashed). Codes: mfa_not_started,
 * mfa_enrol_expired, mfa_invalid_code. */
Status account_mfa_confirm(Ctx *ctx, int64_t account_id, const char *code,
                           char recovery_out[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1], Err *e);
/* Second factor at login: a 6-digit TOTP code (not replayable) or an unused recovery code
 * (then used up; *used_recovery_out set when given). A wrong code counts towards lockout.
 * Codes: mfa_not_enrolled, account_locked, mfa_invalid_code. */
Status account_mfa_verify(Ctx *ctx, const PackAccountPolicy *pol, int64_t account_id, const char *code,
                          bool *used_recovery_out, Err *e);
/* Number of unused recovery codes. */
Status account_recovery_codes_left(Db *db, int64_t account_id, int *count_out, Err *e);

/* Administrator's operations (actor from ctx). Each ends the account's sessions where noted. */
/* Clears a lockout and the failure counter. */
Status account_unlock(const Ctx *ctx, int64_t account_id, Err *e);
/* Disables the account (ends its sessions). ST_CONFLICT account_already_disabled; ST_FORBIDDEN
 * account_disable_self for the acting account's own. */
Status account_disable(const Ctx *ctx, int64_t account_id, Err *e);
/* Issues a new temporary password (must be changed at next login, expires), clears a lockout and
 * ends the account's sessions. *temp_password_out as in account_create. */
Status account_reset_password(const Ctx *ctx, int64_t account_id, char **temp_password_out, Err *e);
/* Removes TOTP and recovery codes (lost device); the person enrols again at next login. */
Status account_mfa_reset(const Ctx *ctx, int64_t account_id, Err *e);

/* Lookups (ST_NOTFOUND account_not_found). */
Status account_get(Db *db, int64_t account_id, AccountInfo *out, Err *e);
/* The account's state as its trail entries record it (no secrets), for reconciliation with the
 * trail (account_state_kind). New reference in *out; ST_NOTFOUND when there is no such account. */
Status account_trail_state(Ctx *ctx, int64_t id, json_t **out, Err *e);
Status account_get_by_person(Db *db, int64_t person_id, AccountInfo *out, Err *e);
Status account_find_by_login(Db *db, const char *login_id, AccountInfo *out, Err *e);
/* people.id of a 職員番号 (ST_NOTFOUND person_not_found). */
Status account_person_by_staff_no(Db *db, const char *staff_no, int64_t *person_id_out, Err *e);
/* A person's account at a glance, for the person card: {login_id, locked_until (the account's or a
 * terminal's), last_login_at, mfa_enrolled, disabled, must_change_password}, or JSON null when the
 * person has none (new reference). A failed query is an error, not "no account". */
Status account_summary_of_person(Ctx *ctx, int64_t person_id, json_t **out, Err *e);
/* How many accounts are locked now, as accounts or from one of their terminals. */
Status account_locked_count(Ctx *ctx, int64_t *count_out, Err *e);
/* All accounts as a JSON array of objects (login_id, staff_no, name, state flags and times in
 * ISO 8601 UTC), ordered by login ID. *out is a new reference: the caller json_decref's it. */
Status account_list(Db *db, json_t **out, Err *e);
/* One account as the JSON object account_list uses (new reference). */
json_t *account_info_json(const AccountInfo *a);
