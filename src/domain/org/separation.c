/* separation: the rules of 第20条 (see separation.h). */
#include "domain/org/separation.h"

#include "domain/org/org.h"

static int64_t unit_of(Db *db, int64_t person_id)
{
    Err e;
    Stmt *st = db_prepare(db, "SELECT unit_id FROM people WHERE id = ?", &e);
    if (!st)
        return 0;
    stmt_bind_int(st, 1, person_id);
    int64_t unit = stmt_step(st) == STEP_ROW ? stmt_int(st, 0) : 0;
    stmt_finalize(st);
    return unit;
}

static bool is_root(Db *db, int64_t unit_id)
{
    Err e;
    Stmt *st = db_prepare(db, "SELECT parent_id IS NULL FROM org_units WHERE id = ?", &e);
    if (!st)
        return false;
    stmt_bind_int(st, 1, unit_id);
    bool root = stmt_step(st) == STEP_ROW && stmt_int(st, 0);
    stmt_finalize(st);
    return root;
}

Status separation_check(Ctx *ctx, Duty duty, int64_t person_id, const DutySubject *subject, Err *e)
{
    if (person_id && subject->requester_person_id == person_id) {
        if (duty == DUTY_ASSIGN)
            return err_set(e, ST_FORBIDDEN, "separation_of_duties", "person_id",
                           "自分自身の役割を付与・解除することはできません (第20条 兼務の禁止)",
                           "you cannot grant or end your own roles (art. 20, separation of duties)");
        if (duty == DUTY_APPROVE)
            return err_set(e, ST_FORBIDDEN, "separation_of_duties", "",
                           "申請者は自分の申請を承認できません (第20条 兼務の禁止)",
                           "a requester cannot approve their own request (art. 20)");
    }
    if (duty == DUTY_AUDIT && subject->unit_id) {
        int64_t own = unit_of(ctx->db, person_id);
        /* The organisation root contains everyone; only real units conflict. */
        if (own && !is_root(ctx->db, subject->unit_id) &&
            (org_is_within(ctx->db, own, subject->unit_id) ||
             org_is_within(ctx->db, subject->unit_id, own)))
            return err_set(e, ST_FORBIDDEN, "separation_of_duties", "",
                           "監査人は自分の所属する組織を監査できません (第20条 兼務の禁止)",
                           "an auditor cannot audit their own unit (art. 20)");
    }
    return ST_OK;
}
