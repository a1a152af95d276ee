/* sandbox_worker: a sandboxed child that is started once and then handles many inputs in turn, so
 * that a busy gate pays for fork, Landlock and the seccomp filter once per worker instead of once
 * per message. The confinement is the one of sandbox_run (sandbox.h): the same limits, Landlock
 * scratch directory and system-call allow-list, set up before the first input arrives; the CPU limit
 * is re-armed for each input; the wall-clock timeout and the result size limit apply per input.
 * Whatever goes wrong with an input (crash, timeout, limit, malformed result) blocks that input and
 * ends the worker: a worker is only reused after a clean result.
 * A worker remembers what it has seen: a later input can only be exposed to an earlier one's data
 * through a compromise of the worker itself. Callers decide which inputs may share a worker (the
 * gate binds a worker to one set of recipient domains, see mailgate.h) and bound the number of
 * inputs per worker. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/err.h"
#include "sanitize/sandbox.h"

typedef struct SandboxWorker SandboxWorker;

/* Runs in the worker for each input: fills out and v from in[0..n). Same rules as SandboxFn. */
typedef void (*SandboxWorkerFn)(void *arg, const uint8_t *in, size_t n, SandboxOutput *out, Verdict *v);

/* Forks a worker confined per p that calls fn(arg, …) for each input given to sandbox_worker_run;
 * max_inputs bounds how many it will take (its lifetime CPU allowance is sized from it). The worker
 * is single-threaded; call from a single-threaded process. Returns ST_IO when it cannot be started.
 * Free with sandbox_worker_stop. */
Status sandbox_worker_start(const SanitizePolicy *p, SandboxWorkerFn fn, void *arg, const char *subject,
                            unsigned max_inputs, SandboxWorker **out, Err *e);

/* Hands in[0..n) to the worker and collects the result, like sandbox_run: ST_OK with *v set (blocked
 * on any failure of the worker, with the codes of sandbox_run and sandbox_killed when the worker was
 * killed from outside). Returns ST_IO without a verdict when the worker had already ended before the
 * input was given (check sandbox_worker_usable first to avoid it). */
Status sandbox_worker_run(SandboxWorker *w, const uint8_t *in, size_t n, SandboxOutput *out, Verdict **v,
                          Err *e);

/* Alive (checked now), not failed, and below its number of inputs. */
bool sandbox_worker_usable(SandboxWorker *w);
pid_t sandbox_worker_pid(const SandboxWorker *w);
unsigned sandbox_worker_inputs(const SandboxWorker *w);

/* The label the caller bound the worker to (NULL until bound); copied. */
const char *sandbox_worker_label(const SandboxWorker *w);
void sandbox_worker_set_label(SandboxWorker *w, const char *label);

/* Ends the worker (SIGKILL), reaps it and removes its scratch directory. NULL is ignored. */
void sandbox_worker_stop(SandboxWorker *w);
