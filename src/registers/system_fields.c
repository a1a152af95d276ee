/* The import/export columns of the 情報システム台帳 (system register): each points at the declared
 * field (entities/system_entity.c) and adds the headers and words municipalities use.
 * The requirement facts (冗長化, バックアップ …) are yes / no / not recorded: an empty cell leaves the
 * key out. "unit" is the 所管課 name that the caller resolves to owner_unit_id. */
#include "entities/system_entity.h"
#include "registers/mapping.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const ValueChoice zones[] = {
    {"mynumber", "マイナンバー利用事務系", WORDS("マイナンバー系", "個人番号利用事務系", "マイナンバー利用事務", "基幹系",
                                                 "住民情報系")},
    {"lgwan", "LGWAN接続系", WORDS("LGWAN系", "LGWAN", "LGWAN接続")},
    {"internet", "インターネット接続系", WORDS("インターネット系", "インターネット", "インターネット接続")},
};

static const ValueChoice relay_kinds[] = {
    {"mail", "メール無害化", WORDS("メールテキスト化", "メール中継")},
    {"file", "ファイル無害化", WORDS("無害化ファイル受渡し", "ファイル受渡し")},
    {"screen", "画面転送", WORDS("仮想ブラウザ", "リモートデスクトップ")},
    {"security_cloud", "自治体情報セキュリティクラウド", WORDS("セキュリティクラウド", "自治体セキュリティクラウド")},
    {"cloud_service", "許可したクラウドサービス", WORDS("ローカルブレイクアウト")},
};

static const ValueChoice locations[] = {
    {"onprem", "庁内", WORDS("オンプレミス", "オンプレ", "庁舎内", "自庁", "庁内サーバ室", "サーバ室")},
    {"datacenter", "データセンター", WORDS("DC", "外部データセンター", "データセンタ", "iDC")},
    {"cloud", "クラウド", WORDS("クラウドサービス", "SaaS", "IaaS", "PaaS", "ガバメントクラウド", "自治体クラウド")},
};

static const FieldDef fields[] = {
    {.field = &system_fields[SYSTEM_F_CODE], .aliases = WORDS("システム番号", "No", "番号", "システムID", "整理番号"), .unique = true},
    {.field = &system_fields[SYSTEM_F_NAME], .aliases = WORDS("名称", "情報システム名", "システム名称", "情報システム")},
    {.field = &system_fields[SYSTEM_F_PURPOSE], .aliases = WORDS("用途", "概要", "業務内容", "対象業務", "業務")},
    {.field = &system_fields[SYSTEM_F_ZONE], .aliases = WORDS("ネットワーク区分", "系", "接続系", "ネットワーク", "セグメント"), .choices = zones, .nchoices = N(zones)},
    {.field = &system_fields[SYSTEM_F_OWNER_UNIT_ID], .by_name = "unit", .label_ja = "所管課", .label_en = "Section", .aliases = WORDS("所属", "担当課", "所管課室", "課室", "所管部署", "担当部署", "所管")},
    {.field = &system_fields[SYSTEM_F_VENDOR], .aliases = WORDS("保守事業者", "運用・保守事業者", "事業者", "ベンダー", "委託先", "保守業者")},
    {.field = &system_fields[SYSTEM_F_LOCATION], .aliases = WORDS("設置形態", "配置場所", "稼働場所", "設置先"), .choices = locations, .nchoices = N(locations)},
    {.field = &system_fields[SYSTEM_F_REGION], .aliases = WORDS("地域", "データセンター所在地", "所在地")},
    {.field = &system_fields[SYSTEM_F_RELAY_KIND], .aliases = WORDS("中継の種類", "無害化の種類", "中継種別"), .choices = relay_kinds, .nchoices = N(relay_kinds)},
    {.field = &system_fields[SYSTEM_F_REDUNDANCY], .aliases = WORDS("冗長構成", "冗長化の有無")},
    {.field = &system_fields[SYSTEM_F_FAILOVER_PROCEDURE], .aliases = WORDS("切替手順書", "フェイルオーバー手順", "切り替え手順")},
    {.field = &system_fields[SYSTEM_F_MAINTENANCE], .aliases = WORDS("保守", "定期点検", "保守点検")},
    {.field = &system_fields[SYSTEM_F_BACKUP], .aliases = WORDS("バックアップの有無", "バックアップ取得")},
    {.field = &system_fields[SYSTEM_F_DOC_CONFIGURATION], .aliases = WORDS("構成図", "ネットワーク構成図", "構成管理")},
    {.field = &system_fields[SYSTEM_F_DOC_STANDARDS], .aliases = WORDS("水準維持", "セキュリティ水準維持手順")},
    {.field = &system_fields[SYSTEM_F_DOC_INCIDENT], .aliases = WORDS("障害対応手順", "インシデント対応手順")},
    {.field = &system_fields[SYSTEM_F_DOC_RECOVERY], .aliases = WORDS("復旧手順書", "リカバリ手順")},
    {.field = &system_fields[SYSTEM_F_MFA], .aliases = WORDS("二要素認証", "2要素認証", "MFA")},
    {.field = &system_fields[SYSTEM_F_USB_WRITE_BLOCK], .aliases = WORDS("USBメモリ書込み禁止", "外部媒体書込み制御", "書込み制御",
                                                                    "USB書き込み制御")},
    {.field = &system_fields[SYSTEM_F_PRODUCT_REGISTRATION], .aliases = WORDS("JC-STAR", "ISMAP", "ISMAP等", "登録制度")},
    {.field = &system_fields[SYSTEM_F_NOTES], .aliases = WORDS("摘要", "メモ", "特記事項")},
};

const ImportTarget system_import_target = {"systems", "情報システム台帳", fields, N(fields), &system_entity};
