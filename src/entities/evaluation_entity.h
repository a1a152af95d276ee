/* evaluation_entity: the declarations of the evaluation module's records that people enter — a 自己点検
 * campaign (第162条), an audit (第154条) and an audit finding (第160条) (see asset_entity.h for the
 * pattern). The fields are in evaluation_entity.c. */
#pragma once
#include "entities/entity.h"

extern const Entity selfcheck_campaign_entity;
extern const Entity audit_entity;
extern const Entity audit_finding_entity;
