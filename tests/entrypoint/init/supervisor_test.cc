#include "entrypoint/init/supervisor.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/entrypoint/init/in_child.h"

namespace entrypoint::init {
namespace {

using ::testing::HasSubstr;

class SupervisorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/supervisor-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { (void)!system(("rm -rf " + dir_).c_str()); }
  std::string MakeScript(const std::string& name, const std::string& body, mode_t mode) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << body;
    chmod(path.c_str(), mode);
    return path;
  }
  static std::string Read(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  std::string dir_;
};

TEST_F(SupervisorTest, ExecCommandRunsTheProgram) {
  Outcome o = InChild([] { return ExecCommand({"sh", "-c", "exit 5"}, {"PATH=/usr/bin:/bin"}); });
  EXPECT_EQ(o.code, 5);
  EXPECT_EQ(o.stderr_text, "");
}

TEST_F(SupervisorTest, ExecCommandPassesEnvExactly) {
  std::string out = dir_ + "/env";
  Outcome o = InChild([&] {
    return ExecCommand({"/bin/sh", "-c", "echo \"$FOO|${HOME-unset}\" > " + out}, {"FOO=bar"});
  });
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(Read(out), "bar|unset\n");
}

TEST_F(SupervisorTest, ExecCommandSearchesTheCommandsOwnPath) {
  MakeScript("my-tool", "#!/bin/sh\nexit 9\n", 0755);
  Outcome found = InChild([&] { return ExecCommand({"my-tool"}, {"PATH=/nonexistent:" + dir_}); });
  EXPECT_EQ(found.code, 9);
  // `sh` is in podinit's PATH but not in the command's: not found.
  Outcome not_found = InChild([&] { return ExecCommand({"sh"}, {"PATH=" + dir_}); });
  EXPECT_EQ(not_found.code, 127);
  EXPECT_EQ(not_found.stderr_text, "podinit: exec \"sh\": executable file not found in $PATH\n");
}

TEST_F(SupervisorTest, ExecCommandFailuresAre127And126WithOneLine) {
  std::string noexec = MakeScript("noexec", "#!/bin/sh\n", 0644);
  std::string noshebang = MakeScript("noshebang", "exit 0\n", 0755);
  MakeScript("denied-in-path", "#!/bin/sh\n", 0644);
  struct Case {
    std::vector<std::string> argv;
    int code;
    std::string message;
  } cases[] = {
      {{"/nonexistent/prog"}, 127, "podinit: exec \"/nonexistent/prog\": No such file or directory\n"},
      {{"no-such-prog-podinit"}, 127,
       "podinit: exec \"no-such-prog-podinit\": executable file not found in $PATH\n"},
      {{noexec}, 126, "podinit: exec \"" + noexec + "\": Permission denied\n"},
      {{dir_}, 126, "podinit: exec \"" + dir_ + "\": Permission denied\n"},
      {{noshebang}, 126, "podinit: exec \"" + noshebang + "\": Exec format error\n"},
      {{"denied-in-path"}, 126, "podinit: exec \"denied-in-path\": Permission denied\n"},
      // As Docker: `docker run IMAGE ''` is 127, "exec: \"\": executable file not found in $PATH".
      {{""}, 127, "podinit: exec \"\": executable file not found in $PATH\n"},
  };
  for (const Case& c : cases) {
    Outcome o = InChild([&] { return ExecCommand(c.argv, {"PATH=/usr/bin:/bin:" + dir_}); });
    EXPECT_EQ(o.code, c.code) << c.argv[0];
    EXPECT_EQ(o.stderr_text, c.message);
  }
}

TEST_F(SupervisorTest, RunAsInitReturnsStatusAndReportsThePid) {
  std::string out = dir_ + "/pid";
  Outcome o = InChild([&] {
    pid_t started = 0;
    InitHooks hooks;
    hooks.on_started = [&](int pid) { started = pid; };
    int rc = RunAsInit({"sh", "-c", "echo $$ > " + out + "; exit 3"}, {"PATH=/usr/bin:/bin"},
                       InitSettings{}, base::LogSettings{}, hooks);
    std::ofstream(out + ".started") << started << "\n";
    return rc;
  });
  EXPECT_EQ(o.code, 3);
  EXPECT_EQ(Read(out), Read(out + ".started"));
}

TEST_F(SupervisorTest, RunAsInitMapsZeroExitCodes) {
  Outcome o = InChild([] {
    InitSettings settings;
    settings.zero_exit_codes = {143};
    return RunAsInit({"sh", "-c", "kill -TERM $$"}, {"PATH=/usr/bin:/bin"}, settings, {});
  });
  EXPECT_EQ(o.code, 0);
}

TEST_F(SupervisorTest, ReloadThroughAPipeSendsTheReloadSignal) {
  std::string out = dir_ + "/reloads";
  Outcome o = InChild([&] {
    int fds[2];
    if (pipe(fds) != 0) return 100;
    InitSettings settings;
    settings.reload_signal = SIGUSR2;
    InitHooks hooks;
    hooks.reload_fd = fds[0];
    std::string script = "trap 'echo r >> " + out + "' USR2; trap 'exit 0' TERM; " +
                         "i=0; while { [ ! -s " + out + " ] || [ $(wc -l < " + out +
                         ") -lt 2 ]; } && [ $i -lt 1500 ]; do sleep 0.01; i=$((i+1)); done; exit 0";
    hooks.on_started = [&](int) {
      // Two separate reloads, then the writer goes away (EOF must not spin or fail).
      if (fork() == 0) {
        usleep(200000);
        TriggerReload(fds[1]);
        usleep(200000);
        TriggerReload(fds[1]);
        _exit(0);
      }
      close(fds[1]);
    };
    return RunAsInit({"sh", "-c", script}, {"PATH=/usr/bin:/bin"}, settings, {}, hooks);
  });
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(Read(out), "r\nr\n");
}

TEST_F(SupervisorTest, RunAsInitWithoutCommandFails) {
  Outcome o = InChild([] { return RunAsInit({}, {}, InitSettings{}, base::LogSettings{}); });
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.stderr_text, HasSubstr("no command"));
}

