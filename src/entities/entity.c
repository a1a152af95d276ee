/* entity: checking values against an entity declaration (see entity.h). One message per bad-input
 * class, so the form, the API and the import say the same thing for the same value. */
#include "entities/entity.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"

const EntityField *entity_field(const Entity *ent, const char *name)
{
    for (size_t i = 0; name && i < ent->nfields; i++)
        if (strcmp(ent->fields[i].name, name) == 0)
            return &ent->fields[i];
    return NULL;
}

const char *entity_column(const EntityField *f)
{
    return f->column ? f->column : f->name;
}

const EntityField *entity_field_of_column(const Entity *ent, const char *col)
{
    for (size_t i = 0; col && i < ent->nfields; i++)
        if (strcmp(entity_column(&ent->fields[i]), col) == 0)
            return &ent->fields[i];
    return NULL;
}

/* The refusal with messages formatted apart (err_setf applies one argument list to both). */
static Status refuse(Err *e, const char *code, const EntityField *f, const char *ja, const char *en)
{
    return err_set(e, ST_INVALID, code, f->name, ja, en);
}

static bool is_choice_type(EntityType t)
{
    return t == ET_ENUM || t == ET_LIST || t == ET_LEVEL;
}

Status entity_required(const EntityField *f, Err *e)
{
    bool pick = is_choice_type(f->type) || f->type == ET_REF || f->type == ET_BOOL || f->type == ET_FACT;
    char ja[256], en[256];
    snprintf(ja, sizeof ja, pick ? "「%s」を選んでください" : "「%s」を入力してください", f->label_ja);
    snprintf(en, sizeof en, "%s is required", f->label_en);
    return refuse(e, "required", f, ja, en);
}

static Status invalid_type(const EntityField *f, const char *what_ja, const char *what_en, Err *e)
{
    char ja[256], en[256];
    snprintf(ja, sizeof ja, "「%s」は%sで指定してください", f->label_ja, what_ja);
    snprintf(en, sizeof en, "%s must be %s", f->label_en, what_en);
    return refuse(e, "invalid_type", f, ja, en);
}

static Status check_text(const EntityField *f, const char *s, Err *e)
{
    if ((f->flags & EF_REQUIRED) && !*s)
        return entity_required(f, e);
    char ja[512], en[512];
    size_t n = text_chars(s); /* characters (code points), not bytes */
    if (f->max_chars && n > f->max_chars) {
        snprintf(ja, sizeof ja, "「%s」は%zu文字以内で入力してください (%zu文字あります)", f->label_ja, f->max_chars, n);
        snprintf(en, sizeof en, "%s must be at most %zu characters (it has %zu)", f->label_en, f->max_chars, n);
        return refuse(e, "too_long", f, ja, en);
    }
    if (!text_valid(s, strlen(s), f->flags & EF_MULTILINE)) {
        snprintf(ja, sizeof ja, "「%s」に使えない文字 (%s制御文字、双方向制御・ゼロ幅文字などの見えない文字) が含まれています",
                 f->label_ja, (f->flags & EF_MULTILINE) ? "" : "改行・");
        snprintf(en, sizeof en, "%s contains characters that are not allowed (%scontrol, bidi or zero-width characters)",
                 f->label_en, (f->flags & EF_MULTILINE) ? "" : "line breaks, ");
        return refuse(e, "invalid_text", f, ja, en);
    }
    if (f->flags & EF_CODE)
        for (const char *p = s; *p; p++)
            if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-' ||
                  *p == '_')) {
                snprintf(ja, sizeof ja, "「%s」は半角英数字・ハイフン・下線の%zu文字以内で入力してください (例: SYS-001)",
                         f->label_ja, f->max_chars);
                snprintf(en, sizeof en, "%s may contain only letters, digits, '-' and '_' (at most %zu), e.g. SYS-001",
                         f->label_en, f->max_chars);
                return refuse(e, "invalid_code", f, ja, en);
            }
    return ST_OK;
}


