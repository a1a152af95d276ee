/* demo_registers: building デモ市's registers (see demo_registers.h). */
#include "domain/demo/demo_registers.h"

#include <stdio.h>
#include <string.h>

#include "domain/assets/assets.h"
#include "domain/org/org.h"
#include "domain/systems/systems.h"

typedef struct DemoSystem {
    const char *code, *name, *purpose, *zone, *unit_code, *vendor, *location;
    int redundancy; /* -1 = not recorded */
    int mfa;        /* -1 = not recorded */
    const char *os, *os_version, *os_support_end;
} DemoSystem;

/* The systems of a city this size; problems are deliberate (see the file comment). */
static const DemoSystem systems[] = {
    {"SYS-M01", "住民基本台帳システム", "住民記録の管理、証明書の発行", "mynumber", "shimin-shimin", "デモ情報システム株式会社", "datacenter", 1, 1, "Windows Server", "2019", "2029-01-09"},
    {"SYS-M02", "税務システム", "住民税・固定資産税・軽自動車税の賦課徴収", "mynumber", "shimin-zeimu", "デモ情報システム株式会社", "datacenter", 1, 1, "Windows Server", "2019", "2029-01-09"},
    {"SYS-M03", "国民健康保険システム", "国保の資格・賦課・給付", "mynumber", "shimin-hoken", "デモ情報システム株式会社", "datacenter", 1, 1, "Windows Server", "2019", "2029-01-09"},
    {"SYS-M04", "介護保険システム", "要介護認定・給付管理", "mynumber", "fukushi-kaigo", "ケアシステムズ株式会社", "datacenter", 1, 1, "Windows Server", "2022", "2031-10-14"},
    {"SYS-M05", "福祉総合システム", "障害福祉・生活保護・児童手当", "mynumber", "fukushi-fukushi", "ケアシステムズ株式会社", "onprem", 0, -1, "Windows Server", "2012 R2", "2023-10-10"},
    {"SYS-M06", "子ども・子育て支援システム", "保育所入所・給付", "mynumber", "fukushi-kosodate", "ケアシステムズ株式会社", "cloud", 1, 1, "Windows Server", "2022", "2031-10-14"},
    {"SYS-M07", "団体内統合宛名システム", "宛名番号と個人番号の管理、中間サーバー連携", "mynumber", "somu-joho", "デモ情報システム株式会社", "datacenter", 1, 1, "Red Hat Enterprise Linux", "8", "2029-05-31"},
    {"SYS-M08", "健康管理システム", "検診・予防接種の記録", "mynumber", "fukushi-kenko", "ヘルスデータ株式会社", "onprem", 1, -1, "Windows Server", "2016", "2027-01-12"},
    {"SYS-M09", "後期高齢者医療システム", "資格・保険料", "mynumber", "shimin-hoken", "デモ情報システム株式会社", "datacenter", 1, 1, "Windows Server", "2019", "2029-01-09"},
    {"SYS-M10", "戸籍情報システム", "戸籍の記録と証明", "mynumber", "shimin-shimin", "戸籍ソリューション株式会社", "onprem", 1, 1, "Windows Server", "2019", "2029-01-09"},
    {"SYS-L01", "財務会計システム", "予算編成・執行・決算", "lgwan", "kikaku-zaisei", "自治体ソフト株式会社", "onprem", 1, 0, "Windows Server", "2016", "2027-01-12"},
    {"SYS-L02", "人事給与システム", "人事・給与・庶務事務", "lgwan", "somu-jinji", "自治体ソフト株式会社", "onprem", 0, 0, "Windows Server", "2016", "2027-01-12"},
    {"SYS-L03", "文書管理システム", "起案・決裁・文書の保存", "lgwan", "somu-soumu", "自治体ソフト株式会社", "onprem", 1, 0, "Windows Server", "2019", "2029-01-09"},
    {"SYS-L04", "グループウェア", "庁内の掲示板・スケジュール・施設予約", "lgwan", "somu-joho", "デモ情報システム株式会社", "onprem", 1, 0, "Windows Server", "2019", "2029-01-09"},
    {"SYS-L05", "LGWAN接続系ファイルサーバー", "各課の共有フォルダ", "lgwan", "somu-joho", "デモ情報システム株式会社", "onprem", 1, 0, "Windows Server", "2012 R2", "2023-10-10"},
    {"SYS-L06", "業務端末 (LGWAN接続系)", "職員の業務用パソコン", "lgwan", "somu-joho", "デモ情報システム株式会社", "onprem", -1, 0, "Windows", "10 22H2", "2025-10-14"},
    {"SYS-L07", "例規システム", "条例・規則の管理と公開", "lgwan", "somu-soumu", "法令出版株式会社", "cloud", 1, 0, "SaaS", "", NULL},
    {"SYS-L08", "電子申請システム (LGWAN-ASP)", "住民からの電子申請の受付", "lgwan", "kikaku-digital", "電子申請サービス株式会社", "cloud", 1, 1, "SaaS", "", NULL},
    {"SYS-L09", "選挙システム", "選挙人名簿・投票事務", "lgwan", "senkan-senkyo", "自治体ソフト株式会社", "onprem", 0, 0, "Windows Server", "2016", "2027-01-12"},
    {"SYS-L10", "図書館システム", "蔵書・貸出管理", "lgwan", "kyoiku-shogai", "ライブラリーシステム株式会社", "cloud", 1, 0, "SaaS", "", NULL},
    {"SYS-L11", "公共施設予約システム", "体育館・公民館の予約", "lgwan", "kyoiku-shogai", "施設予約サービス株式会社", "cloud", 1, 0, "SaaS", "", NULL},
    {"SYS-L12", "無害化ファイル受渡しシステム", "インターネット接続系からのファイルの無害化と受渡し", "lgwan", "somu-joho", "セキュアゲート株式会社", "onprem", 1, 1, "Red Hat Enterprise Linux", "7", "2024-06-30"},
    {"SYS-L13", "校務支援システム", "児童生徒の成績・出欠", "lgwan", "kyoiku-gakko", "スクールシステム株式会社", "cloud", 1, 1, "SaaS", "", NULL},
    {"SYS-I01", "インターネットメール", "外部とのメール", "internet", "somu-joho", "自治体情報セキュリティクラウド", "cloud", 1, 1, "SaaS", "", NULL},
    {"SYS-I02", "公式ホームページ CMS", "ホームページの作成と公開", "internet", "kikaku-koho", "ウェブ制作株式会社", "cloud", 1, 1, "Linux", "Ubuntu 20.04", "2025-05-31"},
    {"SYS-I03", "インターネット閲覧環境 (仮想ブラウザ)", "LGWAN端末からの安全な閲覧", "internet", "somu-joho", "セキュアゲート株式会社", "datacenter", 1, 1, "Linux", "Ubuntu 22.04", "2027-06-01"},
    {"SYS-I04", "SNS 発信用端末", "公式 SNS の運用", "internet", "kikaku-koho", "", "onprem", -1, 0, "Windows", "11 23H2", "2025-11-11"},
    {"SYS-I05", "防災情報配信システム", "防災メール・防災行政無線連携", "internet", "shimin-bosai", "防災システム株式会社", "cloud", 0, 1, "SaaS", "", NULL},
    {"SYS-I06", "Web 会議システム", "オンライン会議", "internet", "somu-joho", "", "cloud", 1, 1, "SaaS", "", NULL},
    {"SYS-I07", "観光情報サイト", "観光案内の発信", "internet", "keizai-sangyo", "ウェブ制作株式会社", "cloud", 1, 0, "Linux", "CentOS 7", "2024-06-30"},
};

