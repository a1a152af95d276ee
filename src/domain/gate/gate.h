/* gate: the 無害化 gate (lgsec mailgate) seen from lgsec — issue 16, docs/sanitize.md「隔離と原本取り出し」.
 *   - verdicts: the gate's verdict log is imported (gate_import_log; the server does it every
 *     minute, `lgsec gate import` by hand) into per-day counts by reason and the list of quarantined
 *     attachments with their recipients;
 *   - 原本取り出し (requests.yaml original_release, 第105条(1), 第25条(3)): a recipient asks for the
 *     original of an attachment; once approved, only that requester may download it, within the
 *     pack's gate.release_hours, and only after a rescan with the signatures installed now — a file
 *     the rescan detects stays blocked for good, with the reason. Every attempt is in the trail;
 *   - retention: quarantined copies and originals are deleted gate.retention_days after they
 *     arrived (gate_purge; the server daily, `lgsec gate purge`), trailed;
 *   - the signature database's age (第105条(5), 第106条(2)): stale beyond gate.signature_max_age_days.
 * Who may see what: gate.read sees everything; a person sees the attachments addressed to their
 * e-mail address (people.email) and their own releases. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

#define GATE_DEFAULT_RETENTION_DAYS 30
#define GATE_DEFAULT_RELEASE_HOURS 72
#define GATE_DEFAULT_SIGNATURE_MAX_AGE_DAYS 3
/* The request type of a release (packs/mic/requests.yaml). */
#define GATE_RELEASE_TYPE "original_release"

/* Where the gate keeps things on this machine: set once at start (serve, the CLI) before any
 * other gate function; NULL members mean "not configured". The strings are copied. */
typedef struct GateConfig {
    const char *verdict_log;    /* the mailgate's --verdict-log */
    const char *quarantine_dir; /* its --quarantine (originals in originals/) */
    const char *clamav_db;      /* the signature database the rescan and the age use */
} GateConfig;
void gate_configure(const GateConfig *c);
const GateConfig *gate_config(void);

/* Reads the configured verdict log from where the last import stopped (from the start when the
 * file was replaced, e.g. rotated) and stores each new complete line once. Lines that are not a
 * verdict record are counted as skipped. One transaction, trailed as gate.import with the counts
 * when anything was read. *imported / *skipped may be NULL. ST_NOTFOUND gate_log_missing when no
 * log is configured or it cannot be opened. */
Status gate_import_log(Ctx *ctx, int *imported, int *skipped, Err *e);

/* Deletes quarantined copies and originals that arrived more than the pack's retention_days ago
 * (files in the quarantine directory by modification time, items by arrival), marks the items
 * purged, and trails gate.purge with the counts and the hashes deleted. *files_out may be NULL. */
Status gate_purge(Ctx *ctx, int *files_out, Err *e);

/* The page (gate.read): {"days": [{day, total, blocked, reasons: {code: n}}] of the last `days`
 * days (1–366) newest first, "reasons": {code: n} over them, "signature": gate_signature_status,
 * "settings": {retention_days, release_hours, signature_max_age_days}, "quarantine": counts}. */
Status gate_overview(Ctx *ctx, int days, json_t **out, Err *e);
/* The verdicts of one JST day (YYYY-MM-DD), optionally of one reason (block code; "" = all;
 * "none" = not blocked), newest first, at most 500: {"items": [...]} (gate.read). */
Status gate_verdicts_of_day(Ctx *ctx, const char *day, const char *reason, json_t **out, Err *e);
/* Quarantined attachments, newest first (at most 500): every one for gate.read, else those sent to
 * the actor's e-mail address; each with its release request and release state when there is one.
 * mine: only the actor's even for gate.read. {"items": [...]}. */
Status gate_items_list(Ctx *ctx, bool mine, json_t **out, Err *e);
/* {"configured", "built_at", "age_days", "max_age_days", "stale", "article"} of the configured
 * signature database; configured false without one. New reference. */
json_t *gate_signature_status(Ctx *ctx);

/* Files an original_release request (submitted) for the original with SHA-256 original_sha256 on
 * behalf of the actor, who must be one of its recipients; the item must still be kept. reason
 * required. */
Status gate_release_request(Ctx *ctx, const char *original_sha256, const char *reason, int64_t *request_id,
                            Err *e);
/* The download of an approved release by its requester: checks the request (type, approved, the
 * actor is its requester and still a recipient, within release_hours of the approval), rescans the
 * original with the current signatures (the first time; a refusal is final) and returns its bytes
 * in *data (caller frees) with its name. Trailed as gate.release_download, or gate.release_refused
 * with the reason (then ST_CONFLICT release_malware / release_scan_unavailable). */
Status gate_release_download(Ctx *ctx, int64_t request_id, uint8_t **data, size_t *len, char name[256], Err *e);

/* A release row (gate_releases) for reconciliation: recorded under "release" by each download
 * attempt's entry (docs/trail.md "State reconciliation"). */
extern const StateKind gate_release_state_kind;
