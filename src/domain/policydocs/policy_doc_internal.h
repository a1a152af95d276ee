/* policy_doc_internal: what the policy document files share — reading rights and a version's
 * key facts. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

typedef struct PdVersionRow {
    int64_t id, document_id, seq, current_version_id;
    char state[16]; /* draft | published | superseded | discarded */
    char kind[16];  /* the document's: basic | standard | procedure */
} PdVersionRow;

bool pd_may_manage(const Ctx *ctx);
/* May the actor read a version of this kind in this state? */
bool pd_may_read(const Ctx *ctx, const char *kind, const char *state);
/* ST_NOTFOUND policy_doc_not_found. */
Status pd_not_found(Err *e);
/* The version's row, ST_NOTFOUND when absent (no rights checked). */
Status pd_version_row(Ctx *ctx, int64_t id, PdVersionRow *r, Err *e);
/* The version's register fields as JSON (no text); NULL with e filled on failure. */
json_t *pd_version_object(Ctx *ctx, int64_t id, Err *e);
/* What the trail records of a version (and reconciliation compares): pd_version_object with
 * document_id, sha256 (of the uploaded file) and text_sha256 (of the stored text, so an edit of the
 * text shows). ST_NOTFOUND when absent. New reference in *out. */
Status pd_version_state(Ctx *ctx, int64_t id, json_t **out, Err *e);
