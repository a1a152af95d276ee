/* person_entity: the declaration of a 職員等 (person) of the organisation register (see
 * asset_entity.h for the pattern). The fields are in person_entity.c. */
#pragma once
#include "entities/entity.h"

extern const Entity person_entity;
