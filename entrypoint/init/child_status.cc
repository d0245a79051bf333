#include "entrypoint/init/child_status.h"

#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace entrypoint::init {
namespace {

// podinit waits for one command at a time (--pre-exec, --on-change run one after another);
// a few slots leave room without allocating.
struct Claim {
  pid_t pid = 0;  // 0: free
  bool done = false;
  int status = 0;
};
constexpr int kClaims = 16;

struct Registry {
  std::mutex mu;
  std::condition_variable exited;
  Claim claims[kClaims];

  Claim* Find(pid_t pid) {
    for (Claim& c : claims) {
      if (c.pid == pid) return &c;
    }
    return nullptr;
  }
};

// A plain global, so the supervising loop's first ReapNext allocates nothing.
Registry g_registry;
Registry& registry() { return g_registry; }

}  // namespace

pid_t SpawnClaimed(absl::FunctionRef<pid_t()> fork_child) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  pid_t pid = fork_child();
  if (pid > 0) {
    if (Claim* c = r.Find(0)) *c = Claim{pid, false, 0};
  }
  return pid;
}

int WaitClaimed(pid_t pid) {
  Registry& r = registry();
  {
    std::lock_guard<std::mutex> lock(r.mu);
    Claim* c = r.Find(pid);
    if (c != nullptr && c->done) {
      int status = c->status;
      *c = Claim{};
      return status;
    }
  }
  int status = 0;
  pid_t got;
  do {
    got = waitpid(pid, &status, 0);
  } while (got < 0 && errno == EINTR);
  std::unique_lock<std::mutex> lock(r.mu);
  Claim* c = r.Find(pid);
  if (got == pid) {
    if (c != nullptr) *c = Claim{};
    return status;
  }
  if (c == nullptr) return -1;  // never claimed, and not our child
  // The reaper took it: ReapNext records the status before it lets go of the lock, so it is
  // there by now. The bound only guards against a status that never comes (SIGCHLD ignored).
  r.exited.wait_for(lock, std::chrono::seconds(10), [c] { return c->done; });
  status = c->done ? c->status : -1;
  *c = Claim{};
  return status;
}

Reaped ReapNext(int flags) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  int status = 0;
  pid_t pid = waitpid(-1, &status, WNOHANG | flags);
  Reaped out{pid, status, false};
  if (pid > 0 && !WIFSTOPPED(status) && !WIFCONTINUED(status)) {
    if (Claim* c = r.Find(pid)) {
      c->done = true;
      c->status = status;
      out.claimed = true;
      r.exited.notify_all();
    }
  }
  return out;
}

}  // namespace entrypoint::init
