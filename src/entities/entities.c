/* The list of declared entities: what the emitters and the drift test walk. */
#include "entities/asset_entity.h"
#include "entities/cloud_entity.h"
#include "entities/evaluation_entity.h"
#include "entities/incident_entity.h"
#include "entities/person_entity.h"
#include "entities/policy_review_entity.h"
#include "entities/record_entity.h"
#include "entities/roster_entity.h"
#include "entities/sysaccount_entity.h"
#include "entities/system_entity.h"
#include "entities/training_entity.h"
#include "entities/unit_entity.h"
#include "entities/vendor_entity.h"

const Entity *const entity_all[] = {&asset_entity, &system_entity, &component_entity, &person_entity, &unit_entity,
                                    &course_entity, &course_session_entity, &attendance_entity, &drill_entity,
                                    &drill_finding_entity,
                                    &selfcheck_campaign_entity, &audit_entity, &audit_finding_entity,
                                    &sysaccount_entity, &roster_entity, &bringin_entity, &room_entity, &access_entity,
                                    &entry_entity, &move_entity, &work_entity, &failure_entity, &license_entity,
                                    &holiday_entity, &review_entity, &incident_entity,
                                    &incident_task_entity, &incident_note_entity, &indicator_entity,
                                    &violation_entity, &external_report_entity, &evidence_entity,
                                    &vendor_entity, &contract_entity, &subcontract_entity, &vendor_staff_entity,
                                    &vendor_check_entity,
                                    &cloud_service_entity, &cloud_service_end_entity, &cloud_review_entity, NULL};
