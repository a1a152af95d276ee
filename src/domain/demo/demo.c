/* demo: building デモ市 (see demo.h). Names come from fixed lists walked by a fixed-seed generator,
 * so the result is identical on every run. */
#include "domain/demo/demo.h"

#include <stdio.h>
#include <string.h>

#include "domain/org/org.h"

typedef struct Section {
    const char *code, *name, *kana;
    int staff;          /* core staff besides the 課長 */
    int mynumber;       /* works in the マイナンバー利用事務系 */
} Section;

/* デジタル推進課 was set up this 年度 and its 課長 post is still vacant. */
static const char vacant_section[] = "kikaku-digital";

typedef struct Department {
    const char *code, *name, *kana, *head_title;
    Section sections[6];
} Department;

/* The organisation of a city of about 40,000 people. The 総務部長 is also 情報政策担当. */
static const Department departments[] = {
    {"somu", "総務部", "そうむぶ", "総務部長(情報政策担当)",
     {{"somu-soumu", "総務課", "そうむか", 7, 0}, {"somu-jinji", "人事課", "じんじか", 6, 0},
      {"somu-joho", "情報政策課", "じょうほうせいさくか", 7, 0}, {"somu-keiyaku", "契約管財課", "けいやくかんざいか", 5, 0}}},
    {"kikaku", "企画財政部", "きかくざいせいぶ", "企画財政部長",
     {{"kikaku-kikaku", "企画課", "きかくか", 6, 0}, {"kikaku-zaisei", "財政課", "ざいせいか", 5, 0},
      {"kikaku-koho", "広報広聴課", "こうほうこうちょうか", 4, 0},
      {"kikaku-digital", "デジタル推進課", "でじたるすいしんか", 3, 0}}},
    {"shimin", "市民生活部", "しみんせいかつぶ", "市民生活部長",
     {{"shimin-shimin", "市民課", "しみんか", 9, 1}, {"shimin-zeimu", "税務課", "ぜいむか", 9, 1},
      {"shimin-hoken", "保険年金課", "ほけんねんきんか", 7, 1}, {"shimin-kankyo", "環境課", "かんきょうか", 5, 0},
      {"shimin-bosai", "防災安全課", "ぼうさいあんぜんか", 4, 0}}},
    {"fukushi", "健康福祉部", "けんこうふくしぶ", "健康福祉部長",
     {{"fukushi-fukushi", "福祉課", "ふくしか", 8, 1}, {"fukushi-kosodate", "子育て支援課", "こそだてしえんか", 7, 1},
      {"fukushi-kaigo", "介護保険課", "かいごほけんか", 6, 1}, {"fukushi-kenko", "健康推進課", "けんこうすいしんか", 6, 1}}},
    {"kensetsu", "建設部", "けんせつぶ", "建設部長",
     {{"kensetsu-toshi", "都市計画課", "としけいかくか", 5, 0}, {"kensetsu-doboku", "土木課", "どぼくか", 6, 0},
      {"kensetsu-suido", "上下水道課", "じょうげすいどうか", 6, 0}}},
    {"keizai", "経済部", "けいざいぶ", "経済部長",
     {{"keizai-sangyo", "産業振興課", "さんぎょうしんこうか", 5, 0}, {"keizai-norin", "農林課", "のうりんか", 4, 0}}},
    {"kaikei", "会計管理室", "かいけいかんりしつ", "会計管理者",
     {{"kaikei-kaikei", "会計課", "かいけいか", 4, 0}}},
    {"shobo", "消防本部", "しょうぼうほんぶ", "消防長",
     {{"shobo-somu", "消防総務課", "しょうぼうそうむか", 5, 0}, {"shobo-keibo", "警防課", "けいぼうか", 6, 0}}},
    {"kyoiku", "教育委員会事務局", "きょういくいいんかいじむきょく", "教育部長",
     {{"kyoiku-somu", "教育総務課", "きょういくそうむか", 5, 0}, {"kyoiku-gakko", "学校教育課", "がっこうきょういくか", 6, 0},
      {"kyoiku-shogai", "生涯学習課", "しょうがいがくしゅうか", 4, 0}}},
    {"gikai", "議会事務局", "ぎかいじむきょく", "議会事務局長",
     {{"gikai-giji", "議事課", "ぎじか", 4, 0}}},
    {"senkan", "選挙管理委員会事務局", "せんきょかんりいいんかいじむきょく", "選挙管理委員会事務局長",
     {{"senkan-senkyo", "選挙課", "せんきょか", 2, 0}}},
    {"kansa", "監査委員事務局", "かんさいいんじむきょく", "監査委員事務局長",
     {{"kansa-kansa", "監査課", "かんさか", 3, 0}}},
    {"nogyo", "農業委員会事務局", "のうぎょういいんかいじむきょく", "農業委員会事務局長",
     {{"nogyo-nochi", "農地課", "のうちか", 2, 0}}},
};

