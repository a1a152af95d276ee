/* citations.c: owns citations_annotate (citations.h). */
#include "http/citations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/policydocs/policydocs.h"

typedef struct Walk {
    Ctx *ctx;
    const struct ArticleMap *map;
    bool loaded, failed;
} Walk;

static bool is_citation_key(const char *key)
{
    size_t n = strlen(key);
    return n >= 7 && strcmp(key + n - 7, "article") == 0;
}

static void walk(Walk *w, json_t *v)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) walk(w, x);
        return;
    }
    if (!json_is_object(v))
        return;
    /* The keys to add are collected first: an object is not changed while it is iterated. */
    char keys[16][64];
    size_t nkeys = 0;
    const char *key;
    json_t *x;
    json_object_foreach(v, key, x) {
        if (json_is_string(x) && json_string_length(x) && is_citation_key(key)) {
            if (nkeys < sizeof keys / sizeof *keys && strlen(key) < sizeof keys[0])
                snprintf(keys[nkeys++], sizeof keys[0], "%s", key);
        } else {
            walk(w, x);
        }
    }
    for (size_t i = 0; i < nkeys && !w->failed; i++) {
        if (!w->loaded) {
            Err e = {0};
            w->loaded = true;
            w->failed = policy_citation_map(w->ctx, &w->map, &e) != ST_OK || !w->map;
            if (w->failed)
                return;
        }
        json_t *tmp = json_object();
        policy_citation_put(w->map, tmp, json_string_value(json_object_get(v, keys[i])));
        char name[sizeof keys[0] + 16];
        snprintf(name, sizeof name, "%s_own", keys[i]);
        json_object_set(v, name, json_object_get(tmp, "article_own"));
        snprintf(name, sizeof name, "%s_guideline", keys[i]);
        json_object_set(v, name, json_object_get(tmp, "article_guideline"));
        json_decref(tmp);
    }
}

void citations_annotate(Ctx *ctx, json_t *body)
{
    Walk w = {.ctx = ctx};
    if (body && ctx->pack)
        walk(&w, body);
}

void citations_annotate_err(Ctx *ctx, Err *e)
{
    if (!ctx->pack || !strstr(e->ja, "条"))
        return;
    const struct ArticleMap *map = NULL;
    Err me = {0};
    if (policy_citation_map(ctx, &map, &me) != ST_OK || !map)
        return;
    char *ja = policy_citation_text(map, e->ja);
    if (strlen(ja) < sizeof e->ja)
        memcpy(e->ja, ja, strlen(ja) + 1);
    free(ja);
}

/* Rewrites the rule texts below v (see citations.h). */
static void rules_walk(const struct ArticleMap *map, json_t *v)
{
    size_t i;
    json_t *x;
    if (json_is_array(v)) {
        json_array_foreach(v, i, x) rules_walk(map, x);
        return;
    }
    if (!json_is_object(v))
        return;
    const char *key;
    json_object_foreach(v, key, x) {
        if (json_is_string(x) && (strcmp(key, "description") == 0 || strcmp(key, "default_approver_note") == 0)) {
            if (strstr(json_string_value(x), "条")) {
                char *t = policy_citation_text(map, json_string_value(x));
                json_string_set(x, t);
                free(t);
            }
        } else {
            rules_walk(map, x);
        }
    }
}

void citations_annotate_rules(Ctx *ctx, json_t *pack_json)
{
    const struct ArticleMap *map = NULL;
    Err me = {0};
    if (!ctx->pack || policy_citation_map(ctx, &map, &me) != ST_OK || !map)
        return;
    rules_walk(map, pack_json);
}
