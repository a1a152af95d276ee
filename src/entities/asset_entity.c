/* The 情報資産 (asset) declaration: the fields of the 情報資産台帳 (第22条, 第23条) that asset_create and
 * asset_update take. Limits are characters. Classification levels are the active pack's scales. */
#include "entities/asset_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const EntityChoice kinds[] = {
    {"equipment", "機器・設備", "Equipment and systems"},
    {"medium", "電磁的記録媒体", "Storage medium"},
    {"information", "情報", "Information"},
    {"document", "システム関連文書", "System documents"},
};

static const EntityChoice formats[] = {
    {"paper", "紙", "Paper"},
    {"electronic", "電子", "Electronic"},
    {"both", "紙・電子", "Paper and electronic"},
};

const EntityField asset_fields[ASSET_F_COUNT] = {
    [ASSET_F_ASSET_NO] = {"asset_no", "管理番号", "Asset no.", ET_TEXT, EF_IMMUTABLE, .max_chars = 64,
                          .article = "第23条1"},
    [ASSET_F_NAME] = {"name", "名称", "Name", ET_TEXT, EF_REQUIRED, .max_chars = 200, .article = "第23条1"},
    [ASSET_F_KIND] = {"kind", "種別", "Kind", ET_ENUM, EF_REQUIRED, .choices = kinds, .nchoices = N(kinds),
                      .article = "第23条1", .bad_code = "invalid_kind"},
    [ASSET_F_DESCRIPTION] = {"description", "説明", "Description", ET_TEXT, EF_MULTILINE, .max_chars = 2000},
    [ASSET_F_UNIT_ID] = {"unit_id", "所管課室", "Section", ET_REF, EF_REQUIRED, .ref = "org_units",
                         .article = "第23条1"},
    [ASSET_F_HOLDER] = {"holder", "保管者", "Holder", ET_TEXT, 0, .max_chars = 200, .article = "第23条8(1)"},
    [ASSET_F_STORAGE_PLACE] = {"storage_place", "保管場所", "Storage place", ET_TEXT, 0, .max_chars = 400,
                               .article = "第23条8(1)"},
    [ASSET_F_MEDIUM] = {"medium", "媒体", "Medium", ET_TEXT, 0, .max_chars = 200, .article = "第23条7(3)"},
    [ASSET_F_FORMAT] = {"format", "形態", "Format", ET_ENUM, 0, .choices = formats, .nchoices = N(formats),
                        .dflt = "\"electronic\"", .bad_code = "invalid_format"},
    [ASSET_F_VOLUME] = {"volume", "数量", "Volume", ET_TEXT, 0, .max_chars = 200},
    [ASSET_F_SYSTEM_ID] = {"system_id", "情報システム", "Information system", ET_REF, EF_NULLABLE,
                           .ref = "systems", .article = "第23条2"},
    [ASSET_F_RETENTION] = {"retention", "保存期間", "Retention", ET_TEXT, 0, .max_chars = 100,
                           .article = "第23条12"},
    [ASSET_F_PERSONAL_INFO] = {"personal_info", "個人情報", "Personal information", ET_BOOL, 0, .dflt = "false",
                               .article = "第22条"},
    [ASSET_F_SPECIFIC_PERSONAL_INFO] = {"specific_personal_info", "特定個人情報",
                                        "Specific personal information (My Number)", ET_BOOL, 0, .dflt = "false",
                                        .article = "第22条"},
    [ASSET_F_NOTES] = {"notes", "備考", "Notes", ET_TEXT, EF_MULTILINE, .max_chars = 2000},
    [ASSET_F_CONFIDENTIALITY] = {"confidentiality", "機密性", "Confidentiality", ET_LEVEL, EF_NULLABLE,
                                 .list = "confidentiality", .article = "第22条", .bad_code = "unknown_level"},
    [ASSET_F_INTEGRITY] = {"integrity", "完全性", "Integrity", ET_LEVEL, EF_NULLABLE, .list = "integrity",
                           .article = "第22条", .bad_code = "unknown_level"},
    [ASSET_F_AVAILABILITY] = {"availability", "可用性", "Availability", ET_LEVEL, EF_NULLABLE,
                              .list = "availability", .article = "第22条", .bad_code = "unknown_level"},
    [ASSET_F_CLASSIFICATION_REASON] = {"classification_reason", "分類理由", "Classification reason", ET_TEXT,
                                       EF_MULTILINE, .max_chars = 2000, .article = "第23条5(2)"},
};

static const char *const kept[] = {"id", "confidentiality_rank", "classification_status", "source_asset_id",
                                   "source_kind", "disposed_at", "created_at", "updated_at", NULL};

const Entity asset_entity = {"asset", "assets", "情報資産", "Information asset", "第23条", asset_fields,
                             ASSET_F_COUNT, kept, "asset"};
