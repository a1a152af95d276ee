/* irplan_state: 緊急時対応計画 versions and their linked drills as the trail records them, for
 * reconciliation (domain/kernel/state.h). Every change of a version (irplan.draft, .edit, .approve,
 * .supersede) records the whole version as irplan_plain reads it, its responses per category
 * included, so a direct edit of irplan_responses shows as the version's "responses". A drill link
 * (irplan.drill) is recorded under the version with the drill's id, which keys irplan_drills. */
#include <stdlib.h>

#include "domain/irplan/irplan.h"
#include "domain/irplan/irplan_internal.h"

static const char *const version_actions[] = {"irplan.draft", "irplan.edit", "irplan.approve", "irplan.supersede",
                                              NULL};
const StateKind irplan_version_state_kind = {
    .object_type = "irplan",
    .table = "irplan_versions",
    .ids_sql = "SELECT id FROM irplan_versions ORDER BY id",
    .full_actions = version_actions,
    .get = irplan_plain,
};

static Status drill_link_state(Ctx *ctx, const char *key, json_t **out, Err *e)
{
    static const char *const cols[] = {"drill_id", "version_id", "category", NULL};
    char *end = NULL;
    long long drill = strtoll(key, &end, 10);
    if (!*key || *end)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    Stmt *st = db_prepare(ctx->db, "SELECT drill_id, version_id, category FROM irplan_drills WHERE drill_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, drill);
    Status s = row_single(st, cols, "iiS", out, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "not_found", "id", "記録が見つかりません", "record not found");
    return s;
}

static const char *const drill_actions[] = {"irplan.drill", NULL};
static const char *const drill_key[] = {"drill_id", NULL};
const StateKind irplan_drill_state_kind = {
    .object_type = "irplan",
    .table = "irplan_drills",
    .ids_sql = "SELECT drill_id FROM irplan_drills ORDER BY drill_id",
    .full_actions = drill_actions,
    .id_keys = drill_key,
    .get_key = drill_link_state,
};
