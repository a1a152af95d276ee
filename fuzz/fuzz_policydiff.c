/* fuzz_policydiff: the article-aware diff (src/policydoc/diff.c) of two uploaded versions. The input
 * is split at its first "\n====\n": the old version before, the new one after (or the whole input
 * against itself); both are read by the policy reader, compared, and the diff written as JSON. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policydoc/diff.h"
#include "policydoc/policydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char sep[] = "\n====\n";
    const char *s = (const char *)data, *cut = NULL;
    for (size_t i = 0; i + sizeof sep - 1 <= size && !cut; i++)
        if (memcmp(s + i, sep, sizeof sep - 1) == 0)
            cut = s + i;
    size_t na = cut ? (size_t)(cut - s) : size;
    const char *b = cut ? cut + sizeof sep - 1 : s;
    size_t nb = cut ? size - na - (sizeof sep - 1) : size;
    PolicyDoc *x = NULL, *y = NULL;
    Err e = {0};
    if (policydoc_parse(s, na, &x, &e) == ST_OK && policydoc_parse(b, nb, &y, &e) == ST_OK) {
        PdDiff *d = NULL;
        if (pd_diff(x, y, &d, &e) == ST_OK) {
            free(pd_diff_to_json(d));
            pd_diff_free(d);
        }
    }
    policydoc_free(x);
    policydoc_free(y);
    return 0;
}
