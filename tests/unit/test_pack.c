/* Unit tests for the policy pack: the embedded mic pack and its content, the schema check against
 * the bad pack fixtures in tests/unit/packs/ (code, file and line of each problem), article citation
 * syntax, JSON, and the pack_versions store (activate, load, tamper detection, transactions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/xmalloc.h"
#include "policy/capability.h"
#include "policy/pack.h"
#include "policy/pack_store.h"
#include "store/db.h"

#define RQ_HEAD "types:\n  - {id: t, label: l, article: 第129条, object: none, condition: always, fields: [],\n     stages: ["

#ifndef PACK_FIXTURES
#error "PACK_FIXTURES must name tests/unit/packs"
#endif

static Pack *load_embedded(void)
{
    Pack *p = NULL;
    PackIssues is = {0};
    Err e = {0};
    Status st = pack_load_embedded(&p, &is, &e);
    for (size_t i = 0; i < is.count; i++)
        fprintf(stderr, "%s:%d:%d: %s [%s]\n", is.items[i].file, is.items[i].line, is.items[i].column,
                is.items[i].en, is.items[i].code);
    assert_int_equal(st, ST_OK);
    assert_int_equal(is.count, 0);
    assert_non_null(p);
    pack_issues_free(&is);
    return p;
}

/* The embedded mic files with the fixture directory's files put in their place. */
static void load_with_fixture(const char *fixture, Pack **out, PackIssues *is, Status *st)
{
    PackSource *base, *over;
    size_t nb, no;
    pack_sources_embedded(&base, &nb);
    char *dir = xasprintf("%s/%s", PACK_FIXTURES, fixture);
    Err e = {0};
    assert_int_equal(pack_sources_from_dir(dir, &over, &no, &e), ST_OK);
    assert_true(no > 0);
    free(dir);
    for (size_t i = 0; i < no; i++) {
        size_t j = 0;
        while (j < nb && strcmp(base[j].name, over[i].name) != 0)
            j++;
        assert_true(j < nb); /* a fixture only replaces pack files */
        PackSource tmp = base[j];
        base[j] = over[i];
        over[i] = tmp;
    }
    *st = pack_load_sources(base, nb, out, is, &e);
    pack_sources_free(base, nb);
    pack_sources_free(over, no);
}

static const PackIssue *find_issue(const PackIssues *is, const char *code)
{
    for (size_t i = 0; i < is->count; i++)
        if (strcmp(is->items[i].code, code) == 0)
            return &is->items[i];
    return NULL;
}

/* The fixture yields exactly one problem: code in file at line. */
static void expect_one(const char *fixture, const char *code, const char *file, int line)
{
    Pack *p = NULL;
    PackIssues is = {0};
    Status st;
    load_with_fixture(fixture, &p, &is, &st);
    for (size_t i = 0; i < is.count; i++)
        printf("  %s: %s:%d:%d: %s [%s]\n", fixture, is.items[i].file, is.items[i].line, is.items[i].column,
               is.items[i].en, is.items[i].code);
    assert_int_equal(st, ST_INVALID);
    assert_null(p);
    assert_int_equal(is.count, 1);
    assert_string_equal(is.items[0].code, code);
    assert_string_equal(is.items[0].file, file);
    assert_int_equal(is.items[0].line, line);
    assert_true(is.items[0].column > 0);
    assert_true(strlen(is.items[0].ja) > 0);
    assert_true(strlen(is.items[0].en) > 0);
    pack_issues_free(&is);
}

/* ------------------------------------------------------------------------------------------------ */

static void embedded_mic_loads(void **state)
{
    (void)state;
    Pack *p = load_embedded();
    assert_string_equal(p->id, "mic");
    assert_non_null(p->version);
    assert_int_equal(strlen(p->digest), 64);
    assert_true(p->accounts.password_min_length >= 12);
    assert_true(p->accounts.lockout_threshold > 0);
    assert_string_equal(p->accounts.article, "第87条");
    assert_non_null(strstr(p->accounts.login_message, "第87条"));

    assert_int_equal(p->n_scales, 3);
    const PackScale *c = pack_scale(p, "confidentiality");
    assert_non_null(c);
    assert_string_equal(c->label, "機密性");
    assert_int_equal(c->n_levels, 5);
    const char *order[] = {"3A", "3B", "3C", "2", "1"};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(c->levels[i].id, order[i]); /* strictest first */
        assert_non_null(strstr(c->levels[i].article, "第22条(1)"));
        assert_true(strlen(c->levels[i].criteria) > 10);
        if (i)
            assert_true(c->levels[i - 1].rank > c->levels[i].rank);
    }
    assert_non_null(strstr(pack_level(c, "3A")->criteria, "秘密文書"));
    const PackScale *in = pack_scale(p, "integrity"), *av = pack_scale(p, "availability");
    assert_non_null(in);
    assert_non_null(av);
    assert_int_equal(in->n_levels, 2);
    assert_int_equal(av->n_levels, 2);
    assert_string_equal(in->levels[0].id, "2");
    assert_null(pack_scale(p, "secrecy"));

    /* 取扱制限: (ア) only for 機密性3, the rest for 機密性2 and above */
    const PackRestriction *r = pack_restriction(p, "issued_devices_only");
    assert_non_null(r);
    assert_string_equal(r->scale, "confidentiality");
    assert_int_equal(r->n_levels, 3);
    r = pack_restriction(p, "no_excess_copy_distribution");
    assert_non_null(r);
    assert_int_equal(r->n_levels, 4);
    assert_string_equal(r->levels[3], "2");
    r = pack_restriction(p, "backup_and_signature");
    assert_non_null(r);
    assert_string_equal(r->scale, "integrity");
    assert_string_equal(r->article, "第22条(2)");
    for (size_t i = 0; i < p->n_restrictions; i++)
        assert_non_null(pack_scale(p, p->restrictions[i].scale));

    pack_free(p);
}

static void embedded_mic_request_types(void **state)
{
    (void)state;
    Pack *p = load_embedded();
    const PackRequestType *t = pack_request_type(p, "take_out");
    assert_non_null(t);
    assert_true(t->needs_return);
    assert_string_equal(t->article, "第41条2(1)");
    assert_int_equal(t->stages[0].scope_kind, STAGE_REQUESTER_SECTION);
    assert_string_equal(t->stages[0].escalate_to, "department_security_officer");
    t = pack_request_type(p, "asset_transport");
    assert_non_null(t);
    assert_string_equal(t->cond_level, "2");
    assert_string_equal(t->asset_event, "transport");
    t = pack_request_type(p, "exception_measure");
    assert_string_equal(t->stages[0].role, "ciso");
    assert_int_equal(t->stages[0].scope_kind, STAGE_ORGANISATION);
    assert_non_null(pack_request_type(p, "asset_provision"));
    assert_non_null(pack_request_type(p, "asset_disposal"));
    assert_null(pack_request_type(p, "nothing"));
    json_t *j = pack_to_json(p);
    assert_int_equal(json_array_size(json_object_get(j, "request_types")), p->n_request_types);
    json_decref(j);
    pack_free(p);
}

