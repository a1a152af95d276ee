/* fuzz_policydoc: the policy document reader (src/policydoc) over arbitrary bytes — encoding
 * detection (UTF-8/CP932), line joining, numbering and item markers, the tree — and its JSON, then
 * the guideline check of the built-in pack on the tree and both report forms. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "policy/pack.h"
#include "policydoc/check.h"
#include "policydoc/policydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static Pack *pack;
    if (!pack) {
        PackIssues issues = {0};
        Err e = {0};
        if (pack_load_embedded(&pack, &issues, &e) != ST_OK)
            abort();
        pack_issues_free(&issues);
    }
    PolicyDoc *doc = NULL;
    Err e = {0};
    if (policydoc_parse((const char *)data, size, &doc, &e) != ST_OK)
        return 0;
    free(policydoc_to_json(doc));
    PolicyCheck *c = policy_check(doc, &pack->guideline);
    free(policy_check_to_json(c, doc, &pack->guideline));
    free(policy_check_to_text(c, doc, &pack->guideline));
    policy_check_free(c);
    policydoc_free(doc);
    return 0;
}
