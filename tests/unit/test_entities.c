/* The entity declarations (src/entities) and every copy of them: the drift test fails when the DDL
 * (columns, NOT NULL, types, the length triggers of 0013 and the CHECKs of the choices), the
 * generated TypeScript module, the openapi schemas or the register import/export columns disagree
 * with a declaration; and a test per bad-input class shows the form (domain), the API input check
 * and the import refusing the same value with the same code, field and message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "domain/assets/assets.h"
#include "domain/incidents/incidents.h"
#include "domain/org/org.h"
#include "domain/policydocs/policydocs.h"
#include "domain/records/records.h"
#include "domain/registers/registers.h"
#include "domain/systems/systems.h"
#include "policy/capability.h"
#include "trail/vocabulary.h"
#include "entities/asset_entity.h"
#include "entities/evaluation_entity.h"
#include "entities/incident_entity.h"
#include "entities/person_entity.h"
#include "entities/policy_review_entity.h"
#include "entities/record_entity.h"
#include "entities/system_entity.h"
#include "entities/unit_entity.h"
#include "fixture.h"
#include "http/input_entity.h"
#include "policy/pack_lists.h"
#include "registers/mapping.h"

#define T0 1793491200 /* 2026-11-01T00:00:00Z: a fixed instant, nothing here depends on today */

typedef struct Fixture {
    TestWorld w;
    int64_t unit, person, asset, system, component, campaign, audit, finding;
} Fixture;

/* Runs one INSERT of the fixture and gives its row id. */
static int64_t insert_row(Fixture *f, const char *sql)
{
    Err e = {0};
    Stmt *st = db_prepare(f->w.db, sql, &e);
    assert_non_null(st);
    stmt_bind_int(st, 1, f->person);
    stmt_bind_int(st, 2, f->unit);
    assert_int_equal(stmt_step(st), STEP_DONE);
    stmt_finalize(st);
    return db_last_insert_id(f->w.db);
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    world_open(&f->w, T0);
    int64_t root = world_unit(&f->w, 0, "city", "試験市", "organisation");
    f->unit = world_unit(&f->w, root, "joho", "情報政策課", "section");
    f->w.actor.caps = CAP_SIGNED_IN | CAP_ROLES_MANAGE; /* may edit every register */
    Err e = {0};
    /* an upload belongs to an account */
    int64_t person = f->person = world_person(&f->w, "S1", "情報 一郎", f->unit);
    Stmt *st = db_prepare(f->w.db,
                          "INSERT INTO accounts(person_id, login_id, password_hash, created_at, updated_at)"
                          " VALUES (?, 'joho.ichiro', 'x', '2026-04-01', '2026-04-01')",
                          &e);
    assert_non_null(st);
    stmt_bind_int(st, 1, person);
    assert_int_equal(stmt_step(st), STEP_DONE);
    stmt_finalize(st);
    f->w.actor.account_id = db_last_insert_id(f->w.db);
    json_t *sys = json_pack("{s:s, s:s, s:s, s:I, s:s}", "code", "SYS-1", "name", "住民記録システム", "zone",
                            "mynumber", "owner_unit_id", (json_int_t)f->unit, "location", "onprem");
    assert_int_equal(system_create(&f->w.ctx, sys, &f->system, &e), ST_OK);
    json_decref(sys);
    json_t *comp = json_pack("{s:s, s:s}", "kind", "server", "name", "APサーバ");
    assert_int_equal(system_add_component(&f->w.ctx, f->system, comp, &f->component, &e), ST_OK);
    json_decref(comp);
    json_t *a = json_pack("{s:s, s:s, s:I}", "name", "住民票データ", "kind", "information", "unit_id",
                          (json_int_t)f->unit);
    assert_int_equal(asset_create(&f->w.ctx, a, &f->asset, &e), ST_OK);
    json_decref(a);
    /* the evaluation records (written by the domain through the same declarations) */
    f->campaign = insert_row(f, "INSERT INTO selfcheck_campaigns(fiscal_year, title, opened_by, opened_at)"
                                " SELECT 2026, '令和8年度 自己点検', ?1, '2026-11-01' WHERE ?2 IS NOT NULL");
    f->audit = insert_row(f, "INSERT INTO audits(fiscal_year, title, unit_id, created_by, created_at)"
                             " VALUES (2026, '情報政策課の監査', ?2, ?1, '2026-11-01')");
    char *finding = xasprintf("INSERT INTO audit_findings(audit_id, kind, severity, title, created_by, created_at)"
                              " SELECT %lld, 'finding', 'low', '指摘', ?1, '2026-11-01' WHERE ?2 IS NOT NULL",
                              (long long)f->audit);
    f->finding = insert_row(f, finding);
    free(finding);
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

static const Entity *const *all(size_t *n)
{
    for (*n = 0; entity_all[*n]; (*n)++)
        ;
    return entity_all;
}

/* n copies of the character c (UTF-8). Caller frees. */
static char *repeat(const char *c, size_t n)
{
    Buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_puts(&b, c);
    return buf_take(&b);
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot read %s", path);
    Buf b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        buf_append(&b, chunk, n);
    fclose(fp);
    return buf_take(&b);
}

/* --- the declarations themselves --- */

static void declarations_are_whole(void **state)
{
    Fixture *f = *state;
    size_t n;
    const Entity *const *ents = all(&n);
    assert_true(n >= 5);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < ents[i]->nfields; k++) {
            const EntityField *fd = &ents[i]->fields[k];
            assert_non_null(fd->name);
            if (!fd->label_ja || !fd->label_en)
                fail_msg("%s.%s has no label", ents[i]->name, fd->name);
            assert_ptr_equal(entity_field(ents[i], fd->name), fd); /* names are unique */
            if (fd->type == ET_TEXT && fd->max_chars == 0)
                fail_msg("%s.%s has no limit", ents[i]->name, fd->name);
            if (fd->type == ET_ENUM && fd->nchoices == 0)
                fail_msg("%s.%s has no choices", ents[i]->name, fd->name);
            if ((fd->type == ET_LEVEL || fd->type == ET_LIST) && !fd->list)
                fail_msg("%s.%s names no pack list", ents[i]->name, fd->name);
            /* the code of a value not allowed is declared, so the error catalog check can see it */
            if ((fd->type == ET_ENUM || fd->type == ET_LEVEL || fd->type == ET_LIST) && !fd->bad_code)
                fail_msg("%s.%s declares no bad_code", ents[i]->name, fd->name);
            /* a pack list the active pack does not have would refuse every value */
            EntityLists lists = pack_entity_lists(f->w.pack);
            if ((fd->type == ET_LEVEL || fd->type == ET_LIST) && !lists.value_at(lists.arg, fd->list, 0))
                fail_msg("%s.%s: packs/mic has no list %s", ents[i]->name, fd->name, fd->list);
            if (fd->article && !pack_article(f->w.pack, fd->article))
                fail_msg("%s.%s cites %s, which packs/mic does not have", ents[i]->name, fd->name, fd->article);
        }
}

