// podinit's signal state as an init: which signals the supervisor reads from its signalfd,
// what every child gets back (the mask and dispositions podinit started with), and the
// synchronous signals (SIGSEGV, SIGABRT...) that must stay fatal when podinit's own code
// raises them but are forwarded like any other when someone sends them with kill.
#ifndef PODINIT_ENTRYPOINT_INIT_SIGNALS_H_
#define PODINIT_ENTRYPOINT_INIT_SIGNALS_H_

#include <csignal>

namespace entrypoint::init {

// Saves the signal mask and dispositions the process has now (given to COMMAND later) and
// blocks every signal the supervisor forwards. Call it first thing in main() if the program
// starts threads before RunAsInit: a thread created after this inherits the blocked mask,
// so a SIGTERM cannot land on it and kill the process with the default action. Idempotent.
void PrepareInitSignals();

// Whether PrepareInitSignals ran.
bool InitSignalsPrepared();

// The set blocked and read from the signalfd.
const sigset_t& ForwardedSignals();

// dumb-init forwards SIGTTIN and SIGTTOU (and stops itself after them); tini and podinit
// ignore them so a log line written from the background cannot stop the init. Blocked, a
// background write or read on the terminal does not stop podinit either.
void ForwardTerminalStopSignals();

// In a forked child before execve: the mask and dispositions podinit started with.
// Async-signal-safe.
void RestoreSignalsForChild();

// dumb-init's way instead: the standard signals (1-31) at their default action, even those
// podinit's parent ignored, and nothing blocked. Async-signal-safe.
void DefaultSignalsForChild();

// Sends the synchronous signals (SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV,
// SIGSYS) that another process sent with kill(2) or sigqueue(3) to podinit as one byte (the
// signal number) down write_fd, for the supervisor to forward. One the kernel raised for a
// fault of podinit's, or that podinit raised itself (abort), kills podinit as before.
void ForwardSentSynchronousSignals(int write_fd);

// Back to the default action for those signals (before the pipe goes away).
void StopForwardingSynchronousSignals();

// The signals in question, for the tests.
inline constexpr int kSynchronousSignals[] = {SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGSYS};

}  // namespace entrypoint::init

#endif  // PODINIT_ENTRYPOINT_INIT_SIGNALS_H_