static void embedded_mic_roles(void **state)
{
    (void)state;
    Pack *p = load_embedded();
    const PackRole *ciso = pack_role(p, "ciso");
    assert_non_null(ciso);
    assert_int_equal(ciso->scope, SCOPE_ORGANISATION);
    assert_true(ciso->unique);
    assert_true(ciso->privileged);
    assert_string_equal(ciso->article, "第12条");
    assert_int_equal(ciso->contact_rank, 1);
    assert_true(ciso->caps & CAP_TRAIL_READ);
    assert_true(ciso->caps & CAP_ROLES_MANAGE); /* the CISO appoints the organisation */

    /* need-to-know (第22条, 第23条): 自治体機密性2以上 of another 課 is read by the listed roles only */
    const PackVisibility *vis = &p->visibility;
    assert_string_equal(vis->restricted_from, "2");
    assert_int_equal(vis->restricted_rank, pack_level(pack_scale(p, "confidentiality"), "2")->rank);
    assert_string_equal(vis->article, "第23条");
    bool chief_sees_all = false, auditor_sees_all = false, admin_sees_all = false;
    for (size_t i = 0; i < vis->n_all_roles; i++) {
        chief_sees_all |= strcmp(vis->all_roles[i], "chief_security_officer") == 0;
        auditor_sees_all |= strcmp(vis->all_roles[i], "audit_lead") == 0;
        admin_sees_all |= strcmp(vis->all_roles[i], "lgsec_admin") == 0;
    }
    assert_true(chief_sees_all && auditor_sees_all);
    assert_false(admin_sees_all); /* lgsec's own administrator has no need to read the registers */
    assert_int_equal(vis->n_unit_roles, 2);

    const PackRole *chief = pack_role(p, "chief_security_officer");
    assert_non_null(chief);
    assert_true(chief->unique && chief->privileged);
    assert_int_equal(chief->caps & (CAP_ORG_MANAGE | CAP_PEOPLE_MANAGE | CAP_ROLES_MANAGE | CAP_TRAIL_READ),
                     CAP_ORG_MANAGE | CAP_PEOPLE_MANAGE | CAP_ROLES_MANAGE | CAP_TRAIL_READ);
    assert_int_equal(chief->contact_rank, 2);

    const PackRole *admin = pack_role(p, "lgsec_admin");
    assert_non_null(admin);
    assert_true(admin->privileged);
    assert_string_equal(admin->article, "第84条");
    assert_true(admin->caps & CAP_ROLES_MANAGE);

    assert_int_equal(pack_role(p, "department_security_officer")->scope, SCOPE_DEPARTMENT);
    assert_int_equal(pack_role(p, "section_security_manager")->scope, SCOPE_SECTION);
    assert_int_equal(pack_role(p, "system_manager")->scope, SCOPE_SYSTEM);
    assert_int_equal(pack_role(p, "system_operator")->scope, SCOPE_SYSTEM);
    assert_false(pack_role(p, "system_operator")->unique);
    assert_true(pack_role(p, "audit_lead")->caps & CAP_TRAIL_READ);
    assert_string_equal(pack_role(p, "audit_lead")->article, "第154条");
    assert_non_null(pack_role(p, "csirt_lead"));
    assert_non_null(pack_role(p, "committee_member"));
    assert_null(pack_role(p, "admin"));

    /* 情報システム台帳: requirements with their conditions, the support warning period */
    const PackSystems *sy = &p->systems;
    assert_true(sy->support_warning_months > 0);
    assert_string_equal(sy->support_article, "第105条(7)");
    assert_int_equal(sy->n_editor_roles, 1);
    assert_string_equal(sy->editor_roles[0], "system_manager");
    assert_non_null(pack_registration(p, "JC-STAR"));
    assert_non_null(pack_registration(p, "ISMAP"));
    assert_non_null(pack_registration(p, "DMP"));
    assert_null(pack_registration(p, "ISO27001"));
    /* IDs of every system (第83条・第84条): the product formats, the first the default */
    assert_int_equal(sy->n_account_formats, 3);
    assert_string_equal(sy->account_formats[0].id, "generic");
    const PackAccountFormat *ad = pack_account_format(p, "active_directory");
    assert_non_null(ad);
    assert_string_equal(ad->columns[ACCT_COL_LOGIN_ID][0], "SamAccountName");
    assert_string_equal(ad->disabled_words[0], "False");
    assert_null(pack_account_format(p, "nosuch"));
    assert_int_equal(sy->n_privileged_id_roles, 2);
    assert_true(sy->n_shared_id_words > 0);
    const PackSystemRequirement *redundancy = NULL, *mfa = NULL, *reg = NULL;
    for (size_t i = 0; i < sy->n_requirements; i++) {
        const PackSystemRequirement *r = &sy->requirements[i];
        if (strcmp(r->id, "redundancy") == 0)
            redundancy = r;
        if (strcmp(r->id, "mfa") == 0)
            mfa = r;
        if (strcmp(r->id, "product_registration") == 0)
            reg = r;
    }
    assert_non_null(redundancy);
    assert_int_equal(redundancy->cond_kind, COND_LEVEL_MIN);
    assert_string_equal(redundancy->cond_scale, "availability");
    assert_int_equal(redundancy->cond_rank, 2);
    assert_string_equal(redundancy->article, "第28条");
    assert_non_null(mfa);
    assert_int_equal(mfa->cond_kind, COND_ZONE);
    assert_string_equal(mfa->cond_value, "mynumber");
    assert_non_null(reg);
    assert_null(reg->article);
    assert_string_equal(reg->reference, "総行サ第42号");

    /* every role's capability names map to its bits; contact ranks are distinct */
    for (size_t i = 0; i < p->n_roles; i++) {
        uint64_t caps = 0;
        for (size_t j = 0; j < p->roles[i].n_capabilities; j++)
            caps |= capability_from_name(p->roles[i].capability_names[j]);
        assert_int_equal(caps, p->roles[i].caps);
        for (size_t j = 0; j < i; j++)
            if (p->roles[i].contact_rank)
                assert_int_not_equal(p->roles[i].contact_rank, p->roles[j].contact_rank);
    }
    pack_free(p);
}

static void embedded_mic_checks_selfcheck_articles(void **state)
{
    (void)state;
    Pack *p = load_embedded();
    bool training = false, unused = false, initial = false;
    for (size_t i = 0; i < p->n_checks; i++) {
        const PackCheck *c = &p->checks[i];
        if (strcmp(c->id, "training_per_fiscal_year") == 0) {
            training = true;
            assert_string_equal(c->period, "fiscal_year");
            assert_int_equal(c->value, 1);
            assert_string_equal(c->article, "第51条2");
            assert_true(c->n_owners >= 1); /* a scheduled duty has someone to do it */
        } else if (strcmp(c->id, "unused_account_days") == 0) {
            unused = true;
            assert_string_equal(c->period, "days");
            assert_int_equal(c->value, 90);
        } else if (strcmp(c->id, "initial_password_change") == 0) {
            initial = true;
            assert_string_equal(c->period, ""); /* `none` in the YAML */
        }
    }
    assert_true(training && unused && initial);

    assert_true(p->n_selfcheck >= 20);
    const char *cats[] = {"①組織体制", "②情報資産の分類及び管理", "③物理的", "④人的", "⑤技術的", "⑥運用",
                          "⑦業務委託・外部サービス", "⑧評価及び見直し"};
    for (size_t k = 0; k < 8; k++) {
        size_t n = 0;
        for (size_t i = 0; i < p->n_selfcheck; i++)
            n += strcmp(p->selfcheck[i].category, cats[k]) == 0;
        assert_true(n >= 2);
    }
    /* every article in which the 情報システム管理者 acts has a self-check item a system answers (issue 14) */
    size_t acting = 0;
    for (size_t k = 0; k < p->n_articles; k++) {
        const PackArticle *art = &p->articles[k];
        if (!strstr(art->text, "情報システム管理者は"))
            continue;
        acting++;
        bool has = false;
        for (size_t i = 0; i < p->n_selfcheck; i++)
            has |= p->selfcheck[i].scope && strcmp(p->selfcheck[i].scope, "system") == 0 &&
                   strncmp(p->selfcheck[i].article, art->number, strlen(art->number)) == 0;
        if (!has)
            fail_msg("%s %s: the 情報システム管理者 acts in it, but no selfcheck.yaml item has scope: system", art->number,
                     art->title);
    }
    assert_true(acting >= 27);

    /* the audit item library: every category has items, every item cites articles the pack has */
    assert_true(p->n_audit_items >= 16);
    for (size_t k = 0; k < 8; k++) {
        size_t n = 0;
        for (size_t i = 0; i < p->n_audit_items; i++)
            n += strcmp(p->audit_items[i].category, cats[k]) == 0;
        assert_true(n >= 2);
    }
    for (size_t i = 0; i < p->n_audit_items; i++) {
        assert_true(p->audit_items[i].n_articles >= 1);
        for (size_t k = 0; k < p->audit_items[i].n_articles; k++)
            assert_non_null(pack_article(p, p->audit_items[i].articles[k]));
    }

    const PackArticle *a = pack_article(p, "第22条");
    assert_non_null(a);
    assert_string_equal(a->title, "情報資産の分類");
    assert_ptr_equal(pack_article(p, "第22条(1)ア"), a);
    assert_non_null(strstr(pack_article(p, "第13条8")->text, "緊急連絡網"));
    assert_non_null(strstr(pack_article(p, "第59条(3)")->text, "十分な長さ"));
    assert_null(pack_article(p, "第999条"));
    /* no extraction spacing left in the texts */
    for (size_t i = 0; i < p->n_articles; i++) {
        assert_null(strstr(p->articles[i].text, "第 "));
        assert_true(pack_article_valid(p->articles[i].number));
    }
    pack_free(p);
}

