/* The intermediate representation every firewall parser produces (docs/netcheck.md): a device's rule
 * lists as chains of rules over IPv4 source/destination address sets, protocol, ports and interfaces,
 * each rule remembering the file and line it came from. The engine (space.h, eval.h) reads only this,
 * so a vendor is one parser. A ruleset owns all its memory; nc_ruleset_free releases it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits on hostile input: a parser refuses more (netcheck_too_many_rules, netcheck_too_deep). */
#define NC_MAX_RULES 200000
#define NC_MAX_CHAINS 10000
#define NC_MAX_SPANS 100000  /* address/port ranges in one rule field */
#define NC_MAX_JUMP_DEPTH 64 /* nested chain calls (the kernel allows fewer) */

/* An inclusive range of a field's values. */
typedef struct NcSpan {
    uint32_t lo, hi;
} NcSpan;

/* A set of values of one field: the union of the spans, complemented when neg. No spans and !neg
 * means "any" (the rule does not constrain the field). */
typedef struct NcSet {
    NcSpan *v;
    size_t n, cap;
    bool neg;
} NcSet;

typedef enum NcAction {
    NC_ACCEPT,   /* the packet passes this list */
    NC_DROP,     /* dropped or rejected */
    NC_JUMP,     /* evaluate chain `target`; on its return continue here */
    NC_GOTO,     /* evaluate chain `target`; on its return, return from this chain */
    NC_RETURN,   /* back to the calling chain (in a base chain: its policy) */
    NC_CONTINUE, /* no verdict (LOG, counters, marks): the next rule decides */
} NcAction;

/* The interface a rule names: "" for any; a trailing '+' matches every name with that prefix. */
typedef struct NcIface {
    char name[32];
    bool neg;
} NcIface;

typedef struct NcRule {
    NcSet src, dst, proto, sport, dport;
    NcIface in, out;
    /* Matches only packets of connections already seen (ct state established/related): never a new
     * connection, which is what the analysis is about. */
    bool established_only;
    /* Matches only connections whose destination was translated (iptables --ctstate DNAT): a packet
     * its device's destination NAT rewrote; evaluated by nc_permitted_nat / nc_trace_nat. */
    bool dnat_only;
    /* Matches only non-IPv4 packets (an ip6 table, meta nfproto ipv6): outside the IPv4 model. */
    bool not_ipv4;
    /* Written by the parser for a vendor's implicit behaviour (RTX: the reject closing a bound list;
     * ASA: a security-level permit): part of the semantics, never shadowed, redundant or "never
     * matches" (an implicit permit of everything is still reported as any-any). */
    bool implicit;
    NcAction action;
    int target;    /* chain index for NC_JUMP / NC_GOTO */
    int line;      /* 1-based line in the configuration file (nftables JSON: the rule's handle) */
    char *text;    /* the configuration line as written (for reports) */
} NcRule;

typedef struct NcChain {
    char *name;
    bool base;          /* a base chain: has a policy and is where evaluation starts */
    NcAction policy;    /* NC_ACCEPT or NC_DROP for a base chain */
    int policy_line;    /* where the policy was declared (0: a vendor's implicit default) */
    bool forward;       /* evaluated for packets the device forwards (FORWARD / hook forward) */
    int priority;       /* order among the forward base chains (nftables priority) */
    NcRule *rules;
    size_t n, cap;
} NcChain;

/* Address translation (docs/netcheck.md "NAT"). A device's NAT rules form two first-match lists: the
 * pre stage (iptables PREROUTING, nft hook prerouting) rewrites destinations before the forward
 * chains see the packet; the post stage (POSTROUTING, hook postrouting) rewrites sources after they
 * accepted it. A packet no rule of a stage matches goes on untranslated. */
typedef enum NcNatStage { NC_NAT_PRE, NC_NAT_POST, NC_NAT_STAGES } NcNatStage;

typedef enum NcNatKind {
    NC_NAT_NONE,       /* accept/return in a NAT chain: the packets it takes are not translated */
    NC_NAT_DNAT,       /* destination address and/or port rewritten (port forward) */
    NC_NAT_REDIRECT,   /* to the device itself: no longer forwarded */
    NC_NAT_SNAT,       /* source address and/or port rewritten */
    NC_NAT_MASQUERADE, /* source becomes the outgoing interface's address, which no configuration
                          states: any address (and the ports when given) */
} NcNatKind;