static const char *const family[][2] = {
    {"佐藤", "さとう"}, {"鈴木", "すずき"}, {"高橋", "たかはし"}, {"田中", "たなか"}, {"伊藤", "いとう"},
    {"渡辺", "わたなべ"}, {"山本", "やまもと"}, {"中村", "なかむら"}, {"小林", "こばやし"}, {"加藤", "かとう"},
    {"吉田", "よしだ"}, {"山田", "やまだ"}, {"佐々木", "ささき"}, {"山口", "やまぐち"}, {"松本", "まつもと"},
    {"井上", "いのうえ"}, {"木村", "きむら"}, {"林", "はやし"}, {"斎藤", "さいとう"}, {"清水", "しみず"},
    {"山崎", "やまざき"}, {"森", "もり"}, {"池田", "いけだ"}, {"橋本", "はしもと"}, {"阿部", "あべ"},
    {"石川", "いしかわ"}, {"山下", "やました"}, {"中島", "なかじま"}, {"石井", "いしい"}, {"小川", "おがわ"},
    {"前田", "まえだ"}, {"岡田", "おかだ"}, {"長谷川", "はせがわ"}, {"藤田", "ふじた"}, {"後藤", "ごとう"},
    {"近藤", "こんどう"}, {"村上", "むらかみ"}, {"遠藤", "えんどう"}, {"青木", "あおき"}, {"坂本", "さかもと"},
};

static const char *const given[][2] = {
    {"大輔", "だいすけ"}, {"直樹", "なおき"}, {"健一", "けんいち"}, {"誠", "まこと"}, {"浩二", "こうじ"},
    {"翔太", "しょうた"}, {"拓也", "たくや"}, {"和也", "かずや"}, {"隆", "たかし"}, {"剛", "つよし"},
    {"陽子", "ようこ"}, {"美香", "みか"}, {"恵", "めぐみ"}, {"裕子", "ゆうこ"}, {"由美", "ゆみ"},
    {"真由美", "まゆみ"}, {"彩", "あや"}, {"さくら", "さくら"}, {"舞", "まい"}, {"千尋", "ちひろ"},
    {"修", "おさむ"}, {"学", "まなぶ"}, {"亮", "りょう"}, {"悠斗", "ゆうと"}, {"大樹", "だいき"},
    {"智子", "ともこ"}, {"久美子", "くみこ"}, {"香織", "かおり"}, {"優子", "ゆうこ"}, {"奈々", "なな"},
};

typedef struct Gen {
    uint32_t state;
    int next_staff_no;
    Ctx *ctx;
    DemoResult *out;
    int64_t root_id;
} Gen;

/* Small linear congruential generator: deterministic and good enough to mix names. */
static uint32_t next(Gen *g)
{
    g->state = g->state * 1664525u + 1013904223u;
    return g->state >> 8;
}

static Status add_unit(Gen *g, int64_t parent, const char *code, const char *name, const char *kana,
                       const char *kind, int order, int64_t *id, Err *e)
{
    char phone[32];
    snprintf(phone, sizeof phone, "0120-00-%04d", 1000 + order);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "code", code, "name", name, "kana", kana,
                           "kind", kind, "phone", phone, "sort_order", order);
    if (parent)
        json_object_set_new(in, "parent_id", json_integer(parent));
    Status s = org_create_unit(g->ctx, in, id, e);
    json_decref(in);
    if (s == ST_OK)
        g->out->units++;
    return s;
}

