/* incident_input: the checks of a report's fields (see incident_internal.h). Every refusal names the
 * field and its label, in Japanese and English; nothing is written before all fields pass. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/assets/assets.h"
#include "domain/incidents/incident_internal.h"
#include "domain/org/org.h"
#include "domain/systems/systems.h"
#include "policy/pack.h"

#define JST_SECONDS (9 * 3600)
#define MAX_AFFECTED 100000000

static Status bad(Err *e, const char *code, const char *field, const char *label, const char *ja_tail,
                  const char *en_tail)
{
    char ja[320], en[320];
    snprintf(ja, sizeof ja, "「%s」%s", label, ja_tail);
    snprintf(en, sizeof en, "%s %s", field, en_tail);
    return err_set(e, ST_INVALID, code, field, ja, en);
}

Status incident_text(json_t *in, const char *key, const char *label, size_t max_chars, bool required,
                     bool multiline, const char **out, Err *e)
{
    json_t *v = json_object_get(in, key);
    *out = "";
    if (!v || json_is_null(v))
        return required ? bad(e, "required", key, label, "を入力してください", "is required") : ST_OK;
    const char *s = json_string_value(v);
    if (!s || !text_valid_chars(s, max_chars, multiline)) {
        char ja[96], en[96];
        snprintf(ja, sizeof ja, "は%zu文字以内の文字列で入力してください", max_chars);
        snprintf(en, sizeof en, "must be text of at most %zu characters", max_chars);
        return bad(e, "invalid_text", key, label, ja, en);
    }
    if (required && !*s)
        return bad(e, "required", key, label, "を入力してください", "is required");
    *out = s;
    return ST_OK;
}

/* "YYYY-MM-DDTHH:MM[:SS]" (JST, the office's clock; a space for T is accepted) or
 * "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
static bool parse_time(const char *s, int64_t *out)
{
    size_t n = strlen(s);
    if (n == 20 && s[19] == 'Z')
        return time_parse_iso(s, out);
    if ((n != 16 && n != 19) || (s[10] != 'T' && s[10] != ' '))
        return false;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    int y, m, d;
    if (!date_parse(date, &y, &m, &d))
        return false;
    for (size_t i = 11; i < n; i++)
        if ((i == 13 || i == 16) ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
            return false;
    int hh = (s[11] - '0') * 10 + (s[12] - '0'), mm = (s[14] - '0') * 10 + (s[15] - '0');
    int ss = n == 19 ? (s[17] - '0') * 10 + (s[18] - '0') : 0;
    if (hh > 23 || mm > 59 || ss > 59)
        return false;
    *out = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - JST_SECONDS;
    return true;
}

#define text incident_text

Status incident_when(json_t *in, const char *key, const char *label, bool required, int64_t *t, char out[static 21],
                     Err *e)
{
    json_t *v = json_object_get(in, key);
    out[0] = '\0';
    *t = 0;
    const char *s = json_string_value(v);
    if (!v || json_is_null(v) || (s && !*s))
        return required ? bad(e, "required", key, label, "を入力してください", "is required") : ST_OK;
    if (!s || !parse_time(s, t))
        return bad(e, "invalid_time", key, label, "は日時 (YYYY-MM-DDTHH:MM、日本時間) で入力してください",
                   "must be a date and time (YYYY-MM-DDTHH:MM, JST)");
    time_iso_utc(*t, out);
    return ST_OK;
}

/* An optional id: absent/null → 0; a positive integer otherwise (the HTTP layer turned strings into
 * integers). */
static Status opt_id(json_t *in, const char *key, const char *label, int64_t *out, Err *e)
{
    json_t *v = json_object_get(in, key);
    *out = 0;
    if (!v || json_is_null(v))
        return ST_OK;
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return bad(e, "invalid_type", key, label, "はIDで指定してください", "must be an id");
    *out = json_integer_value(v);
    return ST_OK;
}

static Status check_asset(Ctx *ctx, int64_t id, Err *e)
{
    json_t *a = NULL;
    Status s = asset_get_plain(ctx, id, &a, e);
    json_decref(a);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_INVALID, "unknown_asset", "asset_id", "指定した情報資産が台帳にありません",
                       "the information asset given is not in the register");
    return s;
}

