/* Unit tests for the registers engine (src/registers): reading the CSV and XLSX files municipalities
 * have (fixtures in tests/unit/data, made as Excel makes them; see make_fixtures.sh), header mapping,
 * value parsers, the import plan's error list, and export round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>
#include <xlsxwriter.h>
#include <unistd.h>

#include "core/err.h"
#include "core/xmalloc.h"
#include "registers/export.h"
#include "registers/import.h"
#include "registers/mapping.h"
#include "registers/table.h"
#include "registers/values.h"

/* The guideline's scales, as packs/mic declares them: the levels reach the engine from the pack at
 * run time, so the tests give them the same way. */
static const char *const value_confidentiality_levels[] = {"3A", "3B", "3C", "2", "1", NULL};
static const char *const value_two_levels[] = {"2", "1", NULL};

static const char *guideline_value_at(const void *arg, const char *list, size_t i)
{
    (void)arg;
    const char *const *levels = strcmp(list, "confidentiality") == 0 ? value_confidentiality_levels
                                : strcmp(list, "registrations") == 0  ? (const char *const[]){"jcstar", NULL}
                                                                      : value_two_levels;
    for (size_t k = 0; k < i; k++)
        if (!levels[k])
            return NULL;
    return levels[i];
}

static const EntityLists guideline_lists = {.value_at = guideline_value_at};

static unsigned char *slurp(const char *name, size_t *len)
{
    char *path = xasprintf("%s/%s", DATA_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("missing fixture %s", path);
    free(path);
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap)
            buf = xrealloc(buf, cap = cap ? cap * 2 : 4096);
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return buf;
}

static Table *read_fixture(const char *name)
{
    size_t len;
    unsigned char *data = slurp(name, &len);
    Table *t = NULL;
    Err e = {0};
    Status st = table_read(data, len, name, &t, &e);
    free(data);
    if (st != ST_OK)
        fail_msg("%s: %s %s", name, e.code, e.en);
    return t;
}

static Err read_error(const unsigned char *data, size_t len, const char *hint)
{
    Table *t = (Table *)1;
    Err e = {0};
    assert_int_not_equal(table_read(data, len, hint, &t, &e), ST_OK);
    assert_null(t);
    return e;
}

static Err fixture_error(const char *name)
{
    size_t len;
    unsigned char *data = slurp(name, &len);
    Err e = read_error(data, len, name);
    free(data);
    return e;
}

/* --- reading --- */

static void cp932_csv_as_excel_writes_it(void **state)
{
    (void)state;
    Table *t = read_fixture("assets_cp932.csv");
    assert_int_equal(t->format, TABLE_CSV_CP932);
    assert_int_equal(t->nrows, 6);
    assert_string_equal(table_cell(t, 0, 0), "情報資産台帳（令和8年度）");
    assert_string_equal(table_cell(t, 1, 8), "機密性（区分）"); /* full-width brackets kept: no NFKC here */
    assert_string_equal(table_cell(t, 2, 4), "サーバ室,ラックA");
    assert_string_equal(table_cell(t, 2, 6), "○");
    assert_string_equal(table_cell(t, 3, 1), "固定資産税\"課税\"台帳");
    assert_string_equal(table_cell(t, 3, 12), "1行目\n2行目");
    assert_string_equal(table_cell(t, 4, 1), "髙橋さん宛 通知文（ﾃﾝﾌﾟﾚｰﾄ）①"); /* CP932 extensions, 半角カナ */
    assert_string_equal(table_cell(t, 4, 6), "×");
    /* the line break inside row 4 does not shift Excel's row numbers */
    assert_int_equal(t->rows[4].source_row, 5);
    assert_int_equal(t->rows[5].source_row, 6);
    assert_string_equal(table_cell(t, 5, 0), "A-004");
    assert_string_equal(table_cell(t, 5, 99), "");
    table_free(t);
}

static void utf8_bom_csv(void **state)
{
    (void)state;
    Table *t = read_fixture("assets_utf8_bom.csv");
    assert_int_equal(t->format, TABLE_CSV_UTF8);
    assert_int_equal(t->nrows, 3);
    assert_string_equal(table_cell(t, 0, 0), "管理番号"); /* the BOM is not part of the first header */
    assert_string_equal(table_cell(t, 1, 13), "職員の氏名, 所属, 連絡先");
    assert_string_equal(table_cell(t, 2, 5), "");
    assert_int_equal(t->max_cols, 14);
    table_free(t);
}

static Table *csv(const char *text)
{
    Table *t = NULL;
    Err e = {0};
    if (table_read((const unsigned char *)text, strlen(text), "x.csv", &t, &e) != ST_OK)
        fail_msg("%s", e.en);
    return t;
}

