/* The import/export field list of the 情報資産台帳 (asset register): the keys asset_create takes, their
 * Japanese headers and the other headers municipalities use for them, and the words of the kinds and
 * formats. "unit" and "system" are names (課室名, システム名) that the caller resolves to unit_id and
 * system_id. */
#include "registers/mapping.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const ValueChoice kinds[] = {
    {"equipment", "機器・設備", WORDS("ネットワーク・情報システム・設備", "情報システム", "ネットワーク", "設備", "機器",
                                      "ハードウェア", "端末", "サーバ", "サーバー", "ネットワーク機器")},
    {"medium", "電磁的記録媒体", WORDS("記録媒体", "媒体", "外部記録媒体", "USBメモリ", "可搬媒体")},
    {"information", "情報", WORDS("情報資産", "データ", "電子データ", "文書", "行政文書", "紙文書", "帳票", "台帳",
                                  "印刷物")},
    {"document", "システム関連文書", WORDS("システム文書", "仕様書", "設計書", "ネットワーク図", "構成図", "手順書",
                                           "マニュアル")},
};

static const ValueChoice formats[] = {
    {"paper", "紙", WORDS("紙媒体", "書面", "印刷物", "紙のみ")},
    {"electronic", "電子", WORDS("電子データ", "電磁的記録", "電子ファイル", "データ", "電子のみ", "電磁的")},
    {"both", "紙・電子", WORDS("紙/電子", "電子・紙", "紙及び電子", "紙と電子", "紙+電子", "両方", "紙,電子", "紙、電子",
                               "紙電子")},
};

static const FieldDef fields[] = {
    {.name = "asset_no", .label_ja = "管理番号", .label_en = "Asset no.", .aliases = WORDS("資産番号", "No", "番号", "整理番号", "資産No", "台帳番号"), .type = FT_TEXT, .max_len = 64, .unique = true},
    {.name = "name", .label_ja = "名称", .label_en = "Name", .aliases = WORDS("情報資産名", "資産名", "情報資産の名称", "件名", "資産名称"), .type = FT_TEXT, .required = true, .max_len = 200},
    {.name = "kind", .label_ja = "種別", .label_en = "Kind", .aliases = WORDS("分類", "資産種別", "種類", "資産の種類", "資産区分"), .type = FT_CHOICE, .required = true, .choices = kinds, .nchoices = N(kinds)},
    {.name = "unit", .label_ja = "所管課", .label_en = "Section", .aliases = WORDS("所属", "担当課", "所管課室", "課室", "所管部署", "担当部署", "課名", "所管"), .type = FT_TEXT, .required = true, .max_len = 200},
    {.name = "holder", .label_ja = "保管者", .label_en = "Holder", .aliases = WORDS("管理者", "保管責任者", "取扱者"), .type = FT_TEXT, .max_len = 200},
    {.name = "storage_place", .label_ja = "保管場所", .label_en = "Storage place", .aliases = WORDS("保存場所", "保管先", "設置場所", "所在"), .type = FT_TEXT, .max_len = 400},
    {.name = "medium", .label_ja = "媒体", .label_en = "Medium", .aliases = WORDS("記録媒体", "保存媒体", "媒体の種類"), .type = FT_TEXT, .max_len = 200},
    {.name = "format", .label_ja = "形態", .label_en = "Format", .aliases = WORDS("形式", "形式(紙/電子)", "紙/電子", "紙・電子の別", "電子/紙"), .type = FT_CHOICE, .choices = formats, .nchoices = N(formats)},
    {.name = "volume", .label_ja = "数量", .label_en = "Volume", .aliases = WORDS("量", "容量", "件数", "数", "数量・容量"), .type = FT_TEXT, .max_len = 200},
    {.name = "system", .label_ja = "情報システム", .label_en = "Information system", .aliases = WORDS("関連システム", "システム名", "使用システム", "関連する情報システム",
                                                          "システム"), .type = FT_TEXT, .max_len = 200},
    {.name = "retention", .label_ja = "保存期間", .label_en = "Retention", .aliases = WORDS("保存年限", "保管期間", "保有期間"), .type = FT_TEXT, .max_len = 100},
    {.name = "personal_info", .label_ja = "個人情報", .label_en = "Personal information", .aliases = WORDS("個人情報の有無", "個人情報有無", "個人情報を含む"), .type = FT_BOOL},
    {.name = "specific_personal_info", .label_ja = "特定個人情報", .label_en = "Specific personal information (My Number)", .aliases = WORDS("マイナンバー", "個人番号", "特定個人情報の有無", "特定個人情報有無", "マイナンバーを含む"), .type = FT_BOOL},
    {.name = "confidentiality", .label_ja = "機密性", .label_en = "Confidentiality", .aliases = WORDS("自治体機密性", "機密性区分", "機密性分類", "機密性の分類"), .type = FT_LEVEL, .dimension_ja = "機密性", .levels = value_confidentiality_levels},
    {.name = "integrity", .label_ja = "完全性", .label_en = "Integrity", .aliases = WORDS("完全性区分", "完全性分類", "完全性の分類"), .type = FT_LEVEL, .dimension_ja = "完全性", .levels = value_two_levels},
    {.name = "availability", .label_ja = "可用性", .label_en = "Availability", .aliases = WORDS("可用性区分", "可用性分類", "可用性の分類"), .type = FT_LEVEL, .dimension_ja = "可用性", .levels = value_two_levels},
    {.name = "classification_reason", .label_ja = "分類理由", .label_en = "Classification reason", .aliases = WORDS("格付理由", "分類の理由", "理由", "格付けの理由"), .type = FT_TEXT, .max_len = 2000},
    {.name = "description", .label_ja = "説明", .label_en = "Description", .aliases = WORDS("概要", "内容", "資産の概要", "資産の内容"), .type = FT_TEXT, .max_len = 2000},
    {.name = "notes", .label_ja = "備考", .label_en = "Notes", .aliases = WORDS("摘要", "メモ", "特記事項"), .type = FT_TEXT, .max_len = 2000},
};

const ImportTarget asset_import_target = {"assets", "情報資産台帳", fields, N(fields)};
