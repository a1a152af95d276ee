/* fuzz_gate_import: the mail gate's verdict log as `lgsec gate import` reads it (gate_import_log) —
 * complete lines only, each a JSON verdict record or skipped, its attachments into the quarantine
 * list — then the page's readers over what was stored (per-day counts, a day's verdicts, the
 * quarantine). The log is a file the gate writes (docs/sanitize.md「隔離と原本取り出し」): each input
 * is written as the whole log and imported inside a transaction that is rolled back, so every input
 * starts from an empty database and reads from the log's start. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/gate/gate.h"
#include "policy/capability.h"
#include "fuzz_world.h"

static Actor actor = {.login_id = "fuzz", .caps = CAP_GATE_READ};
static Ctx ctx;
static char log_path[] = "/tmp/lgsec-fuzz-gate-log-XXXXXX";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ctx = fuzz_world_open("fuzz_gate_import", &actor);
    int fd = mkstemp(log_path);
    if (fd < 0)
        abort();
    close(fd);
    gate_configure(&(GateConfig){.verdict_log = log_path, .quarantine_dir = NULL, .clamav_db = NULL});
    return 0;
}

static void write_log(const uint8_t *data, size_t size)
{
    int fd = open(log_path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0)
        abort();
    for (size_t off = 0; off < size;) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0)
            abort();
        off += (size_t)w;
    }
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    write_log(data, size);
    Err e = {0};
    if (db_begin(ctx.db, &e) != ST_OK)
        abort();
    int imported = 0, skipped = 0;
    if (gate_import_log(&ctx, &imported, &skipped, &e) == ST_OK && imported > 0) {
        json_t *out = NULL;
        if (gate_overview(&ctx, 366, &out, &e) == ST_OK) {
            /* each day counted has its verdicts listed */
            size_t i;
            json_t *d;
            json_array_foreach(json_object_get(out, "days"), i, d) {
                json_t *list = NULL;
                const char *day = json_string_value(json_object_get(d, "day"));
                if (day && gate_verdicts_of_day(&ctx, day, "", &list, &e) == ST_OK)
                    json_decref(list);
            }
            json_decref(out);
        }
        out = NULL;
        if (gate_items_list(&ctx, false, &out, &e) == ST_OK)
            json_decref(out);
    }
    db_rollback(ctx.db);
    return 0;
}
