/* Err: filling and reading the error record shared by every layer. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

static const ErrDef catalog[] = {
#define ERR(code, kind, http, ja, en) {#code, kind, http, ja, en},
#include "core/errors.def"
#undef ERR
};

static int by_code(const void *key, const void *entry)
{
    return strcmp(key, ((const ErrDef *)entry)->code);
}

const ErrDef *err_def(const char *code)
{
    if (!code)
        return NULL;
    return bsearch(code, catalog, sizeof catalog / sizeof catalog[0], sizeof catalog[0], by_code);
}

const ErrDef *err_catalog(size_t *n)
{
    *n = sizeof catalog / sizeof catalog[0];
    return catalog;
}

/* The catalog decides the Status; a code it lacks keeps the caller's and is reported once per
 * raise, so the omission shows in the server's log as well as in the catalog test. */
static Status kind_of(const char *code, Status st)
{
    const ErrDef *d = err_def(code);
    if (d)
        return d->kind;
    fprintf(stderr, "lgsec: error code \"%s\" is not in src/core/errors.def\n", code ? code : "");
    return st;
}

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

Status err_set(Err *e, Status st, const char *code, const char *field, const char *ja, const char *en)
{
    st = kind_of(code, st);
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
    st = kind_of(code, st);
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
    const ErrDef *d = e->code[0] ? err_def(e->code) : NULL;
    if (i18n_english() && (e->en[0] || d))
        return e->en[0] ? e->en : d->en;
    return e->ja[0] || !d ? e->ja : d->ja;
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

int err_http(const Err *e)
{
    const ErrDef *d = e->code[0] ? err_def(e->code) : NULL;
    return d ? d->http : status_http(e->status);
}

const char *status_name(Status st)
{
    switch (st) {
    case ST_OK: return "ST_OK";
    case ST_INVALID: return "ST_INVALID";
    case ST_NOTFOUND: return "ST_NOTFOUND";
    case ST_CONFLICT: return "ST_CONFLICT";
    case ST_FORBIDDEN: return "ST_FORBIDDEN";
    case ST_AUTH: return "ST_AUTH";
    case ST_LOCKED: return "ST_LOCKED";
    case ST_LIMIT: return "ST_LIMIT";
    case ST_TAMPER: return "ST_TAMPER";
    case ST_IO: return "ST_IO";
    case ST_DB: return "ST_DB";
    case ST_INTERNAL: return "ST_INTERNAL";
    }
    return "ST_INTERNAL";
}
