// The whole of podinit's PID 1 in one place. Read top to bottom: logging, spawning the
// child, the supervising loop (signals, zombies, job control), and the grace period.
//
// Rules this file keeps:
// - Between fork() and execve() the child only makes async-signal-safe calls (the caller
//   may have threads, so malloc could deadlock there): everything it needs is built before
//   fork().
// - The supervising loop allocates nothing: fixed buffers, logging through a stack buffer.
// - podinit sleeps in ppoll() with no timeout unless a --term-delay or --grace timer runs.
#include "entrypoint/init/supervisor.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "entrypoint/init/child_status.h"
#include "entrypoint/init/log_line.h"
#include "entrypoint/init/processes.h"

namespace entrypoint::init {
namespace {

int g_verbosity = 0;
base::LogFormat g_format = base::LogFormat::kHuman;
void (*g_log_line)(const char* message) = nullptr;

// Errors always; warnings unless quiet (TINI_VERBOSITY=0); then -v, -vv.
bool Enabled(LineLevel level) {
  switch (level) {
    case LineLevel::kError: return true;
    case LineLevel::kWarning: return g_verbosity >= 0;
    case LineLevel::kInfo: return g_verbosity >= 1;
    case LineLevel::kDebug: return g_verbosity >= 2;
  }
  return true;
}

// One line, formatted into a stack buffer (no allocation, one write(2)). LOG skips the
// arguments' evaluation too when the level is off.
#define LOG(level, ...)                                 \
  do {                                                  \
    if (Enabled(LineLevel::level)) Logf(LineLevel::level, __VA_ARGS__); \
  } while (false)

void Logf(LineLevel level, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void Logf(LineLevel level, const char* fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (g_log_line != nullptr) {
    g_log_line(buf);
  } else {
    WriteLogLine(g_format, level, /*with_pid=*/true, buf);
  }
}

// Neither allocates (strsignal/strerror may, for unusual numbers).
const char* SigName(int sig) {
  const char* name = sigabbrev_np(sig);
  return name != nullptr ? name : "?";
}
const char* ErrText(int err) {
  const char* text = strerrordesc_np(err);
  return text != nullptr ? text : "unknown error";
}

timespec MonotonicNow() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts;
}

// Time left until deadline, clamped at zero.
timespec Remaining(const timespec& deadline) {
  timespec now = MonotonicNow();
  long long ns = (deadline.tv_sec - now.tv_sec) * 1000000000LL + (deadline.tv_nsec - now.tv_nsec);
  if (ns < 0) ns = 0;
  return timespec{static_cast<time_t>(ns / 1000000000LL), static_cast<long>(ns % 1000000000LL)};
}

bool IsZero(const timespec& t) { return t.tv_sec == 0 && t.tv_nsec == 0; }

timespec DeadlineAfter(absl::Duration d) {
  timespec now = MonotonicNow();
  timespec add = absl::ToTimespec(d);
  timespec out{now.tv_sec + add.tv_sec, now.tv_nsec + add.tv_nsec};
  if (out.tv_nsec >= 1000000000L) {
    out.tv_sec += 1;
    out.tv_nsec -= 1000000000L;
  }
  return out;
}

bool IsJobControlStop(int sig) { return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU; }

// Whether podinit has a controlling terminal: then it was started from a shell, which
// expects a stopped job to stop as a whole. Not only through stdin: with stdin redirected
// (`app < file`, `producer | app`) COMMAND does not get the foreground, Ctrl-Z's SIGTSTP
// reaches podinit's group, and the COMMAND it is forwarded to stops all the same.
bool HasControllingTerminal() {
  int fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);  // ENXIO: none
  if (fd < 0) return false;
  close(fd);
  return true;
}

int ExitCodeFromStatus(int status, const InitSettings& settings) {
  int code;
  if (WIFEXITED(status)) {
    code = WEXITSTATUS(status);
    LOG(kInfo, "main process exited with status %d", code);
  } else {
    code = 128 + WTERMSIG(status);
    LOG(kInfo, "main process killed by signal %d (%s)", WTERMSIG(status), SigName(WTERMSIG(status)));
  }
  code %= 256;
  for (int zero : settings.zero_exit_codes) {
    if (zero == code) return 0;
  }
  return code;
}

// Reaps everything ready; returns false once podinit has no children left.
bool ReapAll() {
  while (true) {
    Reaped r = ReapNext();
    if (r.pid > 0) continue;
    if (r.pid == 0) return true;
    if (errno == EINTR) continue;
    return false;
  }
}

// Reads what is ready on a nonblocking signalfd or pipe, up to N records at a time, and
// hands each record to on_record. A read that does not fill the buffer took everything there
// was (both return all they hold, up to the size asked), so it is the last: one that could
// only say EAGAIN would cost a system call per wake-up, which tini's sigtimedwait loop does
// not spend. Whatever arrives later makes ppoll return again.
template <typename Record, size_t N, typename OnRecord>
void ReadReady(int fd, OnRecord on_record) {
  Record records[N];
  ssize_t n;
  do {
    n = read(fd, records, sizeof records);
    for (ssize_t i = 0; i < n / static_cast<ssize_t>(sizeof(Record)); ++i) on_record(records[i]);
  } while (n == static_cast<ssize_t>(sizeof records));
}

void DrainSignals(int sfd) {
  ReadReady<signalfd_siginfo, 16>(sfd, [](const signalfd_siginfo&) {});
}

// After the main process exited: SIGTERM everything left and reap until nothing is left or
// the grace period is over; then SIGKILL what is still there, saying what it was. (As PID 1
// the kernel would kill it silently when we exit; as a subreaper it would be left to our
// parent.)
void RunGracePeriod(int sfd, absl::Duration grace) {
  timespec deadline = DeadlineAfter(grace);
  if (!ReapAll()) return;
  LOG(kInfo, "main process exited; sending SIGTERM to the remaining processes (grace %lld ms)",
      static_cast<long long>(absl::ToInt64Milliseconds(grace)));
  SignalLeftovers(SIGTERM);
  pollfd pfd{sfd, POLLIN, 0};
  while (ReapAll()) {
    timespec left = Remaining(deadline);
    if (IsZero(left)) break;
    if (ppoll(&pfd, 1, &left, nullptr) > 0) DrainSignals(sfd);  // SIGCHLD, or ignored
  }
  if (!ReapAll()) {
    LOG(kInfo, "all processes exited within the grace period");
    return;
  }
  std::vector<ProcessInfo> left = LeftoverProcesses();
  std::string names = DescribeProcesses(left);
  if (left.empty()) names = "every process left";
  LOG(kWarning, "grace period of %lld ms over; sending SIGKILL to %s",
      static_cast<long long>(absl::ToInt64Milliseconds(grace)), names.c_str());
  if (getpid() == 1 || left.empty()) {
    SignalLeftovers(SIGKILL);
  } else {
    for (const ProcessInfo& p : left) kill(p.pid, SIGKILL);
  }
  // SIGKILL takes effect at once, except for a process in uninterruptible sleep: wait a
  // little for the zombies, not for ever.
  timespec kill_deadline = DeadlineAfter(absl::Seconds(2));
  while (ReapAll()) {
    timespec t = Remaining(kill_deadline);
    if (IsZero(t)) {
      LOG(kWarning, "processes still not gone 2 s after SIGKILL; exiting");
      return;
    }
    if (ppoll(&pfd, 1, &t, nullptr) > 0) DrainSignals(sfd);
  }
}

// The supervising loop's state.
class Supervision {
 public:
  Supervision(const InitSettings& settings, pid_t child, bool job_control)
      : settings_(settings),
        child_(child),
        target_(settings.placement == ChildPlacement::kOwnSession ? -child
                : settings.placement == ChildPlacement::kShared   ? child
                : settings.kill_group                             ? -child
                                                                  : child),
        job_control_(job_control) {
    for (int sig = 0; sig < NSIG; ++sig) rewrite_[sig] = sig;
    for (const auto& [from, to] : settings.rewrite_signals) {
      if (from > 0 && from < NSIG) rewrite_[from] = to;
    }
  }

