/* The sandbox (sandbox.h). The child gets resource limits, Landlock confining all file access to a
 * private scratch directory, then a seccomp allow-list that lets it compute (memory, futexes,
 * clocks), use files (Landlock decides which: only the scratch directory) and write to its result
 * pipe, nothing else: no sockets, no exec, no signals to others. Without Landlock, every file call
 * fails with EPERM (libraries probe for files and must see a plain failure). Any other system call
 * outside the list ends the child. The result travels as frames:
 *   "LGSB1" then frames {kind:1 byte, name_len:u32, name, data_len:u64, data}, kind M (main output),
 *   X (extra blob), V (verdict JSON), E (end, empty).
 * The parent reads with a size limit and a wall-clock deadline and turns any failure into a blocked
 * verdict. */
#include "sanitize/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/landlock.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "sanitize/convert.h"
#include "sanitize/sandbox_internal.h"

enum {
    EXIT_SYSCALL = 97, /* a system call outside the allow-list */
    EXIT_NOMEM = 98,   /* aborted after an allocation failed: the memory limit */
    EXIT_SETUP = 99,   /* limits or seccomp could not be applied */
    EXIT_PIPE = 100,   /* the result could not be written */
    RESULT_FD = 3,
    REQUEST_FD = 4, /* a worker's requests (sandbox_worker.c) */
};

static const char MAGIC[5] = {'L', 'G', 'S', 'B', '1'};

/* In a child: whether file access is confined to a scratch directory (sandbox_scratch_usable). */
static enum { NOT_SANDBOXED, SCRATCH, NO_SCRATCH } fs_state = NOT_SANDBOXED;

bool sandbox_scratch_usable(void)
{
    return fs_state != NO_SCRATCH;
}

void sandbox_output_add(SandboxOutput *o, const char *name, const void *data, size_t n)
{
    o->extra = xrealloc(o->extra, (o->n_extra + 1) * sizeof *o->extra);
    SandboxBlob *b = &o->extra[o->n_extra++];
    b->name = xstrdup(name ? name : "");
    b->data = (Buf)BUF_INIT;
    buf_append(&b->data, data, n);
}

void sandbox_output_free(SandboxOutput *o)
{
    buf_free(&o->main);
    for (size_t i = 0; i < o->n_extra; i++) {
        free(o->extra[i].name);
        buf_free(&o->extra[i].data);
    }
    free(o->extra);
    o->extra = NULL;
    o->n_extra = 0;
}

void sandbox_output_drop_for_block(SandboxOutput *o)
{
    /* Files waiting for conversion (convert.h) are the input's own bytes, not output: the parent
     * converts them and runs the pass again. Everything else goes. */
    size_t prefix = strlen(CONVERT_REQUEST_PREFIX), kept = 0;
    buf_free(&o->main);
    for (size_t i = 0; i < o->n_extra; i++) {
        if (strncmp(o->extra[i].name, CONVERT_REQUEST_PREFIX, prefix) == 0) {
            o->extra[kept++] = o->extra[i];
            continue;
        }
        free(o->extra[i].name);
        buf_free(&o->extra[i].data);
    }
    o->n_extra = kept;
    if (!kept) {
        free(o->extra);
        o->extra = NULL;
    }
}

/* ---- child ---- */

static void write_all(const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(RESULT_FD, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(EXIT_PIPE);
        c += w;
        n -= (size_t)w;
    }
}

static void put_frame(Buf *b, char kind, const char *name, const void *data, size_t n)
{
    uint32_t nl = (uint32_t)strlen(name);
    uint64_t dl = n;
    buf_append(b, &kind, 1);
    buf_append(b, &nl, sizeof nl);
    buf_append(b, name, nl);
    buf_append(b, &dl, sizeof dl);
    if (n)
        buf_append(b, data, n);
}

void sandbox_child_write_result(const SandboxOutput *out, const Verdict *v, bool length_prefixed)
{
    char *json = verdict_to_json(v);
    Buf r = BUF_INIT;
    if (length_prefixed)
        buf_append(&r, &(uint64_t){0}, sizeof(uint64_t));
    buf_append(&r, MAGIC, sizeof MAGIC);
    put_frame(&r, 'M', "", out->main.data, out->main.len);
    for (size_t i = 0; i < out->n_extra; i++)
        put_frame(&r, 'X', out->extra[i].name, out->extra[i].data.data, out->extra[i].data.len);
    put_frame(&r, 'V', "", json, strlen(json));
    put_frame(&r, 'E', "", NULL, 0);
    if (length_prefixed) {
        uint64_t len = r.len - sizeof len;
        memcpy(r.data, &len, sizeof len);
    }
    write_all(r.data, r.len);
    buf_free(&r);
    free(json);
}

