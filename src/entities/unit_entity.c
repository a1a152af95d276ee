/* The organisation unit declaration: the fields org_create_unit and org_update_unit take. Limits are
 * characters. The 課室 is where a 情報セキュリティ管理者 answers for assets (第23条1). */
#include "entities/unit_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const EntityChoice kinds[] = {
    {"organisation", "団体", "Organisation"},
    {"department", "部局", "Department"},
    {"section", "課室", "Section"},
    {"team", "係", "Team"},
};

static const EntityField unit_fields[] = {
    {"parent_id", "上位組織", "Parent unit", ET_REF, EF_NULLABLE, .ref = "org_units"},
    {"code", "組織コード", "Unit code", ET_TEXT, EF_REQUIRED | EF_CODE | EF_IMMUTABLE, .max_chars = 32},
    {"name", "組織名", "Name", ET_TEXT, EF_REQUIRED, .max_chars = 100},
    {"kana", "ふりがな", "Kana", ET_TEXT, 0, .max_chars = 200},
    {"kind", "種別", "Kind", ET_ENUM, EF_REQUIRED | EF_IMMUTABLE, .choices = kinds, .nchoices = N(kinds),
     .article = "第23条1", .bad_code = "invalid_kind"},
    {"phone", "電話番号", "Phone", ET_TEXT, 0, .max_chars = 40},
    {"sort_order", "表示順", "Sort order", ET_INT, 0, .min = -999999, .max = 999999, .dflt = "0"},
    {"active", "有効", "Active", ET_BOOL, EF_PATCH_ONLY, .dflt = "true"},
};

static const char *const kept[] = {"id", "created_at", "updated_at", NULL};

const Entity unit_entity = {"unit", "org_units", "組織", "Organisation unit", NULL, unit_fields, N(unit_fields),
                            kept, "org_unit"};
