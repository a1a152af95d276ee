/* A reusable sandboxed child (sandbox_worker.h). Requests travel over a socket pair (fd 4 in the
 * worker; the parent sends with MSG_NOSIGNAL, so a dead worker is an error, not a SIGPIPE): a u64
 * length, then the input. Results travel over a pipe (fd 3): a u64 length, then the frames of
 * sandbox_run. The worker ends when its request socket reaches end of file. */
#include "sanitize/sandbox_worker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "sanitize/sandbox_internal.h"

enum { WORKER_RESULT_FD = 3, WORKER_REQUEST_FD = 4, EXIT_REQUEST = 100 };

struct SandboxWorker {
    SanitizePolicy policy; /* a copy: the limits of every input */
    char *subject;
    char *label;
    pid_t pid;
    int req_fd;    /* parent's end of the request socket */
    int result_fd; /* read end of the result pipe */
    char scratch[512];
    bool have_scratch;
    bool failed; /* ended or unusable: only sandbox_worker_stop remains */
    unsigned inputs, max_inputs;
};

/* ---- the worker ---- */

static bool read_exact(int fd, void *p, size_t n)
{
    char *c = p;
    while (n) {
        ssize_t r = read(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        c += r;
        n -= (size_t)r;
    }
    return true;
}

/* Each input gets cpu_seconds of CPU from now: the soft limit moves up, the hard one (set at start
 * from max_inputs) never does, and lowering the soft limit needs no privilege. */
static void arm_cpu_limit(unsigned cpu_seconds)
{
    struct rusage ru;
    struct rlimit rl;
    if (getrusage(RUSAGE_SELF, &ru) != 0 || getrlimit(RLIMIT_CPU, &rl) != 0)
        _exit(EXIT_REQUEST);
    /* The kernel compares whole seconds of user + system time: round what was used up. */
    uint64_t used_us = (uint64_t)ru.ru_utime.tv_sec * 1000000u + (uint64_t)ru.ru_utime.tv_usec +
                       (uint64_t)ru.ru_stime.tv_sec * 1000000u + (uint64_t)ru.ru_stime.tv_usec;
    rlim_t soft = (rlim_t)((used_us + 999999u) / 1000000u) + cpu_seconds;
    rl.rlim_cur = soft < rl.rlim_max ? soft : rl.rlim_max;
    if (setrlimit(RLIMIT_CPU, &rl) != 0)
        _exit(EXIT_REQUEST);
}

static _Noreturn void worker_main(const SanitizePolicy *p, size_t vm, const char *scratch, int wfd, int rfd,
                                  unsigned cpu_hard, SandboxWorkerFn fn, void *arg, const char *subject)
{
    sandbox_child_setup(p, vm, scratch, wfd, rfd, cpu_hard);
    size_t in_max = p->max_message_bytes > p->max_file_bytes ? p->max_message_bytes : p->max_file_bytes;
    for (;;) {
        uint64_t n;
        if (!read_exact(WORKER_REQUEST_FD, &n, sizeof n))
            _exit(0); /* the parent closed the socket: done */
        if (n > in_max)
            _exit(EXIT_REQUEST);
        uint8_t *in = xmalloc((size_t)n + 1);
        if (!read_exact(WORKER_REQUEST_FD, in, (size_t)n))
            _exit(EXIT_REQUEST);
        arm_cpu_limit(p->cpu_seconds ? p->cpu_seconds : 1);
        SandboxOutput out = SANDBOX_OUTPUT_INIT;
        Verdict *v = verdict_new(subject);
        fn(arg, in, (size_t)n, &out, v);
        sandbox_child_write_result(&out, v, true);
        verdict_free(v);
        sandbox_output_free(&out);
        free(in);
    }
}

/* ---- the parent ---- */

Status sandbox_worker_start(const SanitizePolicy *p, SandboxWorkerFn fn, void *arg, const char *subject,
                            unsigned max_inputs, SandboxWorker **out, Err *e)
{
    *out = NULL;
    int req[2], res[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, req) != 0)
        return err_set(e, ST_IO, "sandbox_start", "", "隔離環境を作成できません(socketpair)。",
                       "cannot start the sandbox (socketpair)");
    if (pipe2(res, O_CLOEXEC) != 0) {
        close(req[0]);
        close(req[1]);
        return err_set(e, ST_IO, "sandbox_start", "", "隔離環境を作成できません(pipe)。",
                       "cannot start the sandbox (pipe)");
    }
    SandboxWorker *w = xcalloc(1, sizeof *w);
    w->policy = *p;
    w->subject = xstrdup(subject);
    w->max_inputs = max_inputs ? max_inputs : 1;
    w->have_scratch = sandbox_make_scratch(w->scratch);
    unsigned cpu = p->cpu_seconds ? p->cpu_seconds : 1;
    /* Enough for every input to use its full allowance, plus the second of slack sandbox_run has. */
    unsigned long hard = (unsigned long)cpu * (w->max_inputs + 1ul) + 1;
    size_t vm = sandbox_vm_bytes();
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(req[0]);
        close(res[0]);
        worker_main(p, vm, w->have_scratch ? w->scratch : NULL, res[1], req[1],
                    hard > 0xffffffu ? 0xffffffu : (unsigned)hard, fn, arg, subject);
    }
    close(req[1]);
    close(res[1]);
    if (pid < 0) {
        close(req[0]);
        close(res[0]);
        if (w->have_scratch)
            sandbox_remove_scratch(w->scratch);
        free(w->subject);
        free(w);
        return err_set(e, ST_IO, "sandbox_start", "", "隔離環境を作成できません(fork)。",
                       "cannot start the sandbox (fork)");
    }
    w->pid = pid;
    w->req_fd = req[0];
    w->result_fd = res[0];
    *out = w;
    return ST_OK;
}

