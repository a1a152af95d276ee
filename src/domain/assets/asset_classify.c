/* asset_classify: classification over the pack for the 情報資産台帳 — level ranks (an unknown level
 * counts as the strictest), derived 取扱制限 (第22条), the 分類表示 text (第23条4), and who may edit or
 * lower an asset's classification (第23条1). See assets.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/assets/assets.h"
#include "domain/assets/asset_internal.h"
#include "policy/capability.h"
#include "domain/org/org.h"
#include "policy/pack.h"

const char *const asset_dims[3] = {"confidentiality", "integrity", "availability"};

int asset_level_rank(const Ctx *ctx, const char *scale, const char *level)
{
    const PackScale *s = pack_scale(ctx->pack, scale);
    if (!s || s->n_levels == 0)
        return -1;
    if (!level)
        return s->levels[0].rank; /* unknown: handled as the strictest (第23条6(3)) */
    const PackLevel *l = pack_level(s, level);
    return l ? l->rank : -1;
}

const char *asset_strictest_level(const Ctx *ctx, const char *scale)
{
    const PackScale *s = pack_scale(ctx->pack, scale);
    return s && s->n_levels ? s->levels[0].id : NULL;
}

bool asset_level_above_lowest(const Ctx *ctx, const char *scale, const char *level)
{
    const PackScale *s = pack_scale(ctx->pack, scale);
    if (!s || s->n_levels == 0)
        return true;
    return asset_level_rank(ctx, scale, level) > s->levels[s->n_levels - 1].rank;
}

int asset_sort_rank(const Ctx *ctx, const char *confidentiality)
{
    return confidentiality ? asset_level_rank(ctx, "confidentiality", confidentiality) : ASSET_RANK_UNKNOWN;
}

static bool restriction_applies(const PackRestriction *r, const char *level)
{
    for (size_t i = 0; i < r->n_levels; i++)
        if (strcmp(r->levels[i], level) == 0)
            return true;
    return false;
}

static json_t *restriction_json(const PackRestriction *r, const char *origin, const char *reason)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", r->id, "label", r->label, "description",
                          r->description ? r->description : r->label, "article", r->article, "scale", r->scale,
                          "origin", origin);
    json_object_set_new(o, "short_label", r->short_label ? json_string(r->short_label) : json_null());
    json_object_set_new(o, "reason", reason ? json_string(reason) : json_null());
    return o;
}

json_t *asset_derived_restrictions(const Ctx *ctx, const char *c, const char *i, const char *a)
{
    const char *levels[3] = {c, i, a};
    json_t *out = json_array();
    for (size_t k = 0; k < ctx->pack->n_restrictions; k++) {
        const PackRestriction *r = &ctx->pack->restrictions[k];
        for (int d = 0; d < 3; d++) {
            if (strcmp(r->scale, asset_dims[d]) != 0)
                continue;
            const char *level = levels[d] ? levels[d] : asset_strictest_level(ctx, asset_dims[d]);
            if (level && restriction_applies(r, level))
                json_array_append_new(out, restriction_json(r, "derived", NULL));
        }
    }
    return out;
}

bool asset_restriction_derived(const Ctx *ctx, const char *restriction_id, const char *const eff[3])
{
    const PackRestriction *r = pack_restriction(ctx->pack, restriction_id);
    if (!r)
        return false;
    for (int d = 0; d < 3; d++)
        if (strcmp(r->scale, asset_dims[d]) == 0) {
            const char *level = eff[d] ? eff[d] : asset_strictest_level(ctx, asset_dims[d]);
            return level && restriction_applies(r, level);
        }
    return false;
}

json_t *asset_restrictions_json(const Ctx *ctx, const char *const eff[3], json_t *added)
{
    json_t *out = json_array();
    for (size_t k = 0; k < ctx->pack->n_restrictions; k++) {
        const PackRestriction *r = &ctx->pack->restrictions[k];
        if (asset_restriction_derived(ctx, r->id, eff)) {
            json_array_append_new(out, restriction_json(r, "derived", NULL)); /* derived wins over added */
            continue;
        }
        size_t i;
        json_t *row;
        json_array_foreach(added, i, row) {
            if (strcmp(json_string_value(json_object_get(row, "restriction_id")), r->id) == 0) {
                json_array_append_new(out, restriction_json(r, "added", json_string_value(json_object_get(row, "reason"))));
                break;
            }
        }
    }
    return out; /* an added id the pack no longer has is not shown as a rule */
}

