/* vendors_internal: what the files of domain/vendors share — input checks of text and dates, the
 * contract's state as read from its approval request, and the clause coverage. Not for use outside. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"
#include "entities/entity.h"

/* in[key] when given must be a string of at most max characters (multiline: tabs and newlines too);
 * required: present and not empty. *out: the value or NULL. Errors name the field (label in ja). */
Status vin_text(const json_t *in, const char *key, const char *label, size_t max, bool required, bool multiline,
                const char **out, Err *e);
/* in[key] when given must be null (nullable) or a YYYY-MM-DD date. */
Status vin_date(const json_t *in, const char *key, const char *label, bool required, const char **out, Err *e);
/* in[key] when given must be a positive integer id. */
Status vin_id(const json_t *in, const char *key, const char *label, bool required, int64_t *out, Err *e);
/* The declaration's checks of in (entities/vendor_entity.c) for a new row: "" of a nullable field becomes
 * null first (what a form leaves empty), then entity_check. */
Status vin_entity(const Entity *ent, json_t *in, Err *e);
/* in[key] as a string, or NULL (absent, null, not a string). */
const char *vin_str(const json_t *in, const char *key);
/* The current time as ISO UTC and today's date. */
void vendors_now(const Ctx *ctx, char now[static 21], char today[static 11]);
/* Certificate state of an expiry date: "none" (NULL/""), "expired", "expiring" (within warn days), "valid". */
const char *cert_state(const char *expires_on, const char *today, int warn_days);
/* date + days as YYYY-MM-DD. */
void date_add_days(const char *date, int days, char out[static 11]);

typedef struct ContractRow {
    int64_t id, vendor_id, manager_person_id, request_id;
    char starts_on[11], ends_on[11];
    char title[801];
    char request_state[32]; /* "" when no request */
    bool ended;
} ContractRow;

/* Loads contract id with its approval request's state; ST_NOTFOUND contract_not_found. */
Status contract_load(Ctx *ctx, int64_t id, ContractRow *c, Err *e);
/* The contract's state: "ended", else from the request: "draft" (none, withdrawn, or a draft),
 * "under_review", "approved", "returned", "rejected". */
const char *contract_state(const ContractRow *c);
/* The pack clauses not included and not covered by an approved exception in force: a JSON array of
 * {id, label, label_en, article}. */
Status contract_missing(Ctx *ctx, int64_t id, json_t **missing, Err *e);
/* *in_force: request rid is an approved 例外措置 (kind exception), valid today, whose provisions name
 * article (or its bare 第N条). */
Status exception_covers(Ctx *ctx, int64_t rid, const char *article, bool *in_force, Err *e);

/* The contract as its trail entries record it (contract_state.c): its columns with the ids of the
 * systems and assets it touches and its ending (null until ended). ST_NOTFOUND not_found. */
Status contract_plain(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Records action under contract id with contract_plain as after (before borrowed, may be NULL). */
Status contract_record(Ctx *ctx, const char *action, int64_t id, json_t *before, Err *e);
/* A clause's row as vendor_contract.clause records it: {clause_id, included, location, exception_request_id}. */
Status contract_clause_plain(Ctx *ctx, int64_t contract_id, const char *clause_id, json_t **out, Err *e);
/* A row of vendor_subcontracts, vendor_staff or vendor_checks (table) as its entry records it, with
 * its id as subcontract_id / staff_id / check_id. */
Status contract_part_plain(Ctx *ctx, const char *table, int64_t id, json_t **out, Err *e);

/* contract.c, shared with contract_edit.c: *ok when person_id is active today and holds
 * section_security_manager or system_manager; links the ids of in[key] ("systems" | "assets"), each
 * checked in its owner's view. */
Status contract_manager_valid(Ctx *ctx, int64_t person_id, bool *ok, Err *e);
Status contract_link_objects(Ctx *ctx, int64_t id, const json_t *in, const char *key, Err *e);
/* staff_training.c: adds to each item of contract's "staff" its "training" ({state: "attended" |
 * "missing" | "none", fiscal_year, courses [{id, title, audience, audience_label, due_on, attended_on}]}
 * or {state: "unregistered"} without a person record) and "pledge_missing", and to the contract
 * "staff_training_missing": the names of 要員 who have not attended. */
Status contract_staff_training(Ctx *ctx, json_t *contract, Err *e);
