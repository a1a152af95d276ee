/* vendor_entity: the declarations of 委託 (第135条–第139条) — a 委託事業者 (vendor_companies), a
 * contract (vendor_contracts), a 再委託 (vendor_subcontracts), a 委託事業者要員 (vendor_staff) and a
 * periodic check (vendor_checks). The fields are in vendor_entity.c; the rules across fields and
 * against the database (the 法人番号's check digit, the manager's role, the term) stay the domain's. */
#pragma once
#include "entities/entity.h"

enum {
    VENDOR_F_NAME,
    VENDOR_F_CORPORATE_NUMBER,
    VENDOR_F_ADDRESS,
    VENDOR_F_ISMS_NUMBER,
    VENDOR_F_ISMS_EXPIRES_ON,
    VENDOR_F_PMARK_NUMBER,
    VENDOR_F_PMARK_EXPIRES_ON,
    VENDOR_F_CONTACT_NAME,
    VENDOR_F_CONTACT_EMAIL,
    VENDOR_F_CONTACT_PHONE,
    VENDOR_F_COUNT
};
enum {
    CONTRACT_F_VENDOR,
    CONTRACT_F_TITLE,
    CONTRACT_F_SCOPE,
    CONTRACT_F_STARTS_ON,
    CONTRACT_F_ENDS_ON,
    CONTRACT_F_MANAGER,
    CONTRACT_F_COUNT
};
enum { SUBCONTRACT_F_NAME, SUBCONTRACT_F_CORPORATE_NUMBER, SUBCONTRACT_F_SCOPE, SUBCONTRACT_F_APPROVED_ON, SUBCONTRACT_F_COUNT };
enum { VSTAFF_F_NAME, VSTAFF_F_ROLE, VSTAFF_F_PERSON, VSTAFF_F_PLEDGED_ON, VSTAFF_F_COUNT };
enum { VCHECK_F_CHECKED_ON, VCHECK_F_ITEMS, VCHECK_F_RESULT, VCHECK_F_ACTIONS, VCHECK_F_COUNT };

extern const EntityField vendor_fields[VENDOR_F_COUNT];
extern const EntityField contract_fields[CONTRACT_F_COUNT];
extern const Entity vendor_entity;        /* 委託事業者 */
extern const Entity contract_entity;      /* 委託契約 */
extern const Entity subcontract_entity;   /* 再委託 */
extern const Entity vendor_staff_entity;  /* 委託事業者要員 */
extern const Entity vendor_check_entity;  /* 定期的な確認 (第138条) */
