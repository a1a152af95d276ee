/* netcheck (domain): what a user gets around the netcheck engine (src/netcheck, docs/netcheck.md) —
 * uploaded topology and configuration files kept by SHA-256 (the shared evidence store), runs of the
 * 三層の対策 check (第24条–第26条, 第67条) and of the before/after comparison (第44条) stored with their
 * result and trailed with the files' and the result's hashes, the zone map built from the
 * 情報システム台帳 (the engine sees only code, name and zone of the systems the runner may read), and
 * a comparison attached to a セキュリティ設定の変更 request so its approvers see what the change opens.
 * Who may read a run: its runner, readers of every register entry (the pack's visibility.all_roles:
 * CISO, 統括, 監査統括責任者), and holders of a system role for one of the systems it names (情報システム
 * 管理者); the route table requires netcheck.run (roles.yaml) to run or list. The parse runs in a
 * sandboxed child (sanitize's sandbox_run). All JSON results are new references. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"
#include "netcheck/run.h"

#define NETCHECK_MAX_FILES 32
#define NETCHECK_LIST_MAX 200

typedef enum NetcheckMode { NETCHECK_CHECK, NETCHECK_DIFF, NETCHECK_HYGIENE } NetcheckMode;

/* The engine (nc_run_check / nc_run_diff / nc_run_hygiene, run.h) in a sandboxed child — for the server
 * and the CLI alike: *json the result (malloc'd). The engine's errors come back as they are (code,
 * field, message naming file and line); a child that crashes or passes its limits is
 * netcheck_sandbox_failed. (netcheck_exec.c) */
Status netcheck_exec(NetcheckMode mode, const NcRunInput *in, char **json, NcRunSummary *sum, Err *e);

/* The zone matrix of pack (its netcheck.yaml, netcheck_matrix.c): *out points into the pack and into
 * name ("netcheck.yaml (mic 2026.1)", the file name errors and the result show). A pack without one is
 * netcheck_no_matrix. */
#define NETCHECK_MATRIX_NAME 160
Status netcheck_matrix_of(const struct Pack *pack, NcFile *out, char name[static NETCHECK_MATRIX_NAME], Err *e);
/* The pack's zone matrix checked with the pack (netcheck_packcheck.c; `lgsec pack validate` and
 * `lgsec pack activate`): appends to issues, each with netcheck.yaml and its line, what the engine
 * refuses (netcheck_matrix), a zone of the register missing from zones (netcheck_unknown_zone), a model
 * other than alpha, alpha_prime, beta, beta_prime (netcheck_unknown_model), a relay kind the register
 * cannot record (netcheck_unknown_relay_kind), an article the pack lacks (netcheck_unknown_article).
 * Returns the number added; a pack without netcheck.yaml adds none. */
struct PackIssues;
size_t netcheck_pack_check(const struct Pack *pack, struct PackIssues *issues);

/* The zone map (netcheck_zones.c): the active systems of the 情報システム台帳 the actor may read, as
 * the engine takes them (NcRunInput.systems); ids[i] is refs[i]'s systems_v.id. Free with
 * netcheck_zones_free. */
typedef struct NetcheckZones {
    NcSystemRef *refs;
    int64_t *ids;
    size_t n;
    json_t *keep; /* owns the strings refs point into */
} NetcheckZones;
Status netcheck_zones_load(Ctx *ctx, NetcheckZones *z, Err *e);
void netcheck_zones_free(NetcheckZones *z);

/* Keeps an uploaded file (topology or configuration, 1 byte – 64 MiB) under its SHA-256 in the name
 * of the acting person: name is a file name (1–255 characters, no /); the trail entry holds the hash. */
Status netcheck_file_add(Ctx *ctx, const char *name, const unsigned char *data, size_t len, int64_t *id_out, Err *e);
/* Runs and stores. in: {"mode": "check"|"diff", "title"?: text ≤200, "format"?: auto|iptables|nft|rtx|
 * fortigate|ios, "topology_file_id": id (check), "config_file_ids": [ids] (check: each device's
 * configuration; diff: [before, after])}. The files must be the actor's uploads. A file the engine
 * cannot read is the engine's error naming the file and line; nothing is stored then. */
Status netcheck_run(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* One run: {id, mode, title, model, violations, opened, closed, findings, request_id, run_by,
 * run_by_name, run_at, result_sha256, files:[{id, name, sha256, size, role}], result:{…run.h…}}. A run
 * the actor may not read answers netcheck_run_not_found. */
Status netcheck_run_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* The runs the actor may read, newest first (at most NETCHECK_LIST_MAX): {"items":[… without result …]}. */
Status netcheck_run_list(Ctx *ctx, json_t **out, Err *e);
/* Attaches a diff run of the actor's to one of their own requests of type security_setting_change that
 * is not decided yet; trailed on the run. */
Status netcheck_run_attach(Ctx *ctx, int64_t id, int64_t request_id, Err *e);
/* The runs attached to a request, for whoever may read the request (request_may_view decides): {"items":[…
 * with result …]}. */
Status netcheck_request_runs(Ctx *ctx, int64_t request_id, json_t **out, Err *e);

/* The report of a run the actor may read as an A4 PDF (*data malloc'd): 和暦 dates, the files' and the
 * result's SHA-256, each forbidden flow with its article, witness, path and rule lines. (netcheck_pdf.c) */
Status netcheck_run_pdf(Ctx *ctx, int64_t id, unsigned char **data, size_t *len, Err *e);

/* For reconciling the tables with the trail (domain/audit; netcheck_state.c). */
extern const StateKind netcheck_file_state_kind;
extern const StateKind netcheck_run_state_kind;
