/* The import/export field list of the 情報システム台帳 (system register): the columns of the systems
 * table (store/migrations/0005_systems.sql) with Japanese headers and the words municipalities use.
 * The requirement facts (冗長化, バックアップ …) are yes / no / not recorded: an empty cell leaves the
 * key out. "unit" is the 所管課 name that the caller resolves to owner_unit_id. */
#include "registers/mapping.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const ValueChoice zones[] = {
    {"mynumber", "マイナンバー利用事務系", WORDS("マイナンバー系", "個人番号利用事務系", "マイナンバー利用事務", "基幹系",
                                                 "住民情報系")},
    {"lgwan", "LGWAN接続系", WORDS("LGWAN系", "LGWAN", "LGWAN接続")},
    {"internet", "インターネット接続系", WORDS("インターネット系", "インターネット", "インターネット接続")},
};

static const ValueChoice locations[] = {
    {"onprem", "庁内", WORDS("オンプレミス", "オンプレ", "庁舎内", "自庁", "庁内サーバ室", "サーバ室")},
    {"datacenter", "データセンター", WORDS("DC", "外部データセンター", "データセンタ", "iDC")},
    {"cloud", "クラウド", WORDS("クラウドサービス", "SaaS", "IaaS", "PaaS", "ガバメントクラウド", "自治体クラウド")},
};

static const FieldDef fields[] = {
    {.name = "code", .label_ja = "管理番号", .label_en = "System no.", .aliases = WORDS("システム番号", "No", "番号", "システムID", "整理番号"), .type = FT_TEXT, .max_len = 64, .unique = true},
    {.name = "name", .label_ja = "システム名", .label_en = "Name", .aliases = WORDS("名称", "情報システム名", "システム名称", "情報システム"), .type = FT_TEXT, .required = true, .max_len = 200},
    {.name = "purpose", .label_ja = "目的", .label_en = "Purpose", .aliases = WORDS("用途", "概要", "業務内容", "対象業務", "業務"), .type = FT_TEXT, .max_len = 2000},
    {.name = "zone", .label_ja = "区分", .label_en = "Zone", .aliases = WORDS("ネットワーク区分", "系", "接続系", "ネットワーク", "セグメント"), .type = FT_CHOICE, .required = true, .choices = zones, .nchoices = N(zones)},
    {.name = "unit", .label_ja = "所管課", .label_en = "Section", .aliases = WORDS("所属", "担当課", "所管課室", "課室", "所管部署", "担当部署", "所管"), .type = FT_TEXT, .required = true, .max_len = 200},
    {.name = "vendor", .label_ja = "運用事業者", .label_en = "Vendor", .aliases = WORDS("保守事業者", "運用・保守事業者", "事業者", "ベンダー", "委託先", "保守業者"), .type = FT_TEXT, .max_len = 200},
    {.name = "location", .label_ja = "設置場所", .label_en = "Location", .aliases = WORDS("設置形態", "配置場所", "稼働場所", "設置先"), .type = FT_CHOICE, .required = true, .choices = locations, .nchoices = N(locations)},
    {.name = "region", .label_ja = "リージョン", .label_en = "Region", .aliases = WORDS("地域", "データセンター所在地", "所在地"), .type = FT_TEXT, .max_len = 200},
    {.name = "redundancy", .label_ja = "冗長化", .label_en = "Redundancy", .aliases = WORDS("冗長構成", "冗長化の有無"), .type = FT_BOOL_OR_UNKNOWN},
    {.name = "failover_procedure", .label_ja = "切替手順", .label_en = "Failover procedure", .aliases = WORDS("切替手順書", "フェイルオーバー手順", "切り替え手順"), .type = FT_BOOL_OR_UNKNOWN},
    {.name = "maintenance", .label_ja = "定期保守", .label_en = "Periodic maintenance", .aliases = WORDS("保守", "定期点検", "保守点検"), .type = FT_BOOL_OR_UNKNOWN},
    {.name = "backup", .label_ja = "バックアップ", .label_en = "Backup", .aliases = WORDS("バックアップの有無", "バックアップ取得"), .type = FT_BOOL_OR_UNKNOWN},
    {.name = "doc_configuration", .label_ja = "構成情報", .label_en = "Configuration documents", .aliases = WORDS("構成図", "ネットワーク構成図", "構成管理"), .type = FT_BOOL_OR_UNKNOWN},
    {.name = "doc_standards", .label_ja = "水準維持手順", .label_en = "Standards maintenance procedure", .aliases = WORDS("水準維持", "セキュリティ水準維持手順"), .type = FT_BOOL_OR_UNKNOWN},
    {.name = "doc_incident", .label_ja = "インシデント対処手順", .label_en = "Incident procedure", .aliases = WORDS("障害対応手順", "インシデント対応手順"), .type = FT_BOOL_OR_UNKNOWN},
    {.name = "doc_recovery", .label_ja = "復旧手順", .label_en = "Recovery procedure", .aliases = WORDS("復旧手順書", "リカバリ手順"), .type = FT_BOOL_OR_UNKNOWN},
    {.name = "mfa", .label_ja = "多要素認証", .label_en = "Multi-factor authentication", .aliases = WORDS("二要素認証", "2要素認証", "MFA"), .type = FT_BOOL_OR_UNKNOWN},
    {.name = "usb_write_block", .label_ja = "USB書込み制御", .label_en = "USB write blocking", .aliases = WORDS("USBメモリ書込み禁止", "外部媒体書込み制御", "書込み制御",
                                                                    "USB書き込み制御"), .type = FT_BOOL_OR_UNKNOWN},
    {.name = "product_registration", .label_ja = "製品登録", .label_en = "Product registration", .aliases = WORDS("JC-STAR", "ISMAP", "ISMAP等", "登録制度"), .type = FT_TEXT, .max_len = 200},
    {.name = "notes", .label_ja = "備考", .label_en = "Notes", .aliases = WORDS("摘要", "メモ", "特記事項"), .type = FT_TEXT, .max_len = 2000},
};

const ImportTarget system_import_target = {"systems", "情報システム台帳", fields, N(fields)};
