/* eval: what a device's rule lists let through. nc_permitted reduces the forward base chains of a
 * ruleset to the set of packets forwarded from one interface to another (first match, jumps, gotos,
 * returns, policies); nc_trace replays one concrete packet and names the rule lines that decide it;
 * nc_hygiene finds rules that never take effect and any-any permits. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "netcheck/ir.h"
#include "netcheck/space.h"

/* A ruleset with each rule's match set computed once. Free with nc_analysis_free. */
typedef struct NcAnalysis {
    const NcRuleset *rs;
    PSet **match; /* match[c][i]: rule i of chain c, header conditions only */
    PSet **match_dnat; /* the same for a packet its destination NAT rewrote (NULL: no rule asks) */
} NcAnalysis;

/* Checks the chain graph (no loops, depth within NC_MAX_JUMP_DEPTH, at least one forward base chain)
 * and computes the rule sets. NULL with e filled when the graph is unusable. */
NcAnalysis *nc_analysis_new(const NcRuleset *rs, Err *e);
void nc_analysis_free(NcAnalysis *a);

/* The packets forwarded from in_if to out_if (either may be NULL: rules naming an interface then do
 * not match). The caller frees the result with ps_free. */
PSet nc_permitted(const NcAnalysis *a, const char *in_if, const char *out_if);

/* nc_permitted for packets the device's destination NAT rewrote when dnat (rules matching only such
 * connections, --ctstate DNAT, then match). */
PSet nc_permitted_nat(const NcAnalysis *a, const char *in_if, const char *out_if, bool dnat);

/* One step of a packet's way through the rules: rule `rule` of chain `chain`, or the chain's policy
 * when rule is -1. */
typedef struct NcStep {
    int chain;
    int rule;
} NcStep;

#define NC_MAX_TRACE (NC_MAX_JUMP_DEPTH * 2 + 8)

typedef struct NcTrace {
    bool accepted;
    NcStep steps[NC_MAX_TRACE]; /* the deciding rules, base chain by base chain */
    size_t n;
} NcTrace;

/* Replays p through every forward base chain; fills t. */
void nc_trace(const NcRuleset *rs, const NcPacket *p, const char *in_if, const char *out_if, NcTrace *t);
/* nc_trace of a packet its destination NAT rewrote when dnat. */
void nc_trace_nat(const NcRuleset *rs, const NcPacket *p, const char *in_if, const char *out_if, bool dnat, NcTrace *t);
/* "FILE:LINE: text" of a step (malloc'd). */
char *nc_step_describe(const NcRuleset *rs, const NcStep *s);

typedef enum NcHygieneKind {
    NC_H_NEVER,     /* the rule's conditions match no packet at all */
    NC_H_SHADOWED,  /* earlier rules take every packet it matches, not all with its verdict */
    NC_H_REDUNDANT, /* earlier rules with its own verdict already take every packet it matches */
    NC_H_ANY_ANY,   /* permits every address, protocol and port */
} NcHygieneKind;

typedef struct NcFinding {
    NcHygieneKind kind;
    int chain, rule;
    int by[3]; /* up to three earlier rules (indexes in the same chain) that cover it; -1 unused */
} NcFinding;

/* All findings, chain by chain in rule order; *n receives their number; free() the array. */
NcFinding *nc_hygiene(const NcAnalysis *a, size_t *n);
const char *nc_hygiene_name(NcHygieneKind k);
