/* session: signed-in browsers. A session token is 32 random bytes (libsodium), given to the client
 * as 64 hex characters; the database keeps only SHA-256(token bytes) in hex and looks sessions up
 * by that hash. A login always creates a new token (the HTTP layer destroys any pre-login one).
 * Timeouts (第87条 アクセスタイムアウト): idle (PackAccountPolicy session_idle_minutes, checked
 * against last_seen_at, which is written at most once a minute — so a session may expire up to a
 * minute early) and absolute (session_absolute_hours from creation). A session that has not
 * reached stage "done" (password change or second factor pending) lives at most
 * SESSION_PENDING_MINUTES. Expired sessions are deleted when looked up.
 * Functions here do not write the trail except session_logout. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/kernel/kernel.h"
#include "policy/pack.h"
#include "store/db.h"

#define SESSION_TOKEN_HEX 64
#define SESSION_PENDING_MINUTES 15
#define SESSION_TOUCH_SECONDS 60

/* What a session still has to do before it is fully signed in (DESIGN.md: 第88条 then 第24条). */
typedef enum SessionStage {
    STAGE_PASSWORD_CHANGE, /* temporary password must be changed first (第88条(2)) */
    STAGE_MFA_ENROL,       /* TOTP is mandatory and not set up yet */
    STAGE_MFA,             /* TOTP code (or recovery code) pending */
    STAGE_DONE,            /* fully signed in */
} SessionStage;

/* "password_change", "mfa_enrol", "mfa", "done". */
const char *session_stage_name(SessionStage s);
bool session_stage_parse(const char *name, SessionStage *out);
/* The stage that follows from an account's state: password change first, then enrolment when MFA
 * is required but not enrolled, then the code when enrolled, else done. */
SessionStage session_stage_for(bool must_change_password, bool mfa_required, bool mfa_enrolled);

typedef struct SessionInfo {
    int64_t id;
    int64_t account_id;
    int64_t person_id;
    char login_id[64];
    SessionStage stage;
    char csrf[SESSION_TOKEN_HEX + 1];
    int64_t created_at, last_seen_at, expires_at;
} SessionInfo;

/* Creates a session for account_id at time now and returns the token and CSRF token (64 hex chars
 * each) in the caller's buffers. client_addr and user_agent (may be NULL) are stored for the
 * account's session list (user_agent cut to 256 bytes). Not in a transaction of its own: works
 * inside or outside the caller's. */
Status session_create(Db *db, int64_t now, int64_t account_id, SessionStage stage,
                      const PackAccountPolicy *pol, const char *client_addr, const char *user_agent,
                      char token_out[SESSION_TOKEN_HEX + 1], char csrf_out[SESSION_TOKEN_HEX + 1],
                      Err *e);

/* Finds the session of token. ST_AUTH with code session_invalid (unknown or malformed token, or
 * the account is disabled) or session_expired (idle or absolute timeout; the row is deleted).
 * Updates last_seen_at when it is SESSION_TOUCH_SECONDS or more old. */
Status session_lookup(Db *db, int64_t now, const PackAccountPolicy *pol, const char *token,
                      SessionInfo *out, Err *e);

/* Moves a session to another stage (after the password change or the second factor). */
Status session_set_stage(Db *db, int64_t session_id, SessionStage stage, Err *e);

/* Deletes the session of token (no error when it does not exist). */
Status session_destroy(Db *db, const char *token, Err *e);
/* Logout: deletes the session and records "account.logout" in the trail (第87条 ログアウト時刻). */
Status session_logout(const Ctx *ctx, const char *token, Err *e);
/* Deletes every session of an account (password change, reset, disable). */
Status session_destroy_all_for_account(Db *db, int64_t account_id, Err *e);

/* SHA-256 of the token's bytes in hex into out; false when token is not 64 hex characters. */
bool session_token_hash(const char *token, char out[SESSION_TOKEN_HEX + 1]);
