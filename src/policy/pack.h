/* Pack: the municipality's policy as data (DESIGN.md "The policy pack"). Loaded from a directory of
 * YAML files (packs/mic is the baseline, also embedded in the binary), validated against the schema
 * in docs/pack-schema.md, and immutable once loaded. Everything in a Pack is owned by it and freed
 * by pack_free. Every item carries the article (第N条…) it comes from. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

typedef struct PackLevel {
    char *id;       /* "3A", "3B", "3C", "2", "1" */
    char *label;    /* "機密性3A" */
    char *criteria; /* the classification criterion text */
    char *article;  /* "第22条(1)" */
    int rank;       /* higher is stricter; unique within a scale */
} PackLevel;

typedef struct PackScale {
    char *id;    /* "confidentiality" | "integrity" | "availability" */
    char *label; /* "機密性" */
    char *article;
    PackLevel *levels; /* ordered strictest first */
    size_t n_levels;
} PackScale;

typedef struct PackRestriction { /* 取扱制限 */
    char *id;    /* "no_copy" */
    char *label; /* "複製禁止" */
    char *short_label; /* optional: the word on a 分類表示 (第23条4), e.g. "施錠保管"; NULL when the
                        * restriction is not printed on labels */
    char *description;
    char *article;
    char *scale;   /* the scale whose levels trigger it */
    char **levels; /* level ids it applies to */
    size_t n_levels;
} PackRestriction;

typedef enum PackScopeKind {
    SCOPE_ORGANISATION, /* whole municipality */
    SCOPE_DEPARTMENT,   /* 部局 (an org unit of kind department) */
    SCOPE_SECTION,      /* 課室等 (an org unit of kind section) */
    SCOPE_SYSTEM,       /* one information system */
    SCOPE_SERVICE,      /* one cloud / external service of the cloud register (appointed there, 第148条3) */
} PackScopeKind;
/* The names the pack spells the scopes with, indexed by PackScopeKind, NULL-terminated. */
extern const char *const pack_scope_names[];

typedef struct PackRole {
    char *id;    /* "ciso" */
    char *label; /* "最高情報セキュリティ責任者(CISO)" */
    char *description;
    char *article;
    PackScopeKind scope;
    bool unique;       /* at most one current holder per scope (CISO: one for the organisation) */
    bool privileged;   /* TOTP mandatory (DESIGN.md, 第84条) */
    bool optional;     /* the policy allows leaving it vacant ("必要に応じて置く") */
    uint64_t caps;     /* Capability bits granted */
    char **capability_names;
    size_t n_capabilities;
    int contact_rank;  /* order in the 緊急連絡網 (第13条8); 0 = not listed */
} PackRole;

typedef struct PackCheck { /* a periodic duty (the evaluation module schedules those with a period) */
    char *id;
    char *label;
    char *article;
    char *period;  /* "fiscal_year" | "days" | "" (written `none` in checks.yaml) */
    int64_t value; /* e.g. 90 for days */
    char **owners; /* role ids that carry the duty out (required with a period) */
    size_t n_owners;
    int remind_before_days; /* days before the due date the owners are reminded (0: the default) */
    char *category;         /* the 第16条の3 category it belongs to (the compliance dashboard), or NULL */
} PackCheck;

typedef struct PackSelfCheckItem { /* 自己点検 items */
    char *id;
    char *category; /* one of the eight legal categories ①…⑧ */
    char *question;
    char *article;
    char *scope;       /* who answers: "section" (each 課室, the default), "system" or "organisation" */
    char *auto_source; /* NULL, or the data lgsec answers it from (pack_selfcheck_auto_sources) */
} PackSelfCheckItem;

/* The answers lgsec computes from its registers for a self-check item (selfcheck.yaml `auto`),
 * NULL-terminated; the evaluation module implements each. */
extern const char *const pack_selfcheck_auto_sources[];

typedef struct PackAuditItem { /* 監査項目 (audit_items.yaml): the columns of 総務省's 監査ガイドライン */
    char *id;        /* 項番 */
    char *area;      /* the group it is listed under (組織体制, 情報資産の分類と管理 …) */
    char *category;  /* one of the eight legal categories ①…⑧ */
    char *item;      /* 監査項目 */
    char *materials; /* 監査資料の例 */
    char *procedure; /* 監査実施の例 */
    char **articles; /* 関連する対策基準の条 (citations of this pack's articles), at least one */
    size_t n_articles;
} PackAuditItem;

