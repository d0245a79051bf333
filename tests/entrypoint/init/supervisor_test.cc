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

namespace podinit::init {
namespace {

using ::testing::HasSubstr;

// Runs fn in a forked child with stderr captured (RunAsInit and ExecCommand change the
// process's signal state, or replace it); returns the exit code and stderr.
struct Outcome {
  int code;
  std::string stderr_text;
};
Outcome InChild(const std::function<int()>& fn) {
  int pipefd[2];
  EXPECT_EQ(pipe(pipefd), 0);
  pid_t pid = fork();
  if (pid == 0) {
    close(pipefd[0]);
    dup2(pipefd[1], STDERR_FILENO);
    alarm(20);  // bound every test
    _exit(fn());
  }
  close(pipefd[1]);
  std::string err;
  char buf[4096];
  ssize_t n;
  while ((n = read(pipefd[0], buf, sizeof buf)) > 0) err.append(buf, n);
  close(pipefd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return {code, err};
}

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
                         "while [ ! -s " + out + " ] || [ $(wc -l < " + out +
                         ") -lt 2 ]; do sleep 0.01; done; exit 0";
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
}  // namespace podinit::init
