/* request_file: creating a request and submitting it at once, as one transaction (see requests.h). */
#include "domain/requests/requests.h"

Status request_file(Ctx *ctx, const char *type, int64_t object_id, json_t *fields, bool submit, int64_t *id_out,
                    Err *e)
{
    Status s = db_begin(ctx->db, e);
    if (s != ST_OK)
        return s;
    s = request_create(ctx, type, object_id, fields, id_out, e);
    if (s == ST_OK && submit)
        s = request_submit(ctx, *id_out, e);
    return finish_tx(ctx, s, e);
}
