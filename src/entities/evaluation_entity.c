/* The 評価・見直し declarations: what selfcheck_open, audit_create and audit_add_finding take. The 年度
 * is checked further by the domain (this 年度 or the next); a finding's severity is required except
 * for a 良好事例, which has none (a rule across two fields, the domain's and the DDL's CHECK). */
#include "entities/evaluation_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const EntityField campaign_fields[] = {
    {"fiscal_year", "年度", "Fiscal year", ET_INT, EF_REQUIRED | EF_IMMUTABLE, .min = 2000, .max = 2999,
     .article = "第162条"},
    {"title", "名称", "Title", ET_TEXT, EF_REQUIRED, .max_chars = 200},
};

static const char *const campaign_kept[] = {"id", "state", "opened_by", "opened_at", "closed_at", NULL};

const Entity selfcheck_campaign_entity = {"selfcheck", "selfcheck_campaigns", "自己点検", "Self-check",
                                          "第162条", campaign_fields, N(campaign_fields), campaign_kept, "selfcheck"};

static const EntityField audit_fields[] = {
    {"fiscal_year", "年度", "Fiscal year", ET_INT, EF_REQUIRED | EF_IMMUTABLE, .min = 2000, .max = 2999,
     .article = "第154条"},
    {"title", "監査の名称", "Title", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    {"unit_id", "監査する課室", "Audited section", ET_REF, EF_REQUIRED | EF_IMMUTABLE, .ref = "org_units",
     .article = "第155条"},
    {"scope", "監査の範囲", "Scope", ET_TEXT, EF_MULTILINE, .max_chars = 2000},
    {"vendor_id", "被監査の委託事業者", "Audited contractor", ET_REF, EF_IMMUTABLE | EF_NULLABLE, .ref = "vendor_companies",
     .article = "第157条"},
    {"contract_id", "委託契約", "Contract", ET_REF, EF_IMMUTABLE | EF_NULLABLE, .ref = "vendor_contracts", .article = "第157条"},
};

/* contractor and contract_ref: the names of vendor_id and contract_id when the audit was planned */
static const char *const audit_kept[] = {"id", "created_by", "created_at", "approval_request_id", "contractor", "contract_ref", NULL};

const Entity audit_entity = {"audit", "audits", "情報セキュリティ監査", "Audit", "第154条", audit_fields,
                             N(audit_fields), audit_kept, "audit"};

static const EntityChoice finding_kinds[] = {
    {"finding", "指摘事項", "Finding"},
    {"suggestion", "改善提案", "Suggestion"},
    {"good_practice", "良好事例", "Good practice"},
};

static const EntityChoice severities[] = {
    {"high", "高", "High"},
    {"medium", "中", "Medium"},
    {"low", "低", "Low"},
};

static const EntityField finding_fields[] = {
    {"kind", "所見の種別", "Kind", ET_ENUM, EF_REQUIRED | EF_IMMUTABLE, .choices = finding_kinds,
     .nchoices = N(finding_kinds), .bad_code = "invalid_finding_kind"},
    {"severity", "重要度", "Severity", ET_ENUM, EF_NULLABLE, .choices = severities, .nchoices = N(severities),
     .bad_code = "invalid_severity"},
    {"title", "所見の件名", "Title", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    {"detail", "所見の内容", "Detail", ET_TEXT, EF_MULTILINE, .max_chars = 4000},
    {"item_id", "監査項目", "Audit item", ET_TEXT, EF_NULLABLE | EF_IMMUTABLE, .max_chars = 40},
};

static const char *const finding_kept[] = {"id", "audit_id", "state", "plan", "plan_due", "plan_by", "closed_note",
                                           "closed_at", "created_by", "created_at", NULL};

const Entity audit_finding_entity = {"finding", "audit_findings", "監査の所見", "Audit finding", "第160条",
                                     finding_fields, N(finding_fields), finding_kept, "audit_finding"};
