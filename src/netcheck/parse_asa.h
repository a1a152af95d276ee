/* parse_asa.h: what the two halves of the Cisco ASA parser share (internal to src/netcheck):
 * parse_asa_obj.c reads objects, object groups and object NAT; parse_asa.c reads access lists,
 * access-groups and interfaces and builds the IR (see parse_asa.c). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "netcheck/ir.h"
#include "netcheck/parse_util.h"

#define ASA_MAX_OBJECTS 100000
#define ASA_MAX_DEPTH 16
#define ASA_MAX_IFACES 1024

/* One protocol/port combination of a service: proto, source ports, destination ports (ICMP: type in
 * sport, code in dport, as the IR keeps them). */
typedef struct AsaSvc {
    NcSet proto, sport, dport;
} AsaSvc;

typedef enum AsaKind { K_NAME, K_NETOBJ, K_NETGROUP, K_SVCOBJ, K_SVCGROUP, K_PORTGROUP, K_PROTOGROUP, K_ICMPGROUP } AsaKind;

typedef struct AsaObj {
    char name[68];
    AsaKind kind;
    int line;
    int depth;         /* nesting of groups (1 for a plain object) */
    NcSet addr;        /* K_NAME, K_NETOBJ, K_NETGROUP */
    AsaSvc *svc;       /* K_SVCOBJ, K_SVCGROUP */
    size_t n_svc;
    NcSet set;         /* K_PORTGROUP: ports; K_PROTOGROUP: protocols; K_ICMPGROUP: types */
    bool tcp, udp;     /* K_PORTGROUP: the group's type */
    int bad_line;      /* a definition that cannot be modelled (fqdn …): an error where it is used */
    char bad[48];
} AsaObj;

typedef struct AsaAce { /* one extended entry, resolved */
    char list[68];
    int line;
    char *text;
    bool permit;
    NcSet src, dst;
    AsaSvc *svc;
    size_t n_svc;
    bool not_ipv4;
} AsaAce;

typedef struct AsaIf {
    char phys[64], nameif[32];
    int level, line;
    char in[68], out[68];
    int in_line, out_line;
} AsaIf;

typedef struct AsaNat { /* one object NAT line, emitted once the chains exist */
    int line;
    char *text;
    NcSet real;
    char real_if[32], mapped_if[32]; /* "" for any */
    bool is_static, to_iface;
    uint32_t mlo, mhi;
    int proto; /* -1: no service */
    uint32_t rport, mport;
} AsaNat;

/* One twice (manual) NAT line `nat (REAL_IF,MAPPED_IF) [after-auto] source static|dynamic REAL MAPPED
 * [destination static MAPPED_DST REAL_DST] [options]` (parse_asa_twice.c). An address is one span; any
 * is 0.0.0.0–255.255.255.255. */
typedef struct AsaTwice {
    int line;
    char *text;
    char real_if[32], mapped_if[32]; /* "" for any */
    bool is_static, after_auto, unidirectional, to_iface, has_dst;
    uint32_t rlo, rhi, mlo, mhi;         /* the source: real and mapped */
    uint32_t dmlo, dmhi, drlo, drhi;     /* the destination: mapped (as sent) and real */
} AsaTwice;

typedef struct Asa {
    const char *file;
    Err *e;
    NcRuleset *rs;
    AsaObj *obj;
    size_t n_obj, cap_obj;
    AsaAce *ace;
    size_t n_ace, cap_ace;
    AsaIf *ifs;
    size_t n_if, cap_if;
    char global[68];
    int global_line;
    bool same_security;
    AsaNat *nat;
    size_t n_nat;
    AsaTwice *twice;
    size_t n_twice;
} Asa;


Status asa_unsupported(Asa *p, int line, const char *what);
Status asa_syntax(Asa *p, int line, const char *what);
AsaObj *asa_find_obj(Asa *p, const char *name);
/* A reference to an object that must exist with one of the kinds (mask of 1 << AsaKind). */
Status asa_ref(Asa *p, int line, const char *name, unsigned kinds, AsaObj **out);
void asa_svc_copy(AsaSvc *d, const AsaSvc *s);
void asa_svc_free(AsaSvc *v, size_t n);
AsaSvc *asa_svc_push(AsaSvc **v, size_t *n);
/* Appends s's spans to d; false beyond NC_MAX_SPANS. */
bool asa_set_append(NcSet *d, const NcSet *s);
/* A contiguous netmask "255.255.255.0" as a prefix length. */
bool asa_mask_len(const char *m, int *len);
/* An address or a `name` alias. */
bool asa_host_addr(Asa *p, const char *s, uint32_t *a);
bool asa_port_value(const char *s, uint32_t *v);
/* eq P | neq P | lt P | gt P | range A B at w[*i]; false when w[*i] is no operator or malformed (*bad
 * tells which). */
bool asa_port_op(const NcWords *w, int *i, NcSet *s, bool *bad);
/* An ICMP type name or number, -1 when neither. */
int asa_icmp_type(const char *s);
/* A protocol name or number; 256 for "ip" (every protocol); -1 when unknown. */
int asa_protocol(const char *s);
/* A service's protocol word into s->proto ("ip" leaves it any). */
bool asa_svc_proto(AsaSvc *s, const char *word, int *num);
Status asa_add_object(Asa *p, int line, const char *name, AsaKind kind, AsaObj **out);
/* A top-level `nat (…) source …` line: true when it is a twice NAT the engine models (kept in
 * p->twice); false for the forms it does not (pat-pool, object groups, services: the caller notes
 * them). */
bool asa_twice_line(Asa *p, int line, const NcWords *w, const char *text);
/* A PAT pool option (round-robin, extended, flat, include-reserve, block-allocation): it chooses the
 * pool address and ports of a connection, not what is translated. */
bool asa_pat_pool_option(const char *w);
/* The NAT rules of the twice NAT lines of one section (after_auto false: before object NAT; true:
 * after it) on the scratch chain c. */
Status asa_twice_emit(Asa *p, int c, bool after_auto);
/* A line inside `object …` / `object-group …` (object NAT lines become p->nat). */
Status asa_object_line(Asa *p, AsaObj *o, int line, const NcWords *w, const char *text);
