/* input: JSON body validation against a field list (see input.h). */
#include "http/input.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"

const Field no_fields[] = {{NULL, 0, false, 0, NULL}};

static const Field *find(const Field *fields, const char *name)
{
    for (const Field *f = fields; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

static Status bad(Err *e, const char *code, const Field *f, const char *what_ja, const char *what_en)
{
    return err_setf(e, ST_INVALID, code, f->name, "%s%s", "%s %s",
                    f->label_ja ? f->label_ja : f->name, what_ja, what_en);
}

/* Checks one value; *replacement (new reference) is set when the value is accepted in another
 * form than the canonical one: an id sent as a decimal string ("12", as HTML forms have it) becomes
 * an integer, and null for an optional text field means "not given". */
static Status check_one(const Field *f, json_t *v, json_t **replacement, Err *e)
{
    bool is_null = json_is_null(v);
    switch (f->type) {
    case F_STRING_OR_NULL:
        if (is_null)
            return ST_OK; /* null is meaningful here (e.g. an unknown classification) */
        /* fall through */
    case F_STRING: {
        if (is_null && !f->required) {
            *replacement = json_string("");
            return ST_OK;
        }
        if (!json_is_string(v))
            return bad(e, "invalid_type", f, "は文字列で指定してください", "must be a string");
        size_t max = f->max_len ? f->max_len : 200;
        const char *s = json_string_value(v);
        if (strlen(s) != json_string_length(v)) /* embedded NUL */
            return bad(e, "invalid_text", f, "に使えない文字が含まれています", "contains invalid characters");
        if (text_chars(s) > max) /* a limit in characters, as people count */
            return err_setf(e, ST_INVALID, "too_long", f->name, "%sは%zu文字以内で入力してください",
                            "%s must be at most %zu characters", f->label_ja ? f->label_ja : f->name, max);
        if (!text_valid(s, (size_t)-1, max > 200))
            return bad(e, "invalid_text", f,
                       "に使えない文字 (制御文字、または双方向制御・ゼロ幅文字などの見えない文字) が含まれています",
                       "contains characters that are not allowed (control, bidi or zero-width characters)");
        if (f->required && s[0] == '\0')
            return bad(e, "required", f, "を入力してください", "is required");
        return ST_OK;
    }
    case F_INT:
        if (!json_is_integer(v))
            return bad(e, "invalid_type", f, "は整数で指定してください", "must be an integer");
        return ST_OK;
    case F_ID_OR_NULL: {
        if (is_null && !f->required)
            return ST_OK;
        int64_t id;
        if (json_is_string(v) && parse_id(json_string_value(v), &id)) {
            *replacement = json_integer(id);
            return ST_OK;
        }
        if (json_is_string(v) && !f->required && json_string_value(v)[0] == '\0') {
            *replacement = json_null(); /* an empty <select> */
            return ST_OK;
        }
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return bad(e, "invalid_type", f, "は正しいIDで指定してください", "must be a valid id");
        return ST_OK;
    }
    case F_OBJECT:
        if (!json_is_object(v))
            return bad(e, "invalid_type", f, "はオブジェクトで指定してください", "must be an object");
        return ST_OK;
    case F_ARRAY:
        if (is_null && !f->required)
            return ST_OK;
        if (!json_is_array(v))
            return bad(e, "invalid_type", f, "はリストで指定してください", "must be a list");
        return ST_OK;
    case F_BOOL_OR_NULL:
        if (is_null)
            return ST_OK;
        /* fall through */
    case F_BOOL:
        if (!json_is_boolean(v))
            return bad(e, "invalid_type", f, "は true か false で指定してください", "must be true or false");
        return ST_OK;
    case F_DATE_OR_NULL:
        if (is_null && !f->required)
            return ST_OK;
        /* fall through */
    case F_DATE: {
        int y, m, d;
        if (!json_is_string(v) || !date_parse(json_string_value(v), &y, &m, &d))
            return bad(e, "invalid_date", f, "は YYYY-MM-DD 形式の日付で指定してください",
                       "must be a date YYYY-MM-DD");
        return ST_OK;
    }
    }
    return ST_OK;
}

Status input_parse_body(const char *data, size_t len, json_t **out, Err *e)
{
    json_error_t jerr;
    json_t *v = len ? json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr) : json_object();
    if (!json_is_object(v)) {
        json_decref(v);
        return err_set(e, ST_INVALID, "invalid_json", "", "リクエスト本文が正しい JSON オブジェクトではありません",
                       "the request body is not a valid JSON object");
    }
    *out = v;
    return ST_OK;
}

Status input_check(json_t *body, const Field *fields, Err *e)
{
    if (!json_is_object(body))
        return err_set(e, ST_INVALID, "invalid_json", "", "リクエスト本文は JSON オブジェクトにしてください",
                       "the request body must be a JSON object");
    const char *key;
    json_t *v;
    json_t *replaced = json_object(); /* applied after the walk: no changes while iterating */
    Status st = ST_OK;
    json_object_foreach(body, key, v) {
        const Field *f = find(fields, key);
        if (!f) {
            st = err_setf(e, ST_INVALID, "unknown_field", key, "不明な項目です: %s", "unknown field: %s", key);
            break;
        }
        json_t *replacement = NULL;
        if ((st = check_one(f, v, &replacement, e)) != ST_OK)
            break;
        if (replacement)
            json_object_set_new(replaced, key, replacement);
    }
    if (st == ST_OK)
        json_object_update(body, replaced);
    json_decref(replaced);
    if (st != ST_OK)
        return st;
    for (const Field *f = fields; f->name; f++)
        if (f->required && !json_object_get(body, f->name))
            return bad(e, "required", f, "を入力してください", "is required");
    return ST_OK;
}

const char *in_str(json_t *body, const char *name, const char *fallback)
{
    json_t *v = body ? json_object_get(body, name) : NULL;
    return json_is_string(v) ? json_string_value(v) : fallback;
}

int64_t in_int(json_t *body, const char *name, int64_t fallback)
{
    json_t *v = body ? json_object_get(body, name) : NULL;
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : fallback;
}

bool in_bool(json_t *body, const char *name, bool fallback)
{
    json_t *v = body ? json_object_get(body, name) : NULL;
    return json_is_boolean(v) ? json_is_true(v) : fallback;
}

bool in_has(json_t *body, const char *name) { return body && json_object_get(body, name) != NULL; }

bool parse_id(const char *s, int64_t *out)
{
    if (!s || !*s || *s == '0' || strlen(s) > 18)
        return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    *out = strtoll(s, NULL, 10);
    return true;
}
