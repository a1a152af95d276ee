/* fuzz_policydoc: the policy document reader (src/policydoc) over arbitrary bytes — encoding
 * detection (UTF-8/CP932), line joining, numbering and item markers, the tree — and its JSON. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "policydoc/policydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    PolicyDoc *doc = NULL;
    Err e = {0};
    if (policydoc_parse((const char *)data, size, &doc, &e) != ST_OK)
        return 0;
    free(policydoc_to_json(doc));
    policydoc_free(doc);
    return 0;
}