static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    char msg[80];
    int n = snprintf(msg, sizeof msg, "lgsec sandbox: forbidden system call %d\n", si->si_syscall);
    if (n > 0 && write(2, msg, (size_t)n) < 0)
        _exit(EXIT_SYSCALL);
    _exit(EXIT_SYSCALL);
}

/* Every allocation failure in lgsec ends in abort() with errno still ENOMEM (xmalloc's oom, C++'s
 * bad_alloc in qpdf): report it as the memory limit rather than a crash. */
static void on_sigabrt(int sig)
{
    if (errno == ENOMEM)
        _exit(EXIT_NOMEM);
    signal(sig, SIG_DFL);
}

/* File system calls: allowed when Landlock confines them to the scratch directory (ClamAV needs a
 * temporary directory for every scan), otherwise a plain EPERM. */
static const int FS_CALLS[] = {
    SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(faccessat2), SCMP_SYS(stat),
    SCMP_SYS(lstat), SCMP_SYS(readlink), SCMP_SYS(readlinkat), SCMP_SYS(statx), SCMP_SYS(mkdir), SCMP_SYS(mkdirat),
    SCMP_SYS(rmdir), SCMP_SYS(unlink), SCMP_SYS(unlinkat), SCMP_SYS(chmod), SCMP_SYS(fchmod), SCMP_SYS(fchmodat),
    SCMP_SYS(rename), SCMP_SYS(renameat), SCMP_SYS(getdents64), SCMP_SYS(ftruncate), SCMP_SYS(fsync),
    SCMP_SYS(fdatasync), SCMP_SYS(umask), SCMP_SYS(getcwd),
};

static int install_filter(bool confined, bool reads_requests)
{
    scmp_filter_ctx f = seccomp_init(SCMP_ACT_TRAP);
    if (!f)
        return -1;
    int rc = 0;
    /* Memory, futexes, clocks, signals for abort(), and exiting. */
    static const int allowed[] = {
        SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(brk), SCMP_SYS(mprotect),
        SCMP_SYS(madvise), SCMP_SYS(futex), SCMP_SYS(exit_group), SCMP_SYS(exit),
        SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday), SCMP_SYS(time), SCMP_SYS(rt_sigreturn),
        SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigaction), SCMP_SYS(sigaltstack), SCMP_SYS(getpid),
        SCMP_SYS(gettid), SCMP_SYS(close), SCMP_SYS(fstat), SCMP_SYS(newfstatat),
        SCMP_SYS(lseek), SCMP_SYS(getrandom), SCMP_SYS(sysinfo), SCMP_SYS(sched_yield),
        SCMP_SYS(prlimit64), SCMP_SYS(getrusage), SCMP_SYS(clock_getres), SCMP_SYS(set_robust_list),
        SCMP_SYS(rseq), SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(getgid), SCMP_SYS(getegid),
        SCMP_SYS(fcntl),
    };
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed && rc == 0; i++)
        rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, allowed[i], 0);
    /* abort() signals its own process; no other. */
    struct scmp_arg_cmp self = {.arg = 0, .op = SCMP_CMP_EQ, .datum_a = (scmp_datum_t)getpid(), .datum_b = 0};
    if (rc == 0)
        rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1, self);
    if (confined) {
        /* Only the result pipe, stderr, /dev/null (0 and 1) and files in the scratch directory are
         * open: reading and writing any of them is harmless. */
        static const int io[] = {SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
                                 SCMP_SYS(pread64), SCMP_SYS(pwrite64)};
        for (size_t i = 0; i < sizeof io / sizeof *io && rc == 0; i++)
            rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, io[i], 0);
    } else {
        static const int out_fds[] = {RESULT_FD, 2};
        for (size_t i = 0; i < 2 && rc == 0; i++) {
            struct scmp_arg_cmp fd_is = {.arg = 0, .op = SCMP_CMP_EQ, .datum_a = (scmp_datum_t)out_fds[i], .datum_b = 0};
            rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(write), 1, fd_is);
            if (rc == 0)
                rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(writev), 1, fd_is);
        }
        struct scmp_arg_cmp req = {.arg = 0, .op = SCMP_CMP_EQ, .datum_a = REQUEST_FD, .datum_b = 0};
        if (reads_requests && rc == 0)
            rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(read), 1, req);
    }
    for (size_t i = 0; i < sizeof FS_CALLS / sizeof *FS_CALLS && rc == 0; i++)
        rc = seccomp_rule_add(f, confined ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO(EPERM), FS_CALLS[i], 0);
    if (rc == 0)
        rc = seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 0);
    if (rc == 0)
        rc = seccomp_load(f);
    seccomp_release(f);
    return rc;
}

