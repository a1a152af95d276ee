/* Malware scan with libclamav (第105条). Loading a signature database takes seconds to minutes, so
 * the engine is loaded once per process and per database directory, in the parent (scan_prepare),
 * before the sandboxed child is forked: the child inherits it and only scans memory. The scan is raw
 * (ClamAV's own archive and document parsers are off): disarm_file already takes archives apart
 * and scans every member, and ClamAV's parsers would need temporary files the sandbox forbids. */
#include <clamav.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "sanitize/disarm_types.h"
#include "sanitize/sandbox.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct cl_engine *engine;
static char *engine_db;     /* the directory engine was loaded from */
static char *failed_db;     /* a directory that could not be loaded (not retried in this process) */
static struct cl_stat engine_stat; /* the files engine was loaded from, to notice an update */
static bool engine_stat_set;

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

void scan_prepare(const SanitizePolicy *p)
{
    if (!p->clamav_db)
        return;
    pthread_mutex_lock(&lock);
    /* A long-running process (lgsec serve rescanning a 原本 at release) must scan with the
     * signatures installed now: the engine is loaded again when the directory's files changed. */
    bool changed = same(engine_db, p->clamav_db) && engine_stat_set && cl_statchkdir(&engine_stat) == 1;
    if ((same(engine_db, p->clamav_db) && !changed) || same(failed_db, p->clamav_db)) {
        pthread_mutex_unlock(&lock);
        return;
    }
    static bool inited;
    if (!inited) {
        if (cl_init(CL_INIT_DEFAULT) != CL_SUCCESS) {
            pthread_mutex_unlock(&lock);
            return;
        }
        inited = true;
    }
    struct cl_engine *e = cl_engine_new();
    unsigned sigs = 0;
    bool ok = e && cl_load(p->clamav_db, e, &sigs, CL_DB_STDOPT) == CL_SUCCESS && sigs > 0 &&
              cl_engine_compile(e) == CL_SUCCESS;
    if (ok) {
        if (engine)
            cl_engine_free(engine);
        free(engine_db);
        engine = e;
        engine_db = xstrdup(p->clamav_db);
        if (engine_stat_set)
            cl_statfree(&engine_stat);
        memset(&engine_stat, 0, sizeof engine_stat);
        engine_stat_set = cl_statinidir(p->clamav_db, &engine_stat) == CL_SUCCESS;
    } else {
        if (e)
            cl_engine_free(e);
        free(failed_db);
        failed_db = xstrdup(p->clamav_db);
    }
    pthread_mutex_unlock(&lock);
}

void scan_buffer(const SanitizePolicy *p, const uint8_t *in, size_t n, const char *name, Verdict *v)
{
    /* ClamAV needs a temporary directory for every scan and reports a scan without one as clean:
     * in a sandbox without a scratch directory, the scan is unavailable. */
    if (!engine || !same(engine_db, p->clamav_db) || !sandbox_scratch_usable()) {
        if (p->require_malware_scan)
            verdict_block(v, "malware_scan_unavailable",
                          "ウイルス定義データベースを利用できないため、ウイルス検査ができず遮断しました。",
                          "blocked: no usable malware signature database, so the file could not be scanned");
        else
            verdict_note(v, "not scanned: no usable malware signature database");
        return;
    }
    struct cl_scan_options opt;
    memset(&opt, 0, sizeof opt);
    cl_fmap_t *map = cl_fmap_open_memory(in, n);
    if (!map) {
        verdict_block(v, "malware_scan_failed", "ウイルス検査に失敗したため遮断しました。",
                      "blocked: the malware scan failed");
        return;
    }
    const char *virname = NULL;
    unsigned long scanned = 0;
    cl_error_t rc = cl_scanmap_callback(map, name, &virname, &scanned, engine, &opt, NULL);
    cl_fmap_close(map);
    if (rc == CL_VIRUS) {
        char ja[256], en[256];
        snprintf(ja, sizeof ja, "マルウェア(%s)を検出したため遮断しました。", virname ? virname : "?");
        snprintf(en, sizeof en, "blocked: malware found (%s)", virname ? virname : "?");
        verdict_block(v, "malware", ja, en);
    } else if (rc != CL_CLEAN) {
        verdict_block(v, "malware_scan_failed", "ウイルス検査に失敗したため遮断しました。",
                      "blocked: the malware scan failed");
    }
}