  void IgnoreTerminalHandOff() { ignore_hup_ = ignore_cont_ = true; }

  // A signal podinit received (from the signalfd, or a synchronous one through the pipe).
  void OnSignal(int sig) {
    if (sig == SIGCHLD) return;  // reaped at the top of the loop
    if ((sig == SIGHUP && ignore_hup_) || (sig == SIGCONT && ignore_cont_)) {
      (sig == SIGHUP ? ignore_hup_ : ignore_cont_) = false;
      LOG(kDebug, "not forwarding the %s of the terminal hand-off", SigName(sig));
      return;
    }
    if (sig == SIGCONT && resumed_) {
      resumed_ = false;  // the SIGCONT that woke us: the command's group has had its own
      return;
    }
    if (sig == SIGTERM && settings_.term_delay > absl::ZeroDuration()) {
      if (!term_held_) {
        LOG(kInfo, "SIGTERM: holding it for %lld ms before forwarding it",
            static_cast<long long>(absl::ToInt64Milliseconds(settings_.term_delay)));
        term_held_ = true;
        term_deadline_ = DeadlineAfter(settings_.term_delay);
      }
      return;
    }
    Forward(sig);
    if (settings_.stop_on_job_control_signals && IsJobControlStop(sig)) {
      LOG(kDebug, "%s: stopping podinit as well", SigName(sig));
      kill(getpid(), SIGSTOP);
    }
  }

