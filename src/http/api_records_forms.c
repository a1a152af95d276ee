/* api_records_forms: the forms of the records (障害 and its handling, 持ち込み, ライセンス, 作業,
 * サーバー室, 入退室の許可, 入退室, 搬入出) as the screens draw them — each field's name, label, limit
 * and whether it is required come from the Field list its handler checks (one declaration); this
 * file adds only how a field is entered (widget), its English label and, for a choice, which of the
 * actor's abilities (rec_abilities) lists the allowed values. With the forms comes what the actor
 * may record, so a screen offers nothing the server then refuses. Also the room book's PDF and XLSX
 * downloads. */
#include <stdio.h>
#include <string.h>

#include "domain/records/records.h"
#include "http/api_records.h"
#include "http/input.h"

typedef struct Widget {
    const char *field;
    /* text textarea date datetime time int bool person system unit choice; "-" = not on the form */
    const char *widget;
    const char *label_en;
    const char *choices;  /* system/unit: the abilities list of allowed values */
    const char *options;  /* choice: "value=label=English label|…" */
} Widget;

typedef struct RecForm {
    const char *kind, *title, *title_en, *article;
    const Field *fields;
    const Widget *widgets;
} RecForm;

static const Widget failure_w[] = {
    {"system_id", "system", "Information system", "systems", NULL},
    {"title", "text", "Subject", NULL, NULL},
    {"description", "textarea", "What happened", NULL, NULL},
    {"occurred_at", "datetime", "Occurred at", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const Widget failure_update_w[] = {
    {"state", "choice", "State", NULL, "handling=対応中=Being handled|resolved=解決=Resolved"},
    {"handling", "textarea", "Handling", NULL, NULL},
    {"result", "textarea", "Result", NULL, NULL},
    {"problems", "textarea", "Problems found", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const Widget bringin_w[] = {
    {"person_id", "person", "Brought in by", NULL, NULL},
    {"item", "text", "Item", NULL, NULL},
    {"purpose", "textarea", "Purpose", NULL, NULL},
    {"in_at", "datetime", "Brought in at", NULL, NULL},
    {"request_id", "-", "Permission request", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const Widget license_w[] = {
    {"software", "text", "Software", NULL, NULL},
    {"version", "text", "Version", NULL, NULL},
    {"license_kind", "text", "License type", NULL, NULL},
    {"license_count", "int", "Number of licenses", NULL, NULL},
    {"target", "textarea", "Installed on", NULL, NULL},
    {"purpose", "textarea", "Purpose", NULL, NULL},
    {"system_id", "system", "Information system", "work_systems", NULL},
    {"unit_id", "unit", "Section", "room_units", NULL},
    {"notes", "textarea", "Notes", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const Widget work_w[] = {
    {"system_id", "system", "Information system", "work_systems", NULL},
    {"title", "text", "Work", NULL, NULL},
    {"description", "textarea", "What was done", NULL, NULL},
    {"started_at", "datetime", "Started at", NULL, NULL},
    {"ended_at", "datetime", "Ended at", NULL, NULL},
    {"config_changed", "bool", "The configuration changed", NULL, NULL},
    {"security_review", "textarea", "Check of the security measures", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const Widget room_w[] = {
    {"name", "text", "Name", NULL, NULL},
    {"location", "text", "Location", NULL, NULL},
    {"door_code", "text", "Door code (card reader)", NULL, NULL},
    {"unit_id", "unit", "Keeping section", "room_units", NULL},
    {"office_start", "time", "Office hours from", NULL, NULL},
    {"office_end", "time", "Office hours until", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const Widget access_w[] = {
    {"person_id", "person", "Person allowed in", NULL, NULL},
    {"card_no", "text", "Card number", NULL, NULL},
    {"valid_from", "date", "From", NULL, NULL},
    {"valid_until", "date", "Until", NULL, NULL},
    {"note", "textarea", "Note", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const Widget entry_w[] = {
    {"person_id", "person", "Person", NULL, NULL},
    {"visitor_name", "text", "Visitor's name", NULL, NULL},
    {"visitor_org", "text", "Visitor's organisation", NULL, NULL},
    {"escort_person_id", "person", "Escorting staff", NULL, NULL},
    {"purpose", "textarea", "Purpose", NULL, NULL},
    {"time_in", "datetime", "In", NULL, NULL},
    {"time_out", "datetime", "Out", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const Widget move_w[] = {
    {"direction", "choice", "In or out", NULL, "in=搬入=In|out=搬出=Out"},
    {"equipment", "text", "Equipment", NULL, NULL},
    {"carried_by", "text", "Carried by", NULL, NULL},
    {"moved_at", "datetime", "Moved at", NULL, NULL},
    {"witness_person_id", "person", "Witnessing staff", NULL, NULL},
    {"impact_check", "textarea", "Check of the impact on existing systems", NULL, NULL},
    {"system_id", "system", "Information system", "systems", NULL},
    {"notes", "textarea", "Notes", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const RecForm forms[] = {
    {"failure", "障害の報告", "Report a failure", "第66条", rec_failure_fields, failure_w},
    {"failure_update", "障害の処理・結果", "Handling of the failure", "第66条", rec_failure_update_fields, failure_update_w},
    {"bringin", "持ち込みの記録", "Record a bring-in", "第43条", rec_bringin_fields, bringin_w},
    {"license", "ライセンスの登録", "Register a license", "第76条(2)", rec_license_fields, license_w},
    {"work", "作業の記録", "Record work", "第63条", rec_work_fields, work_w},
    {"room", "サーバー室の登録", "Register a server room", "第35条", rec_room_fields, room_w},
    {"access", "入退室の許可", "Allow a person in", "第35条", rec_access_fields, access_w},
    {"entry", "入退室の記録", "Record an entry", "第35条", rec_entry_fields, entry_w},
    {"move", "機器等の搬入出の記録", "Record equipment moved in or out", "第36条", rec_move_fields, move_w},
};

static const Widget *widget_of(const Widget *w, const char *field)
{
    for (; w->field; w++)
        if (strcmp(w->field, field) == 0)
            return w;
    return NULL;
}

static json_t *options_json(const char *spec)
{
    json_t *out = json_array();
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *save = NULL, *part = strtok_r(buf, "|", &save); part; part = strtok_r(NULL, "|", &save)) {
        char *eq = strchr(part, '=');
        if (!eq)
            continue;
        *eq = '\0';
        char *en = strchr(eq + 1, '=');
        if (en)
            *en++ = '\0';
        json_t *o = json_pack("{s:s, s:s}", "value", part, "label", eq + 1);
        if (en)
            json_object_set_new(o, "label_en", json_string(en));
        json_array_append_new(out, o);
    }
    return out;
}

static json_t *form_json(const RecForm *f)
{
    json_t *fields = json_array();
    for (const Field *x = f->fields; x->name; x++) {
        const Widget *w = widget_of(f->widgets, x->name);
        if (w && strcmp(w->widget, "-") == 0)
            continue;
        json_t *o = json_pack("{s:s, s:s, s:s, s:b}", "name", x->name, "label", x->label_ja, "type",
                              w ? w->widget : "text", "required", x->required);
        if (w && w->label_en)
            json_object_set_new(o, "label_en", json_string(w->label_en));
        if ((x->type == F_STRING || x->type == F_STRING_OR_NULL) && (!w || strcmp(w->widget, "datetime") != 0))
            json_object_set_new(o, "max_chars", json_integer((json_int_t)(x->max_len ? x->max_len : 200)));
        if (w && w->choices)
            json_object_set_new(o, "choices", json_string(w->choices));
        if (w && w->options)
            json_object_set_new(o, "options", options_json(w->options));
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
