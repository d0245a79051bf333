// The processes an exiting supervisor leaves behind, read from /proc, for --grace: what
// gets SIGTERM, and what is named in the log when SIGKILL follows.
#ifndef PODINIT_ENTRYPOINT_INIT_PROCESSES_H_
#define PODINIT_ENTRYPOINT_INIT_PROCESSES_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace entrypoint::init {

struct ProcessInfo {
  pid_t pid;
  std::string name;  // /proc/PID/comm
};

// Whether /proc is this process's PID namespace's (`unshare --pid` without --mount-proc
// leaves the parent's), so the pids in it can be signalled.
bool ProcIsOurs();

// As PID 1, every other process of the namespace; otherwise this process's descendants.
// Empty when /proc cannot say (see ProcIsOurs).
std::vector<ProcessInfo> LeftoverProcesses();

// Sends sig to the leftover processes: as PID 1 kill(-1) (everyone in the namespace but
// us), otherwise each descendant (kill(-1) would reach the user's other processes).
void SignalLeftovers(int sig);

// "123 (sleep), 124 (sh)", at most `max` of them, then "and N more".
std::string DescribeProcesses(const std::vector<ProcessInfo>& procs, size_t max = 20);

}  // namespace entrypoint::init

#endif  // PODINIT_ENTRYPOINT_INIT_PROCESSES_H_
