/* Err: how every fallible function reports failure. A function returns an Status and, when it is not
 * ST_OK, fills the caller's Err with a machine code (stable, used by the API and tests), the field
 * concerned (may be empty), and a message in Japanese and in English. Err owns no heap memory.
 * Every code is declared once in core/errors.def with its Status, its HTTP status and a generic
 * message; err_set takes the Status from there, so one code has one status everywhere. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

typedef enum Status {
    ST_OK = 0,
    ST_INVALID,   /* bad input: HTTP 400/422 */
    ST_NOTFOUND,  /* 404 */
    ST_CONFLICT,  /* 409: uniqueness, state */
    ST_FORBIDDEN, /* 403: authenticated but not allowed (capability, 第20条 separation) */
    ST_AUTH,      /* 401: not authenticated / wrong credentials */
    ST_LOCKED,    /* 423: account locked (第87条) */
    ST_LIMIT,     /* 429/413: rate or size limit */
    ST_TAMPER,    /* stored data failed verification */
    ST_IO,        /* files, network */
    ST_DB,        /* storage failure */
    ST_INTERNAL,  /* broken invariant that is not worth aborting the server for */
} Status;

typedef struct Err {
    Status status;
    char code[64];   /* e.g. "password_too_short" */
    char field[64];  /* e.g. "new_password"; "" when not about one field */
    char ja[512];
    char en[512];
} Err;

/* Fills e (if non-NULL) and returns the code's Status from the catalog (st for a code the catalog
 * lacks, which is reported on stderr: tests/e2e/errors.test.mjs keeps that from happening). ja and
 * en are finished strings; NULL or "" leaves the catalog's generic message to problem+json. */
Status err_set(Err *e, Status st, const char *code, const char *field, const char *ja, const char *en);
/* Like err_set with printf-style formatting applied to both messages with the same arguments. */
Status err_setf(Err *e, Status st, const char *code, const char *field, const char *ja_fmt,
                const char *en_fmt, ...);
void err_clear(Err *e);
/* The message in the user's language (see i18n.h). */
const char *err_message(const Err *e);
/* HTTP status for a Status: what a code outside the catalog answers with. */
int status_http(Status st);

/* One entry of the catalog (core/errors.def). */
typedef struct ErrDef {
    const char *code;
    Status kind;
    int http;
    const char *ja;
    const char *en;
} ErrDef;

/* The catalog entry for code, or NULL. */
const ErrDef *err_def(const char *code);
/* All entries, sorted by code; *n receives their number. */
const ErrDef *err_catalog(size_t *n);
/* The HTTP status for e: its code's, else status_http(e->status). */
int err_http(const Err *e);
/* The name of a Status ("ST_INVALID"). */
const char *status_name(Status st);
