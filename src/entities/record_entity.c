/* The record declarations (see record_entity.h). Limits are characters; times are ET_DATETIME (JST as
 * typed, stored as UTC by the domain). What needs the database — a person is active, a system exists,
 * the witness is staff, 搬入 needs its impact check, the two-person rule — stays the domain's. */
#include "entities/record_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

const EntityField bringin_fields[] = {
    [BRINGIN_F_PERSON] = {"person_id", "持ち込む人", "Brought in by", ET_REF, 0, .ref = "people"},
    [BRINGIN_F_ITEM] = {"item", "持ち込む物", "Item", ET_TEXT, EF_REQUIRED, .max_chars = 200, .article = "第43条"},
    [BRINGIN_F_PURPOSE] = {"purpose", "目的", "Purpose", ET_TEXT, EF_REQUIRED | EF_MULTILINE, .max_chars = 1000},
    [BRINGIN_F_IN_AT] = {"in_at", "持ち込み日時", "Brought in at", ET_DATETIME, EF_REQUIRED, .max_chars = 0},
    [BRINGIN_F_REQUEST] = {"request_id", "許可の申請", "Permission request", ET_REF, EF_NULLABLE, .ref = "requests",
                           .article = "第42条"},
    [BRINGIN_F_OUT_AT] = {"out_at", "持ち帰り日時", "Taken away at", ET_DATETIME, EF_NULLABLE | EF_PATCH_ONLY, .max_chars = 0},
};

const EntityField room_fields[] = {
    [ROOM_F_NAME] = {"name", "名称", "Name", ET_TEXT, EF_REQUIRED | EF_IMMUTABLE, .max_chars = 200},
    [ROOM_F_LOCATION] = {"location", "場所", "Location", ET_TEXT, 0, .max_chars = 200},
    [ROOM_F_DOOR] = {"door_code", "扉コード", "Door code (card reader)", ET_TEXT, EF_NULLABLE, .max_chars = 64},
    [ROOM_F_UNIT] = {"unit_id", "管理する課室", "Keeping section", ET_REF, EF_REQUIRED | EF_IMMUTABLE,
                     .ref = "org_units", .article = "第35条2"},
    [ROOM_F_START] = {"office_start", "執務時間の開始", "Office hours from", ET_TIME, 0, .dflt = "\"08:30\"",
                      .bad_code = "invalid_office_hours"},
    [ROOM_F_END] = {"office_end", "執務時間の終了", "Office hours until", ET_TIME, 0, .dflt = "\"17:15\"",
                    .bad_code = "invalid_office_hours"},
};

const EntityField access_fields[] = {
    [ACCESS_F_PERSON] = {"person_id", "許可する職員", "Person allowed in", ET_REF, EF_REQUIRED | EF_IMMUTABLE,
                         .ref = "people", .article = "第35条"},
    [ACCESS_F_CARD] = {"card_no", "カード番号", "Card number", ET_TEXT, EF_NULLABLE, .max_chars = 64},
    [ACCESS_F_FROM] = {"valid_from", "許可の開始日", "From", ET_DATE, 0, .max_chars = 0},
    [ACCESS_F_UNTIL] = {"valid_until", "許可の終了日", "Until", ET_DATE, EF_NULLABLE, .max_chars = 0},
    [ACCESS_F_NOTE] = {"note", "備考", "Note", ET_TEXT, EF_MULTILINE, .max_chars = 1000},
};

const EntityField entry_fields[] = {
    [ENTRY_F_PERSON] = {"person_id", "入室者", "Person", ET_REF, EF_NULLABLE, .ref = "people"},
    [ENTRY_F_VISITOR] = {"visitor_name", "訪問者の氏名", "Visitor's name", ET_TEXT, EF_NULLABLE, .max_chars = 100},
    [ENTRY_F_VISITOR_ORG] = {"visitor_org", "訪問者の所属", "Visitor's organisation", ET_TEXT, 0, .max_chars = 200},
    [ENTRY_F_ESCORT] = {"escort_person_id", "付き添う職員", "Escorting staff", ET_REF, EF_NULLABLE, .ref = "people",
                        .article = "第35条5"},
    [ENTRY_F_PURPOSE] = {"purpose", "目的", "Purpose", ET_TEXT, EF_REQUIRED | EF_MULTILINE, .max_chars = 1000},
    [ENTRY_F_TIME_IN] = {"time_in", "入室日時", "In", ET_DATETIME, EF_REQUIRED, .max_chars = 0},
    [ENTRY_F_TIME_OUT] = {"time_out", "退室日時", "Out", ET_DATETIME, EF_NULLABLE, .max_chars = 0},
};

