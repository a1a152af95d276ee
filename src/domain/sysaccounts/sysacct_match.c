/* The matcher: loads the people (org's published views people_v, org_units_v, role_assignments_v)
 * once, then classifies each ID in constant time — by 職員番号 first, by name when the ID has none
 * (or its number is unknown and the name names one person only). Text is compared folded (NFKC,
 * upper case, no spaces), so 「山田　太郎」 in a product's export is 「山田太郎」 in the roster. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "domain/sysaccounts/sysacct_internal.h"
#include "policy/pack.h"
#include "registers/values.h"

/* ---- folding ---- */

/* Folds s into a new string: ASCII is upper-cased and spaces dropped in place; anything else goes
 * through value_fold (NFKC). "" for NULL or invalid UTF-8. */
static char *fold(const char *s)
{
    if (!s)
        return xstrdup("");
    size_t n = strlen(s);
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    if (!ascii) {
        char *f = value_fold(s);
        return f ? f : xstrdup("");
    }
    char *out = xmalloc(n + 1), *w = out;
    for (const char *r = s; *r; r++) {
        char c = *r;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        *w++ = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    *w = '\0';
    return out;
}

/* ---- a small open-addressing index: folded text → person index ---- */

#define SA_AMBIGUOUS ((size_t)-2)

struct SaIndex {
    char **keys;
    size_t *vals;
    size_t cap; /* a power of two */
    size_t used;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static SaIndex *index_new(size_t n)
{
    SaIndex *x = xcalloc(1, sizeof *x);
    x->cap = 16;
    while (x->cap < 2 * n + 1)
        x->cap <<= 1;
    x->keys = xcalloc(x->cap, sizeof *x->keys);
    x->vals = xcalloc(x->cap, sizeof *x->vals);
    return x;
}

static void index_insert(SaIndex *x, char *key, size_t v);

/* Adds key (taken) → v; a second person under the same key makes it ambiguous. Grows at half full. */
static void index_put(SaIndex **xp, char *key, size_t v)
{
    SaIndex *x = *xp;
    if (!*key) {
        free(key);
        return;
    }
    if (++x->used * 2 > x->cap) {
        SaIndex *bigger = index_new(x->cap);
        for (size_t i = 0; i < x->cap; i++)
            if (x->keys[i]) {
                index_insert(bigger, x->keys[i], x->vals[i]);
                bigger->used++;
            }
        free(x->keys);
        free(x->vals);
        free(x);
        *xp = x = bigger;
        x->used++;
    }
    index_insert(x, key, v);
}

static void index_insert(SaIndex *x, char *key, size_t v)
{
    size_t i = hash(key) & (x->cap - 1);
    while (x->keys[i]) {
        if (strcmp(x->keys[i], key) == 0) {
            x->vals[i] = SA_AMBIGUOUS;
            free(key);
            return;
        }
        i = (i + 1) & (x->cap - 1);
    }
    x->keys[i] = key;
    x->vals[i] = v;
}

static size_t index_get(const SaIndex *x, const char *key)
{
    size_t i = hash(key) & (x->cap - 1);
    while (x->keys[i]) {
        if (strcmp(x->keys[i], key) == 0)
            return x->vals[i];
        i = (i + 1) & (x->cap - 1);
    }
    return (size_t)-1;
}

static void index_free(SaIndex *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->cap; i++)
        free(x->keys[i]);
    free(x->keys);
    free(x->vals);
    free(x);
}

/* ---- loading ---- */

static int pair_cmp(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

static const PackCheck *check_named(const Pack *p, const char *id)
{
    for (size_t i = 0; p && i < p->n_checks; i++)
        if (p->checks[i].id && strcmp(p->checks[i].id, id) == 0)
            return &p->checks[i];
    return NULL;
}

static Status load_people(Ctx *ctx, SaMatcher *m, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT p.id, p.staff_no, p.name, p.unit_id, COALESCE(u.name, ''),"
                          " p.active_until IS NOT NULL AND p.active_until < ?1"
                          " FROM people_v p LEFT JOIN org_units_v u ON u.id = p.unit_id WHERE p.active_from <= ?1 ORDER BY p.id",
                          e);
    if (!st)
        return e->status;
    stmt_bind_text(st, 1, m->today);
    size_t cap = 1024;
    m->people = xmalloc(cap * sizeof *m->people);
    m->by_staff = index_new(1 << 14);
    m->by_name = index_new(1 << 14);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        if (m->npeople == cap)
            m->people = xrealloc(m->people, (cap *= 2) * sizeof *m->people);
        SaPerson *p = &m->people[m->npeople++];
        p->id = stmt_int(st, 0);
        p->name = xstrdup(stmt_text(st, 2));
        p->unit_id = stmt_int(st, 3);
        p->unit_name = xstrdup(stmt_text(st, 4));
        p->left = stmt_int(st, 5) != 0;
        index_put(&m->by_staff, fold(stmt_text(st, 1)), m->npeople - 1);
        index_put(&m->by_name, fold(p->name), m->npeople - 1);
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

static Status load_units(Ctx *ctx, SaMatcher *m, Err *e)
{
    Stmt *st = db_prepare(ctx->db, "SELECT id, COALESCE(parent_id, 0), name FROM org_units_v ORDER BY id", e);
    if (!st)
        return e->status;
    size_t cap = 256;
    m->unit_ids = xmalloc(cap * sizeof *m->unit_ids);
    m->unit_parent = xmalloc(cap * sizeof *m->unit_parent);
    m->unit_key = xmalloc(cap * sizeof *m->unit_key);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        if (m->nunits == cap) {
            cap *= 2;
            m->unit_ids = xrealloc(m->unit_ids, cap * sizeof *m->unit_ids);
            m->unit_parent = xrealloc(m->unit_parent, cap * sizeof *m->unit_parent);
            m->unit_key = xrealloc(m->unit_key, cap * sizeof *m->unit_key);
        }
        m->unit_ids[m->nunits] = stmt_int(st, 0);
        m->unit_parent[m->nunits] = stmt_int(st, 1);
        m->unit_key[m->nunits] = fold(stmt_text(st, 2));
        m->nunits++;
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    return s;
}

static Status load_roles(Ctx *ctx, SaMatcher *m, Err *e)
{
    const PackSystems *sy = ctx->pack ? &ctx->pack->systems : NULL;
    size_t cap = 64;
    m->roles = xmalloc(cap * sizeof *m->roles);
    for (size_t k = 0; sy && k < sy->n_privileged_id_roles; k++) {
        Stmt *st = db_prepare(ctx->db,
                              "SELECT person_id, scope_id FROM role_assignments_v WHERE role = ?1"
                              " AND scope_kind = 'system' AND valid_from <= ?2"
                              " AND (valid_until IS NULL OR valid_until >= ?2)",
                              e);
        if (!st)
            return e->status;
        stmt_bind_text(st, 1, sy->privileged_id_roles[k]);
        stmt_bind_text(st, 2, m->today);
        StepResult r;
        while ((r = stmt_step(st)) == STEP_ROW) {
            if (m->nroles == cap)
                m->roles = xrealloc(m->roles, (cap *= 2) * sizeof *m->roles);
            m->roles[m->nroles][0] = stmt_int(st, 0);
            m->roles[m->nroles][1] = stmt_int(st, 1);
            m->nroles++;
        }
        Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
        stmt_finalize(st);
        if (s != ST_OK)
            return s;
    }
    qsort(m->roles, m->nroles, sizeof *m->roles, pair_cmp);
    return ST_OK;
}

Status sa_matcher_load(Ctx *ctx, SaMatcher *m, Err *e)
{
    memset(m, 0, sizeof *m);
    date_today(ctx->clock, m->today);
    const PackCheck *c = check_named(ctx->pack, "unused_account_days");
    m->unused_days = c && c->value > 0 ? c->value : 90;
    int y, mo, d;
    date_parse(m->today, &y, &mo, &d);
    civil_from_days(days_from_civil(y, mo, d) - m->unused_days, &y, &mo, &d);
    snprintf(m->cutoff, sizeof m->cutoff, "%04d-%02d-%02d", y, mo, d);
    const PackSystems *sy = ctx->pack ? &ctx->pack->systems : NULL;
    if (sy && sy->n_shared_id_words) {
        m->shared_words = xmalloc(sy->n_shared_id_words * sizeof *m->shared_words);
        for (size_t i = 0; i < sy->n_shared_id_words; i++)
            m->shared_words[m->nshared++] = fold(sy->shared_id_words[i]);
    }
    Status s = load_people(ctx, m, e);
    if (s == ST_OK)
        s = load_units(ctx, m, e);
    if (s == ST_OK)
        s = load_roles(ctx, m, e);
    if (s != ST_OK)
        sa_matcher_free(m);
    return s;
}

void sa_matcher_free(SaMatcher *m)
{
    for (size_t i = 0; i < m->npeople; i++) {
        free(m->people[i].name);
        free(m->people[i].unit_name);
    }
    free(m->people);
    index_free(m->by_staff);
    index_free(m->by_name);
    for (size_t i = 0; i < m->nunits; i++)
        free(m->unit_key[i]);
    free(m->unit_ids);
    free(m->unit_parent);
    free(m->unit_key);
    free(m->roles);
    for (size_t i = 0; i < m->nshared; i++)
        free(m->shared_words[i]);
    free(m->shared_words);
    memset(m, 0, sizeof *m);
}

/* ---- classifying ---- */

static size_t unit_at(const SaMatcher *m, int64_t id)
{
    size_t lo = 0, hi = m->nunits;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->unit_ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->nunits && m->unit_ids[lo] == id ? lo : (size_t)-1;
}

/* The 所属 written (folded) names the person's unit or a unit above it. */
static bool unit_matches(const SaMatcher *m, const SaPerson *p, const char *written)
{
    int64_t id = p->unit_id;
    for (int depth = 0; id && depth < 16; depth++) {
        size_t i = unit_at(m, id);
        if (i == (size_t)-1)
            return false;
        if (strcmp(m->unit_key[i], written) == 0)
            return true;
        id = m->unit_parent[i];
    }
    return false;
}

static bool holds_role(const SaMatcher *m, int64_t person, int64_t system)
{
    int64_t key[2] = {person, system};
    return bsearch(key, m->roles, m->nroles, sizeof *m->roles, pair_cmp) != NULL;
}

/* A generic ID: the login ID is a shared word, possibly numbered (guest01, 共用-2), or the name
 * contains one (「税務課共用」). */
static bool generic_id(const SaMatcher *m, const char *login, const char *name)
{
    for (size_t i = 0; i < m->nshared; i++) {
        const char *w = m->shared_words[i];
        size_t n = strlen(w);
        if (n && strncmp(login, w, n) == 0) {
            const char *rest = login + n;
            while (*rest == '-' || *rest == '_' || (*rest >= '0' && *rest <= '9'))
                rest++;
            if (!*rest)
                return true;
        }
        if (n && *name && strstr(name, w))
            return true;
    }
    return false;
}

/* Several people's numbers in one cell: 「1001,1002」「1001・1002」「1001/1002」. */
static bool several_numbers(const char *staff)
{
    static const char *const seps[] = {",", "、", "・", "/", ";", "，", "／", NULL};
    for (size_t i = 0; seps[i]; i++)
        if (strstr(staff, seps[i]))
            return true;
    return false;
}

unsigned sa_classify(const SaMatcher *m, const SaId *id, const SaPerson **person)
{
    char *staff = fold(id->staff_no), *name = fold(id->holder_name), *login = fold(id->login_id);
    unsigned f = 0;
    const SaPerson *p = NULL;
    bool shared = several_numbers(staff) || generic_id(m, login, name);
    if (!shared) {
        size_t i = *staff ? index_get(m->by_staff, staff) : (size_t)-1;
        if (i >= m->npeople && *name)
            i = index_get(m->by_name, name);
        if (i < m->npeople)
            p = &m->people[i];
    }
    if (shared)
        f |= 1u << SAF_SHARED;
    if (id->enabled) {
        if (!p && !shared)
            f |= 1u << SAF_UNMATCHED;
        if (p && p->left)
            f |= 1u << SAF_LEFT;
        if (p && !p->left && id->unit_name && *id->unit_name) {
            char *unit = fold(id->unit_name);
            if (!unit_matches(m, p, unit))
                f |= 1u << SAF_MOVED;
            free(unit);
        }
        if (id->last_login && *id->last_login && strcmp(id->last_login, m->cutoff) < 0)
            f |= 1u << SAF_UNUSED;
        if (id->privileged && !(p && !p->left && holds_role(m, p->id, id->system_id)))
            f |= 1u << SAF_PRIVILEGED_NO_ROLE;
    }
    free(staff);
    free(name);
    free(login);
    *person = p;
    return f;
}

/* people are loaded in id order */
static const SaPerson *person_by_id(const SaMatcher *m, int64_t id)
{
    size_t lo = 0, hi = m->npeople;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->people[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->npeople && m->people[lo].id == id ? &m->people[lo] : NULL;
}

unsigned sa_classify_lgsec(const SaMatcher *m, int64_t person_id, const char *last_login, const char *created,
                           bool enabled, const SaPerson **person)
{
    const SaPerson *p = person_by_id(m, person_id);
    unsigned f = 0;
    if (enabled) {
        if (!p)
            f |= 1u << SAF_UNMATCHED;
        else if (p->left)
            f |= 1u << SAF_LEFT;
        /* never signed in: counted from the day the account was made */
        const char *used = last_login && *last_login ? last_login : created;
        if (used && *used && strncmp(used, m->cutoff, 10) < 0)
            f |= 1u << SAF_UNUSED;
    }
    *person = p;
    return f;
}