static void digest_is_over_the_files(void **state)
{
    (void)state;
    PackSource *f;
    size_t n;
    pack_sources_embedded(&f, &n);
    char d1[65], d2[65];
    pack_digest(f, n, d1);
    Pack *p = load_embedded();
    assert_string_equal(p->digest, d1);
    pack_free(p);
    /* order of the sources does not matter; one byte does */
    PackSource t = f[0];
    f[0] = f[n - 1];
    f[n - 1] = t;
    pack_digest(f, n, d2);
    assert_string_equal(d1, d2);
    ((char *)f[0].data)[f[0].len - 1] ^= 1;
    pack_digest(f, n, d2);
    assert_string_not_equal(d1, d2);
    pack_sources_free(f, n);
}

static void article_citation_syntax(void **state)
{
    (void)state;
    const char *good[] = {"第22条", "第13条8", "第59条(7)", "第22条(1)", "第22条(1)ア", "第23条12(2)",
                          "第16条の3", "第84条第7項", "第59条第7号", "第22条(1)(ア)", "第165条"};
    const char *bad[] = {"22条", "第22", "第０条", "第0条", "第五十一条", "第22条 ", "第22条(1", "第22条()",
                         "第22条abc", "", "第 22 条", "第22条(1)アイ", "第1234567条"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        if (!pack_article_valid(good[i]))
            fail_msg("should be valid: %s", good[i]);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (pack_article_valid(bad[i]))
            fail_msg("should be invalid: %s", bad[i]);
    }
    assert_int_equal(pack_article_base_len("第22条(1)ア"), strlen("第22条"));
    assert_int_equal(pack_article_base_len("第16条の3第2項"), strlen("第16条の3"));
}

/* ------------------------------------------------------------------------------------------------ */
/* Bad packs: each class of problem, with its file and line. */

static void bad_yaml(void **s) { (void)s; expect_one("bad_yaml", "yaml_syntax", "roles.yaml", 7); }
static void unknown_key(void **s) { (void)s; expect_one("unknown_key", "unknown_key", "pack.yaml", 7); }
static void missing_key(void **s) { (void)s; expect_one("missing_key", "missing_key", "checks.yaml", 9); }
static void duplicate_id(void **s) { (void)s; expect_one("duplicate_id", "duplicate_id", "selfcheck.yaml", 7); }
static void unknown_capability(void **s)
{
    (void)s;
    expect_one("unknown_capability", "unknown_capability", "roles.yaml", 11);
}
static void unknown_level(void **s) { (void)s; expect_one("unknown_level", "unknown_level", "classification.yaml", 50); }
static void bad_article(void **s) { (void)s; expect_one("bad_article", "bad_article", "checks.yaml", 6); }
static void wrong_type(void **s) { (void)s; expect_one("wrong_type", "wrong_type", "pack.yaml", 8); }

static void every_problem_is_reported(void **state)
{
    (void)state;
    Pack *p = NULL;
    PackIssues is = {0};
    Status st;
    load_with_fixture("many_problems", &p, &is, &st);
    assert_int_equal(st, ST_INVALID);
    assert_null(p);
    struct { const char *code; int line; } want[] = {
        {"unknown_scope", 6}, {"wrong_type", 7}, {"unknown_capability", 8},
        {"missing_key", 10}, {"bad_article", 12}, {"duplicate_contact_rank", 22},
    };
    assert_int_equal(is.count, sizeof want / sizeof *want);
    for (size_t i = 0; i < is.count; i++) { /* sorted by position */
        assert_string_equal(is.items[i].file, "roles.yaml");
        assert_string_equal(is.items[i].code, want[i].code);
        assert_int_equal(is.items[i].line, want[i].line);
    }
    json_t *j = pack_issues_to_json(&is);
    assert_int_equal(json_array_size(j), is.count);
    assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "code")), "unknown_scope");
    json_decref(j);
    pack_issues_free(&is);
}

/* roles.yaml with its visibility block replaced by body (NULL: no block at all). Malloc'd. */
static char *roles_with_visibility(const char *body)
{
    PackSource *f;
    size_t n;
    pack_sources_embedded(&f, &n);
    char *out = NULL;
    for (size_t i = 0; i < n && !out; i++) {
        if (strcmp(f[i].name, "roles.yaml") != 0)
            continue;
        char *data = xstrndup(f[i].data, f[i].len);
        const char *at = strstr(data, "\nvisibility:\n");
        assert_non_null(at);
        out = xasprintf("%.*s\n%s", (int)(at - data), data, body ? body : "");
        free(data);
    }
    pack_sources_free(f, n);
    assert_non_null(out);
    return out;
}

static void load_replacing(const char *name, const char *text, Pack **out, PackIssues *is, Status *st);

/* The need-to-know rule (第22条, 第23条): a confidentiality level, roles of the pack with the scope each
 * list allows, and every trail reader among those who read everything. */