typedef struct PackArticle { /* the article texts cited, so screens can show them */
    char *number; /* "第22条" */
    char *title;  /* "情報資産の分類" */
    char *text;
    char *guideline; /* "対策基準 4.1": the guideline section it instantiates; NULL when not declared */
} PackArticle;

typedef struct PackAccountPolicy { /* how lgsec's own accounts follow the policy */
    int password_min_length;     /* 第59条 */
    int lockout_threshold;       /* failed attempts before lock, 第87条 */
    int lockout_minutes;
    int session_idle_minutes;
    int session_absolute_hours;
    int login_rate_per_minute;   /* per client address */
    char *login_message;         /* shown on the login screen, 第87条 */
    char *article;
    char *password_article;         /* optional: where the password rules come from ("第59条(3)") */
    char *initial_password_article; /* optional: change of temporary passwords ("第88条(2)") */
    char **lockout_notify_roles;    /* optional: roles told of every lock, besides the holder (統括) */
    size_t n_lockout_notify_roles;
} PackAccountPolicy;

/* 情報システム台帳 (systems.yaml): the requirements the policy attaches to a system (第23条2, 第99条). */
typedef enum PackConditionKind {
    COND_ALWAYS,    /* "always" */
    COND_LEVEL_MIN, /* "<scale>_min:<level>": the system's classification on scale is at level or stricter */
    COND_ZONE,      /* "zone:<zone>": the system is in that zone */
} PackConditionKind;

typedef struct PackSystemRequirement {
    char *id;
    char *label;
    char *description;
    char *article;   /* may be NULL when reference is given */
    char *reference; /* a source outside the 規程 ("総行サ第42号"); may be NULL */
    char *condition; /* as written */
    PackConditionKind cond_kind;
    char *cond_scale; /* COND_LEVEL_MIN: scale id */
    char *cond_value; /* COND_LEVEL_MIN: level id; COND_ZONE: zone */
    int cond_rank;    /* COND_LEVEL_MIN: rank of the level */
    char *field;      /* one of pack_system_fields */
} PackSystemRequirement;

typedef struct PackRegistration { /* JC-STAR / ISMAP / DMP … (総行サ第42号) */
    char *id;
    char *label;
} PackRegistration;

/* The columns of an information system's account list (第83条), in the order of PackAccountFormat.columns. */
enum { ACCT_COL_LOGIN_ID, ACCT_COL_STAFF_NO, ACCT_COL_HOLDER_NAME, ACCT_COL_UNIT_NAME, ACCT_COL_PRIVILEGES,
       ACCT_COL_LAST_LOGIN, ACCT_COL_STATE, ACCT_COL_COUNT };

/* How one product exports its account list (systems.yaml `account_formats`): the headers it writes
 * for each column (the import suggests the mapping from them), and the words of its privileges and
 * state cells that mean "privileged" and "disabled". */
typedef struct PackAccountFormat {
    char *id;
    char *label;
    char *description;
    char **columns[ACCT_COL_COUNT]; size_t n_columns[ACCT_COL_COUNT];
    char **privileged_words; size_t n_privileged_words;
    char **disabled_words; size_t n_disabled_words;
} PackAccountFormat;

typedef struct PackSystems {
    int support_warning_months; /* 第105条(8): support ending within this many months is flagged */
    char *support_article;
    char **editor_roles; /* roles (scope system) whose holders may edit the system they are scoped to */
    size_t n_editor_roles;
    PackRegistration *registrations; size_t n_registrations;
    PackSystemRequirement *requirements; size_t n_requirements;
    PackAccountFormat *account_formats; size_t n_account_formats; /* optional; the first is the default */
    /* roles (scope system) whose holders may hold privileged IDs in the system they are scoped to (第84条) */
    char **privileged_id_roles; size_t n_privileged_id_roles;
    /* login IDs or names that show an ID is shared by several people (第83条: one ID, one person) */
    char **shared_id_words; size_t n_shared_id_words;
} PackSystems;

/* The names of the account-list columns (login_id, staff_no, …), in ACCT_COL_ order. */
extern const char *const pack_account_columns[];

