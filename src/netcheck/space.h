/* space: packet sets as BDDs (BuDDy) over the header fields — protocol (8 bits), destination address
 * (32), destination port (16), source address (32), source port (16), most significant bit first —
 * and the concrete witness of a non-empty set. BuDDy keeps one global node table: nc_space_init
 * before any other call (idempotent), one thread only. A PSet returned by a function here holds a
 * reference the caller releases with ps_free (constants need none but accept it). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "netcheck/ir.h"

typedef int PSet;

typedef enum NcField { F_PROTO, F_DST, F_DPORT, F_SRC, F_SPORT, F_COUNT } NcField;

void nc_space_init(void);
PSet ps_all(void);
PSet ps_none(void);
PSet ps_ref(PSet a); /* another reference to a */
void ps_free(PSet a);
PSet ps_and(PSet a, PSet b);
PSet ps_or(PSet a, PSet b);
PSet ps_diff(PSet a, PSet b); /* a ∧ ¬b */
PSet ps_not(PSet a);
/* ite(c, t, e): packets of c take t, the others e. */
PSet ps_ite(PSet c, PSet t, PSet e);
bool ps_empty(PSet a);
bool ps_subset(PSet a, PSet b);
bool ps_equal(PSet a, PSet b);
/* The set of packets whose field f lies in [lo, hi]. */
PSet ps_range(NcField f, uint32_t lo, uint32_t hi);
/* The packets whose field f is in s (honours s->neg; "any" is every packet). */
PSet ps_set(NcField f, const NcSet *s);
/* The packets a rule's header conditions match (interfaces and connection state aside). */
PSet ps_rule(const NcRule *r);
bool ps_contains(PSet a, const NcPacket *p);
/* The image of a under a translation that rewrites field f to a value in [lo, hi]: f is forgotten
 * (existential quantification), then constrained. */
PSet ps_rewrite(PSet a, NcField f, uint32_t lo, uint32_t hi);
/* a with field f forgotten (∃f). */
PSet ps_forget(PSet a, NcField f);
/* The packets equal to p on every field whose bit (1 << NcField) is not in skip. */
PSet ps_like(const NcPacket *p, unsigned skip);
/* A concrete member of a non-empty set (false when empty). Bits the set leaves free are 0, except
 * that a free port prefers the lowest value and a free protocol prefers tcp. */
bool ps_witness(PSet a, NcPacket *p);
/* Number of packets in the set, as a double (2^104 at most). */
double ps_count(PSet a);
/* Nodes in BuDDy's table currently in use (for the benchmark). */
int nc_space_nodes(void);