static void visibility_rules(void **state)
{
    (void)state;
#define VIS_HEAD "visibility:\n  article: 第23条\n  restricted_article: 第22条(1)エ\n"
#define VIS_ALL "  all_roles: [ciso, vice_ciso, chief_security_officer, audit_lead]\n"
#define VIS_UNIT "  unit_roles: [department_security_officer, section_security_manager]\n"
#define VIS_SYS "  system_roles: [system_manager]\n"
    struct { const char *body, *code; } cases[] = {
        {NULL, "missing_key"},
        {VIS_HEAD "  restricted_from: \"9\"\n" VIS_ALL VIS_UNIT VIS_SYS, "unknown_level"},
        {VIS_HEAD "  restricted_from: \"2\"\n  all_roles: [ciso, vice_ciso, chief_security_officer, audit_lead,"
                  " system_manager]\n" VIS_UNIT VIS_SYS, "unknown_role"},
        {VIS_HEAD "  restricted_from: \"2\"\n" VIS_ALL "  unit_roles: [ciso]\n" VIS_SYS, "unknown_role"},
        {VIS_HEAD "  restricted_from: \"2\"\n" VIS_ALL VIS_UNIT "  system_roles: [nobody]\n", "unknown_role"},
        /* the 監査統括責任者 reads the trail: hiding assets from them would be undone by the trail */
        {VIS_HEAD "  restricted_from: \"2\"\n  all_roles: [ciso, vice_ciso, chief_security_officer]\n" VIS_UNIT VIS_SYS,
         "trail_reader_restricted"},
        {"visibility:\n  article: 第23条\n  restricted_article: 第999条\n  restricted_from: \"2\"\n" VIS_ALL VIS_UNIT VIS_SYS,
         "unknown_article"},
        {VIS_HEAD VIS_ALL VIS_UNIT VIS_SYS, "missing_key"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = roles_with_visibility(cases[i].body);
        Pack *p = NULL;
        PackIssues is = {0};
        Status st;
        load_replacing("roles.yaml", text, &p, &is, &st);
        for (size_t k = 0; k < is.count; k++)
            printf("  case %zu: %s:%d: %s [%s]\n", i, is.items[k].file, is.items[k].line, is.items[k].en,
                   is.items[k].code);
        assert_int_equal(st, ST_INVALID);
        assert_null(p);
        assert_int_equal(is.count, 1);
        assert_string_equal(is.items[0].code, cases[i].code);
        assert_string_equal(is.items[0].file, "roles.yaml");
        assert_true(is.items[0].line > 0);
        pack_issues_free(&is);
        free(text);
    }
    /* the same block, well formed, loads */
    char *text = roles_with_visibility(VIS_HEAD "  restricted_from: \"3C\"\n" VIS_ALL VIS_UNIT VIS_SYS);
    Pack *p = NULL;
    PackIssues is = {0};
    Status st;
    load_replacing("roles.yaml", text, &p, &is, &st);
    assert_int_equal(st, ST_OK);
    assert_int_equal(p->visibility.restricted_rank, pack_level(pack_scale(p, "confidentiality"), "3C")->rank);
    assert_int_equal(p->visibility.n_system_roles, 1);
    pack_free(p);
    pack_issues_free(&is);
    free(text);
}

/* Replaces one embedded file with text and loads. */
static void load_replacing(const char *name, const char *text, Pack **out, PackIssues *is, Status *st)
{
    PackSource *f;
    size_t n;
    pack_sources_embedded(&f, &n);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(f[i].name, name) == 0) {
            free((char *)f[i].data);
            f[i].data = xstrdup(text);
            f[i].len = strlen(text);
            found = true;
        }
    }
    assert_true(found);
    Err e = {0};
    *st = pack_load_sources(f, n, out, is, &e);
    pack_sources_free(f, n);
}

#define GL_HEAD "guideline: {title: t, edition: e, standard_min_chapters: 5}\nelements:\n"
#define INC_BASE "incidents:\n  article: 第54条\n  outside_article: 第55条\n  stall_hours: 24\n" \
    "  csirt_roles: [csirt_lead]\n  csirt_article: 第56条\n  decision_roles: [ciso]\n  decision_article: 第56条7\n" \
    "  personal_data: [{id: p, label: 個人情報, label_en: Personal}]\n  categories: [{id: c, label: l, label_en: e}]\n"
#define VN_HEAD "vendors:\n  article: 第137条\n  "
#define VN_TAIL "  check_interval_days: 90\n  check_article: 第138条(2)\n  cert_warn_days: 60\n  clauses:\n"
#define CL_HEAD(role, days)                                                                                         \
    "cloud:\n  article: 第148条3\n  manager_role: " role "\n  review_interval_days: " days "\n  review_article: 第150条5\n" \
    "  ismap_warn_days: 60\n  ismap_article: 第146条9\n  end_article: 第151条2\n  approvals:\n"
#define CL_ITEM(type, level, article, manager) \
    "  - {request_type: " type ", label: l, label_en: e, max_confidentiality: \"" level "\", article: " article \
    ", name_field: service, provider_field: provider, manager_field: " manager "}\n"
#define TR_HEAD "training:\n  article: 第51条\n  remind_before_days: 14\n  section_role: section_security_manager\n  audiences:\n"
#define INC_HEAD INC_BASE \
    "  external_reports: [{id: r, label: l, label_en: e, recipient: x, citation: y, article: 第54条, due_days: 1, remind_days: 0, always: true}]\n"
#define SYS_HEAD "systems:\n  support_warning_months: 6\n  support_article: 第105条(7)\n  editor_roles: [system_manager]\n  registrations: []\n"

