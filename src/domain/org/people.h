/* people: 職員等 — the people of the organisation, whether or not they have an lgsec account.
 * People are never deleted: they leave (active_until) so that history keeps its meaning. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

typedef struct PersonQuery {
    const char *q;    /* matches name, kana or staff number (NFKC, partial); NULL for all */
    int64_t unit_id;  /* 0 = any; else this unit and its sub-units */
    int64_t cursor;   /* id of the last person of the previous page; 0 for the first page */
    int limit;        /* 1..200 */
    bool include_inactive;
} PersonQuery;

#define PEOPLE_PAGE_MAX 200

/* {"items":[…], "next_cursor": "id"|null}, ordered by kana, as JSON text (written directly rather
 * than through jansson: this is the busiest list). *json_out is malloc'd; the caller frees. */
Status people_list(Ctx *ctx, const PersonQuery *q, char **json_out, Err *e);
/* Up to 20 active people matching q (name, kana or 職員番号): {"items":[{id, staff_no, name,
 * unit_name}]} — for picking a colleague in a form; no contact details. */
Status people_names(Ctx *ctx, const char *q, json_t **out, Err *e);
/* One person with "roles" (current and past assignments); the account is identity's
 * (account_summary_of_person). */
Status people_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* The person's own fields only (what the trail records). */
Status people_get_plain(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* in: staff_no, name, kana, employment, unit_id, title, email, phone, mobile, mynumber_zone,
 * active_from, active_until (types checked by the caller). */
Status people_create(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* patch: any of the fields above except staff_no. */
Status people_update(Ctx *ctx, int64_t id, json_t *patch, Err *e);
/* Finds a person by 職員番号; ST_NOTFOUND otherwise. */
Status people_find_by_staff_no(Ctx *ctx, const char *staff_no, int64_t *id_out, Err *e);
/* Who a signed-in person is, for the session: {id, name, kana, unit: {id, name}} (ST_NOTFOUND
 * person_not_found). New reference. (people_brief.c) */
Status people_brief(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Whether the person works in the マイナンバー利用事務系 (people.mynumber_zone); ST_NOTFOUND
 * person_not_found. (people_brief.c) */
Status people_in_mynumber_zone(Ctx *ctx, int64_t id, bool *out, Err *e);
/* Japanese label of an employment code ("regular" → "正規職員"); NULL if unknown. */
const char *employment_label(const char *code);
