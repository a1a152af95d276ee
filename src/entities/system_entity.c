/* The 情報システム (system) declaration — the fields of the 情報システム台帳 (第23条2, 第99条) that
 * system_create and system_update take — and its 構成要素 (component, 第105条). Limits are
 * characters. Product registrations (JC-STAR, ISMAP …) are the active pack's list. */
#include "entities/system_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const EntityChoice zones[] = {
    {"mynumber", "マイナンバー利用事務系", "My Number zone"},
    {"lgwan", "LGWAN接続系", "LGWAN zone"},
    {"internet", "インターネット接続系", "Internet zone"},
};

/* The kinds of relay a system can be at a zone boundary (packs/mic/netcheck.yaml names them in its
 * `allow: relays` rules; `lgsec pack validate` refuses a kind outside this list). Empty: an ordinary
 * system. lgsec netcheck makes a system of one of these kinds a relay (docs/netcheck.md). */
static const EntityChoice relay_kinds[] = {
    {"mail", "メール無害化", "Mail sanitizing relay"},
    {"file", "ファイル無害化", "File sanitizing relay"},
    {"screen", "画面転送", "Screen transfer"},
    {"security_cloud", "自治体情報セキュリティクラウド", "Prefectural security cloud"},
    {"cloud_service", "許可したクラウドサービス", "Allow-listed cloud service"},
};

static const EntityChoice locations[] = {
    {"onprem", "庁内", "On premises"},
    {"datacenter", "データセンター", "Data centre"},
    {"cloud", "クラウド", "Cloud"},
};

#define FACT(idx, key, ja, en, art) [idx] = {key, ja, en, ET_FACT, EF_NULLABLE, .article = art}

const EntityField system_fields[SYSTEM_F_COUNT] = {
    [SYSTEM_F_CODE] = {"code", "管理番号", "System no.", ET_TEXT, EF_REQUIRED | EF_CODE, .max_chars = 32,
                       .article = "第23条2"},
    [SYSTEM_F_NAME] = {"name", "システム名", "Name", ET_TEXT, EF_REQUIRED, .max_chars = 200, .article = "第23条2"},
    [SYSTEM_F_PURPOSE] = {"purpose", "目的", "Purpose", ET_TEXT, EF_MULTILINE, .max_chars = 2000},
    [SYSTEM_F_ZONE] = {"zone", "区分", "Zone", ET_ENUM, EF_REQUIRED, .choices = zones, .nchoices = N(zones),
                       .article = "第24条", .bad_code = "invalid_zone"},
    [SYSTEM_F_OWNER_UNIT_ID] = {"owner_unit_id", "所管課室", "Section", ET_REF, EF_REQUIRED, .ref = "org_units",
                                .article = "第23条2"},
    [SYSTEM_F_VENDOR] = {"vendor", "運用事業者", "Vendor", ET_TEXT, 0, .max_chars = 200},
    [SYSTEM_F_LOCATION] = {"location", "設置場所", "Location", ET_ENUM, EF_REQUIRED, .choices = locations,
                           .nchoices = N(locations), .bad_code = "invalid_location"},
    [SYSTEM_F_REGION] = {"region", "リージョン", "Region", ET_TEXT, 0, .max_chars = 200},
    [SYSTEM_F_RELAY_KIND] = {"relay_kind", "無害化中継の種類", "Relay kind", ET_ENUM, 0, .choices = relay_kinds,
                             .nchoices = N(relay_kinds), .dflt = "\"\"", .article = "第25条",
                             .bad_code = "invalid_relay_kind"},
    FACT(SYSTEM_F_REDUNDANCY, "redundancy", "冗長化", "Redundancy", "第28条"),
    FACT(SYSTEM_F_FAILOVER_PROCEDURE, "failover_procedure", "切替手順", "Failover procedure", "第28条"),
    FACT(SYSTEM_F_MAINTENANCE, "maintenance", "定期保守", "Periodic maintenance", "第31条"),
    FACT(SYSTEM_F_BACKUP, "backup", "バックアップ", "Backup", "第61条"),
    FACT(SYSTEM_F_DOC_CONFIGURATION, "doc_configuration", "構成情報", "Configuration documents", "第99条"),
    FACT(SYSTEM_F_DOC_STANDARDS, "doc_standards", "水準維持手順", "Standards maintenance procedure", "第99条"),
    FACT(SYSTEM_F_DOC_INCIDENT, "doc_incident", "インシデント対処手順", "Incident procedure", "第99条"),
    FACT(SYSTEM_F_DOC_RECOVERY, "doc_recovery", "復旧手順", "Recovery procedure", "第99条"),
    FACT(SYSTEM_F_MFA, "mfa", "多要素認証", "Multi-factor authentication", "第24条"),
    FACT(SYSTEM_F_USB_WRITE_BLOCK, "usb_write_block", "USB書込み制御", "USB write blocking", "第24条"),
    [SYSTEM_F_PRODUCT_REGISTRATION] = {"product_registration", "製品登録", "Product registration", ET_LIST, 0,
                                       .list = "registrations", .bad_code = "invalid_registration"},
    [SYSTEM_F_NOTES] = {"notes", "備考", "Notes", ET_TEXT, EF_MULTILINE, .max_chars = 2000},
    [SYSTEM_F_ACTIVE] = {"active", "使用中", "In use", ET_BOOL, EF_PATCH_ONLY, .dflt = "true"},
};

static const char *const system_kept[] = {"id", "created_at", "updated_at", NULL};

const Entity system_entity = {"system", "systems", "情報システム", "Information system", "第23条2", system_fields,
                              SYSTEM_F_COUNT, system_kept, "system"};

static const EntityChoice component_kinds[] = {
    {"server", "サーバ", "Server"},           {"terminal", "端末", "Terminal"},
    {"network", "ネットワーク機器", "Network device"}, {"media", "記録媒体", "Storage medium"},
    {"cloud", "クラウドサービス", "Cloud service"},   {"software", "ソフトウェア", "Software"},
};

static const EntityField component_fields[] = {
    {"kind", "種別", "Kind", ET_ENUM, EF_REQUIRED, .choices = component_kinds, .nchoices = N(component_kinds),
     .article = "第105条", .bad_code = "invalid_kind"},
    {"name", "構成要素名", "Name", ET_TEXT, EF_REQUIRED, .max_chars = 200, .article = "第105条"},
    {"product", "製品名", "Product", ET_TEXT, 0, .max_chars = 200},
    {"version", "バージョン", "Version", ET_TEXT, 0, .max_chars = 100, .article = "第105条"},
    {"vendor", "開発元・販売元", "Vendor", ET_TEXT, 0, .max_chars = 200},
    {"support_end", "サポート終了日", "End of support", ET_DATE, EF_NULLABLE, .article = "第105条"},
    {"quantity", "数量", "Quantity", ET_INT, 0, .min = 0, .max = 1000000, .dflt = "1",
     .bad_code = "invalid_quantity"},
    {"registration", "製品登録", "Product registration", ET_LIST, 0, .list = "registrations",
     .bad_code = "invalid_registration"},
    {"notes", "備考", "Notes", ET_TEXT, EF_MULTILINE, .max_chars = 2000},
};

static const char *const component_kept[] = {"id", "system_id", "created_at", "updated_at", NULL};

const Entity component_entity = {"component", "system_components", "構成要素", "Component", "第105条",
                                 component_fields, N(component_fields), component_kept, "system_component"};
