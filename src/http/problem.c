/* problem: turning an Err into a problem+json body. The machine code is the stable contract; detail
 * is Japanese (the UI's default) and detail_en English. The HTTP status and, where the raise site
 * gave none, the messages come from the error catalog (core/errors.def). */
#include "http/problem.h"

static const char *title_for(int status)
{
    switch (status) {
    case 400: return "入力内容に誤りがあります";
    case 401: return "ログインが必要です";
    case 403: return "この操作は許可されていません";
    case 404: return "見つかりません";
    case 405: return "この操作には対応していません";
    case 409: return "現在の状態では実行できません";
    case 413: return "リクエストが大きすぎます";
    case 415: return "リクエストの形式が正しくありません";
    case 423: return "アカウントはロックされています";
    case 429: return "試行回数が多すぎます";
    case 503: return "一時的に利用できません";
    default: return "サーバーでエラーが発生しました";
    }
}

json_t *problem_from_err(const Err *e)
{
    int http_status = err_http(e);
    const ErrDef *d = e->code[0] ? err_def(e->code) : NULL;
    const char *ja = e->ja[0] ? e->ja : d ? d->ja : title_for(http_status);
    const char *en = e->en[0] ? e->en : d ? d->en : "";
    json_t *p = json_object();
    json_object_set_new(p, "type", json_sprintf("urn:lgsec:problem:%s", e->code[0] ? e->code : "error"));
    json_object_set_new(p, "title", json_string(title_for(http_status)));
    json_object_set_new(p, "status", json_integer(http_status));
    json_object_set_new(p, "code", json_string(e->code[0] ? e->code : "error"));
    json_object_set_new(p, "detail", json_string(ja));
    json_object_set_new(p, "detail_en", json_string(en));
    if (e->field[0]) {
        json_object_set_new(p, "field", json_string(e->field));
        json_t *one = json_pack("{s:s, s:s, s:s, s:s}", "field", e->field, "code", e->code, "detail", ja,
                                "detail_en", en);
        json_object_set_new(p, "errors", json_pack("[o]", one));
    }
    return p;
}
