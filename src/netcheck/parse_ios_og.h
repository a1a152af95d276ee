/* parse_ios_og: Cisco IOS object groups for ACLs (`object-group network NAME`, `object-group service
 * NAME`, their members and `group-object` nesting), kept while the configuration is read and resolved
 * where an access-list entry names them. Internal to parse_ios.c; docs/netcheck.md "Cisco IOS". */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "netcheck/ir.h"
#include "netcheck/parse_util.h"

#define IOS_OG_MAX_DEPTH 16

typedef struct IosOgs IosOgs;

/* One service of a service group: protocol (-1: ip, any) and ports (ICMP: type in sport, code in dport). */
typedef struct IosSvc {
    int proto;
    NcSet sport, dport;
} IosSvc;

IosOgs *ios_ogs_new(void);
void ios_ogs_free(IosOgs *g);
/* A top-level `object-group TYPE NAME` line: opens the group its members follow. Only network and
 * service groups are known; others are netcheck_unsupported. */
Status ios_og_open(IosOgs *g, const char *file, int line, const NcWords *w, Err *e);
/* Any other top-level line ends the open group. */
void ios_og_close(IosOgs *g);
/* A member line of the open group (description lines are skipped); false when no group is open. */
Status ios_og_member(IosOgs *g, const char *file, int line, const NcWords *w, Err *e);
bool ios_og_is_open(const IosOgs *g);
/* The addresses of network group name, added to s; line is the entry's for errors. */
Status ios_og_network(const IosOgs *g, const char *file, int line, const char *name, NcSet *s, Err *e);
/* The services of service group name (*v malloc'd, free with ios_og_services_free). */
Status ios_og_services(const IosOgs *g, const char *file, int line, const char *name, IosSvc **v, size_t *n, Err *e);
void ios_og_services_free(IosSvc *v, size_t n);
