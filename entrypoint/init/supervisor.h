// podinit as PID 1 (or as a child subreaper): start COMMAND, forward signals to it, reap
// every zombie, and exit with COMMAND's status. Modelled on tini's tini.c, with two
// additions from PRODUCT.md (--term-delay, --grace) and a reload trigger for --watch.
#ifndef PODINIT_ENTRYPOINT_INIT_SUPERVISOR_H_
#define PODINIT_ENTRYPOINT_INIT_SUPERVISOR_H_

#include <csignal>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "entrypoint/base/log.h"

namespace podinit::init {

// What the user chose for PID 1 (tini's flags and podinit's), bound by cli's option table.
struct InitSettings {
  bool force = false;                // --init: supervise even when not PID 1
  bool subreaper = false;            // -s; implied whenever we are not PID 1
  bool kill_group = false;           // -g: forward signals to the child's process group
  std::vector<int> zero_exit_codes;  // -e CODE (repeatable): map these statuses to 0
  int parent_death_signal = 0;       // -p SIG
  absl::Duration term_delay;         // hold SIGTERM back this long before forwarding it
  absl::Duration grace;              // after the child exits: SIGTERM everything left, wait
  int reload_signal = SIGHUP;        // sent to the child for each reload (--watch)

  bool operator==(const InitSettings&) const = default;
};

// Whether these settings ask for a supervisor even when podinit is not PID 1: --init, or a
// flag only a supervisor can honour.
bool WantsSupervisor(const InitSettings& settings);

// How the calling program connects the supervisor to itself (not settings a user gives).
struct InitHooks {
  // Reload trigger for --watch: a readable fd (an eventfd, or the read end of a pipe) owned
  // by the caller. Each time it becomes readable the supervisor drains it (one read of up to
  // 64 bytes; for an eventfd that resets the counter) and sends reload_signal to the child
  // (or its group with -g). Several writes before the supervisor wakes up coalesce into one
  // reload. Write to it from any thread with TriggerReload(). EOF on a pipe stops the
  // watching. The supervisor sets FD_CLOEXEC on it so COMMAND does not inherit it.
  int reload_fd = -1;
  // Receives each log line of the supervisor (the message only, no newline), e.g. to format
  // it as JSON; default: "podinit[PID]: message" on stderr. Called from the supervising
  // loop, which otherwise allocates nothing. Lines above the log verbosity are not produced.
  void (*log_line)(const char* message) = nullptr;
  // Runs in the parent once the child exists.
  std::function<void(int child_pid)> on_started;
};

// Saves the signal mask and dispositions the process has now (given to COMMAND later) and
// blocks every signal the supervisor forwards. RunAsInit calls it if nobody did; call it
// yourself first thing in main() if the program starts threads before RunAsInit: a thread
// created after this inherits the blocked mask, so a SIGTERM cannot land on it and kill
// the process with the default action. Idempotent.
void PrepareInitSignals();

// Forks and execs argv (PATH from env, see ExecCommand) with env, then supervises until the
// child exits; returns podinit's exit status (the child's status, or 128+signal, after -e
// mapping; 126/127 if the exec failed; 1 if the supervisor itself could not be set up).
// log.verbosity gives tini's -v levels. Call it from the main thread.
int RunAsInit(const std::vector<std::string>& argv, const std::vector<std::string>& env,
              const InitSettings& settings, const base::LogSettings& log,
              const InitHooks& hooks = {});

// Not init: execve argv with env. A name without '/' is looked up in the PATH of env (the
// PATH COMMAND will see), falling back to podinit's own PATH, then "/usr/local/sbin:
// /usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" (the container runtimes' default). Returns
// only on failure, after printing one line to stderr: 127 not found, 126 found but not
// executable (permission, a directory, a bad format).
int ExecCommand(const std::vector<std::string>& argv, const std::vector<std::string>& env);

// Writes to a reload fd (eventfd or pipe). Async-signal-safe; callable from any thread.
void TriggerReload(int reload_fd);

// "TERM", "SIGTERM" or "15" → 15; 0 when not a signal name or number.
int ParseSignal(std::string_view name);

}  // namespace podinit::init

#endif  // PODINIT_ENTRYPOINT_INIT_SUPERVISOR_H_
