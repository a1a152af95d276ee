/* system_entity: the declaration of the 情報システム (system) and of its 構成要素 (component), by
 * index (see asset_entity.h). The fields are in system_entity.c. */
#pragma once
#include "entities/entity.h"

enum SystemFieldIndex {
    SYSTEM_F_CODE,
    SYSTEM_F_NAME,
    SYSTEM_F_PURPOSE,
    SYSTEM_F_ZONE,
    SYSTEM_F_OWNER_UNIT_ID,
    SYSTEM_F_VENDOR,
    SYSTEM_F_LOCATION,
    SYSTEM_F_REGION,
    SYSTEM_F_RELAY_KIND,
    SYSTEM_F_REDUNDANCY,
    SYSTEM_F_FAILOVER_PROCEDURE,
    SYSTEM_F_MAINTENANCE,
    SYSTEM_F_BACKUP,
    SYSTEM_F_DOC_CONFIGURATION,
    SYSTEM_F_DOC_STANDARDS,
    SYSTEM_F_DOC_INCIDENT,
    SYSTEM_F_DOC_RECOVERY,
    SYSTEM_F_MFA,
    SYSTEM_F_USB_WRITE_BLOCK,
    SYSTEM_F_PRODUCT_REGISTRATION,
    SYSTEM_F_NOTES,
    SYSTEM_F_ACTIVE,
    SYSTEM_F_COUNT
};

extern const EntityField system_fields[SYSTEM_F_COUNT];
extern const Entity system_entity;
extern const Entity component_entity;
