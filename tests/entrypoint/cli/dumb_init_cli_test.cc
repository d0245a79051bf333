#include "entrypoint/cli/dumb_init_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <map>

#include "tests/entrypoint/cli/fake_env.h"

namespace entrypoint::cli {
namespace {

using Rewrites = std::vector<std::pair<int, int>>;

DumbInitCommandLine Parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), "/usr/bin/dumb-init");
  return ParseDumbInitCommandLine(args, Env(std::move(env)));
}

TEST(DumbInitCli, CalledAs) {
  for (const char* name : {"dumb-init", "/usr/local/bin/dumb-init", "dumb-init_1.2.5_x86_64"}) {
    EXPECT_TRUE(CalledAsDumbInit(name)) << name;
  }
  for (const char* name : {"podinit", "dumb", "tini", "my-dumb-init"}) EXPECT_FALSE(CalledAsDumbInit(name)) << name;
}

TEST(DumbInitCli, DefaultsAreASessionAndJobControlAsSigstop) {
  DumbInitCommandLine cl = Parse({"app", "-v"});
  ASSERT_FALSE(cl.exit_now) << cl.err;
  EXPECT_EQ(cl.command, (std::vector<std::string>{"app", "-v"}));  // options end at COMMAND
  EXPECT_EQ(cl.init.placement, init::ChildPlacement::kOwnSession);
  EXPECT_EQ(cl.init.rewrite_signals, (Rewrites{{SIGTSTP, SIGSTOP}, {SIGTTIN, SIGSTOP}, {SIGTTOU, SIGSTOP}}));
  EXPECT_TRUE(cl.init.stop_on_job_control_signals);
  EXPECT_TRUE(cl.init.term_group_on_exit);
  EXPECT_EQ(cl.init.exec_failure, init::ExecFailure::kDumbInit);
  EXPECT_EQ(cl.log.verbosity, 0);
}

TEST(DumbInitCli, RewriteSingleChildVerbose) {
  DumbInitCommandLine cl = Parse({"--rewrite", "15:2", "-r", "20:1", "--single", "--verb", "--", "app"});
  ASSERT_FALSE(cl.exit_now) << cl.err;
  // -c: no session, and the job-control signals are forwarded as they are.
  EXPECT_EQ(cl.init.placement, init::ChildPlacement::kShared);
  EXPECT_EQ(cl.init.rewrite_signals, (Rewrites{{SIGTERM, SIGINT}, {SIGTSTP, SIGHUP}}));
  EXPECT_EQ(cl.log.verbosity, 2);
  // A rewrite the user gave wins over the SIGSTOP default.
  EXPECT_EQ(Parse({"-r", "20:0", "app"}).init.rewrite_signals,
            (Rewrites{{SIGTSTP, 0}, {SIGTTIN, SIGSTOP}, {SIGTTOU, SIGSTOP}}));
  // As sscanf("%d:%d") reads it.
  EXPECT_EQ(Parse({"-c", "-r", " 15: 2junk", "app"}).init.rewrite_signals, (Rewrites{{SIGTERM, SIGINT}}));
}

TEST(DumbInitCli, Environment) {
  EXPECT_EQ(Parse({"app"}, {{"DUMB_INIT_SETSID", "0"}}).init.placement, init::ChildPlacement::kShared);
  EXPECT_EQ(Parse({"app"}, {{"DUMB_INIT_SETSID", "no"}}).init.placement, init::ChildPlacement::kOwnSession);
  EXPECT_EQ(Parse({"app"}, {{"DUMB_INIT_DEBUG", "1"}}).log.verbosity, 2);
  EXPECT_EQ(Parse({"app"}, {{"DUMB_INIT_DEBUG", "true"}}).log.verbosity, 0);
}

// Exit statuses as dumb-init 1.2.5, which writes everything to stderr
// (tests/entrypoint/init/front_ends_cli_e2e.py runs the real one beside).
TEST(DumbInitCli, WhatExitsAtOnce) {
  struct Case {
    std::vector<std::string> args;
    int status;
  } cases[] = {
      {{}, 1},           {{"-h"}, 0},          {{"--help"}, 0},           {{"-V"}, 0},
      {{"--version"}, 0}, {{"--yolo", "a"}, 1}, {{"-r"}, 1},               {{"-r", "15", "a"}, 1},
      {{"-r", "0:1", "a"}, 1}, {{"-r", "1:32", "a"}, 1}, {{"-r", "32:1", "a"}, 1}, {{"-r", "x:1", "a"}, 1},
      {{"-c"}, 1},
  };
  for (const Case& c : cases) {
    DumbInitCommandLine cl = Parse(c.args);
    std::string label = ::testing::PrintToString(c.args);
    ASSERT_TRUE(cl.exit_now) << label;
    EXPECT_EQ(cl.exit_status, c.status) << label;
    EXPECT_FALSE(cl.err.empty()) << label;
  }
  EXPECT_FALSE(Parse({"-r", "31:0", "a"}).exit_now);
  EXPECT_FALSE(Parse({"-r", "1:31", "a"}).exit_now);
}

}  // namespace
}  // namespace entrypoint::cli
