/* pack_load: reading a policy pack from its YAML files (libyaml document API) into a Pack, with the
 * schema check of docs/pack-schema.md. The check does not stop at the first problem: every problem
 * found becomes a PackIssue with file, line, column, a stable code and Japanese/English messages.
 * A Pack is returned only when there is no issue at all. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/buf.h"
#include "core/xmalloc.h"
#include "entities/person_entity.h"
#include "policy/capability.h"
#include "policy/pack.h"

#define MAX_FILE_BYTES (1u << 20) /* a pack file larger than 1 MiB is a mistake */
#define MAX_FILES 32
#define MAX_ITEMS 2000  /* per list */
#define MAX_ISSUES 200
#define MAX_ID_BYTES 64
#define MAX_TEXT_BYTES 65536

/* The files a pack consists of; all are required. */
enum { F_PACK, F_CLASSIFICATION, F_ROLES, F_CHECKS, F_SELFCHECK, F_ARTICLES, F_SYSTEMS, F_REQUESTS, F_GUIDELINE,
       F_INCIDENTS, F_TRAINING, F_AUDIT_ITEMS, F_VENDORS, F_CLOUD, F_COUNT };
static const char *const pack_files[F_COUNT + 1] = {
    "pack.yaml", "classification.yaml", "roles.yaml", "checks.yaml", "selfcheck.yaml", "articles.yaml",
    "systems.yaml", "requests.yaml", "guideline.yaml", "incidents.yaml", "training.yaml", "audit_items.yaml", "vendors.yaml", "cloud.yaml", NULL,
};

static const char *const scale_ids[] = {"confidentiality", "integrity", "availability", NULL};
const char *const pack_scope_names[] = {"organisation", "department", "section", "system", "service", NULL};
/* The 台帳 facts a system requirement may check: the nullable 0/1 columns of `systems`, its
 * product_registration, and component_support (derived from the components' support end dates). */
const char *const pack_system_fields[] = {
    "redundancy", "failover_procedure", "maintenance", "backup", "doc_configuration", "doc_standards",
    "doc_incident", "doc_recovery", "mfa", "usb_write_block", "product_registration", "component_support", NULL,
};
const char *const pack_zones[] = {"mynumber", "lgwan", "internet", NULL};
static const char *const period_names[] = {"fiscal_year", "days", "none", NULL};
static const char *const selfcheck_scope_names[] = {"organisation", "section", "system", NULL};
static const char *const category_names[] = {
    "①組織体制", "②情報資産の分類及び管理", "③物理的", "④人的", "⑤技術的", "⑥運用",
    "⑦業務委託・外部サービス", "⑧評価及び見直し", NULL,
};

/* A citation (`article:` value) waiting for the check against articles.yaml. */
typedef struct Citation {
    char file[128];
    int line, column;
    char *base; /* "第22条" */
    char *text; /* as written */
} Citation;

typedef struct Loader {
    Pack *pack;
    PackIssues *issues;
    bool truncated;
    const char *file; /* the file being read */
    yaml_document_t *doc;
    unsigned char *visited; /* per node of doc: detects aliases (a node reached twice) */
    size_t n_nodes;
    Citation *cites;
    size_t n_cites, cap_cites;
    bool have[F_COUNT]; /* file read without a YAML-level failure */
    int *list_nodes;    /* node ids of the items of the last list read by a LIST_READER */
    int *req_nodes;     /* node ids of systems.yaml's requirements */
    int *rtype_nodes;   /* node ids of requests.yaml's types */
    int *gl_el_nodes;   /* node ids of guideline.yaml's elements */
    int *gl_dev_nodes;  /* node ids of guideline.yaml's deviations */
    int *chain_nodes;   /* node ids of incidents.yaml's chain steps */
    int *audience_nodes; /* node ids of training.yaml's audiences */
    bool roles_clean;   /* roles.yaml read without any problem (cross-file checks rely on it) */
    int *role_lines;    /* per role of roles.yaml, the line of its item (problems found from another file) */
    const char *roles_file;
    size_t issues_before_classification, issues_after_classification; /* classification.yaml's problems */
} Loader;

/* ---------------------------------------------------------------------------------------------- */
/* Issues */

/* Makes s valid UTF-8 in place: invalid bytes become '?', an incomplete sequence at the end (cut by
 * a fixed-size buffer) is dropped. */
static void utf8_sanitise(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0 || (n == 2 && *p < 0xC2) || (n == 4 && *p > 0xF4)) {
            *p++ = '?';
            continue;
        }
        size_t k = 1;
        while (k < n && (p[k] & 0xC0) == 0x80)
            k++;
        if (k < n) {
            if (p[k] == '\0') { /* truncated at the end */
                *p = '\0';
                return;
            }
            *p++ = '?';
            continue;
        }
        unsigned cp = n == 2 ? ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu)
                    : n == 3 ? ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu)
                    : n == 4 ? ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu)
                             : p[0];
        if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
            *p++ = '?';
            continue;
        }
        p += n;
    }
}

static void issue_add(Loader *l, const char *file, int line, int column, const char *code,
                      const char *ja_fmt, const char *en_fmt, ...)
{
    if (l->truncated)
        return;
    PackIssues *is = l->issues;
    if (is->count >= MAX_ISSUES) {
        l->truncated = true;
        is->items = xrealloc(is->items, (is->count + 1) * sizeof *is->items);
        PackIssue *t = &is->items[is->count++];
        memset(t, 0, sizeof *t);
        snprintf(t->file, sizeof t->file, "%s", file);
        utf8_sanitise(t->file);
        snprintf(t->code, sizeof t->code, "too_many_issues");
        snprintf(t->ja, sizeof t->ja, "問題が多すぎるため、%d件で打ち切りました", MAX_ISSUES);
        snprintf(t->en, sizeof t->en, "too many problems; stopped after %d", MAX_ISSUES);
        return;
    }
    is->items = xrealloc(is->items, (is->count + 1) * sizeof *is->items);
    PackIssue *t = &is->items[is->count++];
    memset(t, 0, sizeof *t);
    snprintf(t->file, sizeof t->file, "%s", file);
    t->line = line;
    t->column = column;
    snprintf(t->code, sizeof t->code, "%s", code);
    va_list ap, ap2;
    va_start(ap, en_fmt);
    va_copy(ap2, ap);
    vsnprintf(t->ja, sizeof t->ja, ja_fmt, ap);
    vsnprintf(t->en, sizeof t->en, en_fmt, ap2);
    va_end(ap2);
    va_end(ap);
    utf8_sanitise(t->file);
    utf8_sanitise(t->ja);
    utf8_sanitise(t->en);
}

#define ISSUE_AT(l, node, code, ja, en, ...)                                                      \
    issue_add((l), (l)->file, (int)(node)->start_mark.line + 1, (int)(node)->start_mark.column + 1, \
              (code), (ja), (en), __VA_ARGS__)

/* A printable, bounded rendering of a scalar for messages. */
static const char *shown(const yaml_node_t *n, char *buf, size_t cap)
{
    if (n->type != YAML_SCALAR_NODE)
        return n->type == YAML_MAPPING_NODE ? "{…}" : "[…]";
    size_t len = n->data.scalar.length;
    if (len > 60) {
        len = 60;
        while (len > 0 && (n->data.scalar.value[len] & 0xC0) == 0x80) /* keep UTF-8 whole */
            len--;
    }
    snprintf(buf, cap, "%.*s%s", (int)len, (const char *)n->data.scalar.value,
             len < n->data.scalar.length ? "…" : "");
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    return buf;
}

static const char *type_ja(const yaml_node_t *n)
{
    return n->type == YAML_MAPPING_NODE ? "マッピング" : n->type == YAML_SEQUENCE_NODE ? "リスト" : "スカラー";
}
static const char *type_en(const yaml_node_t *n)
{
    return n->type == YAML_MAPPING_NODE ? "a mapping" : n->type == YAML_SEQUENCE_NODE ? "a list" : "a scalar";
}

/* ---------------------------------------------------------------------------------------------- */
/* Nodes */

static yaml_node_t *node_get(Loader *l, int id) { return yaml_document_get_node(l->doc, id); }

/* Marks the node as read; false (with an issue) when it was reached before, i.e. through an alias. */
static bool visit(Loader *l, yaml_node_t *n)
{
    size_t i = (size_t)(n - l->doc->nodes.start);
    if (i >= l->n_nodes)
        return false;
    if (l->visited[i]) {
        ISSUE_AT(l, n, "alias_not_allowed", "エイリアス(*参照)は使えません。値を直接書いてください",
                 "aliases (*references) are not allowed; write the value out%s", "");
        return false;
    }
    l->visited[i] = 1;
    return true;
}

static bool scalar_is(const yaml_node_t *n, const char *s)
{
    return n->type == YAML_SCALAR_NODE && n->data.scalar.length == strlen(s) &&
           memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

static int in_list(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return i;
    return -1;
}

static void join_list(Buf *b, const char *const *list)
{
    for (int i = 0; list[i]; i++) {
        if (i)
            buf_puts(b, ", ");
        buf_puts(b, list[i]);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Article citations */

static bool eat(const char **p, const char *lit)
{
    size_t n = strlen(lit);
    if (strncmp(*p, lit, n) != 0)
        return false;
    *p += n;
    return true;
}

static bool eat_number(const char **p)
{
    const char *s = *p;
    if (*s < '1' || *s > '9')
        return false;
    int digits = 0;
    while (*s >= '0' && *s <= '9' && digits < 5)
        s++, digits++;
    if (*s >= '0' && *s <= '9')
        return false;
    *p = s;
    return true;
}

/* One katakana letter ア (U+30A2) … ン (U+30F3). */
static bool eat_katakana(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    if (s[0] != 0xE3)
        return false;
    unsigned cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || cp < 0x30A2 || cp > 0x30F3)
        return false;
    *p += 3;
    return true;
}

size_t pack_article_base_len(const char *s)
{
    const char *p = s;
    if (!eat(&p, "第") || !eat_number(&p) || !eat(&p, "条"))
        return 0;
    const char *q = p;
    if (eat(&q, "の") && eat_number(&q))
        p = q;
    return (size_t)(p - s);
}

bool pack_article_valid(const char *s)
{
    size_t base = pack_article_base_len(s);
    if (!base)
        return false;
    const char *p = s + base;
    /* 項: "8" or "第8項" */
    const char *q = p;
    if (eat_number(&q) || (eat(&q, "第") && eat_number(&q) && eat(&q, "項")))
        p = q;
    /* 号: "(2)" or "第2号" */
    q = p;
    if ((eat(&q, "(") && eat_number(&q) && eat(&q, ")")) || (eat(&q, "第") && eat_number(&q) && eat(&q, "号")))
        p = q;
    /* 細目: "ア" or "(ア)" */
    q = p;
    if (eat_katakana(&q) || (eat(&q, "(") && eat_katakana(&q) && eat(&q, ")")))
        p = q;
    return *p == '\0';
}

/* ---------------------------------------------------------------------------------------------- */
/* Fields: a table-driven reader for mappings */

typedef enum FieldKind {
    K_ID,       /* [A-Za-z0-9_.-]{1,64} */
    K_STR,      /* non-empty text */
    K_INT,      /* int within [min, max] */
    K_INT64,    /* int64_t within [min, max] */
    K_BOOL,     /* true / false */
    K_ARTICLE,  /* a citation, 第N条… */
    K_BARE_ARTICLE, /* 第N条 or 第N条のM */
    K_ENUM,     /* one of names; stored as the string */
    K_SCOPE,    /* PackScopeKind */
    K_STRLIST,  /* list of ids: char ** at off, size_t at off2 */
    K_TEXTLIST, /* list of non-empty texts (labels): char ** at off, size_t at off2 */
    K_ARTICLES, /* list of article citations (each as K_ARTICLE): char ** at off, size_t at off2 */
    K_CAPS,     /* list of capability names: char ** at off, size_t at off2, uint64_t at off3 */
    K_CUSTOM,   /* handled by fn */
} FieldKind;

typedef struct Field Field;
typedef void (*CustomFn)(Loader *l, yaml_node_t *value, void *obj);
struct Field {
    const char *key;
    FieldKind kind;
    bool required;
    size_t off, off2, off3;
    long long min, max;
    const char *const *names; /* K_ENUM */
    CustomFn fn;
};

#define FIELD_AT(obj, off, T) ((T *)((char *)(obj) + (off)))

static bool id_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_ID_BYTES)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '.' || *p == '-'))
            return false;
    return true;
}

/* A scalar's text as a new string; NULL (with an issue) if n is not a scalar or holds a NUL. */
static char *scalar_dup(Loader *l, yaml_node_t *n, const char *key)
{
    if (n->type != YAML_SCALAR_NODE) {
        ISSUE_AT(l, n, "wrong_type", "%s には値(スカラー)を書いてください(%sが書かれています)%.0s",
                 "%s must be a scalar value, not %.0s%s", key, type_ja(n), type_en(n));
        return NULL;
    }
    if (memchr(n->data.scalar.value, '\0', n->data.scalar.length)) {
        ISSUE_AT(l, n, "bad_value", "%s に NUL 文字は使えません", "%s must not contain NUL", key);
        return NULL;
    }
    if (n->data.scalar.length > MAX_TEXT_BYTES) {
        ISSUE_AT(l, n, "bad_value", "%s が長すぎます(%d バイトまで)", "%s is too long (at most %d bytes)",
                 key, MAX_TEXT_BYTES);
        return NULL;
    }
    return xstrndup((const char *)n->data.scalar.value, n->data.scalar.length);
}

static void cite(Loader *l, yaml_node_t *n, const char *article)
{
    if (l->n_cites == l->cap_cites) {
        l->cap_cites = l->cap_cites ? 2 * l->cap_cites : 64;
        l->cites = xrealloc(l->cites, l->cap_cites * sizeof *l->cites);
    }
    Citation *c = &l->cites[l->n_cites++];
    snprintf(c->file, sizeof c->file, "%s", l->file);
    c->line = (int)n->start_mark.line + 1;
    c->column = (int)n->start_mark.column + 1;
    c->base = xstrndup(article, pack_article_base_len(article));
    c->text = xstrdup(article);
}

static bool parse_int(const yaml_node_t *n, long long *out)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = (const char *)n->data.scalar.value;
    size_t len = n->data.scalar.length, i = 0;
    bool neg = false;
    if (len && (s[0] == '-' || s[0] == '+'))
        neg = s[0] == '-', i = 1;
    if (i == len || len - i > 15)
        return false;
    long long v = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return true;
}

static void read_strlist(Loader *l, yaml_node_t *v, const Field *f, void *obj, bool caps)
{
    char ***arr = FIELD_AT(obj, f->off, char **);
    size_t *n = FIELD_AT(obj, f->off2, size_t);
    if (v->type != YAML_SEQUENCE_NODE) {
        ISSUE_AT(l, v, "wrong_type", "%s はリスト([a, b])で書いてください(%sが書かれています)%.0s",
                 "%s must be a list ([a, b]), not %.0s%s", f->key, type_ja(v), type_en(v));
        return;
    }
    size_t count = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (count > MAX_ITEMS) {
        ISSUE_AT(l, v, "too_many_items", "%s の要素が多すぎます(%d まで)", "%s has too many items (at most %d)",
                 f->key, MAX_ITEMS);
        return;
    }
    *arr = xcalloc(count ? count : 1, sizeof **arr);
    *n = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        yaml_node_t *item = node_get(l, *it);
        if (!item || !visit(l, item))
            continue;
        char *s = scalar_dup(l, item, f->key);
        if (!s)
            continue;
        char buf[128];
        if (caps) {
            uint64_t bit = capability_from_name(s);
            if (!bit) {
                Buf b = BUF_INIT;
                for (int c = 0; c < CAPABILITY_SLOTS; c++)
                    if (capability_names[c])
                        buf_printf(&b, "%s%s", b.len ? ", " : "", capability_names[c]);
                ISSUE_AT(l, item, "unknown_capability", "未知の権限名 \"%s\" です(使える名前: %s)",
                         "unknown capability \"%s\" (known: %s)", shown(item, buf, sizeof buf), buf_str(&b));
                buf_free(&b);
                free(s);
                continue;
            }
            *FIELD_AT(obj, f->off3, uint64_t) |= bit;
        } else if (f->kind == K_ARTICLES && !pack_article_valid(s)) {
            ISSUE_AT(l, item, "bad_article",
                     "%s \"%s\" は条文の書式ではありません(例: 第22条、第13条8、第59条(7)、第22条(1)ア)",
                     "%s \"%s\" is not an article citation (e.g. 第22条, 第13条8, 第59条(7), 第22条(1)ア)",
                     f->key, shown(item, buf, sizeof buf));
            free(s);
            continue;
        } else if (f->kind == K_STRLIST && !id_valid(s)) {
            ISSUE_AT(l, item, "bad_id", "%s の値 \"%s\" は識別子として使えません(英数字と _ . - で64字まで)",
                     "%s value \"%s\" is not a valid id (letters, digits, _ . -; up to 64)", f->key,
                     shown(item, buf, sizeof buf));
            free(s);
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < *n; j++)
            dup |= strcmp((*arr)[j], s) == 0;
        if (dup) {
            ISSUE_AT(l, item, "duplicate_value", "%s に \"%s\" が重複しています", "%s lists \"%s\" twice",
                     f->key, shown(item, buf, sizeof buf));
            free(s);
            continue;
        }
        if (f->kind == K_ARTICLES)
            cite(l, item, s);
        (*arr)[(*n)++] = s;
    }
}

