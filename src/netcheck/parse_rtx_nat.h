/* parse_rtx_nat: YAMAHA RTX NAT descriptors (`nat descriptor type|address outer|address inner|static|
 * masquerade static`, bound by `ip INTERFACE nat descriptor ID`) as NAT rules of the engine (ir.h
 * NcNat). Internal to parse_rtx.c; docs/netcheck.md "YAMAHA RTX". */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "netcheck/ir.h"
#include "netcheck/parse_util.h"

typedef struct RtxNat RtxNat;

RtxNat *rtx_nat_new(void);
void rtx_nat_free(RtxNat *n);
/* One `nat descriptor …` line (w->w[0..1] are "nat" "descriptor"): kept for rtx_nat_emit; settings that
 * do not change what is translated (timers, port ranges, logs, helpers) become notes. */
Status rtx_nat_line(RtxNat *n, NcRuleset *rs, const char *file, int line, const NcWords *w, const char *text, size_t len,
                    Err *e);
/* `ip IFACE nat descriptor ID` (iface already resolved for pp/tunnel select; w->w[3] is the first id). */
Status rtx_nat_bind(RtxNat *n, const char *file, int line, const char *iface, const NcWords *w, const char *text, size_t len,
                    Err *e);
/* The NAT rules of every binding: static mappings, then masquerade static ones, then the dynamic
 * translation of the descriptor's type. */
Status rtx_nat_emit(RtxNat *n, NcRuleset *rs, const char *file, Err *e);
