/* training_entity: the declarations of 研修 (第50条–第53条) — a course of a 年度 with its audience from
 * the pack (training.yaml), a session of it, one person's attendance, and a drill (第52条) with its
 * findings. The fields are in
 * training_entity.c. */
#pragma once
#include "entities/entity.h"

enum { COURSE_F_FISCAL_YEAR, COURSE_F_TITLE, COURSE_F_AUDIENCE, COURSE_F_METHOD, COURSE_F_DESCRIPTION, COURSE_F_DUE_ON };
enum { SESSION_F_HELD_ON, SESSION_F_PLACE, SESSION_F_INSTRUCTOR };
enum { ATTENDANCE_F_PERSON_ID, ATTENDANCE_F_SESSION_ID, ATTENDANCE_F_ATTENDED_ON, ATTENDANCE_F_NOTE };

enum { DRILL_F_FISCAL_YEAR, DRILL_F_TITLE, DRILL_F_HELD_ON, DRILL_F_SCENARIO, DRILL_F_SCOPE };
enum { FINDING_F_FINDING, FINDING_F_OWNER, FINDING_F_DUE_ON };

extern const EntityField course_fields[];
extern const EntityField course_session_fields[];
extern const EntityField attendance_fields[];
extern const Entity course_entity;
extern const Entity course_session_entity;
extern const Entity attendance_entity;
extern const Entity drill_entity;         /* 緊急時対応訓練 (第52条) */
extern const Entity drill_finding_entity; /* a drill's finding, with its owner and due date */