/* The trail page labels an entry's before/after with the fields of the entity whose trail_object is the
 * entry's object type: the type must be one the trail knows, and only one entity may claim it. */
static void trail_objects_are_known(void **state)
{
    (void)state;
    size_t n;
    const Entity *const *ents = all(&n);
    for (size_t i = 0; i < n; i++) {
        if (!ents[i]->trail_object)
            continue;
        if (!trail_object_type(ents[i]->trail_object))
            fail_msg("%s: trail object type %s is not in trail/vocabulary.c", ents[i]->name, ents[i]->trail_object);
        for (size_t k = 0; k < i; k++)
            if (ents[k]->trail_object && strcmp(ents[k]->trail_object, ents[i]->trail_object) == 0)
                fail_msg("%s and %s both claim trail object %s", ents[k]->name, ents[i]->name, ents[i]->trail_object);
    }
}

static void characters_not_bytes(void **state)
{
    (void)state;
    const EntityField *holder = &asset_fields[ASSET_F_HOLDER];
    char *ok = repeat("あ", holder->max_chars), *over = repeat("あ", holder->max_chars + 1);
    assert_int_equal(text_chars(ok), holder->max_chars); /* 600 bytes, 200 characters */
    json_t *v = json_string(ok);
    Err e = {0};
    assert_int_equal(entity_check_value(holder, v, NULL, &e), ST_OK);
    json_decref(v);
    v = json_string(over);
    assert_int_equal(entity_check_value(holder, v, NULL, &e), ST_INVALID);
    assert_string_equal(e.code, "too_long");
    assert_string_equal(e.field, "holder");
    assert_non_null(strstr(e.ja, "200文字以内"));
    json_decref(v);
    free(ok);
    free(over);
}

/* --- the DDL --- */

