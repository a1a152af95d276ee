/* rec_cardcsv: importing a card reader's log into the サーバー室入退室管理簿 (see rec_room.h for the
 * format). Every row goes through the same entry_insert / entry_close as the form, inside one
 * transaction that is rolled back when any row is bad, so the book never holds half a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/records/rec_common.h"
#include "domain/records/rec_room.h"
#include "domain/records/rec_room_internal.h"
#include "domain/kernel/kernel.h"
#include "registers/table.h"

#define CARD_MAX_ROWS 100000u

enum { COL_CARD, COL_TIME, COL_DIR, COL_DOOR, N_COLS };

/* Header words per column (compared after NFKC, case-insensitive for ASCII). */
static const char *const headers[N_COLS][5] = {
    {"カード番号", "職員番号", "card", "staff_no", NULL},
    {"日時", "time", NULL},
    {"方向", "direction", NULL},
    {"扉", "door", NULL},
};

typedef struct CardRow {
    size_t source_row;
    int64_t t;
    char time[21];
    bool in;
    int64_t room_id;
    int64_t person_id;
} CardRow;

static void add_error(json_t *errors, size_t row, const char *field, const char *code, const char *ja, const char *en)
{
    json_array_append_new(errors, json_pack("{s:I, s:s, s:s, s:s, s:s}", "row", (json_int_t)row, "field", field, "code",
                                            code, "detail", ja, "detail_en", en));
}

static int header_column(const char *cell)
{
    char *n = text_nfkc(cell);
    for (char *p = n; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    int found = -1;
    for (int c = 0; c < N_COLS && found < 0; c++)
        for (int k = 0; headers[c][k] && found < 0; k++)
            if (strcmp(n, headers[c][k]) == 0)
                found = c;
    free(n);
    return found;
}

static int direction(const char *cell)
{
    char *n = text_nfkc(cell);
    for (char *p = n; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    int d = strcmp(n, "入") == 0 || strcmp(n, "入室") == 0 || strcmp(n, "in") == 0    ? 1
            : strcmp(n, "出") == 0 || strcmp(n, "退室") == 0 || strcmp(n, "out") == 0 ? 0
                                                                                       : -1;
    free(n);
    return d;
}

/* *id: the first column of the query's first row (its one parameter: text when given, else num), 0
 * when there is none. A failed query is an error, never "none". */
static Status first_id(Ctx *ctx, const char *sql, const char *text, int64_t num, int64_t *id, Err *e)
{
    *id = 0;
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    if (text)
        stmt_bind_text(st, 1, text);
    else
        stmt_bind_int(st, 1, num);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row)
        *id = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

/* Room by door code or name. */
static Status room_of_door(Ctx *ctx, const char *door, int64_t *id, Err *e)
{
    return first_id(ctx, "SELECT id FROM server_rooms WHERE door_code = ?1 OR name = ?1 ORDER BY id", door, 0, id, e);
}

/* Person by the room's card number, else by 職員番号. */
static Status person_of_card(Ctx *ctx, int64_t room, const char *card, int64_t *id, Err *e)
{
    *id = 0;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT person_id FROM server_room_access WHERE room_id = ? AND card_no = ?"
                          " UNION ALL SELECT id FROM people_v WHERE staff_no = ?2",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, room);
    stmt_bind_text(st, 2, card);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row)
        *id = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

/* A failure of the store (not of the row): the import stops with it instead of blaming the row. */
static bool storage_failure(Status s) { return s == ST_DB || s == ST_TAMPER || s == ST_IO || s == ST_INTERNAL; }

static int by_time(const void *a, const void *b)
{
    const CardRow *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->source_row < y->source_row ? -1 : x->source_row > y->source_row;
}

/* *id: the open entry of person in room, 0 when none. */
static Status open_entry(Ctx *ctx, int64_t room, int64_t person, int64_t *id, Err *e)
{
    *id = 0;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT id FROM server_room_entries WHERE room_id = ? AND person_id = ? AND time_out IS NULL"
                          " ORDER BY time_in DESC LIMIT 1",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, room);
    stmt_bind_int(st, 2, person);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row)
        *id = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

/* Reads the rows into out (n), reporting every bad cell into errors. */
static Status parse_rows(Ctx *ctx, const Table *t, CardRow *out, size_t *n, json_t *errors, Err *e)
{
    int col[N_COLS] = {-1, -1, -1, -1};
    for (size_t c = 0; t->nrows && c < t->rows[0].ncells; c++) {
        int k = header_column(t->rows[0].cells[c]);
        if (k >= 0 && col[k] < 0)
            col[k] = (int)c;
    }
    for (int k = 0; k < N_COLS; k++)
        if (col[k] < 0)
            return err_setf(e, ST_INVALID, "card_csv_header", "file",
                            "1行目の見出しに「%s」の列がありません (カード番号または職員番号・日時・方向・扉)",
                            "the header row has no column %s (card or staff_no, time, direction, door)",
                            headers[k][0]);
    *n = 0;
    for (size_t r = 1; r < t->nrows; r++) {
        const char *card = table_cell(t, r, (size_t)col[COL_CARD]), *time = table_cell(t, r, (size_t)col[COL_TIME]),
                   *dir = table_cell(t, r, (size_t)col[COL_DIR]), *door = table_cell(t, r, (size_t)col[COL_DOOR]);
        size_t row = t->rows[r].source_row;
        if (!*card && !*time && !*dir && !*door)
            continue;
        CardRow *cr = &out[*n];
        memset(cr, 0, sizeof *cr);
        cr->source_row = row;
        int d = direction(dir);
        if (!time_parse_local(time, &cr->t))
            add_error(errors, row, "time", "invalid_time", "日時は YYYY-MM-DD HH:MM[:SS] (日本時間) で記載してください",
                      "time must be YYYY-MM-DD HH:MM[:SS] (JST)");
        else
            time_iso_utc(cr->t, cr->time);
        if (d < 0)
            add_error(errors, row, "direction", "invalid_direction", "方向は 入 か 出 (in/out) で記載してください",
                      "direction must be in or out");
        cr->in = d == 1;
        Status s = room_of_door(ctx, door, &cr->room_id, e);
        if (s != ST_OK)
            return s;
        if (!cr->room_id) {
            add_error(errors, row, "door", "unknown_door", "扉コードに当たるサーバー室がありません",
                      "no server room has this door code");
        } else {
            json_t *room = NULL;
            Err e2 = {0};
            if ((s = room_for_keeper(ctx, cr->room_id, &room, &e2)) != ST_OK && storage_failure(s)) {
                *e = e2;
                return s;
            }
            if (s != ST_OK)
                add_error(errors, row, "door", e2.code, e2.ja, e2.en);
            json_decref(room);
            if ((s = person_of_card(ctx, cr->room_id, card, &cr->person_id, e)) != ST_OK)
                return s;
            if (!cr->person_id)
                add_error(errors, row, "card", "unknown_card", "カード番号・職員番号に当たる職員がいません",
                          "no person has this card or staff number");
        }
        (*n)++;
    }
    return ST_OK;
}

