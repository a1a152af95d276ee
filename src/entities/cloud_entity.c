/* The クラウド・外部サービス declarations (see cloud_entity.h). Limits are characters. The service's
 * approval class is not a field: it follows from the type of the approved request it was registered
 * from (cloud.yaml). */
#include "entities/cloud_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const EntityChoice ismap_kinds[] = {
    {"none", "登録なし", "Not registered"},
    {"ismap", "ISMAP", "ISMAP"},
    {"ismap_liu", "ISMAP-LIU", "ISMAP-LIU"},
};
static const EntityChoice regions[] = {
    {"domestic", "国内", "In Japan"},
    {"overseas", "国外を含む", "Includes abroad"},
    {"unknown", "未確認", "Not confirmed"},
};
static const EntityChoice terms_results[] = {
    {"acceptable", "リスクは許容できる", "Risk acceptable"},
    {"acceptable_with_conditions", "条件付きで許容できる", "Acceptable with conditions"},
    {"not_acceptable", "許容できない", "Not acceptable"},
};
static const EntityChoice dispositions[] = {
    {"deleted", "削除を確認", "Deletion confirmed"},
    {"returned", "返却を受けた", "Returned"},
    {"returned_and_deleted", "返却を受け削除を確認", "Returned and deletion confirmed"},
};
static const EntityChoice review_results[] = {
    {"good", "良好", "Good"},
    {"action_needed", "措置が必要", "Action needed"},
};

