/* The converter's confinement (convert.h, docs/sanitize.md "変換プロセスの隔離"). LibreOffice headless
 * forks, execs a shell script and reads hundreds of files, so it cannot live under the engine's
 * allow-list. Instead the process tree gets:
 *   - its own user, network, PID, IPC and mount namespaces (no network device but a down loopback; it
 *     sees and signals no process outside its tree; pid 1 of the namespace is the converter, so
 *     everything in it dies with it; its scratch directory is bound over /tmp, hiding the real one);
 *   - Landlock: reads only beneath the program directories, fonts and a few files of /etc; writes
 *     only beneath its scratch directory (HOME, TMPDIR, the profile, in/ and out/), where nothing may
 *     be executed; TCP bind/connect and signals out of its domain refused where the kernel can;
 *   - a seccomp deny-list: sockets other than AF_UNIX, ptrace and other processes' memory, mounts,
 *     namespaces, keyrings, BPF, io_uring, module loading, setsid (it must stay in its process group);
 *   - rlimits (address space, CPU seconds, file size, open files, no core dumps), a clean environment
 *     and a wall-clock deadline after which the whole process group is killed. */
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "sanitize/convert.h"

enum { CONVERT_EXIT_SETUP = 121 };

/* An AddressSanitizer build (the test build) reserves its shadow memory up front: under RLIMIT_AS its
 * child dies at the next allocation, before exec, and the limit would bound nothing anyway. The
 * shipped build always sets it. */
#if defined(__SANITIZE_ADDRESS__)
#define CONVERT_LIMIT_ADDRESS_SPACE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CONVERT_LIMIT_ADDRESS_SPACE 0
#endif
#endif
#ifndef CONVERT_LIMIT_ADDRESS_SPACE
#define CONVERT_LIMIT_ADDRESS_SPACE 1
#endif

static const char DEFAULT_SOFFICE[] = "/usr/lib/libreoffice/program/soffice";

/* Landlock access rights by number: Debian's header stops at ABI 2. */
enum {
    LL_EXECUTE = 1 << 0,
    LL_WRITE_FILE = 1 << 1,
    LL_READ_FILE = 1 << 2,
    LL_READ_DIR = 1 << 3,
    LL_REFER = 1 << 13,
    LL_TRUNCATE = 1 << 14,
    LL_IOCTL_DEV = 1 << 15,
    LL_NET_BIND_TCP = 1 << 0,
    LL_NET_CONNECT_TCP = 1 << 1,
    LL_SCOPE_ABSTRACT_UNIX = 1 << 0,
    LL_SCOPE_SIGNAL = 1 << 1,
};

struct ll_ruleset {
    uint64_t fs, net, scoped;
};

/* Adds a rule for path (skipped when it does not exist); on a file, only the file rights apply. */
static bool ll_allow(int rs, const char *path, uint64_t access)
{
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return false;
    }
    if (!S_ISDIR(st.st_mode))
        access &= LL_EXECUTE | LL_WRITE_FILE | LL_READ_FILE | LL_TRUNCATE | LL_IOCTL_DEV;
    struct landlock_path_beneath_attr pb = {.allowed_access = access, .parent_fd = fd};
    bool ok = syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) == 0;
    close(fd);
    return ok;
}

static bool confine_files(const char *scratch)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 1)
        return false;
    uint64_t all = (1ULL << 13) - 1;
    if (abi >= 2)
        all |= LL_REFER;
    if (abi >= 3)
        all |= LL_TRUNCATE;
    if (abi >= 5)
        all |= LL_IOCTL_DEV;
    struct ll_ruleset ra = {.fs = all, .net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP,
                            .scoped = LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL};
    size_t size = abi >= 6 ? sizeof ra : abi >= 4 ? 2 * sizeof(uint64_t) : sizeof(uint64_t);
    int rs = (int)syscall(SYS_landlock_create_ruleset, &ra, size, 0);
    if (rs < 0)
        return false;
    const uint64_t ro = LL_READ_FILE | LL_READ_DIR | LL_EXECUTE;
    /* Program files, libraries, fonts and what the C library and fontconfig read from /etc. */
    static const char *const READ_ONLY[] = {
        "/usr", "/lib", "/lib64", "/bin", "/etc/fonts", "/etc/ld.so.cache", "/etc/ld.so.conf",
        "/etc/ld.so.conf.d", "/etc/locale.alias", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/localtime",
        "/etc/libreoffice", "/etc/alternatives", "/var/cache/fontconfig", "/var/spool/libreoffice", "/dev/urandom", "/dev/random",
        "/proc/cpuinfo", "/sys/devices/system/cpu",
    };
    bool ok = true;
    for (size_t i = 0; i < sizeof READ_ONLY / sizeof *READ_ONLY && ok; i++)
        ok = ll_allow(rs, READ_ONLY[i], ro);
    ok = ok && ll_allow(rs, "/dev/null", LL_READ_FILE | LL_WRITE_FILE);
    ok = ok && ll_allow(rs, scratch, all & ~(uint64_t)LL_EXECUTE);
    ok = ok && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && syscall(SYS_landlock_restrict_self, rs, 0) == 0;
    close(rs);
    return ok;
}

