/* netcheck_exec: the engine runs over untrusted configuration files, so it runs in a sandboxed child
 * (sanitize's sandbox_run: seccomp allow-list, no file access, CPU, memory and wall-clock limits).
 * The child writes the result JSON as its main output, or its error as the blob "error"
 * ({code, field, ja, en}); a child that crashes or hits a limit is netcheck_sandbox_failed. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "domain/netcheck/netcheck_internal.h"
#include "sanitize/sandbox.h"

typedef struct Job {
    NetcheckMode mode;
    const NcRunInput *in;
} Job;

static void child(void *arg, SandboxOutput *out, Verdict *v)
{
    (void)v;
    const Job *j = arg;
    char *json = NULL;
    NcRunSummary sum;
    Err e = {0};
    Status st = j->mode == NETCHECK_CHECK ? nc_run_check(j->in, &json, &sum, &e)
              : j->mode == NETCHECK_DIFF  ? nc_run_diff(j->in, &json, &sum, &e)
                                          : nc_run_hygiene(j->in, &json, &sum, &e);
    if (st != ST_OK) {
        json_t *err = json_pack("{s:s, s:s, s:s, s:s}", "code", e.code, "field", e.field, "ja", e.ja, "en", e.en);
        char *text = err ? json_dumps(err, JSON_COMPACT) : NULL;
        sandbox_output_add(out, "error", text ? text : "{}", text ? strlen(text) : 2);
        free(text);
        json_decref(err);
        return;
    }
    json_t *s = json_pack("{s:I, s:I, s:I, s:I}", "violations", (json_int_t)sum.violations, "opened",
                          (json_int_t)sum.opened, "closed", (json_int_t)sum.closed, "findings", (json_int_t)sum.findings);
    char *text = json_dumps(s, JSON_COMPACT);
    sandbox_output_add(out, "summary", text, strlen(text));
    free(text);
    json_decref(s);
    buf_append(&out->main, json, strlen(json));
    free(json);
}

static const SandboxBlob *blob(const SandboxOutput *o, const char *name)
{
    for (size_t i = 0; i < o->n_extra; i++)
        if (strcmp(o->extra[i].name, name) == 0)
            return &o->extra[i];
    return NULL;
}

static json_t *blob_json(const SandboxBlob *b)
{
    return b ? json_loadb(b->data.data ? b->data.data : "", b->data.len, 0, NULL) : NULL;
}

/* The engine's error as the child raised it (an Err of the parsers or the topology, with its
 * catalog code and the message naming the file and the line), rebuilt field by field in the parent;
 * anything else the child might say is netcheck_sandbox_failed. */
static Status engine_error(Err *e, json_t *err)
{
    const char *code = json_string_value(json_object_get(err, "code"));
    const ErrDef *def = code && strncmp(code, "netcheck_", 9) == 0 ? err_def(code) : NULL;
    if (!def)
        return err_set(e, ST_LIMIT, "netcheck_sandbox_failed", "configs", "解析の結果を読めません",
                       "the analysis's answer cannot be read");
    const char *field = json_string_value(json_object_get(err, "field"));
    const char *ja = json_string_value(json_object_get(err, "ja")), *en = json_string_value(json_object_get(err, "en"));
    if (e) {
        err_clear(e);
        e->status = def->kind;
        snprintf(e->code, sizeof e->code, "%s", def->code);
        snprintf(e->field, sizeof e->field, "%s", field ? field : "");
        snprintf(e->ja, sizeof e->ja, "%s", ja ? ja : "");
        snprintf(e->en, sizeof e->en, "%s", en ? en : "");
    }
    return def->kind;
}

Status netcheck_exec(NetcheckMode mode, const NcRunInput *in, char **json, NcRunSummary *sum, Err *e)
{
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    /* the benchmark's 20,000 rules take about 5 CPU seconds and 210 MiB (docs/netcheck.md) */
    p.cpu_seconds = 30;
    p.memory_bytes = (size_t)1 << 30;
    p.timeout_ms = 60000;
    Job job = {mode, in};
    SandboxOutput so = SANDBOX_OUTPUT_INIT;
    Verdict *v = NULL;
    Status st = sandbox_run(&p, child, &job, "netcheck", &so, &v, e);
    if (st != ST_OK)
        return st;
    json_t *err = blob_json(blob(&so, "error")), *s = blob_json(blob(&so, "summary"));
    if (verdict_blocked(v) || (!err && !s)) {
        char *vj = verdict_to_json(v);
        json_t *vd = json_loads(vj, 0, NULL), *b = json_object_get(vd, "blocked");
        st = err_setf(e, ST_LIMIT, "netcheck_sandbox_failed", "configs", "設定の解析を中断しました: %s",
                      "the analysis was stopped: %s", json_string_value(json_object_get(b, "ja")) ?: "?",
                      json_string_value(json_object_get(b, "en")) ?: "?");
        json_decref(vd);
        free(vj);
    } else if (err) {
        st = engine_error(e, err);
    } else {
        *json = xstrndup(so.main.data ? so.main.data : "", so.main.len);
        sum->violations = (size_t)json_integer_value(json_object_get(s, "violations"));
        sum->opened = (size_t)json_integer_value(json_object_get(s, "opened"));
        sum->closed = (size_t)json_integer_value(json_object_get(s, "closed"));
        sum->findings = (size_t)json_integer_value(json_object_get(s, "findings"));
    }
    json_decref(err);
    json_decref(s);
    verdict_free(v);
    sandbox_output_free(&so);
    return st;
}