static Status add_person(Gen *g, int64_t unit, const char *title, const char *employment,
                         bool mynumber, int64_t *id, Err *e)
{
    uint32_t f = next(g) % (sizeof family / sizeof *family);
    uint32_t n = next(g) % (sizeof given / sizeof *given);
    char name[64], kana[96], staff_no[16], email[64], phone[32], mobile[32];
    snprintf(name, sizeof name, "%s %s", family[f][0], given[n][0]);
    snprintf(kana, sizeof kana, "%s %s", family[f][1], given[n][1]);
    int no = g->next_staff_no++;
    snprintf(staff_no, sizeof staff_no, "D%05d", no);
    snprintf(email, sizeof email, "d%05d@city.demo.lg.jp", no);
    snprintf(phone, sizeof phone, "内線 %d", 2000 + no);
    snprintf(mobile, sizeof mobile, "090-0000-%04d", no % 10000);
    /* a 会計年度任用職員 is appointed for the current 年度 */
    int y, m, d;
    time_jst_date(clock_now(g->ctx->clock), &y, &m, &d);
    int fy = fiscal_year(y, m);
    char fy_start[24], fy_end[24];
    snprintf(fy_start, sizeof fy_start, "%04d-04-01", fy);
    snprintf(fy_end, sizeof fy_end, "%04d-03-31", fy + 1);
    const char *from = strcmp(employment, "fiscal_year") == 0 ? fy_start : "2015-04-01";
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:s}", "staff_no", staff_no,
                           "name", name, "kana", kana, "employment", employment, "unit_id", (json_int_t)unit,
                           "title", title, "email", email, "phone", phone, "mobile", mobile,
                           "mynumber_zone", mynumber, "active_from", from);
    if (strcmp(employment, "fiscal_year") == 0)
        json_object_set_new(in, "active_until", json_string(fy_end));
    Status s = people_create(g->ctx, in, id, e);
    json_decref(in);
    if (s == ST_OK)
        g->out->people++;
    return s;
}

static Status assign(Gen *g, int64_t person, const char *role, int64_t unit, Err *e)
{
    RoleAssignment a = {
        .person_id = person,
        .role = role,
        .scope_kind = unit ? "unit" : "organisation",
        .scope_id = unit,
        .valid_from = "2026-04-01",
    };
    Status s = role_assign(g->ctx, &a, NULL, e);
    if (s == ST_OK)
        g->out->assignments++;
    return s;
}

/* A section: its 課長 (情報セキュリティ管理者) and staff of mixed employment. */
static Status build_section(Gen *g, int64_t dept_id, const Section *sec, int order, int64_t *first_staff,
                            Err *e)
{
    int64_t unit, head, id;
    Status s = add_unit(g, dept_id, sec->code, sec->name, sec->kana, "section", order, &unit, e);
    char title[64];
    snprintf(title, sizeof title, "%s長", sec->name);
    bool head_vacant = strcmp(sec->code, vacant_section) == 0;
    if (s == ST_OK && !head_vacant)
        s = add_person(g, unit, title, "regular", sec->mynumber, &head, e);
    if (s == ST_OK && !head_vacant)
        s = assign(g, head, "section_security_manager", unit, e);
    int staff = sec->staff * 3 / 2; /* the table lists core staff; sections carry half as many again */
    for (int i = 0; s == ST_OK && i < staff; i++) {
        const char *employment = i >= staff - 2 && staff > 6 ? "fiscal_year"
                                 : i == 3 && staff > 8        ? "part_time"
                                                              : "regular";
        const char *staff_title = i == 0 ? "係長" : i == 1 ? "主査" : employment[0] == 'r' ? "主事" : "事務補助員";
        s = add_person(g, unit, staff_title, employment, sec->mynumber, &id, e);
        if (s == ST_OK && i == 0 && first_staff)
            *first_staff = id;
    }
    return s;
}

