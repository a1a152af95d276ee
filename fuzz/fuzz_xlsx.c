/* fuzz_xlsx: the XLSX reader (libzip from memory + libxml2 streaming) and the import plan on what it
 * reads. Inputs starting with "PK" are whole files; any other input is split at "\n----\n" into the
 * worksheet, sharedStrings, styles and workbook XML (missing parts get a minimal default), zipped in
 * memory, so the fuzzer mutates the XML the reader interprets rather than the deflate streams. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "registers/import.h"
#include "registers/mapping.h"
#include "registers/table.h"

static const char *const defaults[] = {
    "<worksheet><sheetData/></worksheet>",
    "<sst/>",
    "<styleSheet/>",
    "<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>",
};
static const char *const names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                                    "xl/workbook.xml"};
static const char rels[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";

static int add(zip_t *z, const char *name, const void *p, size_t n)
{
    zip_source_t *s = zip_source_buffer(z, p, n, 0);
    if (!s)
        return -1;
    if (zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(s);
        return -1;
    }
    return 0;
}

/* Builds a zip of the parts in memory; malloc'd bytes in *out, NULL on failure. */
static unsigned char *build_zip(const uint8_t *data, size_t size, size_t *out_len)
{
    const char *part[4] = {0};
    size_t plen[4] = {0};
    const char *p = (const char *)data, *end = p + size;
    for (int i = 0; i < 4 && p <= end; i++) {
        const char *sep = memmem(p, (size_t)(end - p), "\n----\n", 6);
        part[i] = p;
        plen[i] = sep ? (size_t)(sep - p) : (size_t)(end - p);
        if (!sep)
            break;
        p = sep + 6;
    }
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
    zip_error_fini(&err);
    if (!z) {
        zip_source_free(src);
        return NULL;
    }
    zip_source_keep(src);
    int bad = add(z, "xl/_rels/workbook.xml.rels", rels, sizeof rels - 1);
    for (int i = 0; i < 4 && !bad; i++)
        bad = part[i] ? add(z, names[i], part[i], plen[i]) : add(z, names[i], defaults[i], strlen(defaults[i]));
    unsigned char *out = NULL;
    if (bad || zip_close(z) < 0) {
        if (bad)
            zip_discard(z);
        zip_source_free(src);
        return NULL;
    }
    zip_stat_t st;
    if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
        out = malloc(st.size ? st.size : 1);
        zip_int64_t n = out ? zip_source_read(src, out, st.size) : -1;
        zip_source_close(src);
        if (n < 0 || (zip_uint64_t)n != st.size) {
            free(out);
            out = NULL;
        } else {
            *out_len = (size_t)n;
        }
    }
    zip_source_free(src);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *zipped = NULL;
    size_t len = size;
    if (size < 2 || memcmp(data, "PK", 2) != 0) {
        zipped = build_zip(data, size, &len);
        if (!zipped)
            return 0;
    }
    Table *t = NULL;
    Err e = {0};
    if (table_read(zipped ? zipped : data, len, "in.xlsx", &t, &e) == ST_OK) {
        FieldMap map;
        mapping_suggest(t, mapping_find_header_row(t, &asset_import_target), &asset_import_target, &map);
        ImportPlan *p = NULL;
        if (import_plan(t, &map, &asset_import_target, &p, &e) == ST_OK)
            import_plan_free(p);
        mapping_free(&map);
        table_free(t);
    }
    free(zipped);
    return 0;
}
