/* sysacct_digest: the SHA-256 of the rows an ID import or an access review wrote, recorded in their
 * trail entry and compared by reconciliation (see sysacct_internal.h). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "domain/sysaccounts/sysacct_internal.h"

Status sa_rows_sha256(Ctx *ctx, const char *sql, int ncols, int64_t id, char hex[65], Err *e)
{
    Stmt *st = db_prepare(ctx->db, sql, e);
    if (!st)
        return e->status;
    stmt_bind_int(st, 1, id);
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    StepResult r;
    while ((r = stmt_step(st)) == STEP_ROW) {
        for (int c = 0; c < ncols; c++) {
            /* each value as "N;" or "<length>:<text>;", so no two different rows hash alike */
            char head[32];
            const char *v = stmt_is_null(st, c) ? NULL : stmt_text(st, c);
            int n = v ? snprintf(head, sizeof head, "%zu:", strlen(v)) : snprintf(head, sizeof head, "N");
            crypto_hash_sha256_update(&h, (const unsigned char *)head, (unsigned long long)n);
            if (v)
                crypto_hash_sha256_update(&h, (const unsigned char *)v, strlen(v));
            crypto_hash_sha256_update(&h, (const unsigned char *)";", 1);
        }
        crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
    }
    Status s = r == STEP_DONE ? ST_OK : stmt_error(st, e);
    stmt_finalize(st);
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, out);
    sodium_bin2hex(hex, 65, out, sizeof out);
    return s;
}