static const EntityChoice directions[] = {
    {"in", "搬入", "In"},
    {"out", "搬出", "Out"},
};

const EntityField move_fields[] = {
    [MOVE_F_DIRECTION] = {"direction", "搬入・搬出", "In or out", ET_ENUM, EF_REQUIRED, .choices = directions,
                          .nchoices = N(directions), .bad_code = "invalid_direction"},
    [MOVE_F_EQUIPMENT] = {"equipment", "機器等", "Equipment", ET_TEXT, EF_REQUIRED | EF_MULTILINE, .max_chars = 500},
    [MOVE_F_CARRIED_BY] = {"carried_by", "搬入出を行った者", "Carried by", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    [MOVE_F_MOVED_AT] = {"moved_at", "搬入出の日時", "Moved at", ET_DATETIME, EF_REQUIRED, .max_chars = 0},
    [MOVE_F_WITNESS] = {"witness_person_id", "立ち会った職員", "Witnessing staff", ET_REF, EF_REQUIRED, .ref = "people",
                        .article = "第36条"},
    [MOVE_F_IMPACT] = {"impact_check", "既存の情報システムへの影響の確認", "Check of the impact on existing systems",
                       ET_TEXT, EF_MULTILINE, .max_chars = 2000, .article = "第36条"},
    [MOVE_F_SYSTEM] = {"system_id", "情報システム", "Information system", ET_REF, EF_NULLABLE, .ref = "systems"},
    [MOVE_F_NOTES] = {"notes", "備考", "Notes", ET_TEXT, EF_MULTILINE, .max_chars = 2000},
};

const EntityField work_fields[] = {
    [WORK_F_SYSTEM] = {"system_id", "情報システム", "Information system", ET_REF, EF_REQUIRED | EF_IMMUTABLE,
                       .ref = "systems"},
    [WORK_F_TITLE] = {"title", "作業名", "Work", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    [WORK_F_DESCRIPTION] = {"description", "作業内容", "What was done", ET_TEXT, EF_REQUIRED | EF_MULTILINE,
                            .max_chars = 4000, .article = "第63条"},
    [WORK_F_STARTED] = {"started_at", "作業開始日時", "Started at", ET_DATETIME, EF_REQUIRED, .max_chars = 0},
    [WORK_F_ENDED] = {"ended_at", "作業終了日時", "Ended at", ET_DATETIME, EF_REQUIRED, .max_chars = 0},
    [WORK_F_CONFIG_CHANGED] = {"config_changed", "構成・設定の変更", "The configuration changed", ET_BOOL, 0,
                               .dflt = "false"},
    [WORK_F_REVIEW] = {"security_review", "情報セキュリティ対策の確認", "Check of the security measures", ET_TEXT,
                       EF_MULTILINE, .max_chars = 4000, .article = "第63条2"},
    [WORK_F_COMMENT] = {"comment", "確認の所見", "Confirmer's comment", ET_TEXT, EF_MULTILINE | EF_PATCH_ONLY,
                        .max_chars = 2000, .article = "第63条3", .column = "confirm_comment"},
};

/* the states a handler sets (a report starts as reported) */
static const EntityChoice failure_states[] = {
    {"handling", "対応中", "Being handled"},
    {"resolved", "解決", "Resolved"},
};

const EntityField failure_fields[] = {
    [FAILURE_F_SYSTEM] = {"system_id", "情報システム", "Information system", ET_REF, EF_NULLABLE, .ref = "systems"},
    [FAILURE_F_TITLE] = {"title", "件名", "Subject", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    [FAILURE_F_DESCRIPTION] = {"description", "障害の内容", "What happened", ET_TEXT, EF_REQUIRED | EF_MULTILINE,
                               .max_chars = 4000, .article = "第66条"},
    [FAILURE_F_OCCURRED] = {"occurred_at", "発生日時", "Occurred at", ET_DATETIME, EF_REQUIRED, .max_chars = 0},
    [FAILURE_F_STATE] = {"state", "状態", "State", ET_ENUM, EF_REQUIRED | EF_PATCH_ONLY, .choices = failure_states,
                         .nchoices = N(failure_states), .bad_code = "invalid_state"},
    [FAILURE_F_HANDLING] = {"handling", "処理の内容", "Handling", ET_TEXT, EF_REQUIRED | EF_MULTILINE | EF_PATCH_ONLY,
                            .max_chars = 4000, .article = "第66条"},
    [FAILURE_F_RESULT] = {"result", "処理結果", "Result", ET_TEXT, EF_MULTILINE | EF_PATCH_ONLY, .max_chars = 4000,
                          .article = "第66条"},
    [FAILURE_F_PROBLEMS] = {"problems", "問題等", "Problems found", ET_TEXT, EF_MULTILINE | EF_PATCH_ONLY,
                            .max_chars = 4000},
};

const EntityField license_fields[] = {
    [LICENSE_F_SOFTWARE] = {"software", "ソフトウェア名", "Software", ET_TEXT, EF_REQUIRED, .max_chars = 200,
                            .article = "第76条"},
    [LICENSE_F_VERSION] = {"version", "バージョン", "Version", ET_TEXT, 0, .max_chars = 100},
    [LICENSE_F_KIND] = {"license_kind", "ライセンスの種類", "License type", ET_TEXT, EF_REQUIRED, .max_chars = 100},
    [LICENSE_F_COUNT] = {"license_count", "ライセンス数", "Number of licenses", ET_INT, EF_REQUIRED, .min = 0,
                         .max = 1000000000, .bad_code = "invalid_count"},
    [LICENSE_F_TARGET] = {"target", "導入先の端末", "Installed on", ET_TEXT, EF_MULTILINE, .max_chars = 1000},
    [LICENSE_F_PURPOSE] = {"purpose", "目的", "Purpose", ET_TEXT, EF_MULTILINE, .max_chars = 1000},
    [LICENSE_F_SYSTEM] = {"system_id", "情報システム", "Information system", ET_REF, EF_NULLABLE, .ref = "systems"},
    [LICENSE_F_UNIT] = {"unit_id", "課室", "Section", ET_REF, EF_NULLABLE, .ref = "org_units"},
    [LICENSE_F_NOTES] = {"notes", "備考", "Notes", ET_TEXT, EF_MULTILINE, .max_chars = 2000},
};

const EntityField holiday_fields[] = {
    [HOLIDAY_F_DATE] = {"date", "日付", "Date", ET_DATE, EF_REQUIRED, .max_chars = 0},
    [HOLIDAY_F_NAME] = {"name", "名称", "Name", ET_TEXT, 0, .max_chars = 100},
};

static const char *const bringin_kept[] = {"id", "unit_id", "recorded_by", "created_at", "updated_at", NULL};
static const char *const room_kept[] = {"id", "created_at", "updated_at", NULL};
static const char *const access_kept[] = {"id", "room_id", "created_at", NULL};
static const char *const entry_kept[] = {"id", "room_id", "after_hours", "source", "recorded_by", "created_at",
                                         "updated_at", NULL};
static const char *const move_kept[] = {"id", "room_id", "recorded_by", "created_at", NULL};
static const char *const work_kept[] = {"id", "author_person_id", "state", "confirmer_person_id", "confirmed_at",
                                        "created_at", "updated_at", NULL};
static const char *const failure_kept[] = {"id", "reporter_person_id", "handler_person_id", "resolved_at",
                                           "created_at", "updated_at", NULL};
static const char *const license_kept[] = {"id", "request_id", "created_at", "updated_at", NULL};
static const char *const holiday_kept[] = {NULL};

const Entity bringin_entity = {"bringIn", "bring_in_records", "持ち込み記録", "Bring-in record", "第43条",
                               bringin_fields, N(bringin_fields), bringin_kept, "bring_in"};
const Entity room_entity = {"serverRoom", "server_rooms", "サーバー室", "Server room", "第35条", room_fields,
                            N(room_fields), room_kept, "server_room"};
const Entity access_entity = {"roomAccess", "server_room_access", "入退室の許可", "Room access", "第35条",
                              access_fields, N(access_fields), access_kept, "server_room_access"};
const Entity entry_entity = {"roomEntry", "server_room_entries", "入退室の記録", "Room entry", "第35条", entry_fields,
                             N(entry_fields), entry_kept, "server_room_entry"};
const Entity move_entity = {"equipmentMove", "equipment_moves", "機器等の搬入出", "Equipment move", "第36条",
                            move_fields, N(move_fields), move_kept, "equipment_move"};
const Entity work_entity = {"workRecord", "work_records", "作業記録", "Work record", "第63条", work_fields,
                            N(work_fields), work_kept, "work_record"};
const Entity failure_entity = {"failureRecord", "failure_records", "障害記録", "Failure record", "第66条",
                               failure_fields, N(failure_fields), failure_kept, "failure_record"};
const Entity license_entity = {"license", "software_licenses", "ソフトウェア・ライセンス", "Software license",
                               "第76条", license_fields, N(license_fields), license_kept, "software_license"};
const Entity holiday_entity = {"holiday", "holidays", "祝日・閉庁日", "Holiday", NULL, holiday_fields,
                               N(holiday_fields), holiday_kept, "holiday"};