/* The facts of a system a requirement may check (systems.yaml `field`), NULL-terminated. */
extern const char *const pack_system_fields[];
/* The zones of the three-tier separation, NULL-terminated: mynumber, lgwan, internet. */
extern const char *const pack_zones[];

/* Need-to-know reads (roles.yaml `visibility`, 第22条, 第23条): who may read which entries of the
 * 情報資産台帳 and the 情報システム台帳. An asset whose effective confidentiality is restricted_from or
 * stricter (要判断 counts as the strictest), and a system that processes such an asset, is read only
 * by the owning 課室's staff (also in its 係) and by the roles below; every other signed-in person
 * neither sees it in lists, totals or exports nor can open it (it answers like a missing one). */
typedef struct PackVisibility {
    char *article;           /* "第23条" */
    char *restricted_from;   /* a confidentiality level id ("2": 自治体機密性2以上) */
    int restricted_rank;     /* its rank */
    char *restricted_article;
    char **all_roles; size_t n_all_roles;       /* organisation-scoped: read every asset and system */
    char **unit_roles; size_t n_unit_roles;     /* department/section-scoped: everything owned within their unit */
    char **system_roles; size_t n_system_roles; /* system-scoped: their system and the assets it processes */
} PackVisibility;

/* 申請・承認 (requests.yaml): a request type the policy requires permission for. */
typedef enum PackFieldType {
    RF_TEXT, RF_DATE, RF_DATETIME, RF_BOOL, RF_CHOICE, RF_ASSET, RF_SYSTEM, RF_PERSON,
    RF_CONFIDENTIALITY, /* a level id of the confidentiality scale (what the described object handles) */
    RF_ARTICLES,        /* one or more article citations (第N条…) separated by 、 , or spaces */
} PackFieldType;

typedef struct PackRequestField {
    char *name;  /* key in the request's fields object */
    char *label;
    char *type;  /* as written; kind below */
    PackFieldType kind;
    bool required;
    char **choices; /* RF_CHOICE: allowed values */
    size_t n_choices;
    char **choice_labels; /* optional: what the form shows for each choice, in the same order */
    size_t n_choice_labels;
    char *not_before; /* optional: a date or datetime field of the same type that this one may not precede
                         (返却予定日 not before 持ち出し日時) */
} PackRequestField;

typedef enum PackStageScope {
    STAGE_REQUESTER_SECTION, /* the requester's 課室 (and the units above it) */
    STAGE_OBJECT_SECTION,    /* the referenced asset's / system's owning 課室 */
    STAGE_ORGANISATION,
    STAGE_SYSTEM,            /* the referenced information system */
} PackStageScope;

typedef struct PackRequestStage {
    char *role;        /* pack role id of the approvers */
    char *scope;       /* as written; kind below */
    PackStageScope scope_kind;
    char *mode;        /* "any" | "all" */
    bool all;
    char *escalate_to; /* role that approves when the only resolved approver is the requester (第20条); may be NULL */
} PackRequestStage;

typedef struct PackRequestType {
    char *id;
    char *label;
    char *article;
    char *description;
    char *object;      /* "none" | "asset" | "system" */
    char *kind;        /* "request" (default) | "exception" (例外措置, 第129条) | "delegation" (代行, 第84条3) */
    char *condition;   /* "always" | "confidentiality_min:<level>" | "confidentiality_below:<level>" */
    char *cond_level;  /* the level of the condition; NULL for always */
    int cond_rank;
    bool cond_below;   /* confidentiality_below: required only below the level */
    char *cond_field;  /* object none: the RF_CONFIDENTIALITY field the condition reads; NULL = the asset */
    char *instead;     /* optional: the type to use when the condition is not met */
    char **requester_roles; size_t n_requester_roles; /* only holders of these roles may request; none = anyone */
    char *default_approver_note; /* the policy leaves the approver to 利用申請の許可権限者: why this default */
    char *valid_until_field;     /* optional: a date field that is the permission's end (valid_until) */
    int64_t remind_before_days;  /* reminders this many days before valid_until / return due; 0 = default 3 */
    /* exception: the emergency path (第130条) and the register's review (第131条) */
    int64_t report_within_days;  /* an emergency measure must be reported within this many days */
    char *report_article;
    int64_t review_interval_days; /* an active exception is reviewed at least this often */
    /* delegation: the roles whose 代行 needs this type's approval, and who is told (第84条4) */
    char **delegates; size_t n_delegates;
    char **notify_roles; size_t n_notify_roles;
    int64_t validity_days; /* 0 = no validity period */
    bool needs_return;     /* 持ち出し: completed when brought back */
    char *group;           /* optional: the heading the type is listed under on the new-request page */
    char *return_not_before; /* optional, with needs_return: the date/datetime field before which the return
                                cannot be recorded (持ち出し日時) */
    char *asset_event;     /* optional: the asset_events kind this request permits (transport, provide, dispose) */
    PackRequestField *fields; size_t n_fields;
    PackRequestStage *stages; size_t n_stages;
} PackRequestType;