static void csv_edge_cases(void **state)
{
    (void)state;
    /* LF, lone CR, no final newline, trailing comma, blank line, text after a closing quote */
    Table *t = csv("a,b\nc,d\re,\n\n\"q\"x,y\"z\n\"\",\"\"\"\"");
    assert_int_equal(t->nrows, 6);
    assert_string_equal(table_cell(t, 1, 1), "d");
    assert_string_equal(table_cell(t, 2, 0), "e");
    assert_int_equal(t->rows[2].ncells, 1); /* the trailing empty field is not stored */
    assert_int_equal(t->rows[3].ncells, 0); /* blank line: an empty row, numbered */
    assert_int_equal(t->rows[4].source_row, 5);
    assert_string_equal(table_cell(t, 4, 0), "qx");
    assert_string_equal(table_cell(t, 4, 1), "y\"z");
    assert_string_equal(table_cell(t, 5, 0), "");
    assert_string_equal(table_cell(t, 5, 1), "\"");
    table_free(t);
    /* trailing blank lines are dropped; CRLF inside quotes kept */
    t = csv("h\r\n\"x\r\ny\"\r\n\r\n\r\n");
    assert_int_equal(t->nrows, 2);
    assert_string_equal(table_cell(t, 1, 0), "x\r\ny");
    table_free(t);
    t = csv("");
    assert_int_equal(t->nrows, 0);
    table_free(t);
    t = csv("a\tb\n");
    assert_string_equal(table_cell(t, 0, 0), "a\tb");
    table_free(t);
    Table *tsv = NULL;
    Err e = {0};
    assert_int_equal(table_read((const unsigned char *)"a\tb\n", 4, "list.TSV", &tsv, &e), ST_OK);
    assert_string_equal(table_cell(tsv, 0, 1), "b");
    table_free(tsv);
}

static void bad_inputs_are_refused_clearly(void **state)
{
    (void)state;
    Err e = fixture_error("invalid_bytes.csv");
    assert_string_equal(e.code, "table_encoding");
    assert_non_null(strstr(e.ja, "3行目"));
    e = fixture_error("unterminated_quote.csv");
    assert_string_equal(e.code, "table_unterminated_quote");
    assert_non_null(strstr(e.ja, "3行目"));
    e = fixture_error("truncated.xlsx");
    assert_string_equal(e.code, "table_xlsx_corrupt");
    e = read_error((const unsigned char *)"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest", 13, "old.xls");
    assert_string_equal(e.code, "table_xls_legacy");
    e = read_error((const unsigned char *)"\xFF\xFE" "a\0b\0", 6, "u.txt");
    assert_string_equal(e.code, "table_utf16");
    e = read_error((const unsigned char *)"just text", 9, "book.xlsx");
    assert_string_equal(e.code, "table_xlsx_corrupt");
    e = read_error((const unsigned char *)"a,b\nc\0d\n", 8, NULL);
    assert_string_equal(e.code, "table_nul_byte");
    assert_non_null(strstr(e.ja, "2行目"));
    /* a BOM promises UTF-8: no CP932 fallback */
    e = read_error((const unsigned char *)"\xEF\xBB\xBF" "a\n\x82\xA0\n", 7, NULL);
    assert_string_equal(e.code, "table_encoding");
    assert_non_null(strstr(e.ja, "2行目"));
}

static void limits_refuse_bombs(void **state)
{
    (void)state;
    Err e = fixture_error("bomb.xlsx"); /* claims 300 MiB: refused before inflating */
    assert_int_equal(e.status, ST_LIMIT);
    assert_string_equal(e.code, "table_too_large");
    /* one row more than the limit */
    size_t n = TABLE_MAX_ROWS + 1;
    unsigned char *big = xmalloc(n * 2);
    for (size_t i = 0; i < n; i++)
        big[2 * i] = 'x', big[2 * i + 1] = '\n';
    e = read_error(big, n * 2, "big.csv");
    assert_string_equal(e.code, "table_too_large");
    Table *t = NULL;
    assert_int_equal(table_read(big, (n - 1) * 2, "ok.csv", &t, &e), ST_OK); /* exactly the limit */
    assert_int_equal(t->nrows, TABLE_MAX_ROWS);
    table_free(t);
    free(big);
}

static void handmade_xlsx(void **state)
{
    (void)state;
    Table *t = read_fixture("handmade.xlsx");
    assert_int_equal(t->format, TABLE_XLSX);
    assert_string_equal(t->sheet_name, "台帳"); /* the hidden first sheet is skipped */
    assert_int_equal(t->nrows, 4);
    assert_string_equal(table_cell(t, 0, 0), "管理番号");
    assert_string_equal(table_cell(t, 0, 4), "所管課");
    assert_string_equal(table_cell(t, 1, 0), "101");
    assert_string_equal(table_cell(t, 1, 1), "住民基本台帳"); /* rich runs joined, furigana left out */
    assert_string_equal(table_cell(t, 1, 2), "３Ｂ");          /* inline string, as written */
    assert_string_equal(table_cell(t, 1, 3), "2026-04-01");    /* built-in date format 14 */
    assert_int_equal(t->rows[2].source_row, 4);                /* row 3 is missing */
    assert_string_equal(table_cell(t, 2, 0), "0.1");
    assert_string_equal(table_cell(t, 2, 1), " 前後に空白 ");
    assert_string_equal(table_cell(t, 2, 2), "TRUE");
    assert_string_equal(table_cell(t, 2, 3), "2024-04-01"); /* yyyy/m/d */
    assert_string_equal(table_cell(t, 2, 4), "税務課");     /* cached formula result */
    assert_string_equal(table_cell(t, 3, 0), "3");          /* 15 significant digits, as Excel shows */
    assert_string_equal(table_cell(t, 3, 1), " 前後に空白 "); /* merged B4:B5 */
    assert_string_equal(table_cell(t, 3, 2), "#N/A");
    assert_string_equal(table_cell(t, 3, 3), "2019-05-01"); /* 和暦 format */
    assert_string_equal(table_cell(t, 3, 5), "改行\r\nあり"); /* _x000D_ */
    table_free(t);
}

