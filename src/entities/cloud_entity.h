/* cloud_entity: the declarations of the クラウド・外部サービス register (第143条–第153条) — a service's
 * details (provider, ISMAP / ISMAP-LIU registration, data location and region, the 約款 review, the exit
 * plan, its クラウドサービス管理者), the end of its use (第151条) and the manager's periodic review
 * (第150条5). The fields are in cloud_entity.c. */
#pragma once
#include "entities/entity.h"

enum {
    CLOUD_F_NAME, CLOUD_F_PROVIDER, CLOUD_F_PURPOSE, CLOUD_F_MANAGER, CLOUD_F_ISMAP_KIND, CLOUD_F_ISMAP_NUMBER,
    CLOUD_F_ISMAP_EXPIRES_ON, CLOUD_F_DATA_LOCATION, CLOUD_F_REGION, CLOUD_F_TERMS_REVIEWED_ON, CLOUD_F_TERMS_REVIEWER,
    CLOUD_F_TERMS_RESULT, CLOUD_F_TERMS_NOTES, CLOUD_F_EXIT_PLAN, CLOUD_F_EXIT_PLAN_REVIEWED_ON,
};
enum { CLOUD_END_F_ENDED_ON, CLOUD_END_F_DISPOSITION, CLOUD_END_F_CONFIRMATION, CLOUD_END_F_ACCOUNTS_REMOVED };
enum { CLOUD_REVIEW_F_REVIEWED_ON, CLOUD_REVIEW_F_CHECKED_ITEMS, CLOUD_REVIEW_F_RESULT, CLOUD_REVIEW_F_ACTIONS };

extern const EntityField cloud_service_fields[];
extern const Entity cloud_service_entity;     /* a registered service's details */
extern const Entity cloud_service_end_entity; /* the end of its use (第151条2) */
extern const Entity cloud_review_entity;      /* the manager's periodic review (第150条5) */
