/* roles: who holds which pack role over which scope, and for when (第12条–第21条). Assignments are
 * never deleted: they end (valid_until), so the record of who was responsible when stays. The pack
 * says which roles are unique (one CISO) and which are privileged; capabilities follow from the
 * current assignments. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "domain/kernel/kernel.h"

/* A role can be scoped to an information system, but the system register is a module above org
 * (domain/systems). It answers org's two questions through this interface, which it registers at
 * start-up (domain/app, app_init): org never reads the systems table. */
typedef struct RoleSystemScope {
    /* The system's "code name" for a scope label, into out (n bytes); "" when unknown. */
    void (*label)(Ctx *ctx, int64_t system_id, char *out, size_t n);
    /* *active: the system is in the register and not retired. */
    Status (*active)(Ctx *ctx, int64_t system_id, bool *active, Err *e);
} RoleSystemScope;
/* Registers the systems module's answers (s is kept, not copied). Until then a system-scoped role
 * cannot be assigned (system_scope_unavailable) and its label names no system. */
void roles_set_system_scope(const RoleSystemScope *s);

typedef struct RoleAssignment {
    int64_t person_id;
    const char *role;       /* pack role id */
    const char *scope_kind; /* "organisation" | "unit" | "system" */
    int64_t scope_id;       /* 0 for organisation */
    const char *valid_from; /* YYYY-MM-DD */
    const char *valid_until; /* NULL = open-ended */
    const char *note;
} RoleAssignment;

/* Creates an assignment after checking: the role exists in the pack; the scope fits the role
 * (department roles on 部局, section roles on 課室); the person is active; a unique role has no
 * other holder for an overlapping period (role_unique_taken); nobody assigns roles to themselves
 * (第20条, separation_of_duties). */
Status role_assign(Ctx *ctx, const RoleAssignment *a, int64_t *id_out, Err *e);
/* Ends an assignment on valid_until (not before it started; not by the holder themselves). */
Status role_end(Ctx *ctx, int64_t assignment_id, const char *valid_until, Err *e);
/* One assignment with labels, or ST_NOTFOUND. New reference. */
Status role_assignment_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* The person's assignments with labels; current only, or all. New reference. */
Status roles_of_person(Ctx *ctx, int64_t person_id, bool current_only, json_t **out, Err *e);
/* Current assignments of several people at once, for list pages: out[i] (one Buf per person, the
 * caller's) receives the comma-separated JSON objects of person_ids[i]'s assignments. */
Status roles_write_current_of_people(Ctx *ctx, const int64_t *person_ids, size_t n, Buf *out, Err *e);
/* {"items":[pack role + "holders":[current holders]]} in pack order. */
Status roles_list(Ctx *ctx, json_t **out, Err *e);
/* {"items":[assignment…]} filtered by person (0 = any) and role (NULL = any), newest first. */
Status role_assignments_list(Ctx *ctx, int64_t person_id, const char *role, json_t **out, Err *e);
/* Capabilities granted by the person's current assignments (plus CAP_SIGNED_IN), and whether any
 * of them is privileged. On a storage error: no capabilities at all and privileged (the second
 * factor is asked for), so that even a caller that drops the error fails closed. */
Status roles_capabilities(Ctx *ctx, int64_t person_id, uint64_t *caps, bool *privileged, Err *e);
/* The people who currently (today) hold role over any scope, each once, ascending: a new array of
 * integers in *out. A failed query is an error (nobody to tell is not the same as not knowing). */
Status role_current_holders(Ctx *ctx, const char *role, json_t **out, Err *e);
/* 緊急連絡網 (第13条8): current holders of roles with a contact rank, in order, with contacts. */
Status roles_contacts(Ctx *ctx, json_t **out, Err *e);
/* *holds when person_id currently (today) holds role over unit_id or a unit above it, so that a 課's
 * 情報セキュリティ管理者 also answers for its 係. False for person 0. A failed query is an error
 * (never "does not hold" nor "holds"). */
Status role_holds_over_unit(Ctx *ctx, int64_t person_id, const char *role, int64_t unit_id, bool *holds, Err *e);