/* A workbook written by libxlsxwriter the ordinary way (shared strings, numbers, a date format). */
static void libxlsxwriter_workbook(void **state)
{
    (void)state;
    char path[] = "/tmp/lgsec-test-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *other = workbook_add_worksheet(wb, "一覧");
    lxw_worksheet *second = workbook_add_worksheet(wb, "二枚目");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
    worksheet_write_string(other, 0, 0, "管理番号", NULL);
    worksheet_write_string(other, 0, 1, "機密性", NULL);
    worksheet_write_string(other, 0, 2, "取得日", NULL);
    worksheet_write_number(other, 1, 0, 42, NULL);
    worksheet_write_string(other, 1, 1, "機密性3B", NULL);
    lxw_datetime dt = {2026, 4, 1, 0, 0, 0};
    worksheet_write_datetime(other, 1, 2, &dt, date);
    worksheet_write_boolean(other, 2, 0, 0, NULL);
    worksheet_write_string(other, 2, 3, "管理番号", NULL); /* same shared string */
    worksheet_merge_range(other, 3, 0, 3, 2, "結合", NULL);
    worksheet_write_string(second, 0, 0, "ignored", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    size_t len;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    rewind(f);
    unsigned char *data = xmalloc(len);
    assert_int_equal(fread(data, 1, len, f), len);
    fclose(f);
    unlink(path);
    Table *t = NULL;
    Err e = {0};
    assert_int_equal(table_read(data, len, "book.xlsx", &t, &e), ST_OK);
    free(data);
    assert_string_equal(t->sheet_name, "一覧");
    assert_string_equal(table_cell(t, 1, 0), "42");
    assert_string_equal(table_cell(t, 1, 1), "機密性3B");
    assert_string_equal(table_cell(t, 1, 2), "2026-04-01");
    assert_string_equal(table_cell(t, 2, 0), "FALSE");
    assert_string_equal(table_cell(t, 2, 3), "管理番号");
    assert_string_equal(table_cell(t, 3, 0), "結合");
    assert_string_equal(table_cell(t, 3, 1), "結合");
    assert_string_equal(table_cell(t, 3, 2), "結合");
    assert_string_equal(table_cell(t, 3, 3), ""); /* outside the merge */
    table_free(t);
}

static void column_names(void **state)
{
    (void)state;
    char c[4];
    table_col_name(0, c);
    assert_string_equal(c, "A");
    table_col_name(25, c);
    assert_string_equal(c, "Z");
    table_col_name(26, c);
    assert_string_equal(c, "AA");
    table_col_name(16383, c);
    assert_string_equal(c, "XFD");
    assert_int_equal(table_col_index("xfd"), 16383);
    assert_int_equal(table_col_index("AB"), 27);
    assert_int_equal(table_col_index("XFE"), -1);
    assert_int_equal(table_col_index("A1"), -1);
    assert_int_equal(table_col_index(""), -1);
}

/* --- values --- */

static void classification_spellings(void **state)
{
    (void)state;
    const char *ok[] = {"機密性3B", "3B", "３Ｂ", "自治体機密性3B", "3b", " 3B ", "機密性（3B）", "機密性 ３ｂ", "自治体機密性レベル3B"};
    char out[16];
    bool unknown;
    Err e = {0};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(value_classification(ok[i], "機密性", value_confidentiality_levels, out, &unknown, &e), ST_OK);
        assert_string_equal(out, "3B");
        assert_false(unknown);
    }
    assert_int_equal(value_classification("完全性2", "完全性", value_two_levels, out, &unknown, &e), ST_OK);
    assert_string_equal(out, "2");
    assert_int_equal(value_classification("１", "可用性", value_two_levels, out, &unknown, &e), ST_OK);
    assert_string_equal(out, "1");
    assert_int_equal(value_classification("不明", "機密性", value_confidentiality_levels, out, &unknown, &e), ST_OK);
    assert_true(unknown);
    assert_string_equal(out, "");
    const char *bad[] = {"4", "3D", "3", "機密性", "完全性2", "高"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e = (Err){0};
        assert_int_equal(value_classification(bad[i], "機密性", value_confidentiality_levels, out, &unknown, &e),
                         ST_INVALID);
        assert_string_equal(e.code, "value_classification");
        assert_non_null(strstr(e.ja, "3A、3B、3C、2、1"));
    }
    assert_int_equal(value_classification("3", "完全性", value_two_levels, out, &unknown, &e), ST_INVALID);
}