/* Landlock: every file access outside dir is refused (EACCES), including reads. */
static bool confine_to(const char *dir)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 1)
        return false;
    uint64_t all = (1ULL << 13) - 1; /* EXECUTE … MAKE_SYM, ABI 1 */
    if (abi >= 2)
        all |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        all |= 1ULL << 14; /* LANDLOCK_ACCESS_FS_TRUNCATE (ABI 3), newer than Debian's header */
    struct landlock_ruleset_attr ra = {.handled_access_fs = all};
    int rs = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
    if (rs < 0)
        return false;
    int dfd = open(dir, O_PATH | O_CLOEXEC | O_DIRECTORY);
    struct landlock_path_beneath_attr pb = {.allowed_access = all & ~(uint64_t)LANDLOCK_ACCESS_FS_EXECUTE,
                                            .parent_fd = dfd};
    bool ok = dfd >= 0 && syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) == 0 &&
              prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && syscall(SYS_landlock_restrict_self, rs, 0) == 0;
    if (dfd >= 0)
        close(dfd);
    close(rs);
    return ok;
}

static void set_limit(int res, rlim_t soft, rlim_t hard)
{
    struct rlimit r = {soft, hard};
    if (setrlimit(res, &r) != 0)
        _exit(EXIT_SETUP);
}

/* Moves fd to at least 10, so that putting another descriptor at 3 or 4 cannot overwrite it. */
static int move_high(int fd)
{
    if (fd < 0 || fd >= 10)
        return fd;
    int hi = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    if (hi < 0)
        _exit(EXIT_SETUP);
    return hi;
}

void sandbox_child_setup(const SanitizePolicy *p, size_t vm_bytes, const char *scratch, int wfd, int rfd,
                         unsigned cpu_hard)
{
    /* stdin and stdout become /dev/null: whatever the parent had there is out of reach. */
    wfd = move_high(wfd);
    rfd = move_high(rfd);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0)
        _exit(EXIT_SETUP);
    if (null > 2)
        close(null);
    if (dup2(wfd, RESULT_FD) < 0 || (rfd >= 0 && dup2(rfd, REQUEST_FD) < 0))
        _exit(EXIT_SETUP);
    /* Nothing inherited from the parent (databases, sockets) stays reachable. */
    int first_closed = rfd >= 0 ? REQUEST_FD + 1 : RESULT_FD + 1;
    if (syscall(SYS_close_range, first_closed, ~0U, 0) != 0) {
        for (int fd = first_closed; fd < 1024; fd++)
            close(fd);
    }
    prctl(PR_SET_DUMPABLE, 0);
    set_limit(RLIMIT_CORE, 0, 0);
    unsigned cpu = p->cpu_seconds ? p->cpu_seconds : 1;
    set_limit(RLIMIT_CPU, cpu, cpu_hard > cpu ? cpu_hard : cpu + 1);
    /* The child inherits the parent's mappings (e.g. a loaded malware database): the limit is on
     * what it adds. */
    if (p->memory_bytes)
        set_limit(RLIMIT_AS, vm_bytes + p->memory_bytes, vm_bytes + p->memory_bytes);
    set_limit(RLIMIT_NOFILE, 64, 64);
    /* Temporary files cannot fill the disk: writes past this fail with EFBIG (SIGXFSZ ignored). */
    set_limit(RLIMIT_FSIZE, p->memory_bytes ? p->memory_bytes : (1u << 30), p->memory_bytes ? p->memory_bytes : (1u << 30));

    /* Handlers inherited from the parent (a test harness, the server) must not catch the child's
     * crashes: a crash ends the child. */
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP)
            signal(sig, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSYS, &sa, NULL);
    signal(SIGABRT, on_sigabrt);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGXFSZ, SIG_IGN);
    bool confined = scratch && confine_to(scratch);
    if (confined)
        setenv("TMPDIR", scratch, 1);
    fs_state = confined ? SCRATCH : NO_SCRATCH;
    if (install_filter(confined, rfd >= 0) != 0)
        _exit(EXIT_SETUP);
}

