/* unit_entity: the declaration of an organisation unit (団体・部局・課室・係). The fields are in
 * unit_entity.c. */
#pragma once
#include "entities/entity.h"

extern const Entity unit_entity;
