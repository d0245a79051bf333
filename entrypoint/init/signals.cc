#include "entrypoint/init/signals.h"

#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace entrypoint::init {
namespace {

struct SavedSignals {
  bool saved = false;
  sigset_t mask;
  bool ignored[NSIG] = {};  // disposition was SIG_IGN when podinit started
};
SavedSignals g_saved;
sigset_t g_forwarded;  // blocked in podinit and read from the signalfd

volatile sig_atomic_t g_sync_fd = -1;

void SetDisposition(int sig, void (*handler)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, nullptr);
}

// si_code > 0: the kernel raised it (a fault, a seccomp trap); SI_USER, SI_QUEUE and
// SI_TKILL are <= 0 and say who sent it in si_pid. A fault re-raised with the default action
// keeps its core dump and its 128+N.
void OnSynchronousSignal(int sig, siginfo_t* info, void*) {
  int saved_errno = errno;
  bool sent_by_another = info != nullptr && info->si_code <= 0 && info->si_pid != getpid();
  int fd = g_sync_fd;
  if (sent_by_another && fd >= 0) {
    unsigned char b = static_cast<unsigned char>(sig);
    (void)!write(fd, &b, 1);
    errno = saved_errno;
    return;
  }
  // Fatal, as if podinit had never handled it: the default action, raised again. The signal
  // is blocked while this handler runs, so it is delivered as the handler returns (a fault
  // would also simply happen again).
  SetDisposition(sig, SIG_DFL);
  raise(sig);
  errno = saved_errno;
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
  // Faults raised by podinit's own code must kill podinit, not sit blocked in signalfd.
  for (int sig : kSynchronousSignals) sigdelset(&g_forwarded, sig);
  // As tini: the child owns the terminal's foreground, so podinit writing a log line must
  // not stop it (TOSTOP) — ignore these instead of forwarding them.
  sigdelset(&g_forwarded, SIGTTIN);
  sigdelset(&g_forwarded, SIGTTOU);
  pthread_sigmask(SIG_SETMASK, &g_forwarded, nullptr);
  SetDisposition(SIGTTIN, SIG_IGN);
  SetDisposition(SIGTTOU, SIG_IGN);
  g_saved.saved = true;
}

bool InitSignalsPrepared() { return g_saved.saved; }

const sigset_t& ForwardedSignals() { return g_forwarded; }

void ForwardTerminalStopSignals() {
  PrepareInitSignals();
  sigaddset(&g_forwarded, SIGTTIN);
  sigaddset(&g_forwarded, SIGTTOU);
  pthread_sigmask(SIG_SETMASK, &g_forwarded, nullptr);
  // An ignored signal is discarded even when blocked: back to the default, so it queues.
  SetDisposition(SIGTTIN, SIG_DFL);
  SetDisposition(SIGTTOU, SIG_DFL);
}

void RestoreSignalsForChild() {
  if (!g_saved.saved) return;  // nothing changed: what the child inherits is podinit's own
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

void DefaultSignalsForChild() {
  RestoreSignalsForChild();
  for (int sig = 1; sig <= 31; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) SetDisposition(sig, SIG_DFL);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

void ForwardSentSynchronousSignals(int write_fd) {
  g_sync_fd = write_fd;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = OnSynchronousSignal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (int sig : kSynchronousSignals) sigaction(sig, &sa, nullptr);
}

void StopForwardingSynchronousSignals() {
  for (int sig : kSynchronousSignals) SetDisposition(sig, SIG_DFL);
  g_sync_fd = -1;
}

}  // namespace entrypoint::init