static void structural_problems(void **state)
{
    (void)state;
    struct { const char *file, *text, *code; int line; } cases[] = {
        {"checks.yaml", "", "empty_file", 1},
        {"checks.yaml", "checks: []\n---\nchecks: []\n", "multiple_documents", 3},
        {"checks.yaml", "- a\n- b\n", "wrong_type", 1},
        {"checks.yaml", "checks: 3\n", "wrong_type", 1},
        {"checks.yaml", "checks: []\nchecks: []\n", "duplicate_key", 2},
        {"checks.yaml", "checks:\n  - &a {id: x, label: y, article: 第52条, period: none, value: 0}\n  - *a\n",
         "alias_not_allowed", 2},
        {"checks.yaml", "checks:\n  - {id: x, label: y, article: 第999条, period: none, value: 0}\n", "unknown_article", 2},
        {"checks.yaml", "checks:\n  - {id: x, label: y, article: 第52条, period: weekly, value: 1}\n", "bad_value", 2},
        {"checks.yaml", "checks:\n  - {id: x, label: y, article: 第52条, period: days, value: 0, owners: [ciso]}\n", "out_of_range", 2},
        /* a duty with a period names who carries it out, with roles of roles.yaml */
        {"checks.yaml", "checks:\n  - {id: x, label: y, article: 第52条, period: days, value: 3}\n", "missing_key", 2},
        {"checks.yaml", "checks:\n  - {id: x, label: y, article: 第52条, period: days, value: 3, owners: [nobody]}\n", "unknown_role", 2},
        {"checks.yaml", "checks:\n  - {id: x, label: y, article: 第52条, period: days, value: 3, owners: [ciso], remind_before_days: 400}\n", "out_of_range", 2},
        {"checks.yaml", "checks:\n  - {id: 'a b', label: y, article: 第52条, period: none, value: 0}\n", "bad_id", 2},
        /* a self-check item's scope and the data lgsec answers it from are known names */
        {"selfcheck.yaml", "items:\n  - {id: x, category: ①組織体制, question: q, article: 第16条, auto: guess}\n", "bad_value", 2},
        {"selfcheck.yaml", "items:\n  - {id: x, category: ①組織体制, question: q, article: 第16条, scope: city}\n", "bad_value", 2},
        {"checks.yaml", "checks:\n  - {id: x, label: y, article: 第52条, period: none, value: 0, category: ⑨その他}\n", "bad_value", 2},
        /* an audit item cites at least one article, each a citation of an article the pack has */
#define AI "items:\n  - {id: '1.1', area: a, category: ①組織体制, item: i, materials: m, procedure: p, "
        {"audit_items.yaml", AI "articles: [第16条, 第999条]}\n", "unknown_article", 2},
        {"audit_items.yaml", AI "articles: [第16条, 十六条]}\n", "bad_article", 2},
        {"audit_items.yaml", AI "articles: []}\n", "empty_list", 2},
        {"audit_items.yaml", AI "articles: [第16条, 第16条]}\n", "duplicate_value", 2},
        {"audit_items.yaml", AI "articles: [第16条]}\n  - {id: '1.1', area: a, category: ①組織体制, item: i, materials: m,"
                             " procedure: p, articles: [第16条]}\n", "duplicate_id", 3},
        {"audit_items.yaml", "items:\n  - {id: '1.1', area: a, category: ⑨, item: i, materials: m, procedure: p, articles: [第16条]}\n",
         "bad_value", 2},
        {"audit_items.yaml", "items:\n  - {id: '1.1', area: a, category: ①組織体制, item: i, procedure: p, articles: [第16条]}\n",
         "missing_key", 2},
        {"audit_items.yaml", "items: []\n", "empty_list", 1},
#undef AI
        {"pack.yaml", "id: mic\n", "missing_key", 1},
        /* gate: (optional): each setting required when the mapping is there, within its range */
#define PK "id: mic\nversion: '1'\ntitle: t\nsource: s\naccounts:\n  password_min_length: 12\n  lockout_threshold: 5\n" \
           "  lockout_minutes: 15\n  session_idle_minutes: 30\n  session_absolute_hours: 10\n  login_rate_per_minute: 20\n" \
           "  login_message: m\n  article: 第87条\ngate:\n"
        {"pack.yaml", PK "  retention_days: 0\n  release_hours: 72\n  signature_max_age_days: 3\n", "out_of_range", 15},
        {"pack.yaml", PK "  retention_days: 30\n  release_hours: 721\n  signature_max_age_days: 3\n", "out_of_range", 16},
        {"pack.yaml", PK "  retention_days: 30\n  release_hours: 72\n  signature_max_age_days: x\n", "wrong_type", 17},
        {"pack.yaml", PK "  retention_days: 30\n  release_hours: 72\n", "missing_key", 15},
        {"pack.yaml", PK "  retention_days: 30\n  release_hours: 72\n  signature_max_age_days: 3\n  purge: true\n", "unknown_key", 18},
        /* system_code (optional): the gate's register entry, a non-empty text */
        {"pack.yaml", PK "  retention_days: 30\n  release_hours: 72\n  signature_max_age_days: 3\n  system_code: ''\n", "empty_value", 18},
        {"pack.yaml", PK "  retention_days: 30\n  release_hours: 72\n  signature_max_age_days: 3\n  system_code: [GATE-1]\n", "wrong_type", 18},
#undef PK
        /* incidents.yaml: a chain step's role exists and has the step's scope; lists are not empty;
         * severity ranks are unique */
        {"incidents.yaml", INC_HEAD "  severities: [{id: s, label: l, label_en: e, rank: 1}]\n"
                           "  chain:\n  - {id: a, label: l, role: nobody, scope: organisation, article: 第54条}\n",
         "unknown_role", 14},
        {"incidents.yaml", INC_HEAD "  severities: [{id: s, label: l, label_en: e, rank: 1}]\n"
                           "  chain:\n  - {id: a, label: l, role: ciso, scope: section, article: 第54条}\n",
         "bad_scope", 14},
        {"incidents.yaml", INC_HEAD "  severities: [{id: s, label: l, label_en: e, rank: 1}]\n  chain: []\n",
         "empty_list", 13},
        {"incidents.yaml", INC_HEAD "  severities: [{id: s, label: l, label_en: e, rank: 1}, {id: t, label: m, label_en: f, rank: 1}]\n"
                           "  chain:\n  - {id: a, label: l, role: ciso, scope: organisation, article: 第54条}\n",
         "duplicate_rank", 0},
        {"incidents.yaml", INC_HEAD "  severities: [{id: s, label: l, label_en: e, rank: 1}]\n"
                           "  chain:\n  - {id: a, label: l, role: ciso, scope: organisation, article: 第999条}\n",
         "unknown_article", 14},
        {"incidents.yaml", "incidents:\n  article: 第54条\n  outside_article: 第55条\n  stall_hours: 24\n"
                           "  csirt_roles: [nobody]\n  csirt_article: 第56条\n  decision_roles: [ciso]\n  decision_article: 第56条7\n"
                           "  personal_data: [{id: p, label: 個人情報, label_en: Personal}]\n  categories: [{id: c, label: l, label_en: e}]\n"
                           "  severities: [{id: s, label: l, label_en: e, rank: 1}]\n  external_reports: []\n"
                           "  chain:\n  - {id: a, label: l, role: ciso, scope: organisation, article: 第54条}\n",
         "unknown_role", 0},
        /* an external report names known kinds and categories, and has a condition */
        {"incidents.yaml", INC_BASE "  severities: [{id: s, label: l, label_en: e, rank: 1}]\n"
                           "  chain:\n  - {id: a, label: l, role: ciso, scope: organisation, article: 第54条}\n"
                           "  external_reports:\n  - {id: x, label: l, label_en: e, recipient: r, citation: c, article: 第54条, due_days: 5,"
                           " remind_days: 1, personal_data: true, kinds: [dna]}\n",
         "bad_value", 0},
        {"incidents.yaml", INC_BASE "  severities: [{id: s, label: l, label_en: e, rank: 1}]\n"
                           "  chain:\n  - {id: a, label: l, role: ciso, scope: organisation, article: 第54条}\n"
                           "  external_reports:\n  - {id: x, label: l, label_en: e, recipient: r, citation: c, article: 第54条, due_days: 5,"
                           " remind_days: 1}\n",
         "missing_key", 0},
        {"articles.yaml", "articles:\n  - {number: 第12条(1), title: t, text: x}\n", "bad_article", 2},
        /* an article's guideline section: 「対策基準 N」 or a part of it */
        {"articles.yaml", "articles:\n  - {number: 第12条, title: t, text: x, guideline: '4.1'}\n", "bad_guideline_section", 2},
        {"articles.yaml", "articles:\n  - {number: 第12条, title: t, text: x, guideline: 対策基準 4.}\n", "bad_guideline_section", 2},
        {"articles.yaml", "articles:\n  - {number: 第12条, title: t, text: x, guideline: 対策基準 0}\n", "bad_guideline_section", 2},
        /* systems.yaml: conditions name a known scale and level or zone; fields are 台帳 facts;
         * editor roles are system-scoped roles; a requirement cites an article or a reference */
        {"systems.yaml", SYS_HEAD "  requirements:\n  - {id: r, label: l, article: 第28条, condition: availability_min:9, field: redundancy}\n",
         "bad_condition", 7},
        {"systems.yaml", SYS_HEAD "  requirements:\n  - {id: r, label: l, article: 第28条, condition: secrecy_min:2, field: redundancy}\n",
         "bad_condition", 7},
        {"systems.yaml", SYS_HEAD "  requirements:\n  - {id: r, label: l, article: 第28条, condition: zone:cloud, field: redundancy}\n",
         "bad_condition", 7},
        {"systems.yaml", SYS_HEAD "  requirements:\n  - {id: r, label: l, article: 第28条, condition: always, field: password}\n",
         "bad_value", 7},
        {"systems.yaml", SYS_HEAD "  requirements:\n  - {id: r, label: l, condition: always, field: backup}\n",
         "missing_key", 7},
        {"systems.yaml", "systems:\n  support_warning_months: 6\n  support_article: 第105条(7)\n  editor_roles: [ciso]\n"
                         "  registrations: []\n  requirements: []\n", "unknown_role", 4},
        /* requests.yaml: stage roles exist; conditions name a confidentiality level on assets;
         * choices belong to choice fields; object scopes need an object */
        {"requests.yaml", RQ_HEAD "{role: nobody, scope: organisation}]}\n", "unknown_role", 2},
        {"requests.yaml", RQ_HEAD "{role: ciso, scope: object_section}]}\n", "bad_scope", 2},
        {"requests.yaml", RQ_HEAD "{role: ciso, scope: everywhere}]}\n", "bad_value", 3},
        {"requests.yaml", "types:\n  - {id: t, label: l, article: 第129条, object: asset, condition: confidentiality_min:7,"
                          " fields: [], stages: [{role: ciso, scope: organisation}]}\n", "bad_condition", 2},
        {"requests.yaml", "types:\n  - {id: t, label: l, article: 第129条, object: none, condition: always,"
                          " fields: [{name: f, label: F, type: text, choices: [a]}], stages: [{role: ciso, scope: organisation}]}\n",
         "bad_choices", 2},
        {"requests.yaml", "types:\n  - {id: t, label: l, article: 第129条, object: none, condition: always,"
                          " fields: [{name: f, label: F, type: choice, choices: [a, b], choice_labels: [甲]}],"
                          " stages: [{role: ciso, scope: organisation}]}\n",
         "bad_choice_labels", 2},
        {"requests.yaml", "types:\n  - {id: t, label: l, article: 第129条, object: none, condition: always,"
                          " fields: [], stages: []}\n", "empty_list", 2},
        /* not_before names another date field; return_not_before a required date of a needs_return type */
        {"requests.yaml", "types:\n  - {id: t, label: l, article: 第129条, object: none, condition: always,"
                          " fields: [{name: a, label: A, type: text}, {name: b, label: B, type: date, not_before: a}],"
                          " stages: [{role: ciso, scope: organisation}]}\n",
         "bad_value", 2},
        {"requests.yaml", "types:\n  - {id: t, label: l, article: 第129条, object: none, condition: always,"
                          " return_not_before: a, fields: [{name: a, label: A, type: date, required: true}],"
                          " stages: [{role: ciso, scope: organisation}]}\n",
         "bad_value", 2},
        /* guideline.yaml: parts and units by name; together names the element's terms; each deviation
         * kind has its keys; texts without white space */
        {"guideline.yaml", GL_HEAD "  - {id: e, section: s, label: l, part: annex, unit: item, terms: [a]}\n", "bad_value", 3},
        {"guideline.yaml", GL_HEAD "  - {id: e, section: s, label: l, part: any, unit: item, terms: [a]}\n", "bad_value", 3},
        {"guideline.yaml", GL_HEAD "  - {id: e, section: s, label: l, part: basic, unit: page, terms: [a]}\n", "bad_value", 3},
        {"guideline.yaml", GL_HEAD "  - {id: e, section: s, label: l, part: basic, unit: item, terms: [a, b], together: [[a, c]]}\n",
         "unknown_term", 3},
        {"guideline.yaml", GL_HEAD "  - {id: e, section: s, label: l, part: basic, unit: item, terms: [[a, 'b c']]}\n", "bad_value", 3},
        {"guideline.yaml", GL_HEAD "  - {id: e, section: s, label: l, part: basic, unit: item, terms: []}\n", "empty_list", 3},
        {"guideline.yaml", GL_HEAD "  - {id: e, section: s, label: l, part: basic, unit: item}\n", "missing_key", 3},
        {"guideline.yaml", GL_HEAD "  - {id: e, section: s, label: l, part: basic, unit: item, terms: [a]}\n"
                           "  - {id: e, section: s, label: l, part: basic, unit: item, terms: [b]}\n", "duplicate_id", 4},
        {"guideline.yaml", GL_HEAD "  - {id: e, section: s, label: l, part: basic, unit: item, terms: [a]}\n"
                           "deviations:\n  - {id: d, kind: conjunction, section: s, label: l, part: any, expected: x, patterns: [y]}\n",
         "bad_deviation", 5},
        {"guideline.yaml", GL_HEAD "  - {id: e, section: s, label: l, part: basic, unit: item, terms: [a]}\n"
                           "deviations:\n  - {id: d, kind: conjunction, section: s, label: l, part: any, expected: x, pairs: [[a, b, c]]}\n",
         "bad_deviation", 5},
        {"guideline.yaml", "guideline: {title: t, edition: e, standard_min_chapters: 10}\nelements: []\n", "out_of_range", 1},
        {"guideline.yaml", "guideline: {title: t, edition: e, standard_min_chapters: 5}\nelements: []\n", "empty_list", 2},
        /* account formats (docs/access-reviews.md): a login_id column is required, columns are known,
         * privileged_id_roles are system-scoped roles */
        {"systems.yaml", SYS_HEAD "  requirements: []\n  account_formats:\n  - {id: f, label: F, columns: {staff_no: [職員番号]}}\n",
         "missing_key", 8},
        {"systems.yaml", SYS_HEAD "  requirements: []\n  account_formats:\n  - {id: f, label: F, columns: {login_id: [ID], salary: [給与]}}\n",
         "unknown_key", 8},
        {"systems.yaml", SYS_HEAD "  requirements: []\n  account_formats:\n  - {id: f, label: F, columns: {login_id: [ID]}}\n"
                         "  - {id: f, label: G, columns: {login_id: [ID]}}\n", "duplicate_id", 9},
        {"systems.yaml", SYS_HEAD "  requirements: []\n  privileged_id_roles: [ciso]\n", "unknown_role", 7},
        {"systems.yaml", "systems:\n  support_warning_months: 600\n  support_article: 第105条(7)\n  editor_roles: []\n"
                         "  registrations: []\n  requirements: []\n", "out_of_range", 2},
        /* training.yaml: an audience says who it is, with roles of roles.yaml and known employment kinds;
         * the section role exists; the list is not empty */
        {"training.yaml", TR_HEAD "  - {id: a, label: l, label_en: e, article: 第51条}\n", "missing_key", 6},
        {"training.yaml", TR_HEAD "  - {id: a, label: l, label_en: e, article: 第51条, roles: [nobody]}\n", "unknown_role", 6},
        {"training.yaml", TR_HEAD "  - {id: a, label: l, label_en: e, article: 第51条, employments: [intern]}\n", "bad_value", 6},
        {"training.yaml", TR_HEAD "  - {id: a, label: l, label_en: e, article: 第51条, all: yes}\n", "wrong_type", 6},
        {"training.yaml", TR_HEAD "  - {id: a, label: l, label_en: e, article: 第999条, all: true}\n", "unknown_article", 6},
        {"training.yaml", "training:\n  article: 第51条\n  remind_before_days: 14\n  section_role: section_security_manager\n"
                          "  audiences: []\n", "empty_list", 5},
        {"training.yaml", "training:\n  article: 第51条\n  remind_before_days: 400\n  section_role: section_security_manager\n"
                          "  audiences: [{id: a, label: l, label_en: e, article: 第51条, all: true}]\n", "out_of_range", 3},
        {"training.yaml", "training:\n  article: 第51条\n  remind_before_days: 14\n  section_role: nobody\n"
                          "  audiences: [{id: a, label: l, label_en: e, article: 第51条, all: true}]\n", "unknown_role", 0},
        {"training.yaml", "training:\n  article: 第51条\n  remind_before_days: 14\n"
                          "  audiences: [{id: a, label: l, label_en: e, article: 第51条, all: true}]\n", "missing_key", 2},
        /* vendors.yaml: the approval type is a request type; clauses cite known articles, once each */
        {"vendors.yaml", VN_HEAD "approval_type: nothing\n" VN_TAIL "  - {id: a, label: l, label_en: e, article: 第137条(1)}\n",
         "unknown_request_type", 3},
        {"vendors.yaml", VN_HEAD "approval_type: vendor_contract\n" VN_TAIL "  - {id: a, label: l, label_en: e, article: 第999条}\n",
         "unknown_article", 8},
        {"vendors.yaml", VN_HEAD "approval_type: vendor_contract\n" VN_TAIL "  - {id: a, label: l, label_en: e, article: 第137条(1)}\n"
                         "  - {id: a, label: l, label_en: e, article: 第137条(2)}\n", "duplicate_id", 9},
        {"vendors.yaml", VN_HEAD "approval_type: vendor_contract\n" VN_TAIL "  - {id: a, label: l, article: 第137条(1)}\n",
         "missing_key", 8},
        {"vendors.yaml", "vendors:\n  article: 第137条\n  approval_type: vendor_contract\n  check_interval_days: 0\n"
                         "  check_article: 第138条\n  cert_warn_days: 60\n  clauses: [{id: a, label: l, label_en: e, article: 第137条}]\n",
         "out_of_range", 4},
        /* cloud.yaml: approvals name request types, their fields (the manager a person field), a
         * confidentiality level and a known article, once per type; the manager role is scoped to a service */
        {"cloud.yaml", CL_HEAD("cloud_service_manager", "365") CL_ITEM("nothing", "1", "第153条", "cloud_manager"),
         "unknown_request_type", 10},
        {"cloud.yaml", CL_HEAD("cloud_service_manager", "365") CL_ITEM("cloud_service_general", "9", "第153条", "cloud_manager"),
         "unknown_level", 10},
        {"cloud.yaml", CL_HEAD("cloud_service_manager", "365") CL_ITEM("cloud_service_general", "1", "第153条", "provider"),
         "unknown_field", 10},
        /* … reported on the approval's own line when the list runs over several */
        {"cloud.yaml", CL_HEAD("cloud_service_manager", "365") CL_ITEM("cloud_service_general", "1", "第153条", "cloud_manager")
                           CL_ITEM("cloud_service_sensitive", "1", "第148条", "service"), "unknown_field", 11},
        {"cloud.yaml", CL_HEAD("cloud_service_manager", "365") CL_ITEM("cloud_service_general", "1", "第999条", "cloud_manager"),
         "unknown_article", 10},
        {"cloud.yaml", CL_HEAD("cloud_service_manager", "365") CL_ITEM("cloud_service_general", "1", "第153条", "cloud_manager")
                           CL_ITEM("cloud_service_general", "1", "第153条", "cloud_manager"), "duplicate_id", 11},
        {"cloud.yaml", CL_HEAD("cloud_service_manager", "0") CL_ITEM("cloud_service_general", "1", "第153条", "cloud_manager"),
         "out_of_range", 4},
        {"cloud.yaml", CL_HEAD("ciso", "365") CL_ITEM("cloud_service_general", "1", "第153条", "cloud_manager"), "unknown_role", 3},
        /* an approval's own manager role (第143条6: 業務委託サービス管理者) is a role of scope service too */
        {"cloud.yaml", CL_HEAD("cloud_service_manager", "365")
                           "  - {request_type: outsourced_service, label: l, label_en: e, max_confidentiality: 3A, article: 第143条6,"
                           " name_field: service, provider_field: contractor, manager_field: service_manager,"
                           " manager_role: system_manager}\n", "unknown_role", 10},
        {"cloud.yaml", CL_HEAD("cloud_service_manager", "365") "  - {request_type: cloud_service_general, label: l}\n",
         "missing_key", 10},
        {"cloud.yaml", "cloud:\n  article: 第148条3\n  manager_role: cloud_service_manager\n  review_interval_days: 365\n"
                       "  review_article: 第150条5\n  ismap_warn_days: 60\n  ismap_article: 第146条9\n  end_article: 第151条2\n"
                       "  approvals: []\n", "empty_list", 9},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Pack *p = NULL;
        PackIssues is = {0};
        Status st;
        load_replacing(cases[i].file, cases[i].text, &p, &is, &st);
        assert_int_equal(st, ST_INVALID);
        const PackIssue *hit = find_issue(&is, cases[i].code);
        if (!hit) {
            for (size_t k = 0; k < is.count; k++)
                printf("  got %s:%d [%s] %s\n", is.items[k].file, is.items[k].line, is.items[k].code, is.items[k].en);
            fail_msg("case %zu: no %s", i, cases[i].code);
        }
        assert_string_equal(hit->file, cases[i].file);
        assert_int_equal(hit->line, cases[i].line);
        pack_issues_free(&is);
        pack_free(p);
    }
}

