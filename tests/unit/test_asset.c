/* Unit tests for the 情報資産台帳 (domain/asset.h) against a temporary database with the embedded mic
 * pack: restriction derivation (第22条), inheritance by copies (第23条3, 6(1)), the highest-of rule
 * for media (第23条7(3)), 要判断 (第23条6(3)), the lowering rule, derived restrictions that cannot be
 * dropped, the 分類表示 (第23条4), lifecycle records with 許可待ち (第23条10–12), search (NFKC, FTS5
 * trigram, short-word fallback), keyset paging, and bad input that writes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "domain/assets/assets.h"
#include "policy/capability.h"
#include "domain/org/org.h"
#include "policy/pack.h"

#define T0 1793491200 /* 2026-11-01T00:00:00Z */

typedef struct Fixture {
    TestWorld w;
    int64_t root, somu, joho, joho_team, zeimu; /* units */
    int64_t staff, manager, other, admin;       /* staff/manager: 情報政策課; other: 税務課 */
    int64_t system;
} Fixture;





/* Acts as a person with the capabilities their roles give (as the HTTP layer sets up the Actor). */
static void act_as(Fixture *f, int64_t person_id)
{
    Err e = {0};
    uint64_t caps = 0;
    bool priv = false;
    assert_int_equal(roles_capabilities(&f->w.ctx, person_id, &caps, &priv, &e), ST_OK);
    f->w.actor.person_id = person_id;
    f->w.actor.caps = caps;
    snprintf(f->w.actor.login_id, sizeof f->w.actor.login_id, "p%lld", (long long)person_id);
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    world_open(&f->w, T0);
    Err e = {0};
    f->root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    f->somu = world_unit(&f->w, f->root, "somu", "総務部", "department");
    f->joho = world_unit(&f->w, f->somu, "joho", "情報政策課", "section");
    f->joho_team = world_unit(&f->w, f->joho, "joho-1", "情報政策係", "team");
    f->zeimu = world_unit(&f->w, f->somu, "zeimu", "税務課", "section");
    f->staff = world_person(&f->w, "S1", "職員 一郎", f->joho);
    f->manager = world_person(&f->w, "M1", "課長 花子", f->joho);
    f->other = world_person(&f->w, "O1", "税務 三郎", f->zeimu);
    f->admin = world_person(&f->w, "A1", "統括 次郎", f->somu);
    f->w.actor.person_id = f->admin;
    RoleAssignment ra = {.person_id = f->manager, .role = "section_security_manager", .scope_kind = "unit",
                         .scope_id = f->joho, .valid_from = "2026-04-01"};
    assert_int_equal(role_assign(&f->w.ctx, &ra, NULL, &e), ST_OK);
    f->w.actor.person_id = f->manager;
    RoleAssignment rb = {.person_id = f->admin, .role = "chief_security_officer", .scope_kind = "organisation",
                         .valid_from = "2026-04-01"};
    assert_int_equal(role_assign(&f->w.ctx, &rb, NULL, &e), ST_OK);
    Stmt *st = db_prepare(f->w.db,
                          "INSERT INTO systems(code, name, zone, owner_unit_id, location, created_at, updated_at)"
                          " VALUES ('SYS-1', '住民記録システム', 'mynumber', ?, 'onprem', '2026-04-01', '2026-04-01')",
                          &e);
    assert_non_null(st);
    stmt_bind_int(st, 1, f->joho);
    assert_int_equal(stmt_step(st), STEP_DONE);
    stmt_finalize(st);
    f->system = db_last_insert_id(f->w.db);
    act_as(f, f->staff);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    world_close(&f->w);
    free(f);
    return 0;
}

/* Creates an asset of the staff's section; c/i/a NULL = not given. */
static int64_t asset(Fixture *f, const char *no, const char *name, const char *kind, const char *c, const char *i,
                     const char *a)
{
    json_t *in = json_pack("{s:s, s:s, s:s, s:I}", "asset_no", no, "name", name, "kind", kind, "unit_id",
                           (json_int_t)f->joho);
    const char *levels[3] = {c, i, a};
    const char *dims[3] = {"confidentiality", "integrity", "availability"};
    for (int d = 0; d < 3; d++)
        if (levels[d])
            json_object_set_new(in, dims[d], json_string(levels[d]));
    if (c || i || a)
        json_object_set_new(in, "classification_reason", json_string("業務上の判断"));
    int64_t id = 0;
    Err e = {0};
    Status s = asset_create(&f->w.ctx, in, &id, &e);
    if (s != ST_OK)
        fprintf(stderr, "asset_create: %s %s %s\n", e.code, e.field, e.en);
    assert_int_equal(s, ST_OK);
    json_decref(in);
    return id;
}

static json_t *get(Fixture *f, int64_t id)
{
    json_t *a = NULL;
    Err e = {0};
    assert_int_equal(asset_get(&f->w.ctx, id, &a, &e), ST_OK);
    return a;
}

static const char *eff(json_t *a, const char *dim)
{
    return json_string_value(json_object_get(json_object_get(a, "effective"), dim));
}

/* "derived" / "added" / NULL when the asset's restrictions do not include id. */
static const char *restriction_origin(json_t *a, const char *id)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(a, "restrictions"), i, r) {
        if (strcmp(json_string_value(json_object_get(r, "id")), id) == 0)
            return json_string_value(json_object_get(r, "origin"));
    }
    return NULL;
}

static bool has_id(json_t *arr, const char *id)
{
    size_t i;
    json_t *r;
    json_array_foreach(arr, i, r) if (strcmp(json_string_value(json_object_get(r, "id")), id) == 0) return true;
    return false;
}

static void derivation_from_pack(void **state)
{
    Fixture *f = *state;
    json_t *r = asset_derived_restrictions(&f->w.ctx, "3B", "2", "2");
    /* 第22条: 機密性3 → (ア)–(ク) = 8, 完全性2 → 3, 可用性2 → 2 */
    assert_int_equal(json_array_size(r), 13);
    assert_true(has_id(r, "issued_devices_only"));
    assert_true(has_id(r, "backup_and_signature"));
    assert_true(has_id(r, "backup_and_timely_recovery"));
    json_decref(r);
    r = asset_derived_restrictions(&f->w.ctx, "2", "1", "1");
    assert_int_equal(json_array_size(r), 7); /* (ア) is only for 機密性3 */
    assert_false(has_id(r, "issued_devices_only"));
    assert_true(has_id(r, "encrypt_in_transit"));
    json_decref(r);
    r = asset_derived_restrictions(&f->w.ctx, "1", "1", "1");
    assert_int_equal(json_array_size(r), 0);
    json_decref(r);
    /* unknown counts as the strictest */
    r = asset_derived_restrictions(&f->w.ctx, NULL, "1", NULL);
    assert_int_equal(json_array_size(r), 8 + 2);
    json_decref(r);
    assert_int_equal(asset_level_rank(&f->w.ctx, "confidentiality", NULL), asset_level_rank(&f->w.ctx, "confidentiality", "3A"));
    assert_true(asset_level_rank(&f->w.ctx, "confidentiality", "3C") > asset_level_rank(&f->w.ctx, "confidentiality", "2"));
    assert_int_equal(asset_level_rank(&f->w.ctx, "integrity", "3A"), -1);
}