TEST_F(SupervisorTest, LogLinesGoToTheCallersSink) {
  Outcome o = InChild([] {
    base::LogSettings log;
    log.verbosity = 1;
    InitHooks hooks;
    hooks.log_line = [](const char* message) { fprintf(stderr, "SINK<%s>\n", message); };
    return RunAsInit({"sh", "-c", "exit 4"}, {"PATH=/usr/bin:/bin"}, InitSettings{}, log, hooks);
  });
  EXPECT_EQ(o.code, 4);
  EXPECT_THAT(o.stderr_text, HasSubstr("SINK<main process exited with status 4>\n"));
  EXPECT_THAT(o.stderr_text, ::testing::Not(HasSubstr("podinit[")));
}

// kill -SEGV (or ABRT, BUS, ...) to podinit is for COMMAND, as any other signal.
TEST_F(SupervisorTest, SynchronousSignalsSentWithKillAreForwarded) {
  std::string out = dir_ + "/got";
  Outcome o = InChild([&] {
    InitHooks hooks;
    hooks.on_started = [&](int) {
      if (fork() == 0) {  // someone else, sending them
        pid_t supervisor = getppid();
        for (int i = 0; i < 500 && access((out + ".ready").c_str(), F_OK) != 0; ++i) usleep(10000);
        for (int sig : kSynchronousSignals) {
          kill(supervisor, sig);
          usleep(50000);
        }
        kill(supervisor, SIGTERM);
        _exit(0);
      }
    };
    std::string script = "for s in SEGV ABRT BUS FPE ILL TRAP SYS; do trap \"echo $s >> " + out +
                         "\" $s; done; trap 'exit 42' TERM; touch " + out + ".ready; " +
                         "i=0; while [ $i -lt 1500 ]; do sleep 0.01; i=$((i+1)); done";
    return RunAsInit({"sh", "-c", script}, {"PATH=/usr/bin:/bin"}, InitSettings{}, {}, hooks);
  });
  EXPECT_EQ(o.code, 42) << o.stderr_text;
  EXPECT_EQ(Read(out), "FPE\nILL\nSEGV\nBUS\nABRT\nTRAP\nSYS\n");
}

