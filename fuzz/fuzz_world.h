/* fuzz_world: the scratch database the domain harnesses start from — a temporary SQLite file with
 * every migration (unlinked once open), the embedded pack, a fixed clock (2026-11-02 09:00 JST) and
 * the modules' callbacks registered as main does. Setup failures abort: a harness that cannot build
 * its world has nothing to fuzz. */
#ifndef LGSEC_FUZZ_WORLD_H
#define LGSEC_FUZZ_WORLD_H

#include "core/err.h"
#include "domain/kernel/kernel.h"

/* The Ctx of a new world acting as actor (which must outlive it); name appears in setup failures. */
Ctx fuzz_world_open(const char *name, const Actor *actor);

/* Prints the setup failure with the harness's name and aborts. */
_Noreturn void fuzz_die(const Err *e);

#endif
