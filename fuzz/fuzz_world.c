/* fuzz_world: see fuzz_world.h. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_world.h"
#include "domain/app/app.h"
#include "policy/pack.h"

static const char *harness = "fuzz";
static Clock clock_;

_Noreturn void fuzz_die(const Err *e)
{
    fprintf(stderr, "%s setup: %s %s\n", harness, e->code, e->en);
    abort();
}

Ctx fuzz_world_open(const char *name, const Actor *actor)
{
    harness = name;
    char path[] = "/tmp/lgsec-fuzz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    Db *db = NULL;
    Pack *pack = NULL;
    Err e = {0};
    PackIssues issues = {0};
    if (db_open(path, &db, &e) != ST_OK || db_migrate(db, &e) != ST_OK || pack_load_embedded(&pack, &issues, &e) != ST_OK)
        fuzz_die(&e);
    unlink(path);
    clock_ = clock_fixed(1793577600); /* 2026-11-02 09:00 JST */
    app_init();
    return ctx_make(db, &clock_, actor, pack);
}
