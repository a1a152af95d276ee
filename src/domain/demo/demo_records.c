/* demo_records: デモ市's records (see demo_records.h), made through the record functions. */
#include "domain/demo/demo_records.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "domain/records/records.h"
#include "domain/org/org.h"

/* The first id a query returns (its one text parameter bound), 0 when none. */
static int64_t first_id(Ctx *ctx, const char *sql, const char *param)
{
    Err e;
    Stmt *st = db_prepare(ctx->db, sql, &e);
    if (!st)
        return 0;
    stmt_bind_text(st, 1, param);
    int64_t id = stmt_step(st) == STEP_ROW ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    return id;
}

/* Runs make on in (freed here) with ctx's actor acting as person. */
typedef Status (*Maker)(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);

static Status as_person(Ctx *ctx, int64_t person, Maker make, json_t *in, int64_t *id, Err *e)
{
    Actor a = *ctx->actor;
    a.person_id = person;
    Ctx c = ctx_as(ctx, &a);
    Status s = in ? make(&c, in, id, e) : ST_INTERNAL;
    json_decref(in);
    return s;
}

/* "YYYY-MM-DDTHH:MM" on a day of last week (0 = Monday … 5 = Saturday) in JST, so the demo's book
 * always holds last week's entries whatever day `init --demo` runs. */
static void last_week(const Ctx *ctx, int weekday, const char *hhmm, char out[static 17])
{
    int y, m, d;
    time_jst_date(clock_now(ctx->clock), &y, &m, &d);
    int64_t today = days_from_civil(y, m, d);
    int64_t monday = today - ((today + 3) % 7) - 7; /* 1970-01-01 was a Thursday */
    civil_from_days(monday + weekday, &y, &m, &d);
    snprintf(out, 17, "%04d-%02d-%02dT%s", y, m, d, hhmm);
}

static Status confirm(Ctx *ctx, json_t *in, int64_t *id, Err *e)
{
    return rec_work_confirm(ctx, *id, in, e);
}

static Status handle(Ctx *ctx, json_t *in, int64_t *id, Err *e)
{
    return rec_failure_update(ctx, *id, in, e);
}

