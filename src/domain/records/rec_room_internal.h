/* rec_room_internal: what rec_room.c, rec_entry.c and rec_cardcsv.c share. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* The room row (id, name, location, door_code, unit_id, unit_name, office_start, office_end …). */
Status room_plain(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* room_plain, refused (record_forbidden) unless the actor may keep the room's book. */
Status room_for_keeper(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* *on when person is on the room's list on day (YYYY-MM-DD, JST); a failed query is an error. */
Status room_on_list(Ctx *ctx, int64_t room_id, int64_t person, const char *day, bool *on, Err *e);

typedef struct EntryIn {
    int64_t room_id;
    int64_t person_id;        /* 0 for a visitor */
    const char *visitor_name; /* NULL or "" for staff */
    const char *visitor_org;
    int64_t escort_person_id;
    const char *purpose;
    const char *time_in;  /* UTC ISO 8601 */
    const char *time_out; /* "" when still inside */
    const char *source;   /* "manual" | "card" */
} EntryIn;

/* Inserts an entry (after_hours computed) with its trail entry. Inside the caller's transaction. */
Status entry_insert(Ctx *ctx, const json_t *room, const EntryIn *in, int64_t *id_out, Err *e);
/* Sets time_out of an open entry, with its trail entry. Inside the caller's transaction. */
Status entry_close(Ctx *ctx, const json_t *room, int64_t entry_id, const char *time_out, Err *e);