static Status check_enum(const EntityField *f, const char *s, Err *e)
{
    for (size_t i = 0; i < f->nchoices; i++)
        if (strcmp(f->choices[i].value, s) == 0)
            return ST_OK;
    Buf ja = BUF_INIT, en = BUF_INIT;
    /* what the form shows: the labels, never the codes (issue 11) */
    for (size_t i = 0; i < f->nchoices; i++) {
        buf_printf(&ja, "「%s」", f->choices[i].label_ja);
        buf_printf(&en, "%s%s", i ? ", " : "", f->choices[i].label_en);
    }
    char mja[512], men[512];
    snprintf(mja, sizeof mja, "「%s」は%sから選んでください%s%s%s", f->label_ja, buf_str(&ja),
             f->article ? " (" : "", f->article ? f->article : "", f->article ? ")" : "");
    snprintf(men, sizeof men, "%s must be one of %s", f->label_en, buf_str(&en));
    Status st = refuse(e, f->bad_code, f, mja, men);
    buf_free(&ja);
    buf_free(&en);
    return st;
}

static Status check_list(const EntityField *f, const char *s, const EntityLists *lists, Err *e)
{
    if (!lists)
        return ST_OK;
    const char *v;
    for (size_t i = 0; (v = lists->value_at(lists->arg, f->list, i)); i++)
        if (strcmp(v, s) == 0)
            return ST_OK;
    Buf known = BUF_INIT;
    for (size_t i = 0; (v = lists->value_at(lists->arg, f->list, i)); i++)
        buf_printf(&known, "%s%s", i ? ", " : "", v);
    char shown[80];
    /* one bad cell must not flood the message: the value is cut at 60 bytes on a character boundary */
    size_t cut = strlen(s) < 60 ? strlen(s) : 60;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    snprintf(shown, sizeof shown, "%.*s%s", (int)cut, s, cut < strlen(s) ? "…" : "");
    char ja[512], en[512];
    const char *label = lists->label_of ? lists->label_of(lists->arg, f->list) : NULL;
    snprintf(ja, sizeof ja, "「%s」に「%s」はありません (選べるもの: %s)", label ? label : f->label_ja, shown,
             buf_str(&known));
    snprintf(en, sizeof en, "%s has no value \"%s\" (choices: %s)", f->label_en, shown, buf_str(&known));
    Status st = refuse(e, f->bad_code, f, ja, en);
    buf_free(&known);
    return st;
}