/* guideline.yaml: the guideline model `lgsec policy check` compares a policy document with. */
typedef struct PackGlTerm {  /* one thing that must be said: accepted wordings, the first reported */
    char **variants; size_t n_variants;
} PackGlTerm;

typedef enum PackGlPart { GL_PART_BASIC, GL_PART_STANDARD, GL_PART_ANY } PackGlPart;
typedef enum PackGlUnit { GL_UNIT_ITEM, GL_UNIT_ARTICLE, GL_UNIT_CHAPTER } PackGlUnit;
typedef enum PackGlDevKind { GL_DEV_WORDING, GL_DEV_CONJUNCTION, GL_DEV_REQUIRES } PackGlDevKind;

typedef struct PackGlElement {
    char *id;      /* "basic.def.integrity" */
    char *section; /* "基本方針 2.(6)" */
    char *label;
    char *part;    /* "basic" | "standard" */
    char *unit;    /* "item" | "article" | "chapter": the largest node the terms may spread over */
    PackGlPart part_kind;
    PackGlUnit unit_kind;
    char **where; size_t n_where;   /* headings where it belongs (cited when missing) */
    char **within; size_t n_within; /* headings whose nodes alone are searched, when present */
    PackGlTerm *terms; size_t n_terms;
    /* groups of terms (indexes into terms) that must occur in one sentence */
    size_t **together; size_t *n_together_terms; size_t n_together;
    PackGlTerm *together_names_; size_t n_together_names_; /* loader-internal; NULL after loading */
} PackGlElement;

typedef struct PackGlDeviation {
    char *id, *kind, *section, *label, *part, *expected;
    PackGlDevKind kind_id;
    PackGlPart part_kind;
    char **patterns; size_t n_patterns; /* wording: wrong phrases; requires: the phrases that call for it */
    char **titles; size_t n_titles;     /* wording: wrong defined terms (a definition's heading) */
    PackGlTerm *pairs; size_t n_pairs;  /* conjunction: [A, B] joined by 又は where 及び is required */
    char **requires_any; size_t n_requires_any; /* requires: at least one must be present */
} PackGlDeviation;

typedef struct PackGuideline {
    char *title, *edition;
    int standard_min_chapters;
    PackGlElement *elements; size_t n_elements;
    PackGlDeviation *deviations; size_t n_deviations;
} PackGuideline;

/* Files uploaded for a register import (pack.yaml uploads:, optional; docs/security.md "Uploads").
 * 0 means the built-in default (IMPORT_* in domain/registers/imports.h). */
typedef struct PackUploadPolicy {
    int retention_hours; /* an import and its file are deleted this long after its last change */
    int quota_mib;       /* the files one person's unfinished imports may hold together */
} PackUploadPolicy;

/* The 無害化 gate's quarantine (pack.yaml gate:, optional; docs/sanitize.md). 0 means the built-in
 * default (GATE_DEFAULT_* in domain/gate/gate.h). */
typedef struct PackGatePolicy {
    int retention_days;         /* quarantined attachments (and originals) are purged this long after arrival */
    int release_hours;          /* an approved 原本取り出し may be downloaded for this long after approval */
    int signature_max_age_days; /* 第105条(5): a signature database older than this is stale */
    /* The code of the systems-register entry that is the gate (its 情報システム管理者 gets the stale
     * signatures task, 第106条(2)); NULL: not named, the task goes to gate.read. */
    char *system_code;
} PackGatePolicy;

