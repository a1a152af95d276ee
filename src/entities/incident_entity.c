/* The incident declarations (see incident_entity.h). Limits are characters and equal the DDL's
 * CHECKs (0019, 0025). Times are ET_DATETIME (JST as typed, stored as UTC). Rules across fields — a
 * place or an asset or a system, the caller only for reports from outside, the reason only when it
 * is not an incident — and the checks against the database stay the domain's. */
#include "entities/incident_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const EntityChoice personal_data[] = {
    {"none", "含まれない", "None"},
    {"unknown", "不明", "Unknown"},
    {"involved", "含まれる", "Involved"},
};

static const EntityChoice sources[] = {
    {"staff", "職員", "Staff"},
    {"resident", "住民", "Resident"},
    {"outsider", "外部の者", "Outsider"},
};

const EntityField incident_fields[] = {
    [INCIDENT_F_TITLE] = {"title", "件名", "Title", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    [INCIDENT_F_DESCRIPTION] = {"description", "何が起きたか", "What happened", ET_TEXT, EF_REQUIRED | EF_MULTILINE,
                                .max_chars = 4000, .article = "第55条"},
    [INCIDENT_F_NOTICED] = {"noticed_at", "気付いた日時", "Noticed at", ET_DATETIME, EF_REQUIRED, .max_chars = 0},
    [INCIDENT_F_OCCURRED] = {"occurred_at", "発生した日時", "Occurred at", ET_DATETIME, EF_NULLABLE, .max_chars = 0},
    [INCIDENT_F_ASSET] = {"asset_id", "情報資産", "Information asset", ET_REF, EF_NULLABLE, .ref = "assets"},
    [INCIDENT_F_SYSTEM] = {"system_id", "情報システム", "Information system", ET_REF, EF_NULLABLE, .ref = "systems"},
    [INCIDENT_F_PLACE] = {"place", "場所・対象 (自由記述)", "Place or object", ET_TEXT, 0, .max_chars = 200},
    [INCIDENT_F_PERSONAL_DATA] = {"personal_data", "個人情報の有無", "Personal data", ET_ENUM, EF_REQUIRED,
                                  .choices = personal_data, .nchoices = N(personal_data),
                                  .bad_code = "invalid_personal_data"},
    [INCIDENT_F_AFFECTED] = {"affected_count", "おおよその人数", "People affected (approx.)", ET_INT, EF_NULLABLE,
                             .min = 1, .max = 100000000},
    [INCIDENT_F_SOURCE] = {"source", "報告の経路", "Reported by", ET_ENUM, 0, .choices = sources,
                           .nchoices = N(sources), .dflt = "\"staff\"", .bad_code = "invalid_source",
                           .article = "第55条"},
    [INCIDENT_F_CALLER_NAME] = {"caller_name", "連絡者の氏名", "Caller's name", ET_TEXT, 0, .max_chars = 100},
    [INCIDENT_F_CALLER_CONTACT] = {"caller_contact", "連絡者の連絡先", "Caller's contact", ET_TEXT, 0,
                                   .max_chars = 200},
    [INCIDENT_F_CATEGORY] = {"category", "分類", "Category", ET_LIST, EF_NULLABLE | EF_PATCH_ONLY,
                             .list = "incident_categories", .bad_code = "invalid_category", .article = "第56条"},
    [INCIDENT_F_SEVERITY] = {"severity", "重大度", "Severity", ET_LIST, EF_NULLABLE | EF_PATCH_ONLY,
                             .list = "incident_severities", .bad_code = "invalid_severity", .article = "第56条"},
    [INCIDENT_F_NOTE] = {"note", "評価の理由", "Reason of the assessment", ET_TEXT, EF_MULTILINE | EF_PATCH_ONLY,
                         .max_chars = 4000, .column = "triage_note"},
    [INCIDENT_F_CAUSER] = {"causer_person_id", "原因となった者", "Person who caused it", ET_REF,
                           EF_NULLABLE | EF_PATCH_ONLY, .ref = "people"},
    [INCIDENT_F_CAUSE] = {"cause", "原因", "Cause", ET_TEXT, EF_REQUIRED | EF_MULTILINE | EF_PATCH_ONLY,
                          .max_chars = 4000, .article = "第56条"},
    [INCIDENT_F_PREVENTION] = {"prevention", "再発防止策 (案)", "Proposed prevention", ET_TEXT,
                               EF_REQUIRED | EF_MULTILINE | EF_PATCH_ONLY, .max_chars = 4000, .article = "第56条"},
    [INCIDENT_F_DECISION] = {"decision", "指示する措置", "Measures decided", ET_TEXT,
                             EF_REQUIRED | EF_MULTILINE | EF_PATCH_ONLY, .max_chars = 4000, .article = "第56条"},
    [INCIDENT_F_LESSONS] = {"lessons", "教訓", "Lessons", ET_TEXT, EF_REQUIRED | EF_MULTILINE | EF_PATCH_ONLY,
                            .max_chars = 4000},
    [INCIDENT_F_FOLLOW_UP] = {"follow_up", "見直し・変更についての補足", "Note on the review or change", ET_TEXT,
                              EF_PATCH_ONLY, .max_chars = 400},
    [INCIDENT_F_ASSIGNEE] = {"assignee_person_id", "担当者", "Assignee", ET_REF, EF_NULLABLE | EF_PATCH_ONLY,
                             .ref = "people"},
    /* where the lessons go (第165条): the 年度 of the review, or a change request; checked at closure */
    [INCIDENT_F_REVIEW_YEAR] = {"review_fiscal_year", "教訓を反映する見直しの年度", "Fiscal year of the review taking the lessons",
                                ET_INT, EF_NULLABLE | EF_PATCH_ONLY, .min = 2000, .max = 2100,
                                .bad_code = "invalid_fiscal_year", .article = "第165条"},
    [INCIDENT_F_CHANGE_REQUEST] = {"change_request_id", "再発防止のための変更の申請", "Change request for the prevention",
                                   ET_REF, EF_NULLABLE | EF_PATCH_ONLY, .ref = "requests"},
};

static const EntityChoice task_kinds[] = {
    {"containment", "応急措置", "Containment"},
    {"recovery", "復旧", "Recovery"},
    {"prevention", "再発防止", "Prevention"},
};

const EntityField incident_task_fields[] = {
    [TASK_F_KIND] = {"kind", "作業の種類", "Kind", ET_ENUM, EF_REQUIRED, .choices = task_kinds,
                     .nchoices = N(task_kinds), .bad_code = "invalid_task_kind"},
    [TASK_F_TITLE] = {"title", "作業の内容", "Task", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    [TASK_F_OWNER] = {"owner_person_id", "担当者", "Owner", ET_REF, EF_REQUIRED, .ref = "people"},
    [TASK_F_DUE] = {"due_date", "期限", "Due date", ET_DATE, EF_REQUIRED, .max_chars = 0},
    [TASK_F_RESULT] = {"result", "結果", "Result", ET_TEXT, EF_REQUIRED | EF_MULTILINE | EF_PATCH_ONLY,
                       .max_chars = 4000},
};

const EntityField incident_note_fields[] = {
    [NOTE_F_BODY] = {"body", "メモ", "Note", ET_TEXT, EF_REQUIRED | EF_MULTILINE, .max_chars = 4000},
};

static const EntityChoice indicator_kinds[] = {
    {"ip", "IPアドレス", "IP address"}, {"domain", "ドメイン", "Domain"},     {"hash", "ハッシュ値", "Hash"},
    {"email", "メールアドレス", "E-mail address"}, {"url", "URL", "URL"},
};

const EntityField indicator_fields[] = {
    [INDICATOR_F_KIND] = {"kind", "種類", "Kind", ET_ENUM, EF_REQUIRED, .choices = indicator_kinds,
                          .nchoices = N(indicator_kinds), .bad_code = "invalid_indicator_kind"},
    [INDICATOR_F_VALUE] = {"value", "値", "Value", ET_TEXT, EF_REQUIRED, .max_chars = 400},
    [INDICATOR_F_NOTE] = {"note", "備考", "Note", ET_TEXT, 0, .max_chars = 400},
};

const EntityField violation_fields[] = {
    [VIOLATION_F_DESCRIPTION] = {"description", "違反の内容", "What was violated", ET_TEXT,
                                 EF_REQUIRED | EF_MULTILINE, .max_chars = 2000, .article = "第124条"},
    [VIOLATION_F_ARTICLE] = {"article", "違反した規定", "Provision violated", ET_TEXT, 0, .max_chars = 40},
    [VIOLATION_F_NOTICED] = {"noticed_at", "気付いた日時", "Noticed at", ET_DATETIME, EF_REQUIRED, .max_chars = 0},
    [VIOLATION_F_INCIDENT] = {"incident_id", "関連するインシデント", "Related incident", ET_REF, EF_NULLABLE,
                              .ref = "incidents"},
    [VIOLATION_F_VIOLATOR] = {"violator_person_id", "違反した者", "Violator", ET_REF, EF_NULLABLE | EF_PATCH_ONLY,
                              .ref = "people"},
    [VIOLATION_F_REASON] = {"reason", "違反でない理由", "Why it is not a violation", ET_TEXT,
                            EF_MULTILINE | EF_PATCH_ONLY, .max_chars = 400, .column = "unfounded_reason"},
    [VIOLATION_F_OUTCOME] = {"outcome", "対応", "Outcome", ET_LIST, EF_REQUIRED | EF_NULLABLE | EF_PATCH_ONLY,
                             .list = "violation_outcomes", .bad_code = "invalid_outcome", .article = "第124条"},
    [VIOLATION_F_OUTCOME_ON] = {"outcome_on", "対応した日", "Handled on", ET_DATE,
                                EF_REQUIRED | EF_NULLABLE | EF_PATCH_ONLY, .max_chars = 0},
};

const EntityField external_report_fields[] = {
    {"kind", "報告の種類", "Kind of report", ET_LIST, EF_REQUIRED, .list = "external_reports",
     .bad_code = "invalid_report_kind", .article = "第56条"},
};

/* The report's form (個人情報保護委員会への報告の項目), the "fields" object of a submission; the
 * first is required. Stored with the report as one body. */
const EntityField external_report_form[] = {
    {"summary", "概要", "Summary", ET_TEXT, EF_REQUIRED | EF_MULTILINE, .max_chars = 4000},
    {"items", "漏えい等が発生し、又は発生したおそれがある保有個人情報の項目", "Items of personal data", ET_TEXT,
     EF_MULTILINE, .max_chars = 4000},
    {"affected", "本人の数", "Number of people", ET_TEXT, EF_MULTILINE, .max_chars = 4000},
    {"cause", "原因", "Cause", ET_TEXT, EF_MULTILINE, .max_chars = 4000},
    {"secondary_damage", "二次被害又はそのおそれの有無及びその内容", "Secondary damage", ET_TEXT, EF_MULTILINE,
     .max_chars = 4000},
    {"response", "本人への対応の実施状況", "Response to the people concerned", ET_TEXT, EF_MULTILINE,
     .max_chars = 4000},
    {"publication", "公表の実施状況", "Public announcement", ET_TEXT, EF_MULTILINE, .max_chars = 4000},
    {"prevention", "再発防止のための措置", "Measures against recurrence", ET_TEXT, EF_MULTILINE, .max_chars = 4000},
    {"other", "その他参考となる事項", "Other", ET_TEXT, EF_MULTILINE, .max_chars = 4000},
};
const size_t external_report_form_count = N(external_report_form);

/* the file's name comes with the upload; "/" in it is the domain's refusal */
const EntityField evidence_fields[] = {
    {"name", "ファイル名", "File name", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    {"description", "説明", "Description", ET_TEXT, 0, .max_chars = 400},
};

static const char *const incident_kept[] = {"id", "unit_id", "personal_data_kinds", "reporter_person_id", "state",
                                            "triaged_by", "triaged_at", "decided_by", "decided_at", "closed_by",
                                            "closed_at", "created_at", "updated_at", NULL};
static const char *const task_kept[] = {"id", "incident_id", "system_id", "state", "done_by", "done_at",
                                        "created_by", "created_at", NULL};
static const char *const note_kept[] = {"id", "incident_id", "author_id", "created_at", NULL};
static const char *const indicator_kept[] = {"id", "incident_id", "added_by", "added_at", NULL};
static const char *const external_kept[] = {"id", "incident_id", "body", "sha256", "due_date", "submitted_by",
                                            "submitted_at", NULL};
static const char *const evidence_kept[] = {"id", "incident_id", "sha256", "size", "uploaded_by", "uploaded_at",
                                            NULL};
static const char *const violation_kept[] = {"id", "unit_id", "reporter_person_id", "state", "assessed_by",
                                             "assessed_at", "handled_by", "handled_at", "created_at", "updated_at",
                                             NULL};

const Entity incident_entity = {"incident", "incidents", "情報セキュリティインシデント", "Security incident",
                                "第55条", incident_fields, N(incident_fields), incident_kept, "incident"};
const Entity incident_task_entity = {"incidentTask", "incident_tasks", "インシデント対応の作業", "Incident task",
                                     "第56条", incident_task_fields, N(incident_task_fields), task_kept, NULL};
const Entity incident_note_entity = {"incidentNote", "incident_notes", "対応のメモ", "Incident note", "第56条",
                                     incident_note_fields, N(incident_note_fields), note_kept, NULL};
const Entity indicator_entity = {"indicator", "incident_indicators", "痕跡 (IOC)", "Indicator", "第56条",
                                 indicator_fields, N(indicator_fields), indicator_kept, NULL};
const Entity external_report_entity = {"externalReport", "incident_external_reports", "外部への報告",
                                       "External report", "第56条", external_report_fields,
                                       N(external_report_fields), external_kept, NULL};
const Entity evidence_entity = {"evidence", "incident_evidence", "証拠", "Evidence", "第56条", evidence_fields,
                                N(evidence_fields), evidence_kept, NULL};
const Entity violation_entity = {"violation", "incident_violations", "ポリシー違反", "Policy violation", "第124条",
                                 violation_fields, N(violation_fields), violation_kept, "violation"};
