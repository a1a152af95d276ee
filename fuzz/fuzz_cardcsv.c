/* fuzz_cardcsv: the card-reader log import of the サーバー室入退室管理簿 (rec_entries_import) — the
 * table reader, the header and cell parsing (times, directions, doors, cards), the ordering and the
 * pairing of 入/出 — against a small database made once (a 課室, two people on a room's list). Each
 * input runs inside a transaction that is rolled back, so every input sees the same book. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/org/org.h"
#include "domain/records/records.h"
#include "fuzz_world.h"

static Actor actor = {.login_id = "fuzz"};
static Ctx ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ctx = fuzz_world_open("fuzz_cardcsv", &actor);
    Err e = {0};
    int64_t root = 0, unit = 0, a = 0, b = 0, room = 0;
    json_t *in = json_pack("{s:s, s:s, s:s}", "code", "city", "name", "試験市", "kind", "organisation");
    if (org_create_unit(&ctx, in, &root, &e) != ST_OK)
        fuzz_die(&e);
    json_decref(in);
    in = json_pack("{s:s, s:s, s:s, s:I}", "code", "joho", "name", "情報政策課", "kind", "section", "parent_id",
                   (json_int_t)root);
    if (org_create_unit(&ctx, in, &unit, &e) != ST_OK)
        fuzz_die(&e);
    json_decref(in);
    const char *nos[] = {"S1", "S2"};
    int64_t *ids[] = {&a, &b};
    for (int i = 0; i < 2; i++) {
        in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "staff_no", nos[i], "name", nos[i], "kana", "し", "employment",
                       "regular", "unit_id", (json_int_t)unit, "active_from", "2020-04-01");
        if (people_create(&ctx, in, ids[i], &e) != ST_OK)
            fuzz_die(&e);
        json_decref(in);
    }
    in = json_pack("{s:s, s:s, s:I}", "name", "サーバー室", "door_code", "SR1", "unit_id", (json_int_t)unit);
    if (rec_room_create(&ctx, in, &room, &e) != ST_OK)
        fuzz_die(&e);
    json_decref(in);
    in = json_pack("{s:I, s:s}", "person_id", (json_int_t)a, "card_no", "C1");
    if (rec_room_grant(&ctx, room, in, NULL, &e) != ST_OK)
        fuzz_die(&e);
    json_decref(in);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Err e = {0};
    if (db_begin(ctx.db, &e) != ST_OK)
        abort();
    json_t *report = NULL;
    (void)rec_entries_import(&ctx, data, size, &report, &e);
    json_decref(report);
    db_rollback(ctx.db);
    return 0;
}