static int64_t unit_by_code(Ctx *ctx, const char *code)
{
    Err e;
    Stmt *st = db_prepare(ctx->db, "SELECT id FROM org_units_v WHERE code = ?", &e);
    if (!st)
        return 0;
    stmt_bind_text(st, 1, code);
    int64_t id = stmt_step(st) == STEP_ROW ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    return id;
}

/* The 情報セキュリティ管理者 (課長) of the section with this code, 0 when the post is vacant. */
static int64_t section_head(Ctx *ctx, const char *unit_code)
{
    Err e;
    Stmt *st = db_prepare(ctx->db,
                          "SELECT r.person_id FROM role_assignments_v r JOIN org_units_v u ON u.id = r.scope_id"
                          " WHERE r.role = 'section_security_manager' AND r.scope_kind = 'unit' AND u.code = ?",
                          &e);
    if (!st)
        return 0;
    stmt_bind_text(st, 1, unit_code);
    int64_t id = stmt_step(st) == STEP_ROW ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    return id;
}

static void set_fact(json_t *o, const char *key, int v)
{
    json_object_set_new(o, key, v < 0 ? json_null() : json_boolean(v));
}

static Status add_component(Ctx *ctx, int64_t system_id, const char *kind, const char *name, const char *product,
                            const char *version, const char *vendor, const char *support_end, int quantity,
                            DemoRegistersResult *out, Err *e)
{
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "kind", kind, "name", name, "product", product, "version",
                           version, "vendor", vendor, "quantity", quantity);
    if (support_end)
        json_object_set_new(in, "support_end", json_string(support_end));
    Status s = system_add_component(ctx, system_id, in, NULL, e);
    json_decref(in);
    if (s == ST_OK)
        out->components++;
    return s;
}

