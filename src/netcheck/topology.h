/* topology: the network as the check sees it, read from two small YAML files — the zone matrix (which
 * flows between the zones each model α, α', β, β' allows, with the article; packs/mic/netcheck.yaml)
 * and a site's topology (the zones' networks, the 無害化 relays and 特定通信, and the devices: which
 * interface faces which zone, which interface leads to which other device). Both are validated here:
 * an error names the file, the line and the key. docs/netcheck.md describes the formats. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "netcheck/eval.h"
#include "netcheck/ir.h"

#define NC_ID 48
#define NC_MAX_ZONES 16
#define NC_MAX_TOPO_ITEMS 1000 /* devices, interfaces per device, relays, 特定通信 */

typedef enum NcAllow {
    NC_ALLOW_NONE,      /* nothing may pass */
    NC_ALLOW_SPECIFIED, /* only the 特定通信 the topology names (第24条(1)) */
    NC_ALLOW_RELAYS,    /* only to or from the named kinds of 無害化 relay, on their ports (第25条) */
    NC_ALLOW_ANY,       /* not restricted by the model */
} NcAllow;

typedef struct NcFlowRule {
    char from[NC_ID], to[NC_ID];
    NcAllow allow;
    char relays[8][NC_ID]; /* relay kinds for NC_ALLOW_RELAYS */
    int n_relays;
    char article[64];
    char *ja, *en; /* what the rule says, for the report */
    int line;      /* in the matrix file (pack validation names it) */
} NcFlowRule;

typedef struct NcModel {
    char id[NC_ID];
    int line;
    char *ja, *en;
    NcFlowRule *rules;
    size_t n;
} NcModel;

typedef struct NcZoneLabel {
    char id[NC_ID];
    int line;
    char *ja, *en;
} NcZoneLabel;

typedef struct NcMatrix {
    NcZoneLabel zones[NC_MAX_ZONES];
    int n_zones;
    NcModel *models;
    size_t n_models;
} NcMatrix;

/* A service: protocol and destination ports ("tcp/25", "tcp/8000-8010", "icmp"). */
typedef struct NcService {
    int proto;
    uint32_t lo, hi;
} NcService;

typedef struct NcRelay {
    char *name;
    char kind[NC_ID];
    char system[NC_ID]; /* the 情報システム台帳's code when the relay is a site system (`relay:`), else "" */
    NcSet addr;
    NcService *svc;
    size_t n_svc;
} NcRelay;

typedef struct NcSpecified { /* 特定通信: a flow the site declares necessary (第24条(1)) */
    char *name;
    char from[NC_ID], to[NC_ID];
    NcSet src, dst;
    NcService *svc;
    size_t n_svc;
} NcSpecified;

typedef struct NcBinding {
    char iface[32];
    int zone;             /* index into NcTopology.zones, or -1 */
    int peer_device;      /* index of the device this interface leads to, or -1 */
    char peer_iface[32];
} NcBinding;

typedef struct NcDevice {
    char *name;
    char *config; /* the configuration file's name as given in the topology */
    NcBinding *ifs;
    size_t n_ifs;
    /* filled by the caller: the parsed configuration and its analysis (owned by the device) */
    NcRuleset *rs;
    NcAnalysis *an;
} NcDevice;

typedef struct NcTopoZone {
    char id[NC_ID];
    NcSet nets;
    int line;
} NcTopoZone;

/* A system of the 情報システム台帳 and its addresses at this site (the topology's `systems:`). Its name
 * and zone come from the register (nc_topology_bind_systems, sysmap.c) or, without one, from the
 * topology itself; its addresses belong to its zone. */
typedef struct NcSiteSystem {
    char code[NC_ID]; /* the register's 管理番号 */
    char *name;       /* NULL until known */
    char zone[NC_ID]; /* "" until known */
    NcSet addr;
    int line;
    bool merged; /* addr has been added to the zone's networks */
    /* a 無害化 relay (or security cloud, allowed cloud service) of this kind on these services, when the
     * topology's `relays:` does not already name it (nc_topology_finish makes it an NcRelay) */
    char relay[NC_ID];
    NcService *svc;
    size_t n_svc;
} NcSiteSystem;

typedef struct NcTopology {
    char *file;
    char model[NC_ID];
    NcTopoZone zones[NC_MAX_ZONES];
    int n_zones;
    NcRelay *relays;
    size_t n_relays;
    NcSpecified *specified;
    size_t n_specified;
    NcDevice *devices;
    size_t n_devices;
    NcSiteSystem *systems;
    size_t n_systems;
} NcTopology;

Status nc_matrix_load(const char *file, const char *text, size_t n, NcMatrix **out, Err *e);
void nc_matrix_free(NcMatrix *m);
const NcModel *nc_matrix_model(const NcMatrix *m, const char *id);
const NcZoneLabel *nc_matrix_zone(const NcMatrix *m, const char *id);

/* Reads a topology and checks it against the matrix (its model and zones exist, interfaces and links
 * are consistent). */
Status nc_topology_load(const char *file, const char *text, size_t n, const NcMatrix *m, NcTopology **out, Err *e);
void nc_topology_free(NcTopology *t);
int nc_topology_zone(const NcTopology *t, const char *id);
/* The zone map (sysmap.c): the narrow interface between the engine and the 情報システム台帳. The
 * caller (a domain module) lists the register's systems; the engine knows nothing else of it. */
typedef struct NcSystemRef {
    const char *code, *name, *zone;
    const char *relay; /* the register's 無害化中継の種類 (relay_kind); NULL or "" for an ordinary system */
} NcSystemRef;
/* Gives every system the topology names its register name and zone (refs, n), and its relay kind
 * when the topology writes no `relay:` (the topology's own kind overrides the register's): a code the
 * register does not know, or a zone the topology declares otherwise, is netcheck_topology naming the
 * line. */
Status nc_topology_bind_systems(NcTopology *t, const NcSystemRef *refs, size_t n, Err *e);
/* Ends the systems' part of loading: each system's addresses join its zone (created when the
 * topology lists no such zone); a system whose zone is still unknown, or a zone left without
 * addresses, is netcheck_topology. A system with `relay: KIND` becomes a relay named as the register
 * names it, unless a relay of `relays:` of that kind already holds its addresses; its kind must be one
 * the model lets cross a boundary of the system's zone (a mail relay in the My Number zone, a kind no
 * flow of the model names: netcheck_topology with the line). A relay kind without `services:`, or
 * `services:` without a kind (neither the topology's nor the register's), is netcheck_topology too. Call after nc_topology_bind_systems (if
 * any) and before checking. */
Status nc_topology_finish(NcTopology *t, const NcMatrix *m, Err *e);
/* The site system whose addresses hold addr (the smallest when several do), or NULL. */
const NcSiteSystem *nc_topology_system_at(const NcTopology *t, uint32_t addr);
/* Parses "tcp/25", "udp/500-4500", "tcp", "icmp"; false on anything else. */
bool nc_service_parse(const char *s, NcService *out);