/* "自治体機密性3B" for the first dimension, "完全性2" for the others, "機密性要判断" when unknown. */
static void put_dimension(const Ctx *ctx, Buf *b, int d, const char *level)
{
    const PackScale *s = pack_scale(ctx->pack, asset_dims[d]);
    const PackLevel *l = s && level ? pack_level(s, level) : NULL;
    if (!s)
        return;
    if (!l)
        buf_printf(b, "%s要判断", s->label);
    else if (d == 0)
        buf_puts(b, l->label);
    else
        buf_printf(b, "%s%s", s->label, l->id);
}

static bool seen_word(char **words, size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(words[i], w) == 0)
            return true;
    return false;
}

Status asset_label_text(Ctx *ctx, const json_t *asset, char **out, Err *e)
{
    if (!json_is_object(asset))
        return err_set(e, ST_INVALID, "invalid_asset", "", "情報資産の内容がありません", "no asset given");
    const json_t *eff = json_object_get(asset, "effective");
    const char *levels[3];
    json_t *unknown = json_object_get(eff, "unknown");
    for (int d = 0; d < 3; d++) {
        levels[d] = json_string_value(json_object_get(eff ? eff : asset, asset_dims[d]));
        size_t k;
        json_t *u;
        json_array_foreach(unknown, k, u) if (json_string_value(u) && strcmp(json_string_value(u), asset_dims[d]) == 0)
            levels[d] = NULL;
    }
    Buf b = BUF_INIT;
    for (int d = 0; d < 3; d++) {
        if (d)
            buf_puts(&b, "・");
        put_dimension(ctx, &b, d, levels[d]);
    }
    json_t *restr = json_object_get(asset, "restrictions");
    json_t *owned = NULL;
    if (!json_is_array(restr))
        restr = owned = asset_derived_restrictions(ctx, levels[0], levels[1], levels[2]);
    char *words[64];
    size_t n = 0;
    size_t i;
    json_t *r;
    json_array_foreach(restr, i, r) {
        const char *w = json_string_value(json_object_get(r, "short_label"));
        const char *origin = json_string_value(json_object_get(r, "origin"));
        if (!w && origin && strcmp(origin, "added") == 0)
            w = json_string_value(json_object_get(r, "label"));
        if (!w || n == 64 || seen_word(words, n, w))
            continue;
        words[n++] = (char *)w;
    }
    for (size_t k = 0; k < n; k++) {
        buf_puts(&b, k ? " " : "｜");
        buf_puts(&b, words[k]);
    }
    json_decref(owned);
    *out = buf_take(&b);
    return ST_OK;
}

Status asset_may_lower(Ctx *ctx, int64_t unit_id, bool *may, Err *e)
{
    *may = (ctx->actor->caps & CAP_ROLES_MANAGE) != 0;
    if (*may)
        return ST_OK;
    return role_holds_over_unit(ctx, ctx->actor->person_id, ASSET_MANAGER_ROLE, unit_id, may, e);
}

Status asset_may_edit_unit(Ctx *ctx, int64_t unit_id, bool *may, Err *e)
{
    Status s = asset_may_lower(ctx, unit_id, may, e);
    if (s != ST_OK || *may || !ctx->actor->person_id || !unit_id)
        return s;
    /* the owning 課室's staff, whether they sit in the 課 itself or in one of its 係 */
    int64_t mine = 0, owner = 0;
    if ((s = org_section_of(ctx, 0, ctx->actor->person_id, &mine, e)) != ST_OK || !mine)
        return s;
    if ((s = org_section_of(ctx, unit_id, 0, &owner, e)) != ST_OK)
        return s;
    *may = mine == owner;
    return ST_OK;
}

Status asset_may_edit(Ctx *ctx, const json_t *asset, bool *may, Err *e)
{
    return asset_may_edit_unit(ctx, json_integer_value(json_object_get(asset, "unit_id")), may, e);
}