static void label_text(void **state)
{
    Fixture *f = *state;
    json_t *a = get(f, asset(f, "L-1", "住民票データ", "information", "3B", "2", "2"));
    assert_string_equal(json_string_value(json_object_get(a, "label_text")),
                        "自治体機密性3B・完全性2・可用性2｜複製・配付禁止 暗号化 施錠保管");
    char *text = NULL;
    Err e = {0};
    assert_int_equal(asset_label_text(&f->w.ctx, a, &text, &e), ST_OK);
    assert_string_equal(text, "自治体機密性3B・完全性2・可用性2｜複製・配付禁止 暗号化 施錠保管");
    free(text);
    json_decref(a);
    a = get(f, asset(f, "L-2", "広報誌原稿", "information", "1", "1", "1"));
    assert_string_equal(json_string_value(json_object_get(a, "label_text")), "自治体機密性1・完全性1・可用性1");
    json_decref(a);
    a = get(f, asset(f, "L-3", "出所不明のUSBメモリの内容", "information", NULL, NULL, NULL));
    assert_string_equal(json_string_value(json_object_get(a, "label_text")),
                        "機密性要判断・完全性要判断・可用性要判断｜複製・配付禁止 暗号化 施錠保管");
    json_decref(a);
    /* an added restriction without a short label is printed with its label */
    int64_t id = asset(f, "L-4", "会議資料", "information", "2", "1", "1");
    assert_int_equal(asset_add_restriction(&f->w.ctx, id, "issued_devices_only", "持ち帰り禁止の徹底", &e), ST_OK);
    a = get(f, id);
    assert_string_equal(json_string_value(json_object_get(a, "label_text")),
                        "自治体機密性2・完全性1・可用性1｜支給端末以外での作業の原則禁止 複製・配付禁止 暗号化 施錠保管");
    json_decref(a);
}

static void copies_inherit(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t src = asset(f, "C-1", "課税台帳", "information", "3B", "1", "2");
    assert_int_equal(asset_add_restriction(&f->w.ctx, src, "backup_and_signature", "改ざん防止", &e), ST_OK);
    struct {
        bool transmitted, derived;
        const char *source_kind, *event_kind;
        bool event_on_source;
    } cases[] = {{false, false, "copy", "copy", true},
                 {true, false, "transmitted_copy", "transmit", true},
                 {false, true, "derived", "obtain", false}};
    for (size_t k = 0; k < 3; k++) {
        json_t *in = json_pack("{s:s, s:s, s:b, s:b}", "name", "課税台帳の写し", "storage_place", "書庫B",
                               "transmitted", cases[k].transmitted, "derived", cases[k].derived);
        int64_t copy = 0;
        assert_int_equal(asset_copy(&f->w.ctx, src, in, &copy, &e), ST_OK);
        json_decref(in);
        json_t *c = get(f, copy);
        assert_string_equal(json_string_value(json_object_get(c, "confidentiality")), "3B");
        assert_string_equal(json_string_value(json_object_get(c, "integrity")), "1");
        assert_string_equal(json_string_value(json_object_get(c, "availability")), "2");
        assert_string_equal(json_string_value(json_object_get(c, "classification_status")), "decided");
        assert_string_equal(json_string_value(json_object_get(c, "source_kind")), cases[k].source_kind);
        assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "source"), "id")), src);
        assert_string_equal(json_string_value(json_object_get(c, "storage_place")), "書庫B");
        assert_string_equal(restriction_origin(c, "backup_and_signature"), "added");
        assert_string_equal(restriction_origin(c, "issued_devices_only"), "derived");
        /* the event: on the source for copy / transmit, on the new asset for obtain */
        json_t *holder = cases[k].event_on_source ? get(f, src) : json_incref(c);
        json_t *events = json_object_get(holder, "events");
        json_t *last = json_array_get(events, json_array_size(events) - 1);
        assert_non_null(last);
        assert_string_equal(json_string_value(json_object_get(last, "kind")), cases[k].event_kind);
        json_decref(holder);
        json_decref(c);
    }
    /* default numbering: C-1-1, C-1-2, C-1-3 */
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM assets WHERE asset_no IN ('C-1-1','C-1-2','C-1-3')"), 3);
    /* a pending source gives a pending copy */
    int64_t unknown = asset(f, "C-2", "受領ファイル", "information", NULL, "1", "1");
    json_t *in = json_pack("{s:b}", "transmitted", 1);
    int64_t copy = 0;
    assert_int_equal(asset_copy(&f->w.ctx, unknown, in, &copy, &e), ST_OK);
    json_decref(in);
    json_t *c = get(f, copy);
    assert_string_equal(json_string_value(json_object_get(c, "classification_status")), "pending");
    assert_true(json_is_null(json_object_get(c, "confidentiality")));
    json_decref(c);
}

static void media_highest_of(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t m = asset(f, "M-1", "バックアップ用外付HDD", "medium", "1", "1", "1");
    int64_t a = asset(f, "M-a", "住民基本台帳データ", "information", "3B", "1", "1");
    int64_t b = asset(f, "M-b", "予算資料", "information", "2", "2", "1");
    json_t *g = get(f, m);
    assert_string_equal(eff(g, "confidentiality"), "1");
    assert_null(restriction_origin(g, "encrypt_in_transit"));
    json_decref(g);
    assert_int_equal(asset_set_contents(&f->w.ctx, m, a, true, &e), ST_OK);
    assert_int_equal(asset_set_contents(&f->w.ctx, m, b, true, &e), ST_OK);
    g = get(f, m);
    assert_string_equal(eff(g, "confidentiality"), "3B");
    assert_string_equal(eff(g, "integrity"), "2");
    assert_string_equal(eff(g, "availability"), "1");
    assert_string_equal(restriction_origin(g, "issued_devices_only"), "derived");
    assert_string_equal(restriction_origin(g, "backup_and_signature"), "derived");
    assert_int_equal(json_array_size(json_object_get(g, "contents")), 2);
    assert_string_equal(json_string_value(json_object_get(g, "label_text")),
                        "自治体機密性3B・完全性2・可用性1｜複製・配付禁止 暗号化 施錠保管");
    json_decref(g);
    /* the content knows where it is */
    g = get(f, a);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(g, "contained_in"), 0), "id")), m);
    json_decref(g);
    /* removing the 3B content lowers the medium to the highest of what remains */
    assert_int_equal(asset_set_contents(&f->w.ctx, m, a, false, &e), ST_OK);
    g = get(f, m);
    assert_string_equal(eff(g, "confidentiality"), "2");
    assert_null(restriction_origin(g, "issued_devices_only"));
    json_decref(g);
    /* a content whose classification changes is followed at once (computed on read) */
    act_as(f, f->manager);
    json_t *patch = json_pack("{s:s, s:s}", "confidentiality", "3A", "classification_reason", "秘密文書に該当");
    assert_int_equal(asset_update(&f->w.ctx, b, patch, &e), ST_OK);
    json_decref(patch);
    g = get(f, m);
    assert_string_equal(eff(g, "confidentiality"), "3A");
    json_decref(g);
    act_as(f, f->staff);
    /* an unknown content makes the medium's dimension unknown (strictest) */
    int64_t u = asset(f, "M-u", "内容不明ファイル", "information", NULL, NULL, NULL);
    int64_t m2 = asset(f, "M-2", "USBメモリ", "medium", "1", "1", "1");
    assert_int_equal(asset_set_contents(&f->w.ctx, m2, u, true, &e), ST_OK);
    g = get(f, m2);
    assert_string_equal(eff(g, "availability"), "2");
    assert_int_equal(json_array_size(json_object_get(json_object_get(g, "effective"), "unknown")), 3);
    json_decref(g);
    /* rules: only media hold; no cycles; removing what is not there */
    assert_int_equal(asset_set_contents(&f->w.ctx, a, b, true, &e), ST_INVALID);
    assert_string_equal(e.code, "not_a_medium");
    assert_int_equal(asset_set_contents(&f->w.ctx, m, m2, true, &e), ST_OK);
    int64_t before = world_count(&f->w, "SELECT count(*) FROM trail_entries");
    assert_int_equal(asset_set_contents(&f->w.ctx, m2, m, true, &e), ST_INVALID);
    assert_string_equal(e.code, "contents_cycle");
    assert_int_equal(asset_set_contents(&f->w.ctx, m, m, true, &e), ST_INVALID);
    assert_int_equal(asset_set_contents(&f->w.ctx, m, a, false, &e), ST_NOTFOUND);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries"), before);
    /* nested: m holds m2 which holds the unknown one */
    g = get(f, m);
    assert_int_equal(json_array_size(json_object_get(json_object_get(g, "effective"), "unknown")), 3);
    json_decref(g);
}

