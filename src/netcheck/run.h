/* run: one netcheck run from bytes to a result, the same for the CLI and the server. The caller hands
 * in the zone matrix, the topology and the configuration files (name and bytes) and, when it has the
 * 情報システム台帳, the zone map (topology.h); the result is JSON with both languages' labels, so a
 * stored run can be shown, exported and printed later in either. Everything is in memory: a caller
 * may run it in a sandboxed child (it opens no file). The JSON layout is in docs/netcheck.md. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "netcheck/parse.h"
#include "netcheck/topology.h"

typedef struct NcFile {
    const char *name; /* as uploaded or given on the command line; matched to a device by base name */
    const char *data;
    size_t len;
} NcFile;

typedef struct NcRunInput {
    NcFile matrix;            /* the zone matrix (packs/mic/netcheck.yaml) */
    NcFile topology;          /* unused by nc_run_diff */
    const NcFile *configs;    /* check: one per device; diff: [0] before, [1] after */
    size_t n_configs;
    NcFormat format;
    const NcSystemRef *systems; /* the zone map; NULL: the topology's own names and zones */
    size_t n_systems;
    bool hygiene;
} NcRunInput;

typedef struct NcRunSummary {
    size_t violations; /* check: forbidden paths found */
    size_t opened, closed; /* diff */
    size_t findings;   /* hygiene findings */
} NcRunSummary;

/* The zone check with hygiene: *json (malloc'd) is the result. A configuration that is no device's,
 * a device without its configuration: netcheck_config_unmatched / netcheck_config_missing; parser
 * and topology errors name the file and the line. */
Status nc_run_check(const NcRunInput *in, char **json, NcRunSummary *sum, Err *e);
/* The differential mode over configs[0] (before) and configs[1] (after). */
Status nc_run_diff(const NcRunInput *in, char **json, NcRunSummary *sum, Err *e);
/* The hygiene of each configuration alone: {"kind":"hygiene","devices":[…],"hygiene":[…]}. */
Status nc_run_hygiene(const NcRunInput *in, char **json, NcRunSummary *sum, Err *e);
/* The base name of a path ("a/b/fw.rules" → "fw.rules"). */
const char *nc_base_name(const char *path);