// ...but a fault of podinit's own, or an abort() of its own, still kills it.
TEST_F(SupervisorTest, PodinitsOwnFaultsStayFatal) {
  // The orphaned sleep keeps the captured stderr open until it ends: short, so the test is.
  Outcome trap = InChild([] {
    InitHooks hooks;
    hooks.on_started = [](int) { __builtin_trap(); };  // SIGILL, raised by the CPU
    return RunAsInit({"sleep", "1"}, {"PATH=/usr/bin:/bin"}, InitSettings{}, {}, hooks);
  });
  EXPECT_EQ(trap.code, 128 + SIGILL);
  Outcome abort = InChild([] {
    InitHooks hooks;
    hooks.on_started = [](int) { raise(SIGABRT); };  // as abort() does
    return RunAsInit({"sleep", "1"}, {"PATH=/usr/bin:/bin"}, InitSettings{}, {}, hooks);
  });
  EXPECT_EQ(abort.code, 128 + SIGABRT);
}

// dumb-init's way: COMMAND in a session of its own, signals rewritten, and when it exits its
// group gets (the rewritten) SIGTERM at once.
TEST_F(SupervisorTest, RewrittenSignalsGoToTheSessionsGroup) {
  std::string out = dir_ + "/group";
  Outcome o = InChild([&] {
    InitSettings s;
    s.placement = ChildPlacement::kOwnSession;
    // (Not INT: a background job of a non-interactive shell ignores SIGINT for good.)
    s.rewrite_signals = {{SIGTERM, SIGUSR2}, {SIGUSR1, 0}};
    s.term_group_on_exit = true;
    InitHooks hooks;
    hooks.on_started = [&](int) {
      if (fork() == 0) {
        pid_t supervisor = getppid();
        for (int i = 0; i < 500 && access((out + ".ready").c_str(), F_OK) != 0; ++i) usleep(10000);
        kill(supervisor, SIGUSR1);  // dropped
        usleep(100000);
        kill(supervisor, SIGHUP);  // as it is
        _exit(0);
      }
    };
    // A background job in the same group records what it gets; the main process exits 3 on HUP.
    // (The HUP reaches the whole group: the job ignores it.)
    std::string script = "sh -c 'trap \"\" HUP; trap \"echo USR2 >> " + out + "; exit 0\" USR2; trap \"echo USR1 >> " + out +
                         "\" USR1; i=0; while [ $i -lt 1500 ]; do sleep 0.01; i=$((i+1)); done' & trap 'exit 3' HUP; touch " + out +
                         ".ready; i=0; while [ $i -lt 1500 ]; do sleep 0.01; i=$((i+1)); done";
    int rc = RunAsInit({"sh", "-c", script}, {"PATH=/usr/bin:/bin"}, s, {}, hooks);
    for (int i = 0; i < 300 && Read(out).empty(); ++i) usleep(10000);
    return rc;
  });
  EXPECT_EQ(o.code, 3) << o.stderr_text;
  EXPECT_EQ(Read(out), "USR2\n");
}

// on_started (where podinit hands its start-up memory back) runs once COMMAND has replaced
// the forked copy of podinit: before that, the copy still maps podinit's pages, and the
// kernel pages out no page that another process maps.
TEST_F(SupervisorTest, OnStartedRunsAfterTheCommandExecd) {
  std::string seen = dir_ + "/comm";
  Outcome o = InChild([&] {
    InitHooks hooks;
    hooks.on_started = [&](int child) {
      std::ifstream comm("/proc/" + std::to_string(child) + "/comm");
      std::string name;
      std::getline(comm, name);
      std::ofstream(seen) << name;
    };
    return RunAsInit({"sleep", "0.3"}, {"PATH=/usr/bin:/bin"}, InitSettings{}, {}, hooks);
  });
  EXPECT_EQ(o.code, 0) << o.stderr_text;
  EXPECT_EQ(Read(seen), "sleep");
}