static bool deny_syscalls(void)
{
    scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);
    if (!f)
        return false;
    struct scmp_arg_cmp not_unix = {.arg = 0, .op = SCMP_CMP_NE, .datum_a = AF_UNIX, .datum_b = 0};
    int rc = seccomp_rule_add(f, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 1, not_unix);
    static const int DENIED[] = {
        SCMP_SYS(ptrace), SCMP_SYS(process_vm_readv), SCMP_SYS(process_vm_writev), SCMP_SYS(mount),
        SCMP_SYS(umount2), SCMP_SYS(pivot_root), SCMP_SYS(chroot), SCMP_SYS(setns), SCMP_SYS(unshare),
        SCMP_SYS(kexec_load), SCMP_SYS(kexec_file_load), SCMP_SYS(init_module), SCMP_SYS(finit_module),
        SCMP_SYS(delete_module), SCMP_SYS(bpf), SCMP_SYS(perf_event_open), SCMP_SYS(keyctl), SCMP_SYS(add_key),
        SCMP_SYS(request_key), SCMP_SYS(userfaultfd), SCMP_SYS(io_uring_setup), SCMP_SYS(io_uring_enter),
        SCMP_SYS(io_uring_register), SCMP_SYS(reboot), SCMP_SYS(swapon), SCMP_SYS(swapoff), SCMP_SYS(acct),
        SCMP_SYS(name_to_handle_at), SCMP_SYS(open_by_handle_at), SCMP_SYS(mknod), SCMP_SYS(mknodat),
        SCMP_SYS(setsid), SCMP_SYS(setpgid), SCMP_SYS(syslog), SCMP_SYS(settimeofday), SCMP_SYS(clock_settime),
        SCMP_SYS(adjtimex), SCMP_SYS(quotactl), SCMP_SYS(move_mount), SCMP_SYS(open_tree), SCMP_SYS(fsopen),
        SCMP_SYS(fsmount), SCMP_SYS(pidfd_getfd),
    };
    for (size_t i = 0; i < sizeof DENIED / sizeof *DENIED && rc == 0; i++)
        rc = seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), DENIED[i], 0);
    if (rc == 0)
        rc = seccomp_load(f);
    seccomp_release(f);
    return rc == 0;
}

/* The time limit is per file: a batch of n files gets n times the time (and the CPU seconds). */
static uint64_t convert_deadline_ms(const SanitizePolicy *p, size_t n)
{
    uint64_t per = p->convert_timeout_ms ? p->convert_timeout_ms : 60000;
    return per * (n ? n : 1);
}

bool convert_confine(const char *scratch)
{
    return confine_files(scratch) && deny_syscalls();
}

static void set_limit(int res, rlim_t v)
{
    struct rlimit r = {v, v};
    if (setrlimit(res, &r) != 0)
        _exit(CONVERT_EXIT_SETUP);
}

/* The macro settings of the private profile: no macro of any document runs, whatever it claims. */
static const char PROFILE_SETTINGS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
    "<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\"><prop oor:name=\"MacroSecurityLevel\" "
    "oor:op=\"fuse\"><value>3</value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\"><prop oor:name=\"DisableMacrosExecution\" "
    "oor:op=\"fuse\"><value>true</value></prop></item>\n"
    "</oor:items>\n";

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

static bool prepare_dirs(const char *dir)
{
    static const char *const SUB[] = {"home", "tmp", "profile", "profile/user", "out"};
    char path[600];
    for (size_t i = 0; i < sizeof SUB / sizeof *SUB; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, SUB[i]);
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return false;
    }
    snprintf(path, sizeof path, "%s/profile/user/registrymodifications.xcu", dir);
    if (access(path, F_OK) == 0)
        return true;
    return write_file(path, PROFILE_SETTINGS);
}

static const char *filter_for(const char *target)
{
    if (strcmp(target, "docx") == 0)
        return "docx:MS Word 2007 XML";
    if (strcmp(target, "xlsx") == 0)
        return "xlsx:Calc MS Excel 2007 XML";
    if (strcmp(target, "pptx") == 0)
        return "pptx:Impress MS PowerPoint 2007 XML";
    return NULL;
}

