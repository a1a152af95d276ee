/* entity_emit: the copies of the declarations that live outside C — the TypeScript module the UI
 * imports (web/src/entities.gen.ts) and the openapi components (docs/openapi.yaml, between the
 * "generated" markers). `ninja -C build entities-gen` writes both; test_entities fails when the
 * checked-in files differ from what these functions produce. */
#include <ctype.h>
#include <string.h>

#include "entities/entity.h"

/* "storage_place" → "StoragePlace" */
static void pascal(Buf *out, const char *s)
{
    bool up = true;
    for (; *s; s++) {
        if (*s == '_') {
            up = true;
            continue;
        }
        buf_putc(out, up ? (char)toupper((unsigned char)*s) : *s);
        up = false;
    }
}

static bool is_required(const EntityField *f)
{
    /* a patch-only field's EF_REQUIRED is its own route's: a create never needs it */
    return (f->flags & EF_REQUIRED) && !(f->flags & EF_PATCH_ONLY);
}

static void ts_type(Buf *out, const Entity *ent, const EntityField *f)
{
    switch (f->type) {
    case ET_TEXT: buf_puts(out, "string"); break;
    case ET_ENUM:
        pascal(out, ent->name);
        pascal(out, f->name);
        break;
    case ET_LEVEL:
    case ET_LIST: buf_puts(out, "string"); break;
    case ET_BOOL: buf_puts(out, "boolean"); break;
    case ET_FACT: buf_puts(out, "boolean"); break;
    case ET_REF: buf_puts(out, "number | string"); break;
    case ET_DATE: buf_puts(out, "string"); break;
    case ET_INT: buf_puts(out, "number"); break;
    case ET_DATETIME:
    case ET_TIME: buf_puts(out, "string"); break;
    }
    if (f->flags & EF_NULLABLE)
        buf_puts(out, " | null");
}

static void ts_limits(Buf *out, const EntityField *f)
{
    if (f->type == ET_TEXT)
        buf_printf(out, ", max_chars: %zu", f->max_chars);
    if (f->type == ET_INT)
        buf_printf(out, ", min: %lld, max: %lld", f->min, f->max);
}

static void ts_entity(Buf *out, const Entity *ent)
{
    for (size_t i = 0; i < ent->nfields; i++) {
        const EntityField *f = &ent->fields[i];
        if (f->type != ET_ENUM)
            continue;
        buf_puts(out, "export type ");
        pascal(out, ent->name);
        pascal(out, f->name);
        buf_puts(out, " =");
        for (size_t c = 0; c < f->nchoices; c++)
            buf_printf(out, "%s \"%s\"", c ? " |" : "", f->choices[c].value);
        buf_puts(out, ";\n");
    }
    buf_printf(out, "\n/** %s%s%s%s: what a create sends; an update sends any part of it. */\nexport interface ",
               ent->label_ja, ent->article ? " (" : "", ent->article ? ent->article : "", ent->article ? ")" : "");
    pascal(out, ent->name);
    buf_puts(out, "Input {\n");
    for (size_t i = 0; i < ent->nfields; i++) {
        const EntityField *f = &ent->fields[i];
        buf_printf(out, "  /** %s", f->label_ja);
        if (f->type == ET_TEXT)
            buf_printf(out, ", at most %zu characters", f->max_chars);
        if (f->type == ET_LEVEL || f->type == ET_LIST)
            buf_printf(out, ", a value of the pack's \"%s\"", f->list);
        if (f->article)
            buf_printf(out, " (%s)", f->article);
        buf_printf(out, " */\n  %s%s: ", f->name, is_required(f) ? "" : "?");
        ts_type(out, ent, f);
        buf_puts(out, ";\n");
    }
    buf_puts(out, "}\n\n/** The fields of ");
    pascal(out, ent->name);
    buf_puts(out, "Input with their labels and limits (forms use them for maxLength and messages). */\nexport const ");
    buf_puts(out, ent->name);
    buf_puts(out, "Fields = {\n");
    for (size_t i = 0; i < ent->nfields; i++) {
        const EntityField *f = &ent->fields[i];
        buf_printf(out, "  %s: { label: \"%s\", label_en: \"%s\", required: %s", f->name, f->label_ja, f->label_en,
                   is_required(f) ? "true" : "false");
        ts_limits(out, f);
        if (f->article)
            buf_printf(out, ", article: \"%s\"", f->article);
        buf_puts(out, " },\n");
    }
    buf_puts(out, "} as const;\n");
}

void entity_emit_ts(const Entity *const *ents, size_t n, Buf *out)
{
    buf_puts(out, "// Generated from the entity declarations (src/entities/*_entity.c) by `ninja -C build entities-gen`.\n"
                  "// Do not edit: tests/unit/test_entities.c fails when this file differs from the declarations.\n");
    for (size_t i = 0; i < n; i++) {
        buf_puts(out, "\n");
        ts_entity(out, ents[i]);
    }
}