static void booleans(void **state)
{
    (void)state;
    const char *yes[] = {"○", "有", "あり", "はい", "1", "TRUE", "true", "〇", "◯", "１", "Yes"};
    const char *no[] = {"×", "無", "なし", "いいえ", "0", "FALSE", "", "  ", "－"};
    bool b;
    Err e = {0};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        assert_int_equal(value_bool(yes[i], &b, &e), ST_OK);
        assert_true(b);
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        assert_int_equal(value_bool(no[i], &b, &e), ST_OK);
        assert_false(b);
    }
    assert_int_equal(value_bool("多分", &b, &e), ST_INVALID);
    assert_string_equal(e.code, "value_bool");
    assert_non_null(strstr(e.ja, "「多分」"));
}

static void kinds_and_formats(void **state)
{
    (void)state;
    const FieldDef *kind = &asset_import_target.fields[mapping_field_index(&asset_import_target, "kind")];
    const FieldDef *format = &asset_import_target.fields[mapping_field_index(&asset_import_target, "format")];
    const char *v;
    Err e = {0};
    assert_int_equal(value_choice("情報", kind->choices, kind->nchoices, &v, &e), ST_OK);
    assert_string_equal(v, "information");
    assert_int_equal(value_choice("システム関連文書", kind->choices, kind->nchoices, &v, &e), ST_OK);
    assert_string_equal(v, "document");
    assert_int_equal(value_choice("仕様書", kind->choices, kind->nchoices, &v, &e), ST_OK);
    assert_string_equal(v, "document");
    assert_int_equal(value_choice("ＵＳＢメモリ", kind->choices, kind->nchoices, &v, &e), ST_OK);
    assert_string_equal(v, "medium");
    assert_int_equal(value_choice("equipment", kind->choices, kind->nchoices, &v, &e), ST_OK);
    assert_string_equal(v, "equipment");
    assert_int_equal(value_choice("紙", format->choices, format->nchoices, &v, &e), ST_OK);
    assert_string_equal(v, "paper");
    assert_int_equal(value_choice("電子", format->choices, format->nchoices, &v, &e), ST_OK);
    assert_string_equal(v, "electronic");
    assert_int_equal(value_choice("紙・電子", format->choices, format->nchoices, &v, &e), ST_OK);
    assert_string_equal(v, "both");
    assert_int_equal(value_choice("紙･電子", format->choices, format->nchoices, &v, &e), ST_OK); /* 半角中点 */
    assert_string_equal(v, "both");
    assert_int_equal(value_choice("石板", format->choices, format->nchoices, &v, &e), ST_INVALID);
    assert_string_equal(e.code, "value_choice");
    assert_non_null(strstr(e.ja, "「紙」「電子」「紙・電子」"));
}

/* value_choice folds only the input: every word of every field list must already be folded. */
static void choice_words_are_folded(void **state)
{
    (void)state;
    const ImportTarget *targets[] = {&asset_import_target, &system_import_target};
    for (size_t t = 0; t < 2; t++)
        for (size_t f = 0; f < targets[t]->nfields; f++) {
            const FieldDef *d = &targets[t]->fields[f];
            for (size_t i = 0; i < d->nchoices; i++) {
                const ValueChoice *c = &d->choices[i];
                for (size_t k = 0; k < 2 || (c->words && c->words[k - 2]); k++) {
                    const char *w = k == 0 ? c->value : k == 1 ? c->label_ja : c->words[k - 2];
                    char *folded = value_fold(w);
                    if (strcasecmp(folded, w) != 0)
                        fail_msg("%s: \"%s\" is not NFKC-normal without spaces", field_name(d), w);
                    free(folded);
                    const char *v;
                    Err e = {0};
                    assert_int_equal(value_choice(w, d->choices, d->nchoices, &v, &e), ST_OK);
                    if (strcmp(v, c->value) != 0) /* a word claimed by two choices */
                        fail_msg("%s: \"%s\" reads as %s, not %s", field_name(d), w, v, c->value);
                }
            }
        }
}

