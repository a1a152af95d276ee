/* review_lessons: the 年度の見直し (第165条) with the closed incidents whose lessons it takes in. The
 * review is policydocs', the incidents are incidents', and incidents already depends on policydocs
 * (its closure checks the review's date through policy_reviews_v), so policydocs cannot ask
 * incidents: the answer is composed here, above both, from their public functions. */
#pragma once
#include <jansson.h>

#include "domain/kernel/kernel.h"

/* To each review of list (policy_review_list's answer) adds "incidents": {items, hidden} of its 年度
 * (incident_review_lessons), and to list "incidents_pending": [{fiscal_year, items, hidden}] for the
 * 年度 named by closed incidents that have no review recorded yet. */
Status review_lessons_attach_list(Ctx *ctx, json_t *list, Err *e);
/* To one review (policy_review_get's answer) adds "incidents": {items, hidden} of its 年度. */
Status review_lessons_attach(Ctx *ctx, json_t *review, Err *e);