Status demo_create(Ctx *ctx, DemoResult *out, Err *e)
{
    memset(out, 0, sizeof *out);
    Gen g = {.state = 20270701u, .next_staff_no = 1, .ctx = ctx, .out = out};
    Status s = add_unit(&g, 0, "demo-shi", "デモ市", "でもし", "organisation", 0, &g.root_id, e);
    int64_t mayor_office = 0, id;
    if (s == ST_OK)
        s = add_unit(&g, g.root_id, "shicho", "市長公室", "しちょうこうしつ", "department", 1, &mayor_office, e);
    if (s == ST_OK)
        s = add_person(&g, mayor_office, "副市長", "regular", false, &out->ciso_person_id, e);
    if (s == ST_OK)
        s = assign(&g, out->ciso_person_id, "ciso", 0, e);
    if (s == ST_OK)
        s = add_person(&g, mayor_office, "市長公室長", "regular", false, &id, e);
    if (s == ST_OK)
        s = assign(&g, id, "department_security_officer", mayor_office, e);
    for (size_t d = 0; s == ST_OK && d < sizeof departments / sizeof *departments; d++) {
        const Department *dep = &departments[d];
        int64_t dept_id, head;
        s = add_unit(&g, g.root_id, dep->code, dep->name, dep->kana, "department", (int)d + 2, &dept_id, e);
        if (s == ST_OK)
            s = add_person(&g, dept_id, dep->head_title, "regular", false, &head, e);
        if (s == ST_OK)
            s = assign(&g, head, "department_security_officer", dept_id, e);
        if (s == ST_OK && strcmp(dep->code, "somu") == 0) {
            out->chief_person_id = head;
            s = assign(&g, head, "chief_security_officer", 0, e);
        }
        if (s == ST_OK && strcmp(dep->code, "kansa") == 0)
            s = assign(&g, head, "audit_lead", 0, e);
        for (int i = 0; s == ST_OK && i < 6 && dep->sections[i].code; i++) {
            int64_t first_staff = 0;
            s = build_section(&g, dept_id, &dep->sections[i], i + 1, &first_staff, e);
            if (s != ST_OK || strcmp(dep->sections[i].code, "somu-joho") != 0)
                continue;
            /* 情報政策課: its 課長 is 副統括 (set below); the 係長 leads the CSIRT and administers
             * lgsec; two contractors' staff run the systems. */
            out->admin_person_id = first_staff;
            s = assign(&g, first_staff, "lgsec_admin", 0, e);
            if (s == ST_OK)
                s = assign(&g, first_staff, "csirt_lead", 0, e);
            int64_t joho_unit = 0;
            json_t *units = NULL;
            if (s == ST_OK && (s = people_get_plain(ctx, first_staff, &units, e)) == ST_OK) {
                joho_unit = json_integer_value(json_object_get(units, "unit_id"));
                json_decref(units);
            }
            for (int c = 0; s == ST_OK && c < 2; c++)
                s = add_person(&g, joho_unit, "システム運用要員", "contractor", false, &id, e);
            if (s == ST_OK)
                s = assign(&g, id, "csirt_member", 0, e);
        }
    }
    /* 副統括 = 情報政策課長: the person holding section_security_manager for 情報政策課. */
    if (s == ST_OK) {
        Stmt *st = db_prepare(ctx->db,
                              "SELECT r.person_id FROM role_assignments_v r JOIN org_units_v u ON u.id = r.scope_id"
                              " WHERE u.code = 'somu-joho' AND r.role = 'section_security_manager'",
                              e);
        int64_t joho_head = 0;
        if (st && stmt_step(st) == STEP_ROW)
            joho_head = stmt_int(st, 0);
        stmt_finalize(st);
        s = st && joho_head ? assign(&g, joho_head, "deputy_chief_security_officer", 0, e) : ST_INTERNAL;
        if (s == ST_INTERNAL)
            err_set(e, s, "demo_failed", "", "デモデータの作成に失敗しました", "demo data creation failed");
    }
    return s;
}
