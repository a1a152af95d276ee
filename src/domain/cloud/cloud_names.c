/* cloud_names: how the trail viewer names the cloud register's objects (domain/kernel/state.h,
 * NameQuery). A placement, a review and an end are named after their service, whose page they open. */
#include "domain/cloud/cloud.h"

const NameQuery cloud_name_queries[] = {
    {"cloud_asset",
     "SELECT s.name || ' — ' || a.asset_no || ' ' || a.name, NULL, s.id FROM cloud_service_assets p"
     " JOIN cloud_services s ON s.id = p.service_id JOIN assets_v a ON a.id = p.asset_id WHERE p.id = ?",
     NAME_CODE_NONE},
    {"cloud_review",
     "SELECT s.name || ' — ' || r.reviewed_on, NULL, s.id FROM cloud_reviews r"
     " JOIN cloud_services s ON s.id = r.service_id WHERE r.id = ?",
     NAME_CODE_NONE},
    {"cloud_service", "SELECT name, NULL, id FROM cloud_services WHERE id = ?", NAME_CODE_NONE},
    {"cloud_service_end", "SELECT name, NULL, id FROM cloud_services WHERE id = ?", NAME_CODE_NONE},
    {"cloud_system",
     "SELECT s.name || ' — ' || v.code || ' ' || v.name, NULL, s.id FROM cloud_service_systems l"
     " JOIN cloud_services s ON s.id = l.service_id JOIN systems_v v ON v.id = l.system_id WHERE l.id = ?",
     NAME_CODE_NONE},
    {NULL, NULL, NAME_CODE_NONE},
};