static void ddl_columns_match(void **state)
{
    Fixture *f = *state;
    size_t n;
    const Entity *const *ents = all(&n);
    Err e = {0};
    for (size_t i = 0; i < n; i++) {
        const Entity *ent = ents[i];
        Stmt *st = db_prepare(f->w.db, "SELECT name, type, \"notnull\" FROM pragma_table_info(?)", &e);
        assert_non_null(st);
        stmt_bind_text(st, 1, ent->table);
        size_t columns = 0, declared = 0;
        while (stmt_step(st) == STEP_ROW) {
            columns++;
            const char *col = stmt_text(st, 0);
            const EntityField *fd = entity_field_of_column(ent, col);
            if (!fd) {
                bool kept = false;
                for (size_t k = 0; ent->kept_columns[k] && !kept; k++)
                    kept = strcmp(ent->kept_columns[k], col) == 0;
                if (!kept)
                    fail_msg("%s.%s is in the DDL but not declared (src/entities)", ent->table, col);
                continue;
            }
            declared++;
            bool integer = fd->type == ET_BOOL || fd->type == ET_FACT || fd->type == ET_REF || fd->type == ET_INT;
            if (strcmp(stmt_text(st, 1), integer ? "INTEGER" : "TEXT") != 0)
                fail_msg("%s.%s is %s in the DDL", ent->table, col, stmt_text(st, 1));
            bool notnull = stmt_int(st, 2) != 0;
            if (notnull != !(fd->flags & EF_NULLABLE))
                fail_msg("%s.%s: the DDL says %s, the declaration %s", ent->table, col, notnull ? "NOT NULL" : "NULL",
                         (fd->flags & EF_NULLABLE) ? "nullable" : "not nullable");
        }
        stmt_finalize(st);
        if (declared != ent->nfields)
            fail_msg("%s: %zu declared fields, %zu of them in the DDL", ent->table, ent->nfields, declared);
        assert_true(columns >= declared && columns > 0);
    }
}

/* UPDATE table SET col = value WHERE id = row; the identifiers come from the static declarations. */
static Status set_column(Fixture *f, const Entity *ent, const char *col, int64_t row, const char *value)
{
    char *sql = xasprintf("UPDATE %s SET %s = ? WHERE id = ?", ent->table, col);
    Err e = {0};
    Stmt *st = db_prepare(f->w.db, sql, &e);
    free(sql);
    assert_non_null(st);
    stmt_bind_text(st, 1, value);
    stmt_bind_int(st, 2, row);
    Status s = stmt_step(st) == STEP_DONE ? ST_OK : stmt_error(st, &e);
    stmt_finalize(st);
    return s;
}

/* The store holds the declared limits: a value of max_chars characters is written, one more is
 * refused; every declared choice is accepted and nothing else. */
static void ddl_limits_match(void **state)
{
    Fixture *f = *state;
    const struct {
        const Entity *ent;
        int64_t row;
    } rows[] = {{&asset_entity, f->asset},
                {&system_entity, f->system},
                {&component_entity, f->component},
                {&person_entity, f->person},
                {&unit_entity, f->unit},
                {&selfcheck_campaign_entity, f->campaign},
                {&audit_entity, f->audit}};
    for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
        const Entity *ent = rows[r].ent;
        for (size_t k = 0; k < ent->nfields; k++) {
            const EntityField *fd = &ent->fields[k];
            if (fd->type == ET_TEXT) {
                const char *c = (fd->flags & EF_CODE) ? "A" : "あ";
                char *at = repeat(c, fd->max_chars), *over = repeat(c, fd->max_chars + 1);
                if (set_column(f, ent, fd->name, rows[r].row, at) != ST_OK)
                    fail_msg("%s.%s: the store refuses %zu characters", ent->table, fd->name, fd->max_chars);
                if (set_column(f, ent, fd->name, rows[r].row, over) == ST_OK)
                    fail_msg("%s.%s: the store accepts %zu characters (declared %zu)", ent->table, fd->name,
                             fd->max_chars + 1, fd->max_chars);
                free(at);
                free(over);
            } else if (fd->type == ET_ENUM) {
                for (size_t c = 0; c < fd->nchoices; c++)
                    if (set_column(f, ent, fd->name, rows[r].row, fd->choices[c].value) != ST_OK)
                        fail_msg("%s.%s: the store refuses the declared %s", ent->table, fd->name,
                                 fd->choices[c].value);
                if (set_column(f, ent, fd->name, rows[r].row, "not-declared") == ST_OK)
                    fail_msg("%s.%s: the store accepts a value the declaration does not have", ent->table, fd->name);
            }
        }
    }
}

/* The length CHECKs and choice lists written in a table's DDL (0019, 0025: incidents) agree with the
 * declaration: `length(col) <= N` / `length(col) BETWEEN 1 AND N` is the declared max_chars, and a
 * declared choice is one the DDL's `col IN (…)` allows. Tables whose limits live in the 0013
 * triggers are covered by ddl_limits_match; tables without a CHECK have nothing to disagree with. */
