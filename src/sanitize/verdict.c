/* Verdict records as jansson objects: the shape is documented in verdict.h, and keeping the tree
 * as JSON makes the trip from the sandboxed child to the parent a plain dump/load. */
#include "sanitize/verdict.h"

#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Verdict {
    json_t *obj;
    /* Children wrap the objects inside obj["children"]; kept so verdict_child can hand out
     * stable pointers. */
    Verdict **children;
    size_t n_children;
};

static Verdict *wrap(json_t *obj)
{
    Verdict *v = calloc(1, sizeof *v);
    if (!v)
        abort();
    v->obj = obj;
    json_t *kids = json_object_get(obj, "children");
    size_t n = json_is_array(kids) ? json_array_size(kids) : 0;
    if (n) {
        v->children = calloc(n, sizeof *v->children);
        if (!v->children)
            abort();
        for (size_t i = 0; i < n; i++)
            v->children[i] = wrap(json_incref(json_array_get(kids, i)));
        v->n_children = n;
    }
    return v;
}

Verdict *verdict_new(const char *subject)
{
    json_t *o = json_object();
    json_object_set_new(o, "subject", json_string(subject ? subject : ""));
    json_object_set_new(o, "type", json_string("unknown"));
    json_object_set_new(o, "removed", json_array());
    json_object_set_new(o, "notes", json_array());
    return wrap(o);
}

void verdict_free(Verdict *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n_children; i++)
        verdict_free(v->children[i]);
    free(v->children);
    json_decref(v->obj);
    free(v);
}

void verdict_set_conversion(Verdict *v, const char *from, const char *to, const char *by)
{
    json_t *c = json_object();
    json_object_set_new(c, "from", json_string(from));
    json_object_set_new(c, "to", json_string(to));
    json_object_set_new(c, "by", json_string(by));
    json_object_set_new(v->obj, "converted", c);
}

const char *verdict_converted_to(const Verdict *v)
{
    return json_string_value(json_object_get(json_object_get(v->obj, "converted"), "to"));
}

void verdict_set_type(Verdict *v, const char *type)
{
    json_object_set_new(v->obj, "type", json_string(type));
}

static json_t *digest(const void *data, size_t n)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * sizeof h + 1];
    crypto_hash_sha256(h, data, n);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    json_t *o = json_object();
    json_object_set_new(o, "sha256", json_string(hex));
    json_object_set_new(o, "bytes", json_integer((json_int_t)n));
    return o;
}

void verdict_set_input(Verdict *v, const void *data, size_t n)
{
    json_object_set_new(v->obj, "input", digest(data, n));
}

void verdict_set_output(Verdict *v, const void *data, size_t n)
{
    if (!verdict_blocked(v))
        json_object_set_new(v->obj, "output", digest(data, n));
}

static void append_fmt(Verdict *v, const char *key, const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    /* Names taken from untrusted files may not be UTF-8; json_string would refuse them. */
    json_t *str = json_string(s);
    if (!str)
        str = json_string("(invalid UTF-8)");
    json_array_append_new(json_object_get(v->obj, key), str);
    free(s);
}

void verdict_removed(Verdict *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append_fmt(v, "removed", fmt, ap);
    va_end(ap);
}

void verdict_note(Verdict *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append_fmt(v, "notes", fmt, ap);
    va_end(ap);
}

void verdict_block(Verdict *v, const char *code, const char *ja, const char *en)
{
    if (verdict_blocked(v))
        return;
    json_t *b = json_object();
    json_object_set_new(b, "code", json_string(code));
    json_object_set_new(b, "ja", json_string(ja));
    json_object_set_new(b, "en", json_string(en));
    json_object_set_new(v->obj, "blocked", b);
    json_object_del(v->obj, "output");
}

bool verdict_blocked(const Verdict *v)
{
    return json_object_get(v->obj, "blocked") != NULL;
}

const char *verdict_block_code(const Verdict *v)
{
    const char *c = json_string_value(json_object_get(json_object_get(v->obj, "blocked"), "code"));
    return c ? c : "";
}

const char *verdict_action(const Verdict *v)
{
    if (verdict_blocked(v))
        return "blocked";
    return json_array_size(json_object_get(v->obj, "removed")) ? "disarmed" : "clean";
}

Verdict *verdict_add_child(Verdict *v, const char *subject)
{
    Verdict *c = verdict_new(subject);
    json_t *kids = json_object_get(v->obj, "children");
    if (!kids) {
        kids = json_array();
        json_object_set_new(v->obj, "children", kids);
    }
    json_array_append(kids, c->obj);
    Verdict **grown = realloc(v->children, (v->n_children + 1) * sizeof *grown);
    if (!grown)
        abort();
    v->children = grown;
    v->children[v->n_children++] = c;
    return c;
}

size_t verdict_child_count(const Verdict *v)
{
    return v->n_children;
}

Verdict *verdict_child(const Verdict *v, size_t i)
{
    return i < v->n_children ? v->children[i] : NULL;
}

void verdict_add_timing(Verdict *v, const char *phase, double ms)
{
    json_t *t = json_object_get(v->obj, "timings_ms");
    if (!t) {
        t = json_object();
        json_object_set_new(v->obj, "timings_ms", t);
    }
    double prev = json_number_value(json_object_get(t, phase));
    json_object_set_new(t, phase, json_real(prev + ms));
}

/* "action" is derived, so it is written at serialisation time only. */
static void stamp_action(const Verdict *v)
{
    json_object_set_new(v->obj, "action", json_string(verdict_action(v)));
    for (size_t i = 0; i < v->n_children; i++)
        stamp_action(v->children[i]);
}

char *verdict_to_json(const Verdict *v)
{
    stamp_action(v);
    char *s = json_dumps(v->obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!s)
        abort();
    return s;
}

Verdict *verdict_from_json(const char *json, size_t len, Err *e)
{
    json_error_t je;
    json_t *o = json_loadb(json, len, 0, &je);
    if (!json_is_object(o) || !json_is_array(json_object_get(o, "removed")) ||
        !json_is_array(json_object_get(o, "notes"))) {
        json_decref(o);
        err_set(e, ST_INVALID, "verdict_malformed", "", "無害化の判定結果が壊れています。",
                "the sanitizer's verdict is malformed");
        return NULL;
    }
    return wrap(o);
}

double verdict_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