  // Sends sig (after rewriting) to the child, or its group.
  void Forward(int sig) {
    int to = sig > 0 && sig < NSIG ? rewrite_[sig] : sig;
    if (to == 0) {
      LOG(kDebug, "not forwarding signal %d (%s): rewritten to nothing", sig, SigName(sig));
      return;
    }
    if (to != sig) LOG(kDebug, "rewriting signal %d (%s) to %d (%s)", sig, SigName(sig), to, SigName(to));
    if (kill(target_, to) == 0) {
      LOG(kInfo, "forwarded signal %d (%s) to %d", to, SigName(to), static_cast<int>(target_));
    } else if (errno == ESRCH) {
      LOG(kInfo, "main process was gone when forwarding signal %d", to);
    } else {
      LOG(kError, "forwarding signal %d to %d: %s", to, static_cast<int>(target_), ErrText(errno));
    }
  }

  // Reaps what is ready; records the main process's status. Returns whether it exited.
  bool Reap() {
    while (true) {
      Reaped r = ReapNext(job_control_ ? WUNTRACED : 0);
      if (r.pid == 0) return status_ != -1;
      if (r.pid < 0) {
        if (errno == EINTR) continue;
        if (errno != ECHILD) LOG(kError, "waitpid: %s", ErrText(errno));
        return status_ != -1;
      }
      if (WIFSTOPPED(r.status)) {
        if (r.pid == child_ && IsJobControlStop(WSTOPSIG(r.status))) StopWithChild(WSTOPSIG(r.status));
        continue;
      }
      if (r.claimed) {
        LOG(kDebug, "reaped process %d for the part of podinit that started it", static_cast<int>(r.pid));
      } else if (r.pid == child_) {
        status_ = r.status;
      } else if (settings_.warn_on_reap) {
        LOG(kWarning, "reaped zombie process %d", static_cast<int>(r.pid));
      } else {
        LOG(kDebug, "reaped zombie process %d", static_cast<int>(r.pid));
      }
    }
  }