/* The demo's relays at the zone boundary (第25条): the register's 無害化中継の種類 (relay_kind), which
 * lgsec netcheck reads when a topology lists the system without `relay:` (docs/netcheck.md). */
static const char *relay_kind_of(const char *code)
{
    static const char *const kinds[][2] = {{"SYS-L12", "file"}, {"SYS-I01", "mail"}, {"SYS-I03", "screen"}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i][0], code) == 0)
            return kinds[i][1];
    return "";
}

static Status add_system(Ctx *ctx, const DemoSystem *d, int index, int64_t *id, DemoRegistersResult *out, Err *e)
{
    bool cloud = strcmp(d->location, "cloud") == 0;
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "code", d->code, "name", d->name, "purpose",
                           d->purpose, "zone", d->zone, "owner_unit_id", (json_int_t)unit_by_code(ctx, d->unit_code),
                           "vendor", d->vendor, "location", d->location, "region", cloud ? "東日本リージョン" : "");
    json_object_set_new(in, "relay_kind", json_string(relay_kind_of(d->code)));
    set_fact(in, "redundancy", d->redundancy);
    set_fact(in, "failover_procedure", d->redundancy);
    set_fact(in, "maintenance", index % 7 == 3 ? -1 : 1);
    set_fact(in, "backup", index % 11 == 5 ? 0 : 1);
    set_fact(in, "doc_configuration", 1);
    set_fact(in, "doc_standards", index % 5 == 0 ? -1 : 1);
    set_fact(in, "doc_incident", index % 4 == 2 ? 0 : 1);
    set_fact(in, "doc_recovery", index % 6 == 1 ? -1 : 1);
    set_fact(in, "mfa", d->mfa);
    set_fact(in, "usb_write_block", strcmp(d->zone, "mynumber") == 0 ? 1 : -1);
    if (cloud)
        json_object_set_new(in, "product_registration", json_string("ISMAP"));
    Status s = system_create(ctx, in, id, e);
    json_decref(in);
    if (s != ST_OK)
        return s;
    out->systems++;
    /* Its 情報システム管理者 (第17条) is the owning 課's 課長, where the post is filled. */
    int64_t head = section_head(ctx, d->unit_code);
    if (head) {
        RoleAssignment a = {.person_id = head, .role = "system_manager", .scope_kind = "system", .scope_id = *id,
                            .valid_from = "2026-04-01"};
        if ((s = role_assign(ctx, &a, NULL, e)) != ST_OK)
            return s;
    }
    if (cloud)
        return add_component(ctx, *id, "cloud", d->name, d->name, "", d->vendor, NULL, 1, out, e);
    s = add_component(ctx, *id, "server", "業務サーバー", "ラックサーバー", "", d->vendor, NULL, d->redundancy == 1 ? 2 : 1,
                      out, e);
    if (s == ST_OK)
        s = add_component(ctx, *id, "software", "OS", d->os, d->os_version, "", d->os_support_end, 1, out, e);
    if (s == ST_OK)
        s = add_component(ctx, *id, "software", "業務アプリケーション", d->name, "R8.1", d->vendor, NULL, 1, out, e);
    return s;
}

