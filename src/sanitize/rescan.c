/* rescan: a malware scan alone in the sandbox, and the signature database's build time (rescan.h). */
#include "sanitize/rescan.h"

#include <clamav.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sanitize/disarm.h"
#include "sanitize/disarm_types.h"
#include "sanitize/sandbox.h"

typedef struct ScanJob {
    const SanitizePolicy *p;
    const uint8_t *in;
    size_t n;
    const char *name;
} ScanJob;

static void run_scan(void *arg, SandboxOutput *out, Verdict *v)
{
    (void)out;
    const ScanJob *j = arg;
    verdict_set_type(v, "original");
    scan_buffer(j->p, j->in, j->n, j->name, v);
}

Status sanitize_rescan(const SanitizePolicy *p, const uint8_t *in, size_t n, const char *name, Verdict **v, Err *e)
{
    scan_prepare(p); /* the engine is loaded in the parent; the child inherits it */
    ScanJob job = {p, in, n, name};
    SandboxOutput so = SANDBOX_OUTPUT_INIT;
    Status st = sandbox_run(p, run_scan, &job, name, &so, v, e);
    if (st != ST_OK)
        return st;
    verdict_set_input(*v, in, n);
    sandbox_output_free(&so);
    return ST_OK;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The extensions ClamAV loads from a database directory (cl_load). */
static bool signature_file(const char *name)
{
    static const char *const ext[] = {".cvd", ".cld", ".cud", ".hdb", ".hsb", ".mdb", ".msb", ".ndb", ".ldb",
                                      ".cdb", ".fp", ".sfp", ".ign", ".ign2", ".yar", ".yara", ".pdb", ".wdb",
                                      ".ftm", ".cfg", ".info", ".idb", ".crb", ".cat", NULL};
    for (int i = 0; ext[i]; i++)
        if (has_suffix(name, ext[i]))
            return true;
    return false;
}

Status signature_db_built_at(const char *dir, int64_t *built_at, Err *e)
{
    *built_at = 0;
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d)
        return err_setf(e, ST_NOTFOUND, "signature_db_missing", "clamav_db",
                        "ウイルス定義データベース %s を読めません", "cannot read the signature database %s",
                        dir ? dir : "(none)");
    int64_t newest_header = 0, newest_mtime = 0;
    bool any = false;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || !signature_file(de->d_name))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        any = true;
        if (has_suffix(de->d_name, ".cvd") || has_suffix(de->d_name, ".cld")) {
            struct cl_cvd *h = cl_cvdhead(path);
            if (h) {
                if ((int64_t)h->stime > newest_header)
                    newest_header = (int64_t)h->stime;
                cl_cvdfree(h);
                continue;
            }
        }
        if ((int64_t)st.st_mtime > newest_mtime)
            newest_mtime = (int64_t)st.st_mtime;
    }
    closedir(d);
    if (!any)
        return err_setf(e, ST_NOTFOUND, "signature_db_missing", "clamav_db",
                        "%s にウイルス定義ファイルがありません", "no signature file in %s", dir);
    *built_at = newest_header ? newest_header : newest_mtime;
    return ST_OK;
}