// --grace: what is still there when the grace period is over gets SIGKILL, and the log
// says which process it was.
TEST_F(SupervisorTest, GraceEscalatesToSigkillAndSaysWhatItKilled) {
  std::string pidfile = dir_ + "/stubborn";
  Outcome o = InChild([&] {
    InitSettings s;
    s.grace = absl::Milliseconds(200);
    std::string script = "sh -c 'trap \"\" TERM; echo $$ > " + pidfile + "; i=0; while [ $i -lt 1500 ]; do sleep 0.01; i=$((i+1)); done' & " +
                         "i=0; while [ ! -s " + pidfile + " ] && [ $i -lt 1500 ]; do sleep 0.01; i=$((i+1)); done; exit 5";
    return RunAsInit({"sh", "-c", script}, {"PATH=/usr/bin:/bin"}, s, {});
  });
  EXPECT_EQ(o.code, 5);
  std::string pid = Read(pidfile);
  while (!pid.empty() && pid.back() == '\n') pid.pop_back();
  ASSERT_FALSE(pid.empty());
  EXPECT_NE(access(("/proc/" + pid).c_str(), F_OK), 0) << "the process ignoring SIGTERM lives on";
  EXPECT_THAT(o.stderr_text, HasSubstr("SIGKILL"));
  EXPECT_THAT(o.stderr_text, HasSubstr(pid + " (sh)"));
}

TEST_F(SupervisorTest, JsonLogLines) {
  Outcome o = InChild([] {
    base::LogSettings log;
    log.verbosity = 1;
    log.format = base::LogFormat::kJson;
    return RunAsInit({"sh", "-c", "exit 4"}, {"PATH=/usr/bin:/bin"}, InitSettings{}, log);
  });
  EXPECT_EQ(o.code, 4);
  std::istringstream lines(o.stderr_text);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    ++n;
    EXPECT_EQ(line.substr(0, 9), "{\"time\":\"") << line;
    EXPECT_EQ(line.back(), '}') << line;
  }
  EXPECT_GE(n, 2);
  EXPECT_THAT(o.stderr_text, HasSubstr(R"("level":"info","msg":"main process exited with status 4"})"));
}

// tini -w: a warning for each zombie reaped, shown by default, silenced at TINI_VERBOSITY=0.
TEST_F(SupervisorTest, WarnOnReap) {
  auto run = [](int verbosity) {
    return InChild([verbosity] {
      InitSettings s;
      s.warn_on_reap = true;
      base::LogSettings log;
      log.verbosity = verbosity;
      return RunAsInit({"sh", "-c", "(sh -c 'exit 0' &); sleep 0.3"}, {"PATH=/usr/bin:/bin"}, s, log);
    });
  };
  EXPECT_THAT(run(0).stderr_text, HasSubstr("reaped zombie process"));
  EXPECT_EQ(run(-1).stderr_text, "");
}

TEST(WantsSupervisorTest, InitOrAFlagOnlyASupervisorHonours) {
  EXPECT_FALSE(WantsSupervisor(InitSettings{}));
  InitSettings reload;
  reload.reload_signal = SIGUSR1;  // only --watch makes use of it
  EXPECT_FALSE(WantsSupervisor(reload));
  std::vector<std::function<void(InitSettings&)>> each = {
      [](InitSettings& s) { s.force = true; },
      [](InitSettings& s) { s.subreaper = true; },
      [](InitSettings& s) { s.kill_group = true; },
      [](InitSettings& s) { s.zero_exit_codes = {143}; },
      [](InitSettings& s) { s.parent_death_signal = SIGKILL; },
      [](InitSettings& s) { s.term_delay = absl::Seconds(5); },
      [](InitSettings& s) { s.grace = absl::Seconds(1); },
      [](InitSettings& s) { s.warn_on_reap = true; },
  };
  for (size_t i = 0; i < each.size(); ++i) {
    InitSettings s;
    each[i](s);
    EXPECT_TRUE(WantsSupervisor(s)) << i;
  }
}

TEST(ParseSignalTest, NamesAndNumbers) {
  struct {
    const char* in;
    int want;
  } cases[] = {{"TERM", SIGTERM}, {"SIGTERM", SIGTERM}, {"SIGKILL", SIGKILL}, {"HUP", SIGHUP},
               {"USR1", SIGUSR1}, {"SIGWINCH", SIGWINCH}, {"15", 15},        {"9", 9},
               {"0", 0},          {"65", 0},              {"", 0},            {"SIG", 0},
               {"sigterm", 0},    {"TERMX", 0},           {"-1", 0},          {"1234", 0}};
  for (const auto& c : cases) EXPECT_EQ(ParseSignal(c.in), c.want) << c.in;
}

}  // namespace
}  // namespace entrypoint::init