  // --term-delay: forwards the held SIGTERM when its time has come; otherwise how long
  // ppoll may sleep (nullptr: until a signal).
  const timespec* TermTimer(timespec* left) {
    if (!term_held_) return nullptr;
    *left = Remaining(term_deadline_);
    if (IsZero(*left)) {
      term_held_ = false;
      Forward(SIGTERM);
      return nullptr;
    }
    return left;
  }

  int status() const { return status_; }

 private:
  // Ctrl-Z (or a background read or write) stopped COMMAND's process group. The shell
  // that started podinit waits for podinit, not for COMMAND: stop podinit too, so the shell
  // sees a stopped job and takes the terminal back. When the shell continues us (fg, bg),
  // give the terminal back to COMMAND if it is ours, and continue COMMAND's group.
  void StopWithChild(int sig) {
    LOG(kInfo, "main process stopped by %s; stopping podinit too", SigName(sig));
    kill(getpid(), SIGSTOP);  // returns once continued
    if (isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp()) {
      tcsetpgrp(STDIN_FILENO, child_);  // SIGTTOU is ignored: cannot stop us
    }
    kill(-child_, SIGCONT);
    resumed_ = true;
    LOG(kInfo, "continued; continuing the main process");
  }

  const InitSettings& settings_;
  const pid_t child_;
  const pid_t target_;
  const bool job_control_;
  int rewrite_[NSIG];
  bool ignore_hup_ = false, ignore_cont_ = false;
  bool resumed_ = false;
  bool term_held_ = false;
  timespec term_deadline_{};
  int status_ = -1;
};

}  // namespace

bool WantsSupervisor(const InitSettings& s) {
  return s.force || s.subreaper || s.kill_group || !s.zero_exit_codes.empty() ||
         s.parent_death_signal != 0 || s.term_delay > absl::ZeroDuration() ||
         s.grace > absl::ZeroDuration() || s.warn_on_reap;
}

