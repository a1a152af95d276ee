/* The ID (sysaccount) declaration: one row of an information system's account list as the product
 * exports it (第83条: IDs are managed per person; 第84条: privileged IDs). privileges and state are the
 * product's own words; whether they mean "privileged" or "disabled" is the pack's account format's to
 * say (systems.yaml account_formats), so the domain keeps its reading in columns of its own. */
#include "entities/sysaccount_entity.h"

const EntityField sysaccount_fields[SYSACCOUNT_F_COUNT] = {
    [SYSACCOUNT_F_LOGIN_ID] = {"login_id", "ID", "ID", ET_TEXT, EF_REQUIRED, .max_chars = 128, .article = "第83条(1)"},
    [SYSACCOUNT_F_STAFF_NO] = {"staff_no", "職員番号", "Staff no.", ET_TEXT, 0, .max_chars = 64},
    [SYSACCOUNT_F_HOLDER_NAME] = {"holder_name", "氏名", "Name", ET_TEXT, 0, .max_chars = 200},
    [SYSACCOUNT_F_UNIT_NAME] = {"unit_name", "所属", "Section", ET_TEXT, 0, .max_chars = 200},
    [SYSACCOUNT_F_PRIVILEGES] = {"privileges", "権限", "Privileges", ET_TEXT, 0, .max_chars = 2000,
                                 .article = "第84条"},
    [SYSACCOUNT_F_LAST_LOGIN] = {"last_login", "最終ログイン", "Last login", ET_DATE, EF_NULLABLE,
                                 .article = "第83条(2)"},
    [SYSACCOUNT_F_STATE] = {"state", "状態", "State", ET_TEXT, 0, .max_chars = 100},
};

static const char *const sysaccount_kept[] = {"id", "snapshot_id", "system_id", "row_no", "enabled", "privileged", NULL};

const Entity sysaccount_entity = {"sysaccount", "sysaccount_ids", "情報システムのID", "System ID", "第83条",
                                  sysaccount_fields, SYSACCOUNT_F_COUNT, sysaccount_kept, NULL};
