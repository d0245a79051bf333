// podinit as PID 1 (or as a child subreaper): start COMMAND, forward signals to it, reap
// every zombie, and exit with COMMAND's status. Modelled on tini's tini.c, with podinit's
// additions (--term-delay, --grace with its SIGKILL, a reload trigger for --watch, job
// control under a terminal, forwarding of synchronous signals sent with kill) and what
// dumb-init does differently (a session for COMMAND, signal rewriting, stopping itself on
// job-control signals), so one supervisor serves `podinit run`, `tini` and `dumb-init`.
#ifndef PODINIT_ENTRYPOINT_INIT_SUPERVISOR_H_
#define PODINIT_ENTRYPOINT_INIT_SUPERVISOR_H_

#include <csignal>
#include <functional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "entrypoint/base/log.h"
#include "entrypoint/init/exec.h"
#include "entrypoint/init/signals.h"

namespace entrypoint::init {

// Where COMMAND runs, relative to podinit's process group and session.
enum class ChildPlacement {
  // tini's: a process group of its own, given the terminal's foreground if podinit has it.
  kOwnGroup,
  // dumb-init's default: a session of its own (setsid) with the terminal as its controlling
  // terminal when it can take it; podinit lets go of the terminal first. Signals go to its
  // process group.
  kOwnSession,
  // dumb-init --single-child: podinit's own process group and session.
  kShared,
};

// What the user chose for PID 1 (tini's flags, dumb-init's, podinit's), bound by cli's option
// table (run) or by the tini and dumb-init front ends.
struct InitSettings {
  bool force = false;                // --init: supervise even when not PID 1
  bool subreaper = false;            // -s; implied whenever we are not PID 1
  bool kill_group = false;           // -g: forward signals to the child's process group
  std::vector<int> zero_exit_codes;  // -e CODE (repeatable): map these statuses to 0
  int parent_death_signal = 0;       // -p SIG
  absl::Duration term_delay;         // hold SIGTERM back this long before forwarding it
  // After the child exits: SIGTERM everything left, wait this long, then SIGKILL what is
  // still there (and log it).
  absl::Duration grace;
  int reload_signal = SIGHUP;        // sent to the child for each reload (--watch)
  bool warn_on_reap = false;         // tini -w: a warning line for each zombie reaped

  // dumb-init's behaviours (its front end sets them).
  ChildPlacement placement = ChildPlacement::kOwnGroup;
  // --rewrite FROM:TO: signal FROM (1-31) is forwarded as TO; TO 0 drops it.
  std::vector<std::pair<int, int>> rewrite_signals;
  // After forwarding SIGTSTP, SIGTTIN or SIGTTOU, stop podinit too (and forward those two,
  // which podinit otherwise ignores).
  bool stop_on_job_control_signals = false;
  // When COMMAND exits: SIGTERM (rewritten) to its process group, then exit at once.
  bool term_group_on_exit = false;
  // COMMAND gets the standard signals at their default action and nothing blocked
  // (dumb-init), instead of the mask and dispositions podinit started with (tini).
  bool default_signals_for_child = false;
  ExecFailure exec_failure = ExecFailure::kPodinit;  // whose exit statuses an exec failure has

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
  // Receives each log line of the supervisor (the message only, no newline); default:
  // "podinit[PID]: message" on stderr, or a JSON line as base::Log writes them when
  // log.format is JSON. Called from the supervising loop, which otherwise allocates nothing.
  // Lines above the log verbosity are not produced.
  void (*log_line)(const char* message) = nullptr;
  // Runs in the parent once the child exists.
  std::function<void(int child_pid)> on_started;
};

// Forks and execs argv (PATH from env, see ExecPlan) with env, then supervises until the
// child exits; returns podinit's exit status (the child's status, or 128+signal, after -e
// mapping; the exec failure's status under settings.exec_failure; 1 if the supervisor itself
// could not be set up). log.verbosity: -1 only errors (TINI_VERBOSITY=0), 0 also warnings,
// 1 what happens (-v), 2 every signal and zombie (-vv). RunAsInit calls PrepareInitSignals
// if nobody did. Call it from the main thread.
//
// Under a terminal, when COMMAND stops for job control (Ctrl-Z: SIGTSTP, or SIGTTIN/SIGTTOU
// from the background), podinit stops itself too, so the shell that started it gets its
// prompt back; continued, it gives the terminal back to COMMAND and continues it. (Not as
// PID 1, which cannot be stopped.)
int RunAsInit(const std::vector<std::string>& argv, const std::vector<std::string>& env,
              const InitSettings& settings, const base::LogSettings& log,
              const InitHooks& hooks = {});

// Not init: execve argv with env (see ExecPlan), with the signal state podinit started with
// and none of podinit's own descriptors. Returns only on failure, after one line on stderr:
// 127 not found, 126 found but not executable (permission, a directory, a bad format).
int ExecCommand(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                base::LogFormat format = base::LogFormat::kHuman);

// Writes to a reload fd (eventfd or pipe). Async-signal-safe; callable from any thread.
void TriggerReload(int reload_fd);

// "TERM", "SIGTERM" or "15" → 15; 0 when not a signal name or number.
int ParseSignal(std::string_view name);

}  // namespace entrypoint::init

#endif  // PODINIT_ENTRYPOINT_INIT_SUPERVISOR_H_