static Status check_system(Ctx *ctx, int64_t id, Err *e)
{
    json_t *sys = NULL;
    Status s = system_get(ctx, id, &sys, e);
    json_t *a = s == ST_OK ? json_object_get(sys, "active") : NULL;
    bool active = json_is_true(a) || (json_is_integer(a) && json_integer_value(a) == 1);
    json_decref(sys);
    if (s == ST_NOTFOUND || (s == ST_OK && !active))
        return err_set(e, ST_INVALID, "unknown_system", "system_id",
                       "指定した情報システムが台帳にないか、廃止されています",
                       "the information system given is not in the register or has been retired");
    return s;
}

static Status personal_data(const Ctx *ctx, json_t *in, IncidentInput *o, Err *e)
{
    static const char *const values[] = {"none", "unknown", "involved", NULL};
    const PackIncidents *pi = &ctx->pack->incidents;
    Status s = text(in, "personal_data", "個人情報の有無", 16, true, false, &o->personal_data, e);
    if (s != ST_OK)
        return s;
    bool known = false;
    for (int i = 0; values[i]; i++)
        known |= strcmp(values[i], o->personal_data) == 0;
    if (!known)
        return bad(e, "invalid_personal_data", "personal_data", "個人情報の有無",
                   "は なし (none)・不明 (unknown)・あり (involved) のいずれかです",
                   "must be none, unknown or involved");
    bool involved = strcmp(o->personal_data, "involved") == 0;
    json_t *kinds = json_object_get(in, "personal_data_kinds");
    size_t n = json_is_array(kinds) ? json_array_size(kinds) : 0;
    if (kinds && !json_is_null(kinds) && !json_is_array(kinds))
        return bad(e, "invalid_type", "personal_data_kinds", "個人情報の種類", "はリストで指定してください",
                   "must be a list");
    if (involved && n == 0)
        return bad(e, "required", "personal_data_kinds", "個人情報の種類",
                   "を選んでください (個人情報が含まれる場合)", "is required when personal data is involved");
    if (!involved && n > 0)
        return bad(e, "field_not_applicable", "personal_data_kinds", "個人情報の種類",
                   "は個人情報が含まれる場合にだけ指定します", "is given only when personal data is involved");
    for (size_t i = 0; i < n; i++) {
        const char *k = json_string_value(json_array_get(kinds, i));
        if (!k || !pack_incident_choice(pi->personal_data, pi->n_personal_data, k))
            return bad(e, "invalid_personal_data_kind", "personal_data_kinds", "個人情報の種類",
                       "にポリシーにない種類があります", "names a kind the policy pack does not know");
    }
    /* stored in pack order, each once */
    o->kinds[0] = '\0';
    for (size_t j = 0; j < pi->n_personal_data; j++) {
        bool named = false;
        for (size_t i = 0; i < n; i++)
            named |= strcmp(json_string_value(json_array_get(kinds, i)), pi->personal_data[j].id) == 0;
        if (named && strlen(o->kinds) + strlen(pi->personal_data[j].id) + 2 < sizeof o->kinds) {
            if (o->kinds[0])
                strcat(o->kinds, ",");
            strcat(o->kinds, pi->personal_data[j].id);
        }
    }
    json_t *count = json_object_get(in, "affected_count");
    o->affected_count = 0;
    if (count && !json_is_null(count)) {
        if (!involved)
            return bad(e, "field_not_applicable", "affected_count", "おおよその人数",
                       "は個人情報が含まれる場合にだけ指定します", "is given only when personal data is involved");
        if (!json_is_integer(count) || json_integer_value(count) < 1 || json_integer_value(count) > MAX_AFFECTED)
            return bad(e, "out_of_range", "affected_count", "おおよその人数", "は1以上の整数で入力してください",
                       "must be a whole number of at least 1");
        o->affected_count = json_integer_value(count);
    }
    return ST_OK;
}

