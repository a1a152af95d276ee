/* The 職員等 (person) declaration: the fields people_create and people_update take. Limits are
 * characters. マイナンバー利用事務系 staff must use a second factor (第24条). */
#include "entities/person_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const EntityChoice employments[] = {
    {"regular", "正規職員", "Regular staff"},
    {"fiscal_year", "会計年度任用職員", "Fiscal-year appointee"},
    {"part_time", "非常勤職員", "Part-time staff"},
    {"contractor", "委託事業者要員", "Contractor staff"},
};

static const EntityField person_fields[] = {
    {"staff_no", "職員番号", "Staff no.", ET_TEXT, EF_REQUIRED | EF_IMMUTABLE, .max_chars = 20},
    {"name", "氏名", "Name", ET_TEXT, EF_REQUIRED, .max_chars = 100},
    {"kana", "ふりがな", "Kana", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    {"employment", "任用形態", "Employment", ET_ENUM, EF_REQUIRED, .choices = employments,
     .nchoices = N(employments), .bad_code = "invalid_employment"},
    {"unit_id", "所属", "Unit", ET_REF, EF_REQUIRED, .ref = "org_units"},
    {"title", "職名", "Title", ET_TEXT, 0, .max_chars = 100},
    {"email", "メールアドレス", "E-mail", ET_TEXT, 0, .max_chars = 200},
    {"phone", "電話番号", "Phone", ET_TEXT, 0, .max_chars = 40},
    {"mobile", "携帯電話", "Mobile", ET_TEXT, 0, .max_chars = 40},
    {"mynumber_zone", "マイナンバー利用事務系", "Works in the My Number zone", ET_BOOL, 0, .dflt = "false",
     .article = "第24条"},
    {"active_from", "在籍開始日", "Active from", ET_DATE, EF_REQUIRED, .article = NULL},
    {"active_until", "在籍終了日", "Active until", ET_DATE, EF_NULLABLE, .article = NULL},
};

static const char *const kept[] = {"id", "created_at", "updated_at", NULL};

const Entity person_entity = {"person", "people", "職員等", "Person", NULL, person_fields, N(person_fields), kept, "person"};
