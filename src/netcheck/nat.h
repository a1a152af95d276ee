/* nat: address translation applied to packet sets (ir.h NcNat). A stage's rules split a set by first
 * match into parts, each with what it becomes; the zone check follows every part and, from a witness at
 * the end, walks back through the translations to the packet as it was sent (docs/netcheck.md "NAT"). */
#pragma once
#include <stddef.h>

#include "netcheck/ir.h"
#include "netcheck/space.h"

typedef struct NcNatPart {
    int rule;    /* index into rs->nat[stage]; -1: no rule matched (untranslated) */
    PSet before; /* the packets of the set this rule takes */
    PSet after;  /* what they become (none for a redirect to the device itself) */
    /* a DNAT rule's packets it maps onto themselves (already addressed to its single target): the
     * kernel marks no DNAT state on them (nf_nat_setup_info changes nothing), so --ctstate DNAT and
     * ct status dnat do not match them */
    bool identity;
} NcNatPart;

/* Does the packet carry the DNAT conntrack state after rule n (NULL: none) turned before into after? Only
 * when a DNAT rule changed it (an unchanged tuple sets no IPS_DST_NAT). */
bool nc_nat_dnat_state(const NcNat *n, const NcPacket *before, const NcPacket *after);
/* The same for a part of nc_nat_split at the pre stage. */
bool nc_nat_part_dnat(const NcRuleset *rs, const NcNatPart *part);

/* Splits set at a stage for a packet arriving on in_if and leaving on out_if (NULL: unknown; the pre
 * stage is before routing). Only non-empty parts are returned; free with nc_nat_parts_free. */
NcNatPart *nc_nat_split(const NcRuleset *rs, NcNatStage stage, PSet set, const char *in_if, const char *out_if,
                        size_t *n);
void nc_nat_parts_free(NcNatPart *v, size_t n);
/* The image of before under rule n. */
PSet nc_nat_image(const NcNat *n, PSet before);
/* The members of before that rule n translates into some packet of after. */
PSet nc_nat_preimage_set(const NcNat *n, PSet before, PSet after);
/* A member of before that rule n translates into q (it agrees with q on the fields n does not
 * rewrite); false when there is none. */
bool nc_nat_preimage(const NcNat *n, PSet before, const NcPacket *q, NcPacket *out);
/* The index of the NAT rule of the stage that takes p (-1: none). */
int nc_nat_match(const NcRuleset *rs, NcNatStage stage, const NcPacket *p, const char *in_if, const char *out_if);
/* "FILE:LINE: text" of a NAT rule (malloc'd). */
char *nc_nat_describe(const NcRuleset *rs, NcNatStage stage, int rule);
