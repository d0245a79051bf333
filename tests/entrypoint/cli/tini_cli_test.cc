#include "entrypoint/cli/tini_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <map>

#include "tests/entrypoint/cli/fake_env.h"

namespace entrypoint::cli {
namespace {

using ::testing::HasSubstr;

TiniCommandLine Parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), "/sbin/tini");
  return ParseTiniCommandLine(args, Env(std::move(env)));
}

TEST(TiniCli, CalledAs) {
  for (const char* name : {"tini", "/usr/bin/tini", "tini-static", "/usr/bin/tini-static-amd64",
                           "/sbin/docker-init"}) {
    EXPECT_TRUE(CalledAsTini(name)) << name;
  }
  for (const char* name : {"podinit", "/tini/podinit", "xtini", "tinix", "dumb-init"}) {
    EXPECT_FALSE(CalledAsTini(name)) << name;
  }
}

TEST(TiniCli, FlagsAsTiniReadsThem) {
  TiniCommandLine cl = Parse({"-sgw", "-vv", "-p", "SIGUSR1", "-e", "143", "-e3", "--", "app", "-x"});
  ASSERT_FALSE(cl.exit_now) << cl.err;
  EXPECT_TRUE(cl.init.force);
  EXPECT_TRUE(cl.init.subreaper);
  EXPECT_TRUE(cl.init.kill_group);
  EXPECT_TRUE(cl.init.warn_on_reap);
  EXPECT_EQ(cl.init.parent_death_signal, SIGUSR1);
  EXPECT_EQ(cl.init.zero_exit_codes, (std::vector<int>{143, 3}));
  EXPECT_EQ(cl.init.exec_failure, init::ExecFailure::kTini);
  EXPECT_EQ(cl.init.placement, init::ChildPlacement::kOwnGroup);
  EXPECT_EQ(cl.log.verbosity, 2);  // tini's 3
  EXPECT_EQ(cl.command, (std::vector<std::string>{"app", "-x"}));
}

TEST(TiniCli, Defaults) {
  TiniCommandLine cl = Parse({"--", "app"});
  ASSERT_FALSE(cl.exit_now);
  init::InitSettings want;
  want.force = true;
  want.exec_failure = init::ExecFailure::kTini;
  EXPECT_EQ(cl.init, want);
  EXPECT_EQ(cl.log.verbosity, 0);  // tini's default 1: warnings
  EXPECT_EQ(cl.log.format, base::LogFormat::kHuman);
}

// Exit statuses and streams as tini 0.19.0 (tests/entrypoint/init/front_ends_cli_e2e.py runs
// the real one beside).
TEST(TiniCli, WhatExitsAtOnce) {
  struct Case {
    std::vector<std::string> args;
    int status;
    bool out, err;
  } cases[] = {
      {{}, 1, false, true},
      {{"-h"}, 0, true, false},
      {{"-h", "-x"}, 0, true, false},
      {{"-x", "-h"}, 1, false, true},
      {{"--version"}, 0, true, false},
      {{"--version", "--", "true"}, 1, false, true},
      {{"-l"}, 0, true, false},
      {{"-p", "KILL", "--", "true"}, 1, false, true},
      {{"-p", "9", "--", "true"}, 1, false, true},
      {{"-p", "SIGPWR", "--", "true"}, 1, false, true},
      {{"-p"}, 1, false, true},
      {{"-e", "256", "--", "true"}, 1, false, true},
      {{"-e", "-1", "--", "true"}, 1, false, true},
      {{"-e", "3x", "--", "true"}, 1, false, true},
      {{"echo", "-n", "hi"}, 1, false, true},  // getopt permutes: -n is tini's, and unknown
  };
  for (const Case& c : cases) {
    TiniCommandLine cl = Parse(c.args);
    std::string label = ::testing::PrintToString(c.args);
    ASSERT_TRUE(cl.exit_now) << label;
    EXPECT_EQ(cl.exit_status, c.status) << label;
    EXPECT_EQ(!cl.out.empty(), c.out) << label;
    EXPECT_EQ(!cl.err.empty(), c.err) << label;
  }
  EXPECT_THAT(Parse({"-x"}).err, HasSubstr("unknown option -x"));
  EXPECT_THAT(Parse({"-p", "KILL"}).err, HasSubstr("\"KILL\""));
}

TEST(TiniCli, ExitCodesAsStrtolReadsThem) {
  // tini takes what strtol takes whole: "" is 0, leading blanks and a sign are fine.
  EXPECT_EQ(Parse({"-e", "", "--", "a"}).init.zero_exit_codes, std::vector<int>{0});
  EXPECT_EQ(Parse({"-e", " 7", "--", "a"}).init.zero_exit_codes, std::vector<int>{7});
  EXPECT_EQ(Parse({"-e", "+255", "--", "a"}).init.zero_exit_codes, std::vector<int>{255});
}

TEST(TiniCli, PosixlyCorrectStopsAtTheCommand) {
  setenv("POSIXLY_CORRECT", "1", 1);
  TiniCommandLine cl = Parse({"echo", "-n", "hi"});
  unsetenv("POSIXLY_CORRECT");
  ASSERT_FALSE(cl.exit_now) << cl.err;
  EXPECT_EQ(cl.command, (std::vector<std::string>{"echo", "-n", "hi"}));
  // And without it, a later parse permutes again (getopt's state starts over).
  EXPECT_TRUE(Parse({"echo", "-n", "hi"}).exit_now);
}

TEST(TiniCli, Environment) {
  TiniCommandLine cl = Parse({"--", "a"}, {{"TINI_SUBREAPER", ""}, {"TINI_KILL_PROCESS_GROUP", "0"},
                                           {"PODINIT_LOG_FORMAT", "json"}});
  EXPECT_TRUE(cl.init.subreaper);   // set at all, even empty
  EXPECT_TRUE(cl.init.kill_group);  // even "0"
  EXPECT_EQ(cl.log.format, base::LogFormat::kJson);
  // TINI_VERBOSITY replaces -v.
  EXPECT_EQ(Parse({"-vvv", "--", "a"}, {{"TINI_VERBOSITY", "0"}}).log.verbosity, -1);
  EXPECT_EQ(Parse({"--", "a"}, {{"TINI_VERBOSITY", "3"}}).log.verbosity, 2);
  EXPECT_EQ(Parse({"--", "a"}, {{"TINI_VERBOSITY", "x"}}).log.verbosity, -1);
}

}  // namespace
}  // namespace entrypoint::cli
