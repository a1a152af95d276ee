/* separation: the rules of 第20条 (see separation.h). */
#include "domain/org/separation.h"

#include "domain/org/org.h"

/* Every query below reports its failure: a check that cannot be made refuses (第20条 fails closed). */
static Status unit_of(Db *db, int64_t person_id, int64_t *unit, Err *e)
{
    *unit = 0;
    Stmt *st = db_prepare(db, "SELECT unit_id FROM people WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, person_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    if (row)
        *unit = stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

static Status is_root(Db *db, int64_t unit_id, bool *root, Err *e)
{
    *root = false;
    Stmt *st = db_prepare(db, "SELECT parent_id IS NULL FROM org_units WHERE id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, unit_id);
    bool row = false;
    Status s = stmt_step_row(st, &row, e);
    *root = row && stmt_int(st, 0);
    stmt_finalize(st);
    return s;
}

/* *conflict when person_id's unit is subject_unit, above it or below it. */
static Status audit_conflict(Db *db, int64_t person_id, int64_t subject_unit, bool *conflict, Err *e)
{
    *conflict = false;
    int64_t own = 0;
    bool root = false, down = false, up = false;
    Status s = unit_of(db, person_id, &own, e);
    if (s != ST_OK)
        return s;
    if (!own) /* no such person: nobody can show the auditor is independent, so refuse */
        return err_set(e, ST_FORBIDDEN, "separation_of_duties", "person_id",
                       "監査人が職員として登録されていないため、兼務でないことを確認できません (第20条)",
                       "the auditor is not a registered person, so independence cannot be shown (art. 20)");
    /* The organisation root contains everyone; only real units conflict. */
    if ((s = is_root(db, subject_unit, &root, e)) != ST_OK || root)
        return s;
    if ((s = org_is_within(db, own, subject_unit, &down, e)) != ST_OK)
        return s;
    if (!down && (s = org_is_within(db, subject_unit, own, &up, e)) != ST_OK)
        return s;
    *conflict = down || up;
    return ST_OK;
}

/* ENFORCES: 第20条
 * 申請者は自分の申請を承認できず、自分の役割を付与・解除できず、監査人は自分の課室を監査できない。
 * 判定に必要な情報が読めないとき (データベースの障害) も拒否する。 */
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
        bool conflict = false;
        Status s = audit_conflict(ctx->db, person_id, subject->unit_id, &conflict, e);
        if (s != ST_OK)
            return s;
        if (conflict)
            return err_set(e, ST_FORBIDDEN, "separation_of_duties", "",
                           "監査人は自分の所属する組織を監査できません (第20条 兼務の禁止)",
                           "an auditor cannot audit their own unit (art. 20)");
    }
    return ST_OK;
}