static void dates(void **state)
{
    (void)state;
    const char *ok[][2] = {
        {"2026/4/1", "2026-04-01"},      {"2026-04-01", "2026-04-01"},  {"R8.4.1", "2026-04-01"},
        {"令和8年4月1日", "2026-04-01"}, {"令和元年5月1日", "2019-05-01"}, {"H31.4.30", "2019-04-30"},
        {"平成31年4月30日", "2019-04-30"}, {"r08/04/01", "2026-04-01"}, {"２０２６年４月１日", "2026-04-01"},
        {"46113", "2026-04-01"},         {"45748.5", "2025-04-01"},     {"20260401", "2026-04-01"},
        {"2026/4/1 10:30", "2026-04-01"}, {"2026-04-01T10:30:00Z", "2026-04-01"}, {"S64.1.7", "1989-01-07"},
        {"2028/2/29", "2028-02-29"},
    };
    char out[11];
    Err e = {0};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (value_date(ok[i][0], out, &e) != ST_OK)
            fail_msg("%s: %s", ok[i][0], e.en);
        assert_string_equal(out, ok[i][1]);
    }
    const char *bad[] = {"2026/2/29", "2026/13/1", "R8.4.31", "明日", "", "4/1", "令和八年", "0", "2026/4/1/1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e = (Err){0};
        if (value_date(bad[i], out, &e) != ST_INVALID)
            fail_msg("accepted %s as %s", bad[i], out);
        assert_string_equal(e.code, "value_date");
    }
    int y, m, d;
    assert_true(excel_serial_to_date(1, false, &y, &m, &d));
    assert_true(y == 1900 && m == 1 && d == 1);
    assert_true(excel_serial_to_date(59, false, &y, &m, &d));
    assert_true(y == 1900 && m == 2 && d == 28);
    assert_false(excel_serial_to_date(60, false, &y, &m, &d)); /* Excel's phantom 1900-02-29 */
    assert_true(excel_serial_to_date(61, false, &y, &m, &d));
    assert_true(y == 1900 && m == 3 && d == 1);
    assert_true(excel_serial_to_date(0, true, &y, &m, &d));
    assert_true(y == 1904 && m == 1 && d == 1);
    assert_false(excel_serial_to_date(3e6, false, &y, &m, &d));
}

static void integers(void **state)
{
    (void)state;
    long long n;
    Err e = {0};
    assert_int_equal(value_integer("1,234", &n, &e), ST_OK);
    assert_int_equal(n, 1234);
    assert_int_equal(value_integer("１２台", &n, &e), ST_OK);
    assert_int_equal(n, 12);
    assert_int_equal(value_integer("-1", &n, &e), ST_INVALID);
    assert_int_equal(value_integer("十", &n, &e), ST_INVALID);
    assert_int_equal(value_integer(",1", &n, &e), ST_INVALID);
    assert_string_equal(e.code, "value_integer");
}

/* --- mapping --- */

static const char *mapped(const FieldMap *m, const ImportTarget *target, size_t col)
{
    return m->field_of_col[col] >= 0 ? field_name(&target->fields[m->field_of_col[col]]) : "-";
}

static void mapping_suggestions(void **state)
{
    (void)state;
    const ImportTarget *a = &asset_import_target;
    Table *t = read_fixture("assets_cp932.csv");
    size_t hr = mapping_find_header_row(t, a);
    assert_int_equal(hr, 1); /* the title row above is skipped */
    FieldMap m;
    mapping_suggest(t, hr, a, &m);
    const char *want[] = {"asset_no",      "name",           "kind",          "unit",         "storage_place",
                          "format",        "personal_info",  "specific_personal_info", "confidentiality",
                          "integrity",     "availability",   "classification_reason",  "notes"};
    for (size_t c = 0; c < 13; c++)
        assert_string_equal(mapped(&m, a, c), want[c]);
    json_t *j = mapping_to_json(&m, t, a);
    assert_int_equal(json_integer_value(json_object_get(j, "header_row")), 2);
    json_t *col8 = json_array_get(json_object_get(j, "columns"), 8);
    assert_string_equal(json_string_value(json_object_get(col8, "column")), "I");
    assert_string_equal(json_string_value(json_object_get(col8, "header")), "機密性（区分）");
    assert_int_equal(json_array_size(json_object_get(j, "missing_required")), 0);
    json_decref(j);
    mapping_free(&m);
    table_free(t);

    t = read_fixture("assets_utf8_bom.csv");
    mapping_suggest(t, mapping_find_header_row(t, a), a, &m);
    const char *want2[] = {"asset_no", "name",          "kind",       "unit",
                           "storage_place", "medium",   "format",     "personal_info",
                           "specific_personal_info", "confidentiality", "integrity", "availability",
                           "retention", "description"};
    for (size_t c = 0; c < 14; c++)
        assert_string_equal(mapped(&m, a, c), want2[c]);
    mapping_free(&m);
    table_free(t);

    /* bracket/space-insensitive containment, and the longest match wins */
    t = csv("機密性 ( 区分 ),資産の名称,完全性の分類,ＮＯ．,特定個人情報の有無,個人情報の有無,謎の列\n");
    mapping_suggest(t, 0, a, &m);
    assert_string_equal(mapped(&m, a, 0), "confidentiality");
    assert_string_equal(mapped(&m, a, 2), "integrity");
    assert_string_equal(mapped(&m, a, 3), "asset_no");
    assert_string_equal(mapped(&m, a, 4), "specific_personal_info");
    assert_string_equal(mapped(&m, a, 5), "personal_info");
    assert_string_equal(mapped(&m, a, 6), "-");
    json_t *missing = mapping_missing_required(&m, a);
    assert_true(json_array_size(missing) >= 2); /* kind, unit … */
    json_decref(missing);
    mapping_free(&m);
    table_free(t);

    /* the system register */
    const ImportTarget *s = &system_import_target;
    t = csv("システム名,ネットワーク区分,所管課,設置場所,冗長化,バックアップ,多要素認証\n");
    mapping_suggest(t, 0, s, &m);
    assert_string_equal(mapped(&m, s, 1), "zone");
    assert_string_equal(mapped(&m, s, 3), "location");
    assert_string_equal(mapped(&m, s, 6), "mfa");
    mapping_free(&m);
    table_free(t);
}

