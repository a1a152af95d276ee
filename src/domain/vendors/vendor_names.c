/* vendor_names: how the trail viewer names a 委託事業者 and a contract (domain/kernel/state.h,
 * NameQuery). */
#include "domain/vendors/vendors.h"

const NameQuery vendors_name_queries[] = {
    {"vendor", "SELECT name, NULL, id FROM vendor_companies WHERE id = ?", NAME_CODE_NONE},
    {"vendor_contract",
     "SELECT c.title || '（' || v.name || '）', NULL, c.id FROM vendor_contracts c"
     " JOIN vendor_companies v ON v.id = c.vendor_id WHERE c.id = ?",
     NAME_CODE_NONE},
    {NULL, NULL, NAME_CODE_NONE},
};