/* インシデント対応 (incidents.yaml): the chain of 第54条/第55条 and what the CSIRT assesses (第56条). */
typedef struct PackIncidentChoice { /* a personal-data kind, a category or a severity */
    char *id;
    char *label;    /* "要配慮個人情報" */
    char *label_en;
    int rank;       /* severities: higher is graver, unique; 0 elsewhere */
} PackIncidentChoice;

typedef struct PackChainStep {
    char *id;    /* "section_manager" */
    char *label; /* "情報セキュリティ管理者への報告" */
    char *role;  /* a role of roles.yaml whose scope is `scope` */
    PackScopeKind scope; /* section: the asset's 課室 (else the reporter's); department: the 部局 above
                          * it; system: the system named (or the asset's); organisation */
    char *article;
} PackChainStep;

typedef struct PackExternalReport { /* a report outside, its deadline and when it applies */
    char *id, *label, *label_en, *recipient;
    char *citation; /* the law or rule, as text */
    char *article;  /* the 規程's article that requires reporting */
    int due_days, extended_days, remind_days;  /* days from the day it was noticed (JST) */
    char **extended_categories; size_t n_extended_categories;
    bool always, personal_data;
    char **kinds; size_t n_kinds;
    int min_affected; /* 0 = not a condition */
    char **categories; size_t n_categories;
    char *min_severity; /* severity id, or NULL */
} PackExternalReport;

/* 違反 (第124条, 第133条–第134条): reported by any 職員, kept apart from incidents (but linkable to one). */
typedef struct PackViolations {
    char *article;          /* 第124条: who is told of a report */
    char *handling_article; /* 第134条: the 統括's confirmation and the superior told */
    char *discipline_article; /* 第133条: what the outcomes may lead to */
    PackChainStep *chain; size_t n_chain;            /* section: the reporter's 課室; organisation */
    char **handler_roles; size_t n_handler_roles;    /* confirm and record the handling */
    char **reader_roles; size_t n_reader_roles;      /* read every report (the HR-relevant roles) */
    char *superior_role; /* told once confirmed, over the violator's 課室 (a department or section role) */
    PackIncidentChoice *outcomes; size_t n_outcomes; /* the handling, as a choice (no free text) */
} PackViolations;

typedef struct PackIncidents {
    char *article;         /* 第54条 */
    char *outside_article; /* 第55条: reports from residents and outsiders */
    int stall_hours;       /* a step nobody opened for this long is flagged */
    char **csirt_roles; size_t n_csirt_roles;       /* triage, tasks, closure (第56条) */
    char *csirt_article;
    char **decision_roles; size_t n_decision_roles; /* the measures (第56条7) */
    char *decision_article;
    PackIncidentChoice *personal_data; size_t n_personal_data;
    PackChainStep *chain; size_t n_chain;
    PackIncidentChoice *categories; size_t n_categories;
    PackIncidentChoice *severities; size_t n_severities;
    PackExternalReport *external_reports; size_t n_external_reports;
    PackViolations violations;
} PackIncidents;

/* 研修 (training.yaml, 第50条–第53条): who a course is for. A person belongs to an audience when any
 * of its criteria holds: `all` (every active person), an employment kind of the person entity, a
 * current role of roles.yaml, or `new_hires` (the person started in the course's 年度, 第51条3). */
typedef struct PackAudience {
    char *id;       /* "all_staff" */
    char *label;    /* "全職員" */
    char *label_en;
    char *article;  /* 第51条2 */
    bool all;
    bool new_hires;
    char **roles; size_t n_roles;
    char **employments; size_t n_employments;
} PackAudience;

typedef struct PackTraining {
    char *article;          /* 第51条 */
    int remind_before_days; /* a course's reminder goes out this many days before its due date */
    char *section_role;     /* the role that keeps and reports its 課室's 受講 (第51条5) */
    PackAudience *audiences; size_t n_audiences;
} PackTraining;

/* 情報セキュリティ委員会 (roles.yaml `committee`, 第19条): who chairs it, which roles are its members
 * and which run its secretariat. The loader grants committee.read to every member role and
 * committee.manage to the chair and the secretariat roles, so membership is declared once here. */
