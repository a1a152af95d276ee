/* incident_entity: the declarations of the incidents module (src/domain/incidents) — the report of an
 * incident (第55条) with the CSIRT's assessment, cause, decision and closure (第56条) as the fields
 * of the later routes (EF_PATCH_ONLY), a task of its handling, a note, an indicator (IOC) and a
 * violation of the policy (第124条) with its assessment and outcome. Fields by index so the domain
 * reads each one as a constant (&incident_fields[INCIDENT_F_TITLE]). What the domain keeps itself —
 * the chain, the pack's 個人情報の種類 (a list), the external reports shaped by the pack's forms and
 * the evidence files — is in each entity's kept columns. */
#pragma once
#include "entities/entity.h"

enum {
    INCIDENT_F_TITLE, INCIDENT_F_DESCRIPTION, INCIDENT_F_NOTICED, INCIDENT_F_OCCURRED, INCIDENT_F_ASSET,
    INCIDENT_F_SYSTEM, INCIDENT_F_PLACE, INCIDENT_F_PERSONAL_DATA, INCIDENT_F_AFFECTED, INCIDENT_F_SOURCE,
    INCIDENT_F_CALLER_NAME, INCIDENT_F_CALLER_CONTACT,
    /* the later routes */
    INCIDENT_F_CATEGORY, INCIDENT_F_SEVERITY, INCIDENT_F_NOTE, INCIDENT_F_CAUSER, INCIDENT_F_CAUSE,
    INCIDENT_F_PREVENTION, INCIDENT_F_DECISION, INCIDENT_F_LESSONS, INCIDENT_F_FOLLOW_UP, INCIDENT_F_ASSIGNEE,
    INCIDENT_F_REVIEW_YEAR, INCIDENT_F_CHANGE_REQUEST,
};
enum { TASK_F_KIND, TASK_F_TITLE, TASK_F_OWNER, TASK_F_DUE, TASK_F_RESULT };
enum { NOTE_F_BODY };
enum { INDICATOR_F_KIND, INDICATOR_F_VALUE, INDICATOR_F_NOTE };
enum { VIOLATION_F_DESCRIPTION, VIOLATION_F_ARTICLE, VIOLATION_F_NOTICED, VIOLATION_F_INCIDENT, VIOLATION_F_VIOLATOR,
       VIOLATION_F_REASON, VIOLATION_F_OUTCOME, VIOLATION_F_OUTCOME_ON };

extern const EntityField incident_fields[], incident_task_fields[], incident_note_fields[], indicator_fields[],
    violation_fields[];
extern const Entity incident_entity;      /* 情報セキュリティインシデント */
extern const Entity incident_task_entity; /* インシデント対応の作業 */
extern const Entity incident_note_entity; /* 対応のメモ */
extern const Entity indicator_entity;     /* 痕跡 (IOC) */
extern const Entity violation_entity;     /* ポリシー違反 */
extern const Entity evidence_entity;     /* 証拠 (a file kept with the report) */
extern const EntityField evidence_fields[];
extern const Entity external_report_entity; /* 外部への報告 (個人情報保護委員会等) */
extern const EntityField external_report_fields[];
/* The form of an external report: the keys of its "fields" object, in order (the first is required). */
extern const EntityField external_report_form[];
extern const size_t external_report_form_count;