const EntityField cloud_service_fields[] = {
    [CLOUD_F_NAME] = {"name", "サービス名", "Service", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    [CLOUD_F_PROVIDER] = {"provider", "提供者", "Provider", ET_TEXT, EF_REQUIRED, .max_chars = 200, .article = "第146条2"},
    [CLOUD_F_PURPOSE] = {"purpose", "利用する業務", "Use", ET_TEXT, EF_MULTILINE, .max_chars = 2000, .article = "第146条"},
    [CLOUD_F_MANAGER] = {"manager_person_id", "サービスの管理者(クラウドサービス管理者・業務委託サービス管理者)",
                         "Service manager (cloud or outsourced service manager)", ET_REF, EF_REQUIRED,
                         .ref = "people", .article = "第148条3"},
    [CLOUD_F_ISMAP_KIND] = {"ismap_kind", "ISMAP等の登録", "ISMAP registration", ET_ENUM, 0, .choices = ismap_kinds,
                            .nchoices = N(ismap_kinds), .dflt = "\"none\"", .bad_code = "invalid_ismap_kind",
                            .article = "第146条9"},
    [CLOUD_F_ISMAP_NUMBER] = {"ismap_number", "登録番号", "Registration number", ET_TEXT, 0, .max_chars = 100},
    [CLOUD_F_ISMAP_EXPIRES_ON] = {"ismap_expires_on", "登録の有効期限", "Registration expires on", ET_DATE, EF_NULLABLE,
                                  .max_chars = 0},
    [CLOUD_F_DATA_LOCATION] = {"data_location", "データの保存場所", "Data location", ET_TEXT, 0, .max_chars = 400,
                               .article = "第146条8"},
    [CLOUD_F_REGION] = {"region", "保存される国・地域", "Region", ET_ENUM, 0, .choices = regions, .nchoices = N(regions),
                        .dflt = "\"unknown\"", .bad_code = "invalid_region", .article = "第146条5"},
    [CLOUD_F_TERMS_REVIEWED_ON] = {"terms_reviewed_on", "約款の確認日", "Terms reviewed on", ET_DATE, EF_NULLABLE,
                                   .max_chars = 0, .article = "第153条"},
    [CLOUD_F_TERMS_REVIEWER] = {"terms_reviewer_person_id", "約款の確認者", "Terms reviewed by", ET_REF, EF_NULLABLE,
                                .ref = "people"},
    [CLOUD_F_TERMS_RESULT] = {"terms_result", "約款の確認結果", "Terms review result", ET_ENUM, EF_NULLABLE,
                              .choices = terms_results, .nchoices = N(terms_results), .bad_code = "invalid_terms_result"},
    [CLOUD_F_TERMS_NOTES] = {"terms_notes", "約款の確認内容", "Terms review notes", ET_TEXT, EF_MULTILINE, .max_chars = 4000},
    [CLOUD_F_EXIT_PLAN] = {"exit_plan", "移行・終了の計画", "Exit plan", ET_TEXT, EF_MULTILINE, .max_chars = 4000,
                           .article = "第146条3"},
    [CLOUD_F_EXIT_PLAN_REVIEWED_ON] = {"exit_plan_reviewed_on", "計画の確認日", "Exit plan reviewed on", ET_DATE,
                                       EF_NULLABLE, .max_chars = 0},
};

static const EntityField end_fields[] = {
    [CLOUD_END_F_ENDED_ON] = {"ended_on", "利用終了日", "Ended on", ET_DATE, EF_REQUIRED, .max_chars = 0,
                              .article = "第151条"},
    [CLOUD_END_F_DISPOSITION] = {"disposition", "情報の削除・返却", "Information deleted or returned", ET_ENUM,
                                 EF_REQUIRED, .choices = dispositions, .nchoices = N(dispositions),
                                 .bad_code = "invalid_disposition", .article = "第151条(2)"},
    [CLOUD_END_F_CONFIRMATION] = {"confirmation", "確認した内容(証明書等)", "How it was confirmed", ET_TEXT,
                                  EF_REQUIRED | EF_MULTILINE, .max_chars = 4000, .article = "第151条2"},
    [CLOUD_END_F_ACCOUNTS_REMOVED] = {"accounts_removed", "利用のためのアカウントの廃棄", "Accounts removed", ET_BOOL,
                                      EF_REQUIRED, .article = "第151条(3)"},
};

static const EntityField review_fields[] = {
    [CLOUD_REVIEW_F_REVIEWED_ON] = {"reviewed_on", "確認日", "Reviewed on", ET_DATE, EF_REQUIRED, .max_chars = 0},
    [CLOUD_REVIEW_F_CHECKED_ITEMS] = {"checked_items", "確認した事項", "What was checked", ET_TEXT, EF_REQUIRED | EF_MULTILINE,
                                      .max_chars = 4000, .article = "第150条5"},
    [CLOUD_REVIEW_F_RESULT] = {"result", "確認の結果", "Result", ET_ENUM, EF_REQUIRED, .choices = review_results,
                               .nchoices = N(review_results), .bad_code = "invalid_result"},
    [CLOUD_REVIEW_F_ACTIONS] = {"actions", "講じた措置", "Actions taken", ET_TEXT, EF_MULTILINE, .max_chars = 4000,
                                .article = "第150条3"},
};

static const char *const service_kept[] = {"id", "request_id", "request_type", "manager_since", "created_by",
                                           "created_at", "updated_at", NULL};
static const char *const end_kept[] = {"service_id", "recorded_by", "recorded_at", NULL};
static const char *const review_kept[] = {"id", "service_id", "reviewed_by", "created_at", NULL};

const Entity cloud_service_entity = {"cloudService", "cloud_services", "クラウドサービス", "Cloud service", "第148条3",
                                     cloud_service_fields, N(cloud_service_fields), service_kept, "cloud_service"};
const Entity cloud_service_end_entity = {"cloudServiceEnd", "cloud_service_endings", "クラウドサービスの利用終了",
                                         "End of a cloud service's use", "第151条2", end_fields, N(end_fields), end_kept, NULL};
const Entity cloud_review_entity = {"cloudReview", "cloud_reviews", "クラウドサービスの定期確認", "Cloud service review",
                                    "第150条5", review_fields, N(review_fields), review_kept, NULL};
