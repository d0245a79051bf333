// What COMMAND inherits: exactly the descriptors podinit itself was given (0, 1, 2 and any
// the caller passed on purpose: socket activation, a log pipe), as tini and dumb-init pass
// them, and none that podinit opened. The libraries podinit links (libcurl's sockets and its
// resolver's socketpair, OpenSSL, Boost) do not all open theirs close-on-exec, so the init
// layer guarantees it for every child instead of trusting each library.
#ifndef PODINIT_ENTRYPOINT_INIT_DESCRIPTORS_H_
#define PODINIT_ENTRYPOINT_INIT_DESCRIPTORS_H_

namespace entrypoint::init {

// Records the descriptors open now as the ones podinit inherited. Call it first thing in
// main(), before anything opens a file. Later calls change nothing. Without it, 0, 1 and 2
// count as inherited.
void NoteInheritedDescriptors();

// Marks every open descriptor except the inherited ones close-on-exec. Async-signal-safe
// (no allocation, no locks), so a forked child calls it between fork() and execve(), where
// no other thread can open a descriptor behind its back.
void CloseOnExecExceptInherited();

// Whether fd was open when NoteInheritedDescriptors ran.
bool IsInheritedDescriptor(int fd);

}  // namespace entrypoint::init

#endif  // PODINIT_ENTRYPOINT_INIT_DESCRIPTORS_H_