static void mapping_confirmed_by_the_user(void **state)
{
    (void)state;
    const ImportTarget *a = &asset_import_target;
    Table *t = read_fixture("assets_bad_rows.csv");
    FieldMap m;
    Err e = {0};
    json_t *in = json_pack("{s:i,s:{s:s,s:s,s:s,s:s,s:n}}", "header_row", 1, "columns", "B", "name", "C", "kind", "D",
                           "unit", "E", "confidentiality", "A");
    assert_int_equal(mapping_from_json(in, t, a, &m, &e), ST_OK);
    assert_int_equal(m.header_row, 0);
    assert_string_equal(mapped(&m, a, 4), "confidentiality");
    assert_string_equal(mapped(&m, a, 0), "-");
    mapping_free(&m);
    json_decref(in);

    struct {
        const char *json, *code;
    } bad[] = {
        {"{\"columns\":{\"B\":\"name\",\"C\":\"name\",\"D\":\"unit\",\"E\":\"kind\"}}", "mapping_duplicate_field"},
        {"{\"columns\":{\"B\":\"nonsense\"}}", "mapping_unknown_field"},
        {"{\"columns\":{\"Z\":\"name\"}}", "mapping_bad_column"},
        {"{\"columns\":{\"B\":\"name\"}}", "mapping_required_missing"},
        {"{\"columns\":[]}", "mapping_invalid"},
        {"{\"header_row\":99,\"columns\":{}}", "mapping_header_row"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        in = json_loads(bad[i].json, 0, NULL);
        e = (Err){0};
        assert_int_equal(mapping_from_json(in, t, a, &m, &e), ST_INVALID);
        assert_string_equal(e.code, bad[i].code);
        json_decref(in);
    }
    table_free(t);
}

/* --- import plan --- */

static size_t progress_calls, progress_last_done, progress_last_total;
static void on_progress(size_t done, size_t total, void *arg)
{
    (void)arg;
    progress_calls++;
    progress_last_done = done;
    progress_last_total = total;
}

static void plan_of_good_files(void **state)
{
    (void)state;
    const ImportTarget *a = &asset_import_target;
    Table *t = read_fixture("assets_cp932.csv");
    FieldMap m;
    mapping_suggest(t, mapping_find_header_row(t, a), a, &m);
    ImportPlan *p = NULL;
    Err e = {0};
    progress_calls = 0;
    assert_int_equal(import_plan_progress(t, &m, a, on_progress, NULL, &p, &e), ST_OK);
    assert_true(progress_calls >= 1);
    assert_int_equal(progress_last_done, progress_last_total);
    if (p->nerrors)
        fail_msg("%s", json_dumps(p->errors, 0));
    assert_int_equal(p->nrows, 4);
    json_t *row = import_plan_row(p, 1);
    char *s = json_dumps(row, JSON_SORT_KEYS);
    json_decref(row);
    assert_string_equal(s, "{\"asset_no\": \"A-002\", \"availability\": \"1\", \"confidentiality\": \"3B\", "
                           "\"format\": \"both\", \"integrity\": \"2\", \"kind\": \"information\", \"name\": "
                           "\"固定資産税\\\"課税\\\"台帳\", \"notes\": \"1行目\\n2行目\", \"personal_info\": true, "
                           "\"specific_personal_info\": false, \"storage_place\": \"書庫\", \"unit\": \"税務課\"}");
    free(s);
    assert_int_equal(p->source_rows[1], 4);
    row = import_plan_row(p, 3);
    assert_string_equal(json_string_value(json_object_get(row, "kind")), "document");
    assert_string_equal(json_string_value(json_object_get(row, "confidentiality")), "3C");
    json_decref(row);
    row = import_plan_row(p, 0);
    assert_true(json_is_true(json_object_get(row, "specific_personal_info")));
    json_decref(row);
    import_plan_free(p);
    mapping_free(&m);
    table_free(t);
}

static void plan_lists_every_bad_cell(void **state)
{
    (void)state;
    const ImportTarget *a = &asset_import_target;
    Table *t = read_fixture("assets_bad_rows.csv");
    FieldMap m;
    mapping_suggest(t, 0, a, &m);
    ImportPlan *p = NULL;
    Err e = {0};
    assert_int_equal(import_plan_lists(t, &m, a, &guideline_lists, NULL, NULL, &p, &e), ST_OK);
    assert_int_equal(p->nrows, 6); /* the blank row 6 is skipped */
    struct {
        int row;
        const char *column, *field, *code;
    } want[] = {
        {3, "E", "confidentiality", "unknown_level"}, /* the declaration's codes: what the form says */
        {4, "B", "name", "required"},
        {5, "C", "kind", "invalid_kind"},
        {5, "F", "integrity", "unknown_level"},
        {5, "H", "personal_info", "value_bool"},
        {7, "A", "asset_no", "import_duplicate"},
    };
    size_t n = sizeof want / sizeof want[0];
    if (p->nerrors != n)
        fail_msg("errors: %s", json_dumps(p->errors, JSON_INDENT(1)));
    for (size_t i = 0; i < n; i++) {
        json_t *err = json_array_get(p->errors, i);
        assert_int_equal(json_integer_value(json_object_get(err, "row")), want[i].row);
        assert_string_equal(json_string_value(json_object_get(err, "column")), want[i].column);
        assert_string_equal(json_string_value(json_object_get(err, "field")), want[i].field);
        assert_string_equal(json_string_value(json_object_get(err, "code")), want[i].code);
        assert_true(strlen(json_string_value(json_object_get(err, "ja"))) > 0);
        assert_true(strlen(json_string_value(json_object_get(err, "en"))) > 0);
    }
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(p->errors, 5), "ja")), "2 行目"));
    assert_false(p->row_failed[0]);
    assert_true(p->row_failed[1]);
    assert_true(p->row_failed[4]);
    /* 不明 and 要判断 leave the dimension out (→ 要判断 queue), an empty 可用性 too */
    json_t *unknown = import_plan_row(p, 5);
    assert_false(p->row_failed[5]);
    assert_string_equal(json_string_value(json_object_get(unknown, "asset_no")), "C-6");
    assert_null(json_object_get(unknown, "confidentiality"));
    assert_null(json_object_get(unknown, "integrity"));
    assert_null(json_object_get(unknown, "availability"));
    json_decref(unknown);
    json_t *bad = import_plan_row(p, 3); /* row 5: the cells that parsed are there */
    assert_string_equal(json_string_value(json_object_get(bad, "name")), "種別が違う");
    assert_null(json_object_get(bad, "kind"));
    json_decref(bad);
    json_t *sum = import_plan_summary(p, 2, 1);
    assert_int_equal(json_integer_value(json_object_get(sum, "rows")), 6);
    assert_int_equal(json_integer_value(json_object_get(sum, "valid_rows")), 2);
    assert_int_equal(json_integer_value(json_object_get(sum, "error_count")), 6);
    assert_int_equal(json_array_size(json_object_get(sum, "errors")), 2);
    assert_true(json_is_true(json_object_get(sum, "truncated")));
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(sum, "preview"), 0), "_row")), 2);
    json_decref(sum);
    import_plan_free(p);
    mapping_free(&m);
    table_free(t);
}

