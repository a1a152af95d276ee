/* roombook: the printable サーバー室入退室管理簿 (第35条) — an A4 landscape PDF of a room's entries
 * for a period: on every page the title, the room, its 課室, the period and the column headings; 和暦
 * dates; "N / M ページ" and the time it was made at the foot. Rendered with cairo + pango (Noto Sans
 * CJK JP) like the label sheets (labels.h). The caller formats each row's texts. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef struct RoomBookRow {
    const char *time_in;  /* UTC ISO 8601 */
    const char *time_out; /* UTC ISO 8601; NULL or "" while still inside */
    const char *who;      /* 「山田 太郎 (S0001)」 or 「訪問者 佐藤 (○○保守)」 */
    const char *escort;   /* the escorting 職員 of a visitor; NULL or "" */
    const char *purpose;
    const char *flags;    /* the entry's findings in words; NULL or "" */
} RoomBookRow;

typedef struct RoomBook {
    const char *organisation; /* printed above the title; may be NULL */
    const char *room_name;
    const char *location;     /* may be NULL */
    const char *unit_name;    /* the keeping 課室 */
    const char *from, *to;    /* the period, YYYY-MM-DD (JST days, inclusive) */
    int64_t made_at;          /* Unix time of the print, shown in the footer */
    size_t nrows;
    const RoomBookRow *rows;  /* oldest first, as a paper book is read */
} RoomBook;

/* Renders the book (zero rows give one page that says so) into a PDF; *pdf is malloc'd (caller
 * frees). ST_INTERNAL pdf_failed when cairo fails. */
Status roombook_pdf(const RoomBook *b, unsigned char **pdf, size_t *len, Err *e);
/* "令和8年12月7日 9:30" (JST) of a UTC ISO time into out (>= 48 bytes); "" when t is not a time. */
void roombook_wareki_time(const char *iso, char *out, size_t cap);
/* "令和8年12月1日" of a YYYY-MM-DD day into out (>= 32 bytes); the text itself when not a date. */
void roombook_wareki_day(const char *day, char *out, size_t cap);