static _Noreturn void child(int wfd, const SanitizePolicy *p, size_t vm_bytes, const char *scratch, SandboxFn fn,
                            void *arg, const char *subject)
{
    sandbox_child_setup(p, vm_bytes, scratch, wfd, -1, 0);
    SandboxOutput out = SANDBOX_OUTPUT_INIT;
    Verdict *v = verdict_new(subject);
    fn(arg, &out, v);
    sandbox_child_write_result(&out, v, false);
    _exit(0);
}

/* ---- parent ---- */

size_t sandbox_vm_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* Removes the child's scratch directory and whatever it left there. */
void sandbox_remove_scratch(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

Verdict *sandbox_blocked(const char *subject, const char *code, const char *ja, const char *en)
{
    Verdict *v = verdict_new(subject);
    verdict_block(v, code, ja, en);
    return v;
}

/* Parses the frames in r; on success fills out and *v. */
bool sandbox_parse_result(const Buf *r, SandboxOutput *out, Verdict **v)
{
    const uint8_t *p = (const uint8_t *)r->data, *end = p + r->len;
    if (r->len < sizeof MAGIC || memcmp(p, MAGIC, sizeof MAGIC) != 0)
        return false;
    p += sizeof MAGIC;
    bool have_main = false, ended = false;
    Verdict *got = NULL;
    while (p < end && !ended) {
        uint32_t nl;
        uint64_t dl;
        char kind = (char)*p++;
        if ((size_t)(end - p) < sizeof nl)
            goto bad;
        memcpy(&nl, p, sizeof nl);
        p += sizeof nl;
        if ((size_t)(end - p) < nl)
            goto bad;
        const char *name = (const char *)p;
        p += nl;
        if ((size_t)(end - p) < sizeof dl)
            goto bad;
        memcpy(&dl, p, sizeof dl);
        p += sizeof dl;
        if ((uint64_t)(end - p) < dl)
            goto bad;
        const uint8_t *data = p;
        p += dl;
        switch (kind) {
        case 'M':
            if (have_main)
                goto bad;
            have_main = true;
            buf_append(&out->main, data, (size_t)dl);
            break;
        case 'X': {
            char *n = xstrndup(name, nl);
            sandbox_output_add(out, n, data, (size_t)dl);
            free(n);
            break;
        }
        case 'V':
            if (got)
                goto bad;
            got = verdict_from_json((const char *)data, (size_t)dl, NULL);
            if (!got)
                goto bad;
            break;
        case 'E':
            ended = true;
            break;
        default:
            goto bad;
        }
    }
    if (!ended || p != end || !have_main || !got)
        goto bad;
    *v = got;
    return true;
bad:
    verdict_free(got);
    sandbox_output_free(out);
    return false;
}

static double now_ms(void)
{
    return verdict_now_ms();
}

size_t sandbox_result_limit(const SanitizePolicy *p)
{
    /* The result holds the output, extras and the verdict: bounded by a multiple of the largest
     * input the policy admits (disarmed output can exceed its input a little). */
    size_t in_max = p->max_message_bytes > p->max_file_bytes ? p->max_message_bytes : p->max_file_bytes;
    return 4 * in_max + (16u << 20);
}

bool sandbox_make_scratch(char dir[512])
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, 512, "%s/lgsec-sandbox-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    return mkdtemp(dir) != NULL;
}

