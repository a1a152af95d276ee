/* fuzz_request: the decoding of request bodies every state-changing API call goes through —
 * input_parse_body (JSON object, duplicate keys refused) then input_check against a field list
 * that uses every field type, then the accessors handlers use. */
#include <stddef.h>
#include <stdint.h>

#include "http/input.h"

static const Field fields[] = {
    {"name", F_STRING, true, 100, "氏名"},
    {"note", F_STRING, false, 2000, "備考"},
    {"count", F_INT, false, 0, "件数"},
    {"flag", F_BOOL, false, 0, "フラグ"},
    {"from", F_DATE, false, 0, "開始日"},
    {"until", F_DATE_OR_NULL, false, 0, "終了日"},
    {"unit_id", F_ID_OR_NULL, false, 0, "所属"},
    {"level", F_STRING_OR_NULL, false, 10, "機密性"},
    {"backup", F_BOOL_OR_NULL, false, 0, "バックアップ"},
    {NULL, 0, false, 0, NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = NULL;
    Err e = {0};
    if (input_parse_body((const char *)data, size, &body, &e) != ST_OK)
        return 0;
    if (input_check(body, fields, &e) == ST_OK) {
        (void)in_str(body, "name", "");
        (void)in_int(body, "count", 0);
        (void)in_bool(body, "flag", false);
        (void)in_has(body, "until");
    }
    json_decref(body);
    return 0;
}