static void ddl_checks_agree(void **state)
{
    Fixture *f = *state;
    size_t n, seen_incidents = 0;
    const Entity *const *ents = all(&n);
    Err e = {0};
    for (size_t i = 0; i < n; i++) {
        const Entity *ent = ents[i];
        Stmt *st = db_prepare(f->w.db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", &e);
        assert_non_null(st);
        stmt_bind_text(st, 1, ent->table);
        assert_int_equal(stmt_step(st), STEP_ROW);
        char *ddl = xstrdup(stmt_text(st, 0));
        stmt_finalize(st);
        for (size_t k = 0; k < ent->nfields; k++) {
            const EntityField *fd = &ent->fields[k];
            const char *col = entity_column(fd);
            char pat[96];
            const char *at;
            long limit = -1;
            snprintf(pat, sizeof pat, "length(%s) <= ", col);
            if ((at = strstr(ddl, pat)))
                limit = strtol(at + strlen(pat), NULL, 10);
            snprintf(pat, sizeof pat, "length(%s) BETWEEN 1 AND ", col);
            if ((at = strstr(ddl, pat)))
                limit = strtol(at + strlen(pat), NULL, 10);
            if (limit >= 0 && fd->type == ET_TEXT) { /* a pack list's id has its own bound */
                if ((size_t)limit != fd->max_chars)
                    fail_msg("%s.%s: the DDL allows %ld characters, the declaration %zu", ent->table, col, limit,
                             fd->max_chars);
                seen_incidents += strncmp(ent->table, "incident", 8) == 0;
            }
            snprintf(pat, sizeof pat, "CHECK (%s IN (", col);
            if (fd->type == ET_ENUM && (at = strstr(ddl, pat))) {
                const char *close = strchr(at, ')');
                for (size_t c = 0; c < fd->nchoices; c++) {
                    char quoted[64];
                    snprintf(quoted, sizeof quoted, "'%s'", fd->choices[c].value);
                    const char *q = strstr(at, quoted);
                    if (!q || q > close)
                        fail_msg("%s.%s: the DDL does not allow the declared %s", ent->table, col,
                                 fd->choices[c].value);
                }
            }
        }
        free(ddl);
    }
    assert_true(seen_incidents >= 10); /* the incident tables' CHECKs were found and compared */
}

/* --- the generated copies --- */

/* The part of text between the markers (inclusive), malloc'd; NULL when absent. */
static char *between(const char *text, const char *begin, const char *end)
{
    const char *b = strstr(text, begin), *x = b ? strstr(b, end) : NULL;
    if (!x)
        return NULL;
    x += strlen(end);
    while (*x && *x != '\n')
        x++;
    return xstrndup(b, (size_t)(x - b) + (*x == '\n'));
}

static void typescript_is_current(void **state)
{
    (void)state;
    size_t n;
    const Entity *const *ents = all(&n);
    Buf want = BUF_INIT;
    entity_emit_ts(ents, n, &want);
    char *have = slurp(SRC_DIR "/web/src/entities.gen.ts");
    if (strcmp(have, buf_str(&want)) != 0)
        fail_msg("web/src/entities.gen.ts is stale: run `ninja -C build entities-gen`");
    free(have);
    buf_free(&want);
}

static void openapi_is_current(void **state)
{
    (void)state;
    size_t n;
    const Entity *const *ents = all(&n);
    Buf want = BUF_INIT;
    entity_emit_openapi(ents, n, &want);
    char *doc = slurp(SRC_DIR "/docs/openapi.yaml");
    char *have = between(doc, "    # BEGIN generated from src/entities", "    # END generated from src/entities");
    if (!have || strcmp(have, buf_str(&want)) != 0)
        fail_msg("docs/openapi.yaml's entity schemas are stale: run `ninja -C build entities-gen`");
    /* no hand-written schema of the same name beside the generated one */
    for (size_t i = 0; i < n; i++) {
        Buf key = BUF_INIT;
        buf_putc(&key, '\n');
        buf_puts(&key, "    ");
        buf_putc(&key, (char)(ents[i]->name[0] - 'a' + 'A'));
        buf_puts(&key, ents[i]->name + 1);
        buf_puts(&key, "Input:\n");
        const char *first = strstr(doc, buf_str(&key));
        if (!first || strstr(first + 1, buf_str(&key)))
            fail_msg("docs/openapi.yaml must hold%s exactly once", buf_str(&key));
        buf_free(&key);
    }
    /* the create routes take the generated schemas */
    assert_non_null(strstr(doc, "$ref: '#/components/schemas/AssetInput'"));
    assert_non_null(strstr(doc, "$ref: '#/components/schemas/SystemInput'"));
    assert_non_null(strstr(doc, "$ref: '#/components/schemas/SelfcheckInput/properties/title'"));
    assert_non_null(strstr(doc, "$ref: '#/components/schemas/AuditInput'"));
    assert_non_null(strstr(doc, "$ref: '#/components/schemas/FindingInput'"));
    free(have);
    free(doc);
    buf_free(&want);
}

/* --- the screens' labels --- */

/* A screen and the entities its forms edit: each form control bound to a declared field (its error is
 * `act.fields.NAME`, or a `{ name: "NAME", label: … }` item of a form's field list) must be labelled
 * by the declaration, `fieldLabel(<entity>Fields.NAME)` (entities.gen.ts), never by a hand-written
 * string that can drift from the declaration's label. */
typedef struct UiScreen {
    const char *path;
    const Entity *ents[4];
} UiScreen;

static const UiScreen ui_screens[] = {
    {"web/src/pages/Incidents.tsx", {&incident_entity, NULL, NULL, NULL}},
    {"web/src/pages/IncidentWork.tsx", {&incident_entity, &incident_task_entity, NULL, NULL}},
    {"web/src/pages/IncidentRecord.tsx", {&incident_note_entity, &indicator_entity, &evidence_entity, NULL}},
    {"web/src/pages/Violations.tsx", {&violation_entity, NULL, NULL, NULL}},
    {"web/src/pages/PolicyDocsReviews.tsx", {&review_entity, NULL, NULL, NULL}},
};

/* The label expression the declaration asks for, or NULL when no entity of the screen declares name. */
static char *wanted_label(const Entity *const *ents, const char *name, size_t len, char *out, size_t cap)
{
    for (size_t i = 0; i < 4 && ents[i]; i++)
        for (size_t k = 0; k < ents[i]->nfields; k++)
            if (strlen(ents[i]->fields[k].name) == len && !strncmp(ents[i]->fields[k].name, name, len)) {
                snprintf(out, cap, "fieldLabel(%sFields.%.*s)", ents[i]->name, (int)len, name);
                return out;
            }
    return NULL;
}

/* Whether a label expression (from `label={` or `label: `) is one of the declared ones for the field. */
static bool label_is_declared(const Entity *const *ents, const char *name, size_t len, const char *expr)
{
    for (size_t i = 0; i < 4 && ents[i]; i++) {
        char want[200];
        for (size_t k = 0; k < ents[i]->nfields; k++)
            if (strlen(ents[i]->fields[k].name) == len && !strncmp(ents[i]->fields[k].name, name, len)) {
                snprintf(want, sizeof want, "fieldLabel(%sFields.%.*s)", ents[i]->name, (int)len, name);
                if (!strncmp(expr, want, strlen(want)))
                    return true;
            }
    }
    return false;
}

static size_t ident_len(const char *p)
{
    size_t n = 0;
    while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9') || p[n] == '_')
        n++;
    return n;
}

/* The problems of one screen's text, one line each ("" when none); *bound counts the controls found. */
static char *label_problems(const char *path, const char *text, const Entity *const *ents, int *bound)
{
    Buf out = BUF_INIT;
    char want[200];
    /* a JSX element whose error is a declared field's: its label, between the element's start and there */
    for (const char *at = strstr(text, "act.fields."); at; at = strstr(at + 1, "act.fields.")) {
        const char *name = at + strlen("act.fields.");
        size_t len = ident_len(name);
        if (!wanted_label(ents, name, len, want, sizeof want))
            continue;
        const char *tag = at;
        while (tag > text && !(tag[0] == '<' && tag[1] >= 'A' && tag[1] <= 'Z'))
            tag--;
        bool opens = tag[0] == '<' && tag[1] >= 'A' && tag[1] <= 'Z';
        const char *closed = opens ? strstr(tag, "/>") : NULL;
        if (!opens || (closed && closed < at))
            continue; /* not inside one element (an error shown on its own) */
        const char *label = strstr(tag, "label={");
        if (!label || label > at)
            continue; /* a group of controls (each labelled on its own), not one control */
        (*bound)++;
        if ( !label_is_declared(ents, name, len, label + strlen("label={")))
            buf_printf(&out, "%s: the control of %.*s is not labelled %s\n", path, (int)len, name, want);
    }
    /* a form's list of fields: { name: "NAME", label: … } */
    for (const char *at = strstr(text, "name: \""); at; at = strstr(at + 1, "name: \"")) {
        const char *name = at + strlen("name: \"");
        size_t len = ident_len(name);
        if (name[len] != '"' || !wanted_label(ents, name, len, want, sizeof want))
            continue;
        const char *end = strchr(name, '}'), *label = strstr(name, "label: ");
        (*bound)++;
        if (!label || (end && label > end) || !label_is_declared(ents, name, len, label + strlen("label: ")))
            buf_printf(&out, "%s: the field %.*s is not labelled %s\n", path, (int)len, name, want);
    }
    return buf_take(&out);
}

static void ui_labels_are_declared(void **state)
{
    (void)state;
    /* the check itself finds a hand-written label, and takes the declared one */
    const Entity *const inc[4] = {&incident_entity, NULL, NULL, NULL};
    int n = 0;
    char *bad = label_problems("x", "<TextField label={t(\"inc.field.title\")} name=\"title\" error={act.fields.title} />\n"
                                    "fields={[{ name: \"lessons\", label: t(\"inc.lessons\"), rows: 3 }]}",
                               inc, &n);
    assert_int_equal(n, 2);
    assert_non_null(strstr(bad, "title is not labelled fieldLabel(incidentFields.title)"));
    assert_non_null(strstr(bad, "lessons is not labelled fieldLabel(incidentFields.lessons)"));
    free(bad);
    n = 0;
    bad = label_problems("x", "<TextField label={fieldLabel(incidentFields.title)} error={act.fields.title} />", inc, &n);
    assert_int_equal(n, 1);
    assert_string_equal(bad, "");
    free(bad);
    /* and every screen's controls are labelled by their declarations */
    Buf all_bad = BUF_INIT;
    for (size_t i = 0; i < sizeof ui_screens / sizeof ui_screens[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", SRC_DIR, ui_screens[i].path);
        char *text = slurp(path);
        int bound = 0;
        char *p = label_problems(ui_screens[i].path, text, ui_screens[i].ents, &bound);
        buf_puts(&all_bad, p);
        if (bound == 0)
            buf_printf(&all_bad, "%s: no control bound to a declared field was found\n", ui_screens[i].path);
        free(p);
        free(text);
    }
    if (*buf_str(&all_bad))
        fail_msg("labels that are not the declarations' (use fieldLabel(<entity>Fields.NAME)):\n%s", buf_str(&all_bad));
    buf_free(&all_bad);
}

/* --- the register import/export columns --- */

static void import_columns_match(void **state)
{
    (void)state;
    const ImportTarget *targets[] = {&asset_import_target, &system_import_target};
    for (size_t t = 0; t < 2; t++) {
        const Entity *ent = targets[t]->entity;
        size_t *uses = calloc(ent->nfields, sizeof *uses);
        for (size_t i = 0; i < targets[t]->nfields; i++) {
            const FieldDef *d = &targets[t]->fields[i];
            if (d->field < ent->fields || d->field >= ent->fields + ent->nfields)
                fail_msg("%s: a column points outside the %s declaration", targets[t]->name, ent->name);
            uses[d->field - ent->fields]++;
            if (d->by_name ? d->field->type != ET_REF : d->field->type == ET_REF)
                fail_msg("%s.%s: references are written by name", targets[t]->name, field_name(d));
            if (d->field->type == ET_ENUM) { /* the words cover the declared choices, in order */
                if (d->nchoices != d->field->nchoices)
                    fail_msg("%s.%s: %zu choices with words, %zu declared", targets[t]->name, field_name(d),
                             d->nchoices, d->field->nchoices);
                for (size_t c = 0; c < d->nchoices; c++) {
                    assert_string_equal(d->choices[c].value, d->field->choices[c].value);
                    assert_string_equal(d->choices[c].label_ja, d->field->choices[c].label_ja);
                }
            }
        }
        for (size_t k = 0; k < ent->nfields; k++) {
            bool wanted = !(ent->fields[k].flags & EF_PATCH_ONLY); /* retiring is not an import */
            if (uses[k] != (wanted ? 1u : 0u))
                fail_msg("%s: %s has %zu columns", targets[t]->name, ent->fields[k].name, uses[k]);
        }
        free(uses);
    }
}

/* --- one bad-input class at a time: the form, the API check and the import say the same --- */

typedef struct BadCase {
    const char *what;
    const char *target;  /* assets | systems */
    const char *json;    /* the form's input (unit ids added) */
    const char *csv;     /* the same value in a register file */
    const char *code, *field;
    bool through_http;   /* the API's check refuses it before the domain (no pack list needed) */
} BadCase;

/* The first error of a dry run of csv. New reference. */
static json_t *dry_run_error(Fixture *f, const char *target, const char *csv)
{
    Err e = {0};
    json_t *up = NULL, *out = NULL;
    if (imports_upload(&f->w.ctx, target, "台帳.csv", (const unsigned char *)csv, strlen(csv), &up, &e) != ST_OK)
        fail_msg("upload: %s %s", e.code, e.ja);
    int64_t id = json_integer_value(json_object_get(up, "id"));
    json_t *mapping = json_incref(json_object_get(up, "suggested_mapping"));
    json_decref(up);
    if (imports_dry_run(&f->w.ctx, id, mapping, &out, &e) != ST_OK)
        fail_msg("dry run: %s %s", e.code, e.ja);
    json_decref(mapping);
    json_t *errors = json_object_get(out, "errors");
    if (json_array_size(errors) != 1)
        fail_msg("dry run errors: %s", json_dumps(out, 0));
    json_t *first = json_incref(json_array_get(errors, 0));
    json_decref(out);
    return first;
}

static void same_refusal_everywhere(void **state)
{
    Fixture *f = *state;
    char *long_holder = repeat("あ", 201), *long_name = repeat("情", 201);
    char *asset_json = xasprintf("{\"name\":\"台帳\",\"kind\":\"information\",\"holder\":\"%s\"}", long_holder);
    char *asset_csv = xasprintf("名称,種別,所管課,保管者\n台帳,情報,情報政策課,%s\n", long_holder);
    char *sys_json = xasprintf("{\"code\":\"SYS-9\",\"name\":\"%s\",\"zone\":\"lgwan\",\"location\":\"cloud\"}", long_name);
    char *sys_csv = xasprintf("管理番号,システム名,区分,所管課,設置場所\nSYS-9,%s,LGWAN接続系,情報政策課,クラウド\n", long_name);
    const BadCase cases[] = {
        {"too long in characters (201 × 3 bytes)", "assets", asset_json, asset_csv, "too_long", "holder", true},
        {"too long: a system's name", "systems", sys_json, sys_csv, "too_long", "name", true},
        {"missing required", "assets", "{\"name\":\"\",\"kind\":\"information\"}", "名称,種別,所管課\n,情報,情報政策課\n",
         "required", "name", true},
        {"not in the pack's levels", "assets",
         "{\"name\":\"台帳\",\"kind\":\"information\",\"confidentiality\":\"4\",\"classification_reason\":\"r\"}",
         "名称,種別,所管課,機密性\n台帳,情報,情報政策課,4\n", "unknown_level", "confidentiality", false},
        {"not a declared choice", "systems",
         "{\"code\":\"SYS-8\",\"name\":\"基盤\",\"zone\":\"moon\",\"location\":\"cloud\"}",
         "管理番号,システム名,区分,所管課,設置場所\nSYS-8,基盤,moon,情報政策課,クラウド\n", "invalid_zone", "zone", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const BadCase *c = &cases[i];
        bool assets = strcmp(c->target, "assets") == 0;
        json_t *in = json_loads(c->json, 0, NULL);
        assert_non_null(in);
        json_object_set_new(in, assets ? "unit_id" : "owner_unit_id", json_integer(f->unit));
        Err form = {0}, api = {0};
        json_t *copy = json_deep_copy(in);
        Status s = assets ? asset_create(&f->w.ctx, copy, NULL, &form) : system_create(&f->w.ctx, copy, NULL, &form);
        json_decref(copy);
        if (s != ST_INVALID || strcmp(form.code, c->code) != 0 || strcmp(form.field, c->field) != 0)
            fail_msg("%s: the domain said %s %s (%s)", c->what, form.code, form.field, form.ja);
        if (c->through_http) {
            assert_int_equal(input_check_entity(in, assets ? &asset_entity : &system_entity, true, &api), ST_INVALID);
            assert_string_equal(api.code, form.code);
            assert_string_equal(api.field, form.field);
            assert_string_equal(api.ja, form.ja);
            assert_string_equal(api.en, form.en);
        }
        json_decref(in);
        json_t *imp = dry_run_error(f, c->target, c->csv);
        const char *code = json_string_value(json_object_get(imp, "code"));
        const char *field = json_string_value(json_object_get(imp, "field"));
        const char *ja = json_string_value(json_object_get(imp, "detail"));
        if (strcmp(code, form.code) != 0 || strcmp(field, form.field) != 0 || strcmp(ja, form.ja) != 0)
            fail_msg("%s: the form said %s %s 「%s」, the import %s %s 「%s」", c->what, form.code, form.field, form.ja,
                     code, field, ja);
        assert_string_equal(json_string_value(json_object_get(imp, "detail_en")), form.en);
        json_decref(imp);
    }
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM assets"), 1); /* nothing written */
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM systems"), 1);
    free(long_holder);
    free(long_name);
    free(asset_json);
    free(asset_csv);
    free(sys_json);
    free(sys_csv);
}

/* People have no import: the form (domain) and the API check refuse alike. */
static void person_refusal_same_in_form_and_api(void **state)
{
    Fixture *f = *state;
    char *long_name = repeat("名", 101);
    const struct {
        const char *json, *code, *field;
    } cases[] = {
        {"{\"staff_no\":\"S2\",\"name\":\"%s\",\"kana\":\"な\",\"employment\":\"regular\",\"active_from\":\"2026-04-01\"}",
         "too_long", "name"},
        {"{\"staff_no\":\"S2\",\"name\":\"%s\",\"kana\":\"\",\"employment\":\"regular\",\"active_from\":\"2026-04-01\"}",
         "required", "kana"},
        {"{\"staff_no\":\"S2\",\"name\":\"%s\",\"kana\":\"な\",\"employment\":\"boss\",\"active_from\":\"2026-04-01\"}",
         "invalid_employment", "employment"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = xasprintf(cases[i].json, i == 0 ? long_name : "情報 二郎");
        json_t *in = json_loads(text, 0, NULL);
        free(text);
        assert_non_null(in);
        json_object_set_new(in, "unit_id", json_integer(f->unit));
        Err form = {0}, api = {0};
        assert_int_equal(people_create(&f->w.ctx, in, NULL, &form), ST_INVALID);
        assert_string_equal(form.code, cases[i].code);
        assert_string_equal(form.field, cases[i].field);
        assert_int_equal(input_check_entity(in, &person_entity, true, &api), ST_INVALID);
        assert_string_equal(api.code, form.code);
        assert_string_equal(api.ja, form.ja);
        assert_string_equal(api.en, form.en);
        json_decref(in);
    }
    assert_int_equal(world_count(&f->w, "SELECT count(*) FROM people"), 1);
    free(long_name);
}

/* The records, the 年度の見直し and the incidents: the form (domain) and the API check refuse the same
 * bad value with the same code, field and message, and nothing is written. */
static void records_and_incidents_refuse_alike(void **state)
{
    Fixture *f = *state;
    char *long_title = repeat("障", 201), *long_violation = repeat("違", 2001);
    char *failure = xasprintf("{\"title\":\"%s\",\"description\":\"x\",\"occurred_at\":\"2026-11-01T10:00\"}",
                              long_title);
    char *violation = xasprintf("{\"description\":\"%s\",\"noticed_at\":\"2026-11-01T10:00\"}", long_violation);
    typedef Status (*Create)(Ctx *, json_t *, int64_t *, Err *);
    const struct {
        const char *what;
        Create create;
        const Entity *ent;
        const char *json, *code, *field;
    } cases[] = {
        {"a failure's title, 201 characters", rec_failure_report, &failure_entity, failure, "too_long", "title"},
        {"an office hour that is no time", rec_room_create, &room_entity,
         "{\"name\":\"第2サーバー室\",\"unit_id\":1,\"office_start\":\"25:00\"}", "invalid_office_hours",
         "office_start"},
        {"a negative license count", rec_license_create, &license_entity,
         "{\"software\":\"x\",\"license_kind\":\"y\",\"license_count\":-1}", "invalid_count", "license_count"},
        {"a bring-in time that is no time", rec_bringin_create, &bringin_entity,
         "{\"item\":\"USBメモリ\",\"purpose\":\"p\",\"in_at\":\"昨日\"}", "invalid_time", "in_at"},
        {"a 年度 out of range", policy_review_create, &review_entity,
         "{\"fiscal_year\":1999,\"reviewed_on\":\"1999-05-01\",\"risk_evaluation\":\"r\",\"decisions\":\"d\"}",
         "invalid_fiscal_year", "fiscal_year"},
        {"personal data not a declared choice", incident_report, &incident_entity,
         "{\"title\":\"t\",\"description\":\"d\",\"noticed_at\":\"2026-10-31T10:00\",\"place\":\"p\","
         "\"personal_data\":\"maybe\"}",
         "invalid_personal_data", "personal_data"},
        {"a violation of 2001 characters", violation_report, &violation_entity, violation, "too_long", "description"},
    };
    world_act_as(&f->w, f->person);
    f->w.actor.caps |= CAP_ROLES_MANAGE | CAP_POLICY_MANAGE;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *in = json_loads(cases[i].json, 0, NULL);
        assert_non_null(in);
        Err form = {0}, api = {0};
        Status s = cases[i].create(&f->w.ctx, in, NULL, &form);
        if (s != ST_INVALID || strcmp(form.code, cases[i].code) != 0 || strcmp(form.field, cases[i].field) != 0)
            fail_msg("%s: the domain said %s %s (%s)", cases[i].what, form.code, form.field, form.ja);
        assert_int_equal(input_check_entity(in, cases[i].ent, true, &api), ST_INVALID);
        assert_string_equal(api.code, form.code);
        assert_string_equal(api.field, form.field);
        assert_string_equal(api.ja, form.ja);
        assert_string_equal(api.en, form.en);
        json_decref(in);
    }
    assert_int_equal(world_count(&f->w, "SELECT (SELECT count(*) FROM failure_records) + (SELECT count(*) FROM"
                                        " server_rooms) + (SELECT count(*) FROM software_licenses) + (SELECT count(*)"
                                        " FROM bring_in_records) + (SELECT count(*) FROM policy_reviews) + (SELECT"
                                        " count(*) FROM incidents) + (SELECT count(*) FROM incident_violations)"),
                     0);
    free(long_title);
    free(long_violation);
    free(failure);
    free(violation);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(declarations_are_whole, setup, teardown),
        cmocka_unit_test(trail_objects_are_known),
        cmocka_unit_test(characters_not_bytes),
        cmocka_unit_test_setup_teardown(ddl_columns_match, setup, teardown),
        cmocka_unit_test_setup_teardown(ddl_limits_match, setup, teardown),
        cmocka_unit_test_setup_teardown(ddl_checks_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(records_and_incidents_refuse_alike, setup, teardown),
        cmocka_unit_test(typescript_is_current),
        cmocka_unit_test(openapi_is_current),
        cmocka_unit_test(ui_labels_are_declared),
        cmocka_unit_test(import_columns_match),
        cmocka_unit_test_setup_teardown(same_refusal_everywhere, setup, teardown),
        cmocka_unit_test_setup_teardown(person_refusal_same_in_form_and_api, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
