/* sysaccount_entity: the declaration of one ID in an information system's account list (第83条・第84条)
 * — what an imported row holds (domain/sysaccounts). The fields are in sysaccount_entity.c. */
#pragma once
#include "entities/entity.h"

enum SysAccountFieldIndex {
    SYSACCOUNT_F_LOGIN_ID,
    SYSACCOUNT_F_STAFF_NO,
    SYSACCOUNT_F_HOLDER_NAME,
    SYSACCOUNT_F_UNIT_NAME,
    SYSACCOUNT_F_PRIVILEGES,
    SYSACCOUNT_F_LAST_LOGIN,
    SYSACCOUNT_F_STATE,
    SYSACCOUNT_F_COUNT
};

extern const EntityField sysaccount_fields[SYSACCOUNT_F_COUNT];
extern const Entity sysaccount_entity;