typedef struct AssetTemplate {
    const char *name; /* "%s" is the section's name */
    const char *kind, *format;
    const char *c, *i, *a; /* NULL: left to 要判断 only when the generator says so */
    int personal, specific;
    const char *retention, *place;
} AssetTemplate;

/* What every 課室 keeps; sections in the マイナンバー利用事務系 add the personal records below. */
static const AssetTemplate common[] = {
    {"%s 事務処理要領", "information", "electronic", "2", "1", "1", 0, 0, "常用", "共有フォルダ"},
    {"%s 職員名簿 (緊急連絡先)", "information", "electronic", "2", "2", "1", 1, 0, "1年", "共有フォルダ"},
    {"%s 予算要求資料", "information", "electronic", "2", "1", "1", 0, 0, "5年", "共有フォルダ"},
    {"%s 決裁文書綴り", "information", "paper", "2", "2", "1", 0, 0, "10年", "執務室 書庫"},
    {"%s 会議録", "information", "electronic", "1", "1", "1", 0, 0, "5年", "共有フォルダ"},
    {"%s 契約書類", "information", "paper", "2", "2", "1", 0, 0, "10年", "執務室 施錠書庫"},
    {"%s 住民からの問い合わせ記録", "information", "electronic", "3C", "1", "1", 1, 0, "3年", "共有フォルダ"},
    {"%s 広報用資料", "information", "electronic", "1", "1", "1", 0, 0, "1年", "共有フォルダ"},
    {"%s 研修受講記録", "information", "electronic", "2", "1", "1", 1, 0, "5年", "共有フォルダ"},
    {"%s 委託事業者との協議資料", "information", "electronic", "2", "1", "1", 0, 0, "5年", "共有フォルダ"},
    {"%s 業務用ノートパソコン", "equipment", "electronic", "2", "2", "2", 0, 0, "", "執務室"},
    {"%s 可搬記録媒体 (暗号化USBメモリ)", "medium", "electronic", "2", "1", "1", 0, 0, "", "執務室 施錠保管庫"},
    {"%s 業務システム操作手順書", "document", "electronic", "2", "1", "1", 0, 0, "常用", "共有フォルダ"},
};

static const AssetTemplate personal[] = {
    {"%s 申請書 (個人番号記載)", "information", "paper", "3B", "2", "2", 1, 1, "5年", "執務室 施錠書庫"},
    {"%s 台帳データ", "information", "electronic", "3B", "2", "2", 1, 1, "常用", "業務システム"},
    {"%s 証明書交付記録", "information", "electronic", "3B", "2", "1", 1, 0, "5年", "業務システム"},
    {"%s 訪問・相談記録", "information", "paper", "3B", "2", "1", 1, 0, "5年", "執務室 施錠書庫"},
    {"%s バックアップ媒体 (外付けHDD)", "medium", "electronic", "3B", "2", "2", 1, 1, "", "サーバー室 耐火金庫"},
};

static Status add_asset(Ctx *ctx, const AssetTemplate *t, const char *unit_name, int64_t unit_id, int64_t system_id,
                        const char *fy, bool undecided, DemoRegistersResult *out, Err *e)
{
    char name[256];
    snprintf(name, sizeof name, t->name, unit_name);
    if (fy)
        snprintf(name + strlen(name), sizeof name - strlen(name), " (%s)", fy);
    json_t *in = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:b, s:b}", "name", name, "kind", t->kind, "format",
                           t->format, "unit_id", (json_int_t)unit_id, "storage_place", t->place, "retention", t->retention,
                           "personal_info", t->personal, "specific_personal_info", t->specific);
    if (!undecided) {
        json_object_set_new(in, "confidentiality", json_string(t->c));
        json_object_set_new(in, "integrity", json_string(t->i));
        json_object_set_new(in, "availability", json_string(t->a));
        json_object_set_new(in, "classification_reason",
                            json_string(t->specific ? "特定個人情報を含むため (第22条)" : t->personal ? "個人情報を含むため (第22条)"
                                                                                                   : "業務上の取扱いに留意するため (第22条)"));
    }
    if (system_id && strcmp(t->format, "electronic") == 0 && strcmp(t->kind, "information") == 0)
        json_object_set_new(in, "system_id", json_integer(system_id));
    Status s = asset_create(ctx, in, NULL, e);
    json_decref(in);
    if (s == ST_OK)
        out->assets++;
    return s;
}

