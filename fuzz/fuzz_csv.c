/* fuzz_csv: the import path a user's CSV takes — table_read (encoding detection, CP932 conversion,
 * RFC 4180 parsing), then the header row search, the mapping suggestion and its JSON, and the import
 * plan with every value parser, for both registers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "registers/import.h"
#include "registers/mapping.h"
#include "registers/table.h"

static void plan(const Table *t, const ImportTarget *target)
{
    FieldMap map;
    mapping_suggest(t, mapping_find_header_row(t, target), target, &map);
    json_decref(mapping_to_json(&map, t, target));
    ImportPlan *p = NULL;
    Err e = {0};
    if (import_plan(t, &map, target, &p, &e) == ST_OK) {
        json_decref(import_plan_summary(p, 10, 3));
        import_plan_free(p);
    }
    mapping_free(&map);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Table *t = NULL;
    Err e = {0};
    if (table_read(data, size, size % 2 ? "in.csv" : "in.tsv", &t, &e) != ST_OK)
        return 0;
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c <= t->rows[r].ncells; c++)
            (void)table_cell(t, r, c);
    plan(t, &asset_import_target);
    plan(t, &system_import_target);
    table_free(t);
    return 0;
}
