/* Ctx: what every domain function works with — the DB connection of this thread, the clock (tests
 * inject one), the acting user with their capabilities, and the active policy pack. The caller owns
 * everything the Ctx points to. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"
#include "store/db.h"

struct Pack;

typedef struct Actor {
    int64_t account_id; /* 0 for the system / CLI operator */
    int64_t person_id;  /* 0 when not a person */
    char login_id[64];  /* "system" or "cli:<unix user>" for non-person actors */
    uint64_t caps;      /* Capability bits (policy/capability.h) */
} Actor;

typedef struct Ctx {
    Db *db;
    const Clock *clock;
    const Actor *actor;
    const struct Pack *pack;
} Ctx;

/* The one way to make a Ctx (http per request, the CLI, the scheduler, imports, tests): db, clock
 * and actor are required (abort otherwise: a broken invariant). pack is the active pack; NULL only
 * while activating the first one (`lgsec init`, `lgsec pack activate`), when there is none yet. */
Ctx ctx_make(Db *db, const Clock *clock, const Actor *actor, const struct Pack *pack);
/* A copy of ctx acting as actor (demo data made in several people's names). */
Ctx ctx_as(const Ctx *ctx, const Actor *actor);
