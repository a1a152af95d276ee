/* citations: every JSON answer that cites an article ("article", "role_article", … : a key ending in
 * "article" with a citation as its value) also carries the municipality's own article and the
 * guideline section — "article_own" (「第38条」 or null) and "article_guideline" (「対策基準 5.1」 or
 * null) beside it — from the map of the 対策基準 in force (docs/citations.md). The dispatcher applies
 * it to every answer, so no handler adds them by hand. */
#pragma once
#include <jansson.h>

#include "domain/kernel/kernel.h"

/* Adds the own article and guideline section beside every citation in body (objects and arrays,
 * recursively). Leaves body as it is when the map cannot be read. */
void citations_annotate(Ctx *ctx, json_t *body);
/* The same for an error's Japanese message (「… (第35条)」 → 「… (第35条（貴団体の第28条）)」), when
 * the result fits; the message is left as it is otherwise or when the map cannot be read. */
void citations_annotate_err(Ctx *ctx, Err *e);
/* The pack's rule texts in a pack JSON (GET /api/v1/policy, /api/v1/request-types): each
 * "description" and "default_approver_note" has its citations followed by the own article, as the
 * login message has. Only for what comes from the pack: a description people wrote is theirs. */
void citations_annotate_rules(Ctx *ctx, json_t *pack_json);
