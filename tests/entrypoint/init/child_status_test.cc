#include "entrypoint/init/child_status.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

#include "entrypoint/init/subprocess.h"
#include "entrypoint/init/supervisor.h"
#include "tests/entrypoint/init/in_child.h"

namespace entrypoint::init {
namespace {

pid_t ForkExiting(int code) {
  return SpawnClaimed([code] {
    pid_t pid = fork();
    if (pid == 0) _exit(code);
    return pid;
  });
}

TEST(ChildStatus, WithoutAReaperTheStarterReapsItsChild) {
  Outcome o = InChild([] {
    pid_t pid = ForkExiting(7);
    int status = WaitClaimed(pid);
    return WIFEXITED(status) && WEXITSTATUS(status) == 7 ? 0 : 1;
  });
  EXPECT_EQ(o.code, 0);
}

// A reaper taking every zombie with waitpid(-1), as PID 1 does, while children are started
// and waited for: each waiter gets its own child's status, and the reaper the others'.
TEST(ChildStatus, AReaperHandsClaimedStatusesToTheirWaiters) {
  Outcome o = InChild([] {
    std::atomic<bool> stop{false};
    std::atomic<int> claimed_by_reaper{0}, unclaimed{0};
    pid_t stray = fork();  // not claimed: its status is the reaper's
    if (stray == 0) _exit(9);
    std::thread reaper([&] {
      while (!stop) {
        Reaped r = ReapNext();
        if (r.pid > 0 && r.claimed) ++claimed_by_reaper;
        if (r.pid == stray && !r.claimed && WEXITSTATUS(r.status) == 9) ++unclaimed;
        if (r.pid <= 0) usleep(100);
      }
    });
    int wrong = 0;
    for (int i = 0; i < 200; ++i) {
      pid_t pid = ForkExiting(i % 50);
      if (i % 2 == 0) usleep(200);  // sometimes the reaper is first, sometimes the waiter
      int status = WaitClaimed(pid);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != i % 50) ++wrong;
    }
    stop = true;
    reaper.join();
    fprintf(stderr, "wrong=%d reaper-took=%d stray=%d\n", wrong, claimed_by_reaper.load(), unclaimed.load());
    return wrong == 0 && claimed_by_reaper > 0 && unclaimed == 1 ? 0 : 1;
  });
  EXPECT_EQ(o.code, 0) << o.stderr_text;
}

// The defect this owner fixes: --on-change commands, run while the supervisor reaps as PID 1,
// were logged as failed. Their statuses must be theirs.
TEST(ChildStatus, SubprocessesUnderTheSupervisorGetTheirOwnStatus) {
  char dir[] = "/tmp/child-status-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string done = std::string(dir) + "/done";
  Outcome o = InChild([&] {
    std::atomic<int> wrong{0};
    std::thread runner;
    InitHooks hooks;
    hooks.on_started = [&](int) {
      runner = std::thread([&] {
        for (int i = 0; i < 40; ++i) {
          auto r = RunSubprocess({"sh", "-c", "exit " + std::to_string(i % 4)}, {"PATH=/usr/bin:/bin"});
          if (!r.ok() || r->exit_code != i % 4) ++wrong;
        }
        close(open(done.c_str(), O_CREAT | O_WRONLY, 0644));
      });
    };
    int rc = RunAsInit({"sh", "-c", "i=0; while [ ! -e " + done + " ] && [ $i -lt 1500 ]; do sleep 0.01; i=$((i+1)); done; exit 6"},
                       {"PATH=/usr/bin:/bin"}, InitSettings{}, base::LogSettings{}, hooks);
    runner.join();
    fprintf(stderr, "wrong=%d\n", wrong.load());
    return rc == 6 && wrong == 0 ? 0 : 1;
  });
  EXPECT_EQ(o.code, 0) << o.stderr_text;
  (void)!system((std::string("rm -rf ") + dir).c_str());
}

}  // namespace
}  // namespace entrypoint::init
