/* parse: the vendor parsers of netcheck, each turning a configuration text into an NcRuleset. Every
 * construct a parser does not understand is an error naming the file, the line and the construct
 * (code netcheck_unsupported) — never a silent skip; what is understood but outside the model (NAT)
 * becomes a note on the ruleset. Limits (ir.h) bound rules, chains and nesting. */
#pragma once
#include <stddef.h>

#include "core/err.h"
#include "netcheck/ir.h"

typedef enum NcFormat {
    NC_FMT_AUTO,
    NC_FMT_IPTABLES, /* iptables-save */
    NC_FMT_NFT_JSON, /* nft -j list ruleset */
    NC_FMT_RTX,      /* YAMAHA RTX show config */
    NC_FMT_FORTIGATE, /* FortiGate show (config firewall policy …) */
    NC_FMT_IOS,      /* Cisco IOS / IOS-XE show running-config (access lists, access-groups) */
    NC_FMT_ASA,      /* Cisco ASA show running-config (objects, object-groups, access-groups) */
} NcFormat;

/* The format named "iptables", "nft" (or "nftables"), "rtx" (or "yamaha"), "fortigate",
 * "ios" (or "cisco"), "asa", "auto"; false when unknown. */
bool nc_format_from_name(const char *name, NcFormat *f);
/* Guesses the format from the text (NC_FMT_AUTO when it cannot). */
NcFormat nc_format_detect(const char *text, size_t n);
/* Parses text (n bytes, need not be NUL-terminated) read from file. On ST_OK *out is the ruleset
 * (nc_ruleset_free); otherwise e names file:line and the construct. */
Status nc_parse(const char *file, const char *text, size_t n, NcFormat fmt, NcRuleset **out, Err *e);
Status nc_parse_iptables(const char *file, const char *text, size_t n, NcRuleset **out, Err *e);
Status nc_parse_nft_json(const char *file, const char *text, size_t n, NcRuleset **out, Err *e);
Status nc_parse_rtx(const char *file, const char *text, size_t n, NcRuleset **out, Err *e);
Status nc_parse_fortigate(const char *file, const char *text, size_t n, NcRuleset **out, Err *e);
Status nc_parse_ios(const char *file, const char *text, size_t n, NcRuleset **out, Err *e);
Status nc_parse_asa(const char *file, const char *text, size_t n, NcRuleset **out, Err *e);
