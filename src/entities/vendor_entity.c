/* The 委託 declarations (see vendor_entity.h). Limits are characters and equal the CHECKs of 0036. A
 * 法人番号 is 13 characters here; that they are digits with a correct check digit is the domain's
 * (corporate_number_valid), so every wrong number gets the one message about the check digit. */
#include "entities/vendor_entity.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

const EntityField vendor_fields[VENDOR_F_COUNT] = {
    [VENDOR_F_NAME] = {"name", "事業者名", "Name", ET_TEXT, EF_REQUIRED, .max_chars = 200, .article = "第136条"},
    [VENDOR_F_CORPORATE_NUMBER] = {"corporate_number", "法人番号", "Corporate number", ET_TEXT, EF_NULLABLE,
                                   .max_chars = 13},
    [VENDOR_F_ADDRESS] = {"address", "所在地", "Address", ET_TEXT, 0, .max_chars = 400},
    [VENDOR_F_ISMS_NUMBER] = {"isms_number", "ISMS認証の登録番号", "ISMS certificate number", ET_TEXT, 0,
                              .max_chars = 100, .article = "第136条"},
    [VENDOR_F_ISMS_EXPIRES_ON] = {"isms_expires_on", "ISMS認証の有効期限", "ISMS certificate expires on", ET_DATE,
                                  EF_NULLABLE, .max_chars = 0},
    [VENDOR_F_PMARK_NUMBER] = {"pmark_number", "プライバシーマークの登録番号", "Privacy mark number", ET_TEXT, 0,
                               .max_chars = 100},
    [VENDOR_F_PMARK_EXPIRES_ON] = {"pmark_expires_on", "プライバシーマークの有効期限", "Privacy mark expires on", ET_DATE,
                                   EF_NULLABLE, .max_chars = 0},
    [VENDOR_F_CONTACT_NAME] = {"contact_name", "連絡先の担当者", "Contact person", ET_TEXT, 0, .max_chars = 100},
    [VENDOR_F_CONTACT_EMAIL] = {"contact_email", "連絡先のメールアドレス", "Contact e-mail", ET_TEXT, 0,
                                .max_chars = 254},
    [VENDOR_F_CONTACT_PHONE] = {"contact_phone", "連絡先の電話番号", "Contact phone", ET_TEXT, 0, .max_chars = 40},
};

const EntityField contract_fields[CONTRACT_F_COUNT] = {
    [CONTRACT_F_VENDOR] = {"vendor_id", "委託事業者", "Vendor", ET_REF, EF_REQUIRED | EF_IMMUTABLE,
                           .ref = "vendor_companies"},
    [CONTRACT_F_TITLE] = {"title", "契約名", "Title", ET_TEXT, EF_REQUIRED, .max_chars = 200},
    [CONTRACT_F_SCOPE] = {"scope", "委託の範囲", "Scope", ET_TEXT, EF_REQUIRED | EF_MULTILINE, .max_chars = 2000,
                          .article = "第137条"},
    [CONTRACT_F_STARTS_ON] = {"starts_on", "契約期間の開始日", "Term starts on", ET_DATE, EF_REQUIRED, .max_chars = 0},
    [CONTRACT_F_ENDS_ON] = {"ends_on", "契約期間の終了日", "Term ends on", ET_DATE, EF_REQUIRED, .max_chars = 0},
    [CONTRACT_F_MANAGER] = {"manager_person_id", "責任者(情報セキュリティ管理者)", "Manager responsible", ET_REF,
                            EF_REQUIRED, .ref = "people", .article = "第137条"},
};

static const EntityField subcontract_fields[SUBCONTRACT_F_COUNT] = {
    [SUBCONTRACT_F_NAME] = {"subcontractor", "再委託先", "Subcontractor", ET_TEXT, EF_REQUIRED, .max_chars = 200,
                            .article = "第137条"},
    [SUBCONTRACT_F_CORPORATE_NUMBER] = {"corporate_number", "再委託先の法人番号", "Subcontractor's corporate number",
                                        ET_TEXT, EF_NULLABLE, .max_chars = 13},
    [SUBCONTRACT_F_SCOPE] = {"scope", "再委託の範囲", "Scope of the subcontract", ET_TEXT, EF_REQUIRED | EF_MULTILINE,
                             .max_chars = 2000},
    [SUBCONTRACT_F_APPROVED_ON] = {"approved_on", "再委託の承認日", "Approved on", ET_DATE, EF_REQUIRED, .max_chars = 0},
};

static const EntityField staff_fields[VSTAFF_F_COUNT] = {
    [VSTAFF_F_NAME] = {"name", "要員の氏名", "Name", ET_TEXT, EF_REQUIRED, .max_chars = 100, .article = "第137条"},
    [VSTAFF_F_ROLE] = {"role", "役割", "Role", ET_TEXT, 0, .max_chars = 100},
    [VSTAFF_F_PERSON] = {"person_id", "職員等の登録", "Registered person", ET_REF, EF_NULLABLE, .ref = "people"},
    [VSTAFF_F_PLEDGED_ON] = {"pledged_on", "誓約日", "Pledged on", ET_DATE, EF_NULLABLE, .max_chars = 0,
                             .article = "第47条"},
};

static const EntityChoice results[] = {
    {"good", "良好", "Good"},
    {"action_needed", "措置が必要", "Action needed"},
};

static const EntityField check_fields[VCHECK_F_COUNT] = {
    [VCHECK_F_CHECKED_ON] = {"checked_on", "確認日", "Checked on", ET_DATE, EF_REQUIRED, .max_chars = 0,
                             .article = "第138条"},
    [VCHECK_F_ITEMS] = {"checked_items", "確認した事項", "What was checked", ET_TEXT, EF_REQUIRED | EF_MULTILINE,
                        .max_chars = 4000},
    [VCHECK_F_RESULT] = {"result", "確認の結果", "Result", ET_ENUM, EF_REQUIRED, .choices = results,
                         .nchoices = N(results), .bad_code = "invalid_result"},
    [VCHECK_F_ACTIONS] = {"actions", "講じた措置", "Actions taken", ET_TEXT, EF_MULTILINE, .max_chars = 4000},
};

static const char *const vendor_kept[] = {"id", "created_by", "created_at", "updated_at", NULL};
static const char *const contract_kept[] = {"id", "request_id", "ended_at", "created_by", "created_at", "updated_at", NULL};
static const char *const subcontract_kept[] = {"id", "contract_id", "approved_by", "created_at", NULL};
static const char *const staff_kept[] = {"id", "contract_id", "created_at", NULL};
static const char *const check_kept[] = {"id", "contract_id", "checked_by", "created_at", NULL};

const Entity vendor_entity = {"vendor", "vendor_companies", "委託事業者", "Vendor", "第136条",
                              vendor_fields, N(vendor_fields), vendor_kept, "vendor"};
const Entity contract_entity = {"vendorContract", "vendor_contracts", "委託契約", "Outsourcing contract", "第137条",
                                contract_fields, N(contract_fields), contract_kept, "vendor_contract"};
const Entity subcontract_entity = {"vendorSubcontract", "vendor_subcontracts", "再委託", "Subcontract", "第137条",
                                   subcontract_fields, N(subcontract_fields), subcontract_kept, NULL};
const Entity vendor_staff_entity = {"vendorStaff", "vendor_staff", "委託事業者要員", "Contractor staff", "第137条",
                                    staff_fields, N(staff_fields), staff_kept, NULL};
const Entity vendor_check_entity = {"vendorCheck", "vendor_checks", "定期的な確認", "Periodic check", "第138条",
                                    check_fields, N(check_fields), check_kept, NULL};