/* The line of "  - id: <role>" in the embedded roles.yaml (0 when absent). */
static int embedded_role_line(const char *role)
{
    PackSource *f;
    size_t n;
    pack_sources_embedded(&f, &n);
    char want[128];
    snprintf(want, sizeof want, "  - id: %s\n", role);
    int line = 0;
    for (size_t i = 0; i < n && !line; i++) {
        if (strcmp(f[i].name, "roles.yaml") != 0)
            continue;
        int at = 1;
        for (const char *p = f[i].data; p && *p; at++) {
            if (strncmp(p, want, strlen(want)) == 0) {
                line = at;
                break;
            }
            const char *nl = strchr(p, '\n');
            p = nl ? nl + 1 : NULL;
        }
    }
    pack_sources_free(f, n);
    return line;
}

/* A problem cloud.yaml causes in another file is reported there, at its line: a role of scope service
 * that no manager_role of cloud.yaml names (nothing would appoint it) points at the role in roles.yaml;
 * a request stage whose approver is such a role points at the request type in requests.yaml. */
static void cloud_problems_in_other_files(void **state)
{
    (void)state;
    /* the outsourced approval loses its manager_role: outsourced_service_manager is appointed nowhere */
    const char *cloud = CL_HEAD("cloud_service_manager", "365")
        CL_ITEM("cloud_service_general", "1", "第153条", "cloud_manager");
    Pack *p = NULL;
    PackIssues is = {0};
    Status st;
    load_replacing("cloud.yaml", cloud, &p, &is, &st);
    assert_int_equal(st, ST_INVALID);
    const PackIssue *hit = find_issue(&is, "bad_scope");
    assert_non_null(hit);
    assert_string_equal(hit->file, "roles.yaml");
    assert_int_equal(hit->line, embedded_role_line("outsourced_service_manager"));
    assert_true(hit->line > 0);
    assert_non_null(strstr(hit->en, "outsourced_service_manager"));
    assert_int_equal(is.count, 1);
    pack_issues_free(&is);
    pack_free(p);

    /* a request type approved by a service-scoped role: reported at the type in requests.yaml */
    PackSource *f;
    size_t n;
    pack_sources_embedded(&f, &n);
    char *req = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].name, "requests.yaml") == 0)
            req = xstrdup(f[i].data);
    pack_sources_free(f, n);
    assert_non_null(req);
    const char *from = "- {role: department_security_officer, scope: requester_section, mode: any, escalate_to: chief_security_officer}";
    char *at = strstr(req, "  - id: outsourced_service\n");
    assert_non_null(at);
    char *stage = strstr(at, from);
    assert_non_null(stage);
    int type_line = 1;
    for (const char *c = req; c < at; c++)
        type_line += *c == '\n';
    const char *to = "- {role: department_security_officer, scope: requester_section, mode: any, escalate_to: cloud_service_manager}";
    size_t len = strlen(req) - strlen(from) + strlen(to) + 1;
    char *text = xmalloc(len);
    snprintf(text, len, "%.*s%s%s", (int)(stage - req), req, to, stage + strlen(from));
    free(req);
    load_replacing("requests.yaml", text, &p, &is, &st);
    free(text);
    assert_int_equal(st, ST_INVALID);
    hit = find_issue(&is, "bad_scope");
    assert_non_null(hit);
    assert_string_equal(hit->file, "requests.yaml");
    assert_int_equal(hit->line, type_line); /* the type's mapping starts on its "  - id:" line */
    pack_issues_free(&is);
    pack_free(p);
}

