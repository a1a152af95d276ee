/* Who may read a request: it can carry what an asset holds and why it leaves the office, so only the
 * people in its process see it — the requester, anyone who decided on it or must decide now, and
 * those who oversee the trail (trail.read: CISO, 統括, 監査). */
#include <string.h>

#include "policy/capability.h"
#include "domain/requests/request_access.h"
#include "domain/requests/requests.h"
#include "domain/requests/request_internal.h"

Status request_may_view(Ctx *ctx, int64_t id, Err *e)
{
    ReqRow r;
    const PackRequestType *t;
    Status rc = req_load(ctx, id, &r, &t, e);
    if (rc != ST_OK)
        return rc;
    int64_t me = ctx->actor->person_id;
    if ((ctx->actor->caps & CAP_TRAIL_READ) || (me && me == r.requester))
        return ST_OK;
    Stmt *st = db_prepare(ctx->db, "SELECT 1 FROM request_approvals WHERE request_id = ? AND approver_person_id = ?", e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    stmt_bind_int(st, 2, me);
    bool decided = false;
    rc = stmt_step_row(st, &decided, e);
    stmt_finalize(st);
    if (rc != ST_OK || decided)
        return rc;
    if (strcmp(r.state, "submitted") == 0) {
        json_t *res = NULL;
        if ((rc = req_resolve(ctx, &r, t, &res, e)) != ST_OK)
            return rc;
        bool waiting = req_waiting_for(res, me);
        json_decref(res);
        if (waiting)
            return ST_OK;
    }
    /* The same answer as for a request that does not exist, so ids reveal nothing. */
    return err_setf(e, ST_NOTFOUND, "request_not_found", "id", "申請 %lld が見つかりません",
                    "request %lld not found", (long long)id);
}
