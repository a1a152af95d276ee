/* asset_list: the register's list — filters, four sorts with keyset paging (no OFFSET), and search
 * (see assets.h). Built for 1,000,000 rows:
 *   - every sort key has an index whose implicit rowid (= id) is the tie-breaker, and the cursor
 *     carries the last row's (key, id), so each page is an index range scan;
 *   - filters are added to the WHERE clause only when given (fixed SQL fragments, all values bound),
 *     so the planner can pick a filter index when one is more selective than the sort;
 *   - q is NFKC-normalised and split on spaces; words of ≥3 characters go to FTS5 (trigram) as one
 *     MATCH, shorter ones are LIKE over the row's normalised text in assets_fts (the trigram index
 *     cannot answer them).
 * The JSON is written with the streaming writer (core/jsonw.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jsonw.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/assets/assets.h"
#include "domain/access/access.h"
#include "domain/assets/asset_internal.h"
#include "domain/kernel/kernel.h"

#define MAX_TERMS 8

typedef struct SortSpec {
    const char *name;
    char tag;          /* in the cursor */
    const char *expr;  /* the key column */
    bool integer;
    const char *from_indexed;      /* FROM clause forcing the key's index (dense search results) */
    const char *from_unit_indexed; /* the same within one unit: the (unit_id, key) index */
} SortSpec;

static const SortSpec sorts[] = {
    {"asset_no", 'n', "a.asset_no", false, " FROM assets a INDEXED BY assets_sort_no",
     " FROM assets a INDEXED BY assets_unit"},
    {"name", 'm', "a.name", false, " FROM assets a INDEXED BY assets_sort_name", " FROM assets a INDEXED BY assets_unit_name"},
    {"updated_at", 'u', "a.updated_at", false, " FROM assets a INDEXED BY assets_sort_updated",
     " FROM assets a INDEXED BY assets_unit_updated"},
    {"confidentiality", 'c', "a.confidentiality_rank", true, " FROM assets a INDEXED BY assets_sort_conf",
     " FROM assets a INDEXED BY assets_unit_conf_rank"},
};

/* Short words: at most this many indexed trigrams are OR-ed; beyond it, LIKE. */
#define MAX_EXPANSION 300
/* Search results denser than this (of the first probe) are paged by walking the sort index. */
#define DENSE_RESULTS 2000

/* A bound value, in the order the fragments were appended. */
typedef struct Param {
    bool is_int;
    int64_t i;
    const char *s;
} Param;

typedef struct Sql {
    Buf text;
    Param params[64];
    int n;
} Sql;

static void add_text(Sql *q, const char *fragment, const char *value)
{
    buf_puts(&q->text, fragment);
    q->params[q->n++] = (Param){.s = value};
}

static void add_int(Sql *q, const char *fragment, int64_t value)
{
    buf_puts(&q->text, fragment);
    q->params[q->n++] = (Param){.is_int = true, .i = value};
}

static Status bad_cursor(Err *e)
{
    return err_set(e, ST_INVALID, "invalid_cursor", "cursor", "ページ位置が正しくありません。最初のページから表示し直してください",
                   "the cursor is not valid for this sort");
}

