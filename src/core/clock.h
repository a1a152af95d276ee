/* Clock and calendar: an injectable clock (tests move time across 年度 boundaries, lockouts and
 * deadlines), UTC ISO 8601 for storage, JST for display, 和暦 for documents, 年度 from April.
 * Times are Unix seconds (int64_t). Nothing here allocates except where it says so. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Clock {
    int64_t (*now)(const struct Clock *self);
    int64_t fixed; /* used by clock_fixed; tests may change it to move time */
} Clock;

/* The real clock, shifted by LGSEC_TEST_CLOCK_OFFSET seconds when that is set (tests only). */
const Clock *clock_system(void);
/* The shift applied by clock_system (0 unless LGSEC_TEST_CLOCK_OFFSET is set). */
int64_t clock_test_offset(void);
/* A clock frozen at t; move it by assigning c->fixed. */
Clock clock_fixed(int64_t t);
static inline int64_t clock_now(const Clock *c) { return c->now(c); }

/* "2026-11-23T02:03:04Z" into out (at least 21 bytes). */
void time_iso_utc(int64_t t, char out[static 21]);
/* Parses "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (as 00:00 JST). false on anything else. */
bool time_parse_iso(const char *s, int64_t *out);
/* Parses a time as a form or a card reader gives it: "YYYY-MM-DDTHH:MM:SSZ" (UTC), or
 * "YYYY-MM-DDTHH:MM[:SS]" / "YYYY-MM-DD HH:MM[:SS]" (JST, the office's clock). false otherwise. */
bool time_parse_local(const char *s, int64_t *out);
/* Parses a calendar date "YYYY-MM-DD", validating the day of month. */
bool date_parse(const char *s, int *y, int *m, int *d);
/* "2026-11-23 11:03" in JST into out (at least 17 bytes). */
void time_jst(int64_t t, char out[static 17]);
/* A moment in JST as people read it in messages: "令和8年12月7日 15時40分" (at least 48 bytes). */
void time_jst_wareki(int64_t t, char *out, size_t cap);
/* 和暦 date of a JST calendar day: "令和8年11月23日" (元年 for the first year). out >= 32 bytes.
 * Returns false before 明治. */
bool wareki_date(int y, int m, int d, char *out, size_t cap);
/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t days_from_civil(int64_t y, int m, int d);
void civil_from_days(int64_t z, int *y, int *m, int *d);
/* Today's JST calendar date as "YYYY-MM-DD". */
void date_today(const Clock *c, char out[static 11]);
/* 年度 of a JST calendar date: April to March; 2027-03-31 is 年度 2026. */
int fiscal_year(int y, int m);
/* Calendar date in JST for a Unix time. */
void time_jst_date(int64_t t, int *y, int *m, int *d);
