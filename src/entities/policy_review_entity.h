/* policy_review_entity: the declaration of the 年度の見直し (第165条) — one per 年度, what the review
 * weighed and decided. The list of links to the material (input_links) is a structure the domain
 * keeps and checks itself (src/domain/policydocs/policy_review.c). Fields in policy_review_entity.c. */
#pragma once
#include "entities/entity.h"

enum { REVIEW_F_FISCAL_YEAR, REVIEW_F_REVIEWED_ON, REVIEW_F_RISK, REVIEW_F_INPUTS, REVIEW_F_DECISIONS,
       REVIEW_F_REVISION };

extern const EntityField review_fields[];
extern const Entity review_entity;