/* Cursor: hex of "<tag><d|a><id>|<key>". */
static char *make_cursor(const SortSpec *s, bool desc, int64_t id, const char *key)
{
    Buf raw = BUF_INIT, hex = BUF_INIT;
    buf_printf(&raw, "%c%c%lld|%s", s->tag, desc ? 'd' : 'a', (long long)id, key);
    for (size_t i = 0; i < raw.len; i++)
        buf_printf(&hex, "%02x", (unsigned char)raw.data[i]);
    buf_free(&raw);
    return buf_take(&hex);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes a cursor for sort s / desc into id and key (malloc'd). */
static Status parse_cursor(const char *cur, const SortSpec *s, bool desc, int64_t *id, char **key, Err *e)
{
    size_t n = strlen(cur);
    if (n % 2 || n < 8 || n > 2048)
        return bad_cursor(e);
    char *raw = xmalloc(n / 2 + 1);
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(cur[2 * i]), lo = hexval(cur[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(raw);
            return bad_cursor(e);
        }
        raw[i] = (char)(hi << 4 | lo);
    }
    raw[n / 2] = '\0';
    char *bar = strchr(raw, '|');
    char *end = NULL;
    long long v = 0;
    if (raw[0] == s->tag && raw[1] == (desc ? 'd' : 'a') && bar) {
        *bar = '\0';
        v = strtoll(raw + 2, &end, 10);
    }
    if (!end || *end || v <= 0 || strlen(bar + 1) != n / 2 - (size_t)(bar + 1 - raw)) {
        free(raw);
        return bad_cursor(e);
    }
    *id = v;
    *key = xstrdup(bar + 1);
    free(raw);
    return ST_OK;
}


static void put_phrase(Buf *m, const char *text)
{
    buf_putc(m, '"');
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            buf_putc(m, '"');
        buf_putc(m, *p);
    }
    buf_putc(m, '"');
}

/* The indexed trigrams that begin with a 1–2 character word (ASCII folded to lower case as the
 * tokenizer does), as "(\"t1\" OR \"t2\" …)" appended to m. Returns the number found, or -1 when
 * there are more than MAX_EXPANSION. */
static int expand_short(Ctx *ctx, const char *word, Buf *m, Err *e)
{
    char *lower = xstrdup(word);
    for (char *p = lower; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    char *upper = xasprintf("%s\xf4\x8f\xbf\xbf", lower); /* just above every term with this prefix */
    Stmt *st = db_prepare(ctx->db, "SELECT term FROM assets_fts_terms WHERE term >= ? AND term < ? LIMIT ?", e);
    int n = 0;
    if (st) {
        stmt_bind_text(st, 1, lower);
        stmt_bind_text(st, 2, upper);
        stmt_bind_int(st, 3, MAX_EXPANSION + 1);
        Buf group = BUF_INIT;
        while (stmt_step(st) == STEP_ROW) {
            buf_puts(&group, n++ ? " OR " : "(");
            put_phrase(&group, stmt_text(st, 0));
        }
        stmt_finalize(st);
        if (n > MAX_EXPANSION) {
            n = -1;
        } else if (n > 0) {
            if (m->len)
                buf_puts(m, " AND ");
            buf_puts(m, buf_str(&group));
            buf_putc(m, ')');
        }
        buf_free(&group);
    }
    free(lower);
    free(upper);
    return n;
}

/* Splits normalised q into words: words of ≥3 characters become quoted phrases of one FTS5 query
 * (AND), shorter ones the OR of the trigrams they begin (or LIKE patterns when too
 * common). *none is set when a word cannot match anything. */
static void plan_search(Ctx *ctx, char *norm, char **match, char **likes, int *n_likes, bool *none, Err *e)
{
    Buf m = BUF_INIT;
    int terms = 0;
    *n_likes = 0;
    *none = false;
    for (char *save = NULL, *tok = strtok_r(norm, " \t\r\n", &save); tok && terms < MAX_TERMS;
         tok = strtok_r(NULL, " \t\r\n", &save), terms++) {
        if (text_chars(tok) >= 3) {
            if (m.len)
                buf_puts(&m, " AND ");
            put_phrase(&m, tok);
            continue;
        }
        int n = expand_short(ctx, tok, &m, e);
        if (n == 0)
            *none = true;
        else if (n < 0)
            likes[(*n_likes)++] = text_like_contains(tok);
    }
    *match = m.len ? buf_take(&m) : NULL;
    buf_free(&m);
}

static bool has_sub_units(Ctx *ctx, int64_t unit_id)
{
    Err e;
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM org_units_v WHERE parent_id = ? LIMIT 1", &e);
    if (!st)
        return true;
    stmt_bind_int(st, 1, unit_id);
    bool any = stmt_step(st) == STEP_ROW;
    stmt_finalize(st);
    return any;
}

/* True when the FTS query matches more than DENSE_RESULTS rows (stops counting there). */
static bool dense(Ctx *ctx, const char *match)
{
    Err e;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT count(*) FROM (SELECT 1 FROM assets_fts WHERE assets_fts MATCH ? LIMIT ?)", &e);
    if (!st)
        return false;
    stmt_bind_text(st, 1, match);
    stmt_bind_int(st, 2, DENSE_RESULTS + 1);
    bool d = stmt_step(st) == STEP_ROW && stmt_int(st, 0) > DENSE_RESULTS;
    stmt_finalize(st);
    return d;
}

static const char *const item_cols[] = {"id", "asset_no", "name", "kind", "unit_id", "unit_name",
                                        "confidentiality", "integrity", "availability", "classification_status",
                                        "personal_info", "specific_personal_info", "format", "system_id",
                                        "system_name", "updated_at", NULL};
#define ITEM_TYPES "isssisSSSsbbsISs"

/* A level filter: a level id, or "pending" for unknown. */
static void add_level_filter(Sql *q, const char *column_is_null, const char *column_eq, const char *level)
{
    if (!level || !*level)
        return;
    if (strcmp(level, "pending") == 0)
        buf_puts(&q->text, column_is_null);
    else
        add_text(q, column_eq, level);
}

#define TOTAL_CAP 10000

/* How many assets the filters (SQL after "WHERE 1 = 1" with their first n parameters of q, the first
 * being the list's ?1) match, up to TOTAL_CAP + 1. */
static Status count_hits(Ctx *ctx, const char *filters, const Sql *q, int n, int64_t *out, Err *e)
{
    Buf sql = BUF_INIT;
    buf_puts(&sql, "SELECT count(*) FROM (SELECT ?1 FROM assets a WHERE 1 = 1");
    buf_puts(&sql, filters);
    buf_puts(&sql, " LIMIT ?)");
    Stmt *st = db_prepare(ctx->db, buf_str(&sql), e);
    buf_free(&sql);
    if (!st)
        return e->status;
    for (int i = 0; i < n; i++) {
        const Param *p = &q->params[i];
        if (p->is_int)
            stmt_bind_int(st, i + 1, p->i);
        else
            stmt_bind_text(st, i + 1, p->s);
    }
    stmt_bind_int(st, n + 1, TOTAL_CAP + 1);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    *out = s == ST_OK && row ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    return s;
}

Status asset_list(Ctx *ctx, const AssetQuery *aq, char **json_out, Err *e)
{
    const SortSpec *sort = &sorts[0];
    if (aq->sort && *aq->sort) {
        sort = NULL;
        for (size_t i = 0; i < sizeof sorts / sizeof *sorts; i++)
            if (strcmp(aq->sort, sorts[i].name) == 0)
                sort = &sorts[i];
        if (!sort)
            return err_set(e, ST_INVALID, "invalid_sort", "sort",
                           "並べ替えは asset_no・name・updated_at・confidentiality から選んでください",
                           "sort must be asset_no, name, updated_at or confidentiality");
    }
    static const char *const kinds[] = {"equipment", "medium", "information", "document"};
    if (aq->kind && *aq->kind) {
        bool ok = false;
        for (int i = 0; i < 4; i++)
            ok |= strcmp(aq->kind, kinds[i]) == 0;
        if (!ok)
            return err_set(e, ST_INVALID, "invalid_kind", "kind", "種別が正しくありません", "unknown kind");
    }
    if (aq->status && *aq->status && strcmp(aq->status, "pending") != 0 && strcmp(aq->status, "decided") != 0)
        return err_set(e, ST_INVALID, "invalid_status", "status", "分類状態は pending か decided です",
                       "status must be pending or decided");
    const char *levels[3] = {aq->confidentiality, aq->integrity, aq->availability};
    for (int d = 0; d < 3; d++)
        if (levels[d] && *levels[d] && strcmp(levels[d], "pending") != 0 &&
            asset_level_rank(ctx, asset_dims[d], levels[d]) < 0)
            return err_setf(e, ST_INVALID, "unknown_level", asset_dims[d], "区分「%s」はありません",
                            "unknown level \"%s\"", levels[d]);
    int limit = aq->limit < 1 ? 50 : aq->limit > ASSET_PAGE_MAX ? ASSET_PAGE_MAX : aq->limit;
    int64_t cur_id = 0;
    char *cur_key = NULL;
    if (aq->cursor && *aq->cursor) {
        Status s = parse_cursor(aq->cursor, sort, aq->desc, &cur_id, &cur_key, e);
        if (s != ST_OK)
            return s;
    }
    Reach reach;
    Status rs = reach_load(ctx, &reach, e);
    if (rs != ST_OK) {
        free(cur_key);
        return rs;
    }
    char *norm = aq->q && *aq->q ? text_nfkc(aq->q) : NULL;
    char *match = NULL, *likes[MAX_TERMS];
    int n_likes = 0;
    bool none = false;
    if (norm)
        plan_search(ctx, norm, &match, likes, &n_likes, &none, e);
    /* A search that matches many rows, without a selective filter, is paged by walking the sort
     * index and testing membership (a few hundred probes) rather than sorting every match. */
    bool leaf_unit = aq->unit_id && !has_sub_units(ctx, aq->unit_id);
    bool walk = match && (!aq->unit_id || leaf_unit) && !aq->system_id && dense(ctx, match);
    /* Without a selective filter or search, walk the sort key's covering index (filters are
     * checked in the index, so even a filter matching nothing reads no table rows). */
    if (!match && n_likes == 0 && !aq->unit_id && !aq->system_id)
        walk = true;

    Sql q = {.text = BUF_INIT};
    /* ?1: the systems the reader may read (NULL: all); another 課's restricted system stays unnamed */
    char *systems = NULL;
    if (reach_readable_systems(ctx, &reach, &systems, e) != ST_OK) {
        reach_free(&reach);
        free(norm);
        free(cur_key);
        for (int i = 0; i < n_likes; i++)
            free(likes[i]);
        free(match);
        return e->status;
    }
    q.params[q.n++] = (Param){.s = systems};
    bool system_readable = true;
    if (aq->system_id && access_system_readable(ctx, aq->system_id, &system_readable, e) != ST_OK) {
        free(systems);
        reach_free(&reach);
        free(norm);
        free(cur_key);
        for (int i = 0; i < n_likes; i++)
            free(likes[i]);
        free(match);
        return e->status;
    }
    buf_puts(&q.text,
               "SELECT a.id, a.asset_no, a.name, a.kind, a.unit_id, u.name, a.confidentiality, a.integrity,"
               " a.availability, a.classification_status, a.personal_info, a.specific_personal_info, a.format,"
               " CASE WHEN ?1 IS NULL OR a.system_id IN (SELECT value FROM json_each(?1)) THEN a.system_id END,"
               " CASE WHEN ?1 IS NULL OR a.system_id IN (SELECT value FROM json_each(?1)) THEN sy.name END,"
               " a.updated_at, ");
    buf_puts(&q.text, sort->expr); /* constant column names from sorts[]; values are all bound */
    buf_puts(&q.text, !walk ? " FROM assets a" : leaf_unit ? sort->from_unit_indexed : sort->from_indexed);
    buf_puts(&q.text, " JOIN org_units_v u ON u.id = a.unit_id LEFT JOIN systems_v sy ON sy.id = a.system_id WHERE 1 = 1");
    size_t filters_at = q.text.len; /* the filters below name only a.* columns: the count reuses them */
    if (none)
        buf_puts(&q.text, " AND 0 = 1");
    if (!aq->include_disposed)
        buf_puts(&q.text, " AND a.disposed_at IS NULL");
    if (aq->kind && *aq->kind)
        add_text(&q, " AND a.kind = ?", aq->kind);
    if (leaf_unit)
        add_int(&q, " AND a.unit_id = ?", aq->unit_id); /* ordered by the (unit_id, key) index */
    else if (aq->unit_id)
        add_int(&q, " AND a.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL"
                    " SELECT o.id FROM org_units_v o JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub)",
                aq->unit_id);
    add_level_filter(&q, " AND a.confidentiality IS NULL", " AND a.confidentiality = ?", levels[0]);
    add_level_filter(&q, " AND a.integrity IS NULL", " AND a.integrity = ?", levels[1]);
    add_level_filter(&q, " AND a.availability IS NULL", " AND a.availability = ?", levels[2]);
    if (aq->system_id)
        add_int(&q, " AND a.system_id = ?", aq->system_id);
    if (aq->system_id && !system_readable) /* filtering by a system one may not read finds nothing */
        buf_puts(&q.text, " AND 0 = 1");
    if (aq->personal == 0)
        buf_puts(&q.text, " AND a.personal_info = 0");
    else if (aq->personal == 1)
        buf_puts(&q.text, " AND a.personal_info = 1");
    if (aq->status && *aq->status)
        add_text(&q, " AND a.classification_status = ?", aq->status);
    if (match)
        add_text(&q, " AND a.id IN (SELECT rowid FROM assets_fts WHERE assets_fts MATCH ?)", match);
    for (int i = 0; i < n_likes; i++)
        add_text(&q,
                 " AND a.id IN (SELECT rowid FROM assets_fts f WHERE (f.name || ' ' || f.asset_no || ' ' ||"
                 " f.description || ' ' || f.holder || ' ' || f.storage_place || ' ' || f.notes) LIKE ? ESCAPE '\\')",
                 likes[i]);
    /* need-to-know (access.h): in the filters, so the total counts only what the reader may read */
    const char *reach_params[REACH_PARAMS];
    int n_reach = 0;
    char *reach_where = reach_assets_where(&reach, "a", q.n + 1, reach_params, &n_reach);
    buf_puts(&q.text, reach_where);
    free(reach_where);
    for (int i = 0; i < n_reach; i++)
        q.params[q.n++] = (Param){.s = reach_params[i]};
    char *filters = xstrndup(buf_str(&q.text) + filters_at, q.text.len - filters_at);
    int n_filter_params = q.n; /* with ?1, which the count selects to keep the numbering */
    if (cur_id) {
        buf_puts(&q.text, " AND (");
        buf_puts(&q.text, sort->expr);
        buf_puts(&q.text, aq->desc ? ", a.id) < (?, ?)" : ", a.id) > (?, ?)");
        q.params[q.n++] = sort->integer ? (Param){.is_int = true, .i = strtoll(cur_key, NULL, 10)}
                                        : (Param){.s = cur_key};
        q.params[q.n++] = (Param){.is_int = true, .i = cur_id};
    }
    buf_puts(&q.text, " ORDER BY ");
    buf_puts(&q.text, sort->expr);
    buf_puts(&q.text, aq->desc ? " DESC, a.id DESC LIMIT ?" : " ASC, a.id ASC LIMIT ?");
    q.params[q.n++] = (Param){.is_int = true, .i = limit + 1};

    Status s = ST_OK;
    Stmt *st = db_prepare(ctx->db, buf_str(&q.text), e);
    if (!st) {
        s = e->status;
        goto out;
    }
    for (int i = 0; i < q.n; i++) {
        if (q.params[i].is_int)
            stmt_bind_int(st, i + 1, q.params[i].i);
        else
            stmt_bind_text(st, i + 1, q.params[i].s);
    }
    JsonWriter w = {0};
    jw_object_begin(&w);
    jw_key(&w, "items");
    jw_array_begin(&w);
    int rows = 0;
    int64_t last_id = 0;
    char *last_key = NULL;
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        if (rows == limit) {
            break; /* there is a next page */
        }
        jw_object_begin(&w);
        row_write(&w, st, item_cols, ITEM_TYPES);
        jw_object_end(&w);
        rows++;
        last_id = stmt_int(st, 0);
        free(last_key);
        last_key = xstrdup(stmt_text(st, 16));
    }
    bool more = r == STEP_ROW;
    if (r == STEP_ERROR)
        s = stmt_error(st, e);
    stmt_finalize(st);
    jw_array_end(&w);
    jw_key(&w, "next_cursor");
    if (more && last_key) {
        char *c = make_cursor(sort, aq->desc, last_id, last_key);
        jw_string(&w, c);
        free(c);
    } else {
        jw_null(&w);
    }
    /* the number of hits, on the first page only and counted up to TOTAL_CAP (a count of a million
     * rows would cost more than the page itself) */
    if (s == ST_OK && !cur_id) {
        int64_t total = 0;
        s = count_hits(ctx, filters, &q, n_filter_params, &total, e);
        jw_key(&w, "total");
        jw_int(&w, total > TOTAL_CAP ? TOTAL_CAP : total);
        jw_key(&w, "total_capped");
        jw_bool(&w, total > TOTAL_CAP);
    }
    jw_object_end(&w);
    free(last_key);
    if (s == ST_OK)
        *json_out = jw_take(&w);
    jw_free(&w);
out:
    free(filters);
    buf_free(&q.text);
    for (int i = 0; i < n_likes; i++)
        free(likes[i]);
    free(match);
    free(norm);
    free(cur_key);
    free(systems);
    reach_free(&reach);
    return s;
}