static double now_ms(void)
{
    return verdict_now_ms();
}

typedef enum { IO_OK, IO_TIMEOUT, IO_BROKEN } IoResult;

static IoResult send_deadline(int fd, const void *p, size_t n, double deadline)
{
    const char *c = p;
    while (n) {
        double left = deadline - now_ms();
        if (left <= 0)
            return IO_TIMEOUT;
        struct pollfd pf = {fd, POLLOUT, 0};
        int pr = poll(&pf, 1, (int)left + 1);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr == 0)
            continue;
        ssize_t s = send(fd, c, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (s < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        if (s <= 0)
            return IO_BROKEN;
        c += s;
        n -= (size_t)s;
    }
    return IO_OK;
}

static IoResult read_deadline(int fd, void *p, size_t n, double deadline)
{
    char *c = p;
    while (n) {
        double left = deadline - now_ms();
        if (left <= 0)
            return IO_TIMEOUT;
        struct pollfd pf = {fd, POLLIN, 0};
        int pr = poll(&pf, 1, (int)left + 1);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr == 0)
            continue;
        ssize_t r = read(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return IO_BROKEN;
        c += r;
        n -= (size_t)r;
    }
    return IO_OK;
}

/* The worker broke its side of the exchange: it is ending (or must be ended). Waits for it within
 * the deadline, kills it after, and returns the verdict its end explains. */
static Verdict *collect_end(SandboxWorker *w, double deadline)
{
    int status = 0;
    bool reaped = false;
    for (;;) {
        pid_t r = waitpid(w->pid, &status, WNOHANG);
        if (r == w->pid) {
            reaped = true;
            break;
        }
        if (r < 0 && errno != EINTR)
            break;
        if (now_ms() >= deadline)
            break;
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    w->failed = true;
    if (!reaped) {
        kill(w->pid, SIGKILL);
        while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR) {
        }
        w->pid = 0;
        return sandbox_blocked(w->subject, "sandbox_timeout", "処理が制限時間を超えたため遮断しました。",
                               "blocked: processing exceeded the time limit");
    }
    w->pid = 0;
    Verdict *v = sandbox_status_verdict(w->subject, status);
    return v ? v
             : sandbox_blocked(w->subject, "sandbox_protocol", "解析処理の結果が不正なため遮断しました。",
                               "blocked: the parser returned a malformed result");
}

static void kill_worker(SandboxWorker *w)
{
    if (w->pid > 0) {
        kill(w->pid, SIGKILL);
        while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    w->pid = 0;
    w->failed = true;
}

Status sandbox_worker_run(SandboxWorker *w, const uint8_t *in, size_t n, SandboxOutput *out, Verdict **v,
                          Err *e)
{
    *v = NULL;
    if (!sandbox_worker_usable(w))
        return err_set(e, ST_IO, "sandbox_worker_gone", "", "無害化の処理プロセスが終了しています。",
                       "the sanitizing process has ended");
    double deadline = now_ms() + (w->policy.timeout_ms ? w->policy.timeout_ms : 1000);
    uint64_t len = n;
    IoResult io = send_deadline(w->req_fd, &len, sizeof len, deadline);
    if (io == IO_OK)
        io = send_deadline(w->req_fd, in, n, deadline);
    if (io == IO_OK)
        io = read_deadline(w->result_fd, &len, sizeof len, deadline);
    Buf r = BUF_INIT;
    if (io == IO_OK && len > sandbox_result_limit(&w->policy)) {
        kill_worker(w);
        *v = sandbox_blocked(w->subject, "sandbox_limit", "処理結果が大きすぎるため遮断しました。",
                             "blocked: the result exceeded the size limit");
        return ST_OK;
    }
    if (io == IO_OK) {
        buf_grow(&r, (size_t)len + 1);
        io = read_deadline(w->result_fd, r.data, (size_t)len, deadline);
        if (io == IO_OK) {
            r.len = (size_t)len;
            r.data[r.len] = '\0';
        }
    }
    if (io == IO_TIMEOUT) {
        kill_worker(w);
        *v = sandbox_blocked(w->subject, "sandbox_timeout", "処理が制限時間を超えたため遮断しました。",
                             "blocked: processing exceeded the time limit");
    } else if (io == IO_BROKEN) {
        *v = collect_end(w, deadline);
    } else if (!sandbox_parse_result(&r, out, v)) {
        kill_worker(w);
        *v = sandbox_blocked(w->subject, "sandbox_protocol", "解析処理の結果が不正なため遮断しました。",
                             "blocked: the parser returned a malformed result");
    } else {
        w->inputs++;
    }
    if (verdict_blocked(*v))
        sandbox_output_drop_for_block(out);
    buf_free(&r);
    return ST_OK;
}

bool sandbox_worker_usable(SandboxWorker *w)
{
    if (!w || w->failed || w->pid <= 0 || w->inputs >= w->max_inputs)
        return false;
    int status;
    pid_t r = waitpid(w->pid, &status, WNOHANG);
    if (r == w->pid || (r < 0 && errno == ECHILD)) {
        w->pid = 0;
        w->failed = true;
        return false;
    }
    return true;
}

pid_t sandbox_worker_pid(const SandboxWorker *w) { return w ? w->pid : 0; }
unsigned sandbox_worker_inputs(const SandboxWorker *w) { return w ? w->inputs : 0; }
const char *sandbox_worker_label(const SandboxWorker *w) { return w ? w->label : NULL; }

void sandbox_worker_set_label(SandboxWorker *w, const char *label)
{
    free(w->label);
    w->label = label ? xstrdup(label) : NULL;
}

void sandbox_worker_stop(SandboxWorker *w)
{
    if (!w)
        return;
    close(w->req_fd);
    close(w->result_fd);
    kill_worker(w);
    if (w->have_scratch)
        sandbox_remove_scratch(w->scratch);
    free(w->subject);
    free(w->label);
    free(w);
}
