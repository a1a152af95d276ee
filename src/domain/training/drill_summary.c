/* drill_summary: a drill as another module shows it beside its own records (the 緊急時対応計画 lists
 * the drills held against each version, 第52条): title, day and counts, never the names or the text of
 * findings. The caller decides who may see it (training.h). */
#include "domain/training/training.h"

Status training_drill_summary(Ctx *ctx, int64_t id, json_t **out, Err *e)
{
    Stmt *st = db_prepare(ctx->db,
                          "SELECT d.id, d.title, d.held_on,"
                          " (SELECT count(*) FROM drill_participants p WHERE p.drill_id = d.id),"
                          " (SELECT count(*) FROM drill_findings f WHERE f.drill_id = d.id),"
                          " (SELECT count(*) FROM drill_findings f WHERE f.drill_id = d.id AND f.state = 'open')"
                          " FROM drills d WHERE d.id = ?",
                          e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    static const char *const cols[] = {"drill_id", "title", "held_on", "participants", "findings", "open_findings", NULL};
    Status s = row_single(st, cols, "issiii", out, e);
    if (s == ST_NOTFOUND)
        return err_set(e, ST_NOTFOUND, "drill_not_found", "drill_id", "訓練が見つかりません", "drill not found");
    return s;
}