typedef struct PackCommittee {
    bool present;            /* the section is in the pack (it is optional) */
    char *article;           /* 第19条 */
    char *chair;             /* the role that chairs it (CISO, 第19条1) */
    char **members; size_t n_members;         /* member roles (第19条2) */
    char **secretariat; size_t n_secretariat; /* roles that schedule meetings and keep the record */
    char *decision_article;  /* 第19条3: it decides the policy and important matters */
} PackCommittee;
/* 委託 (vendors.yaml, 第135条–第139条): the clauses a contract must state (第137条), the request type
 * that approves a contract, how often its performance is checked (第138条) and how early an expiring
 * certificate (ISMS, プライバシーマーク) is flagged. */
typedef struct PackVendorClause {
    char *id;       /* "subcontracting" */
    char *label;    /* "再委託に関する制限事項の遵守" */
    char *label_en;
    char *article;  /* 第137条(9) */
} PackVendorClause;

typedef struct PackVendors {
    char *article;           /* 第137条 */
    char *approval_type;     /* a request type of requests.yaml */
    int check_interval_days; /* 第138条(2): a contract's performance is checked at least this often */
    char *check_article;     /* 第138条(2) */
    int cert_warn_days;      /* a certificate expiring within this many days is flagged */
    PackVendorClause *clauses; size_t n_clauses;
} PackVendors;

/* クラウド・外部サービス (cloud.yaml, 第143条–第153条): which approved request types register a service,
 * with the highest 機密性 each lets the service hold (第148条: 機密性2以上; 第153条: only below 2), the
 * request fields the service's name, provider and candidate manager come from, the manager role
 * (scope service), how often the manager reviews the service (第150条5) and how early an expiring
 * ISMAP registration is flagged. */
typedef struct PackCloudApproval {
    char *request_type;        /* a request type of requests.yaml */
    char *label;               /* "機密性2以上を取り扱うことができる" */
    char *label_en;
    char *max_confidentiality; /* a level of the confidentiality scale */
    int max_rank;              /* its rank (set by the loader) */
    char *article;             /* 第153条 */
    char *name_field, *provider_field, *purpose_field, *manager_field; /* field names of the request */
    char *manager_role;        /* the manager's role for services of this type (第143条6: 業務委託サービス管理者);
                                * NULL: cloud.manager_role */
} PackCloudApproval;

typedef struct PackCloud {
    char *article;            /* 第148条3 */
    char *manager_role;       /* a role of roles.yaml with scope: service */
    int review_interval_days; /* 第150条5 */
    char *review_article;
    int ismap_warn_days;
    char *ismap_article;      /* 第146条9 */
    char *end_article;        /* 第151条2 */
    PackCloudApproval *approvals; size_t n_approvals;
} PackCloud;

typedef struct Pack {
    char *id;      /* "mic" */
    char *version; /* "2026.1" */
    char *title;
    char *source;  /* the documents it instantiates */
    PackAccountPolicy accounts;
    PackUploadPolicy uploads;
    PackGatePolicy gate;
    PackScale *scales; size_t n_scales;
    PackRestriction *restrictions; size_t n_restrictions;
    PackRole *roles; size_t n_roles;
    PackVisibility visibility;
    PackCheck *checks; size_t n_checks;
    PackSelfCheckItem *selfcheck; size_t n_selfcheck;
    PackAuditItem *audit_items; size_t n_audit_items;
    PackArticle *articles; size_t n_articles;
    PackSystems systems;
    PackRequestType *request_types; size_t n_request_types;
    PackGuideline guideline;
    PackIncidents incidents;
    PackTraining training;
    PackCommittee committee;
    PackVendors vendors;
    PackCloud cloud;
    char *digest; /* hex SHA-256 over the pack files, recorded with the active version */
    /* netcheck.yaml, the zone matrix of the 三層の対策 check, as its bytes (NUL-terminated; NULL when the
     * pack has none): read and validated by src/netcheck, which policy does not depend on. */
    char *netcheck_matrix;
    size_t netcheck_matrix_len;
} Pack;

/* One problem found while loading: where and what. */
typedef struct PackIssue {
    char file[128];
    int line;   /* 1-based; 0 when not about a line */
    int column;
    char code[64];
    char ja[384];
    char en[384];
} PackIssue;

typedef struct PackIssues {
    PackIssue *items;
    size_t count;
} PackIssues;

/* Loads and validates the pack in dir. On failure returns ST_INVALID, fills issues (caller frees
 * with pack_issues_free) and e with a summary; *out stays NULL. */
