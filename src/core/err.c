/* Err: filling and reading the error record shared by every layer. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

Status err_set(Err *e, Status st, const char *code, const char *field, const char *ja, const char *en)
{
    if (!e)
        return st;
    e->status = st;
    copy(e->code, sizeof e->code, code);
    copy(e->field, sizeof e->field, field);
    copy(e->ja, sizeof e->ja, ja);
    copy(e->en, sizeof e->en, en);
    return st;
}

Status err_setf(Err *e, Status st, const char *code, const char *field, const char *ja_fmt,
                const char *en_fmt, ...)
{
    if (!e)
        return st;
    e->status = st;
    copy(e->code, sizeof e->code, code);
    copy(e->field, sizeof e->field, field);
    va_list ap;
    va_start(ap, en_fmt);
    va_list ap2;
    va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(e->ja, sizeof e->ja, ja_fmt, ap);
    vsnprintf(e->en, sizeof e->en, en_fmt, ap2);
#pragma GCC diagnostic pop
    va_end(ap2);
    va_end(ap);
    return st;
}

void err_clear(Err *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}

const char *err_message(const Err *e)
{
    return i18n_english() && e->en[0] ? e->en : e->ja;
}

int status_http(Status st)
{
    switch (st) {
    case ST_OK: return 200;
    case ST_INVALID: return 400;
    case ST_NOTFOUND: return 404;
    case ST_CONFLICT: return 409;
    case ST_FORBIDDEN: return 403;
    case ST_AUTH: return 401;
    case ST_LOCKED: return 423;
    case ST_LIMIT: return 429;
    case ST_TAMPER:
    case ST_IO:
    case ST_DB:
    case ST_INTERNAL: return 500;
    }
    return 500;
}
