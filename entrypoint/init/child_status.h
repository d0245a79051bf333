// One owner for every child's exit status. As PID 1 (or a subreaper) the supervisor reaps
// every zombie with waitpid(-1), so a child that another part of podinit started and waits
// for (--pre-exec, --on-change: subprocess.h) would lose its status to the reaper. Instead:
// - the starter forks inside SpawnClaimed, which holds reaping off until the new pid is
//   claimed, so the child cannot be reaped before anyone knows it is claimed;
// - the reaper reaps through ReapNext, which hands a claimed child's status to its claim;
// - the starter's WaitClaimed returns the status, whoever reaped the child.
// Without a supervisor, WaitClaimed simply reaps the child itself.
#ifndef PODINIT_ENTRYPOINT_INIT_CHILD_STATUS_H_
#define PODINIT_ENTRYPOINT_INIT_CHILD_STATUS_H_

#include <sys/types.h>

#include "absl/functional/function_ref.h"

namespace entrypoint::init {

// Runs fork_child (which forks and returns the child's pid, or -1) with reaping held off,
// and claims the pid it returns. fork_child must not wait for the child.
pid_t SpawnClaimed(absl::FunctionRef<pid_t()> fork_child);

// Blocks until the claimed child pid has exited; returns its raw wait status, or -1 if pid
// is not a child of this process.
int WaitClaimed(pid_t pid);

struct Reaped {
  pid_t pid;      // > 0 reaped; 0 none ready; -1 error (errno: ECHILD when no children)
  int status;     // the raw wait status
  bool claimed;   // its status went to a WaitClaimed caller
};

// waitpid(-1, ..., WNOHANG | flags), handing a claimed child's exit to its claim. For the
// supervisor: no allocation. A stop (WUNTRACED) of a claimed child is returned as is.
Reaped ReapNext(int flags = 0);

}  // namespace entrypoint::init

#endif  // PODINIT_ENTRYPOINT_INIT_CHILD_STATUS_H_