Status pack_load_dir(const char *dir, Pack **out, PackIssues *issues, Err *e);
/* Loads the baseline pack embedded in the binary (packs/mic). */
Status pack_load_embedded(Pack **out, PackIssues *issues, Err *e);
/* Loads from in-memory files (name, bytes) — what the two above and the fuzz harness use. */
typedef struct PackSource { const char *name; const char *data; size_t len; } PackSource;
Status pack_load_sources(const PackSource *files, size_t n, Pack **out, PackIssues *issues, Err *e);
void pack_free(Pack *p);
/* Frees what a PackGuideline owns and zeroes it (pack_free does this for the pack's own). */
void pack_guideline_clear(PackGuideline *g);
void pack_issues_free(PackIssues *issues);

const PackRole *pack_role(const Pack *p, const char *id);
const PackScale *pack_scale(const Pack *p, const char *id);
/* Exact match first; otherwise the bare article a citation refers to ("第22条(1)ア" → "第22条"). */
const PackArticle *pack_article(const Pack *p, const char *number);
/* The level of a scale by id, or NULL. */
const PackLevel *pack_level(const PackScale *s, const char *id);
const PackRestriction *pack_restriction(const Pack *p, const char *id);
const PackRegistration *pack_registration(const Pack *p, const char *id);
/* The account-list format called id (systems.yaml account_formats), or NULL. */
const PackAccountFormat *pack_account_format(const Pack *p, const char *id);
const PackRequestType *pack_request_type(const Pack *p, const char *id);
/* The choice with id in list (n items), or NULL. */
const PackIncidentChoice *pack_incident_choice(const PackIncidentChoice *list, size_t n, const char *id);
/* The field of a request type by name, or NULL. */
const PackRequestField *pack_request_field(const PackRequestType *t, const char *name);

/* True if s is an article citation: 第N条 with optional の枝番, 項 (N or 第N項), 号 ((N) or 第N号) and
 * 細目 (ア or (ア)), e.g. 第22条, 第13条8, 第59条(7), 第23条12(2), 第22条(1)ア. */
bool pack_article_valid(const char *s);
/* Length in bytes of the bare article ("第N条" or "第N条のM") at the start of a valid citation. */
size_t pack_article_base_len(const char *s);

/* Sources: the files of a directory (regular *.yaml / *.yml files, sorted by name; other files are
 * ignored) or of the embedded baseline. Both allocate the array and the names/bytes; free with
 * pack_sources_free. pack_sources_from_dir fails with ST_IO when the directory cannot be read. */
Status pack_sources_from_dir(const char *dir, PackSource **out, size_t *n, Err *e);
void pack_sources_embedded(PackSource **out, size_t *n);
void pack_sources_free(PackSource *files, size_t n);
/* Hex SHA-256 (65 bytes with NUL) over the files sorted by name: for each file its name, a NUL byte,
 * its length as 8 bytes big-endian, then its bytes. Same value as Pack.digest. */
void pack_digest(const PackSource *files, size_t n, char out[65]);

/* The whole pack (account policy, scales, restrictions, roles, checks, self-check items, articles,
 * digest) as JSON for the API and the policy viewer. New reference; the caller json_decref()s it. */
json_t *pack_to_json(const Pack *p);
/* The audience called id in training.yaml, or NULL. */
const PackAudience *pack_audience(const Pack *p, const char *id);
/* The clause called id in vendors.yaml, or NULL. */
const PackVendorClause *pack_vendor_clause(const Pack *p, const char *id);
/* The approval of cloud.yaml for request type t, or NULL. */
const PackCloudApproval *pack_cloud_approval(const Pack *p, const char *t);
/* The role of the manager of a service approved through request type t: its approval's manager_role,
 * else cloud.manager_role; NULL when the pack has neither. */
const PackRole *pack_cloud_manager_role(const Pack *p, const char *t);
/* incidents.yaml as pack_to_json shows it under "incidents" (new reference). */
json_t *pack_incidents_to_json(const PackIncidents *in);
/* One role as pack_to_json shows it (new reference). */
json_t *pack_role_to_json(const PackRole *r);
/* One request type as pack_to_json shows it under "request_types" (new reference). */
json_t *pack_request_type_to_json(const PackRequestType *t);
/* The pack's problems as a JSON array of {file, line, column, code, ja, en}; caller decrefs. */
json_t *pack_issues_to_json(const PackIssues *issues);