/* The systems of one section, and which of them an asset is kept in: every system holds some of its
 * section's data (住民基本台帳システム and 戸籍情報システム both hold 市民課's), in a zone that fits the
 * data — an internet-zone system only what is public (機密性1), never data still 要判断 (handled as 3A). */
#define MAX_SECTION_SYSTEMS 8
typedef struct { int64_t id; const char *zone; } SectionSystem;
typedef struct { SectionSystem sys[MAX_SECTION_SYSTEMS]; size_t n; } SectionSystems;

static int64_t system_for(const SectionSystems *own, const AssetTemplate *t, bool undecided, int counter)
{
    SectionSystem fit[MAX_SECTION_SYSTEMS];
    size_t n = 0;
    for (size_t i = 0; i < own->n; i++) {
        bool internet = strcmp(own->sys[i].zone, "internet") == 0;
        bool mynumber = strcmp(own->sys[i].zone, "mynumber") == 0;
        if (internet && (undecided || strcmp(t->c, "1") != 0))
            continue;
        if (t->specific && !mynumber)
            continue;
        fit[n++] = own->sys[i];
    }
    return n ? fit[(size_t)counter % n].id : 0;
}

Status demo_registers_create(Ctx *ctx, DemoRegistersResult *out, Err *e)
{
    memset(out, 0, sizeof *out);
    Status s = ST_OK;
    int64_t system_ids[sizeof systems / sizeof *systems];
    for (size_t i = 0; s == ST_OK && i < sizeof systems / sizeof *systems; i++)
        s = add_system(ctx, &systems[i], (int)i, &system_ids[i], out, e);
    if (s != ST_OK)
        return s;

    /* Each section's records for five 年度; one in about a hundred still awaits a 要判断 decision. */
    static const char *const years[] = {"令和4年度", "令和5年度", "令和6年度", "令和7年度", "令和8年度"};
    const size_t n_years = sizeof years / sizeof *years;
    Stmt *st = db_prepare(ctx->db, "SELECT id, code, name FROM org_units_v WHERE kind = 'section' ORDER BY id", e);
    if (!st)
        return e->status;
    typedef struct { int64_t id; char code[40]; char name[80]; } Section;
    Section sections[64];
    size_t n = 0;
    while (n < 64 && stmt_step(st) == STEP_ROW) {
        sections[n].id = stmt_int(st, 0);
        snprintf(sections[n].code, sizeof sections[n].code, "%s", stmt_text(st, 1));
        snprintf(sections[n].name, sizeof sections[n].name, "%s", stmt_text(st, 2));
        n++;
    }
    stmt_finalize(st);
    int counter = 0;
    for (size_t k = 0; s == ST_OK && k < n; k++) {
        const Section *sec = &sections[k];
        SectionSystems own = {0};
        for (size_t i = 0; i < sizeof systems / sizeof *systems; i++)
            if (strcmp(systems[i].unit_code, sec->code) == 0 && own.n < MAX_SECTION_SYSTEMS)
                own.sys[own.n++] = (SectionSystem){system_ids[i], systems[i].zone};
        bool mynumber = false;
        for (size_t i = 0; i < own.n; i++)
            mynumber = mynumber || strcmp(own.sys[i].zone, "mynumber") == 0;
        for (size_t y = 0; s == ST_OK && y < n_years; y++) {
            for (size_t t = 0; s == ST_OK && t < sizeof common / sizeof *common; t++) {
                bool yearly = strcmp(common[t].kind, "information") == 0;
                if (!yearly && y > 0)
                    continue;
                bool undecided = ++counter % 97 == 0;
                s = add_asset(ctx, &common[t], sec->name, sec->id, system_for(&own, &common[t], undecided, counter),
                              yearly ? years[y] : NULL, undecided, out, e);
            }
            for (size_t t = 0; s == ST_OK && mynumber && t < sizeof personal / sizeof *personal; t++) {
                bool undecided = ++counter % 97 == 0;
                s = add_asset(ctx, &personal[t], sec->name, sec->id, system_for(&own, &personal[t], undecided, counter),
                              years[y], undecided, out, e);
            }
        }
    }
    return s;
}
