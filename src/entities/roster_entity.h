/* roster_entity: the declaration of one row of the 人事 roster (人事異動, issue 15) — what 人事課 exports
 * for each person: 職員番号, 氏名, かな, 所属 (a 課室 by name), 雇用区分, 異動日, 退職日. The fields are in
 * roster_entity.c; the import's headers are src/registers/roster_fields.c. */
#pragma once
#include "entities/entity.h"

enum {
    ROSTER_F_STAFF_NO,
    ROSTER_F_NAME,
    ROSTER_F_KANA,
    ROSTER_F_UNIT_NAME,
    ROSTER_F_EMPLOYMENT,
    ROSTER_F_MOVED_ON,
    ROSTER_F_LEAVES_ON,
    ROSTER_F_COUNT
};

extern const EntityField roster_fields[ROSTER_F_COUNT];
extern const Entity roster_entity;