int RunAsInit(const std::vector<std::string>& argv, const std::vector<std::string>& env,
              const InitSettings& settings, const base::LogSettings& log, const InitHooks& hooks) {
  g_verbosity = log.verbosity;
  g_format = log.format;
  g_log_line = hooks.log_line;
  if (argv.empty()) {
    LOG(kError, "no command to run");
    return 1;
  }
  PrepareInitSignals();
  if (settings.stop_on_job_control_signals) ForwardTerminalStopSignals();

  if (settings.parent_death_signal > 0 && prctl(PR_SET_PDEATHSIG, settings.parent_death_signal) != 0) {
    LOG(kError, "cannot set the parent death signal: %s", ErrText(errno));
    return 1;
  }
  if (settings.subreaper) {
    LOG(kInfo, "-s: podinit registers as a child subreaper whenever it is not PID 1; nothing to add");
  }
  if (getpid() != 1 || settings.subreaper) {
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
      LOG(kWarning, "cannot become a child subreaper (%s): orphaned zombies will not be reaped",
          ErrText(errno));
    }
  }
  int sfd = signalfd(-1, &ForwardedSignals(), SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) {
    LOG(kError, "signalfd: %s", ErrText(errno));
    return 1;
  }
  // Synchronous signals someone sent with kill arrive through this pipe (see signals.h).
  int sync_pipe[2];
  if (pipe2(sync_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    LOG(kError, "pipe: %s", ErrText(errno));
    close(sfd);
    return 1;
  }
  if (hooks.reload_fd >= 0) fcntl(hooks.reload_fd, F_SETFD, FD_CLOEXEC);

  // Everything the child needs, built before fork().
  ExecPlan plan(argv, env, settings.exec_failure);
  const ChildPlacement placement = settings.placement;
  // Take the terminal's foreground only if we have it (tini takes it unconditionally).
  const bool give_tty = placement == ChildPlacement::kOwnGroup && isatty(STDIN_FILENO) &&
                        tcgetpgrp(STDIN_FILENO) == getpgrp();
  const bool job_control = placement == ChildPlacement::kOwnGroup && getpid() != 1 &&
                           HasControllingTerminal();
  const base::LogFormat format = g_format;
  const bool default_signals = settings.default_signals_for_child;
  bool terminal_hand_off = false;
  if (placement == ChildPlacement::kOwnSession) {
    // dumb-init's: let go of the terminal so that COMMAND, in a session of its own, can
    // make it its controlling terminal. A session leader letting go makes the kernel send
    // SIGHUP and SIGCONT to the foreground group, us: those two are not for COMMAND.
    if (ioctl(STDIN_FILENO, TIOCNOTTY) == -1) {
      LOG(kDebug, "no controlling terminal to let go of (%s)", ErrText(errno));
    } else if (getsid(0) == getpid()) {
      LOG(kDebug, "let go of the controlling terminal; the next SIGHUP and SIGCONT are not forwarded");
      terminal_hand_off = true;
    }
  }

  // Closed by the child's exec (or its exit): then the forked copy of podinit is gone. Best
  // effort: without it, on_started simply does not wait.
  int exec_pipe[2] = {-1, -1};
  if (pipe2(exec_pipe, O_CLOEXEC) != 0) exec_pipe[0] = exec_pipe[1] = -1;

  ForwardSentSynchronousSignals(sync_pipe[1]);
  pid_t child = fork();
  if (child < 0) {
    StopForwardingSynchronousSignals();
    LOG(kError, "fork: %s", ErrText(errno));
    close(sfd);
    close(sync_pipe[0]);
    close(sync_pipe[1]);
    if (exec_pipe[0] >= 0) {
      close(exec_pipe[0]);
      close(exec_pipe[1]);
    }
    return 1;
  }
  if (child == 0) {
    if (placement == ChildPlacement::kOwnGroup) {
      // Own process group, as tini: -g can signal the group, and a TTY's Ctrl-C and job
      // control go to the command, not to podinit. SIGTTOU is still ignored here, so
      // tcsetpgrp cannot stop us.
      setpgid(0, 0);
      if (give_tty && tcsetpgrp(STDIN_FILENO, getpgrp()) != 0 && errno != ENOTTY &&
          errno != ENXIO) {
        char line[128] = "tcsetpgrp: ";
        strncat(line, ErrText(errno), sizeof line - strlen(line) - 1);
        WriteLogLine(format, LineLevel::kError, false, line);
        _exit(1);
      }
    } else if (placement == ChildPlacement::kOwnSession) {
      setsid();
      ioctl(STDIN_FILENO, TIOCSCTTY, 0);  // fails when another session holds it: fine
    }
    if (default_signals) {
      DefaultSignalsForChild();
    } else {
      RestoreSignalsForChild();
    }
    _exit(plan.ExecOrFail(format));
  }
  if (placement == ChildPlacement::kOwnGroup) {
    setpgid(child, child);  // also from here, so a -g signal cannot beat the child's setpgid
  }
  LOG(kInfo, "started %s as process %d", argv[0].c_str(), static_cast<int>(child));
  if (exec_pipe[0] >= 0) {
    close(exec_pipe[1]);
    // on_started releases podinit's start-up memory: the kernel pages out no page another
    // process maps, and until its exec the child maps podinit's. Bounded: a child stopped
    // before its exec must not hold the supervisor up.
    pollfd exec_done = {exec_pipe[0], POLLIN, 0};
    for (int tries = 0; tries < 10 && poll(&exec_done, 1, 1000) < 0 && errno == EINTR; ++tries) {
    }
    close(exec_pipe[0]);
  }
  if (hooks.on_started) hooks.on_started(child);

  // The supervising loop: no allocation from here on.
  Supervision sup(settings, child, job_control);
  if (terminal_hand_off) sup.IgnoreTerminalHandOff();
  pollfd fds[3] = {{sfd, POLLIN, 0}, {sync_pipe[0], POLLIN, 0}, {hooks.reload_fd, POLLIN, 0}};
  while (!sup.Reap()) {
    timespec left;
    const timespec* timeout = sup.TermTimer(&left);
    if (ppoll(fds, 3, timeout, nullptr) < 0) {
      if (errno == EINTR) continue;
      LOG(kError, "ppoll: %s", ErrText(errno));
      break;
    }
    if (fds[0].revents & POLLIN) {
      ReadReady<signalfd_siginfo, 16>(
          sfd, [&sup](const signalfd_siginfo& info) { sup.OnSignal(static_cast<int>(info.ssi_signo)); });
    }
    if (fds[1].revents & POLLIN) {
      ReadReady<unsigned char, 16>(sync_pipe[0], [&sup](unsigned char sig) { sup.OnSignal(sig); });
    }
    if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[64];  // >= 8 so an eventfd read succeeds
      ssize_t n = read(fds[2].fd, buf, sizeof buf);
      if (n > 0) {
        LOG(kInfo, "reload requested");
        sup.Forward(settings.reload_signal);
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        fds[2].fd = -1;  // the writer went away: stop watching
      }
    }
  }

  int code = sup.status() == -1 ? 1 : ExitCodeFromStatus(sup.status(), settings);
  if (settings.term_group_on_exit) {
    // dumb-init's: whatever is left of COMMAND's group gets SIGTERM, and we are gone.
    sup.Forward(SIGTERM);
  } else if (settings.grace > absl::ZeroDuration()) {
    RunGracePeriod(sfd, settings.grace);
  }
  StopForwardingSynchronousSignals();
  close(sync_pipe[0]);
  close(sync_pipe[1]);
  close(sfd);
  return code;
}

