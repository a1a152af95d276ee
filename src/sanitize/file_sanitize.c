/* sanitize_file: disarm_file inside the sandbox. A file (or archive member) that the policy wants
 * converted comes back as a conversion request; the parent converts it (convert.h) and runs the
 * sandboxed pass once more with the result. */
#include "sanitize/convert.h"
#include "sanitize/disarm.h"
#include "sanitize/sandbox.h"

typedef struct FileJob {
    const SanitizePolicy *p;
    const uint8_t *in;
    size_t n;
    const char *name;
} FileJob;

static void run_disarm(void *arg, SandboxOutput *out, Verdict *v)
{
    const FileJob *j = arg;
    disarm_set_conversion_requests(out);
    disarm_file(j->p, j->in, j->n, j->name, &out->main, v, 0);
}

Status sanitize_file(const SanitizePolicy *p, const uint8_t *in, size_t n, const char *name, Buf *out,
                     Verdict **v, Err *e)
{
    disarm_prepare(p);
    FileJob job = {p, in, n, name};
    SandboxOutput so = SANDBOX_OUTPUT_INIT;
    Status st = sandbox_run(p, run_disarm, &job, name, &so, v, e);
    if (st != ST_OK)
        return st;
    Conversions conv;
    if (p->legacy_formats == LEGACY_CONVERT && convert_requests(p, &so, &conv)) {
        SanitizePolicy second = *p;
        second.conversions = &conv;
        job.p = &second;
        verdict_free(*v);
        sandbox_output_free(&so);
        st = sandbox_run(&second, run_disarm, &job, name, &so, v, e);
        conversions_free(&conv);
        if (st != ST_OK)
            return st;
    }
    /* The parent records the input itself: a child that failed said nothing about it. */
    verdict_set_input(*v, in, n);
    buf_reset(out);
    if (!verdict_blocked(*v))
        buf_append(out, so.main.data ? so.main.data : "", so.main.len);
    sandbox_output_free(&so);
    return ST_OK;
}
