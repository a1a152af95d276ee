/* Unit tests for the reusable sandbox worker: it serves many inputs in one confined process, the
 * CPU limit is per input rather than cumulative, and every way an input can fail (crash, endless
 * loop, wall clock, forbidden system call, a kill from outside mid-input or while idle) blocks that
 * input and retires the worker. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "sanitize/sandbox_worker.h"

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

static SanitizePolicy policy(void)
{
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.cpu_seconds = 1;
    p.timeout_ms = 30000;
    p.memory_bytes = 256u << 20;
    p.max_file_bytes = p.max_message_bytes = 1u << 20;
    return p;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The input's first byte says what to do; the rest is echoed with a count of inputs seen so far in
 * this process (which shows that the process is reused). */
static void fn(void *arg, const uint8_t *in, size_t n, SandboxOutput *out, Verdict *v)
{
    (void)arg;
    static unsigned seen;
    seen++;
    switch (n ? in[0] : 'e') {
    case 'c': { /* crash */
        volatile int *null = NULL;
        *null = 1;
        break;
    }
    case 'l': /* endless loop */
        for (volatile unsigned long k = 0;; k++) {
        }
    case 'p': { /* 0.6 s of CPU, under the 1 s per input */
        double t0 = cpu_now();
        while (cpu_now() - t0 < 0.6) {
        }
        break;
    }
    case 'w': { /* waits without CPU until killed or timed out */
        static volatile int never = 0;
        while (!never)
            syscall(SYS_futex, &never, 0 /* FUTEX_WAIT */, 0, NULL, NULL, 0);
        break;
    }
    case 's': /* a system call outside the list */
        syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
        break;
    case 'f': { /* a file outside the scratch directory */
        int fd = open("/etc/passwd", O_RDONLY);
        buf_printf(&out->main, "open=%s ", fd >= 0 ? "ok" : "refused");
        break;
    }
    case 'b':
        verdict_block(v, "test_block", "遮断", "blocked");
        break;
    default:
        break;
    }
    buf_printf(&out->main, "%u:", seen);
    buf_append(&out->main, in, n);
    sandbox_output_add(out, "blob", "xyz", 3);
}

static SandboxWorker *start(const SanitizePolicy *p, unsigned max_inputs)
{
    SandboxWorker *w = NULL;
    Err e;
    assert_int_equal(sandbox_worker_start(p, fn, NULL, "subject", max_inputs, &w, &e), ST_OK);
    assert_non_null(w);
    return w;
}

static Verdict *run(SandboxWorker *w, const char *in, SandboxOutput *out)
{
    Verdict *v = NULL;
    Err e;
    assert_int_equal(sandbox_worker_run(w, (const uint8_t *)in, strlen(in), out, &v, &e), ST_OK);
    assert_non_null(v);
    return v;
}

static void assert_blocked_with(SandboxWorker *w, const char *in, const char *code)
{
    SandboxOutput out = SANDBOX_OUTPUT_INIT;
    Verdict *v = run(w, in, &out);
    assert_true(verdict_blocked(v));
    assert_string_equal(verdict_block_code(v), code);
    assert_int_equal(out.main.len, 0);
    assert_int_equal(out.n_extra, 0);
    assert_false(sandbox_worker_usable(w));
    verdict_free(v);
}

static void one_process_serves_many_inputs(void **state)
{
    (void)state;
    SanitizePolicy p = policy();
    SandboxWorker *w = start(&p, 3);
    pid_t pid = sandbox_worker_pid(w);
    assert_true(pid > 0);
    for (unsigned i = 1; i <= 3; i++) {
        assert_true(sandbox_worker_usable(w));
        char in[16], want[32];
        snprintf(in, sizeof in, "msg-%u", i);
        snprintf(want, sizeof want, "%u:msg-%u", i, i);
        SandboxOutput out = SANDBOX_OUTPUT_INIT;
        Verdict *v = run(w, in, &out);
        assert_false(verdict_blocked(v));
        assert_string_equal(buf_str(&out.main), want);
        assert_int_equal(out.n_extra, 1);
        assert_string_equal(out.extra[0].name, "blob");
        assert_int_equal(sandbox_worker_pid(w), pid);
        verdict_free(v);
        sandbox_output_free(&out);
    }
    assert_int_equal(sandbox_worker_inputs(w), 3);
    assert_false(sandbox_worker_usable(w)); /* its number of inputs is reached */
    sandbox_worker_stop(w);
}