static void pending_and_decide(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t id = asset(f, "P-1", "他団体から受領した名簿", "information", NULL, NULL, NULL);
    int64_t team_id = 0;
    {
        json_t *in = json_pack("{s:s, s:s, s:s, s:I}", "asset_no", "P-2", "name", "係の共有フォルダ", "kind",
                               "information", "unit_id", (json_int_t)f->joho_team);
        assert_int_equal(asset_create(&f->w.ctx, in, &team_id, &e), ST_OK);
        json_decref(in);
    }
    json_t *g = get(f, id);
    assert_string_equal(json_string_value(json_object_get(g, "classification_status")), "pending");
    assert_string_equal(eff(g, "confidentiality"), "3A"); /* treated as the strictest */
    assert_string_equal(restriction_origin(g, "issued_devices_only"), "derived");
    assert_false(json_is_true(json_object_get(g, "can_lower")));
    assert_true(json_is_true(json_object_get(g, "can_edit")));
    json_decref(g);
    /* queues: staff manage nothing; the manager sees both (the 係 is under the 課); 統括 sees all */
    json_t *q = NULL;
    assert_int_equal(asset_pending_queue(&f->w.ctx, &q, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(q, "items")), 0);
    json_decref(q);
    act_as(f, f->other);
    json_t *other_asset = json_pack("{s:s, s:s, s:s, s:I}", "asset_no", "P-3", "name", "税務の資料", "kind",
                                    "document", "unit_id", (json_int_t)f->zeimu);
    assert_int_equal(asset_create(&f->w.ctx, other_asset, NULL, &e), ST_OK);
    json_decref(other_asset);
    act_as(f, f->manager);
    assert_int_equal(asset_pending_queue(&f->w.ctx, &q, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(q, "items")), 2);
    json_decref(q);
    act_as(f, f->admin);
    assert_int_equal(asset_pending_queue(&f->w.ctx, &q, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(q, "items")), 3);
    json_decref(q);
    /* deciding: not by staff, not by another section's manager; a reason and all three needed */
    act_as(f, f->staff);
    int64_t before = world_count(&f->w, "SELECT count(*) FROM trail_entries");
    assert_int_equal(asset_decide(&f->w.ctx, id, "2", "1", "1", "個人情報を含まない", &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "decide_forbidden");
    act_as(f, f->manager);
    assert_int_equal(asset_decide(&f->w.ctx, id, "2", "1", "1", "", &e), ST_INVALID);
    assert_string_equal(e.code, "reason_required");
    assert_int_equal(asset_decide(&f->w.ctx, id, "2", NULL, "1", "理由", &e), ST_INVALID);
    assert_string_equal(e.field, "integrity");
    assert_int_equal(asset_decide(&f->w.ctx, id, "9Z", "1", "1", "理由", &e), ST_INVALID);
    assert_string_equal(e.code, "unknown_level");
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries"), before);
    assert_int_equal(asset_decide(&f->w.ctx, id, "2", "1", "1", "個人情報を含まない", &e), ST_OK);
    assert_int_equal(asset_decide(&f->w.ctx, team_id, "3C", "2", "2", "係の業務資料", &e), ST_OK);
    assert_int_equal(asset_decide(&f->w.ctx, id, "1", "1", "1", "再判断", &e), ST_CONFLICT);
    assert_string_equal(e.code, "not_pending");
    g = get(f, id);
    assert_string_equal(json_string_value(json_object_get(g, "classification_status")), "decided");
    assert_string_equal(eff(g, "confidentiality"), "2");
    assert_null(restriction_origin(g, "issued_devices_only"));
    json_decref(g);
    assert_int_equal(asset_pending_queue(&f->w.ctx, &q, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(q, "items")), 0);
    json_decref(q);
}

/* The JSON text of the last trail entry. Caller frees. */
static char *last_trail_entry(Fixture *f, const char *action)
{
    Err e;
    Stmt *st = db_prepare(f->w.db, "SELECT entry FROM trail_entries WHERE action = ? ORDER BY seq DESC LIMIT 1", &e);
    assert_non_null(st);
    stmt_bind_text(st, 1, action);
    assert_int_equal(stmt_step(st), STEP_ROW);
    char *s = strdup(stmt_text(st, 0));
    stmt_finalize(st);
    return s;
}

static void lowering_needs_manager(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t id = asset(f, "R-1", "滞納者一覧", "information", "3B", "2", "1");
    int64_t before = world_count(&f->w, "SELECT count(*) FROM trail_entries");
    /* staff: lowering refused, nothing written */
    json_t *patch = json_pack("{s:s, s:s}", "confidentiality", "2", "classification_reason", "公開予定のため");
    assert_int_equal(asset_update(&f->w.ctx, id, patch, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "classification_lowering_forbidden");
    assert_string_equal(e.field, "confidentiality");
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries"), before);
    /* another section's staff may not even find it (need-to-know, 第23条), nor edit an open one */
    int64_t open = asset(f, "R-OPEN", "窓口案内", "information", "1", "1", "1");
    act_as(f, f->other);
    json_t *rename = json_pack("{s:s}", "name", "改名");
    assert_int_equal(asset_update(&f->w.ctx, id, rename, &e), ST_NOTFOUND);
    assert_string_equal(e.code, "asset_not_found");
    assert_int_equal(asset_update(&f->w.ctx, open, rename, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "asset_edit_forbidden");
    json_decref(rename);
    act_as(f, f->staff);
    /* a change without a reason is refused; raising is allowed to staff */
    json_t *raise = json_pack("{s:s}", "availability", "2");
    assert_int_equal(asset_update(&f->w.ctx, id, raise, &e), ST_INVALID);
    assert_string_equal(e.code, "reason_required");
    json_object_set_new(raise, "classification_reason", json_string("窓口業務で常時使用"));
    assert_int_equal(asset_update(&f->w.ctx, id, raise, &e), ST_OK);
    json_decref(raise);
    /* the manager may lower; the trail keeps before, after and the reason */
    act_as(f, f->manager);
    assert_int_equal(asset_update(&f->w.ctx, id, patch, &e), ST_OK);
    json_decref(patch);
    char *entry = last_trail_entry(f, "asset.classify");
    assert_non_null(strstr(entry, "公開予定のため"));
    assert_non_null(strstr(entry, "\"before\""));
    assert_non_null(strstr(entry, "\"confidentiality\":\"3B\""));
    assert_non_null(strstr(entry, "\"confidentiality\":\"2\""));
    free(entry);
    json_t *g = get(f, id);
    assert_string_equal(json_string_value(json_object_get(g, "confidentiality")), "2");
    assert_true(json_is_true(json_object_get(g, "can_lower")));
    json_decref(g);
    /* an org-wide roles.manage holder (統括) may lower too */
    act_as(f, f->admin);
    patch = json_pack("{s:s, s:s}", "confidentiality", "1", "classification_reason", "公表済み");
    assert_int_equal(asset_update(&f->w.ctx, id, patch, &e), ST_OK);
    json_decref(patch);
    /* asset_no never changes */
    patch = json_pack("{s:s}", "asset_no", "R-9");
    assert_int_equal(asset_update(&f->w.ctx, id, patch, &e), ST_INVALID);
    assert_string_equal(e.code, "asset_no_immutable");
    json_decref(patch);
    /* deciding a pending dimension below the strictest is lowering too */
    act_as(f, f->staff);
    int64_t p = asset(f, "R-2", "未分類", "information", NULL, "1", "1");
    patch = json_pack("{s:s, s:s}", "confidentiality", "2", "classification_reason", "判断");
    assert_int_equal(asset_update(&f->w.ctx, p, patch, &e), ST_FORBIDDEN);
    act_as(f, f->manager);
    assert_int_equal(asset_update(&f->w.ctx, p, patch, &e), ST_OK);
    json_decref(patch);
    g = get(f, p);
    assert_string_equal(json_string_value(json_object_get(g, "classification_status")), "decided");
    json_decref(g);
}

static void restrictions_add_remove(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t id = asset(f, "X-1", "ネットワーク構成図", "document", "3C", "1", "1");
    int64_t before = world_count(&f->w, "SELECT count(*) FROM trail_entries");
    assert_int_equal(asset_remove_restriction(&f->w.ctx, id, "encrypt_in_transit", &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "restriction_derived");
    act_as(f, f->manager); /* not even the manager may drop a derived one (第22条) */
    assert_int_equal(asset_remove_restriction(&f->w.ctx, id, "encrypt_in_transit", &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "restriction_derived");
    act_as(f, f->staff);
    assert_int_equal(asset_add_restriction(&f->w.ctx, id, "no_such", "理由", &e), ST_INVALID);
    assert_string_equal(e.code, "unknown_restriction");
    assert_int_equal(asset_add_restriction(&f->w.ctx, id, "encrypt_in_transit", "理由", &e), ST_CONFLICT);
    assert_string_equal(e.code, "restriction_already_applies");
    assert_int_equal(asset_add_restriction(&f->w.ctx, id, "backup_and_signature", "", &e), ST_INVALID);
    assert_string_equal(e.code, "reason_required");
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries"), before);
    assert_int_equal(asset_add_restriction(&f->w.ctx, id, "backup_and_signature", "構成変更の証跡のため", &e), ST_OK);
    assert_int_equal(asset_add_restriction(&f->w.ctx, id, "backup_and_signature", "二度目", &e), ST_CONFLICT);
    json_t *g = get(f, id);
    assert_string_equal(restriction_origin(g, "backup_and_signature"), "added");
    json_t *r;
    size_t i;
    json_array_foreach(json_object_get(g, "restrictions"), i, r) {
        assert_non_null(json_string_value(json_object_get(r, "article")));
        if (strcmp(json_string_value(json_object_get(r, "id")), "backup_and_signature") == 0)
            assert_string_equal(json_string_value(json_object_get(r, "reason")), "構成変更の証跡のため");
    }
    json_decref(g);
    /* staff may not drop an added one; the manager may */
    assert_int_equal(asset_remove_restriction(&f->w.ctx, id, "backup_and_signature", &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "restriction_removal_forbidden");
    act_as(f, f->manager);
    assert_int_equal(asset_remove_restriction(&f->w.ctx, id, "backup_and_signature", &e), ST_OK);
    assert_int_equal(asset_remove_restriction(&f->w.ctx, id, "backup_and_signature", &e), ST_NOTFOUND);
    g = get(f, id);
    assert_null(restriction_origin(g, "backup_and_signature"));
    json_decref(g);
}

static Status event(Fixture *f, int64_t id, const char *kind, const char *details, json_t *extra, int64_t *ev_id,
                    Err *e)
{
    json_t *in = json_pack("{s:s, s:s, s:s}", "kind", kind, "occurred_at", "2026-10-30T01:00:00Z", "details", details);
    if (extra)
        json_object_update(in, extra);
    Status s = asset_add_event(&f->w.ctx, id, in, ev_id, e);
    json_decref(in);
    return s;
}

static const char *last_event_approval(Fixture *f, int64_t id, json_t **holder)
{
    *holder = get(f, id);
    json_t *events = json_object_get(*holder, "events");
    return json_string_value(json_object_get(json_array_get(events, json_array_size(events) - 1), "approval_status"));
}

static void lifecycle_events(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t c2 = asset(f, "E-1", "選挙人名簿抄本", "information", "2", "1", "1");
    int64_t c1 = asset(f, "E-2", "市報", "information", "1", "1", "1");
    int64_t unknown = asset(f, "E-3", "受領資料", "information", NULL, NULL, NULL);
    json_t *g;
    json_t *enc = json_pack("{s:b}", "encrypted", 1);
    /* 運搬 of 機密性2 needs the manager's permission: 許可待ち */
    assert_int_equal(event(f, c2, "transport", "本庁から支所へ運搬", enc, NULL, &e), ST_OK);
    assert_string_equal(last_event_approval(f, c2, &g), "pending");
    json_t *ev = json_array_get(json_object_get(g, "events"), 0);
    assert_string_equal(json_string_value(json_object_get(ev, "approval_label")), "許可待ち");
    assert_true(json_is_true(json_object_get(ev, "encrypted")));
    assert_true(json_is_null(json_object_get(ev, "approval_ref")));
    assert_int_equal(json_integer_value(json_object_get(ev, "person_id")), f->staff);
    assert_string_equal(json_string_value(json_object_get(ev, "occurred_at")), "2026-10-30T01:00:00Z");
    json_decref(g);
    /* 機密性1: no permission needed; an unknown classification counts as the strictest */
    assert_int_equal(event(f, c1, "transport", "公民館へ配送", NULL, NULL, &e), ST_OK);
    assert_string_equal(last_event_approval(f, c1, &g), "not_required");
    json_decref(g);
    assert_int_equal(event(f, c1, "provide", "ホームページで公表", NULL, NULL, &e), ST_OK);
    assert_string_equal(last_event_approval(f, c1, &g), "not_required");
    json_decref(g);
    assert_int_equal(event(f, unknown, "provide", "県へ提供", NULL, NULL, &e), ST_OK);
    assert_string_equal(last_event_approval(f, unknown, &g), "pending");
    json_decref(g);
    assert_int_equal(event(f, c2, "move", "書庫Aから書庫Bへ", NULL, NULL, &e), ST_OK);
    assert_string_equal(last_event_approval(f, c2, &g), "not_required");
    json_decref(g);
    /* bad events: nothing written */
    int64_t before = world_count(&f->w, "SELECT count(*) FROM trail_entries");
    assert_int_equal(event(f, c2, "shred", "x", NULL, NULL, &e), ST_INVALID);
    assert_string_equal(e.field, "kind");
    assert_int_equal(event(f, c2, "move", "x", enc, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "encrypted_not_applicable");
    json_t *bad_date = json_pack("{s:s}", "occurred_at", "2026-13-01");
    assert_int_equal(event(f, c2, "move", "x", bad_date, NULL, &e), ST_INVALID);
    assert_string_equal(e.field, "occurred_at");
    json_decref(bad_date);
    assert_int_equal(event(f, c2, "dispose", "", NULL, NULL, &e), ST_INVALID);
    assert_string_equal(e.field, "details");
    json_t *nobody = json_pack("{s:I}", "person_id", (json_int_t)999999);
    assert_int_equal(event(f, c2, "move", "x", nobody, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "unknown_person");
    json_decref(nobody);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries"), before);
    json_decref(enc);
    /* 廃棄 of even a 機密性1 asset needs permission (第23条12(3)); it sets disposed_at */
    int64_t ev_id = 0;
    assert_int_equal(event(f, c1, "dispose", "シュレッダー処理", NULL, &ev_id, &e), ST_OK);
    assert_true(ev_id > 0);
    assert_string_equal(last_event_approval(f, c1, &g), "pending");
    assert_string_equal(json_string_value(json_object_get(g, "disposed_at")), "2026-10-30T01:00:00Z");
    assert_false(json_is_true(json_object_get(g, "can_edit")));
    json_decref(g);
    json_t *patch = json_pack("{s:s}", "name", "x");
    assert_int_equal(asset_update(&f->w.ctx, c1, patch, &e), ST_CONFLICT);
    assert_string_equal(e.code, "asset_disposed");
    json_decref(patch);
    assert_int_equal(event(f, c1, "move", "x", NULL, NULL, &e), ST_CONFLICT);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM asset_events WHERE approval_status = 'pending'"), 3);
}

/* The rows kept under an asset — added restrictions (also inherited by a copy), a medium's contents,
 * lifecycle records (a copy's too, and a permit) — match their trail; each edited, added or removed
 * directly in SQLite is named with its table, key and column. A record an old-format entry (without
 * row_id) wrote is not reported; a row added above the first new key is, and so is one below it
 * beyond the number of old-format entries. */
static const char *const row_tables[] = {"asset_restrictions", "media_contents", "asset_events", NULL};

static void expect_rows(Fixture *f, const char *want)
{
    char *got = world_findings(&f->w, row_tables);
    assert_string_equal(got, want);
    free(got);
}

static void rows_reconciled_with_trail(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    /* a lifecycle record written before row_id: the row and an entry that does not identify it */
    int64_t old = asset(f, "R-0", "旧文書", "document", "1", "1", "1");
    char sql[400];
    snprintf(sql, sizeof sql,
             "INSERT INTO asset_events(asset_id, kind, occurred_at, details, approval_status, created_at)"
             " VALUES (%lld, 'move', '2026-10-01T00:00:00Z', '旧', 'not_required', '2026-10-01T00:00:00Z')",
             (long long)old);
    world_sql(&f->w, sql);
    json_t *legacy = json_pack("{s:s, s:s}", "kind", "move", "details", "旧");
    assert_int_equal(db_begin(f->w.db, &e), ST_OK);
    assert_int_equal(record_change(&f->w.ctx, "asset.event", "asset", old, NULL, legacy, &e), ST_OK);
    assert_int_equal(db_commit(f->w.db, &e), ST_OK);
    json_decref(legacy);

    int64_t src = asset(f, "R-1", "課税台帳", "information", "2", "1", "1");
    assert_int_equal(asset_add_restriction(&f->w.ctx, src, "backup_and_signature", "改ざん防止", &e), ST_OK);
    json_t *in = json_pack("{s:s}", "name", "課税台帳の写し");
    int64_t copy = 0;
    assert_int_equal(asset_copy(&f->w.ctx, src, in, &copy, &e), ST_OK);
    json_decref(in);
    int64_t medium = asset(f, "R-2", "外付HDD", "medium", "1", "1", "1");
    assert_int_equal(asset_set_contents(&f->w.ctx, medium, src, true, &e), ST_OK);
    assert_int_equal(asset_set_contents(&f->w.ctx, medium, copy, true, &e), ST_OK);
    assert_int_equal(asset_set_contents(&f->w.ctx, medium, copy, false, &e), ST_OK);
    assert_int_equal(asset_set_contents(&f->w.ctx, medium, copy, true, &e), ST_OK);
    int64_t transport = 0;
    assert_int_equal(event(f, src, "transport", "支所へ運搬", NULL, &transport, &e), ST_OK);
    int64_t linked = 0;
    assert_int_equal(db_begin(f->w.db, &e), ST_OK);
    assert_int_equal(asset_event_permit(&f->w.ctx, src, "transport", true, "request:1", &linked, &e), ST_OK);
    assert_int_equal(db_commit(f->w.db, &e), ST_OK);
    assert_int_equal(linked, transport);
    act_as(f, f->manager);
    assert_int_equal(asset_add_restriction(&f->w.ctx, copy, "issued_devices_only", "持ち帰り禁止", &e), ST_OK);
    assert_int_equal(asset_remove_restriction(&f->w.ctx, copy, "issued_devices_only", &e), ST_OK);
    expect_rows(f, "");

    char want[1024];
    snprintf(sql, sizeof sql, "UPDATE asset_restrictions SET reason = '書換え' WHERE asset_id = %lld", (long long)src);
    world_sql(&f->w, sql);
    snprintf(sql, sizeof sql, "DELETE FROM asset_restrictions WHERE asset_id = %lld", (long long)copy);
    world_sql(&f->w, sql);
    snprintf(sql, sizeof sql, "DELETE FROM media_contents WHERE content_asset_id = %lld", (long long)copy);
    world_sql(&f->w, sql);
    snprintf(sql, sizeof sql, "UPDATE asset_events SET approval_status = 'pending', approval_ref = NULL WHERE id = %lld",
             (long long)transport);
    world_sql(&f->w, sql);
    snprintf(sql, sizeof sql,
             "INSERT INTO asset_events(asset_id, kind, occurred_at, details, approval_status, created_at)"
             " VALUES (%lld, 'dispose', '2026-10-02T00:00:00Z', '', 'approved', '2026-10-02T00:00:00Z')",
             (long long)src);
    world_sql(&f->w, sql);
    int64_t added = world_count(&f->w, "SELECT max(id) FROM asset_events");
    /* below every new key, but there is one old-format entry for two such rows now: the one beyond
     * the count (in key order, here the genuine old record) is reported */
    int64_t legacy_id = world_count(&f->w, "SELECT min(id) FROM asset_events");
    snprintf(sql, sizeof sql,
             "INSERT INTO asset_events(id, asset_id, kind, occurred_at, details, approval_status, created_at)"
             " VALUES (0, %lld, 'move', '2026-10-01T00:00:00Z', '', 'not_required', '2026-10-01T00:00:00Z')",
             (long long)old);
    world_sql(&f->w, sql);
    snprintf(want, sizeof want,
             "asset_restrictions %lld/backup_and_signature reason differs\n"
             "asset_restrictions %lld/backup_and_signature  row_missing\n"
             "media_contents %lld/%lld  row_missing\n"
             "asset_events %lld  no_trail\n"
             "asset_events %lld approval_ref differs\nasset_events %lld approval_status differs\n"
             "asset_events %lld  no_trail\n",
             (long long)src, (long long)copy, (long long)medium, (long long)copy, (long long)legacy_id, (long long)transport,
             (long long)transport, (long long)added);
    expect_rows(f, want);
}

/* Runs asset_list and returns the parsed result. */
static json_t *list(Fixture *f, const AssetQuery *q);

/* The asset ids a list query returns, as a bit per id below 64, and its total. */
static uint64_t listed_ids(Fixture *f, const char *q, int64_t *total)
{
    AssetQuery aq = {.q = q, .personal = -1, .limit = 200};
    json_t *o = list(f, &aq);
    uint64_t bits = 0;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(o, "items"), i, it) {
        int64_t id = json_integer_value(json_object_get(it, "id"));
        assert_true(id > 0 && id < 64);
        bits |= 1ull << id;
    }
    *total = json_integer_value(json_object_get(o, "total"));
    json_decref(o);
    return bits;
}

#define BIT(id) (1ull << (id))

/* Need-to-know (第22条, 第23条, roles.yaml visibility): 自治体機密性2以上 (and 要判断) of another 課, and a
 * medium holding such an asset, are hidden from that 課's staff in lists, totals, searches and details,
 * answer as missing ones to every change, and cannot be copied into their own 課; the 部's
 * 情報セキュリティ責任者 and the 統括 read them. */
static void need_to_know(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t secret = asset(f, "N-1", "滞納整理台帳", "information", "3C", "2", "2");
    int64_t internal = asset(f, "N-2", "事務分掌表", "information", "2", "1", "1");
    int64_t open = asset(f, "N-3", "広報資料", "information", "1", "1", "1");
    int64_t pending = asset(f, "N-4", "分類未定の調査票", "information", NULL, NULL, NULL);
    int64_t medium = asset(f, "N-5", "持出し用USBメモリ", "medium", "1", "1", "1");
    int64_t empty = asset(f, "N-6", "空のUSBメモリ", "medium", "1", "1", "1");
    assert_int_equal(asset_set_contents(&f->w.ctx, medium, secret, true, &e), ST_OK);
    int64_t total = 0;
    uint64_t all = BIT(secret) | BIT(internal) | BIT(open) | BIT(pending) | BIT(medium) | BIT(empty);
    assert_int_equal(listed_ids(f, NULL, &total) & all, all); /* the owning 課 reads its own */

    act_as(f, f->other); /* 税務課 */
    uint64_t seen = listed_ids(f, NULL, &total);
    assert_int_equal(seen & all, BIT(open) | BIT(empty));
    assert_int_equal(total, 2);
    assert_int_equal(listed_ids(f, "滞納整理", &total), 0);
    assert_int_equal(total, 0);
    int64_t hidden[] = {secret, internal, pending, medium};
    for (size_t k = 0; k < 4; k++) {
        json_t *a = NULL;
        assert_int_equal(asset_get(&f->w.ctx, hidden[k], &a, &e), ST_NOTFOUND);
        assert_string_equal(e.code, "asset_not_found");
        json_t *patch = json_pack("{s:s}", "name", "x");
        assert_int_equal(asset_update(&f->w.ctx, hidden[k], patch, &e), ST_NOTFOUND);
        json_decref(patch);
        json_t *in = json_pack("{s:s, s:I}", "name", "写し", "unit_id", (json_int_t)f->zeimu);
        int64_t copy = 0;
        assert_int_equal(asset_copy(&f->w.ctx, hidden[k], in, &copy, &e), ST_NOTFOUND);
        assert_string_equal(e.code, "asset_not_found");
        json_decref(in);
        json_t *ev = json_pack("{s:s}", "kind", "transport");
        assert_int_equal(asset_add_event(&f->w.ctx, hidden[k], ev, NULL, &e), ST_NOTFOUND);
        json_decref(ev);
        assert_int_equal(asset_add_restriction(&f->w.ctx, hidden[k], "issued_devices_only", "理由", &e), ST_NOTFOUND);
    }
    /* an open asset of another 課 is read, but not registered as a copy into one's own 課 (第23条3) */
    json_t *got = NULL;
    assert_int_equal(asset_get(&f->w.ctx, open, &got, &e), ST_OK);
    json_decref(got);
    json_t *in = json_pack("{s:s, s:I}", "name", "写し", "unit_id", (json_int_t)f->zeimu);
    int64_t copy = 0;
    assert_int_equal(asset_copy(&f->w.ctx, open, in, &copy, &e), ST_FORBIDDEN);
    assert_string_equal(e.code, "copy_forbidden");
    json_decref(in);

    /* the 総務部's 情報セキュリティ責任者 (第15条) and the 統括 (第13条) read everything in their reach */
    int64_t head = world_person(&f->w, "D1", "部長 四郎", f->somu);
    f->w.actor.person_id = f->admin;
    f->w.actor.caps = CAP_ROLES_MANAGE;
    RoleAssignment ra = {.person_id = head, .role = "department_security_officer", .scope_kind = "unit",
                         .scope_id = f->somu, .valid_from = "2026-04-01"};
    assert_int_equal(role_assign(&f->w.ctx, &ra, NULL, &e), ST_OK);
    act_as(f, head);
    assert_int_equal(listed_ids(f, NULL, &total) & all, all);
    act_as(f, f->admin);
    assert_int_equal(listed_ids(f, NULL, &total) & all, all);
    assert_int_equal(asset_get(&f->w.ctx, secret, &got, &e), ST_OK);
    json_decref(got);
    /* the medium's contents are listed only as far as the reader may read them */
    act_as(f, f->staff);
    assert_int_equal(asset_get(&f->w.ctx, medium, &got, &e), ST_OK);
    assert_int_equal(json_array_size(json_object_get(got, "contents")), 1);
    json_decref(got);
}

static json_t *list(Fixture *f, const AssetQuery *q)
{
    char *text = NULL;
    Err e = {0};
    Status s = asset_list(&f->w.ctx, q, &text, &e);
    if (s != ST_OK)
        fprintf(stderr, "asset_list: %s %s\n", e.code, e.en);
    assert_int_equal(s, ST_OK);
    json_error_t je;
    json_t *o = json_loads(text, 0, &je);
    assert_non_null(o);
    free(text);
    return o;
}

static size_t hits(Fixture *f, const char *q)
{
    AssetQuery aq = {.q = q, .personal = -1, .limit = 200};
    json_t *o = list(f, &aq);
    size_t n = json_array_size(json_object_get(o, "items"));
    json_decref(o);
    return n;
}

static void search(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    int64_t lg = asset(f, "S-1", "LGWAN接続系端末", "equipment", "2", "1", "1");
    asset(f, "S-2", "インターネット接続系端末", "equipment", "2", "1", "1");
    int64_t tax = asset(f, "S-3", "固定資産税課税台帳", "information", "3B", "2", "2");
    json_t *patch = json_pack("{s:s}", "storage_place", "第２書庫");
    assert_int_equal(asset_update(&f->w.ctx, tax, patch, &e), ST_OK);
    json_decref(patch);
    assert_int_equal(hits(f, "ＬＧＷＡＮ"), 1); /* full-width input finds the half-width name */
    assert_int_equal(hits(f, "lgwan"), 1);     /* and case does not matter */
    assert_int_equal(hits(f, "接続系"), 2);
    assert_int_equal(hits(f, "接続系 ＬＧＷＡＮ"), 1);
    assert_int_equal(hits(f, "端末"), 2);       /* 2 characters: LIKE fallback */
    assert_int_equal(hits(f, "税"), 1);         /* 1 character */
    assert_int_equal(hits(f, "第2書庫"), 1);    /* storage place, NFKC on both sides */
    assert_int_equal(hits(f, "LG 端末"), 1);    /* two short words, both must match */
    assert_int_equal(hits(f, "存在しない語"), 0);
    assert_int_equal(hits(f, "100%"), 0);       /* LIKE wildcards are escaped */
    assert_int_equal(hits(f, "\"接続"), 0);     /* quotes cannot break the FTS query */
    /* the index follows renames in the same transaction */
    patch = json_pack("{s:s}", "name", "閉域網端末");
    assert_int_equal(asset_update(&f->w.ctx, lg, patch, &e), ST_OK);
    json_decref(patch);
    assert_int_equal(hits(f, "LGWAN"), 0);
    assert_int_equal(hits(f, "閉域網"), 1);
    /* filters */
    AssetQuery aq = {.confidentiality = "3B", .personal = -1};
    json_t *o = list(f, &aq);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
    json_t *item = json_array_get(json_object_get(o, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(item, "unit_name")), "情報政策課");
    json_decref(o);
    aq = (AssetQuery){.kind = "equipment", .personal = -1, .unit_id = f->somu /* includes sub-units */};
    o = list(f, &aq);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
    json_decref(o);
    aq = (AssetQuery){.kind = "vehicle", .personal = -1};
    char *text = NULL;
    assert_int_equal(asset_list(&f->w.ctx, &aq, &text, &e), ST_INVALID);
    aq = (AssetQuery){.sort = "random", .personal = -1};
    assert_int_equal(asset_list(&f->w.ctx, &aq, &text, &e), ST_INVALID);
    assert_string_equal(e.code, "invalid_sort");
}

static void keyset_paging(void **state)
{
    Fixture *f = *state;
    static const char *const levels[] = {"3A", "3B", "3C", "2", "1", NULL};
    int n = 0;
    for (int i = 0; i < 57; i++) {
        char no[16], name[64];
        snprintf(no, sizeof no, "K-%03d", (i * 37) % 57);
        snprintf(name, sizeof name, "資産%d", i % 9); /* repeated names: ties broken by id */
        f->w.clock.fixed = T0 + (i % 5) * 60;           /* repeated update times */
        const char *c = levels[i % 6];
        asset(f, no, name, "information", c, c ? "1" : NULL, c ? "1" : NULL);
        n++;
    }
    static const char *const sorts[] = {"asset_no", "name", "updated_at", "confidentiality"};
    for (int s = 0; s < 4; s++) {
        for (int desc = 0; desc < 2; desc++) {
            int64_t seen[64];
            int got = 0;
            char *cursor = NULL;
            json_t *prev = NULL;
            for (int page = 0; page < 20; page++) {
                AssetQuery aq = {.sort = sorts[s], .desc = desc, .cursor = cursor, .limit = 7, .personal = -1};
                json_t *o = list(f, &aq);
                size_t i;
                json_t *it;
                json_array_foreach(json_object_get(o, "items"), i, it) {
                    int64_t id = json_integer_value(json_object_get(it, "id"));
                    for (int k = 0; k < got; k++)
                        assert_int_not_equal(seen[k], id); /* no overlap between pages */
                    assert_true(got < 64);
                    seen[got++] = id;
                    /* ordered by the sort key (strings compare bytewise here) */
                    if (prev && strcmp(sorts[s], "confidentiality") != 0) {
                        const char *a = json_string_value(json_object_get(prev, sorts[s]));
                        const char *b = json_string_value(json_object_get(it, sorts[s]));
                        assert_true(desc ? strcmp(a, b) >= 0 : strcmp(a, b) <= 0);
                    }
                    json_decref(prev);
                    prev = json_incref(it);
                }
                free(cursor);
                cursor = NULL;
                json_t *next = json_object_get(o, "next_cursor");
                if (json_is_string(next))
                    cursor = strdup(json_string_value(next));
                json_decref(o);
                if (!cursor)
                    break;
            }
            json_decref(prev);
            assert_int_equal(got, n); /* and nothing missed */
        }
    }
    /* strictest first: unknown (treated as strictest), then 3A … 1 */
    AssetQuery aq = {.sort = "confidentiality", .desc = true, .limit = 200, .personal = -1};
    json_t *o = list(f, &aq);
    json_t *items = json_object_get(o, "items");
    assert_true(json_is_null(json_object_get(json_array_get(items, 0), "confidentiality")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, json_array_size(items) - 1),
                                                          "confidentiality")), "1");
    json_decref(o);
    /* a cursor belongs to its sort and direction */
    aq = (AssetQuery){.sort = "name", .limit = 5, .personal = -1};
    o = list(f, &aq);
    const char *cur = json_string_value(json_object_get(o, "next_cursor"));
    assert_non_null(cur);
    Err e = {0};
    char *text = NULL;
    aq = (AssetQuery){.sort = "asset_no", .cursor = cur, .limit = 5, .personal = -1};
    assert_int_equal(asset_list(&f->w.ctx, &aq, &text, &e), ST_INVALID);
    assert_string_equal(e.code, "invalid_cursor");
    aq = (AssetQuery){.sort = "name", .desc = true, .cursor = cur, .limit = 5, .personal = -1};
    assert_int_equal(asset_list(&f->w.ctx, &aq, &text, &e), ST_INVALID);
    aq = (AssetQuery){.sort = "name", .cursor = "zz", .limit = 5, .personal = -1};
    assert_int_equal(asset_list(&f->w.ctx, &aq, &text, &e), ST_INVALID);
    json_decref(o);
    /* filters: pending */
    aq = (AssetQuery){.status = "pending", .limit = 200, .personal = -1};
    o = list(f, &aq);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 9); /* i % 6 == 5 for 57 rows */
    json_decref(o);
    aq = (AssetQuery){.confidentiality = "pending", .limit = 200, .personal = -1};
    o = list(f, &aq);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 9);
    json_decref(o);
}

/* Each bad input: a clear code and field, and nothing written (no asset, no trail entry). */
static void bad_input(void **state)
{
    Fixture *f = *state;
    struct {
        const char *json;
        Status status;
        const char *code, *field;
    } cases[] = {
        {"{\"name\":\"x\",\"kind\":\"information\",\"confidentiality\":\"4\",\"classification_reason\":\"r\"}",
         ST_INVALID, "unknown_level", "confidentiality"},
        {"{\"name\":\"x\",\"kind\":\"information\",\"integrity\":\"3A\",\"classification_reason\":\"r\"}", ST_INVALID,
         "unknown_level", "integrity"},
        {"{\"name\":\"x\",\"kind\":\"vehicle\"}", ST_INVALID, "invalid_kind", "kind"},
        {"{\"name\":\"x\",\"kind\":\"information\",\"format\":\"fax\"}", ST_INVALID, "invalid_format", "format"},
        {"{\"name\":\"\",\"kind\":\"information\"}", ST_INVALID, "required", "name"},
        {"{\"name\":\"x\",\"kind\":\"information\",\"confidentiality\":\"2\"}", ST_INVALID, "reason_required",
         "classification_reason"},
        {"{\"name\":\"x\",\"kind\":\"information\",\"system_id\":424242}", ST_INVALID, "unknown_system", "system_id"},
        {"{\"name\":\"x\\u0001\",\"kind\":\"information\"}", ST_INVALID, "invalid_text", "name"},
    };
    Err e = {0};
    int64_t trail = world_count(&f->w, "SELECT count(*) FROM trail_entries"), assets = world_count(&f->w, "SELECT count(*) FROM assets");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *in = json_loads(cases[i].json, 0, NULL);
        assert_non_null(in);
        json_object_set_new(in, "unit_id", json_integer(f->joho));
        memset(&e, 0, sizeof e);
        assert_int_equal(asset_create(&f->w.ctx, in, NULL, &e), cases[i].status);
        assert_string_equal(e.code, cases[i].code);
        assert_string_equal(e.field, cases[i].field);
        assert_true(e.ja[0] && e.en[0]);
        json_decref(in);
    }
    /* the unit: missing, not found, a department, another section (not the staff's) */
    int64_t units[] = {0, 99999, f->somu, f->zeimu};
    const char *codes[] = {"required", "unknown_unit", "unit_not_section", "asset_edit_forbidden"};
    for (int i = 0; i < 4; i++) {
        json_t *in = json_pack("{s:s, s:s}", "name", "x", "kind", "information");
        if (units[i])
            json_object_set_new(in, "unit_id", json_integer(units[i]));
        assert_int_not_equal(asset_create(&f->w.ctx, in, NULL, &e), ST_OK);
        assert_string_equal(e.code, codes[i]);
        json_decref(in);
    }
    /* duplicate 管理番号 */
    asset(f, "D-1", "一つ目", "information", "1", "1", "1");
    trail = world_count(&f->w, "SELECT count(*) FROM trail_entries");
    assets = world_count(&f->w, "SELECT count(*) FROM assets");
    json_t *in = json_pack("{s:s, s:s, s:s, s:I}", "asset_no", "D-1", "name", "二つ目", "kind", "information",
                           "unit_id", (json_int_t)f->joho);
    assert_int_equal(asset_create(&f->w.ctx, in, NULL, &e), ST_CONFLICT);
    assert_string_equal(e.code, "asset_no_taken");
    json_decref(in);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries"), trail);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM assets"), assets);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM assets_fts"), assets);
    /* an update that fails validation leaves the row and the trail alone */
    int64_t id = asset(f, "D-2", "元の名前", "information", "2", "1", "1");
    trail = world_count(&f->w, "SELECT count(*) FROM trail_entries");
    json_t *patch = json_pack("{s:s, s:s}", "name", "新しい名前", "kind", "vehicle");
    assert_int_equal(asset_update(&f->w.ctx, id, patch, &e), ST_INVALID);
    json_decref(patch);
    json_t *g = get(f, id);
    assert_string_equal(json_string_value(json_object_get(g, "name")), "元の名前");
    json_decref(g);
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM trail_entries"), trail);
    assert_int_equal(asset_get(&f->w.ctx, 777777, &g, &e), ST_NOTFOUND);
    assert_string_equal(e.code, "asset_not_found");
}