Status demo_records_create(Ctx *ctx, Err *e)
{
    int64_t joho = first_id(ctx, "SELECT id FROM org_units_v WHERE code = ?", "somu-joho");
    int64_t kakaricho = first_id(ctx, "SELECT person_id FROM role_assignments_v WHERE role = ?", "lgsec_admin");
    int64_t op1 = first_id(ctx, "SELECT id FROM people_v WHERE employment = ? ORDER BY id", "contractor");
    int64_t op2 = first_id(ctx, "SELECT id FROM people_v WHERE employment = ? ORDER BY id DESC", "contractor");
    int64_t groupware = first_id(ctx, "SELECT id FROM systems_v WHERE code = ?", "SYS-L04");
    int64_t files = first_id(ctx, "SELECT id FROM systems_v WHERE code = ?", "SYS-L05");
    int64_t reporter = first_id(ctx, "SELECT p.id FROM people_v p JOIN org_units_v u ON u.id = p.unit_id"
                                     " WHERE u.code = ? AND p.title = '主事' ORDER BY p.id", "kikaku-kikaku");
    if (!joho || !kakaricho || !op1 || op1 == op2 || !groupware || !files || !reporter)
        return err_set(e, ST_INTERNAL, "demo_failed", "", "デモの記録を作成できません (組織・台帳がありません)",
                       "demo records need the demo organisation and registers");
    char mon10[17], mon1130[17], mon18[17], mon19[17], wed14[17], wed1410[17], wed1530[17], thu0920[17],
        fri16[17], fri1630[17], sat10[17], sat12[17];
    last_week(ctx, 0, "10:00", mon10), last_week(ctx, 0, "11:30", mon1130), last_week(ctx, 0, "18:00", mon18);
    last_week(ctx, 0, "19:00", mon19), last_week(ctx, 2, "14:00", wed14), last_week(ctx, 2, "14:10", wed1410);
    last_week(ctx, 2, "15:30", wed1530), last_week(ctx, 3, "09:20", thu0920), last_week(ctx, 4, "16:00", fri16);
    last_week(ctx, 4, "16:30", fri1630), last_week(ctx, 5, "10:00", sat10), last_week(ctx, 5, "12:00", sat12);
    int64_t room = 0, id = 0;
    json_t *rin = json_pack("{s:s, s:s, s:s, s:I}", "name", "本庁舎サーバー室", "location", "本庁舎3階", "door_code",
                            "SR-1", "unit_id", (json_int_t)joho);
    Status s = rec_room_create(ctx, rin, &room, e);
    json_decref(rin);
    const struct { int64_t person; const char *card; } allowed[] = {{kakaricho, "C-0001"}, {op1, "C-0101"}, {op2, "C-0102"}};
    for (size_t i = 0; s == ST_OK && i < 3; i++) {
        json_t *in = json_pack("{s:I, s:s, s:s}", "person_id", (json_int_t)allowed[i].person, "card_no", allowed[i].card,
                               "valid_from", "2026-04-01");
        s = rec_room_grant(ctx, room, in, NULL, e);
        json_decref(in);
    }
    for (int i = 0; s == ST_OK && i < 2; i++)
        s = role_assign(ctx,
                        &(RoleAssignment){.person_id = i ? op2 : op1, .role = "system_operator", .scope_kind = "system",
                                          .scope_id = groupware, .valid_from = "2026-04-01"},
                        NULL, e);
    struct { json_t *in; } entries[] = {
        {json_pack("{s:I, s:s, s:s, s:s}", "person_id", (json_int_t)op1, "purpose", "定期保守", "time_in",
                   mon10, "time_out", mon1130)},
        /* a Saturday without a 時間外立入 request: flagged in the book */
        {json_pack("{s:I, s:s, s:s, s:s}", "person_id", (json_int_t)op2, "purpose", "障害対応", "time_in",
                   sat10, "time_out", sat12)},
        {json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "visitor_name", "保守 一郎", "visitor_org", "デモ電源設備株式会社",
                   "escort_person_id", (json_int_t)kakaricho, "purpose", "UPS の交換", "time_in", wed14,
                   "time_out", wed1530)},
    };
    for (size_t i = 0; i < 3; i++) {
        if (s == ST_OK)
            s = rec_entry_create(ctx, room, entries[i].in, NULL, e);
        json_decref(entries[i].in);
    }
    json_t *move = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "direction", "in", "equipment", "無停電電源装置 (UPS) 1台",
                             "carried_by", "デモ電源設備株式会社 保守一郎", "moved_at", wed1410,
                             "witness_person_id", (json_int_t)kakaricho, "impact_check",
                             "既設サーバーの電源容量と停止時間を事前に確認 (停止なし)");
    if (s == ST_OK)
        s = rec_move_create(ctx, room, move, NULL, e);
    json_decref(move);
    if (s == ST_OK)
        s = as_person(ctx, op1, rec_work_create,
                      json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s}", "system_id", (json_int_t)groupware, "title",
                                "グループウェアのセキュリティ更新", "description", "月例の累積更新プログラムを適用",
                                "started_at", mon18, "ended_at", mon19, "config_changed", 1,
                                "security_review", "更新後に管理画面のアクセス制限とログ取得の設定が変わっていないことを確認"),
                      &id, e);
    if (s == ST_OK)
        s = as_person(ctx, op2, confirm, json_pack("{s:s}", "comment", "適用結果と設定を画面で確認"), &id, e);
    if (s == ST_OK)
        s = as_person(ctx, op1, rec_work_create,
                      json_pack("{s:I, s:s, s:s, s:s, s:s}", "system_id", (json_int_t)groupware, "title",
                                "利用者アカウントの棚卸し", "description", "異動者12名のアカウントを無効化", "started_at",
                                fri16, "ended_at", fri1630),
                      &id, e);
    if (s == ST_OK)
        s = as_person(ctx, reporter, rec_failure_report,
                      json_pack("{s:I, s:s, s:s, s:s}", "system_id", (json_int_t)files, "title", "共有フォルダが開けない",
                                "description", "企画課の共有フォルダを開くと応答がなくなる", "occurred_at",
                                thu0920),
                      &id, e);
    if (s == ST_OK)
        s = as_person(ctx, op1, handle,
                      json_pack("{s:s, s:s}", "state", "handling", "handling", "ファイルサーバーのディスク使用率を確認中"),
                      &id, e);
    json_t *lic = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:I}", "software", "PDF編集ソフト", "version", "2025",
                            "license_kind", "commercial", "license_count", 5, "target", "情報政策課の業務端末 5台",
                            "purpose", "議会資料・例規の編集", "unit_id", (json_int_t)joho);
    if (s == ST_OK)
        s = rec_license_create(ctx, lic, NULL, e);
    json_decref(lic);
    return s;
}
