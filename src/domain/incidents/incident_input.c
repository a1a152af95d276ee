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
#include "policy/pack_lists.h"


static Status bad(Err *e, const char *code, const char *field, const char *label, const char *ja_tail,
                  const char *en_tail)
{
    char ja[320], en[320];
    snprintf(ja, sizeof ja, "「%s」%s", label, ja_tail);
    snprintf(en, sizeof en, "%s %s", field, en_tail);
    return err_set(e, ST_INVALID, code, field, ja, en);
}

/* in[f->name] checked against its declaration: *v is NULL when absent, null or "". */
static Status declared(Ctx *ctx, json_t *in, const EntityField *f, bool required, json_t **v, Err *e)
{
    *v = json_object_get(in, f->name);
    /* "" is "not given" (a form's empty input): required or nothing, never a bad value */
    if (*v && !json_is_null(*v) && !(json_is_string(*v) && !*json_string_value(*v))) {
        EntityLists lists = pack_entity_lists(ctx ? ctx->pack : NULL);
        Status s = entity_check_value(f, *v, ctx ? &lists : NULL, e);
        if (s != ST_OK)
            return s;
    }
    if (!*v || json_is_null(*v) || (json_is_string(*v) && !*json_string_value(*v)))
        *v = NULL;
    return !*v && required ? entity_required(f, e) : ST_OK;
}

Status incident_text(Ctx *ctx, json_t *in, const EntityField *f, bool required, const char **out, Err *e)
{
    json_t *v;
    Status s = declared(ctx, in, f, required, &v, e);
    *out = s == ST_OK && v ? json_string_value(v) : "";
    return s;
}

Status incident_when(json_t *in, const EntityField *f, int64_t *t, char out[static 21], Err *e)
{
    json_t *v;
    out[0] = '\0';
    *t = 0;
    Status s = declared(NULL, in, f, f->flags & EF_REQUIRED, &v, e);
    if (s == ST_OK && v && time_parse_local(json_string_value(v), t))
        time_iso_utc(*t, out);
    return s;
}

/* An optional id: absent/null → 0; a positive integer otherwise (the HTTP layer turned strings into
 * integers). */
static Status opt_id(json_t *in, const EntityField *f, int64_t *out, Err *e)
{
    json_t *v = json_object_get(in, f->name);
    *out = 0;
    if (!v || json_is_null(v))
        return ST_OK;
    Status s = entity_check_value(f, v, NULL, e);
    if (s == ST_OK)
        *out = json_integer_value(v);
    return s;
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

static Status personal_data(Ctx *ctx, json_t *in, IncidentInput *o, Err *e)
{
    const PackIncidents *pi = &ctx->pack->incidents;
    Status s = incident_text(ctx, in, &incident_fields[INCIDENT_F_PERSONAL_DATA], true, &o->personal_data, e);
    if (s != ST_OK)
        return s;
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
        if ((s = entity_check_value(&incident_fields[INCIDENT_F_AFFECTED], count, NULL, e)) != ST_OK)
            return s;
        o->affected_count = json_integer_value(count);
    }
    return ST_OK;
}

static Status source(Ctx *ctx, json_t *in, IncidentInput *o, Err *e)
{
    Status s = incident_text(ctx, in, &incident_fields[INCIDENT_F_SOURCE], false, &o->source, e);
    if (s != ST_OK)
        return s;
    if (!*o->source)
        o->source = "staff"; /* the declared default */
    /* 第55条: a report from outside names who called and how to reach them */
    bool outside = strcmp(o->source, "staff") != 0;
    if ((s = incident_text(ctx, in, &incident_fields[INCIDENT_F_CALLER_NAME], outside, &o->caller_name, e)) != ST_OK ||
        (s = incident_text(ctx, in, &incident_fields[INCIDENT_F_CALLER_CONTACT], outside, &o->caller_contact, e)) !=
            ST_OK)
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
    Status s = incident_text(ctx, in, &incident_fields[INCIDENT_F_TITLE], true, &o->title, e);
    if (s == ST_OK)
        s = incident_text(ctx, in, &incident_fields[INCIDENT_F_DESCRIPTION], true, &o->description, e);
    if (s == ST_OK)
        s = incident_when(in, &incident_fields[INCIDENT_F_NOTICED], &noticed, o->noticed_at, e);
    if (s == ST_OK && noticed > clock_now(ctx->clock) + 300)
        s = bad(e, "in_future", "noticed_at", "気付いた日時", "が未来の日時です", "is in the future");
    if (s == ST_OK)
        s = incident_when(in, &incident_fields[INCIDENT_F_OCCURRED], &occurred, o->occurred_at, e);
    if (s == ST_OK && o->occurred_at[0] && occurred > noticed)
        s = bad(e, "after_noticed", "occurred_at", "発生した日時", "が気付いた日時より後です",
                "is after the time it was noticed");
    if (s == ST_OK)
        s = opt_id(in, &incident_fields[INCIDENT_F_ASSET], &o->asset_id, e);
    if (s == ST_OK)
        s = opt_id(in, &incident_fields[INCIDENT_F_SYSTEM], &o->system_id, e);
    if (s == ST_OK)
        s = incident_text(ctx, in, &incident_fields[INCIDENT_F_PLACE], false, &o->place, e);
    if (s == ST_OK && !o->asset_id && !o->system_id && !*o->place)
        s = bad(e, "required", "place", "どこで (情報資産・情報システム・自由記述のいずれか)", "を入力してください",
                "(or asset_id or system_id) is required");
    if (s == ST_OK)
        s = personal_data(ctx, in, o, e);
    if (s == ST_OK)
        s = source(ctx, in, o, e);
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