static void an_input_block_drops_its_output_but_keeps_the_worker(void **state)
{
    (void)state;
    SanitizePolicy p = policy();
    SandboxWorker *w = start(&p, 10);
    SandboxOutput out = SANDBOX_OUTPUT_INIT;
    Verdict *v = run(w, "b", &out);
    assert_string_equal(verdict_block_code(v), "test_block");
    assert_int_equal(out.main.len, 0);
    verdict_free(v);
    assert_true(sandbox_worker_usable(w)); /* a verdict is a clean result */
    v = run(w, "ok", &out);
    assert_false(verdict_blocked(v));
    assert_string_equal(buf_str(&out.main), "2:ok");
    verdict_free(v);
    sandbox_output_free(&out);
    sandbox_worker_stop(w);
}

static void the_cpu_limit_is_per_input(void **state)
{
    (void)state;
    SanitizePolicy p = policy();
    SandboxWorker *w = start(&p, 10);
    /* 3 × 0.6 s: over the 1 s allowance in total, under it for each input. */
    for (int i = 0; i < 3; i++) {
        SandboxOutput out = SANDBOX_OUTPUT_INIT;
        Verdict *v = run(w, "p", &out);
        if (verdict_blocked(v))
            fail_msg("input %d: %s", i, verdict_block_code(v));
        verdict_free(v);
        sandbox_output_free(&out);
    }
    assert_blocked_with(w, "l", "sandbox_limit");
    sandbox_worker_stop(w);
}

static void failures_block_and_retire_the_worker(void **state)
{
    (void)state;
    SanitizePolicy p = policy();
    struct {
        const char *in, *code;
    } cases[] = {{"c", "sandbox_crash"}, {"s", "sandbox_syscall"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        SandboxWorker *w = start(&p, 10);
        SandboxOutput out = SANDBOX_OUTPUT_INIT;
        Verdict *v = run(w, "first", &out); /* a clean input first: the failure is the second's */
        assert_false(verdict_blocked(v));
        verdict_free(v);
        sandbox_output_free(&out);
        assert_blocked_with(w, cases[i].in, cases[i].code);
        sandbox_worker_stop(w);
    }
    p.timeout_ms = 300;
    SandboxWorker *w = start(&p, 10);
    assert_blocked_with(w, "w", "sandbox_timeout");
    sandbox_worker_stop(w);
}

static void files_stay_out_of_reach(void **state)
{
    (void)state;
    SanitizePolicy p = policy();
    SandboxWorker *w = start(&p, 10);
    SandboxOutput out = SANDBOX_OUTPUT_INIT;
    Verdict *v = run(w, "f", &out);
    assert_false(verdict_blocked(v));
    assert_string_equal(buf_str(&out.main), "open=refused 1:f");
    verdict_free(v);
    sandbox_output_free(&out);
    sandbox_worker_stop(w);
}

/* Kills pid with SIGKILL after delay_ms, from another process (the test is single-threaded). */
static pid_t kill_later(pid_t pid, unsigned delay_ms)
{
    pid_t k = fork();
    if (k == 0) {
        struct timespec ts = {delay_ms / 1000, (long)(delay_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        _exit(0);
    }
    assert_true(k > 0);
    return k;
}

static void killed_mid_input_is_a_temporary_block(void **state)
{
    (void)state;
    SanitizePolicy p = policy();
    SandboxWorker *w = start(&p, 10);
    pid_t k = kill_later(sandbox_worker_pid(w), 200);
    assert_blocked_with(w, "w", "sandbox_killed");
    waitpid(k, NULL, 0);
    sandbox_worker_stop(w);
}

static void killed_while_idle_is_noticed_before_the_input(void **state)
{
    (void)state;
    SanitizePolicy p = policy();
    SandboxWorker *w = start(&p, 10);
    kill(sandbox_worker_pid(w), SIGKILL);
    for (int i = 0; i < 200 && sandbox_worker_usable(w); i++)
        usleep(5000);
    assert_false(sandbox_worker_usable(w));
    SandboxOutput out = SANDBOX_OUTPUT_INIT;
    Verdict *v = NULL;
    Err e;
    assert_int_equal(sandbox_worker_run(w, (const uint8_t *)"x", 1, &out, &v, &e), ST_IO);
    assert_null(v);
    assert_string_equal(e.code, "sandbox_worker_gone");
    sandbox_worker_stop(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_process_serves_many_inputs),
        cmocka_unit_test(an_input_block_drops_its_output_but_keeps_the_worker),
        cmocka_unit_test(the_cpu_limit_is_per_input),
        cmocka_unit_test(failures_block_and_retire_the_worker),
        cmocka_unit_test(files_stay_out_of_reach),
        cmocka_unit_test(killed_mid_input_is_a_temporary_block),
        cmocka_unit_test(killed_while_idle_is_noticed_before_the_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
