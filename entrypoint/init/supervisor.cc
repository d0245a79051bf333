// The whole of podinit's PID 1 in one place. Read top to bottom: signal set-up, exec with
// PATH lookup, spawning the child, the supervising loop, and the grace period.
//
// Rules this file keeps:
// - Between fork() and execve() the child only makes async-signal-safe calls (the caller
//   may have threads, so malloc could deadlock there): everything it needs is built before
//   fork().
// - The supervising loop allocates nothing: fixed buffers, logging through a stack buffer.
// - podinit sleeps in ppoll() with no timeout unless a --term-delay or --grace timer runs.
#include "entrypoint/init/supervisor.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace podinit::init {
namespace {

// Faults raised by podinit's own code must kill podinit, not sit blocked in signalfd.
constexpr int kSynchronousSignals[] = {SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGSYS};

struct SavedSignals {
  bool saved = false;
  sigset_t mask;
  bool ignored[NSIG] = {};  // disposition was SIG_IGN when podinit started
};
SavedSignals g_saved;
sigset_t g_forwarded;  // blocked in podinit and read from the signalfd

int g_verbosity = 0;
void (*g_log_line)(const char* message) = nullptr;

// One line to stderr, formatted into a stack buffer (no allocation, one write(2)). LOG
// skips the arguments' evaluation too when the level is off.
#define LOG(level, ...)                              \
  do {                                               \
    if ((level) <= g_verbosity) Logf(__VA_ARGS__);   \
  } while (false)

void Logf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void Logf(const char* fmt, ...) {
  char buf[512];
  int n = 0;
  if (g_log_line == nullptr) n = snprintf(buf, sizeof buf, "podinit[%d]: ", static_cast<int>(getpid()));
  va_list ap;
  va_start(ap, fmt);
  int m = vsnprintf(buf + n, sizeof buf - n - 1, fmt, ap);
  va_end(ap);
  if (g_log_line != nullptr) {
    g_log_line(buf);
    return;
  }
  size_t len = std::min<size_t>(n + std::max(m, 0), sizeof buf - 2);
  buf[len++] = '\n';
  (void)!write(STDERR_FILENO, buf, len);
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

// Async-signal-safe line to stderr built from pieces (for the forked child).
void WriteLine(std::initializer_list<const char*> parts) {
  char buf[1024];
  size_t len = 0;
  for (const char* p : parts) {
    for (; *p != '\0' && len < sizeof buf - 1; ++p) buf[len++] = *p;
  }
  buf[len++] = '\n';
  (void)!write(STDERR_FILENO, buf, len);
}

void RestoreSignalsForChild() {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    sa.sa_handler = g_saved.ignored[sig] ? SIG_IGN : SIG_DFL;
    sigaction(sig, &sa, nullptr);  // EINVAL for glibc's internal signals: nothing to restore
  }
  sigprocmask(SIG_SETMASK, &g_saved.mask, nullptr);
}

// The paths execve is tried on, in order, like execvp but with the child's own PATH.
std::vector<std::string> ExecCandidates(const std::string& name,
                                        const std::vector<std::string>& env) {
  if (name.find('/') != std::string::npos) return {name};
  const char* path = nullptr;
  for (const std::string& e : env) {
    if (e.compare(0, 5, "PATH=") == 0) path = e.c_str() + 5;
  }
  if (path == nullptr) path = getenv("PATH");
  if (path == nullptr) path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  std::vector<std::string> out;
  std::string_view rest(path);
  while (true) {
    size_t colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    if (dir.empty()) dir = ".";  // POSIX: an empty PATH element is the current directory
    out.push_back(std::string(dir) + "/" + name);
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return out;
}

std::vector<char*> CStrings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (const std::string& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Tries every candidate; returns only on failure with 127 (not found) or 126 (found but
// not executable) after one line on stderr. Async-signal-safe.
int ExecCandidatesOrFail(const std::vector<std::string>& candidates, char* const* argv,
                         char* const* envp, bool searched_path) {
  int err = ENOENT;
  bool denied = false;
  for (const std::string& c : candidates) {
    execve(c.c_str(), argv, envp);
    err = errno;
    if (err == EACCES) {
      denied = true;  // execvp keeps looking, and reports EACCES if nothing else works
    } else if (err != ENOENT && err != ENOTDIR && err != ESTALE && err != ENODEV &&
               err != ETIMEDOUT) {
      break;  // found something that cannot be run: say why
    }
  }
  if (denied && (err == ENOENT || err == ENOTDIR)) err = EACCES;
  bool not_found = err == ENOENT || err == ENOTDIR;
  if (not_found && searched_path) {
    WriteLine({"podinit: exec \"", argv[0], "\": executable file not found in $PATH"});
  } else {
    WriteLine({"podinit: exec \"", argv[0], "\": ", ErrText(err)});
  }
  return not_found ? 127 : 126;
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

// Reaps every zombie that is ready (orphans re-parented to us included). Records the main
// child's raw wait status in *child_status. Returns false when we have no children left.
bool ReapZombies(pid_t child, int* child_status) {
  while (true) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      if (pid == child) {
        *child_status = status;
      } else {
        LOG(2, "reaped zombie process %d", static_cast<int>(pid));
      }
      continue;
    }
    if (pid == 0) return true;
    if (errno == EINTR) continue;
    if (errno != ECHILD) LOG(0, "waitpid: %s", ErrText(errno));
    return false;
  }
}

int ExitCodeFromStatus(int status, const InitSettings& settings) {
  int code;
  if (WIFEXITED(status)) {
    code = WEXITSTATUS(status);
    LOG(1, "main process exited with status %d", code);
  } else {
    code = 128 + WTERMSIG(status);
    LOG(1, "main process killed by signal %d (%s)", WTERMSIG(status), SigName(WTERMSIG(status)));
  }
  code %= 256;
  for (int zero : settings.zero_exit_codes) {
    if (zero == code) return 0;
  }
  return code;
}

void Forward(pid_t target, int sig) {
  if (kill(target, sig) == 0) {
    LOG(1, "forwarded signal %d (%s) to %d", sig, SigName(sig), static_cast<int>(target));
  } else if (errno == ESRCH) {
    LOG(1, "main process was gone when forwarding signal %d", sig);
  } else {
    LOG(0, "forwarding signal %d to %d: %s", sig, static_cast<int>(target), ErrText(errno));
  }
}

// Not PID 1, so kill(-1) would reach the user's other processes: signal only our
// descendants, found through /proc.
void SignalDescendants(int sig) {
  std::vector<std::pair<pid_t, pid_t>> procs;  // (pid, ppid)
  DIR* d = opendir("/proc");
  if (d == nullptr) return;
  while (dirent* e = readdir(d)) {
    char* end;
    long pid = strtol(e->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) continue;
    buf[n] = '\0';
    const char* paren = strrchr(buf, ')');  // the command name may contain anything
    int ppid;
    char state;
    if (paren != nullptr && sscanf(paren + 1, " %c %d", &state, &ppid) == 2) {
      procs.emplace_back(static_cast<pid_t>(pid), static_cast<pid_t>(ppid));
    }
  }
  closedir(d);
  std::vector<pid_t> tree = {getpid()};
  for (size_t i = 0; i < tree.size(); ++i) {
    for (const auto& [pid, ppid] : procs) {
      if (ppid == tree[i]) tree.push_back(pid);
    }
  }
  for (size_t i = 1; i < tree.size(); ++i) kill(tree[i], sig);
}

void DrainSignals(int sfd) {
  signalfd_siginfo infos[16];
  while (read(sfd, infos, sizeof infos) > 0) {
  }
}

// After the main process exited: SIGTERM everything left and reap until nothing is left or
// the grace period is over. As PID 1, whatever is still alive is SIGKILLed by the kernel
// when we exit; as a subreaper it is left to our parent.
void RunGracePeriod(int sfd, absl::Duration grace) {
  timespec deadline = DeadlineAfter(grace);
  int unused_status;
  if (!ReapZombies(-1, &unused_status)) return;
  LOG(1, "main process exited; sending SIGTERM to the remaining processes (grace %lld ms)",
       static_cast<long long>(absl::ToInt64Milliseconds(grace)));
  if (getpid() == 1) {
    kill(-1, SIGTERM);  // in our PID namespace: everyone but us
  } else {
    SignalDescendants(SIGTERM);
  }
  pollfd pfd{sfd, POLLIN, 0};
  while (ReapZombies(-1, &unused_status)) {
    timespec left = Remaining(deadline);
    if (IsZero(left)) {
      LOG(0, "grace period over with processes still running; exiting");
      return;
    }
    if (ppoll(&pfd, 1, &left, nullptr) > 0) DrainSignals(sfd);  // SIGCHLD, or ignored
  }
  LOG(1, "all processes exited within the grace period");
}

}  // namespace

void PrepareInitSignals() {
  if (g_saved.saved) return;
  pthread_sigmask(SIG_SETMASK, nullptr, &g_saved.mask);
  for (int sig = 1; sig < NSIG; ++sig) {
    struct sigaction sa;
    if (sig != SIGKILL && sig != SIGSTOP && sigaction(sig, nullptr, &sa) == 0) {
      g_saved.ignored[sig] = !(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_IGN;
    }
  }
  sigfillset(&g_forwarded);
  for (int sig : kSynchronousSignals) sigdelset(&g_forwarded, sig);
  // As tini: the child owns the terminal's foreground, so podinit writing a log line must
  // not stop it (TOSTOP) — ignore these instead of forwarding them.
  sigdelset(&g_forwarded, SIGTTIN);
  sigdelset(&g_forwarded, SIGTTOU);
  pthread_sigmask(SIG_SETMASK, &g_forwarded, nullptr);
  struct sigaction ign;
  memset(&ign, 0, sizeof ign);
  ign.sa_handler = SIG_IGN;
  sigemptyset(&ign.sa_mask);
  sigaction(SIGTTIN, &ign, nullptr);
  sigaction(SIGTTOU, &ign, nullptr);
  g_saved.saved = true;
}

bool WantsSupervisor(const InitSettings& s) {
  return s.force || s.subreaper || s.kill_group || !s.zero_exit_codes.empty() ||
         s.parent_death_signal != 0 || s.term_delay > absl::ZeroDuration() ||
         s.grace > absl::ZeroDuration();
}

int RunAsInit(const std::vector<std::string>& argv, const std::vector<std::string>& env,
              const InitSettings& settings, const base::LogSettings& log, const InitHooks& hooks) {
  g_verbosity = log.verbosity;
  g_log_line = hooks.log_line;
  if (argv.empty()) {
    LOG(0, "no command to run");
    return 1;
  }
  PrepareInitSignals();

  if (settings.parent_death_signal > 0 && prctl(PR_SET_PDEATHSIG, settings.parent_death_signal) != 0) {
    LOG(0, "cannot set the parent death signal: %s", ErrText(errno));
    return 1;
  }
  if (getpid() != 1 || settings.subreaper) {
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
      LOG(0, "cannot become a child subreaper (%s): orphaned zombies will not be reaped",
           ErrText(errno));
    }
  }
  int sfd = signalfd(-1, &g_forwarded, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) {
    LOG(0, "signalfd: %s", ErrText(errno));
    return 1;
  }
  if (hooks.reload_fd >= 0) fcntl(hooks.reload_fd, F_SETFD, FD_CLOEXEC);

  // Everything the child needs, built before fork().
  std::vector<std::string> candidates = ExecCandidates(argv[0], env);
  std::vector<char*> cargv = CStrings(argv);
  std::vector<char*> cenv = CStrings(env);
  bool searched_path = argv[0].find('/') == std::string::npos;
  // Take the terminal's foreground only if we have it (tini takes it unconditionally).
  bool give_tty = isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();

  pid_t child = fork();
  if (child < 0) {
    LOG(0, "fork: %s", ErrText(errno));
    close(sfd);
    return 1;
  }
  if (child == 0) {
    // Own process group, as tini: -g can signal the group, and a TTY's Ctrl-C and job
    // control go to the command, not to podinit. SIGTTOU is still ignored here, so
    // tcsetpgrp cannot stop us.
    setpgid(0, 0);
    if (give_tty && tcsetpgrp(STDIN_FILENO, getpgrp()) != 0 && errno != ENOTTY &&
        errno != ENXIO) {
      WriteLine({"podinit: tcsetpgrp: ", ErrText(errno)});
      _exit(1);
    }
    RestoreSignalsForChild();
    _exit(ExecCandidatesOrFail(candidates, cargv.data(), cenv.data(), searched_path));
  }
  setpgid(child, child);  // also from here, so a -g signal cannot beat the child's setpgid
  LOG(1, "started %s as process %d", argv[0].c_str(), static_cast<int>(child));
  if (hooks.on_started) hooks.on_started(child);

  // The supervising loop: no allocation from here on.
  const pid_t target = settings.kill_group ? -child : child;
  const bool delay_term = settings.term_delay > absl::ZeroDuration();
  bool term_held = false;
  timespec term_deadline{};
  pollfd fds[2] = {{sfd, POLLIN, 0}, {hooks.reload_fd, POLLIN, 0}};
  int child_status = -1;
  while (true) {
    ReapZombies(child, &child_status);
    if (child_status != -1) break;
    if (term_held && IsZero(Remaining(term_deadline))) {
      term_held = false;
      Forward(target, SIGTERM);
    }
    timespec left;
    if (term_held) left = Remaining(term_deadline);
    if (ppoll(fds, 2, term_held ? &left : nullptr, nullptr) < 0) {
      if (errno == EINTR) continue;
      LOG(0, "ppoll: %s", ErrText(errno));
      break;
    }
    if (fds[0].revents & POLLIN) {
      signalfd_siginfo infos[16];
      ssize_t n;
      while ((n = read(sfd, infos, sizeof infos)) > 0) {
        for (size_t i = 0; i < n / sizeof(signalfd_siginfo); ++i) {
          int sig = static_cast<int>(infos[i].ssi_signo);
          if (sig == SIGCHLD) continue;  // reaped at the top of the loop
          if (sig == SIGTERM && delay_term) {
            if (!term_held) {
              LOG(1, "SIGTERM: holding it for %lld ms before forwarding",
                   static_cast<long long>(absl::ToInt64Milliseconds(settings.term_delay)));
              term_held = true;
              term_deadline = DeadlineAfter(settings.term_delay);
            }
            continue;
          }
          Forward(target, sig);
        }
      }
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[64];  // >= 8 so an eventfd read succeeds
      ssize_t n = read(fds[1].fd, buf, sizeof buf);
      if (n > 0) {
        LOG(1, "reload requested");
        Forward(target, settings.reload_signal);
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        fds[1].fd = -1;  // the writer went away: stop watching
      }
    }
  }

  int code = child_status == -1 ? 1 : ExitCodeFromStatus(child_status, settings);
  if (settings.grace > absl::ZeroDuration()) RunGracePeriod(sfd, settings.grace);
  close(sfd);
  return code;
}

int ExecCommand(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  if (argv.empty()) {
    WriteLine({"podinit: no command to run"});
    return 127;
  }
  std::vector<std::string> candidates = ExecCandidates(argv[0], env);
  std::vector<char*> cargv = CStrings(argv);
  std::vector<char*> cenv = CStrings(env);
  if (g_saved.saved) RestoreSignalsForChild();
  int code = ExecCandidatesOrFail(candidates, cargv.data(), cenv.data(),
                                  argv[0].find('/') == std::string::npos);
  if (g_saved.saved) pthread_sigmask(SIG_SETMASK, &g_forwarded, nullptr);
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

}  // namespace podinit::init
