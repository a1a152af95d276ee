/* report_lines: see report_lines.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/evaluation/report_lines.h"

void lines_add(Lines *l, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *line = xmalloc(need > 0 ? (size_t)need + 1 : 1);
    vsnprintf(line, need > 0 ? (size_t)need + 1 : 1, fmt, again);
    va_end(again);
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = line;
}

void lines_free(Lines *sections, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sections[i].n; k++)
            free(sections[i].v[k]);
        free(sections[i].v);
    }
}

const char *lines_str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

void lines_wareki(const char *iso, char out[static 48])
{
    int y, m, d;
    char day[11];
    int64_t t;
    snprintf(day, sizeof day, "%.10s", iso ? iso : "");
    if (iso && strlen(iso) > 10 && time_parse_iso(iso, &t)) {
        time_jst_date(t, &y, &m, &d);
        if (wareki_date(y, m, d, out, 48))
            return;
    }
    if (!date_parse(day, &y, &m, &d) || !wareki_date(y, m, d, out, 48))
        snprintf(out, 48, "%s", day);
}
