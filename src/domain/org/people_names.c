/* people_names: the name lookup every signed-in person may use to pick a colleague in a form (a
 * request's 担当者, a witness). It returns names, 職員番号 and 課室 only — never contact details,
 * which stay behind directory.read (the 緊急連絡網). */
#include <stdlib.h>

#include "core/text.h"
#include "domain/org/people.h"
#include "domain/kernel/kernel.h"

static const char *const name_cols[] = {"id", "staff_no", "name", "unit_name", NULL};

Status people_names(Ctx *ctx, const char *q, json_t **out, Err *e)
{
    char today[11];
    date_today(ctx->clock, today);
    char *norm = q && *q ? text_nfkc(q) : NULL;
    if (q && *q && !norm)
        return err_set(e, ST_INVALID, "invalid_text", "q", "検索語が不正な文字を含んでいます", "q is not valid text");
    char *pattern = norm ? text_like_contains(norm) : NULL;
    free(norm);
    Stmt *st = db_prepare(ctx->db,
                          "SELECT p.id, p.staff_no, p.name, u.name FROM people p LEFT JOIN org_units u ON u.id = p.unit_id"
                          " WHERE (?1 IS NULL OR p.name LIKE ?1 ESCAPE '\\' OR p.kana LIKE ?1 ESCAPE '\\'"
                          "        OR p.staff_no LIKE ?1 ESCAPE '\\')"
                          " AND (p.active_until IS NULL OR p.active_until >= ?2)"
                          " ORDER BY p.kana, p.id LIMIT 20",
                          e);
    if (!st) {
        free(pattern);
        return e->status;
    }
    stmt_bind_text(st, 1, pattern);
    stmt_bind_text(st, 2, today);
    json_t *items = NULL;
    Status rc = rows_array(st, name_cols, "issS", &items, e);
    free(pattern);
    if (rc != ST_OK)
        return rc;
    *out = json_pack("{s:o}", "items", items);
    return ST_OK;
}
