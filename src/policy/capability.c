/* Capability names as the pack spells them. */
#include "policy/capability.h"

#include <string.h>

const char *const capability_names[CAPABILITY_SLOTS] = {
    "signed_in", "org.manage", "people.manage", "roles.manage", "trail.read", "directory.read", "policy.manage",
    "procedures.read", "evaluation.manage", "training.manage", "accounts.review", "committee.read", "committee.manage",
    "irplan.edit", "irplan.approve", "vendors.manage", "cloud.manage", "gate.read", "netcheck.run",
};

uint64_t capability_from_name(const char *name)
{
    for (int i = 0; i < CAPABILITY_SLOTS; i++)
        if (capability_names[i] && strcmp(capability_names[i], name) == 0)
            return 1u << i;
    return 0;
}

const char *capability_name(uint64_t cap)
{
    if (cap == CAP_PUBLIC)
        return "public";
    for (int i = 0; i < CAPABILITY_SLOTS; i++)
        if (capability_names[i] && cap == (1u << i))
            return capability_names[i];
    return NULL;
}
