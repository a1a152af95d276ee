/* api_home: the home page, the policy viewer (第48条: every person can read the active policy) and
 * the trail viewer. */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "domain/cloud/cloud.h"
#include "domain/org/org.h"
#include "domain/policydocs/policydocs.h"
#include "domain/work/work.h"
#include "domain/history/history.h"
#include "http/api.h"
#include "http/citations.h"
#include "http/input.h"
#include "policy/pack.h"
#include "policy/pack_store.h"
#include "trail/trail.h"
#include "trail/witness.h"

/* {name, code} of the organisation; null before it exists or when it cannot be read. */
static json_t *organisation(Ctx *ctx)
{
    Err e = {0};
    json_t *o = NULL;
    if (org_root(ctx, &o, &e) != ST_OK)
        o = json_null();
    return o;
}

static json_t *policy_summary(Request *req)
{
    const Pack *p = req->ctx.pack;
    Err e = {0};
    PackVersionInfo info;
    json_t *activated = pack_store_active_info(req->ctx.db, &info, &e) == ST_OK ? json_string(info.activated_at)
                                                                                : json_null();
    /* The municipality's own 対策基準 in force: its 施行日 is the policy's, the pack's activation only
     * when lgsec began applying its rules. */
    PolicyStandardInForce std;
    json_t *standard = json_null();
    if (policy_standard_in_force(&req->ctx, &std, &e) == ST_OK && std.version_id)
        standard = json_pack("{s:I, s:s, s:o}", "version_id", (json_int_t)std.version_id, "title", std.title,
                             "effective_date", std.effective_date[0] ? json_string(std.effective_date) : json_null());
    return json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", p->id, "version", p->version, "title", p->title,
                     "activated_at", activated, "standard", standard);
}

/* ROUTE: GET /api/v1/home signed_in
 * ホーム画面の情報 */
Status api_home(Request *req, Response *res, Err *e)
{
    json_t *person = NULL, *roles = NULL, *tasks = NULL;
    Status s = people_get_plain(&req->ctx, req->actor.person_id, &person, e);
    if (s == ST_OK)
        s = roles_of_person(&req->ctx, req->actor.person_id, true, &roles, e);
    json_t *services = NULL;
    if (s == ST_OK)
        s = cloud_services_of_actor(&req->ctx, &services, e);
    if (s == ST_OK) /* the クラウドサービス管理者 is appointed in the cloud register, per service */
        json_array_extend(roles, json_object_get(services, "items"));
    json_decref(services);
    if (s == ST_OK)
        s = tasks_for_actor(&req->ctx, &tasks, e);
    if (s != ST_OK) {
        json_decref(person);
        json_decref(roles);
        return s;
    }
    json_object_set_new(person, "unit", json_pack("{s:O, s:O}", "id", json_object_get(person, "unit_id"), "name",
                                                  json_object_get(person, "unit_name")));
    json_t *out = json_pack("{s:o, s:o, s:o, s:O, s:O, s:O, s:o}", "organisation", organisation(&req->ctx),
                            "person", person, "roles", roles, "tasks", json_object_get(tasks, "items"),
                            "tasks_explanation", json_object_get(tasks, "explanation"),
                            "tasks_explanation_en", json_object_get(tasks, "explanation_en"), "policy",
                            policy_summary(req));
    json_decref(tasks);
    return respond_json(res, 200, out);
}

/* ROUTE: GET /api/v1/policy signed_in
 * 現在有効な情報セキュリティポリシー (第48条) */
Status api_policy(Request *req, Response *res, Err *e)
{
    (void)e;
    json_t *out = pack_to_json(req->ctx.pack);
    citations_annotate_rules(&req->ctx, out);
    json_object_set_new(out, "activated", policy_summary(req));
    /* The articles' own numbers (their key is "number", which the dispatcher does not annotate). */
    const struct ArticleMap *map = NULL;
    Err me = {0};
    if (policy_citation_map(&req->ctx, &map, &me) == ST_OK) {
        size_t i;
        json_t *a;
        json_array_foreach(json_object_get(out, "articles"), i, a)
            policy_citation_put(map, a, json_string_value(json_object_get(a, "number")));
    }
    return respond_json(res, 200, out);
}

/* ROUTE: GET /api/v1/policy/citations signed_in
 * 条文の対応: 基準パックの条 → 貴団体の対策基準の条・ガイドラインの節 */
