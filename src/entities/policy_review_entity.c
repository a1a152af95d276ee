/* The 年度の見直し declaration (see policy_review_entity.h). Limits are characters: 20000, what the
 * API allowed in bytes before, so nothing accepted then is refused now. The date falling in the 年度
 * and the revision being a version of a policy document are the domain's checks. */
#include "entities/policy_review_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

const EntityField review_fields[] = {
    [REVIEW_F_FISCAL_YEAR] = {"fiscal_year", "年度", "Fiscal year", ET_INT, EF_REQUIRED, .min = 2000, .max = 2100,
                              .bad_code = "invalid_fiscal_year", .article = "第165条"},
    [REVIEW_F_REVIEWED_ON] = {"reviewed_on", "見直しの日付", "Reviewed on", ET_DATE, EF_REQUIRED, .max_chars = 0},
    [REVIEW_F_RISK] = {"risk_evaluation", "リスクの評価", "Risk evaluation", ET_TEXT, EF_REQUIRED | EF_MULTILINE,
                       .max_chars = 20000, .article = "第165条"},
    [REVIEW_F_INPUTS] = {"inputs", "監査・自己点検の結果等", "Audit and self-check results", ET_TEXT, EF_MULTILINE,
                         .max_chars = 20000},
    [REVIEW_F_DECISIONS] = {"decisions", "決定事項", "Decisions", ET_TEXT, EF_REQUIRED | EF_MULTILINE,
                            .max_chars = 20000},
    [REVIEW_F_REVISION] = {"revision_version_id", "改訂した版", "Resulting revision", ET_REF, EF_NULLABLE,
                           .ref = "policy_doc_versions"},
};

static const char *const kept[] = {"id", "input_links", "recorded_by", "created_at", "updated_at", NULL};

const Entity review_entity = {"policyReview", "policy_reviews", "情報セキュリティポリシーの見直し", "Policy review",
                              "第165条", review_fields, N(review_fields), kept, "policy_review"};
