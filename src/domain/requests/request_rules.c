/* request_rules: who may file a request type and whether it is required at all — the type's
 * requester_roles (第129条: 例外措置 only by 情報セキュリティ管理者 or 情報システム管理者) and its
 * condition (confidentiality_min / confidentiality_below, read from the asset or from the type's
 * confidentiality field), checked at creation and again at submission; and the value checks of the
 * confidentiality and articles field kinds. */
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/requests/request_internal.h"

/* Length of the separator at p (、 ， ・ , space, full-width space, newline), 0 when none. */
static size_t sep_len(const char *p)
{
    static const char *const seps[] = {"、", "，", "・", ",", " ", "　", "\n", NULL};
    for (int k = 0; seps[k]; k++)
        if (strncmp(p, seps[k], strlen(seps[k])) == 0)
            return strlen(seps[k]);
    return 0;
}

ArticlesCheck req_articles_check(const Pack *pack, const char *s, char *unknown, size_t cap)
{
    /* one or more citations between separators */
    char buf[1024];
    if (!s || strlen(s) >= sizeof buf)
        return ARTICLES_FORMAT;
    snprintf(buf, sizeof buf, "%s", s);
    int n = 0;
    char *p = buf;
    while (*p) {
        size_t skip = sep_len(p);
        if (skip) {
            p += skip;
            continue;
        }
        char *end = p;
        while (*end && !sep_len(end))
            end++;
        char save = *end;
        *end = '\0';
        if (!pack_article_valid(p))
            return ARTICLES_FORMAT;
        if (pack && !pack_article(pack, p)) {
            snprintf(unknown, cap, "%s", p);
            return ARTICLES_UNKNOWN;
        }
        n++;
        *end = save;
        p = end;
    }
    return n > 0 ? ARTICLES_OK : ARTICLES_FORMAT;
}

int req_confidentiality_rank(const Pack *pack, const char *level)
{
    const PackScale *sc = pack_scale(pack, "confidentiality");
    const PackLevel *lv = sc && level ? pack_level(sc, level) : NULL;
    return lv ? lv->rank : -1;
}

/* *rank: the confidentiality rank the condition is about, the asset's (unknown = strictest) or the
 * field's; -1 when there is none (a missing field is reported by the field check). A failed query is
 * an error: the condition decides which type (and so which approvers) applies. */
static Status subject_rank(Ctx *ctx, const PackRequestType *t, int64_t object_id, const json_t *fields, int *rank,
                           Err *e)
{
    *rank = -1;
    if (t->cond_field) {
        *rank = req_confidentiality_rank(ctx->pack, json_string_value(json_object_get(fields, t->cond_field)));
        return ST_OK;
    }
    Stmt *st = db_prepare(ctx->db, "SELECT confidentiality_rank FROM assets_v WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, object_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row)
        *rank = (int)stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

Status req_check_condition(Ctx *ctx, const PackRequestType *t, int64_t object_id, const json_t *fields, Err *e)
{
    if (!t->cond_level)
        return ST_OK;
    int rank = -1;
    Status s = subject_rank(ctx, t, object_id, fields, &rank, e);
    if (s != ST_OK || rank < 0)
        return s;
    bool required = t->cond_below ? rank < t->cond_rank : rank >= t->cond_rank;
    if (required)
        return ST_OK;
    const PackRequestType *other = t->instead ? pack_request_type(ctx->pack, t->instead) : NULL;
    const char *field = t->cond_field ? t->cond_field : "object_id";
    char ja[512], en[512];
    if (other) {
        snprintf(ja, sizeof ja, "この申請種別は機密性%s%sが対象です。「%s」で申請してください", t->cond_level,
                 t->cond_below ? "未満" : "以上", other->label);
        snprintf(en, sizeof en, "this request type applies %s confidentiality %s; file \"%s\" instead",
                 t->cond_below ? "below" : "from", t->cond_level, other->id);
        return err_set(e, ST_CONFLICT, "not_applicable", field, ja, en);
    }
    snprintf(ja, sizeof ja, "機密性%s%sではないため、この申請(%s)は不要です", t->cond_level,
             t->cond_below ? "未満" : "以上", t->article);
    snprintf(en, sizeof en, "no permission is needed: %s requires it only %s confidentiality %s", t->article,
             t->cond_below ? "below" : "from", t->cond_level);
    return err_set(e, ST_CONFLICT, "not_required", field, ja, en);
}

Status req_holds_role(Ctx *ctx, int64_t person, const char *role, int64_t system, bool *holds, Err *e)
{
    *holds = false;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT 1 FROM role_assignments_v WHERE person_id = ?1 AND role = ?2 AND valid_from <= ?3"
                          " AND (valid_until IS NULL OR valid_until >= ?3)"
                          " AND (scope_kind <> 'system' OR ?4 = 0 OR scope_id = ?4) LIMIT 1",
                          e);
    if (!st)
        return e->status;
    char today[11];
    date_today(ctx->clock, today);
    stmt_bind_int(st, 1, person);
    stmt_bind_text(st, 2, role);
    stmt_bind_text(st, 3, today);
    stmt_bind_int(st, 4, system);
    Status s = stmt_step_row(st, holds, e);
    stmt_finalize(st);
    return s;
}

Status req_check_requester(Ctx *ctx, const PackRequestType *t, int64_t object_id, Err *e)
{
    if (!t->n_requester_roles)
        return ST_OK;
    int64_t system = strcmp(t->object, "system") == 0 ? object_id : 0;
    for (size_t i = 0; i < t->n_requester_roles; i++) {
        bool holds = false;
        Status s = req_holds_role(ctx, ctx->actor->person_id, t->requester_roles[i], system, &holds, e);
        if (s != ST_OK || holds)
            return s;
    }
    char names[512] = "";
    size_t len = 0;
    for (size_t i = 0; i < t->n_requester_roles && len < sizeof names; i++) {
        const PackRole *r = pack_role(ctx->pack, t->requester_roles[i]);
        int n = snprintf(names + len, sizeof names - len, "%s%s", i ? "・" : "", r ? r->label : t->requester_roles[i]);
        if (n > 0)
            len += (size_t)n;
    }
    char ja[800], en[800];
    snprintf(ja, sizeof ja, "「%s」を申請できるのは%sです(%s)", t->label, names, t->article);
    snprintf(en, sizeof en, "%s may only be filed by holders of: %s (%s)", t->id, names, t->article);
    return err_set(e, ST_FORBIDDEN, "not_permitted_requester", "type", ja, en);
}
