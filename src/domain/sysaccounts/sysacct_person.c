/* sysacct_person: the privileged IDs a given set of people hold in the registered systems — what the
 * 人事異動 needs for 第84条6 (the passwords of privileged IDs are changed when their holder moves or
 * leaves). Matching is the matcher's (sysacct_match.c), so a person "holds" an ID exactly when the ID
 * pages would show it as theirs. */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/sysaccounts/sysacct_internal.h"

typedef struct PersonArg {
    const int64_t *ids; /* sorted */
    size_t n;
    json_t *items;
} PersonArg;

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void collect_privileged(void *arg, Stmt *st, const SaPerson *p, unsigned f)
{
    (void)f;
    PersonArg *a = arg;
    if (!p || stmt_int(st, 9) == 0 || stmt_int(st, 10) == 0) /* enabled, privileged */
        return;
    if (!bsearch(&p->id, a->ids, a->n, sizeof *a->ids, cmp_id))
        return;
    json_array_append_new(a->items, json_pack("{sI sI ss}", "person_id", (json_int_t)p->id, "system_id",
                                              (json_int_t)stmt_int(st, 0), "login_id", stmt_text(st, 2)));
}

Status sysaccounts_privileged_ids_of(Ctx *ctx, const int64_t *person_ids, size_t n, json_t **out, Err *e)
{
    *out = json_array();
    if (n == 0)
        return ST_OK;
    int64_t *sorted = xmalloc(n * sizeof *sorted);
    memcpy(sorted, person_ids, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_id);
    SaMatcher m;
    Status s = sa_matcher_load(ctx, &m, e);
    if (s == ST_OK) {
        PersonArg a = {sorted, n, *out};
        s = sa_each_id(ctx, &m, 0, collect_privileged, &a, e);
        sa_matcher_free(&m);
    }
    free(sorted);
    return s;
}
