/* Every table in src/store/owners.txt is either compared with the trail by `lgsec trail verify`
 * (a StateKind in audit_state_kinds) or listed, with the reason, under "Tables not reconciled" in
 * docs/trail.md. A new table that is neither fails here, with what to add. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/audit/audit.h"

#define MAX_NAMES 256

typedef struct Names {
    char name[MAX_NAMES][64];
    char owner[MAX_NAMES][64];
    size_t n;
} Names;

static bool has(const Names *n, const char *name)
{
    for (size_t i = 0; i < n->n; i++)
        if (strcmp(n->name[i], name) == 0)
            return true;
    return false;
}

/* The tables of owners.txt: "NAME LIBRARY" lines; views (NAME_v) are left out (they hold no rows). */
static void owned_tables(Names *out)
{
    FILE *fp = fopen(SRC_DIR "/src/store/owners.txt", "r");
    assert_non_null(fp);
    char line[256];
    while (fgets(line, sizeof line, fp)) {
        char name[64], owner[64];
        if (line[0] == '#' || sscanf(line, "%63s %63s", name, owner) != 2)
            continue;
        size_t len = strlen(name);
        if (len > 2 && strcmp(name + len - 2, "_v") == 0)
            continue;
        assert_true(out->n < MAX_NAMES);
        snprintf(out->name[out->n], sizeof out->name[0], "%s", name);
        snprintf(out->owner[out->n], sizeof out->owner[0], "%s", owner);
        out->n++;
    }
    fclose(fp);
}

/* The tables listed as "| `name` | reason |" under the heading "### Tables not reconciled". */
static void listed_tables(Names *out)
{
    FILE *fp = fopen(SRC_DIR "/docs/trail.md", "r");
    assert_non_null(fp);
    char line[2048];
    bool in = false, seen = false;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#') {
            in = strncmp(line, "### Tables not reconciled", 25) == 0;
            seen = seen || in;
            continue;
        }
        char name[64];
        if (!in || sscanf(line, "| `%63[^`]` |", name) != 1)
            continue;
        const char *reason = line + strlen("| `") + strlen(name) + strlen("` |");
        if (strspn(reason, " |\n") == strlen(reason))
            fail_msg("docs/trail.md lists %s without a reason", name);
        assert_true(out->n < MAX_NAMES);
        snprintf(out->name[out->n++], sizeof out->name[0], "%s", name);
    }
    fclose(fp);
    if (!seen)
        fail_msg("docs/trail.md has no section \"### Tables not reconciled\"");
}

static void every_table_reconciled_or_listed(void **state)
{
    (void)state;
    Names *owned = calloc(1, sizeof *owned), *listed = calloc(1, sizeof *listed), *kinds = calloc(1, sizeof *kinds);
    owned_tables(owned);
    listed_tables(listed);
    for (size_t i = 0; audit_state_kinds[i]; i++)
        snprintf(kinds->name[kinds->n++], sizeof kinds->name[0], "%s", audit_state_kinds[i]->table);
    int bad = 0;
    for (size_t i = 0; i < owned->n; i++) {
        const char *t = owned->name[i];
        if (has(kinds, t) && has(listed, t)) {
            print_error("table %s is reconciled (a StateKind in audit_state_kinds) and also listed under \"Tables not "
                        "reconciled\" in docs/trail.md: remove its row there\n", t);
            bad++;
        } else if (!has(kinds, t) && !has(listed, t)) {
            print_error("table %s (owned by %s in src/store/owners.txt) is not compared with the trail by `lgsec trail "
                        "verify`. Either declare a StateKind for it next to %s's SQL (src/domain/kernel/state.h: the "
                        "trail entries whose \"after\" records the row, and a get returning the row in that shape), "
                        "add it to audit_state_kinds in src/domain/audit/reconcile.c and add a tampering test; or, if "
                        "its rows are intentionally not trailed, add the row \"| `%s` | <why its rows are not compared> "
                        "|\" under \"### Tables not reconciled\" in docs/trail.md\n",
                        t, owned->owner[i], owned->owner[i], t);
            bad++;
        }
    }
    for (size_t i = 0; i < listed->n; i++)
        if (!has(owned, listed->name[i])) {
            print_error("docs/trail.md lists %s under \"Tables not reconciled\" but src/store/owners.txt has no such "
                        "table: remove its row\n", listed->name[i]);
            bad++;
        }
    for (size_t i = 0; i < kinds->n; i++)
        if (!has(owned, kinds->name[i])) {
            print_error("a StateKind names table %s, which src/store/owners.txt does not have\n", kinds->name[i]);
            bad++;
        }
    free(owned);
    free(listed);
    free(kinds);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_table_reconciled_or_listed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
