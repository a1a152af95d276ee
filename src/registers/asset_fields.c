/* The import/export columns of the 情報資産台帳 (asset register): each points at the declared field
 * (entities/asset_entity.c: label, type, limit, required) and adds the file's vocabulary — the other
 * headers municipalities use, and the words written for the kinds and formats. "unit" and "system" are names (課室名, システム名) that the caller resolves to unit_id and
 * system_id. */
#include "entities/asset_entity.h"
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
    {.field = &asset_fields[ASSET_F_ASSET_NO], .aliases = WORDS("資産番号", "No", "番号", "整理番号", "資産No", "台帳番号"), .unique = true},
    {.field = &asset_fields[ASSET_F_NAME], .aliases = WORDS("情報資産名", "資産名", "情報資産の名称", "件名", "資産名称")},
    {.field = &asset_fields[ASSET_F_KIND], .aliases = WORDS("分類", "資産種別", "種類", "資産の種類", "資産区分"), .choices = kinds, .nchoices = N(kinds)},
    {.field = &asset_fields[ASSET_F_UNIT_ID], .by_name = "unit", .label_ja = "所管課", .label_en = "Section", .aliases = WORDS("所属", "担当課", "所管課室", "課室", "所管部署", "担当部署", "課名", "所管")},
    {.field = &asset_fields[ASSET_F_HOLDER], .aliases = WORDS("管理者", "保管責任者", "取扱者")},
    {.field = &asset_fields[ASSET_F_STORAGE_PLACE], .aliases = WORDS("保存場所", "保管先", "設置場所", "所在")},
    {.field = &asset_fields[ASSET_F_MEDIUM], .aliases = WORDS("記録媒体", "保存媒体", "媒体の種類")},
    {.field = &asset_fields[ASSET_F_FORMAT], .aliases = WORDS("形式", "形式(紙/電子)", "紙/電子", "紙・電子の別", "電子/紙"), .choices = formats, .nchoices = N(formats)},
    {.field = &asset_fields[ASSET_F_VOLUME], .aliases = WORDS("量", "容量", "件数", "数", "数量・容量")},
    {.field = &asset_fields[ASSET_F_SYSTEM_ID], .by_name = "system", .label_ja = "情報システム", .label_en = "Information system", .aliases = WORDS("関連システム", "システム名", "使用システム", "関連する情報システム",
                                                          "システム")},
    {.field = &asset_fields[ASSET_F_RETENTION], .aliases = WORDS("保存年限", "保管期間", "保有期間")},
    {.field = &asset_fields[ASSET_F_PERSONAL_INFO], .aliases = WORDS("個人情報の有無", "個人情報有無", "個人情報を含む")},
    {.field = &asset_fields[ASSET_F_SPECIFIC_PERSONAL_INFO], .aliases = WORDS("マイナンバー", "個人番号", "特定個人情報の有無", "特定個人情報有無", "マイナンバーを含む")},
    {.field = &asset_fields[ASSET_F_CONFIDENTIALITY], .aliases = WORDS("自治体機密性", "機密性区分", "機密性分類", "機密性の分類")},
    {.field = &asset_fields[ASSET_F_INTEGRITY], .aliases = WORDS("完全性区分", "完全性分類", "完全性の分類")},
    {.field = &asset_fields[ASSET_F_AVAILABILITY], .aliases = WORDS("可用性区分", "可用性分類", "可用性の分類")},
    {.field = &asset_fields[ASSET_F_CLASSIFICATION_REASON], .aliases = WORDS("格付理由", "分類の理由", "理由", "格付けの理由")},
    {.field = &asset_fields[ASSET_F_DESCRIPTION], .aliases = WORDS("概要", "内容", "資産の概要", "資産の内容")},
    {.field = &asset_fields[ASSET_F_NOTES], .aliases = WORDS("摘要", "メモ", "特記事項")},
};

const ImportTarget asset_import_target = {"assets", "情報資産台帳", fields, N(fields), &asset_entity};