/* Applies the rows in time order inside the open transaction; bad rows go to errors. */
static Status apply_rows(Ctx *ctx, CardRow *rows, size_t n, json_t *errors, int *opened, int *closed, Err *e)
{
    qsort(rows, n, sizeof *rows, by_time);
    for (size_t i = 0; i < n; i++) {
        CardRow *r = &rows[i];
        json_t *room = NULL;
        Status s = room_plain(ctx, r->room_id, &room, e);
        if (s != ST_OK)
            return s;
        int64_t open = 0;
        if ((s = open_entry(ctx, r->room_id, r->person_id, &open, e)) != ST_OK) {
            json_decref(room);
            return s;
        }
        Err re = {0};
        if (r->in && open) {
            add_error(errors, r->source_row, "direction", "already_in",
                      "この職員は退室の記録がないまま再び入室しています", "the person entered again without an exit");
        } else if (!r->in && !open) {
            add_error(errors, r->source_row, "direction", "no_open_entry", "この退室に対応する入室の記録がありません",
                      "no entry to close for this exit");
        } else if (r->in) {
            EntryIn ei = {.room_id = r->room_id, .person_id = r->person_id, .time_in = r->time, .time_out = "",
                          .purpose = "", .source = "card"};
            if ((s = entry_insert(ctx, room, &ei, NULL, &re)) == ST_OK)
                (*opened)++;
            else if (!storage_failure(s))
                add_error(errors, r->source_row, re.field, re.code, re.ja, re.en);
        } else if ((s = entry_close(ctx, room, open, r->time, &re)) == ST_OK) {
            (*closed)++;
        } else if (!storage_failure(s)) {
            add_error(errors, r->source_row, "time", re.code, re.ja, re.en);
        }
        json_decref(room);
        if (storage_failure(s)) {
            *e = re;
            return s;
        }
    }
    return ST_OK;
}

Status rec_entries_import(Ctx *ctx, const unsigned char *data, size_t len, json_t **report, Err *e)
{
    *report = NULL;
    Table *t = NULL;
    Status s = table_read(data, len, "card.csv", &t, e);
    if (s != ST_OK)
        return s;
    if (t->format == TABLE_XLSX) {
        table_free(t);
        return err_set(e, ST_INVALID, "card_csv_format", "file", "カードリーダーの記録は CSV で取り込んでください",
                       "the card reader log must be a CSV file");
    }
    if (t->nrows > CARD_MAX_ROWS + 1) {
        table_free(t);
        return err_set(e, ST_LIMIT, "too_many_rows", "file", "一度に取り込めるのは100,000行までです",
                       "at most 100,000 rows per file");
    }
    CardRow *rows = xcalloc(t->nrows ? t->nrows : 1, sizeof *rows);
    json_t *errors = json_array();
    size_t n = 0;
    int opened = 0, closed = 0;
    s = parse_rows(ctx, t, rows, &n, errors, e);
    table_free(t);
    if (s == ST_OK && !json_array_size(errors) && (s = db_begin(ctx->db, e)) == ST_OK) {
        s = apply_rows(ctx, rows, n, errors, &opened, &closed, e);
        if (s == ST_OK && json_array_size(errors))
            s = ST_INVALID; /* nothing is kept */
        if (s == ST_INVALID)
            db_rollback(ctx->db);
        else
            s = finish_tx(ctx, s, e);
    }
    free(rows);
    if (json_array_size(errors)) {
        *report = json_pack("{s:o}", "errors", errors);
        char ja[128], en[128];
        snprintf(ja, sizeof ja, "%zu行に誤りがあります。1行も取り込んでいません", json_array_size(errors));
        snprintf(en, sizeof en, "%zu rows have errors; nothing was imported", json_array_size(errors));
        return err_set(e, ST_INVALID, "card_csv_invalid", "file", ja, en);
    }
    json_decref(errors);
    if (s == ST_OK && n == 0)
        return err_set(e, ST_INVALID, "card_csv_empty", "file", "取り込む行がありません", "the file has no rows");
    if (s == ST_OK)
        *report = json_pack("{s:I, s:i, s:i}", "rows", (json_int_t)n, "opened", opened, "closed", closed);
    return s;
}