static void plan_of_system_register(void **state)
{
    (void)state;
    const ImportTarget *s = &system_import_target;
    Table *t = csv("システム名,区分,所管課,設置場所,冗長化,バックアップ\n"
                   "住民記録システム,マイナンバー利用事務系,市民課,データセンター,○,\n"
                   "グループウェア,ＬＧＷＡＮ接続系,情報政策課,庁内,×,有\n"
                   "ホームページ,インターネット,広報課,月面,,\n");
    FieldMap m;
    mapping_suggest(t, 0, s, &m);
    ImportPlan *p = NULL;
    Err e = {0};
    assert_int_equal(import_plan_lists(t, &m, s, &guideline_lists, NULL, NULL, &p, &e), ST_OK);
    assert_int_equal(p->nrows, 3);
    json_t *r0 = import_plan_row(p, 0), *r1 = import_plan_row(p, 1);
    assert_string_equal(json_string_value(json_object_get(r0, "zone")), "mynumber");
    assert_true(json_is_true(json_object_get(r0, "redundancy")));
    assert_null(json_object_get(r0, "backup")); /* empty: not recorded, not "no" */
    assert_string_equal(json_string_value(json_object_get(r1, "zone")), "lgwan");
    assert_true(json_is_false(json_object_get(r1, "redundancy")));
    json_decref(r0);
    json_decref(r1);
    assert_int_equal(p->nerrors, 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(p->errors, 0), "field")), "location");
    import_plan_free(p);
    mapping_free(&m);
    table_free(t);
}

/* --- export --- */

static const char *const headers[] = {"管理番号", "名称", "機密性", "備考"};
static const char *const cells[] = {
    "A-001", "住民基本台帳",          "3B", "カンマ, と \"引用符\"",
    "A-002", "改行\nを含む",          "2",  NULL,
    "A-003", "=1+1 は式ではない",    "1",  "  前後の空白  ",
    "A-004", "髙橋①ﾃﾝﾌﾟﾚｰﾄ",          "3A", "",
};

