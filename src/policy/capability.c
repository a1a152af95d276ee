/* Capability names as the pack spells them. */
#include "policy/capability.h"

#include <string.h>

const char *const capability_names[] = {
    "signed_in", "org.manage", "people.manage", "roles.manage", "trail.read", "directory.read", "policy.manage",
    "procedures.read", "evaluation.manage", "training.manage", "accounts.review", "committee.read", "committee.manage",
    "irplan.edit", "irplan.approve", "vendors.manage",
    "", /* bit 16: named on another branch; "" matches no capability a pack or route can spell */
    "gate.read", NULL,
};

uint64_t capability_from_name(const char *name)
{
    for (int i = 0; capability_names[i]; i++)
        if (strcmp(capability_names[i], name) == 0)
            return 1u << i;
    return 0;
}

const char *capability_name(uint64_t cap)
{
    if (cap == CAP_PUBLIC)
        return "public";
    for (int i = 0; capability_names[i]; i++)
        if (cap == (1u << i))
            return capability_names[i];
    return NULL;
}
