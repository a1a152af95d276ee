/* api_registers: what both registers share — the import wizard's steps (upload, dry run, import,
 * progress), the exports, and the field lists the UI builds its forms and mapping screen from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assets/assets.h"
#include "domain/registers/registers.h"
#include "http/api.h"
#include "http/input.h"

static Status path_import(Request *req, int64_t *id, Err *e)
{
    if (!parse_id(req->params[0], id))
        return err_set(e, ST_NOTFOUND, "import_not_found", "id", "取り込みが見つかりません", "import not found");
    return ST_OK;
}

/* ROUTE: POST /api/v1/imports signed_in upload
 * 取り込むファイルのアップロード (CSV/XLSX) */
Status api_imports_upload(Request *req, Response *res, Err *e)
{
    const char *target = req_query(req, "target");
    const char *filename = req_query(req, "filename");
    if (filename && strlen(filename) > 255)
        return err_set(e, ST_INVALID, "too_long", "filename", "ファイル名が長すぎます", "file name too long");
    json_t *out = NULL;
    Status s = imports_upload(&req->ctx, target, filename ? filename : "", (const unsigned char *)req->body.data,
                              req->body.len, &out, e);
    return s == ST_OK ? respond_json(res, 201, out) : s;
}

/* ROUTE: POST /api/v1/imports/{id}/cancel signed_in changes_state
 * 取り込みの取り消し (ファイルも消す) */
Status api_imports_cancel(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_import(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, no_fields, e);
    if (s == ST_OK)
        s = imports_cancel(&req->ctx, id, e);
    return s == ST_OK ? respond_json(res, 204, NULL) : s;
}

static const Field mapping_fields[] = {
    {"mapping", F_OBJECT, true, 0, "見出しの対応付け"},
    {NULL, 0, false, 0, NULL},
};

/* ROUTE: POST /api/v1/imports/{id}/dry-run signed_in changes_state
 * 取り込みの事前確認 (何も書き込まない) */
Status api_imports_dry_run(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_import(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, mapping_fields, e);
    if (s == ST_OK)
        s = imports_dry_run(&req->ctx, id, json_object_get(req->json, "mapping"), &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: POST /api/v1/imports/{id}/commit signed_in changes_state
 * 取り込みの実行 (全件または0件) */
Status api_imports_commit(Request *req, Response *res, Err *e)
{
    int64_t id;
    Status s = path_import(req, &id, e);
    if (s == ST_OK)
        s = input_check(req->json, mapping_fields, e);
    if (s == ST_OK)
        s = imports_commit(&req->ctx, id, json_object_get(req->json, "mapping"), e);
    return s == ST_OK ? respond_json(res, 202, json_pack("{s:s}", "state", "running")) : s;
}

/* ROUTE: GET /api/v1/imports/{id} signed_in
 * 取り込みの進み具合 */
Status api_imports_status(Request *req, Response *res, Err *e)
{
    int64_t id;
    json_t *out = NULL;
    Status s = path_import(req, &id, e);
    if (s == ST_OK)
        s = imports_status(&req->ctx, id, &out, e);
    return s == ST_OK ? respond_json(res, 200, out) : s;
}

/* ROUTE: GET /api/v1/registers/fields signed_in
 * 台帳の項目一覧 (入力画面と取り込み用) */
Status api_registers_fields(Request *req, Response *res, Err *e)
{
    (void)req;
    (void)e;
    return respond_json(res, 200, imports_field_lists(&req->ctx));
}

/* Downloads: the register in the import's columns, so it can be edited in Excel and imported again. */
static Status send(Response *res, Status s, unsigned char *data, size_t len, ExportFormat format, const char *name)
{
    if (s != ST_OK)
        return s;
    char file[96];
    snprintf(file, sizeof file, "%s.%s", name, format == EXPORT_XLSX ? "xlsx" : "csv");
    return respond_file(res, data, len,
                        format == EXPORT_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                              : "text/csv; charset=utf-8",
                        file);
}

static Status assets_export(Request *req, Response *res, ExportFormat format, Err *e)
{
    AssetQuery q;
    unsigned char *data = NULL;
    size_t len = 0;
    Status s = api_asset_query(req, &q, e);
    if (s == ST_OK)
        s = exports_assets(&req->ctx, &q, format, &data, &len, e);
    return send(res, s, data, len, format, "情報資産台帳");
}

/* ROUTE: GET /api/v1/assets/export.xlsx signed_in
 * 情報資産台帳の書き出し (Excel) */
Status api_assets_export_xlsx(Request *req, Response *res, Err *e) { return assets_export(req, res, EXPORT_XLSX, e); }
/* ROUTE: GET /api/v1/assets/export.csv signed_in
 * 情報資産台帳の書き出し (CSV) */
Status api_assets_export_csv(Request *req, Response *res, Err *e) { return assets_export(req, res, EXPORT_CSV, e); }

static Status systems_export(Request *req, Response *res, ExportFormat format, Err *e)
{
    unsigned char *data = NULL;
    size_t len = 0;
    Status s = exports_systems(&req->ctx, format, &data, &len, e);
    return send(res, s, data, len, format, "情報システム台帳");
}

/* ROUTE: GET /api/v1/systems/export.xlsx signed_in
 * 情報システム台帳の書き出し (Excel) */
Status api_systems_export_xlsx(Request *req, Response *res, Err *e) { return systems_export(req, res, EXPORT_XLSX, e); }
/* ROUTE: GET /api/v1/systems/export.csv signed_in
 * 情報システム台帳の書き出し (CSV) */
Status api_systems_export_csv(Request *req, Response *res, Err *e) { return systems_export(req, res, EXPORT_CSV, e); }

/* ROUTE: GET /api/v1/registers/export.xlsx signed_in
 * 両台帳の書き出し (Excel, 台帳ごとにシート) */
Status api_registers_export_xlsx(Request *req, Response *res, Err *e)
{
    unsigned char *data = NULL;
    size_t len = 0;
    Status s = exports_registers_xlsx(&req->ctx, &data, &len, e);
    return send(res, s, data, len, EXPORT_XLSX, "情報資産台帳・情報システム台帳");
}
