/* rec_roombook: the サーバー室入退室管理簿 of a period as a document — PDF to print and file, XLSX to
 * hand on (see rec_room.h). Both show the same texts: one function words every row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/org/org.h"
#include "domain/records/rec_room.h"
#include "registers/export.h"
#include "report/roombook.h"

#define MAX_DAYS 366

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* from and to: both required, real dates, in order, at most MAX_DAYS apart. */
static Status check_period(const char *from, const char *to, Err *e)
{
    int y, m, d;
    if (!from || !*from)
        return err_set(e, ST_INVALID, "required", "from", "期間の開始日を入力してください", "from is required");
    if (!to || !*to)
        return err_set(e, ST_INVALID, "required", "to", "期間の終了日を入力してください", "to is required");
    if (strlen(from) != 10 || !date_parse(from, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "from", "期間の開始日は YYYY-MM-DD の日付で指定してください",
                       "from must be a date (YYYY-MM-DD)");
    int64_t a = days_from_civil(y, m, d);
    if (strlen(to) != 10 || !date_parse(to, &y, &m, &d))
        return err_set(e, ST_INVALID, "invalid_date", "to", "期間の終了日は YYYY-MM-DD の日付で指定してください",
                       "to must be a date (YYYY-MM-DD)");
    int64_t b = days_from_civil(y, m, d);
    if (b < a)
        return err_set(e, ST_INVALID, "invalid_period", "to", "期間の終了日は開始日以降にしてください",
                       "the end of the period must not be before its start");
    if (b - a >= MAX_DAYS)
        return err_setf(e, ST_INVALID, "period_too_long", "to", "期間は%d日以内で指定してください",
                        "the period may span at most %d days", MAX_DAYS);
    return ST_OK;
}

/* The words of an entry's flags; malloc'd. */
static char *flags_text(const json_t *entry)
{
    char out[512] = "";
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(entry, "flags"), i, f)
    {
        const char *code = json_string_value(f);
        const char *words = code && strcmp(code, "after_hours_unapproved") == 0 ? "時間外 (承認された立入申請なし)"
                            : code && strcmp(code, "not_on_access_list") == 0   ? "入退室の許可なし"
                                                                                : code ? code : "";
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", *out ? "、" : "", words);
    }
    json_t *req = json_object_get(entry, "after_hours_request_id");
    if (json_is_true(json_object_get(entry, "after_hours")) && json_is_integer(req))
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s時間外 (申請 %lld で承認済み)", *out ? "、" : "",
                 (long long)json_integer_value(req));
    return xstrdup(out);
}

/* The person (氏名 (職員番号)) or the visitor (訪問者 氏名 (所属)); malloc'd. */
static char *who_text(const json_t *entry)
{
    if (json_is_string(json_object_get(entry, "person_name"))) {
        const char *no = jstr(entry, "staff_no");
        return xasprintf("%s%s%s%s", jstr(entry, "person_name"), *no ? " (" : "", no, *no ? ")" : "");
    }
    const char *org = jstr(entry, "visitor_org");
    return xasprintf("訪問者 %s%s%s%s", jstr(entry, "visitor_name"), *org ? " (" : "", org, *org ? ")" : "");
}

static Status as_xlsx(const RoomBook *b, unsigned char **data, size_t *len, Err *e)
{
    static const char *const headers[] = {"番号", "入室日時", "退室日時", "入室者", "付添いの職員", "目的", "指摘"};
    enum { NC = sizeof headers / sizeof headers[0] };
    static const double widths[NC] = {6, 22, 22, 28, 18, 40, 28};
    char **owned = xcalloc(b->nrows * 3 + 1, sizeof *owned);
    const char **cells = xcalloc(b->nrows * NC + 1, sizeof *cells);
    for (size_t i = 0; i < b->nrows; i++) {
        const RoomBookRow *r = &b->rows[i];
        char tin[48], tout[48];
        roombook_wareki_time(r->time_in, tin, sizeof tin);
        roombook_wareki_time(r->time_out, tout, sizeof tout);
        owned[i * 3] = xasprintf("%zu", i + 1);
        owned[i * 3 + 1] = xstrdup(tin);
        owned[i * 3 + 2] = xstrdup(*tout ? tout : "（在室中）");
        const char *row[NC] = {owned[i * 3], owned[i * 3 + 1], owned[i * 3 + 2], r->who,
                               r->escort,    r->purpose,       r->flags};
        memcpy(&cells[i * NC], row, sizeof row);
    }
    char from[32], to[32];
    roombook_wareki_day(b->from, from, sizeof from);
    roombook_wareki_day(b->to, to, sizeof to);
    char *title = xasprintf("サーバー室入退室管理簿 %s (%s) %s〜%s 第35条", b->room_name, b->unit_name, from, to);
    ExportSheet sheet = {.name = "入退室管理簿", .title = title, .ncols = NC, .headers = headers, .widths = widths,
                         .nrows = b->nrows, .cells = cells};
    Status s = export_xlsx(&sheet, 1, data, len, e);
    for (size_t i = 0; i < b->nrows * 3; i++)
        free(owned[i]);
    free(owned);
    free(cells);
    free(title);
    return s;
}

Status rec_room_book_export(Ctx *ctx, int64_t room_id, const char *from, const char *to, RoomBookFormat format,
                            unsigned char **data, size_t *len, Err *e)
{
    *data = NULL;
    *len = 0;
    json_t *book = NULL, *org = NULL;
    Status s = check_period(from, to, e);
    if (s == ST_OK)
        s = rec_entry_list(ctx, room_id, false, from, to, &book, e);
    if (s == ST_OK)
        s = org_root(ctx, &org, e);
    if (s != ST_OK) {
        json_decref(book);
        return s;
    }
    json_t *items = json_object_get(book, "items"), *room = json_object_get(book, "room");
    size_t n = json_array_size(items);
    RoomBookRow *rows = xcalloc(n ? n : 1, sizeof *rows);
    char **texts = xcalloc(2 * n + 1, sizeof *texts);
    for (size_t k = 0; k < n; k++) {
        const json_t *x = json_array_get(items, n - 1 - k); /* the list is newest first; a book reads oldest first */
        texts[2 * k] = who_text(x);
        texts[2 * k + 1] = flags_text(x);
        rows[k] = (RoomBookRow){.time_in = jstr(x, "time_in"),
                                .time_out = jstr(x, "time_out"),
                                .who = texts[2 * k],
                                .escort = jstr(x, "escort_name"),
                                .purpose = jstr(x, "purpose"),
                                .flags = texts[2 * k + 1]};
    }
    RoomBook b = {.organisation = json_is_object(org) ? jstr(org, "name") : NULL, .room_name = jstr(room, "name"),
                  .location = jstr(room, "location"), .unit_name = jstr(room, "unit_name"), .from = from, .to = to,
                  .made_at = clock_now(ctx->clock), .nrows = n, .rows = rows};
    s = format == ROOM_BOOK_PDF ? roombook_pdf(&b, data, len, e) : as_xlsx(&b, data, len, e);
    for (size_t k = 0; k < 2 * n; k++)
        free(texts[k]);
    free(texts);
    free(rows);
    json_decref(org);
    json_decref(book);
    return s;
}