static void assert_same_cells(const Table *t)
{
    assert_int_equal(t->nrows, 5);
    for (size_t c = 0; c < 4; c++)
        assert_string_equal(table_cell(t, 0, c), headers[c]);
    for (size_t r = 0; r < 4; r++)
        for (size_t c = 0; c < 4; c++)
            assert_string_equal(table_cell(t, r + 1, c), cells[r * 4 + c] ? cells[r * 4 + c] : "");
}

static void xlsx_round_trip(void **state)
{
    (void)state;
    ExportSheet sheets[2] = {
        {.name = "情報資産台帳", .ncols = 4, .headers = headers, .nrows = 4, .cells = cells},
        {.name = "情報資産台帳", .title = "同じ名前[2]", .ncols = 4, .headers = headers, .nrows = 0},
    };
    unsigned char *data;
    size_t len;
    Err e = {0};
    assert_int_equal(export_xlsx(sheets, 2, &data, &len, &e), ST_OK);
    assert_true(len > 1000);
    assert_memory_equal(data, "PK\x03\x04", 4);
    Table *t = NULL;
    assert_int_equal(table_read(data, len, "export.xlsx", &t, &e), ST_OK);
    assert_string_equal(t->sheet_name, "情報資産台帳");
    assert_same_cells(t);
    table_free(t);
    free(data);
    ExportSheet none = {.name = "x", .ncols = 0};
    assert_int_equal(export_xlsx(&none, 1, &data, &len, &e), ST_INVALID);
    assert_string_equal(e.code, "export_bad_sheet");
}

static void csv_round_trips(void **state)
{
    (void)state;
    ExportSheet s = {.name = "情報資産台帳", .ncols = 4, .headers = headers, .nrows = 4, .cells = cells};
    unsigned char *data;
    size_t len;
    Err e = {0};
    assert_int_equal(export_csv(&s, 0, &data, &len, &e), ST_OK);
    assert_memory_equal(data, "\xEF\xBB\xBF管理番号,名称,機密性,備考\r\n", strlen("\xEF\xBB\xBF管理番号,名称,機密性,備考\r\n"));
    assert_non_null(strstr((char *)data, "\"カンマ, と \"\"引用符\"\"\""));
    assert_non_null(strstr((char *)data, "A-004,髙橋①ﾃﾝﾌﾟﾚｰﾄ,3A,\r\n"));
    Table *t = NULL;
    assert_int_equal(table_read(data, len, "export.csv", &t, &e), ST_OK);
    assert_int_equal(t->format, TABLE_CSV_UTF8);
    assert_same_cells(t);
    table_free(t);
    free(data);

    assert_int_equal(export_csv(&s, EXPORT_CSV_CP932, &data, &len, &e), ST_OK);
    assert_memory_equal(data, "\x8A\xC7", 2); /* 管 in CP932, no BOM */
    assert_int_equal(table_read(data, len, "export.csv", &t, &e), ST_OK);
    assert_int_equal(t->format, TABLE_CSV_CP932);
    assert_same_cells(t);
    table_free(t);
    free(data);

    assert_int_equal(export_csv(&s, EXPORT_CSV_NEUTRALIZE_FORMULAS, &data, &len, &e), ST_OK);
    assert_non_null(strstr((char *)data, "\"'=1+1 は式ではない\""));
    free(data);

    const char *emoji[] = {"B-1", "𠮷野家😀", "2", ""};
    ExportSheet s2 = {.name = "x", .ncols = 4, .headers = headers, .nrows = 1, .cells = emoji};
    assert_int_equal(export_csv(&s2, EXPORT_CSV_CP932, &data, &len, &e), ST_INVALID);
    assert_string_equal(e.code, "export_unencodable");
    assert_non_null(strstr(e.ja, "2行目 B列"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cp932_csv_as_excel_writes_it),
        cmocka_unit_test(utf8_bom_csv),
        cmocka_unit_test(csv_edge_cases),
        cmocka_unit_test(bad_inputs_are_refused_clearly),
        cmocka_unit_test(limits_refuse_bombs),
        cmocka_unit_test(handmade_xlsx),
        cmocka_unit_test(libxlsxwriter_workbook),
        cmocka_unit_test(column_names),
        cmocka_unit_test(classification_spellings),
        cmocka_unit_test(booleans),
        cmocka_unit_test(kinds_and_formats),
        cmocka_unit_test(choice_words_are_folded),
        cmocka_unit_test(dates),
        cmocka_unit_test(integers),
        cmocka_unit_test(mapping_suggestions),
        cmocka_unit_test(mapping_confirmed_by_the_user),
        cmocka_unit_test(plan_of_good_files),
        cmocka_unit_test(plan_lists_every_bad_cell),
        cmocka_unit_test(plan_of_system_register),
        cmocka_unit_test(xlsx_round_trip),
        cmocka_unit_test(csv_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