int ExecCommand(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                base::LogFormat format) {
  ExecPlan plan(argv, env);
  bool prepared = InitSignalsPrepared();
  if (prepared) RestoreSignalsForChild();
  int code = plan.ExecOrFail(format);
  if (prepared) pthread_sigmask(SIG_SETMASK, &ForwardedSignals(), nullptr);
  return code;
}

void TriggerReload(int reload_fd) {
  const uint64_t one = 1;  // an eventfd needs exactly 8 bytes; a pipe takes them as well
  (void)!write(reload_fd, &one, sizeof one);
}

int ParseSignal(std::string_view name) {
  static const struct {
    const char* name;
    int number;
  } kNames[] = {
      {"HUP", SIGHUP},   {"INT", SIGINT},     {"QUIT", SIGQUIT},     {"ILL", SIGILL},
      {"TRAP", SIGTRAP}, {"ABRT", SIGABRT},   {"BUS", SIGBUS},       {"FPE", SIGFPE},
      {"KILL", SIGKILL}, {"USR1", SIGUSR1},   {"SEGV", SIGSEGV},     {"USR2", SIGUSR2},
      {"PIPE", SIGPIPE}, {"ALRM", SIGALRM},   {"TERM", SIGTERM},     {"CHLD", SIGCHLD},
      {"CONT", SIGCONT}, {"STOP", SIGSTOP},   {"TSTP", SIGTSTP},     {"TTIN", SIGTTIN},
      {"TTOU", SIGTTOU}, {"URG", SIGURG},     {"XCPU", SIGXCPU},     {"XFSZ", SIGXFSZ},
      {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"SYS", SIGSYS},
      {"IO", SIGIO},     {"PWR", SIGPWR},
  };
  if (name.empty()) return 0;
  if (std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (name.size() > 3) return 0;
    int n = 0;
    for (char c : name) n = n * 10 + (c - '0');
    return n >= 1 && n < NSIG ? n : 0;
  }
  if (name.size() > 3 && name.substr(0, 3) == "SIG") name.remove_prefix(3);
  for (const auto& entry : kNames) {
    if (name == entry.name) return entry.number;
  }
  return 0;
}

}  // namespace entrypoint::init
