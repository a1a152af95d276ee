/* request_names: how the trail viewer names a request or a delegation (domain/kernel/state.h). */
#include "domain/requests/requests.h"

const NameQuery requests_name_queries[] = {
    {"delegation",
     "SELECT p.name, d.role, d.id FROM delegations d JOIN people_v p ON p.id = d.deputy_person_id WHERE d.id = ?",
     NAME_CODE_ROLE},
    {"request", "SELECT '#' || id, type, id FROM requests WHERE id = ?", NAME_CODE_REQUEST_TYPE},
    {NULL, NULL, NAME_CODE_NONE},
};
