/* asset_entity: the declaration of the 情報資産 (asset) and its fields, by index, so that other
 * tables (the register's import columns) can point at a field as a constant:
 * &asset_fields[ASSET_F_HOLDER]. The fields themselves are in asset_entity.c. */
#pragma once
#include "entities/entity.h"

enum AssetFieldIndex {
    ASSET_F_ASSET_NO,
    ASSET_F_NAME,
    ASSET_F_KIND,
    ASSET_F_DESCRIPTION,
    ASSET_F_UNIT_ID,
    ASSET_F_HOLDER,
    ASSET_F_STORAGE_PLACE,
    ASSET_F_MEDIUM,
    ASSET_F_FORMAT,
    ASSET_F_VOLUME,
    ASSET_F_SYSTEM_ID,
    ASSET_F_RETENTION,
    ASSET_F_PERSONAL_INFO,
    ASSET_F_SPECIFIC_PERSONAL_INFO,
    ASSET_F_NOTES,
    ASSET_F_CONFIDENTIALITY,
    ASSET_F_INTEGRITY,
    ASSET_F_AVAILABILITY,
    ASSET_F_CLASSIFICATION_REASON,
    ASSET_F_COUNT
};

extern const EntityField asset_fields[ASSET_F_COUNT];
extern const Entity asset_entity;
