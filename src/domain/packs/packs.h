/* pack_activation: putting a policy pack version into force — validated, stored with its digest,
 * and recorded in the trail ("pack.activate", before/after: the pack id, version and digest). Used by
 * `lgsec init` and `lgsec pack activate` (a database created before a new pack file became
 * required needs the current pack activated before the server can load it). */
#pragma once
#include <stdbool.h>

#include "domain/kernel/kernel.h"
#include "policy/pack.h"
#include "policy/pack_store.h"

/* Activates files as the one active pack version in its own transaction (or a savepoint of the
 * caller's). *unchanged is set (and nothing is written) when the active version already has the same
 * digest. info (optional) receives the active version's identity. */
Status pack_activate(Ctx *ctx, const PackSource *files, size_t n, bool *unchanged, PackVersionInfo *info, Err *e);

extern const StateKind pack_version_state_kind;