typedef struct NcNat {
    NcRule match; /* the conditions (header and interfaces); its line and text say where it is written */
    NcNatKind kind;
    bool set_addr, set_port; /* which fields the translation rewrites */
    uint32_t addr_lo, addr_hi, port_lo, port_hi;
} NcNat;

/* One device's configuration. A forwarded packet must be accepted by every forward base chain, in
 * priority order (nftables: an accept ends only that chain; a drop is final). */
typedef struct NcRuleset {
    char *file;   /* as given on the command line */
    char *vendor; /* "iptables", "nftables", … */
    bool line_is_handle; /* NcRule.line holds the nftables rule handle */
    NcChain *chains;
    size_t n, cap;
    size_t rule_count;
    /* Things parsed but outside the model (e.g. NAT rules), reported with the results: never a silent
     * skip. Each is "LINE: text". */
    char **notes;
    size_t n_notes, cap_notes;
    NcNat *nat[NC_NAT_STAGES]; /* the NAT rules of each stage, in evaluation order */
    size_t n_nat[NC_NAT_STAGES], cap_nat[NC_NAT_STAGES];
} NcRuleset;

/* A concrete packet (host byte order). */
typedef struct NcPacket {
    uint32_t src, dst;
    uint8_t proto;
    uint16_t sport, dport;
} NcPacket;

NcRuleset *nc_ruleset_new(const char *file, const char *vendor);
void nc_ruleset_free(NcRuleset *rs);
/* The chain named name, or -1. */
int nc_chain_find(const NcRuleset *rs, const char *name);
/* Adds an empty chain (the name is copied) and returns its index. */
int nc_chain_add(NcRuleset *rs, const char *name);
/* Appends a zeroed rule (action NC_CONTINUE, all fields "any") to chain c and returns it; the
 * pointer is valid until the next nc_rule_add on that chain. */
NcRule *nc_rule_add(NcRuleset *rs, int c, int line, const char *text, size_t text_len);
void nc_note_add(NcRuleset *rs, int line, const char *text, size_t text_len);
/* Moves the last rule of chain c (just parsed there for its conditions) to the end of a NAT stage and
 * returns the new NAT rule (kind NC_NAT_NONE, nothing rewritten); valid until the next nc_nat_take. */
NcNat *nc_nat_take(NcRuleset *rs, int c, NcNatStage stage);
/* The packet p after the NAT rule n (the lowest value of a rewritten range, as the kernel's first choice;
 * masquerade keeps the address, which the configuration does not state). */
NcPacket nc_nat_translate(const NcNat *n, const NcPacket *p);

void nc_set_add(NcSet *s, uint32_t lo, uint32_t hi);
/* Adds the IPv4 prefix addr/len. */
void nc_set_add_prefix(NcSet *s, uint32_t addr, int len);
bool nc_set_is_any(const NcSet *s);
bool nc_set_contains(const NcSet *s, uint32_t v);
void nc_set_free(NcSet *s);
/* dst = a copy of src's spans (appended; neg is copied). */
void nc_set_copy(NcSet *dst, const NcSet *src);

/* Does the rule's interface condition accept the interface name? */
bool nc_iface_matches(const NcIface *f, const char *name);
/* Does the rule match the packet arriving on in_if and leaving on out_if (NULL: unknown, matches
 * only rules that do not name one)? Connection state: the packet opens a new connection, untranslated. */
bool nc_rule_matches(const NcRule *r, const NcPacket *p, const char *in_if, const char *out_if);

/* Parses "a.b.c.d" or "a.b.c.d/len" or "a.b.c.d/m.m.m.m" (a contiguous mask); false on anything else.
 * The address is masked to the prefix. */
bool nc_parse_ipv4(const char *s, size_t n, uint32_t *addr, int *len);
/* Formats a host-order address into out (at least 16 bytes). */
void nc_format_ipv4(uint32_t a, char *out);
/* Well-known protocol names (tcp, udp, icmp, …) to numbers; -1 when unknown. */
int nc_proto_number(const char *name, size_t n);
const char *nc_proto_name(int proto);
/* Service names used in configurations (www, smtp, domain, …) to port numbers; -1 when unknown. */
int nc_port_number(const char *name, size_t n);
