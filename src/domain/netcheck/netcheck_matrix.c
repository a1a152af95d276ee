/* netcheck_matrix: the zone matrix a check runs against is the active pack's netcheck.yaml (the one
 * loaded into the database, or the pack the CLI is given), not the baseline embedded in the binary: a
 * municipality whose 対策基準 adds a zone pair or names another article checks against its own rules. */
#include <stdio.h>

#include "domain/netcheck/netcheck.h"
#include "policy/pack.h"

Status netcheck_matrix_of(const struct Pack *pack, NcFile *out, char name[static NETCHECK_MATRIX_NAME], Err *e)
{
    if (!pack || !pack->netcheck_matrix)
        return err_setf(e, ST_INVALID, "netcheck_no_matrix", "pack",
                        "有効なパック %s %s に系の間の規則 (netcheck.yaml) がありません",
                        "the active pack %s %s has no zone matrix (netcheck.yaml)", pack ? pack->id : "-",
                        pack ? pack->version : "-");
    snprintf(name, NETCHECK_MATRIX_NAME, "netcheck.yaml (%s %s)", pack->id ? pack->id : "",
             pack->version ? pack->version : "");
    *out = (NcFile){name, pack->netcheck_matrix, pack->netcheck_matrix_len};
    return ST_OK;
}