static void missing_and_unknown_files(void **state)
{
    (void)state;
    PackSource *f;
    size_t n;
    pack_sources_embedded(&f, &n);
    /* drop roles.yaml, rename it to role.yaml */
    size_t r = 0;
    while (strcmp(f[r].name, "roles.yaml") != 0)
        r++;
    free((char *)f[r].name);
    f[r].name = xstrdup("role.yaml");
    Pack *p = NULL;
    PackIssues is = {0};
    Err e = {0};
    assert_int_equal(pack_load_sources(f, n, &p, &is, &e), ST_INVALID);
    assert_string_equal(e.code, "pack_invalid");
    const PackIssue *m = find_issue(&is, "missing_file"), *u = find_issue(&is, "unknown_file");
    assert_non_null(m);
    assert_non_null(u);
    assert_string_equal(m->file, "roles.yaml");
    assert_string_equal(u->file, "role.yaml");
    pack_issues_free(&is);
    pack_sources_free(f, n);

    /* an unreadable directory is an I/O error, not an issue */
    assert_int_equal(pack_load_dir("/nonexistent/pack", &p, &is, &e), ST_IO);
    assert_int_equal(is.count, 0);
}

static void pack_json_has_everything(void **state)
{
    (void)state;
    Pack *p = load_embedded();
    json_t *j = pack_to_json(p);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "mic");
    assert_string_equal(json_string_value(json_object_get(j, "digest")), p->digest);
    assert_int_equal(json_array_size(json_object_get(j, "scales")), 3);
    assert_int_equal(json_array_size(json_object_get(j, "roles")), p->n_roles);
    assert_int_equal(json_array_size(json_object_get(j, "restrictions")), p->n_restrictions);
    assert_int_equal(json_array_size(json_object_get(j, "checks")), p->n_checks);
    assert_int_equal(json_array_size(json_object_get(j, "selfcheck")), p->n_selfcheck);
    assert_int_equal(json_array_size(json_object_get(j, "articles")), p->n_articles);
    json_t *acc = json_object_get(j, "accounts");
    assert_int_equal(json_integer_value(json_object_get(acc, "password_min_length")), p->accounts.password_min_length);
    json_t *role0 = json_array_get(json_object_get(j, "roles"), 0);
    assert_string_equal(json_string_value(json_object_get(role0, "scope")), "organisation");
    assert_true(json_is_array(json_object_get(role0, "capabilities")));
    json_decref(j);
    pack_free(p);
}