static void read_field(Loader *l, yaml_node_t *v, const Field *f, void *obj)
{
    char buf[128];
    switch (f->kind) {
    case K_CUSTOM:
        f->fn(l, v, obj);
        return;
    case K_STRLIST:
    case K_TEXTLIST:
    case K_ARTICLES:
    case K_CAPS:
        read_strlist(l, v, f, obj, f->kind == K_CAPS);
        return;
    case K_INT:
    case K_INT64: {
        long long x;
        if (!parse_int(v, &x)) {
            ISSUE_AT(l, v, "wrong_type", "%s は整数で書いてください(\"%s\" は整数ではありません)",
                     "%s must be an integer (\"%s\" is not)", f->key, shown(v, buf, sizeof buf));
            return;
        }
        if (x < f->min || x > f->max) {
            ISSUE_AT(l, v, "out_of_range", "%s は %lld 以上 %lld 以下にしてください(%lld)",
                     "%s must be between %lld and %lld (got %lld)", f->key, f->min, f->max, x);
            return;
        }
        if (f->kind == K_INT)
            *FIELD_AT(obj, f->off, int) = (int)x;
        else
            *FIELD_AT(obj, f->off, int64_t) = x;
        return;
    }
    case K_BOOL:
        if (v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
            (scalar_is(v, "true") || scalar_is(v, "false"))) {
            *FIELD_AT(obj, f->off, bool) = scalar_is(v, "true");
            return;
        }
        ISSUE_AT(l, v, "wrong_type", "%s は true か false で書いてください(\"%s\")",
                 "%s must be true or false (got \"%s\")", f->key, shown(v, buf, sizeof buf));
        return;
    default:
        break;
    }
    /* The remaining kinds are text. */
    char *s = scalar_dup(l, v, f->key);
    if (!s)
        return;
    if (s[0] == '\0') {
        ISSUE_AT(l, v, "empty_value", "%s が空です", "%s is empty%s", f->key, "");
        free(s);
        return;
    }
    switch (f->kind) {
    case K_ID:
        if (!id_valid(s)) {
            ISSUE_AT(l, v, "bad_id", "%s の値 \"%s\" は識別子として使えません(英数字と _ . - で64字まで)",
                     "%s value \"%s\" is not a valid id (letters, digits, _ . -; up to 64)", f->key,
                     shown(v, buf, sizeof buf));
            free(s);
            return;
        }
        break;
    case K_ARTICLE:
        if (!pack_article_valid(s)) {
            ISSUE_AT(l, v, "bad_article",
                     "%s \"%s\" は条文の書式ではありません(例: 第22条、第13条8、第59条(7)、第22条(1)ア)",
                     "%s \"%s\" is not an article citation (e.g. 第22条, 第13条8, 第59条(7), 第22条(1)ア)",
                     f->key, shown(v, buf, sizeof buf));
            free(s);
            return;
        }
        cite(l, v, s);
        break;
    case K_BARE_ARTICLE:
        if (!pack_article_valid(s) || pack_article_base_len(s) != strlen(s)) {
            ISSUE_AT(l, v, "bad_article", "%s \"%s\" は「第N条」の形で書いてください(項・号は付けません)",
                     "%s \"%s\" must be a bare article number such as 第22条", f->key,
                     shown(v, buf, sizeof buf));
            free(s);
            return;
        }
        break;
    case K_ENUM:
    case K_SCOPE: {
        const char *const *names = f->kind == K_SCOPE ? pack_scope_names : f->names;
        int idx = in_list(names, s);
        if (idx < 0) {
            Buf b = BUF_INIT;
            join_list(&b, names);
            const char *code = f->kind == K_SCOPE ? "unknown_scope" : "bad_value";
            ISSUE_AT(l, v, code, "%s の値 \"%s\" は使えません(使える値: %s)",
                     "%s value \"%s\" is not allowed (allowed: %s)", f->key, shown(v, buf, sizeof buf),
                     buf_str(&b));
            buf_free(&b);
            free(s);
            return;
        }
        if (f->kind == K_SCOPE) {
            *FIELD_AT(obj, f->off, PackScopeKind) = (PackScopeKind)idx;
            free(s);
            return;
        }
        break;
    }
    default:
        break;
    }
    char **dst = FIELD_AT(obj, f->off, char *);
    free(*dst);
    *dst = s;
}

/* Reads a mapping by its field table. Unknown keys, duplicate keys, missing required keys and wrong
 * value types are issues; what can be read is read. what names the mapping in messages. */
static bool read_map(Loader *l, yaml_node_t *map, const Field *fields, size_t nf, void *obj, const char *what)
{
    if (map->type != YAML_MAPPING_NODE) {
        char buf[128];
        ISSUE_AT(l, map, "wrong_type", "%s はマッピング(キー: 値)で書いてください(\"%s\")",
                 "%s must be a mapping (key: value), got \"%s\"", what, shown(map, buf, sizeof buf));
        return false;
    }
    bool seen[32] = {0};
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = node_get(l, pr->key), *v = node_get(l, pr->value);
        if (!k || !v || !visit(l, k))
            continue;
        char buf[128];
        if (k->type != YAML_SCALAR_NODE) {
            ISSUE_AT(l, k, "wrong_type", "%s のキーは文字列にしてください", "keys of %s must be strings%s", what, "");
            continue;
        }
        size_t i = 0;
        while (i < nf && !scalar_is(k, fields[i].key))
            i++;
        if (i == nf) {
            Buf b = BUF_INIT;
            for (size_t j = 0; j < nf; j++) {
                if (j)
                    buf_puts(&b, ", ");
                buf_puts(&b, fields[j].key);
            }
            ISSUE_AT(l, k, "unknown_key", "%s に未知のキー \"%s\" があります(使えるキー: %s)",
                     "%s: unknown key \"%s\" (known: %s)", what, shown(k, buf, sizeof buf), buf_str(&b));
            /* the English format takes the arguments in the same order */
            buf_free(&b);
            continue;
        }
        if (seen[i]) {
            ISSUE_AT(l, k, "duplicate_key", "%s でキー \"%s\" が重複しています", "%s has key \"%s\" twice", what,
                     fields[i].key);
            continue;
        }
        seen[i] = true;
        if (!visit(l, v))
            continue;
        read_field(l, v, &fields[i], obj);
    }
    for (size_t i = 0; i < nf; i++)
        if (fields[i].required && !seen[i])
            ISSUE_AT(l, map, "missing_key", "%s に必須のキー \"%s\" がありません", "%s lacks required key \"%s\"",
                     what, fields[i].key);
    return true;
}

/* Reads a list of mappings into a new array of elem_size elements; the id at id_off (a char *) must
 * be unique within the list. Node ids of the elements go to *nodes (caller frees) when wanted. */
static void *read_list(Loader *l, yaml_node_t *seq, size_t elem_size, const Field *fields, size_t nf,
                       const char *what, const char *id_key, size_t id_off, size_t *n_out, int **nodes)
{
    *n_out = 0;
    if (nodes)
        *nodes = NULL;
    if (seq->type != YAML_SEQUENCE_NODE) {
        char buf[128];
        ISSUE_AT(l, seq, "wrong_type", "%s はリスト(- で始まる項目の並び)で書いてください(\"%s\")",
                 "%s must be a list (items starting with -), got \"%s\"", what, shown(seq, buf, sizeof buf));
        return NULL;
    }
    size_t count = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
    if (count > MAX_ITEMS) {
        ISSUE_AT(l, seq, "too_many_items", "%s の項目が多すぎます(%d まで)", "%s has too many items (at most %d)",
                 what, MAX_ITEMS);
        return NULL;
    }
    char *arr = xcalloc(count ? count : 1, elem_size);
    int *ids = xcalloc(count ? count : 1, sizeof *ids);
    size_t n = 0;
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
        yaml_node_t *item = node_get(l, *it);
        if (!item || !visit(l, item))
            continue;
        void *obj = arr + n * elem_size;
        if (!read_map(l, item, fields, nf, obj, what))
            continue;
        const char *id = *FIELD_AT(obj, id_off, char *);
        if (id) {
            for (size_t j = 0; j < n; j++) {
                const char *other = *FIELD_AT(arr + j * elem_size, id_off, char *);
                if (other && strcmp(other, id) == 0) {
                    yaml_node_t *first = node_get(l, ids[j]);
                    ISSUE_AT(l, item, "duplicate_id", "%s の %s \"%s\" が重複しています(最初は %d 行目)",
                             "duplicate %s %s \"%s\" (first on line %d)", what, id_key, id,
                             first ? (int)first->start_mark.line + 1 : 0);
                    break;
                }
            }
        }
        ids[n++] = *it;
    }
    *n_out = n;
    if (nodes)
        *nodes = ids;
    else
        free(ids);
    return arr;
}

/* The value node of key in a mapping, or NULL. */
static yaml_node_t *map_get(Loader *l, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = node_get(l, pr->key);
        if (k && scalar_is(k, key))
            return node_get(l, pr->value);
    }
    return NULL;
}

/* ---------------------------------------------------------------------------------------------- */
/* pack.yaml */

#define F_OFF(T, m) offsetof(T, m)

static const Field account_fields[] = {
    {"password_min_length", K_INT, true, F_OFF(PackAccountPolicy, password_min_length), 0, 0, 8, 256, NULL, NULL},
    {"lockout_threshold", K_INT, true, F_OFF(PackAccountPolicy, lockout_threshold), 0, 0, 1, 100, NULL, NULL},
    {"lockout_minutes", K_INT, true, F_OFF(PackAccountPolicy, lockout_minutes), 0, 0, 1, 10080, NULL, NULL},
    {"session_idle_minutes", K_INT, true, F_OFF(PackAccountPolicy, session_idle_minutes), 0, 0, 1, 1440, NULL, NULL},
    {"session_absolute_hours", K_INT, true, F_OFF(PackAccountPolicy, session_absolute_hours), 0, 0, 1, 168, NULL, NULL},
    {"login_rate_per_minute", K_INT, true, F_OFF(PackAccountPolicy, login_rate_per_minute), 0, 0, 1, 100000, NULL, NULL},
    {"login_message", K_STR, true, F_OFF(PackAccountPolicy, login_message), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, F_OFF(PackAccountPolicy, article), 0, 0, 0, 0, NULL, NULL},
    {"password_article", K_ARTICLE, false, F_OFF(PackAccountPolicy, password_article), 0, 0, 0, 0, NULL, NULL},
    {"initial_password_article", K_ARTICLE, false, F_OFF(PackAccountPolicy, initial_password_article), 0, 0, 0, 0, NULL, NULL},
    {"lockout_notify_roles", K_STRLIST, false, F_OFF(PackAccountPolicy, lockout_notify_roles),
     F_OFF(PackAccountPolicy, n_lockout_notify_roles), 0, 0, 0, NULL, NULL},
};

static void read_accounts(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    read_map(l, v, account_fields, sizeof account_fields / sizeof *account_fields, &p->accounts, "accounts");
}

static const Field upload_fields[] = {
    {"retention_hours", K_INT, true, F_OFF(PackUploadPolicy, retention_hours), 0, 0, 1, 8760, NULL, NULL},
    {"quota_mib", K_INT, true, F_OFF(PackUploadPolicy, quota_mib), 0, 0, 1, 65536, NULL, NULL},
};

static void read_uploads(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    read_map(l, v, upload_fields, sizeof upload_fields / sizeof *upload_fields, &p->uploads, "uploads");
}

static const Field gate_fields[] = {
    {"retention_days", K_INT, true, F_OFF(PackGatePolicy, retention_days), 0, 0, 1, 3650, NULL, NULL},
    {"release_hours", K_INT, true, F_OFF(PackGatePolicy, release_hours), 0, 0, 1, 720, NULL, NULL},
    {"signature_max_age_days", K_INT, true, F_OFF(PackGatePolicy, signature_max_age_days), 0, 0, 1, 365, NULL, NULL},
    {"system_code", K_STR, false, F_OFF(PackGatePolicy, system_code), 0, 0, 0, 0, NULL, NULL},
};

static void read_gate(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    read_map(l, v, gate_fields, sizeof gate_fields / sizeof *gate_fields, &p->gate, "gate");
}

static const Field pack_fields[] = {
    {"id", K_ID, true, F_OFF(Pack, id), 0, 0, 0, 0, NULL, NULL},
    {"version", K_STR, true, F_OFF(Pack, version), 0, 0, 0, 0, NULL, NULL},
    {"title", K_STR, true, F_OFF(Pack, title), 0, 0, 0, 0, NULL, NULL},
    {"source", K_STR, true, F_OFF(Pack, source), 0, 0, 0, 0, NULL, NULL},
    {"accounts", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_accounts},
    {"uploads", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_uploads},
    {"gate", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_gate},
};

/* ---------------------------------------------------------------------------------------------- */
/* classification.yaml */

static const Field level_fields[] = {
    {"id", K_ID, true, F_OFF(PackLevel, id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackLevel, label), 0, 0, 0, 0, NULL, NULL},
    {"criteria", K_STR, true, F_OFF(PackLevel, criteria), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, F_OFF(PackLevel, article), 0, 0, 0, 0, NULL, NULL},
    {"rank", K_INT, true, F_OFF(PackLevel, rank), 0, 0, 1, 1000, NULL, NULL},
};

static void read_levels(Loader *l, yaml_node_t *v, void *obj)
{
    PackScale *s = obj;
    int *nodes;
    s->levels = read_list(l, v, sizeof *s->levels, level_fields, sizeof level_fields / sizeof *level_fields,
                          "levels", "id", F_OFF(PackLevel, id), &s->n_levels, &nodes);
    if (!s->levels)
        return;
    if (s->n_levels == 0)
        ISSUE_AT(l, v, "empty_list", "levels が空です", "levels is empty%s", "");
    for (size_t i = 0; i < s->n_levels; i++) {
        for (size_t j = 0; j < i; j++) {
            if (s->levels[i].rank && s->levels[i].rank == s->levels[j].rank) {
                yaml_node_t *item = node_get(l, nodes[i]);
                yaml_node_t *rank = map_get(l, item, "rank");
                ISSUE_AT(l, rank ? rank : item, "duplicate_rank",
                         "rank %d が同じ尺度の中で重複しています(%s と %s)",
                         "rank %d appears twice in one scale (%s and %s)", s->levels[i].rank,
                         s->levels[j].id ? s->levels[j].id : "?", s->levels[i].id ? s->levels[i].id : "?");
                break;
            }
        }
    }
    free(nodes);
}

static const Field scale_fields[] = {
    {"id", K_ENUM, true, F_OFF(PackScale, id), 0, 0, 0, 0, scale_ids, NULL},
    {"label", K_STR, true, F_OFF(PackScale, label), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, F_OFF(PackScale, article), 0, 0, 0, 0, NULL, NULL},
    {"levels", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_levels},
};

static const Field restriction_fields[] = {
    {"id", K_ID, true, F_OFF(PackRestriction, id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackRestriction, label), 0, 0, 0, 0, NULL, NULL},
    {"short_label", K_STR, false, F_OFF(PackRestriction, short_label), 0, 0, 0, 0, NULL, NULL},
    {"description", K_STR, false, F_OFF(PackRestriction, description), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, F_OFF(PackRestriction, article), 0, 0, 0, 0, NULL, NULL},
    {"scale", K_ID, true, F_OFF(PackRestriction, scale), 0, 0, 0, 0, NULL, NULL},
    {"levels", K_STRLIST, true, F_OFF(PackRestriction, levels), F_OFF(PackRestriction, n_levels), 0, 0, 0, NULL, NULL},
};

static void read_scales(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    p->scales = read_list(l, v, sizeof *p->scales, scale_fields, sizeof scale_fields / sizeof *scale_fields,
                          "scales", "id", F_OFF(PackScale, id), &p->n_scales, NULL);
    if (!p->scales)
        return;
    for (int i = 0; scale_ids[i]; i++)
        if (!pack_scale(p, scale_ids[i]))
            ISSUE_AT(l, v, "missing_scale", "尺度 \"%s\" がありません", "scale \"%s\" is missing", scale_ids[i]);
}

typedef struct RestrictionRead {
    Pack *pack;
    int *nodes;
} RestrictionRead;

static void read_restrictions(Loader *l, yaml_node_t *v, void *obj)
{
    RestrictionRead *rr = obj;
    Pack *p = rr->pack;
    p->restrictions = read_list(l, v, sizeof *p->restrictions, restriction_fields,
                                sizeof restriction_fields / sizeof *restriction_fields, "restrictions", "id",
                                F_OFF(PackRestriction, id), &p->n_restrictions, &rr->nodes);
}