Verdict *sandbox_status_verdict(const char *subject, int status)
{
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == SIGXCPU)
            return sandbox_blocked(subject, "sandbox_limit", "処理がCPU時間の制限を超えたため遮断しました。",
                                   "blocked: processing exceeded the CPU time limit");
        /* Signals a parser does not raise on itself: the process was ended from outside (the OOM
         * killer, an operator, a CPU hard limit). Nothing is known about the input: try later. */
        if (sig == SIGKILL || sig == SIGTERM || sig == SIGINT || sig == SIGHUP)
            return sandbox_blocked(subject, "sandbox_killed", "処理プロセスが外部から終了されたため、後で再処理します。",
                                   "the processing process was killed from outside; to be retried later");
        return sandbox_blocked(subject, "sandbox_crash", "解析処理が異常終了したため遮断しました。",
                               "blocked: the parser crashed");
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 0)
        return NULL;
    if (code == EXIT_NOMEM)
        return sandbox_blocked(subject, "sandbox_limit", "処理がメモリの制限を超えたため遮断しました。",
                               "blocked: processing exceeded the memory limit");
    if (code == EXIT_SYSCALL)
        return sandbox_blocked(subject, "sandbox_syscall",
                               "解析処理が許可されていないシステムコールを呼んだため遮断しました。",
                               "blocked: the parser made a forbidden system call");
    if (code == EXIT_SETUP)
        return sandbox_blocked(subject, "sandbox_setup",
                               "隔離環境(資源制限・システムコール制限)を設定できないため遮断しました。",
                               "blocked: the sandbox (resource limits, system-call filter) could not be set up");
    return sandbox_blocked(subject, "sandbox_protocol", "解析処理の結果が不正なため遮断しました。",
                           "blocked: the parser returned a malformed result");
}

Status sandbox_run(const SanitizePolicy *p, SandboxFn fn, void *arg, const char *subject, SandboxOutput *out,
                   Verdict **v, Err *e)
{
    *v = NULL;
    size_t limit = sandbox_result_limit(p);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return err_set(e, ST_IO, "sandbox_start", "", "隔離環境を作成できません(pipe)。",
                       "cannot start the sandbox (pipe)");
    size_t vm = sandbox_vm_bytes();
    char scratch[512];
    bool have_scratch = sandbox_make_scratch(scratch);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        if (have_scratch)
            sandbox_remove_scratch(scratch);
        close(fds[0]);
        close(fds[1]);
        return err_set(e, ST_IO, "sandbox_start", "", "隔離環境を作成できません(fork)。",
                       "cannot start the sandbox (fork)");
    }
    if (pid == 0) {
        close(fds[0]);
        child(fds[1], p, vm, have_scratch ? scratch : NULL, fn, arg, subject);
    }
    close(fds[1]);

    double deadline = now_ms() + (p->timeout_ms ? p->timeout_ms : 1000);
    Buf r = BUF_INIT;
    bool timed_out = false, too_big = false;
    for (;;) {
        double left = deadline - now_ms();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        struct pollfd pf = {fds[0], POLLIN, 0};
        int pr = poll(&pf, 1, (int)left + 1);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr == 0)
            continue;
        buf_grow(&r, 65536);
        ssize_t n = read(fds[0], r.data + r.len, 65536);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        r.len += (size_t)n;
        r.data[r.len] = '\0';
        if (r.len > limit) {
            too_big = true;
            break;
        }
    }
    close(fds[0]);

    /* The child closes its end by exiting; wait for it within what is left of the deadline. */
    int status = 0;
    bool reaped = false;
    if (!timed_out && !too_big) {
        for (;;) {
            pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid) {
                reaped = true;
                break;
            }
            if (w < 0 && errno == ECHILD) {
                /* SIGCHLD ignored by the process: the kernel reaped the child. Its exit status is
                 * lost; the result's framing alone decides. Never kill: the pid may be reused. */
                reaped = true;
                status = 0;
                break;
            }
            if (w < 0 && errno != EINTR)
                break;
            if (now_ms() >= deadline) {
                timed_out = true;
                break;
            }
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
        }
    }
    if (!reaped) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    if (have_scratch)
        sandbox_remove_scratch(scratch);

    if (timed_out) {
        *v = sandbox_blocked(subject, "sandbox_timeout", "処理が制限時間を超えたため遮断しました。",
                     "blocked: processing exceeded the time limit");
    } else if (too_big) {
        *v = sandbox_blocked(subject, "sandbox_limit", "処理結果が大きすぎるため遮断しました。",
                     "blocked: the result exceeded the size limit");
    } else if (!reaped || (*v = sandbox_status_verdict(subject, status)) == NULL) {
        if (!reaped || !sandbox_parse_result(&r, out, v))
            *v = sandbox_blocked(subject, "sandbox_protocol", "解析処理の結果が不正なため遮断しました。",
                                 "blocked: the parser returned a malformed result");
    }
    if (verdict_blocked(*v))
        sandbox_output_drop_for_block(out);
    buf_free(&r);
    return ST_OK;
}
