/* gate_config: where the gate keeps its log, quarantine and signatures on this machine (gate.h). */
#include <stdlib.h>

#include "core/xmalloc.h"
#include "domain/gate/gate.h"

static GateConfig config;

static const char *copy(const char *s) { return s && *s ? xstrdup(s) : NULL; }

void gate_configure(const GateConfig *c)
{
    free((char *)config.verdict_log);
    free((char *)config.quarantine_dir);
    free((char *)config.clamav_db);
    config = (GateConfig){copy(c->verdict_log), copy(c->quarantine_dir), copy(c->clamav_db)};
}

const GateConfig *gate_config(void) { return &config; }
