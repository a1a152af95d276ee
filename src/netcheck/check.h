/* check: the questions netcheck answers. nc_check_zones follows every path from each zone through the
 * devices of a topology to each other zone and reports the flows the model forbids that get through:
 * a witness packet, the path, and each device's deciding rule lines. nc_diff compares two versions of
 * one device's configuration: which packets a change lets through that were stopped before, and the
 * reverse (第44条: what a セキュリティ設定の変更 opens). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "netcheck/eval.h"
#include "netcheck/topology.h"

#define NC_MAX_HOPS 16
#define NC_MAX_VIOLATIONS 200

typedef struct NcHop {
    int device;
    char in[32], out[32];
    NcTrace trace; /* of `seen` */
    NcPacket seen; /* the packet as this device's forward rules saw it (after its destination NAT) */
    int nat_pre, nat_post; /* the NAT rules that translated it here (rs->nat[stage]), -1: none */
} NcHop;

typedef struct NcViolation {
    const NcFlowRule *rule;
    int from_zone, to_zone; /* indexes into the topology's zones */
    NcPacket witness; /* as sent from the source zone */
    double packets; /* how many forbidden packets take this path (a measure of the opening) */
    NcHop hops[NC_MAX_HOPS];
    int n_hops;
    NcPacket delivered; /* as it reaches the destination zone (the witness unless translated) */
    bool translated;    /* a NAT rule on the path rewrote it */
} NcViolation;

/* Every device must have rs and an filled in. With NAT on a device, a flow is judged by where its
 * packets come from (the source zone, as sent) and where they arrive (the destination zone, after
 * every translation); 特定通信 and relays are matched against the packet as it arrives. Returns the violations (free()), at most
 * NC_MAX_VIOLATIONS; *truncated tells whether there were more. */
NcViolation *nc_check_zones(const NcTopology *t, const NcMatrix *m, size_t *n, bool *truncated);

typedef struct NcDiffItem {
    bool opened; /* true: accepted after, dropped before; false: the reverse */
    char in[32], out[32]; /* "" when the packet's interface is none the rules name */
    NcPacket witness;
    double packets;
    NcTrace trace; /* through the version that accepts it (of the packet after its destination NAT) */
} NcDiffItem;

/* Compares before and after for every pair of interfaces either names (and "any other"), on the
 * packets as sent (through each version's destination NAT: a new port forward is an opened flow); the
 * items are free()d by the caller. */
NcDiffItem *nc_diff(const NcAnalysis *before, const NcAnalysis *after, size_t *n);

/* "tcp 10.0.0.1:1024 → 10.0.0.2:25" (malloc'd). */
char *nc_packet_describe(const NcPacket *p);
