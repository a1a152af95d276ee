/* fuzz_sysaccounts: a system's account-list import (sysaccounts_import) — the table reader, the header
 * mapping suggested from the pack's product formats, the ID declaration's cell checks, the privileged
 * and disabled words — then the findings of what was written (sysaccounts_system: the matcher's
 * folding and indexes). The first input byte picks the format (generic, Active Directory, 基幹系) and
 * whether the import is a dry run. A small database is made once (a 課室, two people, one system);
 * each input runs inside a transaction that is rolled back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/org/org.h"
#include "domain/sysaccounts/sysaccounts.h"
#include "domain/systems/systems.h"
#include "policy/capability.h"
#include "fuzz_world.h"

static Actor actor = {.login_id = "fuzz", .caps = CAP_EVALUATION_MANAGE | CAP_ROLES_MANAGE};
static Ctx ctx;
static int64_t system_id;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ctx = fuzz_world_open("fuzz_sysaccounts", &actor);
    Err e = {0};
    int64_t root = 0, unit = 0, person = 0;
    json_t *in = json_pack("{s:s, s:s, s:s}", "code", "city", "name", "試験市", "kind", "organisation");
    if (org_create_unit(&ctx, in, &root, &e) != ST_OK)
        fuzz_die(&e);
    json_decref(in);
    in = json_pack("{s:s, s:s, s:s, s:I}", "code", "shimin", "name", "市民課", "kind", "section", "parent_id",
                   (json_int_t)root);
    if (org_create_unit(&ctx, in, &unit, &e) != ST_OK)
        fuzz_die(&e);
    json_decref(in);
    const char *nos[] = {"D00001", "D00002"}, *names[] = {"山田 太郎", "山田 花子"};
    for (int i = 0; i < 2; i++) {
        in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "staff_no", nos[i], "name", names[i], "kana", "やまだ",
                       "employment", "regular", "unit_id", (json_int_t)unit, "active_from", "2020-04-01");
        if (people_create(&ctx, in, &person, &e) != ST_OK)
            fuzz_die(&e);
        json_decref(in);
    }
    in = json_pack("{s:s, s:s, s:s, s:I, s:s}", "code", "SYS-1", "name", "住民記録", "zone", "mynumber", "owner_unit_id",
                   (json_int_t)unit, "location", "onprem");
    if (system_create(&ctx, in, &system_id, &e) != ST_OK)
        fuzz_die(&e);
    json_decref(in);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const formats[] = {"generic", "active_directory", "kikan_package"};
    const char *format = formats[data[0] % 3];
    bool dry_run = data[0] & 0x80;
    Err e = {0};
    if (db_begin(ctx.db, &e) != ST_OK)
        abort();
    json_t *out = NULL;
    if (sysaccounts_import(&ctx, system_id, format, "fuzz.csv", data + 1, size - 1, NULL, dry_run, &out, &e) == ST_OK &&
        !dry_run) {
        json_decref(out);
        out = NULL;
        (void)sysaccounts_system(&ctx, system_id, &out, &e);
    }
    json_decref(out);
    db_rollback(ctx.db);
    return 0;
}