static void generated_numbers_and_system(void **state)
{
    Fixture *f = *state;
    Err e = {0};
    json_t *in = json_pack("{s:s, s:s, s:I, s:I, s:b, s:s, s:s, s:s, s:s}", "name", "住民記録データ", "kind",
                           "information", "unit_id", (json_int_t)f->joho, "system_id", (json_int_t)f->system,
                           "specific_personal_info", 1, "confidentiality", "3A", "integrity", "2", "availability",
                           "2", "classification_reason", "特定個人情報を含む");
    int64_t id = 0;
    assert_int_equal(asset_create(&f->w.ctx, in, &id, &e), ST_OK);
    json_decref(in);
    json_t *g = get(f, id);
    assert_string_equal(json_string_value(json_object_get(g, "asset_no")), "IA-000001");
    assert_string_equal(json_string_value(json_object_get(g, "system_name")), "住民記録システム");
    assert_true(json_is_true(json_object_get(g, "personal_info"))); /* 特定個人情報 is 個人情報 */
    assert_string_equal(json_string_value(json_object_get(g, "format")), "electronic");
    json_decref(g);
    AssetQuery aq = {.system_id = f->system, .personal = 1};
    json_t *o = list(f, &aq);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(o, "items"), 0), "system_name")),
                        "住民記録システム");
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(derivation_from_pack, setup, teardown),
        cmocka_unit_test_setup_teardown(label_text, setup, teardown),
        cmocka_unit_test_setup_teardown(copies_inherit, setup, teardown),
        cmocka_unit_test_setup_teardown(media_highest_of, setup, teardown),
        cmocka_unit_test_setup_teardown(need_to_know, setup, teardown),
        cmocka_unit_test_setup_teardown(pending_and_decide, setup, teardown),
        cmocka_unit_test_setup_teardown(lowering_needs_manager, setup, teardown),
        cmocka_unit_test_setup_teardown(restrictions_add_remove, setup, teardown),
        cmocka_unit_test_setup_teardown(lifecycle_events, setup, teardown),
        cmocka_unit_test_setup_teardown(rows_reconciled_with_trail, setup, teardown),
        cmocka_unit_test_setup_teardown(search, setup, teardown),
        cmocka_unit_test_setup_teardown(keyset_paging, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(generated_numbers_and_system, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