/* ------------------------------------------------------------------------------------------------ */
/* Store */

typedef struct TempDb {
    char path[64];
    Db *db;
} TempDb;

static int db_setup(void **state)
{
    TempDb *t = xcalloc(1, sizeof *t);
    snprintf(t->path, sizeof t->path, "/tmp/lgsec-test-pack-XXXXXX");
    int fd = mkstemp(t->path);
    if (fd < 0)
        return -1;
    close(fd);
    Err e = {0};
    if (db_open(t->path, &t->db, &e) != ST_OK || db_migrate(t->db, &e) != ST_OK) {
        fprintf(stderr, "%s\n", e.en);
        return -1;
    }
    *state = t;
    return 0;
}

static int db_teardown(void **state)
{
    TempDb *t = *state;
    db_close(t->db);
    char side[80];
    unlink(t->path);
    snprintf(side, sizeof side, "%s-wal", t->path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", t->path);
    unlink(side);
    free(t);
    return 0;
}

static int64_t count_rows(Db *db, const char *sql)
{
    Err e = {0};
    Stmt *s = db_prepare(db, sql, &e);
    assert_non_null(s);
    assert_int_equal(stmt_step(s), STEP_ROW);
    int64_t n = stmt_int(s, 0);
    stmt_finalize(s);
    return n;
}

static void store_round_trip(void **state)
{
    TempDb *t = *state;
    Err e = {0};
    Pack *p = NULL;
    assert_int_equal(pack_store_load_active(t->db, &p, &e), ST_NOTFOUND);
    assert_string_equal(e.code, "pack_none_active");

    PackSource *f;
    size_t n;
    pack_sources_embedded(&f, &n);
    PackVersionInfo info;
    assert_int_equal(pack_store_activate_info(t->db, f, n, 1775000000, &info, &e), ST_OK);
    assert_string_equal(info.pack_id, "mic");
    assert_string_equal(info.activated_at, "2026-03-31T23:33:20Z");
    assert_int_equal(pack_store_activate(t->db, f, n, 1775000100, &e), ST_OK); /* re-activation: a new row */
    assert_int_equal(count_rows(t->db, "SELECT count(*) FROM pack_versions"), 2);
    assert_int_equal(count_rows(t->db, "SELECT count(*) FROM pack_versions WHERE active = 1"), 1);
    assert_int_equal(count_rows(t->db, "SELECT max(id) FROM pack_versions WHERE active = 1"), info.id + 1);

    assert_int_equal(pack_store_load_active(t->db, &p, &e), ST_OK);
    Pack *emb = load_embedded();
    assert_string_equal(p->digest, emb->digest);
    assert_string_equal(p->digest, info.digest);
    assert_int_equal(p->n_roles, emb->n_roles);
    assert_int_equal(p->n_articles, emb->n_articles);
    pack_free(emb);
    pack_free(p);

    PackVersionInfo active;
    assert_int_equal(pack_store_active_info(t->db, &active, &e), ST_OK);
    assert_string_equal(active.digest, info.digest);
    pack_sources_free(f, n);
}

static void store_refuses_invalid_pack(void **state)
{
    TempDb *t = *state;
    PackSource *f;
    size_t n;
    pack_sources_embedded(&f, &n);
    free((char *)f[0].data);
    f[0].data = xstrdup("articles: [}\n");
    f[0].len = strlen(f[0].data);
    Err e = {0};
    assert_int_equal(pack_store_activate(t->db, f, n, 1775000000, &e), ST_INVALID);
    assert_string_equal(e.code, "pack_invalid");
    assert_non_null(strstr(e.en, "yaml_syntax"));
    assert_int_equal(count_rows(t->db, "SELECT count(*) FROM pack_versions"), 0);
    pack_sources_free(f, n);
}

static void store_joins_caller_transaction(void **state)
{
    TempDb *t = *state;
    PackSource *f;
    size_t n;
    pack_sources_embedded(&f, &n);
    Err e = {0};
    assert_int_equal(db_begin(t->db, &e), ST_OK);
    assert_int_equal(pack_store_activate(t->db, f, n, 1775000000, &e), ST_OK);
    assert_true(db_in_transaction(t->db));
    db_rollback(t->db); /* e.g. the trail append failed */
    assert_int_equal(count_rows(t->db, "SELECT count(*) FROM pack_versions"), 0);

    assert_int_equal(db_begin(t->db, &e), ST_OK);
    assert_int_equal(pack_store_activate(t->db, f, n, 1775000000, &e), ST_OK);
    assert_int_equal(db_commit(t->db, &e), ST_OK);
    assert_int_equal(count_rows(t->db, "SELECT count(*) FROM pack_versions WHERE active = 1"), 1);
    pack_sources_free(f, n);
}

static void store_detects_tampering(void **state)
{
    TempDb *t = *state;
    PackSource *f;
    size_t n;
    pack_sources_embedded(&f, &n);
    Err e = {0};
    assert_int_equal(pack_store_activate(t->db, f, n, 1775000000, &e), ST_OK);
    pack_sources_free(f, n);
    /* someone edits the stored files to give every role people.manage */
    assert_int_equal(db_exec(t->db,
                             "UPDATE pack_versions SET files = replace(files, 'procedures.read', 'people.manage')"
                             " WHERE active = 1",
                             &e),
                     ST_OK);
    Pack *p = NULL;
    assert_int_equal(pack_store_load_active(t->db, &p, &e), ST_TAMPER);
    assert_string_equal(e.code, "pack_digest_mismatch");
    assert_null(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(embedded_mic_loads),
        cmocka_unit_test(embedded_mic_roles),
        cmocka_unit_test(embedded_mic_request_types),
        cmocka_unit_test(embedded_mic_checks_selfcheck_articles),
        cmocka_unit_test(digest_is_over_the_files),
        cmocka_unit_test(article_citation_syntax),
        cmocka_unit_test(bad_yaml),
        cmocka_unit_test(unknown_key),
        cmocka_unit_test(missing_key),
        cmocka_unit_test(duplicate_id),
        cmocka_unit_test(unknown_capability),
        cmocka_unit_test(unknown_level),
        cmocka_unit_test(bad_article),
        cmocka_unit_test(wrong_type),
        cmocka_unit_test(every_problem_is_reported),
        cmocka_unit_test(structural_problems),
        cmocka_unit_test(cloud_problems_in_other_files),
        cmocka_unit_test(visibility_rules),
        cmocka_unit_test(missing_and_unknown_files),
        cmocka_unit_test(pack_json_has_everything),
        cmocka_unit_test_setup_teardown(store_round_trip, db_setup, db_teardown),
        cmocka_unit_test_setup_teardown(store_refuses_invalid_pack, db_setup, db_teardown),
        cmocka_unit_test_setup_teardown(store_joins_caller_transaction, db_setup, db_teardown),
        cmocka_unit_test_setup_teardown(store_detects_tampering, db_setup, db_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