static Status source(json_t *in, IncidentInput *o, Err *e)
{
    Status s = text(in, "source", "報告の経路", 16, false, false, &o->source, e);
    if (s != ST_OK)
        return s;
    if (!*o->source)
        o->source = "staff";
    bool outside = strcmp(o->source, "resident") == 0 || strcmp(o->source, "outsider") == 0;
    if (!outside && strcmp(o->source, "staff") != 0)
        return bad(e, "invalid_source", "source", "報告の経路",
                   "は 職員 (staff)・住民 (resident)・外部の者 (outsider) のいずれかです",
                   "must be staff, resident or outsider");
    if ((s = text(in, "caller_name", "連絡者の氏名", 100, outside, false, &o->caller_name, e)) != ST_OK ||
        (s = text(in, "caller_contact", "連絡者の連絡先", 200, outside, false, &o->caller_contact, e)) != ST_OK)
        return s;
    if (!outside && (*o->caller_name || *o->caller_contact))
        return bad(e, "field_not_applicable", *o->caller_name ? "caller_name" : "caller_contact",
                   *o->caller_name ? "連絡者の氏名" : "連絡者の連絡先",
                   "は住民等外部からの報告 (第55条) にだけ記録します", "is recorded only for reports from outside");
    return ST_OK;
}

Status incident_input(Ctx *ctx, json_t *in, IncidentInput *o, Err *e)
{
    memset(o, 0, sizeof *o);
    int64_t noticed = 0, occurred = 0;
    Status s = text(in, "title", "件名", 200, true, false, &o->title, e);
    if (s == ST_OK)
        s = text(in, "description", "何が起きたか", 4000, true, true, &o->description, e);
    if (s == ST_OK)
        s = incident_when(in, "noticed_at", "気付いた日時", true, &noticed, o->noticed_at, e);
    if (s == ST_OK && noticed > clock_now(ctx->clock) + 300)
        s = bad(e, "in_future", "noticed_at", "気付いた日時", "が未来の日時です", "is in the future");
    if (s == ST_OK)
        s = incident_when(in, "occurred_at", "発生した日時", false, &occurred, o->occurred_at, e);
    if (s == ST_OK && o->occurred_at[0] && occurred > noticed)
        s = bad(e, "after_noticed", "occurred_at", "発生した日時", "が気付いた日時より後です",
                "is after the time it was noticed");
    if (s == ST_OK)
        s = opt_id(in, "asset_id", "情報資産", &o->asset_id, e);
    if (s == ST_OK)
        s = opt_id(in, "system_id", "情報システム", &o->system_id, e);
    if (s == ST_OK)
        s = text(in, "place", "場所・対象 (自由記述)", 200, false, false, &o->place, e);
    if (s == ST_OK && !o->asset_id && !o->system_id && !*o->place)
        s = bad(e, "required", "place", "どこで (情報資産・情報システム・自由記述のいずれか)", "を入力してください",
                "(or asset_id or system_id) is required");
    if (s == ST_OK)
        s = personal_data(ctx, in, o, e);
    if (s == ST_OK)
        s = source(in, o, e);
    if (s == ST_OK && o->asset_id)
        s = check_asset(ctx, o->asset_id, e);
    if (s == ST_OK && o->system_id)
        s = check_system(ctx, o->system_id, e);
    return s;
}

Status incident_start_unit(Ctx *ctx, const IncidentInput *in, int64_t *unit, Err *e)
{
    *unit = 0;
    json_t *row = NULL;
    Status s;
    if (in->asset_id) {
        if ((s = asset_get_plain(ctx, in->asset_id, &row, e)) != ST_OK)
            return s;
        *unit = json_integer_value(json_object_get(row, "unit_id"));
    } else {
        if ((s = people_get_plain(ctx, ctx->actor->person_id, &row, e)) != ST_OK)
            return s;
        *unit = json_integer_value(json_object_get(row, "unit_id"));
    }
    json_decref(row);
    if (!*unit)
        return err_set(e, ST_INVALID, "no_unit", "asset_id", "報告の起点となる課室が分かりません (所属の登録を確認してください)",
                       "the section to report to is unknown (check your unit)");
    return ST_OK;
}

Status incident_chain_system(Ctx *ctx, const IncidentInput *in, int64_t *system, Err *e)
{
    *system = in->system_id;
    if (*system || !in->asset_id)
        return ST_OK;
    json_t *row = NULL;
    Status s = asset_get_plain(ctx, in->asset_id, &row, e);
    if (s == ST_OK)
        *system = json_integer_value(json_object_get(row, "system_id"));
    json_decref(row);
    return s;
}

void incident_now(const Ctx *ctx, char out[static 21])
{
    time_iso_utc(clock_now(ctx->clock), out);
}
