/* preferences: a person's display choices, kept with their account so they follow them to any PC —
 * the date style (和暦 or 西暦; formal documents print 和暦 whatever is chosen) and the language. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

typedef struct Preferences {
    char date_style[8]; /* "wareki" | "seireki" */
    char lang[4];       /* "ja" | "en" */
} Preferences;

/* The account's preferences (ST_NOTFOUND account_not_found). */
Status preferences_get(Db *db, int64_t account_id, Preferences *out, Err *e);
/* {"date_style": …, "lang": …} (new reference). */
json_t *preferences_json(const Preferences *p);
/* Changes the given ones (NULL = unchanged) in one transaction with its trail entry
 * (account.preferences). Codes: date_style_invalid (field date_style), lang_invalid (field lang),
 * account_not_found. Nothing is written when one value is invalid. */
Status preferences_set(const Ctx *ctx, int64_t account_id, const char *date_style, const char *lang, Err *e);