static _Noreturn void run_converter(const SanitizePolicy *p, const char *dir, const char *infilter,
                                    const char *target, char *const *names, size_t n)
{
    const char *soffice = p->converter && *p->converter ? p->converter : DEFAULT_SOFFICE;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    char home[600], tmp[600], profile[700], outdir[600], log[600];
    snprintf(home, sizeof home, "HOME=%s/home", dir);
    snprintf(tmp, sizeof tmp, "TMPDIR=%s/tmp", dir);
    snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", dir);
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    snprintf(log, sizeof log, "%s/converter.log", dir);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int logfd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (null < 0 || logfd < 0 || dup2(null, 0) < 0 || dup2(logfd, 1) < 0 || dup2(logfd, 2) < 0)
        _exit(CONVERT_EXIT_SETUP);
    syscall(SYS_close_range, 3, ~0U, 0);
    char in[600];
    snprintf(in, sizeof in, "%s/in", dir);
    if (chdir(in) != 0)
        _exit(CONVERT_EXIT_SETUP);
    set_limit(RLIMIT_CORE, 0);
    unsigned secs = (unsigned)(convert_deadline_ms(p, n) / 1000) + 1;
    set_limit(RLIMIT_CPU, secs);
    if (p->convert_memory_bytes && CONVERT_LIMIT_ADDRESS_SPACE)
        set_limit(RLIMIT_AS, p->convert_memory_bytes);
    size_t fsize = p->convert_memory_bytes ? p->convert_memory_bytes : (1u << 30);
    set_limit(RLIMIT_FSIZE, fsize);
    set_limit(RLIMIT_NOFILE, 1024);
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            signal(sig, SIG_DFL);
    if (!convert_confine(dir))
        _exit(CONVERT_EXIT_SETUP);

    char infilter_arg[128];
    snprintf(infilter_arg, sizeof infilter_arg, "--infilter=%s", infilter ? infilter : "");
    size_t argc = 0;
    const char **argv = xmalloc((n + 16) * sizeof *argv);
    argv[argc++] = soffice;
    if (strcmp(target, "version") == 0) {
        argv[argc++] = "--version";
    } else {
        static const char *const FLAGS[] = {"--headless", "--invisible", "--norestore", "--nolockcheck",
                                            "--nodefault", "--nologo", "--nofirststartwizard"};
        for (size_t i = 0; i < sizeof FLAGS / sizeof *FLAGS; i++)
            argv[argc++] = FLAGS[i];
        argv[argc++] = profile;
        argv[argc++] = infilter_arg;
        argv[argc++] = "--convert-to";
        argv[argc++] = filter_for(target);
        argv[argc++] = "--outdir";
        argv[argc++] = outdir;
        for (size_t i = 0; i < n; i++)
            argv[argc++] = names[i];
    }
    argv[argc] = NULL;
    char *envp[] = {home, tmp, "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "SAL_USE_VCLPLUGIN=svp", NULL};
    if (strcmp(target, "version") == 0)
        dup2(logfd, 1);
    execve(soffice, (char *const *)argv, envp);
    _exit(CONVERT_EXIT_SETUP);
}

/* The namespaces: with a new user namespace when allowed (unprivileged too), else (root, user
 * namespaces disabled) the others alone. */
bool convert_enter_namespaces(const char *dir)
{
    const int others = CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNS;
    if (unshare(CLONE_NEWUSER | others) != 0 && !(geteuid() == 0 && unshare(others) == 0))
        return false;
    /* The scratch directory becomes /tmp, hiding the real one: LibreOffice puts its instance pipe
     * in /tmp whatever TMPDIR says. */
    return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 && mount(dir, "/tmp", NULL, MS_BIND, NULL) == 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

bool convert_run_soffice(const SanitizePolicy *p, const char *dir, const char *infilter, const char *target,
                         char *const *names, size_t n, bool *timed_out)
{
    *timed_out = false;
    if (strcmp(target, "version") != 0 && (!filter_for(target) || !infilter))
        return false;
    if (!prepare_dirs(dir))
        return false;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        /* Its own process group, so that the deadline can end the whole tree. */
        setpgid(0, 0);
        if (!convert_enter_namespaces(dir))
            _exit(CONVERT_EXIT_SETUP);
        pid_t c = fork(); /* pid 1 of the new PID namespace */
        if (c < 0)
            _exit(CONVERT_EXIT_SETUP);
        if (c == 0)
            run_converter(p, "/tmp", infilter, target, names, n);
        int st = 0;
        while (waitpid(c, &st, 0) < 0 && errno == EINTR) {
        }
        _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0));
    }
    setpgid(pid, pid);
    double deadline = now_ms() + (double)convert_deadline_ms(p, n);
    int status = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            status = -1;
            break;
        }
        if (now_ms() >= deadline) {
            *timed_out = true;
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            return false;
        }
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
    /* Nothing of the converter is left: the intermediate child waited for pid 1 of the PID namespace,
     * whose end ends every process in it. (Killing the group now could hit a reused group id.) */
    return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) != CONVERT_EXIT_SETUP;
}
