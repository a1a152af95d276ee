/* pack_lists: the active pack's value lists as the entity declarations ask for them (EntityLists):
 * a scale's level ids ("confidentiality" → 3A, 3B, 3C, 2, 1), "registrations" (systems.yaml),
 * "training_audiences" (training.yaml), and from incidents.yaml "incident_categories",
 * "incident_severities", "violation_outcomes" and "external_reports". */
#pragma once
#include "entities/entity.h"
#include "policy/pack.h"

/* Lists over pack (borrowed: the pack must outlive the result). */
EntityLists pack_entity_lists(const Pack *pack);