Status entity_check_value(const EntityField *f, const json_t *v, const EntityLists *lists, Err *e)
{
    if (json_is_null(v)) {
        if (f->flags & EF_REQUIRED)
            return entity_required(f, e);
        if (f->flags & EF_NULLABLE || f->type == ET_TEXT || f->type == ET_LIST || (f->type == ET_ENUM && f->dflt))
            return ST_OK; /* null text = "not given" (the input layer's rule); an optional list: not recorded;
                             an optional choice with a default left unset: the default */
        return invalid_type(f, "null 以外", "not null", e);
    }
    switch (f->type) {
    case ET_TEXT:
        if (!json_is_string(v))
            return invalid_type(f, "文字列", "a string", e);
        if (strlen(json_string_value(v)) != json_string_length(v))
            return check_text(f, "\x01", e); /* an embedded NUL: the control-character refusal */
        return check_text(f, json_string_value(v), e);
    case ET_ENUM:
    case ET_LEVEL:
    case ET_LIST: {
        if (!json_is_string(v))
            return invalid_type(f, "文字列", "a string", e);
        const char *s = json_string_value(v);
        if (!*s) {
            if (f->flags & EF_REQUIRED)
                return entity_required(f, e);
            if (f->type == ET_LIST && !(f->flags & EF_NULLABLE))
                return ST_OK; /* an optional pack list: "" = not recorded */
            if (f->type == ET_ENUM)
                return ST_OK; /* an optional choice left unset (the form's （未設定）): the declared default */
        }
        return f->type == ET_ENUM ? check_enum(f, s, e) : check_list(f, s, lists, e);
    }
    case ET_BOOL:
    case ET_FACT:
        if (json_is_boolean(v) || (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1)))
            return ST_OK;
        if (f->type == ET_BOOL)
            return invalid_type(f, "true か false", "true or false", e);
        {
            char ja[256], en[256];
            snprintf(ja, sizeof ja, "「%s」は 対応済み(true)・未対応(false)・未記録(null) のいずれかです", f->label_ja);
            snprintf(en, sizeof en, "%s must be true, false or null (not recorded)", f->label_en);
            return refuse(e, "invalid_fact", f, ja, en);
        }
    case ET_REF:
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return invalid_type(f, "正しいID", "a valid id", e);
        return ST_OK;
    case ET_DATE: {
        int y, m, d;
        if (json_is_string(v) && date_parse(json_string_value(v), &y, &m, &d))
            return ST_OK;
        char ja[256], en[256];
        snprintf(ja, sizeof ja, "「%s」は YYYY-MM-DD 形式の日付で指定してください", f->label_ja);
        snprintf(en, sizeof en, "%s must be a date YYYY-MM-DD", f->label_en);
        return refuse(e, "invalid_date", f, ja, en);
    }
    case ET_DATETIME:
    case ET_TIME: {
        if (json_is_string(v) && !*json_string_value(v))
            return (f->flags & EF_REQUIRED) ? entity_required(f, e) : ST_OK;
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        char ja[256], en[256];
        if (f->type == ET_DATETIME) {
            int64_t t;
            if (s && time_parse_local(s, &t))
                return ST_OK;
            snprintf(ja, sizeof ja, "「%s」は日時 (YYYY-MM-DDTHH:MM、日本時間) で入力してください", f->label_ja);
            snprintf(en, sizeof en, "%s must be a date and time (YYYY-MM-DDTHH:MM, JST)", f->label_en);
            return refuse(e, "invalid_time", f, ja, en);
        }
        if (s && strlen(s) == 5 && s[2] == ':' && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
            s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' && strcmp(s, "24:00") < 0)
            return ST_OK;
        snprintf(ja, sizeof ja, "「%s」は時刻 HH:MM (00:00〜23:59) で入力してください", f->label_ja);
        snprintf(en, sizeof en, "%s must be a time of day HH:MM (00:00 to 23:59)", f->label_en);
        return refuse(e, f->bad_code ? f->bad_code : "invalid_time", f, ja, en);
    }
    case ET_INT:
        if (!json_is_integer(v))
            return invalid_type(f, "整数", "an integer", e);
        if (json_integer_value(v) >= f->min && json_integer_value(v) <= f->max)
            return ST_OK;
        {
            char ja[256], en[256];
            snprintf(ja, sizeof ja, "「%s」は %lld〜%lld の整数で入力してください", f->label_ja, f->min, f->max);
            snprintf(en, sizeof en, "%s must be an integer from %lld to %lld", f->label_en, f->min, f->max);
            return refuse(e, f->bad_code ? f->bad_code : "out_of_range", f, ja, en);
        }
    }
    return ST_OK;
}

Status entity_check(const Entity *ent, const json_t *obj, bool creating, const EntityLists *lists, Err *e)
{
    for (size_t i = 0; i < ent->nfields; i++) {
        const EntityField *f = &ent->fields[i];
        json_t *v = json_object_get(obj, f->name);
        if (!v) {
            if (creating && (f->flags & EF_REQUIRED) && !(f->flags & EF_PATCH_ONLY))
                return entity_required(f, e);
            continue;
        }
        Status s = entity_check_value(f, v, lists, e);
        if (s != ST_OK)
            return s;
    }
    return ST_OK;
}

void entity_blank_to_null(const Entity *ent, json_t *obj)
{
    for (size_t i = 0; json_is_object(obj) && i < ent->nfields; i++) {
        const EntityField *f = &ent->fields[i];
        json_t *v = json_object_get(obj, f->name);
        if ((f->flags & EF_NULLABLE) && json_is_string(v) && json_string_length(v) == 0)
            json_object_set_new(obj, f->name, json_null());
    }
}
