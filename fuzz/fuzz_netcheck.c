/* fuzz_netcheck: the netcheck parsers of untrusted configurations — iptables-save, nft JSON, YAMAHA RTX,
 * FortiGate, Cisco IOS, Cisco ASA and the topology YAML — and, for what parses, the whole analysis (chain reduction, hygiene, a trace of the
 * witness). The first byte picks the parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/embed.h"
#include "netcheck/check.h"
#include "netcheck/nat.h"
#include "netcheck/parse.h"

static void analyse(NcRuleset *rs)
{
    Err e = {0};
    NcAnalysis *a = nc_analysis_new(rs, &e);
    if (!a)
        return;
    PSet p = nc_permitted(a, "eth0", "eth1");
    NcPacket w;
    if (ps_witness(p, &w)) {
        NcTrace t;
        nc_trace(rs, &w, "eth0", "eth1", &t);
        if (!t.accepted)
            abort(); /* the engine and the concrete matcher disagree */
    }
    /* every translated packet comes from a packet its NAT rule takes */
    size_t np;
    NcNatPart *parts = nc_nat_split(rs, NC_NAT_PRE, p, "eth0", NULL, &np);
    for (size_t i = 0; i < np; i++) {
        NcPacket q, back;
        if (parts[i].rule >= 0 && ps_witness(parts[i].after, &q) &&
            !nc_nat_preimage(&rs->nat[NC_NAT_PRE][parts[i].rule], parts[i].before, &q, &back))
            abort();
    }
    nc_nat_parts_free(parts, np);
    ps_free(p);
    size_t n;
    free(nc_hygiene(a, &n));
    nc_analysis_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    Err e = {0};
    if (data[0] % 7 == 2) {
        static NcMatrix *m;
        if (!m) {
            const EmbeddedFile *f = embedded_find(embedded_pack_mic, "netcheck.yaml");
            if (!f || nc_matrix_load("netcheck.yaml", (const char *)f->data, f->len, &m, &e) != ST_OK)
                abort();
        }
        NcTopology *t = NULL;
        if (nc_topology_load("fuzz.yaml", text, n, m, &t, &e) == ST_OK) {
            if (nc_topology_finish(t, m, &e) == ST_OK && t->n_systems)
                (void)nc_topology_system_at(t, 0x0a010203u);
            nc_topology_free(t);
        }
        return 0;
    }
    NcRuleset *rs = NULL;
    static const NcFormat formats[7] = {NC_FMT_IPTABLES, NC_FMT_NFT_JSON, NC_FMT_AUTO, NC_FMT_RTX,
                                        NC_FMT_FORTIGATE, NC_FMT_IOS, NC_FMT_ASA};
    if (nc_parse("fuzz.conf", text, n, formats[data[0] % 7], &rs, &e) == ST_OK) {
        analyse(rs);
        nc_ruleset_free(rs);
    }
    return 0;
}
