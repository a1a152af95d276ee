/* api_records_forms: the forms of the records (障害 and its handling, 持ち込み, ライセンス, 作業,
 * サーバー室, 入退室の許可, 入退室, 搬入出) as the screens draw them — each field's name, labels, limit,
 * type, choices and whether it is required come from its declaration (entities/record_entity.h, the
 * same the handler and the domain check); this file adds only the exceptions to how a field is
 * entered and, for a reference, which of the actor's abilities (rec_abilities) lists the allowed
 * values. With the forms comes what the actor
 * may record, so a screen offers nothing the server then refuses. Also the room book's PDF and XLSX
 * downloads. */
#include <stdio.h>
#include <string.h>

#include "domain/records/records.h"
#include "http/api_records.h"
#include "entities/record_entity.h"
#include "http/input.h"

/* How a field is entered when its type does not say it (a one-line text of a multiline field), which
 * of the actor's abilities lists the allowed values of a reference, or "-" = not on the form. */
typedef struct Widget {
    const char *field;
    const char *widget;  /* NULL: from the declared type */
    const char *choices; /* system/unit: the abilities list of allowed values */
} Widget;

typedef struct RecForm {
    const char *kind, *title, *title_en, *article;
    const Entity *ent;
    bool patch; /* the form of the later change (the entity's patch-only fields), not of the create */
    const Widget *widgets;
} RecForm;

static const Widget failure_w[] = {{"system_id", NULL, "systems"}, {NULL, NULL, NULL}};
static const Widget license_w[] = {{"system_id", NULL, "work_systems"}, {"unit_id", NULL, "room_units"}, {NULL, NULL, NULL}};
static const Widget work_w[] = {{"system_id", NULL, "work_systems"}, {NULL, NULL, NULL}};
static const Widget room_w[] = {{"unit_id", NULL, "room_units"}, {NULL, NULL, NULL}};
static const Widget move_w[] = {{"equipment", "text", NULL}, {"system_id", NULL, "systems"}, {NULL, NULL, NULL}};
static const Widget none_w[] = {{NULL, NULL, NULL}};

static const RecForm forms[] = {
    {"failure", "障害の報告", "Report a failure", "第66条", &failure_entity, false, failure_w},
    {"failure_update", "障害の処理・結果", "Handling of the failure", "第66条", &failure_entity, true, none_w},
    {"bringin", "持ち込みの記録", "Record a bring-in", "第43条", &bringin_entity, false, none_w},
    {"license", "ライセンスの登録", "Register a license", "第76条(2)", &license_entity, false, license_w},
    {"work", "作業の記録", "Record work", "第63条", &work_entity, false, work_w},
    {"room", "サーバー室の登録", "Register a server room", "第35条", &room_entity, false, room_w},
    {"access", "入退室の許可", "Allow a person in", "第35条", &access_entity, false, none_w},
    {"entry", "入退室の記録", "Record an entry", "第35条", &entry_entity, false, none_w},
    {"move", "機器等の搬入出の記録", "Record equipment moved in or out", "第36条", &move_entity, false, move_w},
};

static const Widget *widget_of(const Widget *w, const char *field)
{
    for (; w->field; w++)
        if (strcmp(w->field, field) == 0)
            return w;
    return NULL;
}

/* The input a declared type is entered with. */
static const char *widget_for(const EntityField *f)
{
    switch (f->type) {
    case ET_TEXT: return (f->flags & EF_MULTILINE) ? "textarea" : "text";
    case ET_ENUM: return "choice";
    case ET_DATE: return "date";
    case ET_DATETIME: return "datetime";
    case ET_TIME: return "time";
    case ET_INT: return "int";
    case ET_BOOL:
    case ET_FACT: return "bool";
    case ET_REF:
        return strcmp(f->ref, "people") == 0    ? "person"
               : strcmp(f->ref, "systems") == 0 ? "system"
               : strcmp(f->ref, "org_units") == 0 ? "unit"
                                                  : "-"; /* another record: not typed on a form */
    case ET_LEVEL:
    case ET_LIST: return "text";
    }
    return "text";
}

static json_t *options_json(const EntityField *f)
{
    json_t *out = json_array();
    for (size_t i = 0; i < f->nchoices; i++)
        json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "value", f->choices[i].value, "label",
                                             f->choices[i].label_ja, "label_en", f->choices[i].label_en));
    return out;
}

static json_t *form_json(const RecForm *f)
{
    json_t *fields = json_array();
    for (size_t i = 0; i < f->ent->nfields; i++) {
        const EntityField *x = &f->ent->fields[i];
        if (!(x->flags & EF_PATCH_ONLY) != !f->patch)
            continue;
        const Widget *w = widget_of(f->widgets, x->name);
        const char *type = w && w->widget ? w->widget : widget_for(x);
        if (strcmp(type, "-") == 0)
            continue;
        json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:s}", "name", x->name, "label", x->label_ja, "type", type,
                              "required", (x->flags & EF_REQUIRED) != 0, "label_en", x->label_en);
        if (x->type == ET_TEXT)
            json_object_set_new(o, "max_chars", json_integer((json_int_t)x->max_chars));
        if (w && w->choices)
            json_object_set_new(o, "choices", json_string(w->choices));
        if (x->type == ET_ENUM)
            json_object_set_new(o, "options", options_json(x));
        json_array_append_new(fields, o);
    }
    return json_pack("{s:s, s:s, s:s, s:o}", "title", f->title, "title_en", f->title_en, "article", f->article,
                     "fields", fields);
}

/* ROUTE: GET /api/v1/records/forms signed_in
 * 記録の入力項目と、本人が記録できるもの (画面の入力欄) */
Status api_rec_forms(Request *req, Response *res, Err *e)
{
    json_t *may = NULL;
    Status s = rec_abilities(&req->ctx, &may, e);
    if (s != ST_OK)
        return s;
    json_t *out = json_object();
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        json_object_set_new(out, forms[i].kind, form_json(&forms[i]));
    return respond_json(res, 200, json_pack("{s:o, s:o}", "forms", out, "may", may));
}

/* --- the 入退室管理簿 of a period as a document --- */

static Status book(Request *req, Response *res, RoomBookFormat format, Err *e)
{
    int64_t id;
    if (!parse_id(req->params[0], &id))
        return err_set(e, ST_NOTFOUND, "room_not_found", "id", "サーバー室が見つかりません", "server room not found");
    const char *from = req_query(req, "from"), *to = req_query(req, "to");
    unsigned char *data = NULL;
    size_t len = 0;
    Status s = rec_room_book_export(&req->ctx, id, from, to, format, &data, &len, e);
    if (s != ST_OK)
        return s;
    char name[96];
    snprintf(name, sizeof name, "サーバー室入退室管理簿_%s_%s.%s", from, to, format == ROOM_BOOK_PDF ? "pdf" : "xlsx");
    return respond_file(res, data, len,
                        format == ROOM_BOOK_PDF ? "application/pdf"
                                                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        name);
}

/* ROUTE: GET /api/v1/records/server-rooms/{id}/book.pdf signed_in
 * サーバー室入退室管理簿の印刷 (PDF、期間を指定, 第35条) */
Status api_rec_book_pdf(Request *req, Response *res, Err *e) { return book(req, res, ROOM_BOOK_PDF, e); }

/* ROUTE: GET /api/v1/records/server-rooms/{id}/book.xlsx signed_in
 * サーバー室入退室管理簿の書き出し (Excel、期間を指定, 第35条) */
Status api_rec_book_xlsx(Request *req, Response *res, Err *e) { return book(req, res, ROOM_BOOK_XLSX, e); }
