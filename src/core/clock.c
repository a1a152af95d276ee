/* Clock and calendar helpers: JST is fixed at UTC+9 (Japan has no daylight saving time), so no
 * time zone database is consulted. */
#include "core/clock.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define JST_OFFSET (9 * 3600)

static int64_t clock_offset;
static pthread_once_t clock_offset_once = PTHREAD_ONCE_INIT;

/* LGSEC_TEST_CLOCK_OFFSET shifts the real clock by a number of seconds, so that the test suites can
 * run the server and the CLI "on" another day (a 年度 boundary, a day in the next year) while time
 * still flows. Anything that is not a plain integer is ignored. */
static void read_clock_offset(void)
{
    const char *s = getenv("LGSEC_TEST_CLOCK_OFFSET");
    if (!s || !*s)
        return;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (end && *end == '\0')
        clock_offset = (int64_t)v;
}

int64_t clock_test_offset(void)
{
    pthread_once(&clock_offset_once, read_clock_offset);
    return clock_offset;
}

static int64_t system_now(const Clock *self)
{
    (void)self;
    return (int64_t)time(NULL) + clock_test_offset();
}

static int64_t fixed_now(const Clock *self) { return self->fixed; }

const Clock *clock_system(void)
{
    static const Clock c = {system_now, 0};
    return &c;
}

Clock clock_fixed(int64_t t) { return (Clock){fixed_now, t}; }

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void split(int64_t t, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t rem = t - days * 86400;
    civil_from_days(days, y, mo, d);
    *h = (int)(rem / 3600);
    *mi = (int)(rem % 3600 / 60);
    *s = (int)(rem % 60);
}

void time_iso_utc(int64_t t, char out[static 21])
{
    int y, mo, d, h, mi, s;
    split(t, &y, &mo, &d, &h, &mi, &s);
    if (y >= 0 && y <= 9999) {
        /* Written digit by digit: every trail entry formats its time, and snprintf was ~5 % of an
         * append's instructions. */
        const int v[6] = {y, mo, d, h, mi, s};
        static const char sep[6] = {'-', '-', 'T', ':', ':', 'Z'};
        char *p = out;
        *p++ = (char)('0' + y / 1000);
        *p++ = (char)('0' + y / 100 % 10);
        for (int i = 0; i < 6; i++) {
            *p++ = (char)('0' + v[i] / 10 % 10);
            *p++ = (char)('0' + v[i] % 10);
            *p++ = sep[i];
        }
        *p = '\0';
        return;
    }
    char tmp[64]; /* roomy: the compiler cannot see the fields' ranges */
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000, mo, d, h, mi, s);
    memcpy(out, tmp, 21);
    out[20] = '\0';
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool date_parse(const char *s, int *y, int *m, int *d)
{
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3)
        return false;
    return *y >= 1868 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= month_days(*y, *m);
}

bool time_parse_iso(const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0;
    char date[11];
    if (strlen(s) < 10)
        return false;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (!date_parse(date, &y, &mo, &d))
        return false;
    if (s[10] == '\0') {
        *out = days_from_civil(y, mo, d) * 86400 - JST_OFFSET;
        return true;
    }
    char tail;
    if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z' ||
        sscanf(s + 11, "%2d:%2d:%2dZ%c", &h, &mi, &sec, &tail) != 3)
        return false;
    if (h > 23 || mi > 59 || sec > 60)
        return false;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    return true;
}

void time_jst(int64_t t, char out[static 17])
{
    int y, mo, d, h, mi, s;
    split(t + JST_OFFSET, &y, &mo, &d, &h, &mi, &s);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d %02d:%02d", y % 10000, mo, d, h, mi);
    memcpy(out, tmp, 17);
    out[16] = '\0';
}

void time_jst_date(int64_t t, int *y, int *m, int *d)
{
    int h, mi, s;
    split(t + JST_OFFSET, y, m, d, &h, &mi, &s);
}

bool wareki_date(int y, int m, int d, char *out, size_t cap)
{
    static const struct { int y, m, d; const char *name; } eras[] = {
        {2019, 5, 1, "令和"}, {1989, 1, 8, "平成"}, {1926, 12, 25, "昭和"},
        {1912, 7, 30, "大正"}, {1868, 1, 25, "明治"},
    };
    for (size_t i = 0; i < sizeof eras / sizeof *eras; i++) {
        int key = y * 10000 + m * 100 + d;
        if (key >= eras[i].y * 10000 + eras[i].m * 100 + eras[i].d) {
            int n = y - eras[i].y + 1;
            if (n == 1)
                snprintf(out, cap, "%s元年%d月%d日", eras[i].name, m, d);
            else
                snprintf(out, cap, "%s%d年%d月%d日", eras[i].name, n, m, d);
            return true;
        }
    }
    return false;
}

void time_jst_wareki(int64_t t, char *out, size_t cap)
{
    int y, m, d;
    time_jst_date(t, &y, &m, &d);
    char date[40];
    if (!wareki_date(y, m, d, date, sizeof date))
        snprintf(date, sizeof date, "%04d年%d月%d日", y, m, d);
    int64_t s = ((t + JST_OFFSET) % 86400 + 86400) % 86400;
    snprintf(out, cap, "%s %d時%02d分", date, (int)(s / 3600), (int)(s % 3600 / 60));
}

int fiscal_year(int y, int m) { return m >= 4 ? y : y - 1; }

void date_today(const Clock *c, char out[static 11])
{
    int y, m, d;
    time_jst_date(clock_now(c), &y, &m, &d);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
    memcpy(out, tmp, 11);
    out[10] = '\0';
}

bool time_parse_local(const char *s, int64_t *out)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    if (n == 20 && s[19] == 'Z')
        return time_parse_iso(s, out);
    if (n != 16 && n != 19)
        return false;
    if (s[10] != 'T' && s[10] != ' ')
        return false;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    int y, m, d, hh, mm, ss = 0;
    if (!date_parse(date, &y, &m, &d))
        return false;
    for (size_t i = 11; i < n; i++)
        if ((i == 13 || i == 16) ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
            return false;
    hh = (s[11] - '0') * 10 + (s[12] - '0');
    mm = (s[14] - '0') * 10 + (s[15] - '0');
    if (n == 19)
        ss = (s[17] - '0') * 10 + (s[18] - '0');
    if (hh > 23 || mm > 59 || ss > 59)
        return false;
    *out = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - (9 * 3600);
    return true;
}