Status api_policy_citations(Request *req, Response *res, Err *e)
{
    const struct ArticleMap *map = NULL;
    PolicyStandardInForce std;
    Status s = policy_standard_in_force(&req->ctx, &std, e);
    if (s == ST_OK)
        s = policy_citation_map(&req->ctx, &map, e);
    if (s != ST_OK)
        return s;
    return respond_json(res, 200, policy_citation_map_json(map, &std));
}

/* A query date (YYYY-MM-DD, JST) as the UTC instant the trail filter compares with. */
static Status query_day(Request *req, const char *name, int add_days, char out[21], const char **dst, Err *e)
{
    const char *v = req_query(req, name);
    int64_t t;
    if (!v || !*v)
        return ST_OK;
    if (strlen(v) != 10 || !time_parse_iso(v, &t))
        return err_setf(e, ST_INVALID, "invalid_date", name, "%s は YYYY-MM-DD 形式で指定してください",
                        "%s must be YYYY-MM-DD", name);
    time_iso_utc(t + add_days * 86400, out);
    *dst = out;
    return ST_OK;
}

/* ROUTE: GET /api/v1/trail trail.read
 * 証跡の一覧 */
Status api_trail_list(Request *req, Response *res, Err *e)
{
    TrailFilter f = {.limit = 50};
    const char *v;
    if ((v = req_query(req, "cursor")) && *v && !parse_id(v, &f.cursor))
        return err_set(e, ST_INVALID, "invalid_parameter", "cursor", "cursor が不正です", "invalid cursor");
    if ((v = req_query(req, "limit")) && *v) {
        int64_t n;
        if (!parse_id(v, &n) || n > TRAIL_LIST_MAX)
            return err_set(e, ST_INVALID, "invalid_parameter", "limit", "limit は 1〜200 で指定してください",
                           "limit must be 1-200");
        f.limit = (int)n;
    }
    char from[21], to[21];
    Status s = query_day(req, "from", 0, from, &f.from, e);
    if (s == ST_OK)
        s = query_day(req, "to", 1, to, &f.to, e); /* "to" is an inclusive day */
    if (s != ST_OK)
        return s;
    f.action_prefix = req_query(req, "action");
    f.actor = req_query(req, "actor");
    f.object_type = req_query(req, "object_type");
    f.object_id = req_query(req, "object_id");
    json_t *items = NULL;
    int64_t next = 0;
    if ((s = trail_list(req->ctx.db, &f, &items, &next, e)) != ST_OK)
        return s;
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) json_object_set(item, "at", json_object_get(item, "time"));
    if ((s = trail_view_annotate(&req->ctx, items, e)) != ST_OK) {
        json_decref(items);
        return s;
    }
    return respond_json(res, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor",
                                            next ? json_sprintf("%lld", (long long)next) : json_null()));
}

/* ROUTE: GET /api/v1/trail/vocabulary trail.read
 * 証跡の操作と対象の種類の名称 (絞り込みの選択肢) */
Status api_trail_vocabulary(Request *req, Response *res, Err *e)
{
    (void)req, (void)e;
    return respond_json(res, 200, trail_view_vocabulary());
}

/* ROUTE: GET /api/v1/trail/status trail.read
 * 証跡の検証状態 */
Status api_trail_status(Request *req, Response *res, Err *e)
{
    json_t *status = NULL;
    Status s = trail_status(req->ctx.db, &status, e);
    if (s != ST_OK)
        return s;
    TrailVerifyReport rep;
    s = trail_verify(req->ctx.db, &rep, e);
    if (s != ST_OK && s != ST_TAMPER) {
        json_decref(status);
        return s;
    }
    json_t *cp = json_object_get(status, "checkpoint");
    json_t *last = json_is_object(cp) ? json_pack("{s:O, s:O}", "size", json_object_get(cp, "tree_size"), "at",
                                                  json_object_get(cp, "created_at"))
                                      : json_null();
    char now[21];
    time_iso_utc(clock_now(req->ctx.clock), now);
    json_t *out = json_pack("{s:O, s:o, s:O, s:b, s:o, s:s, s:s, s:s}", "size", json_object_get(status, "size"),
                            "last_checkpoint", last, "pending", json_object_get(status, "pending"),
                            "verified", rep.ok, "first_bad_seq",
                            rep.first_bad_seq >= 0 ? json_integer(rep.first_bad_seq) : json_null(), "message",
                            rep.ja, "message_en", rep.en, "checked_at", now);
    json_decref(status);
    json_t *witnesses = NULL;
    if ((s = trail_witness_report(req->ctx.db, clock_now(req->ctx.clock), &witnesses, e)) != ST_OK) {
        json_decref(out);
        return s;
    }
    json_object_set_new(out, "witnesses", witnesses);
    return respond_json(res, 200, out);
}