/* Each restriction names a known scale and levels of that scale. */
static void check_restrictions(Loader *l, Pack *p, const int *nodes)
{
    char buf[128];
    for (size_t i = 0; i < p->n_restrictions; i++) {
        PackRestriction *r = &p->restrictions[i];
        yaml_node_t *item = node_get(l, nodes[i]);
        if (!r->scale || !item)
            continue;
        const PackScale *s = pack_scale(p, r->scale);
        if (!s) {
            yaml_node_t *sn = map_get(l, item, "scale");
            Buf b = BUF_INIT;
            for (size_t j = 0; j < p->n_scales; j++) {
                if (!p->scales[j].id)
                    continue;
                if (b.len)
                    buf_puts(&b, ", ");
                buf_puts(&b, p->scales[j].id);
            }
            ISSUE_AT(l, sn ? sn : item, "unknown_scale", "取扱制限 %s の尺度 \"%s\" は定義されていません(定義済み: %s)",
                     "restriction %s refers to unknown scale \"%s\" (defined: %s)", r->id ? r->id : "?", r->scale,
                     buf_str(&b));
            buf_free(&b);
            continue;
        }
        if (r->n_levels == 0 && map_get(l, item, "levels"))
            ISSUE_AT(l, item, "empty_list", "取扱制限 %s の levels が空です", "restriction %s has no levels%s",
                     r->id ? r->id : "?", "");
        yaml_node_t *ln = map_get(l, item, "levels");
        for (size_t k = 0; k < r->n_levels; k++) {
            if (pack_level(s, r->levels[k]))
                continue;
            yaml_node_t *at = ln;
            if (ln && ln->type == YAML_SEQUENCE_NODE) /* find the item that says it */
                for (yaml_node_item_t *it = ln->data.sequence.items.start; it < ln->data.sequence.items.top; it++) {
                    yaml_node_t *x = node_get(l, *it);
                    if (x && scalar_is(x, r->levels[k])) {
                        at = x;
                        break;
                    }
                }
            ISSUE_AT(l, at ? at : item, "unknown_level", "取扱制限 %s の区分 \"%s\" は尺度 %s にありません",
                     "restriction %s refers to level \"%s\" which scale %s does not have", r->id ? r->id : "?",
                     shown(at && at->type == YAML_SCALAR_NODE ? at : item, buf, sizeof buf), s->id);
        }
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* roles.yaml, checks.yaml, selfcheck.yaml, articles.yaml */

static const Field role_fields[] = {
    {"id", K_ID, true, F_OFF(PackRole, id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackRole, label), 0, 0, 0, 0, NULL, NULL},
    {"description", K_STR, false, F_OFF(PackRole, description), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, F_OFF(PackRole, article), 0, 0, 0, 0, NULL, NULL},
    {"scope", K_SCOPE, true, F_OFF(PackRole, scope), 0, 0, 0, 0, NULL, NULL},
    {"unique", K_BOOL, true, F_OFF(PackRole, unique), 0, 0, 0, 0, NULL, NULL},
    {"privileged", K_BOOL, false, F_OFF(PackRole, privileged), 0, 0, 0, 0, NULL, NULL},
    {"optional", K_BOOL, false, F_OFF(PackRole, optional), 0, 0, 0, 0, NULL, NULL},
    {"capabilities", K_CAPS, true, F_OFF(PackRole, capability_names), F_OFF(PackRole, n_capabilities),
     F_OFF(PackRole, caps), 0, 0, NULL, NULL},
    {"contact_rank", K_INT, false, F_OFF(PackRole, contact_rank), 0, 0, 0, 999, NULL, NULL},
};

static const Field check_fields[] = {
    {"id", K_ID, true, F_OFF(PackCheck, id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackCheck, label), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, F_OFF(PackCheck, article), 0, 0, 0, 0, NULL, NULL},
    {"period", K_ENUM, true, F_OFF(PackCheck, period), 0, 0, 0, 0, period_names, NULL},
    {"value", K_INT64, true, F_OFF(PackCheck, value), 0, 0, 0, 100000, NULL, NULL},
    {"owners", K_STRLIST, false, F_OFF(PackCheck, owners), F_OFF(PackCheck, n_owners), 0, 0, 0, NULL, NULL},
    {"remind_before_days", K_INT, false, F_OFF(PackCheck, remind_before_days), 0, 0, 0, 366, NULL, NULL},
    {"category", K_ENUM, false, F_OFF(PackCheck, category), 0, 0, 0, 0, category_names, NULL},
};

/* audit_items.yaml: the 監査項目 library (第154条), in the 監査ガイドライン's columns */
static const Field audit_item_fields[] = {
    {"id", K_ID, true, F_OFF(PackAuditItem, id), 0, 0, 0, 0, NULL, NULL},
    {"area", K_STR, true, F_OFF(PackAuditItem, area), 0, 0, 0, 0, NULL, NULL},
    {"category", K_ENUM, true, F_OFF(PackAuditItem, category), 0, 0, 0, 0, category_names, NULL},
    {"item", K_STR, true, F_OFF(PackAuditItem, item), 0, 0, 0, 0, NULL, NULL},
    {"materials", K_STR, true, F_OFF(PackAuditItem, materials), 0, 0, 0, 0, NULL, NULL},
    {"procedure", K_STR, true, F_OFF(PackAuditItem, procedure), 0, 0, 0, 0, NULL, NULL},
    {"articles", K_ARTICLES, true, F_OFF(PackAuditItem, articles), F_OFF(PackAuditItem, n_articles), 0, 0, 0, NULL, NULL},
};

static const Field selfcheck_fields[] = {
    {"id", K_ID, true, F_OFF(PackSelfCheckItem, id), 0, 0, 0, 0, NULL, NULL},
    {"category", K_ENUM, true, F_OFF(PackSelfCheckItem, category), 0, 0, 0, 0, category_names, NULL},
    {"question", K_STR, true, F_OFF(PackSelfCheckItem, question), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, F_OFF(PackSelfCheckItem, article), 0, 0, 0, 0, NULL, NULL},
    {"scope", K_ENUM, false, F_OFF(PackSelfCheckItem, scope), 0, 0, 0, 0, selfcheck_scope_names, NULL},
    {"auto", K_ENUM, false, F_OFF(PackSelfCheckItem, auto_source), 0, 0, 0, 0, pack_selfcheck_auto_sources, NULL},
};

static const Field article_fields[] = {
    {"number", K_BARE_ARTICLE, true, F_OFF(PackArticle, number), 0, 0, 0, 0, NULL, NULL},
    {"title", K_STR, true, F_OFF(PackArticle, title), 0, 0, 0, 0, NULL, NULL},
    {"text", K_STR, true, F_OFF(PackArticle, text), 0, 0, 0, 0, NULL, NULL},
    {"guideline", K_STR, false, F_OFF(PackArticle, guideline), 0, 0, 0, 0, NULL, NULL},
};

#define LIST_READER(name, arr, count, T, fields, what, idkey, idmember)                                  \
    static void name(Loader *l, yaml_node_t *v, void *obj)                                           \
    {                                                                                                \
        Pack *p = obj;                                                                               \
        free(l->list_nodes);                                                                         \
        p->arr = read_list(l, v, sizeof(T), fields, sizeof fields / sizeof *fields, what, idkey,     \
                           F_OFF(T, idmember), &p->count, &l->list_nodes);                           \
    }
LIST_READER(read_roles, roles, n_roles, PackRole, role_fields, "roles", "id", id)
LIST_READER(read_checks, checks, n_checks, PackCheck, check_fields, "checks", "id", id)
LIST_READER(read_selfcheck, selfcheck, n_selfcheck, PackSelfCheckItem, selfcheck_fields, "items", "id", id)
LIST_READER(read_audit_items, audit_items, n_audit_items, PackAuditItem, audit_item_fields, "items", "id", id)
LIST_READER(read_articles, articles, n_articles, PackArticle, article_fields, "articles", "number", number)

/* 「対策基準 4」「対策基準 4.1」「対策基準 4.1.2」: the model's 対策基準 section and a part of it. */
static bool guideline_section_valid(const char *s)
{
    static const char prefix[] = "対策基準 ";
    if (strncmp(s, prefix, sizeof prefix - 1) != 0)
        return false;
    s += sizeof prefix - 1;
    for (;;) {
        if (!(*s >= '1' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
        if (*s == '\0')
            return true;
        if (*s++ != '.')
            return false;
    }
}

/* An article's guideline section names the 対策基準 part it instantiates (docs/citations.md). */
static void check_articles(Loader *l, yaml_node_t *root, Pack *p)
{
    yaml_node_t *seq = map_get(l, root, "articles");
    if (!seq || seq->type != YAML_SEQUENCE_NODE || !p->articles || !l->list_nodes)
        return;
    char buf[64];
    for (size_t i = 0; i < p->n_articles; i++) {
        const PackArticle *a = &p->articles[i];
        yaml_node_t *item = node_get(l, l->list_nodes[i]);
        if (!item || !a->guideline || guideline_section_valid(a->guideline))
            continue;
        yaml_node_t *g = map_get(l, item, "guideline");
        ISSUE_AT(l, g ? g : item, "bad_guideline_section",
                 "guideline は「対策基準 4」「対策基準 4.1」のようにガイドラインの対策基準の節を書いてください(%s)",
                 "guideline must name a section of the guideline's 対策基準, like 「対策基準 4.1」 (%s)",
                 g ? shown(g, buf, sizeof buf) : "?");
    }
}

/* Every 監査項目 cites at least one article (the articles themselves are checked with every citation). */
static void check_audit_items(Loader *l, yaml_node_t *root, Pack *p)
{
    yaml_node_t *seq = map_get(l, root, "items");
    if (!seq || seq->type != YAML_SEQUENCE_NODE || !p->audit_items || !l->list_nodes)
        return;
    if (p->n_audit_items == 0)
        ISSUE_AT(l, seq, "empty_list", "items が空です", "items is empty%s", "");
    for (size_t i = 0; i < p->n_audit_items; i++) {
        yaml_node_t *item = node_get(l, l->list_nodes[i]);
        if (item && p->audit_items[i].articles && p->audit_items[i].n_articles == 0)
            ISSUE_AT(l, item, "empty_list", "監査項目 %s に関連する条 (articles) がありません",
                     "audit item %s cites no article", p->audit_items[i].id ? p->audit_items[i].id : "?");
    }
}

static void check_roles(Loader *l, yaml_node_t *root, Pack *p)
{
    yaml_node_t *seq = map_get(l, root, "roles");
    if (!seq || seq->type != YAML_SEQUENCE_NODE || !p->roles || !l->list_nodes)
        return;
    if (p->n_roles == 0)
        ISSUE_AT(l, seq, "empty_list", "roles が空です", "roles is empty%s", "");
    /* a later file's rule about a role (cloud.yaml: who appoints a role of scope service) points here */
    free(l->role_lines);
    l->role_lines = xcalloc(p->n_roles ? p->n_roles : 1, sizeof *l->role_lines);
    l->roles_file = l->file;
    for (size_t i = 0; i < p->n_roles; i++) {
        yaml_node_t *item = node_get(l, l->list_nodes[i]);
        l->role_lines[i] = item ? (int)item->start_mark.line + 1 : 0;
    }
    /* contact_rank orders the 緊急連絡網; two roles cannot share a place. */
    for (size_t i = 0; i < p->n_roles; i++) {
        yaml_node_t *item = node_get(l, l->list_nodes[i]);
        if (!item)
            continue;
        const PackRole *r = &p->roles[i];
        for (size_t j = 0; j < i && r->contact_rank; j++) {
            if (p->roles[j].contact_rank == r->contact_rank) {
                yaml_node_t *cr = map_get(l, item, "contact_rank");
                ISSUE_AT(l, cr ? cr : item, "duplicate_contact_rank",
                         "contact_rank %d が %s と %s で重複しています", "contact_rank %d is used by both %s and %s",
                         r->contact_rank, p->roles[j].id ? p->roles[j].id : "?", r->id ? r->id : "?");
                break;
            }
        }
    }
}

static const Field visibility_fields[] = {
    {"article", K_ARTICLE, true, F_OFF(PackVisibility, article), 0, 0, 0, 0, NULL, NULL},
    {"restricted_from", K_ID, true, F_OFF(PackVisibility, restricted_from), 0, 0, 0, 0, NULL, NULL},
    {"restricted_article", K_ARTICLE, true, F_OFF(PackVisibility, restricted_article), 0, 0, 0, 0, NULL, NULL},
    {"all_roles", K_STRLIST, true, F_OFF(PackVisibility, all_roles), F_OFF(PackVisibility, n_all_roles), 0, 0, 0,
     NULL, NULL},
    {"unit_roles", K_STRLIST, true, F_OFF(PackVisibility, unit_roles), F_OFF(PackVisibility, n_unit_roles), 0, 0, 0,
     NULL, NULL},
    {"system_roles", K_STRLIST, true, F_OFF(PackVisibility, system_roles), F_OFF(PackVisibility, n_system_roles), 0,
     0, 0, NULL, NULL},
};

static void read_visibility(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    read_map(l, v, visibility_fields, sizeof visibility_fields / sizeof *visibility_fields, &p->visibility,
             "visibility");
}

static const Field committee_fields[] = {
    {"article", K_ARTICLE, true, F_OFF(PackCommittee, article), 0, 0, 0, 0, NULL, NULL},
    {"chair", K_ID, true, F_OFF(PackCommittee, chair), 0, 0, 0, 0, NULL, NULL},
    {"members", K_STRLIST, true, F_OFF(PackCommittee, members), F_OFF(PackCommittee, n_members), 0, 0, 0, NULL, NULL},
    {"secretariat", K_STRLIST, true, F_OFF(PackCommittee, secretariat), F_OFF(PackCommittee, n_secretariat), 0, 0, 0,
     NULL, NULL},
    {"decision_article", K_ARTICLE, true, F_OFF(PackCommittee, decision_article), 0, 0, 0, 0, NULL, NULL},
};

static void read_committee(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    p->committee.present = true;
    read_map(l, v, committee_fields, sizeof committee_fields / sizeof *committee_fields, &p->committee, "committee");
}

/* The committee (第19条) names roles of roles.yaml; its chair is a member. Its roles get their
 * capabilities from here: committee.read for the members, committee.manage for the chair and the
 * secretariat (who keep the record). */
/* Grants the role cap (bit and name, so the role's capability list stays the one description). */
static void grant(PackRole *r, uint64_t cap)
{
    if (r->caps & cap)
        return;
    r->caps |= cap;
    r->capability_names = xrealloc(r->capability_names, (r->n_capabilities + 1) * sizeof *r->capability_names);
    r->capability_names[r->n_capabilities++] = xstrdup(capability_name(cap));
}

static void check_committee(Loader *l, yaml_node_t *root, Pack *p)
{
    PackCommittee *c = &p->committee;
    yaml_node_t *at = map_get(l, root, "committee");
    if (!c->present || !at)
        return;
    const char *lists[] = {"members", "secretariat"};
    char **ids[] = {c->members, c->secretariat};
    size_t ns[] = {c->n_members, c->n_secretariat};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < ns[k]; i++)
            if (!pack_role(p, ids[k][i]))
                ISSUE_AT(l, at, "unknown_role", "committee.%s の役割 %s は roles.yaml にありません",
                         "committee.%s: role %s is not in roles.yaml", lists[k], ids[k][i]);
    if (c->chair && !pack_role(p, c->chair))
        ISSUE_AT(l, at, "unknown_role", "committee.chair の役割 %s は roles.yaml にありません",
                 "committee.chair: role %s is not in roles.yaml", c->chair);
    bool chair_member = false;
    for (size_t i = 0; c->chair && i < c->n_members; i++)
        chair_member |= strcmp(c->members[i], c->chair) == 0;
    if (c->chair && !chair_member)
        ISSUE_AT(l, at, "chair_not_member", "committee.chair の %s を committee.members にも入れてください",
                 "committee.chair %s must also be listed in committee.members", c->chair);
    for (size_t i = 0; i < p->n_roles; i++) {
        PackRole *r = &p->roles[i];
        bool member = false, manage = false;
        for (size_t k = 0; r->id && k < c->n_members; k++)
            member |= strcmp(c->members[k], r->id) == 0;
        for (size_t k = 0; r->id && k < c->n_secretariat; k++)
            manage |= strcmp(c->secretariat[k], r->id) == 0;
        manage |= r->id && c->chair && strcmp(c->chair, r->id) == 0;
        if (member || manage)
            grant(r, CAP_COMMITTEE_READ);
        if (manage)
            grant(r, CAP_COMMITTEE_MANAGE);
    }
}

/* One list of visibility names roles of the pack with the scopes it allows. */
static void check_visibility_roles(Loader *l, yaml_node_t *vis, Pack *p, const char *key, char **ids, size_t n,
                                   const PackScopeKind *scopes, size_t n_scopes, const char *scopes_text)
{
    yaml_node_t *at = map_get(l, vis, key);
    for (size_t i = 0; i < n; i++) {
        const PackRole *r = pack_role(p, ids[i]);
        bool ok = false;
        for (size_t k = 0; r && k < n_scopes; k++)
            ok |= r->scope == scopes[k];
        if (!ok)
            ISSUE_AT(l, at ? at : vis, "unknown_role",
                     "visibility.%s の %s は roles.yaml にある scope: %s の役割ではありません",
                     "visibility.%s: %s is not a role of roles.yaml with scope: %s", key, ids[i], scopes_text);
    }
}

/* The need-to-know rule names a confidentiality level and roles of the right scopes; a role that
 * reads the trail (which holds every object's before and after) must read everything too, or the
 * trail would show it what the registers hide. */
static void check_visibility(Loader *l, yaml_node_t *root, Pack *p)
{
    yaml_node_t *vis = map_get(l, root, "visibility");
    PackVisibility *v = &p->visibility;
    if (!vis || vis->type != YAML_MAPPING_NODE)
        return;
    const PackScale *conf = pack_scale(p, "confidentiality");
    const PackLevel *lv = conf && v->restricted_from ? pack_level(conf, v->restricted_from) : NULL;
    if (lv) {
        v->restricted_rank = lv->rank;
    } else if (conf && v->restricted_from) {
        yaml_node_t *at = map_get(l, vis, "restricted_from");
        ISSUE_AT(l, at ? at : vis, "unknown_level",
                 "visibility.restricted_from の \"%s\" は classification.yaml の機密性の区分ではありません",
                 "visibility.restricted_from \"%s\" is not a confidentiality level of classification.yaml",
                 v->restricted_from);
    }
    const PackScopeKind org[] = {SCOPE_ORGANISATION}, unit[] = {SCOPE_DEPARTMENT, SCOPE_SECTION},
                        sys[] = {SCOPE_SYSTEM};
    check_visibility_roles(l, vis, p, "all_roles", v->all_roles, v->n_all_roles, org, 1, "organisation");
    check_visibility_roles(l, vis, p, "unit_roles", v->unit_roles, v->n_unit_roles, unit, 2, "department / section");
    check_visibility_roles(l, vis, p, "system_roles", v->system_roles, v->n_system_roles, sys, 1, "system");
    for (size_t i = 0; i < p->n_roles; i++) {
        const PackRole *r = &p->roles[i];
        if (!(r->caps & CAP_TRAIL_READ) || !r->id)
            continue;
        bool listed = false;
        for (size_t k = 0; k < v->n_all_roles; k++)
            listed |= strcmp(v->all_roles[k], r->id) == 0;
        if (!listed) {
            yaml_node_t *at = map_get(l, vis, "all_roles");
            ISSUE_AT(l, at ? at : vis, "trail_reader_restricted",
                     "役割 %s は証跡を読めるため (trail.read)、visibility.all_roles にも入れてください(証跡には全ての情報資産の変更前後が記録されます)",
                     "role %s reads the trail (trail.read), which holds every asset's before and after: list it in visibility.all_roles",
                     r->id);
        }
    }
}

static void check_checks(Loader *l, yaml_node_t *root, Pack *p)
{
    (void)root;
    for (size_t i = 0; i < p->n_checks && l->list_nodes; i++) {
        yaml_node_t *item = node_get(l, l->list_nodes[i]);
        PackCheck *c = &p->checks[i];
        if (c->period && strcmp(c->period, "none") != 0 && c->value < 1) {
            yaml_node_t *vn = map_get(l, item, "value");
            if (item)
                ISSUE_AT(l, vn ? vn : item, "out_of_range", "点検 %s: period が %s のとき value は1以上にしてください",
                     "check %s: value must be at least 1 when period is %s", c->id ? c->id : "?", c->period);
        }
        /* a duty with a period is scheduled work: somebody must be told and record it */
        if (item && c->period && strcmp(c->period, "none") != 0 && c->n_owners == 0)
            ISSUE_AT(l, item, "missing_key", "点検 %s: period があるときは owners(実施する役割)を書いてください",
                     "check %s: a check with a period needs owners (the roles that carry it out)", c->id ? c->id : "?");
        for (size_t j = 0; item && l->roles_clean && j < c->n_owners; j++)
            if (!pack_role(p, c->owners[j]))
                ISSUE_AT(l, item, "unknown_role", "点検 %s の owners の役割 %s は roles.yaml にありません",
                         "check %s: owner role %s is not in roles.yaml", c->id ? c->id : "?", c->owners[j]);
        if (c->period && strcmp(c->period, "none") == 0) { /* the contract spells "no period" as "" */
            free(c->period);
            c->period = xstrdup("");
        }
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* training.yaml */

#define AU(m) F_OFF(PackAudience, m)
static const Field audience_fields[] = {
    {"id", K_ID, true, AU(id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, AU(label), 0, 0, 0, 0, NULL, NULL},
    {"label_en", K_STR, true, AU(label_en), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, AU(article), 0, 0, 0, 0, NULL, NULL},
    {"all", K_BOOL, false, AU(all), 0, 0, 0, 0, NULL, NULL},
    {"new_hires", K_BOOL, false, AU(new_hires), 0, 0, 0, 0, NULL, NULL},
    {"roles", K_STRLIST, false, AU(roles), AU(n_roles), 0, 0, 0, NULL, NULL},
    {"employments", K_STRLIST, false, AU(employments), AU(n_employments), 0, 0, 0, NULL, NULL},
};
#undef AU

static void read_audiences(Loader *l, yaml_node_t *v, void *obj)
{
    PackTraining *t = obj;
    free(l->list_nodes);
    t->audiences = read_list(l, v, sizeof(PackAudience), audience_fields, sizeof audience_fields / sizeof *audience_fields,
                             "audiences", "id", F_OFF(PackAudience, id), &t->n_audiences, &l->list_nodes);
    if (v->type == YAML_SEQUENCE_NODE && !t->n_audiences)
        ISSUE_AT(l, v, "empty_list", "%s に項目がありません", "%s has no items%s", "audiences", "");
    l->audience_nodes = l->list_nodes, l->list_nodes = NULL;
}

static const Field training_fields[] = {
    {"article", K_ARTICLE, true, F_OFF(PackTraining, article), 0, 0, 0, 0, NULL, NULL},
    {"remind_before_days", K_INT, true, F_OFF(PackTraining, remind_before_days), 0, 0, 0, 366, NULL, NULL},
    {"section_role", K_ID, true, F_OFF(PackTraining, section_role), 0, 0, 0, 0, NULL, NULL},
    {"audiences", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_audiences},
};

static void read_training(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    read_map(l, v, training_fields, sizeof training_fields / sizeof *training_fields, &p->training, "training");
}

/* An audience says who it is: at least one criterion; its roles are roles.yaml's and its employment
 * kinds the person entity's (a typo would make an audience silently empty). */
static void check_training(Loader *l, Pack *p)
{
    const EntityField *emp = entity_field(&person_entity, "employment");
    if (l->roles_clean && p->training.section_role && !pack_role(p, p->training.section_role))
        issue_add(l, l->file, 0, 0, "unknown_role", "training.section_role の役割 %s は roles.yaml にありません",
                  "training.section_role: role %s is not in roles.yaml", p->training.section_role);
    for (size_t i = 0; i < p->training.n_audiences && l->audience_nodes; i++) {
        const PackAudience *a = &p->training.audiences[i];
        yaml_node_t *item = node_get(l, l->audience_nodes[i]);
        if (!item)
            continue;
        const char *id = a->id ? a->id : "?";
        if (!a->all && !a->new_hires && !a->n_roles && !a->n_employments)
            ISSUE_AT(l, item, "missing_key", "対象者 %s: all, new_hires, roles, employments のいずれかを書いてください",
                     "audience %s: give all, new_hires, roles or employments", id);
        for (size_t j = 0; l->roles_clean && j < a->n_roles; j++)
            if (!pack_role(p, a->roles[j]))
                ISSUE_AT(l, item, "unknown_role", "対象者 %s の役割 %s は roles.yaml にありません",
                         "audience %s: role %s is not in roles.yaml", id, a->roles[j]);
        for (size_t j = 0; j < a->n_employments; j++) {
            bool known = false;
            for (size_t k = 0; emp && k < emp->nchoices; k++)
                known = known || strcmp(emp->choices[k].value, a->employments[j]) == 0;
            if (!known)
                ISSUE_AT(l, item, "bad_value", "対象者 %s の任用形態 %s はありません(regular, fiscal_year, part_time, contractor)",
                         "audience %s: employment %s is unknown (regular, fiscal_year, part_time, contractor)", id,
                         a->employments[j]);
        }
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* vendors.yaml */

#define VC(m) F_OFF(PackVendorClause, m)
static const Field vendor_clause_fields[] = {
    {"id", K_ID, true, VC(id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, VC(label), 0, 0, 0, 0, NULL, NULL},
    {"label_en", K_STR, true, VC(label_en), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, VC(article), 0, 0, 0, 0, NULL, NULL},
};
#undef VC

static void read_vendor_clauses(Loader *l, yaml_node_t *v, void *obj)
{
    PackVendors *t = obj;
    free(l->list_nodes);
    t->clauses = read_list(l, v, sizeof(PackVendorClause), vendor_clause_fields,
                           sizeof vendor_clause_fields / sizeof *vendor_clause_fields, "clauses", "id",
                           F_OFF(PackVendorClause, id), &t->n_clauses, &l->list_nodes);
    if (v->type == YAML_SEQUENCE_NODE && !t->n_clauses)
        ISSUE_AT(l, v, "empty_list", "%s に項目がありません", "%s has no items%s", "clauses", "");
}

static const Field vendors_fields[] = {
    {"article", K_ARTICLE, true, F_OFF(PackVendors, article), 0, 0, 0, 0, NULL, NULL},
    {"approval_type", K_ID, true, F_OFF(PackVendors, approval_type), 0, 0, 0, 0, NULL, NULL},
    {"check_interval_days", K_INT, true, F_OFF(PackVendors, check_interval_days), 0, 0, 1, 366, NULL, NULL},
    {"check_article", K_ARTICLE, true, F_OFF(PackVendors, check_article), 0, 0, 0, 0, NULL, NULL},
    {"cert_warn_days", K_INT, true, F_OFF(PackVendors, cert_warn_days), 0, 0, 0, 366, NULL, NULL},
    {"clauses", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_vendor_clauses},
};

static void read_vendors(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    read_map(l, v, vendors_fields, sizeof vendors_fields / sizeof *vendors_fields, &p->vendors, "vendors");
}

/* The approval type is a request type of requests.yaml, filed by a person (kind request), not about an
 * asset or a system (the contract names what it touches itself). */
static void check_vendors(Loader *l, yaml_node_t *root, Pack *p)
{
    const char *t = p->vendors.approval_type;
    if (!t || !l->have[F_REQUESTS] || pack_request_type(p, t))
        return;
    yaml_node_t *v = map_get(l, root, "vendors");
    yaml_node_t *at = v ? map_get(l, v, "approval_type") : NULL;
    if (at)
        ISSUE_AT(l, at, "unknown_request_type", "vendors.approval_type の申請種別 %s は requests.yaml にありません",
                 "vendors.approval_type: request type %s is not in requests.yaml", t);
}

/* ---------------------------------------------------------------------------------------------- */
/* cloud.yaml */

#define CA(m) F_OFF(PackCloudApproval, m)
static const Field cloud_approval_fields[] = {
    {"request_type", K_ID, true, CA(request_type), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, CA(label), 0, 0, 0, 0, NULL, NULL},
    {"label_en", K_STR, true, CA(label_en), 0, 0, 0, 0, NULL, NULL},
    {"max_confidentiality", K_ID, true, CA(max_confidentiality), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, CA(article), 0, 0, 0, 0, NULL, NULL},
    {"name_field", K_ID, true, CA(name_field), 0, 0, 0, 0, NULL, NULL},
    {"provider_field", K_ID, true, CA(provider_field), 0, 0, 0, 0, NULL, NULL},
    {"purpose_field", K_ID, false, CA(purpose_field), 0, 0, 0, 0, NULL, NULL},
    {"manager_field", K_ID, false, CA(manager_field), 0, 0, 0, 0, NULL, NULL},
    {"manager_role", K_ID, false, CA(manager_role), 0, 0, 0, 0, NULL, NULL},
};
#undef CA

static void read_cloud_approvals(Loader *l, yaml_node_t *v, void *obj)
{
    PackCloud *c = obj;
    free(l->list_nodes);
    c->approvals = read_list(l, v, sizeof(PackCloudApproval), cloud_approval_fields,
                             sizeof cloud_approval_fields / sizeof *cloud_approval_fields, "approvals", "request_type",
                             F_OFF(PackCloudApproval, request_type), &c->n_approvals, &l->list_nodes);
    if (v->type == YAML_SEQUENCE_NODE && !c->n_approvals)
        ISSUE_AT(l, v, "empty_list", "%s に項目がありません", "%s has no items%s", "approvals", "");
}

static const Field cloud_fields[] = {
    {"article", K_ARTICLE, true, F_OFF(PackCloud, article), 0, 0, 0, 0, NULL, NULL},
    {"manager_role", K_ID, true, F_OFF(PackCloud, manager_role), 0, 0, 0, 0, NULL, NULL},
    {"review_interval_days", K_INT, true, F_OFF(PackCloud, review_interval_days), 0, 0, 1, 731, NULL, NULL},
    {"review_article", K_ARTICLE, true, F_OFF(PackCloud, review_article), 0, 0, 0, 0, NULL, NULL},
    {"ismap_warn_days", K_INT, true, F_OFF(PackCloud, ismap_warn_days), 0, 0, 0, 366, NULL, NULL},
    {"ismap_article", K_ARTICLE, true, F_OFF(PackCloud, ismap_article), 0, 0, 0, 0, NULL, NULL},
    {"end_article", K_ARTICLE, true, F_OFF(PackCloud, end_article), 0, 0, 0, 0, NULL, NULL},
    {"approvals", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_cloud_approvals},
};

static void read_cloud(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    read_map(l, v, cloud_fields, sizeof cloud_fields / sizeof *cloud_fields, &p->cloud, "cloud");
}

/* The value node of key in the i-th approval of cloud.yaml (the approval itself without key), or the
 * cloud map: where a problem of that value is reported. */
static yaml_node_t *cloud_node(Loader *l, yaml_node_t *root, long i, const char *key)
{
    yaml_node_t *cloud = map_get(l, root, "cloud");
    yaml_node_t *at = cloud;
    if (i >= 0 && l->list_nodes)
        at = node_get(l, l->list_nodes[i]);
    yaml_node_t *v = key ? map_get(l, at, key) : NULL;
    return v ? v : at ? at : root;
}

/* A manager role names a role of roles.yaml with scope service. */
static void check_cloud_manager_role(Loader *l, yaml_node_t *root, Pack *p, long i, const char *role)
{
    const PackRole *r = pack_role(p, role);
    if (!r || r->scope != SCOPE_SERVICE)
        ISSUE_AT(l, cloud_node(l, root, i, "manager_role"), "unknown_role",
                 "manager_role の %s は roles.yaml にある scope: service の役割ではありません",
                 "manager_role: %s is not a role of roles.yaml with scope: service", role);
}

/* The manager roles are roles of scope service, and a role of scope service is appointed only in the
 * cloud register as the manager of some approval (no request stage approves as one: check_request_types);
 * each approval's request type exists, its fields are fields of that type (the manager a person field)
 * and its level is a confidentiality level. A problem is reported at the line of the value in
 * cloud.yaml, or — a role of scope service that nothing appoints — at the role in roles.yaml. */
static void check_cloud(Loader *l, yaml_node_t *root, Pack *p)
{
    const PackCloud *c = &p->cloud;
    if (l->have[F_ROLES] && l->roles_clean) {
        if (c->manager_role)
            check_cloud_manager_role(l, root, p, -1, c->manager_role);
        for (size_t i = 0; i < c->n_approvals; i++)
            if (c->approvals[i].manager_role)
                check_cloud_manager_role(l, root, p, (long)i, c->approvals[i].manager_role);
        for (size_t i = 0; i < p->n_roles; i++) {
            const PackRole *r = &p->roles[i];
            if (r->scope != SCOPE_SERVICE)
                continue;
            bool appointed = c->manager_role && strcmp(r->id, c->manager_role) == 0;
            for (size_t k = 0; k < c->n_approvals && !appointed; k++)
                appointed = c->approvals[k].manager_role && strcmp(r->id, c->approvals[k].manager_role) == 0;
            if (!appointed)
                issue_add(l, l->roles_file ? l->roles_file : "roles.yaml", l->role_lines ? l->role_lines[i] : 0, 1,
                          "bad_scope",
                          "scope: service の役割 %s は cloud.yaml の manager_role ではありません(指名する場所がありません)",
                          "role %s has scope: service but is no manager_role of cloud.yaml (nowhere appoints it)", r->id);
        }
    }
    /* levels are checked against a classification.yaml that was read without a problem */
    bool clean = l->have[F_CLASSIFICATION] && l->issues_after_classification == l->issues_before_classification;
    const PackScale *conf = clean ? pack_scale(p, "confidentiality") : NULL;
    for (size_t i = 0; i < c->n_approvals; i++) {
        PackCloudApproval *a = &c->approvals[i];
        const PackLevel *lv = conf && a->max_confidentiality ? pack_level(conf, a->max_confidentiality) : NULL;
        if (conf && a->max_confidentiality && !lv)
            ISSUE_AT(l, cloud_node(l, root, (long)i, "max_confidentiality"), "unknown_level",
                     "cloud.approvals の %s は classification.yaml の機密性の区分ではありません",
                     "cloud.approvals: %s is not a confidentiality level of classification.yaml", a->max_confidentiality);
        a->max_rank = lv ? lv->rank : 0;
        if (!l->have[F_REQUESTS] || !a->request_type)
            continue;
        const PackRequestType *t = pack_request_type(p, a->request_type);
        if (!t) {
            ISSUE_AT(l, cloud_node(l, root, (long)i, "request_type"), "unknown_request_type",
                     "cloud.approvals の申請種別 %s は requests.yaml にありません",
                     "cloud.approvals: request type %s is not in requests.yaml", a->request_type);
            continue;
        }
        static const char *const keys[] = {"name_field", "provider_field", "purpose_field", "manager_field"};
        const char *fields[] = {a->name_field, a->provider_field, a->purpose_field, a->manager_field};
        for (size_t k = 0; k < 4; k++) {
            const PackRequestField *f = fields[k] ? pack_request_field(t, fields[k]) : NULL;
            if (fields[k] && (!f || (k == 3) != (f->kind == RF_PERSON)))
                ISSUE_AT(l, cloud_node(l, root, (long)i, keys[k]), "unknown_field",
                         "cloud.approvals: 申請種別 %s に使える項目 %s がありません",
                         "cloud.approvals: request type %s has no suitable field %s", a->request_type, fields[k]);
        }
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* systems.yaml */

static const Field registration_fields[] = {
    {"id", K_ID, true, F_OFF(PackRegistration, id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackRegistration, label), 0, 0, 0, 0, NULL, NULL},
};

static const Field requirement_fields[] = {
    {"id", K_ID, true, F_OFF(PackSystemRequirement, id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackSystemRequirement, label), 0, 0, 0, 0, NULL, NULL},
    {"description", K_STR, false, F_OFF(PackSystemRequirement, description), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, false, F_OFF(PackSystemRequirement, article), 0, 0, 0, 0, NULL, NULL},
    {"reference", K_STR, false, F_OFF(PackSystemRequirement, reference), 0, 0, 0, 0, NULL, NULL},
    {"condition", K_STR, true, F_OFF(PackSystemRequirement, condition), 0, 0, 0, 0, NULL, NULL},
    {"field", K_ENUM, true, F_OFF(PackSystemRequirement, field), 0, 0, 0, 0, pack_system_fields, NULL},
};

static void read_registrations(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    p->systems.registrations = read_list(l, v, sizeof(PackRegistration), registration_fields,
                                         sizeof registration_fields / sizeof *registration_fields,
                                         "registrations", "id", F_OFF(PackRegistration, id),
                                         &p->systems.n_registrations, NULL);
}

static void read_requirements(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    free(l->req_nodes);
    p->systems.requirements = read_list(l, v, sizeof(PackSystemRequirement), requirement_fields,
                                        sizeof requirement_fields / sizeof *requirement_fields,
                                        "requirements", "id", F_OFF(PackSystemRequirement, id),
                                        &p->systems.n_requirements, &l->req_nodes);
}

#define ACOL(i) {NULL, K_TEXTLIST, false, F_OFF(PackAccountFormat, columns[i]), F_OFF(PackAccountFormat, n_columns[i]), \
                 0, 0, 0, NULL, NULL}

static void read_account_columns(Loader *l, yaml_node_t *v, void *obj)
{
    Field f[ACCT_COL_COUNT] = {ACOL(0), ACOL(1), ACOL(2), ACOL(3), ACOL(4), ACOL(5), ACOL(6)};
    for (int i = 0; i < ACCT_COL_COUNT; i++)
        f[i].key = pack_account_columns[i];
    f[ACCT_COL_LOGIN_ID].required = true;
    read_map(l, v, f, ACCT_COL_COUNT, obj, "columns");
}

static const Field account_format_fields[] = {
    {"id", K_ID, true, F_OFF(PackAccountFormat, id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackAccountFormat, label), 0, 0, 0, 0, NULL, NULL},
    {"description", K_STR, false, F_OFF(PackAccountFormat, description), 0, 0, 0, 0, NULL, NULL},
    {"columns", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_account_columns},
    {"privileged_words", K_TEXTLIST, false, F_OFF(PackAccountFormat, privileged_words),
     F_OFF(PackAccountFormat, n_privileged_words), 0, 0, 0, NULL, NULL},
    {"disabled_words", K_TEXTLIST, false, F_OFF(PackAccountFormat, disabled_words),
     F_OFF(PackAccountFormat, n_disabled_words), 0, 0, 0, NULL, NULL},
};

static void read_account_formats(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    p->systems.account_formats = read_list(l, v, sizeof(PackAccountFormat), account_format_fields,
                                           sizeof account_format_fields / sizeof *account_format_fields,
                                           "account_formats", "id", F_OFF(PackAccountFormat, id),
                                           &p->systems.n_account_formats, NULL);
}

static const Field systems_fields[] = {
    {"support_warning_months", K_INT, true, F_OFF(Pack, systems.support_warning_months), 0, 0, 0, 120, NULL, NULL},
    {"support_article", K_ARTICLE, true, F_OFF(Pack, systems.support_article), 0, 0, 0, 0, NULL, NULL},
    {"editor_roles", K_STRLIST, true, F_OFF(Pack, systems.editor_roles), F_OFF(Pack, systems.n_editor_roles), 0, 0, 0,
     NULL, NULL},
    {"registrations", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_registrations},
    {"requirements", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_requirements},
    {"account_formats", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_account_formats},
    {"privileged_id_roles", K_STRLIST, false, F_OFF(Pack, systems.privileged_id_roles),
     F_OFF(Pack, systems.n_privileged_id_roles), 0, 0, 0, NULL, NULL},
    {"shared_id_words", K_TEXTLIST, false, F_OFF(Pack, systems.shared_id_words), F_OFF(Pack, systems.n_shared_id_words),
     0, 0, 0, NULL, NULL},
};

static void read_systems(Loader *l, yaml_node_t *v, void *obj)
{
    read_map(l, v, systems_fields, sizeof systems_fields / sizeof *systems_fields, obj, "systems");
}

/* Parses one requirement's condition ("always", "<scale>_min:<level>", "zone:<zone>") against the
 * scales of classification.yaml; false with an issue when it names nothing known. */
static void parse_condition(Loader *l, yaml_node_t *at, PackSystemRequirement *r, const Pack *p, bool have_scales)
{
    const char *c = r->condition;
    const char *colon = strchr(c, ':');
    if (strcmp(c, "always") == 0) {
        r->cond_kind = COND_ALWAYS;
        return;
    }
    if (colon && strncmp(c, "zone:", 5) == 0) {
        if (in_list(pack_zones, colon + 1) >= 0) {
            r->cond_kind = COND_ZONE;
            r->cond_value = xstrdup(colon + 1);
            return;
        }
    } else if (colon && colon - c > 4 && strncmp(colon - 4, "_min", 4) == 0) {
        char *scale = xstrndup(c, (size_t)(colon - 4 - c));
        const PackScale *sc = pack_scale(p, scale);
        const PackLevel *lv = sc ? pack_level(sc, colon + 1) : NULL;
        if (lv) {
            r->cond_kind = COND_LEVEL_MIN;
            r->cond_scale = scale;
            r->cond_value = xstrdup(colon + 1);
            r->cond_rank = lv->rank;
            return;
        }
        free(scale);
        if (!have_scales)
            return; /* classification.yaml has its own problems; do not pile on */
    }
    char buf[128];
    snprintf(buf, sizeof buf, "%.100s", c);
    ISSUE_AT(l, at, "bad_condition",
             "condition \"%s\" は使えません(always、<尺度>_min:<区分>(例: availability_min:2)、zone:<領域>(mynumber, lgwan, internet))",
             "condition \"%s\" is not valid (always, <scale>_min:<level> such as availability_min:2, or zone:<zone> with mynumber, lgwan, internet)",
             buf);
}

static void check_systems(Loader *l, yaml_node_t *root, Pack *p)
{
    yaml_node_t *sys = map_get(l, root, "systems");
    PackSystems *s = &p->systems;
    bool have_scales = l->have[F_CLASSIFICATION] && p->n_scales > 0;
    for (size_t i = 0; i < s->n_requirements && l->req_nodes; i++) {
        PackSystemRequirement *r = &s->requirements[i];
        yaml_node_t *item = node_get(l, l->req_nodes[i]);
        if (!item)
            continue;
        if (!r->article && !r->reference)
            ISSUE_AT(l, item, "missing_key", "要件 %s に article か reference のどちらかを書いてください",
                     "requirement %s needs an article or a reference", r->id ? r->id : "?");
        if (r->condition) {
            yaml_node_t *cn = map_get(l, item, "condition");
            parse_condition(l, cn ? cn : item, r, p, have_scales);
        }
    }
    /* editor roles are roles of the pack scoped to a system */
    yaml_node_t *er = sys ? map_get(l, sys, "editor_roles") : NULL;
    for (size_t i = 0; i < s->n_editor_roles && l->roles_clean; i++) {
        const PackRole *role = pack_role(p, s->editor_roles[i]);
        if (!role || role->scope != SCOPE_SYSTEM)
            ISSUE_AT(l, er ? er : root, "unknown_role",
                     "editor_roles の %s は roles.yaml にある scope: system の役割ではありません",
                     "editor_roles: %s is not a role of roles.yaml with scope: system", s->editor_roles[i]);
    }
    yaml_node_t *pr = sys ? map_get(l, sys, "privileged_id_roles") : NULL;
    for (size_t i = 0; i < s->n_privileged_id_roles && l->roles_clean; i++) {
        const PackRole *role = pack_role(p, s->privileged_id_roles[i]);
        if (!role || role->scope != SCOPE_SYSTEM)
            ISSUE_AT(l, pr ? pr : root, "unknown_role",
                     "privileged_id_roles の %s は roles.yaml にある scope: system の役割ではありません",
                     "privileged_id_roles: %s is not a role of roles.yaml with scope: system", s->privileged_id_roles[i]);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* requests.yaml */

static const char *const field_type_names[] = {"text", "date", "datetime", "bool", "choice", "asset", "system",
                                               "person", "confidentiality", "articles", NULL};
static const char *const request_kind_names[] = {"request", "exception", "delegation", NULL};
static const char *const stage_scope_names[] = {"requester_section", "object_section", "organisation", "system",
                                                NULL};
static const char *const stage_mode_names[] = {"any", "all", NULL};
static const char *const object_names[] = {"none", "asset", "system", NULL};
static const char *const asset_event_names[] = {"transport", "provide", "dispose", NULL};

static const Field request_field_fields[] = {
    {"name", K_ID, true, F_OFF(PackRequestField, name), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackRequestField, label), 0, 0, 0, 0, NULL, NULL},
    {"type", K_ENUM, true, F_OFF(PackRequestField, type), 0, 0, 0, 0, field_type_names, NULL},
    {"required", K_BOOL, false, F_OFF(PackRequestField, required), 0, 0, 0, 0, NULL, NULL},
    {"choices", K_STRLIST, false, F_OFF(PackRequestField, choices), F_OFF(PackRequestField, n_choices), 0, 0, 0,
     NULL, NULL},
    {"choice_labels", K_TEXTLIST, false, F_OFF(PackRequestField, choice_labels),
     F_OFF(PackRequestField, n_choice_labels), 0, 0, 0, NULL, NULL},
    {"not_before", K_ID, false, F_OFF(PackRequestField, not_before), 0, 0, 0, 0, NULL, NULL},
};

static const Field stage_fields[] = {
    {"role", K_ID, true, F_OFF(PackRequestStage, role), 0, 0, 0, 0, NULL, NULL},
    {"scope", K_ENUM, true, F_OFF(PackRequestStage, scope), 0, 0, 0, 0, stage_scope_names, NULL},
    {"mode", K_ENUM, false, F_OFF(PackRequestStage, mode), 0, 0, 0, 0, stage_mode_names, NULL},
    {"escalate_to", K_ID, false, F_OFF(PackRequestStage, escalate_to), 0, 0, 0, 0, NULL, NULL},
};

static void read_request_fields(Loader *l, yaml_node_t *v, void *obj)
{
    PackRequestType *t = obj;
    t->fields = read_list(l, v, sizeof *t->fields, request_field_fields,
                          sizeof request_field_fields / sizeof *request_field_fields, "fields", "name",
                          F_OFF(PackRequestField, name), &t->n_fields, NULL);
}

static void read_stages(Loader *l, yaml_node_t *v, void *obj)
{
    PackRequestType *t = obj;
    t->stages = read_list(l, v, sizeof *t->stages, stage_fields, sizeof stage_fields / sizeof *stage_fields,
                          "stages", "role", F_OFF(PackRequestStage, role), &t->n_stages, NULL);
    if (t->stages && t->n_stages == 0)
        ISSUE_AT(l, v, "empty_list", "stages が空です", "stages is empty%s", "");
}

static const Field request_type_fields[] = {
    {"id", K_ID, true, F_OFF(PackRequestType, id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackRequestType, label), 0, 0, 0, 0, NULL, NULL},
    {"group", K_STR, false, F_OFF(PackRequestType, group), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, F_OFF(PackRequestType, article), 0, 0, 0, 0, NULL, NULL},
    {"description", K_STR, false, F_OFF(PackRequestType, description), 0, 0, 0, 0, NULL, NULL},
    {"object", K_ENUM, true, F_OFF(PackRequestType, object), 0, 0, 0, 0, object_names, NULL},
    {"kind", K_ENUM, false, F_OFF(PackRequestType, kind), 0, 0, 0, 0, request_kind_names, NULL},
    {"condition", K_STR, true, F_OFF(PackRequestType, condition), 0, 0, 0, 0, NULL, NULL},
    {"instead", K_ID, false, F_OFF(PackRequestType, instead), 0, 0, 0, 0, NULL, NULL},
    {"requester_roles", K_STRLIST, false, F_OFF(PackRequestType, requester_roles),
     F_OFF(PackRequestType, n_requester_roles), 0, 0, 0, NULL, NULL},
    {"default_approver_note", K_STR, false, F_OFF(PackRequestType, default_approver_note), 0, 0, 0, 0, NULL, NULL},
    {"valid_until_field", K_ID, false, F_OFF(PackRequestType, valid_until_field), 0, 0, 0, 0, NULL, NULL},
    {"remind_before_days", K_INT64, false, F_OFF(PackRequestType, remind_before_days), 0, 0, 1, 365, NULL, NULL},
    {"report_within_days", K_INT64, false, F_OFF(PackRequestType, report_within_days), 0, 0, 1, 365, NULL, NULL},
    {"report_article", K_ARTICLE, false, F_OFF(PackRequestType, report_article), 0, 0, 0, 0, NULL, NULL},
    {"review_interval_days", K_INT64, false, F_OFF(PackRequestType, review_interval_days), 0, 0, 1, 3660, NULL, NULL},
    {"delegates", K_STRLIST, false, F_OFF(PackRequestType, delegates), F_OFF(PackRequestType, n_delegates), 0, 0, 0,
     NULL, NULL},
    {"notify_roles", K_STRLIST, false, F_OFF(PackRequestType, notify_roles), F_OFF(PackRequestType, n_notify_roles), 0,
     0, 0, NULL, NULL},
    {"validity_days", K_INT64, false, F_OFF(PackRequestType, validity_days), 0, 0, 1, 3660, NULL, NULL},
    {"needs_return", K_BOOL, false, F_OFF(PackRequestType, needs_return), 0, 0, 0, 0, NULL, NULL},
    {"return_not_before", K_ID, false, F_OFF(PackRequestType, return_not_before), 0, 0, 0, 0, NULL, NULL},
    {"asset_event", K_ENUM, false, F_OFF(PackRequestType, asset_event), 0, 0, 0, 0, asset_event_names, NULL},
    {"fields", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_request_fields},
    {"stages", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_stages},
};

static void read_request_types(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    free(l->rtype_nodes);
    p->request_types = read_list(l, v, sizeof *p->request_types, request_type_fields,
                                 sizeof request_type_fields / sizeof *request_type_fields, "types", "id",
                                 F_OFF(PackRequestType, id), &p->n_request_types, &l->rtype_nodes);
}

/* condition: always | confidentiality_min:<level> | confidentiality_below:<level>, read from the
 * asset (object: asset) or from the type's one confidentiality field (object: none). */
static void check_request_condition(Loader *l, yaml_node_t *item, Pack *p, PackRequestType *t, bool have_scales)
{
    if (!t->condition || strcmp(t->condition, "always") == 0)
        return;
    const char *tid = t->id ? t->id : "?";
    const char *min = "confidentiality_min:", *below = "confidentiality_below:";
    const PackScale *sc = pack_scale(p, "confidentiality");
    const char *lvid = NULL;
    bool is_below = false;
    if (strncmp(t->condition, min, strlen(min)) == 0)
        lvid = t->condition + strlen(min);
    else if (strncmp(t->condition, below, strlen(below)) == 0) {
        lvid = t->condition + strlen(below);
        is_below = true;
    }
    const PackLevel *lv = lvid && sc ? pack_level(sc, lvid) : NULL;
    const PackRequestField *cf = NULL;
    size_t n_conf = 0;
    for (size_t j = 0; j < t->n_fields; j++)
        if (t->fields[j].kind == RF_CONFIDENTIALITY) {
            cf = &t->fields[j];
            n_conf++;
        }
    bool on_asset = t->object && strcmp(t->object, "asset") == 0;
    bool on_field = t->object && strcmp(t->object, "none") == 0 && n_conf == 1 && cf->required;
    if (lv && (on_asset || on_field)) {
        t->cond_level = xstrdup(lv->id);
        t->cond_rank = lv->rank;
        t->cond_below = is_below;
        if (on_field)
            t->cond_field = xstrdup(cf->name);
    } else if (have_scales) {
        char buf[128];
        snprintf(buf, sizeof buf, "%.100s", t->condition);
        ISSUE_AT(l, item, "bad_condition",
                 "申請種別 %s の condition \"%s\" は使えません(always、confidentiality_min:<区分> か confidentiality_below:<区分>。後の二つは object: asset か、object: none で必須の confidentiality 項目が一つあるとき)",
                 "request type %s: condition \"%s\" is not valid (always, confidentiality_min:<level> or confidentiality_below:<level>; the last two need object: asset, or object: none with exactly one required confidentiality field)",
                 tid, buf);
    }
}

static void check_role_list(Loader *l, yaml_node_t *item, Pack *p, const char *tid, const char *key, char **v,
                            size_t n)
{
    for (size_t j = 0; j < n && l->roles_clean; j++)
        if (!pack_role(p, v[j]))
            ISSUE_AT(l, item, "unknown_role", "申請種別 %s の %s の役割 %s は roles.yaml にありません",
                     "request type %s: %s role %s is not in roles.yaml", tid, key, v[j]);
}

/* kind, requester_roles, valid_until_field, instead, the exception and delegation keys. */
static void check_request_extras(Loader *l, yaml_node_t *item, Pack *p, PackRequestType *t)
{
    const char *tid = t->id ? t->id : "?";
    if (!t->kind)
        t->kind = xstrdup("request");
    check_role_list(l, item, p, tid, "requester_roles", t->requester_roles, t->n_requester_roles);
    check_role_list(l, item, p, tid, "delegates", t->delegates, t->n_delegates);
    check_role_list(l, item, p, tid, "notify_roles", t->notify_roles, t->n_notify_roles);
    if (t->valid_until_field) {
        const PackRequestField *f = pack_request_field(t, t->valid_until_field);
        if (!f || f->kind != RF_DATE || !f->required)
            ISSUE_AT(l, item, "bad_value", "申請種別 %s の valid_until_field %s は必須の date 項目ではありません",
                     "request type %s: valid_until_field %s is not a required date field", tid, t->valid_until_field);
        if (t->validity_days)
            ISSUE_AT(l, item, "bad_value", "申請種別 %s: validity_days と valid_until_field は同時に書けません",
                     "request type %s: validity_days and valid_until_field exclude each other%s", tid, "");
    }
    for (size_t j = 0; j < t->n_fields; j++) {
        const PackRequestField *f = &t->fields[j];
        if (!f->not_before)
            continue;
        const PackRequestField *other = pack_request_field(t, f->not_before);
        bool dated = f->kind == RF_DATE || f->kind == RF_DATETIME;
        if (!dated || !other || other == f || (other->kind != RF_DATE && other->kind != RF_DATETIME))
            ISSUE_AT(l, item, "bad_value", "申請種別 %s の項目 %s の not_before は同じ種別の他の date・datetime 項目ではありません",
                     "request type %s: not_before of field %s does not name another date or datetime field", tid,
                     f->name ? f->name : "?");
    }
    if (t->return_not_before) {
        const PackRequestField *f = pack_request_field(t, t->return_not_before);
        if (!t->needs_return || !f || !f->required || (f->kind != RF_DATE && f->kind != RF_DATETIME))
            ISSUE_AT(l, item, "bad_value",
                     "申請種別 %s の return_not_before %s は needs_return の種別の必須の date・datetime 項目ではありません",
                     "request type %s: return_not_before %s is not a required date or datetime field of a needs_return type",
                     tid, t->return_not_before);
    }
    if (t->instead && t->id && (strcmp(t->instead, t->id) == 0 || !t->cond_level))
        ISSUE_AT(l, item, "bad_value", "申請種別 %s の instead は condition のある種別で、他の種別を指します",
                 "request type %s: instead needs a condition and names another type%s", tid, "");
    bool exception = strcmp(t->kind, "exception") == 0, delegation = strcmp(t->kind, "delegation") == 0;
    if (!exception && (t->report_within_days || t->report_article || t->review_interval_days))
        ISSUE_AT(l, item, "bad_value",
                 "申請種別 %s: report_within_days・report_article・review_interval_days は kind: exception のときだけ書けます",
                 "request type %s: report_within_days, report_article and review_interval_days need kind: exception%s",
                 tid, "");
    if (exception && (!t->report_within_days || !t->valid_until_field))
        ISSUE_AT(l, item, "missing_key",
                 "申請種別 %s (kind: exception) には report_within_days と valid_until_field(終了予定日)が必要です",
                 "request type %s (kind: exception) needs report_within_days and valid_until_field%s", tid, "");
    if (!delegation && (t->n_delegates || t->n_notify_roles))
        ISSUE_AT(l, item, "bad_value", "申請種別 %s: delegates・notify_roles は kind: delegation のときだけ書けます",
                 "request type %s: delegates and notify_roles need kind: delegation%s", tid, "");
    if (delegation) {
        const PackRequestField *dep = pack_request_field(t, "deputy"), *role = pack_request_field(t, "role"),
                               *from = pack_request_field(t, "valid_from"), *until = pack_request_field(t, "valid_until");
        bool ok = t->n_delegates > 0 && dep && dep->kind == RF_PERSON && dep->required && role &&
                  role->kind == RF_CHOICE && role->required && from && from->kind == RF_DATE && from->required &&
                  until && until->kind == RF_DATE && until->required && strcmp(t->object, "none") == 0;
        for (size_t j = 0; ok && j < role->n_choices; j++) {
            bool listed = false;
            for (size_t k = 0; k < t->n_delegates; k++)
                listed = listed || strcmp(role->choices[j], t->delegates[k]) == 0;
            ok = listed;
        }
        if (!ok)
            ISSUE_AT(l, item, "bad_value",
                     "申請種別 %s (kind: delegation) は object: none、delegates、必須項目 deputy (person)・role (choice: delegates の役割)・valid_from・valid_until (date) が必要です",
                     "request type %s (kind: delegation) needs object: none, delegates, and required fields deputy (person), role (choice of the delegates), valid_from and valid_until (date)%s",
                     tid, "");
    }
}

/* Cross checks: field kinds and choices, stage roles known to roles.yaml, scopes that need an
 * object have one, conditions name a confidentiality level, asset_event only on asset requests. */
static void check_request_types(Loader *l, yaml_node_t *root, Pack *p)
{
    yaml_node_t *seq = map_get(l, root, "types");
    if (seq && seq->type == YAML_SEQUENCE_NODE && p->request_types && p->n_request_types == 0)
        ISSUE_AT(l, seq, "empty_list", "types が空です", "types is empty%s", "");
    bool have_scales = l->have[F_CLASSIFICATION] && p->n_scales > 0;
    for (size_t i = 0; i < p->n_request_types && l->rtype_nodes; i++) {
        PackRequestType *t = &p->request_types[i];
        yaml_node_t *item = node_get(l, l->rtype_nodes[i]);
        if (!item)
            continue;
        const char *tid = t->id ? t->id : "?";
        for (size_t j = 0; j < t->n_fields; j++) {
            PackRequestField *f = &t->fields[j];
            int k = f->type ? in_list(field_type_names, f->type) : 0;
            f->kind = (PackFieldType)(k < 0 ? 0 : k);
            if ((f->kind == RF_CHOICE) != (f->n_choices > 0))
                ISSUE_AT(l, item, "bad_choices", "申請種別 %s の項目 %s: choices は type: choice のときだけ、必ず書きます",
                         "request type %s field %s: choices are required for type choice and only there", tid,
                         f->name ? f->name : "?");
            if (f->n_choice_labels && f->n_choice_labels != f->n_choices)
                ISSUE_AT(l, item, "bad_choice_labels",
                         "申請種別 %s の項目 %s: choice_labels は choices と同じ数だけ、同じ順に書きます",
                         "request type %s field %s: choice_labels must match choices one for one", tid,
                         f->name ? f->name : "?");
        }
        bool has_object = t->object && strcmp(t->object, "none") != 0;
        for (size_t j = 0; j < t->n_stages; j++) {
            PackRequestStage *s = &t->stages[j];
            int k = s->scope ? in_list(stage_scope_names, s->scope) : 0;
            s->scope_kind = (PackStageScope)(k < 0 ? 0 : k);
            s->all = s->mode && strcmp(s->mode, "all") == 0;
            if (!s->mode)
                s->mode = xstrdup("any");
            if (l->roles_clean && s->role && !pack_role(p, s->role))
                ISSUE_AT(l, item, "unknown_role", "申請種別 %s の段階の役割 %s は roles.yaml にありません",
                         "request type %s: stage role %s is not in roles.yaml", tid, s->role);
            if (l->roles_clean && s->escalate_to && !pack_role(p, s->escalate_to))
                ISSUE_AT(l, item, "unknown_role", "申請種別 %s の escalate_to %s は roles.yaml にありません",
                         "request type %s: escalate_to %s is not in roles.yaml", tid, s->escalate_to);
            /* a role of scope service is appointed per service in the cloud register (cloud.yaml) */
            const PackRole *sr = l->roles_clean && s->role ? pack_role(p, s->role) : NULL;
            const PackRole *up = l->roles_clean && s->escalate_to ? pack_role(p, s->escalate_to) : NULL;
            if (!(sr && sr->scope == SCOPE_SERVICE) && up && up->scope == SCOPE_SERVICE)
                sr = up;
            if (sr && sr->scope == SCOPE_SERVICE)
                ISSUE_AT(l, item, "bad_scope", "申請種別 %s の承認者 %s は scope: service の役割です(承認者にできません)",
                         "request type %s: approver role %s has scope: service and cannot approve", tid, sr->id);
            if ((s->scope_kind == STAGE_OBJECT_SECTION && !has_object) ||
                (s->scope_kind == STAGE_SYSTEM && !(t->object && strcmp(t->object, "system") == 0)))
                ISSUE_AT(l, item, "bad_scope", "申請種別 %s: scope %s には対象 (object) が必要です",
                         "request type %s: scope %s needs an object of the right kind", tid, s->scope);
        }
        if (t->asset_event && !(t->object && strcmp(t->object, "asset") == 0))
            ISSUE_AT(l, item, "bad_value", "申請種別 %s: asset_event は object: asset のときだけ書けます",
                     "request type %s: asset_event needs object: asset%s", tid, "");
        check_request_condition(l, item, p, t, have_scales);
        check_request_extras(l, item, p, t);
        if (t->instead && !pack_request_type(p, t->instead))
            ISSUE_AT(l, item, "bad_value", "申請種別 %s の instead %s は requests.yaml にありません",
                     "request type %s: instead %s is not a request type", tid, t->instead);
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* guideline.yaml */

#define MAX_GL_TEXT 256 /* a term, heading or phrase longer than this is a mistake */

static const char *const gl_part_names[] = {"basic", "standard", "any", NULL};
static const char *const gl_unit_names[] = {"item", "article", "chapter", NULL};
static const char *const gl_kind_names[] = {"wording", "conjunction", "requires", NULL};

static void free_gl_terms(PackGlTerm *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < t[i].n_variants; j++)
            free(t[i].variants[j]);
        free(t[i].variants);
    }
    free(t);
}

/* A list of non-empty texts (headings, phrases) into arr and n. */
static void read_texts(Loader *l, yaml_node_t *v, const char *key, char ***arr, size_t *n)
{
    if (v->type != YAML_SEQUENCE_NODE) {
        ISSUE_AT(l, v, "wrong_type", "%s はリスト([a, b])で書いてください(%sが書かれています)%.0s",
                 "%s must be a list ([a, b]), not %.0s%s", key, type_ja(v), type_en(v));
        return;
    }
    size_t count = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (count > MAX_ITEMS) {
        ISSUE_AT(l, v, "too_many_items", "%s の要素が多すぎます(%d まで)", "%s has too many items (at most %d)",
                 key, MAX_ITEMS);
        return;
    }
    if (count == 0) {
        ISSUE_AT(l, v, "empty_list", "%s が空です", "%s is empty%s", key, "");
        return;
    }
    *arr = xcalloc(count, sizeof **arr);
    *n = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        yaml_node_t *item = node_get(l, *it);
        if (!item || !visit(l, item))
            continue;
        char *s = scalar_dup(l, item, key);
        if (!s)
            continue;
        char buf[128];
        if (s[0] == '\0' || strlen(s) > MAX_GL_TEXT || strpbrk(s, " \t\r\n")) {
            ISSUE_AT(l, item, "bad_value", "%s の \"%s\" は空白を含まない %d バイトまでの文字列にしてください",
                     "%s: \"%s\" must be non-empty text without white space, at most %d bytes", key,
                     shown(item, buf, sizeof buf), MAX_GL_TEXT);
            free(s);
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < *n; j++)
            dup |= strcmp((*arr)[j], s) == 0;
        if (dup) {
            ISSUE_AT(l, item, "duplicate_value", "%s に \"%s\" が重複しています", "%s lists \"%s\" twice", key,
                     shown(item, buf, sizeof buf));
            free(s);
            continue;
        }
        (*arr)[(*n)++] = s;
    }
}

/* A list of terms; each is a list of wordings, or one wording as a scalar. */
static void read_terms(Loader *l, yaml_node_t *v, const char *key, PackGlTerm **out, size_t *n)
{
    if (v->type != YAML_SEQUENCE_NODE) {
        ISSUE_AT(l, v, "wrong_type", "%s はリストで書いてください(%sが書かれています)%.0s",
                 "%s must be a list, not %.0s%s", key, type_ja(v), type_en(v));
        return;
    }
    size_t count = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (count > MAX_ITEMS) {
        ISSUE_AT(l, v, "too_many_items", "%s の要素が多すぎます(%d まで)", "%s has too many items (at most %d)",
                 key, MAX_ITEMS);
        return;
    }
    if (count == 0) {
        ISSUE_AT(l, v, "empty_list", "%s が空です", "%s is empty%s", key, "");
        return;
    }
    *out = xcalloc(count, sizeof **out);
    *n = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        yaml_node_t *item = node_get(l, *it);
        if (!item || !visit(l, item))
            continue;
        PackGlTerm *t = &(*out)[*n];
        if (item->type == YAML_SCALAR_NODE) {
            char *s = scalar_dup(l, item, key);
            if (!s)
                continue;
            if (s[0] == '\0' || strlen(s) > MAX_GL_TEXT || strpbrk(s, " \t\r\n")) {
                char buf[128];
                ISSUE_AT(l, item, "bad_value", "%s の \"%s\" は空白を含まない %d バイトまでの文字列にしてください",
                         "%s: \"%s\" must be non-empty text without white space, at most %d bytes", key,
                         shown(item, buf, sizeof buf), MAX_GL_TEXT);
                free(s);
                continue;
            }
            t->variants = xcalloc(1, sizeof *t->variants);
            t->variants[0] = s;
            t->n_variants = 1;
        } else {
            read_texts(l, item, key, &t->variants, &t->n_variants);
            if (t->n_variants == 0) {
                free(t->variants);
                t->variants = NULL;
                continue;
            }
        }
        (*n)++;
    }
}

static void read_gl_where(Loader *l, yaml_node_t *v, void *obj)
{
    PackGlElement *el = obj;
    read_texts(l, v, "where", &el->where, &el->n_where);
}
static void read_gl_within(Loader *l, yaml_node_t *v, void *obj)
{
    PackGlElement *el = obj;
    read_texts(l, v, "within", &el->within, &el->n_within);
}
static void read_gl_terms(Loader *l, yaml_node_t *v, void *obj)
{
    PackGlElement *el = obj;
    read_terms(l, v, "terms", &el->terms, &el->n_terms);
}
static void read_gl_together(Loader *l, yaml_node_t *v, void *obj)
{
    PackGlElement *el = obj;
    read_terms(l, v, "together", &el->together_names_, &el->n_together_names_);
}

static const Field gl_element_fields[] = {
    {"id", K_ID, true, F_OFF(PackGlElement, id), 0, 0, 0, 0, NULL, NULL},
    {"section", K_STR, true, F_OFF(PackGlElement, section), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackGlElement, label), 0, 0, 0, 0, NULL, NULL},
    {"part", K_ENUM, true, F_OFF(PackGlElement, part), 0, 0, 0, 0, gl_part_names, NULL},
    {"unit", K_ENUM, true, F_OFF(PackGlElement, unit), 0, 0, 0, 0, gl_unit_names, NULL},
    {"where", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_gl_where},
    {"within", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_gl_within},
    {"terms", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_gl_terms},
    {"together", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_gl_together},
};

static void read_gl_patterns(Loader *l, yaml_node_t *v, void *obj)
{
    PackGlDeviation *d = obj;
    read_texts(l, v, "patterns", &d->patterns, &d->n_patterns);
}
static void read_gl_titles(Loader *l, yaml_node_t *v, void *obj)
{
    PackGlDeviation *d = obj;
    read_texts(l, v, "titles", &d->titles, &d->n_titles);
}
static void read_gl_pairs(Loader *l, yaml_node_t *v, void *obj)
{
    PackGlDeviation *d = obj;
    read_terms(l, v, "pairs", &d->pairs, &d->n_pairs);
}
static void read_gl_requires(Loader *l, yaml_node_t *v, void *obj)
{
    PackGlDeviation *d = obj;
    read_texts(l, v, "requires_any", &d->requires_any, &d->n_requires_any);
}

static const Field gl_deviation_fields[] = {
    {"id", K_ID, true, F_OFF(PackGlDeviation, id), 0, 0, 0, 0, NULL, NULL},
    {"kind", K_ENUM, true, F_OFF(PackGlDeviation, kind), 0, 0, 0, 0, gl_kind_names, NULL},
    {"section", K_STR, true, F_OFF(PackGlDeviation, section), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackGlDeviation, label), 0, 0, 0, 0, NULL, NULL},
    {"part", K_ENUM, true, F_OFF(PackGlDeviation, part), 0, 0, 0, 0, gl_part_names, NULL},
    {"expected", K_STR, true, F_OFF(PackGlDeviation, expected), 0, 0, 0, 0, NULL, NULL},
    {"patterns", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_gl_patterns},
    {"titles", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_gl_titles},
    {"pairs", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_gl_pairs},
    {"requires_any", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_gl_requires},
};

static const Field gl_head_fields[] = {
    {"title", K_STR, true, F_OFF(PackGuideline, title), 0, 0, 0, 0, NULL, NULL},
    {"edition", K_STR, true, F_OFF(PackGuideline, edition), 0, 0, 0, 0, NULL, NULL},
    {"standard_min_chapters", K_INT, true, F_OFF(PackGuideline, standard_min_chapters), 0, 0, 1, 9, NULL, NULL},
};

static void read_gl_head(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    read_map(l, v, gl_head_fields, sizeof gl_head_fields / sizeof *gl_head_fields, &p->guideline, "guideline");
}

static void read_gl_elements(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    free(l->gl_el_nodes);
    p->guideline.elements = read_list(l, v, sizeof *p->guideline.elements, gl_element_fields,
                                      sizeof gl_element_fields / sizeof *gl_element_fields, "elements", "id",
                                      F_OFF(PackGlElement, id), &p->guideline.n_elements, &l->gl_el_nodes);
}

static void read_gl_deviations(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    free(l->gl_dev_nodes);
    p->guideline.deviations = read_list(l, v, sizeof *p->guideline.deviations, gl_deviation_fields,
                                        sizeof gl_deviation_fields / sizeof *gl_deviation_fields, "deviations",
                                        "id", F_OFF(PackGlDeviation, id), &p->guideline.n_deviations,
                                        &l->gl_dev_nodes);
}

/* Cross checks: `together` names terms of its element (by any wording) and has at least two; each
 * deviation kind has the keys it needs and no others. */
static void check_guideline(Loader *l, yaml_node_t *root, Pack *p)
{
    PackGuideline *g = &p->guideline;
    yaml_node_t *seq = map_get(l, root, "elements");
    if (seq && seq->type == YAML_SEQUENCE_NODE && g->elements && g->n_elements == 0)
        ISSUE_AT(l, seq, "empty_list", "elements が空です", "elements is empty%s", "");
    for (size_t i = 0; i < g->n_elements && l->gl_el_nodes; i++) {
        PackGlElement *el = &g->elements[i];
        yaml_node_t *item = node_get(l, l->gl_el_nodes[i]);
        if (!item)
            continue;
        const char *eid = el->id ? el->id : "?";
        el->part_kind = (PackGlPart)(el->part ? in_list(gl_part_names, el->part) : 0);
        el->unit_kind = (PackGlUnit)(el->unit ? in_list(gl_unit_names, el->unit) : 0);
        if (el->n_terms > 64) /* the check keeps the terms found in a 64-bit mask */
            ISSUE_AT(l, item, "too_many_items", "要素 %s: terms は %d 個までです", "element %s: at most %d terms",
                     eid, 64);
        if (el->part_kind == GL_PART_ANY)
            ISSUE_AT(l, item, "bad_value", "要素 %s: part は basic か standard にしてください",
                     "element %s: part must be basic or standard%s", eid, "");
        if (el->n_together_names_) {
            el->together = xcalloc(el->n_together_names_, sizeof *el->together);
            el->n_together_terms = xcalloc(el->n_together_names_, sizeof *el->n_together_terms);
        }
        for (size_t j = 0; j < el->n_together_names_; j++) {
            PackGlTerm *grp = &el->together_names_[j];
            if (grp->n_variants < 2)
                ISSUE_AT(l, item, "bad_value", "要素 %s: together の組には用語を2つ以上書いてください",
                         "element %s: a together group needs at least two terms%s", eid, "");
            size_t *idx = xcalloc(grp->n_variants, sizeof *idx);
            size_t k = 0;
            for (size_t m = 0; m < grp->n_variants; m++) {
                size_t found = el->n_terms;
                for (size_t t = 0; t < el->n_terms && found == el->n_terms; t++)
                    for (size_t w = 0; w < el->terms[t].n_variants; w++)
                        if (strcmp(el->terms[t].variants[w], grp->variants[m]) == 0)
                            found = t;
                if (found == el->n_terms)
                    ISSUE_AT(l, item, "unknown_term", "要素 %s: together の \"%s\" は terms にありません",
                             "element %s: together names \"%s\", which is not in terms", eid, grp->variants[m]);
                else
                    idx[k++] = found;
            }
            el->together[el->n_together] = idx;
            el->n_together_terms[el->n_together++] = k;
        }
        free_gl_terms(el->together_names_, el->n_together_names_);
        el->together_names_ = NULL;
        el->n_together_names_ = 0;
    }
    for (size_t i = 0; i < g->n_deviations && l->gl_dev_nodes; i++) {
        PackGlDeviation *d = &g->deviations[i];
        yaml_node_t *item = node_get(l, l->gl_dev_nodes[i]);
        if (!item)
            continue;
        const char *did = d->id ? d->id : "?";
        d->kind_id = (PackGlDevKind)(d->kind ? in_list(gl_kind_names, d->kind) : 0);
        d->part_kind = (PackGlPart)(d->part ? in_list(gl_part_names, d->part) : 0);
        bool ok;
        switch (d->kind_id) {
        case GL_DEV_WORDING:
            ok = (d->n_patterns || d->n_titles) && !d->n_pairs && !d->n_requires_any;
            break;
        case GL_DEV_CONJUNCTION:
            ok = d->n_pairs && !d->n_patterns && !d->n_titles && !d->n_requires_any;
            for (size_t j = 0; j < d->n_pairs; j++)
                ok &= d->pairs[j].n_variants == 2;
            break;
        default:
            ok = d->n_patterns && d->n_requires_any && !d->n_titles && !d->n_pairs;
            break;
        }
        if (!ok && d->kind)
            ISSUE_AT(l, item, "bad_deviation",
                     "逸脱 %s: kind %s には %s を書きます",
                     "deviation %s: kind %s takes %s", did, d->kind,
                     d->kind_id == GL_DEV_WORDING       ? "patterns / titles"
                     : d->kind_id == GL_DEV_CONJUNCTION ? "pairs ([A, B])"
                                                        : "patterns, requires_any");
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* incidents.yaml */

static const Field incident_choice_fields[] = {
    {"id", K_ID, true, F_OFF(PackIncidentChoice, id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackIncidentChoice, label), 0, 0, 0, 0, NULL, NULL},
    {"label_en", K_STR, true, F_OFF(PackIncidentChoice, label_en), 0, 0, 0, 0, NULL, NULL},
};
static const Field severity_fields[] = {
    {"id", K_ID, true, F_OFF(PackIncidentChoice, id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackIncidentChoice, label), 0, 0, 0, 0, NULL, NULL},
    {"label_en", K_STR, true, F_OFF(PackIncidentChoice, label_en), 0, 0, 0, 0, NULL, NULL},
    {"rank", K_INT, true, F_OFF(PackIncidentChoice, rank), 0, 0, 1, 100, NULL, NULL},
};
static const Field chain_fields[] = {
    {"id", K_ID, true, F_OFF(PackChainStep, id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, F_OFF(PackChainStep, label), 0, 0, 0, 0, NULL, NULL},
    {"role", K_ID, true, F_OFF(PackChainStep, role), 0, 0, 0, 0, NULL, NULL},
    {"scope", K_SCOPE, true, F_OFF(PackChainStep, scope), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, F_OFF(PackChainStep, article), 0, 0, 0, 0, NULL, NULL},
};

/* A list of incidents.yaml that must not be empty: a chain nobody is on, or a scale without a level,
 * would leave reports with nowhere to go. */
#define INCIDENT_LIST(name, arr, count, T, fields, what)                                                    \
    static void name(Loader *l, yaml_node_t *v, void *obj)                                                 \
    {                                                                                                      \
        PackIncidents *in = obj;                                                                           \
        free(l->list_nodes);                                                                               \
        in->arr = read_list(l, v, sizeof(T), fields, sizeof fields / sizeof *fields, what, "id",           \
                            F_OFF(T, id), &in->count, &l->list_nodes);                                     \
        if (v->type == YAML_SEQUENCE_NODE && !in->count)                                                   \
            ISSUE_AT(l, v, "empty_list", "%s に項目がありません", "%s has no items%s", what, "");            \
        if (strcmp(what, "chain") == 0)                                                                    \
            l->chain_nodes = l->list_nodes, l->list_nodes = NULL;                                          \
    }
INCIDENT_LIST(read_incident_pd, personal_data, n_personal_data, PackIncidentChoice, incident_choice_fields,
              "personal_data")
INCIDENT_LIST(read_incident_chain, chain, n_chain, PackChainStep, chain_fields, "chain")
INCIDENT_LIST(read_incident_categories, categories, n_categories, PackIncidentChoice, incident_choice_fields,
              "categories")
INCIDENT_LIST(read_incident_severities, severities, n_severities, PackIncidentChoice, severity_fields, "severities")

#define ER(m) F_OFF(PackExternalReport, m)
static const Field external_report_fields[] = {
    {"id", K_ID, true, ER(id), 0, 0, 0, 0, NULL, NULL},
    {"label", K_STR, true, ER(label), 0, 0, 0, 0, NULL, NULL},
    {"label_en", K_STR, true, ER(label_en), 0, 0, 0, 0, NULL, NULL},
    {"recipient", K_STR, true, ER(recipient), 0, 0, 0, 0, NULL, NULL},
    {"citation", K_STR, true, ER(citation), 0, 0, 0, 0, NULL, NULL},
    {"article", K_ARTICLE, true, ER(article), 0, 0, 0, 0, NULL, NULL},
    {"due_days", K_INT, true, ER(due_days), 0, 0, 0, 365, NULL, NULL},
    {"extended_days", K_INT, false, ER(extended_days), 0, 0, 1, 365, NULL, NULL},
    {"extended_categories", K_STRLIST, false, ER(extended_categories), ER(n_extended_categories), 0, 0, 0, NULL, NULL},
    {"remind_days", K_INT, true, ER(remind_days), 0, 0, 0, 365, NULL, NULL},
    {"always", K_BOOL, false, ER(always), 0, 0, 0, 0, NULL, NULL},
    {"personal_data", K_BOOL, false, ER(personal_data), 0, 0, 0, 0, NULL, NULL},
    {"kinds", K_STRLIST, false, ER(kinds), ER(n_kinds), 0, 0, 0, NULL, NULL},
    {"min_affected", K_INT, false, ER(min_affected), 0, 0, 1, 100000000, NULL, NULL},
    {"categories", K_STRLIST, false, ER(categories), ER(n_categories), 0, 0, 0, NULL, NULL},
    {"min_severity", K_ID, false, ER(min_severity), 0, 0, 0, 0, NULL, NULL},
};
#undef ER
INCIDENT_LIST(read_external_reports, external_reports, n_external_reports, PackExternalReport, external_report_fields,
              "external_reports")

/* violations: 違反 (第124条, 第133条–第134条) */
static void read_violation_chain(Loader *l, yaml_node_t *v, void *obj)
{
    PackViolations *vi = obj;
    vi->chain = read_list(l, v, sizeof(PackChainStep), chain_fields, sizeof chain_fields / sizeof *chain_fields,
                          "violations.chain", "id", F_OFF(PackChainStep, id), &vi->n_chain, NULL);
    if (v->type == YAML_SEQUENCE_NODE && !vi->n_chain)
        ISSUE_AT(l, v, "empty_list", "%s に項目がありません", "%s has no items%s", "violations.chain", "");
}

static void read_violation_outcomes(Loader *l, yaml_node_t *v, void *obj)
{
    PackViolations *vi = obj;
    vi->outcomes = read_list(l, v, sizeof(PackIncidentChoice), incident_choice_fields,
                             sizeof incident_choice_fields / sizeof *incident_choice_fields, "violations.outcomes",
                             "id", F_OFF(PackIncidentChoice, id), &vi->n_outcomes, NULL);
    if (v->type == YAML_SEQUENCE_NODE && !vi->n_outcomes)
        ISSUE_AT(l, v, "empty_list", "%s に項目がありません", "%s has no items%s", "violations.outcomes", "");
}

#define VI(m) F_OFF(PackViolations, m)
static const Field violations_fields[] = {
    {"article", K_ARTICLE, true, VI(article), 0, 0, 0, 0, NULL, NULL},
    {"handling_article", K_ARTICLE, true, VI(handling_article), 0, 0, 0, 0, NULL, NULL},
    {"discipline_article", K_ARTICLE, true, VI(discipline_article), 0, 0, 0, 0, NULL, NULL},
    {"chain", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_violation_chain},
    {"handler_roles", K_STRLIST, true, VI(handler_roles), VI(n_handler_roles), 0, 0, 0, NULL, NULL},
    {"reader_roles", K_STRLIST, true, VI(reader_roles), VI(n_reader_roles), 0, 0, 0, NULL, NULL},
    {"superior_role", K_ID, true, VI(superior_role), 0, 0, 0, 0, NULL, NULL},
    {"outcomes", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_violation_outcomes},
};
#undef VI

static void read_violations(Loader *l, yaml_node_t *v, void *obj)
{
    PackIncidents *in = obj;
    read_map(l, v, violations_fields, sizeof violations_fields / sizeof *violations_fields, &in->violations,
             "violations");
}

static const Field incidents_fields[] = {
    {"article", K_ARTICLE, true, F_OFF(PackIncidents, article), 0, 0, 0, 0, NULL, NULL},
    {"outside_article", K_ARTICLE, true, F_OFF(PackIncidents, outside_article), 0, 0, 0, 0, NULL, NULL},
    {"stall_hours", K_INT, true, F_OFF(PackIncidents, stall_hours), 0, 0, 1, 720, NULL, NULL},
    {"csirt_roles", K_STRLIST, true, F_OFF(PackIncidents, csirt_roles), F_OFF(PackIncidents, n_csirt_roles), 0, 0, 0,
     NULL, NULL},
    {"csirt_article", K_ARTICLE, true, F_OFF(PackIncidents, csirt_article), 0, 0, 0, 0, NULL, NULL},
    {"decision_roles", K_STRLIST, true, F_OFF(PackIncidents, decision_roles), F_OFF(PackIncidents, n_decision_roles),
     0, 0, 0, NULL, NULL},
    {"decision_article", K_ARTICLE, true, F_OFF(PackIncidents, decision_article), 0, 0, 0, 0, NULL, NULL},
    {"personal_data", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_incident_pd},
    {"chain", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_incident_chain},
    {"categories", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_incident_categories},
    {"severities", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_incident_severities},
    {"external_reports", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_external_reports},
    {"violations", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_violations},
};

static void read_incidents(Loader *l, yaml_node_t *v, void *obj)
{
    Pack *p = obj;
    read_map(l, v, incidents_fields, sizeof incidents_fields / sizeof *incidents_fields, &p->incidents,
             "incidents");
}

/* Each chain step names a role of roles.yaml whose scope is the step's (a 課室 role is looked for in a
 * 課室); severity ranks are unique. */
static void check_incidents(Loader *l, Pack *p)
{
    PackIncidents *in = &p->incidents;
    for (size_t i = 0; i < in->n_chain && l->chain_nodes && l->roles_clean; i++) {
        const PackChainStep *c = &in->chain[i];
        yaml_node_t *item = node_get(l, l->chain_nodes[i]);
        const PackRole *r = c->role ? pack_role(p, c->role) : NULL;
        if (c->role && !r)
            ISSUE_AT(l, item, "unknown_role", "報告の経路 %s の役割 %s は roles.yaml にありません",
                     "chain step %s: role %s is not in roles.yaml", c->id ? c->id : "?", c->role);
        else if (r && r->scope != c->scope)
            ISSUE_AT(l, item, "bad_scope", "報告の経路 %s の scope は役割 %s の scope と同じにしてください",
                     "chain step %s: scope must be the scope of role %s", c->id ? c->id : "?", c->role);
    }
    const struct { char **v; size_t n; const char *key; } lists[] = {
        {in->csirt_roles, in->n_csirt_roles, "csirt_roles"}, {in->decision_roles, in->n_decision_roles, "decision_roles"}};
    for (size_t k = 0; k < 2 && l->roles_clean; k++) {
        if (!lists[k].n && lists[k].v)
            issue_add(l, l->file, 0, 0, "empty_list", "%s に役割がありません", "%s names no role%s", lists[k].key, "");
        for (size_t i = 0; i < lists[k].n; i++)
            if (!pack_role(p, lists[k].v[i]))
                issue_add(l, l->file, 0, 0, "unknown_role", "%s の役割 %s は roles.yaml にありません",
                          "%s: role %s is not in roles.yaml", lists[k].key, lists[k].v[i]);
    }
    /* external reports name known kinds, categories and severities; a condition is given */
    for (size_t i = 0; i < in->n_external_reports; i++) {
        const PackExternalReport *r = &in->external_reports[i];
        const char *rid = r->id ? r->id : "?";
        for (size_t k = 0; k < r->n_kinds; k++)
            if (!pack_incident_choice(in->personal_data, in->n_personal_data, r->kinds[k]))
                issue_add(l, l->file, 0, 0, "bad_value", "外部への報告 %s の kinds の %s は personal_data にありません",
                          "external report %s: kind %s is not in personal_data", rid, r->kinds[k]);
        for (int pass = 0; pass < 2; pass++) {
            char **v = pass ? r->extended_categories : r->categories;
            size_t n = pass ? r->n_extended_categories : r->n_categories;
            for (size_t k = 0; k < n; k++)
                if (!pack_incident_choice(in->categories, in->n_categories, v[k]))
                    issue_add(l, l->file, 0, 0, "bad_value", "外部への報告 %s の分類 %s は categories にありません",
                              "external report %s: category %s is not in categories", rid, v[k]);
        }
        if (r->min_severity && !pack_incident_choice(in->severities, in->n_severities, r->min_severity))
            issue_add(l, l->file, 0, 0, "bad_value", "外部への報告 %s の min_severity %s は severities にありません",
                      "external report %s: min_severity %s is not in severities", rid, r->min_severity);
        if (!r->always && !r->personal_data && !r->min_severity)
            issue_add(l, l->file, 0, 0, "missing_key", "外部への報告 %s に条件 (always, personal_data, min_severity) がありません",
                      "external report %s has no condition (always, personal_data, min_severity)%s", rid, "");
        if (r->personal_data && !r->n_kinds && !r->min_affected && !r->n_categories)
            issue_add(l, l->file, 0, 0, "missing_key", "外部への報告 %s: personal_data には kinds・min_affected・categories のいずれかが要ります",
                      "external report %s: personal_data needs kinds, min_affected or categories%s", rid, "");
    }
    /* violations: its roles exist; the chain's scopes are its roles'; the superior is over a unit */
    const PackViolations *vi = &in->violations;
    for (size_t i = 0; i < vi->n_chain && l->roles_clean; i++) {
        const PackChainStep *c = &vi->chain[i];
        const PackRole *r = c->role ? pack_role(p, c->role) : NULL;
        if (c->role && !r)
            issue_add(l, l->file, 0, 0, "unknown_role", "違反の報告の経路 %s の役割 %s は roles.yaml にありません",
                      "violation chain step %s: role %s is not in roles.yaml", c->id ? c->id : "?", c->role);
        else if (r && (r->scope != c->scope || c->scope == SCOPE_SYSTEM || c->scope == SCOPE_SERVICE))
            issue_add(l, l->file, 0, 0, "bad_scope", "違反の報告の経路 %s の scope は役割 %s の scope (system 以外) にしてください",
                      "violation chain step %s: scope must be role %s's scope (not system)", c->id ? c->id : "?",
                      c->role);
    }
    const struct { char *const *v; size_t n; const char *key; } vlists[] = {
        {vi->handler_roles, vi->n_handler_roles, "violations.handler_roles"},
        {vi->reader_roles, vi->n_reader_roles, "violations.reader_roles"},
        {vi->superior_role ? &vi->superior_role : NULL, vi->superior_role ? 1 : 0, "violations.superior_role"}};
    for (size_t k = 0; k < 3 && l->roles_clean; k++) {
        if (!vlists[k].n && vlists[k].v)
            issue_add(l, l->file, 0, 0, "empty_list", "%s に役割がありません", "%s names no role%s", vlists[k].key, "");
        for (size_t i = 0; i < vlists[k].n; i++)
            if (!pack_role(p, vlists[k].v[i]))
                issue_add(l, l->file, 0, 0, "unknown_role", "%s の役割 %s は roles.yaml にありません",
                          "%s: role %s is not in roles.yaml", vlists[k].key, vlists[k].v[i]);
    }
    const PackRole *sup = vi->superior_role && l->roles_clean ? pack_role(p, vi->superior_role) : NULL;
    if (sup && sup->scope != SCOPE_DEPARTMENT && sup->scope != SCOPE_SECTION)
        issue_add(l, l->file, 0, 0, "bad_scope", "violations.superior_role %s は部局か課室の役割にしてください",
                  "violations.superior_role %s must be a department or section role%s", vi->superior_role, "");
    for (size_t i = 0; i < in->n_severities; i++)
        for (size_t j = 0; j < i; j++)
            if (in->severities[i].rank && in->severities[i].rank == in->severities[j].rank)
                issue_add(l, l->file, 0, 0, "duplicate_rank", "severities の rank %d が重複しています",
                          "severities: rank %d appears twice", in->severities[i].rank);
}

/* ---------------------------------------------------------------------------------------------- */
/* Files */

static void read_file_root(Loader *l, int which, yaml_node_t *root)
{
    Pack *p = l->pack;
    switch (which) {
    case F_PACK:
        read_map(l, root, pack_fields, sizeof pack_fields / sizeof *pack_fields, p, "pack.yaml");
        break;
    case F_CLASSIFICATION: {
        l->issues_before_classification = l->issues->count;
        /* Read by hand rather than by read_map: the restrictions are checked against the scales
         * whatever order the two keys come in, which needs the restrictions' nodes. */
        RestrictionRead rr = {p, NULL};
        if (root->type != YAML_MAPPING_NODE) {
            char buf[128];
            ISSUE_AT(l, root, "wrong_type", "%s はマッピング(キー: 値)で書いてください(\"%s\")",
                     "%s must be a mapping (key: value), got \"%s\"", "classification.yaml",
                     shown(root, buf, sizeof buf));
            break;
        }
        yaml_node_t *scales = NULL, *restr = NULL;
        bool seen_s = false, seen_r = false;
        for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
            yaml_node_t *k = node_get(l, pr->key), *v = node_get(l, pr->value);
            if (!k || !v || !visit(l, k))
                continue;
            char buf[128];
            if (scalar_is(k, "scales") || scalar_is(k, "restrictions")) {
                bool is_s = scalar_is(k, "scales");
                if (is_s ? seen_s : seen_r) {
                    ISSUE_AT(l, k, "duplicate_key", "%s でキー \"%s\" が重複しています", "%s has key \"%s\" twice",
                             "classification.yaml", is_s ? "scales" : "restrictions");
                    continue;
                }
                if (!visit(l, v))
                    continue;
                if (is_s)
                    seen_s = true, scales = v;
                else
                    seen_r = true, restr = v;
                continue;
            }
            ISSUE_AT(l, k, "unknown_key", "%s に未知のキー \"%s\" があります(使えるキー: %s)",
                     "%s: unknown key \"%s\" (known: %s)", "classification.yaml", shown(k, buf, sizeof buf),
                     "scales, restrictions");
        }
        if (scales)
            read_scales(l, scales, p);
        else
            ISSUE_AT(l, root, "missing_key", "%s に必須のキー \"%s\" がありません", "%s lacks required key \"%s\"",
                     "classification.yaml", "scales");
        if (restr)
            read_restrictions(l, restr, &rr);
        else
            ISSUE_AT(l, root, "missing_key", "%s に必須のキー \"%s\" がありません", "%s lacks required key \"%s\"",
                     "classification.yaml", "restrictions");
        if (p->restrictions && rr.nodes)
            check_restrictions(l, p, rr.nodes);
        free(rr.nodes);
        break;
    }
    case F_ROLES: {
        const Field f[] = {{"roles", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_roles},
                           {"visibility", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_visibility},
                           {"committee", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_committee}};
        size_t before = l->issues->count;
        read_map(l, root, f, 3, p, "roles.yaml");
        check_roles(l, root, p);
        l->roles_clean = l->issues->count == before;
        for (size_t i = 0; l->roles_clean && i < p->accounts.n_lockout_notify_roles; i++)
            if (!pack_role(p, p->accounts.lockout_notify_roles[i]))
                ISSUE_AT(l, root, "unknown_role", "pack.yaml の accounts.lockout_notify_roles の役割 %s は roles.yaml にありません",
                         "pack.yaml: accounts.lockout_notify_roles: role %s is not in roles.yaml",
                         p->accounts.lockout_notify_roles[i]);
        if (l->roles_clean) {
            check_visibility(l, root, p);
            check_committee(l, root, p);
        }
        break;
    }
    case F_CHECKS: {
        const Field f[] = {{"checks", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_checks}};
        read_map(l, root, f, 1, p, "checks.yaml");
        check_checks(l, root, p);
        break;
    }
    case F_SELFCHECK: {
        const Field f[] = {{"items", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_selfcheck}};
        read_map(l, root, f, 1, p, "selfcheck.yaml");
        break;
    }
    case F_AUDIT_ITEMS: {
        const Field f[] = {{"items", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_audit_items}};
        read_map(l, root, f, 1, p, "audit_items.yaml");
        check_audit_items(l, root, p);
        break;
    }
    case F_ARTICLES: {
        const Field f[] = {{"articles", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_articles}};
        read_map(l, root, f, 1, p, "articles.yaml");
        check_articles(l, root, p);
        break;
    }
    case F_REQUESTS: {
        const Field f[] = {{"types", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_request_types}};
        read_map(l, root, f, 1, p, "requests.yaml");
        check_request_types(l, root, p);
        free(l->rtype_nodes);
        l->rtype_nodes = NULL;
        break;
    }
    case F_GUIDELINE: {
        const Field f[] = {{"guideline", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_gl_head},
                           {"elements", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_gl_elements},
                           {"deviations", K_CUSTOM, false, 0, 0, 0, 0, 0, NULL, read_gl_deviations}};
        read_map(l, root, f, 3, p, "guideline.yaml");
        check_guideline(l, root, p);
        free(l->gl_el_nodes);
        free(l->gl_dev_nodes);
        l->gl_el_nodes = l->gl_dev_nodes = NULL;
        break;
    }
    case F_INCIDENTS: {
        const Field f[] = {{"incidents", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_incidents}};
        read_map(l, root, f, 1, p, "incidents.yaml");
        check_incidents(l, p);
        free(l->chain_nodes);
        l->chain_nodes = NULL;
        break;
    }
    case F_TRAINING: {
        const Field f[] = {{"training", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_training}};
        read_map(l, root, f, 1, p, "training.yaml");
        check_training(l, p);
        free(l->audience_nodes);
        l->audience_nodes = NULL;
        break;
    }
    case F_VENDORS: {
        const Field f[] = {{"vendors", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_vendors}};
        read_map(l, root, f, 1, p, "vendors.yaml");
        check_vendors(l, root, p);
        break;
    }
    case F_CLOUD: {
        const Field f[] = {{"cloud", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_cloud}};
        read_map(l, root, f, 1, p, "cloud.yaml");
        check_cloud(l, root, p);
        break;
    }
    case F_SYSTEMS: {
        const Field f[] = {{"systems", K_CUSTOM, true, 0, 0, 0, 0, 0, NULL, read_systems}};
        read_map(l, root, f, 1, p, "systems.yaml");
        check_systems(l, root, p);
        free(l->req_nodes);
        l->req_nodes = NULL;
        break;
    }
    }
}

static void load_one(Loader *l, int which, const PackSource *src)
{
    l->file = src->name;
    if (src->len > MAX_FILE_BYTES) {
        issue_add(l, src->name, 0, 0, "file_too_large", "ファイルが大きすぎます(%u バイトまで)",
                  "file is too large (at most %u bytes)", MAX_FILE_BYTES);
        return;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        issue_add(l, src->name, 0, 0, "yaml_syntax", "YAML パーサを初期化できません", "cannot initialise the YAML parser%s", "");
        return;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->data, src->len);
    if (!yaml_parser_load(&parser, &doc)) {
        yaml_mark_t m = parser.problem_mark;
        const char *problem = parser.problem ? parser.problem : "?";
        if (parser.error == YAML_MEMORY_ERROR)
            problem = "out of memory";
        if (parser.context)
            issue_add(l, src->name, (int)m.line + 1, (int)m.column + 1, "yaml_syntax",
                      "YAML の構文エラー: %s (%s)", "YAML syntax error: %s (%s)", problem, parser.context);
        else
            issue_add(l, src->name, (int)m.line + 1, (int)m.column + 1, "yaml_syntax", "YAML の構文エラー: %s%s",
                      "YAML syntax error: %s%s", problem, "");
        yaml_parser_delete(&parser);
        return;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        issue_add(l, src->name, 1, 1, "empty_file", "ファイルが空です", "the file is empty%s", "");
        yaml_document_delete(&doc);
        yaml_parser_delete(&parser);
        return;
    }
    /* A second document in the same file is a mistake (a stray ---). */
    yaml_document_t extra;
    if (yaml_parser_load(&parser, &extra)) {
        yaml_node_t *r2 = yaml_document_get_root_node(&extra);
        if (r2)
            issue_add(l, src->name, (int)r2->start_mark.line + 1, (int)r2->start_mark.column + 1,
                      "multiple_documents", "1つのファイルに YAML 文書が複数あります(--- を確認してください)",
                      "more than one YAML document in the file (check for ---)%s", "");
        yaml_document_delete(&extra);
    } else {
        yaml_mark_t m = parser.problem_mark;
        issue_add(l, src->name, (int)m.line + 1, (int)m.column + 1, "yaml_syntax", "YAML の構文エラー: %s%s",
                  "YAML syntax error: %s%s", parser.problem ? parser.problem : "?", "");
    }
    free(l->list_nodes);
    l->list_nodes = NULL;
    l->doc = &doc;
    l->n_nodes = (size_t)(doc.nodes.top - doc.nodes.start);
    l->visited = xcalloc(l->n_nodes ? l->n_nodes : 1, 1);
    visit(l, root);
    l->have[which] = true;
    read_file_root(l, which, root);
    if (which == F_CLASSIFICATION)
        l->issues_after_classification = l->issues->count;
    free(l->visited);
    l->visited = NULL;
    free(l->list_nodes);
    l->list_nodes = NULL;
    l->doc = NULL;
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
}

/* Every citation names an article present in articles.yaml. */
static void check_citations(Loader *l)
{
    if (!l->have[F_ARTICLES] || !l->pack->articles)
        return;
    for (size_t i = 0; i < l->n_cites; i++) {
        Citation *c = &l->cites[i];
        bool found = false;
        for (size_t j = 0; j < l->pack->n_articles && !found; j++)
            found = l->pack->articles[j].number && strcmp(l->pack->articles[j].number, c->base) == 0;
        if (!found)
            issue_add(l, c->file, c->line, c->column, "unknown_article",
                      "%s は articles.yaml にありません(%s の本文を追加してください)",
                      "%s is not in articles.yaml (add the text of %s)", c->text, c->base);
    }
}

static int cmp_level_rank(const void *a, const void *b)
{
    const PackLevel *x = a, *y = b;
    return (y->rank > x->rank) - (y->rank < x->rank);
}

static int cmp_issue(const void *a, const void *b)
{
    const PackIssue *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return (x->column > y->column) - (x->column < y->column);
}

Status pack_load_sources(const PackSource *files, size_t n, Pack **out, PackIssues *issues, Err *e)
{
    *out = NULL;
    issues->items = NULL;
    issues->count = 0;
    Loader l = {0};
    l.pack = xcalloc(1, sizeof *l.pack);
    l.issues = issues;
    const PackSource *by_kind[F_COUNT] = {0};
    if (n > MAX_FILES) {
        issue_add(&l, "", 0, 0, "too_many_files", "ファイルが多すぎます(%d まで)", "too many files (at most %d)", MAX_FILES);
        n = 0;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = files[i].name ? files[i].name : "";
        int k = in_list(pack_files, name);
        if (strcmp(name, "netcheck.yaml") == 0) {
            /* the zone matrix: optional, kept as bytes, read and validated by src/netcheck (docs/netcheck.md) */
            if (l.pack->netcheck_matrix)
                issue_add(&l, name, 0, 0, "duplicate_file", "同じ名前のファイルが2つあります", "the file appears twice%s", "");
            else {
                l.pack->netcheck_matrix = xmalloc(files[i].len + 1);
                memcpy(l.pack->netcheck_matrix, files[i].data, files[i].len);
                l.pack->netcheck_matrix[files[i].len] = '\0';
                l.pack->netcheck_matrix_len = files[i].len;
            }
            continue;
        }
        if (k < 0) {
            Buf b = BUF_INIT;
            join_list(&b, pack_files);
            issue_add(&l, name, 0, 0, "unknown_file", "パックに含まれないファイルです(使えるファイル: %s)",
                      "not a pack file (pack files are: %s)", buf_str(&b));
            buf_free(&b);
        } else if (by_kind[k]) {
            issue_add(&l, name, 0, 0, "duplicate_file", "同じ名前のファイルが2つあります", "the file appears twice%s", "");
        } else {
            by_kind[k] = &files[i];
        }
    }
    for (int k = 0; k < F_COUNT; k++) {
        if (!by_kind[k])
            issue_add(&l, pack_files[k], 0, 0, "missing_file", "必須のファイル %s がありません",
                      "required file %s is missing", pack_files[k]);
        else
            load_one(&l, k, by_kind[k]);
    }
    check_citations(&l);
    free(l.role_lines);
    for (size_t i = 0; i < l.n_cites; i++) {
        free(l.cites[i].base);
        free(l.cites[i].text);
    }
    free(l.cites);

    if (issues->count) {
        /* stable enough: issues of one file were added in reading order; sort by position */
        qsort(issues->items, issues->count, sizeof *issues->items, cmp_issue);
        pack_free(l.pack);
        return err_setf(e, ST_INVALID, "pack_invalid", "pack", "パックに %zu 件の問題があります",
                        "the pack has %zu problem(s)", issues->count);
    }
    Pack *p = l.pack;
    for (size_t i = 0; i < p->n_scales; i++)
        qsort(p->scales[i].levels, p->scales[i].n_levels, sizeof *p->scales[i].levels, cmp_level_rank);
    p->digest = xmalloc(65);
    pack_digest(files, n, p->digest);
    *out = p;
    return ST_OK;
}
