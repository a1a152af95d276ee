/* staff_training: each 委託事業者要員 of a contract with their training status for the current 年度
 * (第137条(6): 委託事業者の従業員に対する教育), read from the training module: the courses whose audience
 * includes the person (training.yaml's 委託事業者要員 audience takes employment contractor), and whether
 * they attended each. A 要員 not registered as a person cannot be checked and says so. The contract
 * gets the names of those who have not attended (the flag on the page). */
#include <string.h>

#include "domain/training/training.h"
#include "domain/vendors/vendors_internal.h"

/* "attended" (every course attended), "missing" (one is not), "none" (no course asks them). */
static const char *status_of(const json_t *courses)
{
    size_t i;
    json_t *c;
    if (!json_array_size(courses))
        return "none";
    json_array_foreach(courses, i, c) if (json_is_null(json_object_get(c, "attended_on"))) return "missing";
    return "attended";
}

Status contract_staff_training(Ctx *ctx, json_t *contract, Err *e)
{
    json_t *staff = json_object_get(contract, "staff");
    json_t *missing = json_array();
    size_t i;
    json_t *x;
    Status s = ST_OK;
    json_array_foreach(staff, i, x) {
        json_t *pid = json_object_get(x, "person_id");
        json_object_set_new(x, "pledge_missing", json_boolean(json_is_null(json_object_get(x, "pledged_on"))));
        if (!json_is_integer(pid)) {
            json_object_set_new(x, "training", json_pack("{s:s}", "state", "unregistered"));
            continue;
        }
        json_t *st = NULL;
        if ((s = training_status_of(ctx, json_integer_value(pid), 0, &st, e)) != ST_OK)
            break;
        json_t *courses = json_object_get(st, "items");
        const char *state = status_of(courses);
        json_object_set_new(x, "training", json_pack("{s:s, s:O, s:O}", "state", state, "fiscal_year",
                                                    json_object_get(st, "fiscal_year"), "courses", courses));
        json_decref(st);
        if (strcmp(state, "missing") == 0)
            json_array_append(missing, json_object_get(x, "name"));
    }
    if (s != ST_OK) {
        json_decref(missing);
        return s;
    }
    json_object_set_new(contract, "staff_training_missing", missing);
    return ST_OK;
}
