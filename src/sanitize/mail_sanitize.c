/* sanitize_mail (sanitize.h): mail_convert in the sandbox, then, with ATTACHMENTS_QUARANTINE, the
 * disarmed attachments the child handed back are written to the quarantine directory (0700) as
 * 0600 files named by their SHA-256, and the originals as received to its originals/ directory. A message whose attachments cannot be stored is not delivered:
 * its body would promise a release that cannot happen. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sanitize/convert.h"
#include "sanitize/disarm.h"
#include "sanitize/mail.h"
#include "sanitize/sandbox.h"
#include "sanitize/sandbox_worker.h"
#include "sanitize/sanitize.h"

typedef struct MailJob {
    const SanitizePolicy *p;
    const uint8_t *in;
    size_t n;
} MailJob;

static void run_job(void *arg, SandboxOutput *out, Verdict *v)
{
    MailJob *j = arg;
    disarm_set_conversion_requests(out);
    mail_convert(j->p, j->in, j->n, out, v);
}

static void run_worker_job(void *arg, const uint8_t *in, size_t n, SandboxOutput *out, Verdict *v)
{
    disarm_set_conversion_requests(out);
    mail_convert(arg, in, n, out, v);
}

static bool sha256_name(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return i == 64;
}

static Status write_blob(const char *qdir, const SandboxBlob *b, Err *e)
{
    /* "<sha256>": a disarmed copy, in the directory itself; "original-<sha256>": the attachment as
     * received, in originals/ (0700 like the directory). */
    static const char original[] = "original-";
    bool is_original = strncmp(b->name, original, sizeof original - 1) == 0;
    const char *name = is_original ? b->name + sizeof original - 1 : b->name;
    if (!sha256_name(name))
        return err_set(e, ST_INTERNAL, "quarantine_name", "", "隔離ファイル名が不正です。",
                       "a quarantined attachment has an invalid name");
    char dir[4096], path[4200], tmp[4300];
    snprintf(dir, sizeof dir, is_original ? "%s/originals" : "%s", qdir);
    if (is_original && mkdir(dir, 0700) != 0 && errno != EEXIST)
        return err_setf(e, ST_IO, "quarantine_dir", "quarantine_dir", "隔離ディレクトリを作成できません: %s",
                        "cannot create the quarantine directory: %s", strerror(errno));
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (access(path, F_OK) == 0)
        return ST_OK; /* named by content: already kept */
    snprintf(tmp, sizeof tmp, "%s/.%s.%ld.tmp", dir, name, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_setf(e, ST_IO, "quarantine_write", "quarantine_dir", "隔離ファイルを作成できません: %s",
                        "cannot create a quarantine file: %s", strerror(errno));
    size_t off = 0;
    while (off < b->data.len) {
        ssize_t w = write(fd, b->data.data + off, b->data.len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    bool ok = off == b->data.len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return err_setf(e, ST_IO, "quarantine_write", "quarantine_dir", "隔離ファイルを書き込めません: %s",
                        "cannot write a quarantine file: %s", strerror(errno));
    }
    return ST_OK;
}

static Status quarantine(const SanitizePolicy *p, const SandboxOutput *so, Err *e)
{
    if (so->n_extra == 0)
        return ST_OK;
    if (mkdir(p->quarantine_dir, 0700) != 0 && errno != EEXIST)
        return err_setf(e, ST_IO, "quarantine_dir", "quarantine_dir", "隔離ディレクトリを作成できません: %s",
                        "cannot create the quarantine directory: %s", strerror(errno));
    for (size_t i = 0; i < so->n_extra; i++) {
        Status st = write_blob(p->quarantine_dir, &so->extra[i], e);
        if (st != ST_OK)
            return st;
    }
    return ST_OK;
}

static Status check_policy(const SanitizePolicy *p, Err *e)
{
    if (p->attachments == ATTACHMENTS_QUARANTINE && (!p->quarantine_dir || !*p->quarantine_dir))
        return err_set(e, ST_INVALID, "quarantine_dir_missing", "quarantine_dir",
                       "添付ファイルを隔離する設定ですが、隔離ディレクトリが指定されていません。",
                       "attachments are to be quarantined but no quarantine directory is set");
    /* GMime, the converters and ClamAV read files: load them before the sandbox forbids it. */
    mail_prepare();
    if (p->attachments == ATTACHMENTS_QUARANTINE)
        disarm_prepare(p);
    return ST_OK;
}

/* When the first pass asked for attachments to be converted (convert.h): converts them and runs the
 * conversion again, in a new one-shot child, with the results. */
static Status convert_and_rerun(const SanitizePolicy *p, const uint8_t *in, size_t n, SandboxOutput *so,
                                Verdict **v, Err *e)
{
    Conversions conv;
    if (p->legacy_formats != LEGACY_CONVERT || !convert_requests(p, so, &conv))
        return ST_OK;
    SanitizePolicy second = *p;
    second.conversions = &conv;
    MailJob job = {&second, in, n};
    verdict_free(*v);
    *v = NULL;
    sandbox_output_free(so);
    Status st = sandbox_run(&second, run_job, &job, "mail", so, v, e);
    conversions_free(&conv);
    if (st != ST_OK)
        sandbox_output_free(so);
    return st;
}

/* After the child's verdict: quarantine the attachments, hand over the text. */
static Status finish(const SanitizePolicy *p, SandboxOutput *so, Buf *out, Verdict **v, Err *e)
{
    convert_drop_requests(so);
    if (!verdict_blocked(*v) && p->attachments == ATTACHMENTS_QUARANTINE) {
        Status st = quarantine(p, so, e);
        if (st != ST_OK) {
            verdict_free(*v);
            *v = NULL;
            sandbox_output_free(so);
            return st;
        }
    }
    if (!verdict_blocked(*v))
        buf_append(out, so->main.data ? so->main.data : "", so->main.len);
    sandbox_output_free(so);
    return ST_OK;
}

Status sanitize_mail(const SanitizePolicy *p, const uint8_t *in, size_t n, Buf *out, Verdict **v, Err *e)
{
    *v = NULL;
    Status st = check_policy(p, e);
    if (st != ST_OK)
        return st;
    MailJob job = {p, in, n};
    SandboxOutput so = SANDBOX_OUTPUT_INIT;
    st = sandbox_run(p, run_job, &job, "mail", &so, v, e);
    if (st != ST_OK) {
        sandbox_output_free(&so);
        return st;
    }
    if ((st = convert_and_rerun(p, in, n, &so, v, e)) != ST_OK)
        return st;
    return finish(p, &so, out, v, e);
}

Status sanitize_mail_worker_start(const SanitizePolicy *p, unsigned max_messages, SandboxWorker **w, Err *e)
{
    *w = NULL;
    Status st = check_policy(p, e);
    if (st != ST_OK)
        return st;
    /* The worker keeps its own copy of the process, p included. */
    return sandbox_worker_start(p, run_worker_job, (void *)p, "mail", max_messages, w, e);
}

Status sanitize_mail_in(SandboxWorker *w, const SanitizePolicy *p, const uint8_t *in, size_t n, Buf *out,
                        Verdict **v, Err *e)
{
    *v = NULL;
    SandboxOutput so = SANDBOX_OUTPUT_INIT;
    Status st = sandbox_worker_run(w, in, n, &so, v, e);
    if (st != ST_OK) {
        sandbox_output_free(&so);
        return st;
    }
    /* The second pass runs in a fresh child, not in the worker: rare, and never slower than the
     * conversion itself. */
    if ((st = convert_and_rerun(p, in, n, &so, v, e)) != ST_OK)
        return st;
    return finish(p, &so, out, v, e);
}
