/* record_entity: the declarations of the records the policy demands (src/domain/records) — 持ち込み
 * (第43条), サーバー室 and its list of people allowed in and its 入退室 (第35条), 機器の搬入出 (第36条),
 * 作業記録 (第63条), 障害記録 (第66条), the ソフトウェア・ライセンス台帳 (第76条(2)) and the 祝日・閉庁日
 * that count as outside office hours. Fields by index so the domain reads each one as a constant
 * (&work_fields[WORK_F_TITLE]). A field marked EF_PATCH_ONLY belongs to the route that changes the
 * record later (持ち帰り, 退室, 確認, 障害の処理); its EF_REQUIRED means required by that route. */
#pragma once
#include "entities/entity.h"

enum { BRINGIN_F_PERSON, BRINGIN_F_ITEM, BRINGIN_F_PURPOSE, BRINGIN_F_IN_AT, BRINGIN_F_REQUEST, BRINGIN_F_OUT_AT };
enum { ROOM_F_NAME, ROOM_F_LOCATION, ROOM_F_DOOR, ROOM_F_UNIT, ROOM_F_START, ROOM_F_END };
enum { ACCESS_F_PERSON, ACCESS_F_CARD, ACCESS_F_FROM, ACCESS_F_UNTIL, ACCESS_F_NOTE };
enum { ENTRY_F_PERSON, ENTRY_F_VISITOR, ENTRY_F_VISITOR_ORG, ENTRY_F_ESCORT, ENTRY_F_PURPOSE, ENTRY_F_TIME_IN,
       ENTRY_F_TIME_OUT };
enum { MOVE_F_DIRECTION, MOVE_F_EQUIPMENT, MOVE_F_CARRIED_BY, MOVE_F_MOVED_AT, MOVE_F_WITNESS, MOVE_F_IMPACT,
       MOVE_F_SYSTEM, MOVE_F_NOTES };
enum { WORK_F_SYSTEM, WORK_F_TITLE, WORK_F_DESCRIPTION, WORK_F_STARTED, WORK_F_ENDED, WORK_F_CONFIG_CHANGED,
       WORK_F_REVIEW, WORK_F_COMMENT };
enum { FAILURE_F_SYSTEM, FAILURE_F_TITLE, FAILURE_F_DESCRIPTION, FAILURE_F_OCCURRED, FAILURE_F_STATE,
       FAILURE_F_HANDLING, FAILURE_F_RESULT, FAILURE_F_PROBLEMS };
enum { LICENSE_F_SOFTWARE, LICENSE_F_VERSION, LICENSE_F_KIND, LICENSE_F_COUNT, LICENSE_F_TARGET, LICENSE_F_PURPOSE,
       LICENSE_F_SYSTEM, LICENSE_F_UNIT, LICENSE_F_NOTES };
enum { HOLIDAY_F_DATE, HOLIDAY_F_NAME };

extern const EntityField bringin_fields[], room_fields[], access_fields[], entry_fields[], move_fields[],
    work_fields[], failure_fields[], license_fields[], holiday_fields[];
extern const Entity bringin_entity;  /* 持ち込み記録 */
extern const Entity room_entity;     /* サーバー室 (管理区域) */
extern const Entity access_entity;   /* 入退室を許可された者 */
extern const Entity entry_entity;    /* 入退室の記録 */
extern const Entity move_entity;     /* 機器等の搬入出 */
extern const Entity work_entity;     /* 作業記録 */
extern const Entity failure_entity;  /* 障害記録 */
extern const Entity license_entity;  /* ソフトウェア・ライセンス */
extern const Entity holiday_entity;  /* 祝日・閉庁日 */