/* A YAML single-quoted scalar. */
static void yq(Buf *out, const char *s)
{
    buf_putc(out, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            buf_putc(out, '\'');
        buf_putc(out, *s);
    }
    buf_putc(out, '\'');
}

static void openapi_field(Buf *out, const EntityField *f)
{
    bool nullable = f->flags & EF_NULLABLE;
    buf_printf(out, "        %s: {type: ", f->name);
    const char *t = f->type == ET_BOOL || f->type == ET_FACT ? "boolean"
                    : f->type == ET_INT                      ? "integer"
                    : f->type == ET_REF                      ? "integer"
                                                             : "string";
    if (nullable)
        buf_printf(out, "[%s, 'null']", t);
    else
        buf_puts(out, t);
    if (f->type == ET_TEXT)
        buf_printf(out, ", maxLength: %zu", f->max_chars);
    if (f->type == ET_TEXT && (f->flags & EF_CODE))
        buf_puts(out, ", pattern: '^[A-Za-z0-9_-]+$'");
    if (f->type == ET_DATE)
        buf_puts(out, ", format: date");
    if (f->type == ET_INT)
        buf_printf(out, ", minimum: %lld, maximum: %lld", f->min, f->max);
    if (f->type == ET_TIME)
        buf_puts(out, ", pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9])?$'");
    if (f->type == ET_ENUM) {
        buf_puts(out, ", enum: [");
        for (size_t c = 0; c < f->nchoices; c++)
            buf_printf(out, "%s%s", c ? ", " : "", f->choices[c].value);
        buf_puts(out, "]");
    }
    if (f->dflt)
        buf_printf(out, ", default: %s", f->dflt);
    Buf d = BUF_INIT;
    buf_puts(&d, f->label_ja);
    if (f->type == ET_ENUM) {
        buf_puts(&d, " (");
        for (size_t c = 0; c < f->nchoices; c++)
            buf_printf(&d, "%s%s=%s", c ? ", " : "", f->choices[c].value, f->choices[c].label_ja);
        buf_puts(&d, ")");
    }
    if (f->type == ET_LEVEL)
        buf_printf(&d, " — ポリシーパックの区分 (%s) の id", f->list);
    if (f->type == ET_LIST)
        buf_printf(&d, " — 空欄またはポリシーパックの %s の id", f->list);
    if (f->type == ET_REF)
        buf_printf(&d, " — %s の ID (10進の文字列も可)", f->ref);
    if (f->type == ET_FACT)
        buf_puts(&d, " — null は未記録");
    if (f->type == ET_DATETIME)
        buf_puts(&d, " — YYYY-MM-DDTHH:MM[:SS] (日本時間) または YYYY-MM-DDTHH:MM:SSZ (UTC)");
    if (f->type == ET_TIME)
        buf_puts(&d, " — HH:MM (日本時間)");
    if (f->flags & EF_IMMUTABLE)
        buf_puts(&d, " — 作成時のみ");
    if (f->flags & EF_PATCH_ONLY)
        buf_puts(&d, " — 更新時のみ");
    if (f->article)
        buf_printf(&d, " (%s)", f->article);
    buf_puts(out, ", description: ");
    yq(out, buf_str(&d));
    buf_free(&d);
    buf_puts(out, "}\n");
}

void entity_emit_openapi(const Entity *const *ents, size_t n, Buf *out)
{
    buf_puts(out, "    # BEGIN generated from src/entities by `ninja -C build entities-gen` (test_entities checks it)\n");
    for (size_t i = 0; i < n; i++) {
        const Entity *ent = ents[i];
        buf_puts(out, "    ");
        pascal(out, ent->name);
        buf_puts(out, "Input:\n      type: object\n      additionalProperties: false\n      description: ");
        Buf d = BUF_INIT;
        buf_printf(&d, "%s%s%s%s。作成時の入力で、更新 (PATCH) ではどの項目も省略できます。文字数の上限は文字 (コードポイント) で数えます。",
                   ent->label_ja, ent->article ? " (" : "", ent->article ? ent->article : "", ent->article ? ")" : "");
        yq(out, buf_str(&d));
        buf_free(&d);
        buf_puts(out, "\n      required: [");
        bool first = true;
        for (size_t f = 0; f < ent->nfields; f++)
            if (is_required(&ent->fields[f])) {
                buf_printf(out, "%s%s", first ? "" : ", ", ent->fields[f].name);
                first = false;
            }
        buf_puts(out, "]\n      properties:\n");
        for (size_t f = 0; f < ent->nfields; f++)
            openapi_field(out, &ent->fields[f]);
    }
    buf_puts(out, "    # END generated from src/entities\n");
}
