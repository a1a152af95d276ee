/* minutes: the 情報セキュリティ委員会's 議事録 (第19条) as an A4 PDF in Japanese with 和暦 dates
 * (cairo + pango with Noto Sans CJK JP, like readiness.c): the meeting's date, place and attendees,
 * the agenda with the report each item put before the committee, the proceedings, the decisions
 * with what they decide, and the record's SHA-256 as the trail holds it. The caller (domain/committee)
 * fills the struct; every string is borrowed. */
#pragma once
#include <stddef.h>

#include "core/err.h"

typedef struct MinutesItem {
    const char *title; /* 「令和8年度 自己点検の結果」 */
    const char *note;  /* what the item links or was said about it (may be NULL or "") */
} MinutesItem;

typedef struct MinutesDoc {
    const char *organisation; /* 「三笠市」 */
    const char *title;        /* 「令和8年度 第2回 情報セキュリティ委員会」 */
    const char *date_label;   /* 「令和8年12月7日(月) 14:00」 */
    const char *place;
    const char *chair;        /* the chair's name, or NULL */
    const char *const *attendees; size_t n_attendees; /* 「総務部長 山田太郎」, guests 「外部専門家 (…)」 */
    const MinutesItem *agenda; size_t n_agenda;
    const char *proceedings;  /* the minutes text */
    const MinutesItem *decisions; size_t n_decisions;
    const char *record_hash;  /* hex SHA-256 of the frozen record, or NULL before it is held */
    const char *article;      /* 「第19条」 */
} MinutesDoc;

/* Renders the 議事録 into *pdf (malloc'd; caller frees). */
Status minutes_pdf(const MinutesDoc *d, unsigned char **pdf, size_t *len, Err *e);
