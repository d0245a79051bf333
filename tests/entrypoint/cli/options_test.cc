#include "entrypoint/cli/options.h"

#include <gtest/gtest.h>

#include <csignal>
#include <map>

namespace podinit::cli {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

absl::StatusOr<Options> Parse(std::vector<std::string> argv, std::map<std::string, std::string> env = {}) {
  return ParseCommandLine(argv, Env(std::move(env)));
}

TEST(Cli, GetWithOptionsInAnyOrder) {
  auto o = Parse({"get", "metadata.name", "--pod-file", "p.json", "-n", "ns", "status.podIP", "--pod-name=web-0"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->command, Command::kGet);
  EXPECT_EQ(o->client.source.pod_file, "p.json");
  EXPECT_EQ(o->client.source.namespace_, "ns");
  EXPECT_EQ(o->client.source.pod_name, "web-0");
  EXPECT_EQ(o->args, (std::vector<std::string>{"metadata.name", "status.podIP"}));
}

TEST(Cli, RunStopsAtCommand) {
  auto o = Parse({"run", "-t", "a.tmpl:/etc/a", "--init", "etcd", "--name", "x"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->init.force);
  EXPECT_EQ(o->render.templates, std::vector<std::string>{"a.tmpl:/etc/a"});
  EXPECT_EQ(o->args, (std::vector<std::string>{"etcd", "--name", "x"}));
  auto dashed = Parse({"run", "--", "sh", "-c", "true"});
  ASSERT_TRUE(dashed.ok());
  EXPECT_EQ(dashed->args, (std::vector<std::string>{"sh", "-c", "true"}));
}

TEST(Cli, TiniFlags) {
  auto o = Parse({"run", "-sg", "-e", "143", "-e", "X={{.metadata.name}}", "-p", "SIGKILL", "-vv",
                  "--term-delay", "5s", "--grace=1m", "--", "app"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->init.subreaper);
  EXPECT_TRUE(o->init.kill_group);
  EXPECT_EQ(o->init.zero_exit_codes, std::vector<int>{143});
  EXPECT_EQ(o->render.env, std::vector<std::string>{"X={{.metadata.name}}"});
  EXPECT_EQ(o->init.parent_death_signal, SIGKILL);
  EXPECT_EQ(o->log.verbosity, 2);
  EXPECT_EQ(o->init.term_delay, absl::Seconds(5));
  EXPECT_EQ(o->init.grace, absl::Minutes(1));
}

TEST(Cli, EnvironmentFillsWhatTheCommandLineLeaves) {
  auto o = Parse({"render", "--namespace", "cli"},
                 {{"PODINIT_NAMESPACE", "env"}, {"PODINIT_POD_FILE", "/pod.json"},
                  {"PODINIT_TEMPLATE", "a:/a\nb:/b\n"}, {"PODINIT_ALLOW_SECRETS", "true"},
                  {"PODINIT_INIT", "1"} /* not a render option: ignored */});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->client.source.namespace_, "cli");
  EXPECT_EQ(o->client.source.pod_file, "/pod.json");
  EXPECT_EQ(o->render.templates, (std::vector<std::string>{"a:/a", "b:/b"}));
  EXPECT_TRUE(o->render.functions.allow_secrets);
  EXPECT_FALSE(o->init.force);
}

TEST(Cli, UsageErrorsSayWhatIsWrong) {
  struct Case {
    std::vector<std::string> argv;
    std::map<std::string, std::string> env;
    std::string message;
  };
  const Case cases[] = {
      {{"frobnicate"}, {}, "unknown command \"frobnicate\""},
      {{"get", "--bogus", "x"}, {}, "unknown option --bogus"},
      {{"get", "-Z", "x"}, {}, "unknown option -Z"},
      {{"get"}, {}, "get needs at least one EXPR"},
      {{"run"}, {}, "run needs a COMMAND"},
      {{"get", "--init", "x"}, {}, "option --init does not apply to get"},
      {{"run", "--mode", "999", "--", "x"}, {}, "--mode: not an octal file mode: \"999\""},
      {{"run", "--timeout", "soon", "--", "x"}, {}, "--timeout: not a duration: \"soon\""},
      {{"run", "--reload-signal", "SIGNOPE", "--", "x"}, {}, "--reload-signal: unknown signal"},
      {{"run", "-e", "300", "--", "x"}, {}, "exit code out of range"},
      {{"run", "-e", "=x", "--", "x"}, {}, "expected NAME=TEMPLATE"},
      {{"render", "-t", "a"}, {{"PODINIT_MISSINGKEY", "sometimes"}}, "PODINIT_MISSINGKEY: --missingkey"},
      {{"render"}, {}, "render has nothing to do"},
      {{"render", "-e", "A=b"}, {}, "needs --env-file"},
      {{"get", "--pod-file"}, {}, "option --pod-file needs a value"},
      {{"get", "x"}, {{"PODINIT_VERBOSE", "maybe"}}, "not a boolean"},
  };
  for (const auto& c : cases) {
    auto o = Parse(c.argv, c.env);
    ASSERT_FALSE(o.ok()) << c.argv[0];
    EXPECT_NE(std::string(o.status().message()).find(c.message), std::string::npos)
        << "got: " << o.status().message() << "\nwant: " << c.message;
  }
}

TEST(Cli, HelpForEachCommand) {
  for (const char* cmd : {"run", "render", "get", "wait", "version"}) {
    auto o = Parse({cmd, "--help"});
    ASSERT_TRUE(o.ok()) << cmd;
    EXPECT_TRUE(o->help);
    EXPECT_NE(HelpText(o->command).find(std::string("podinit ") + cmd), std::string::npos) << cmd;
  }
  EXPECT_NE(HelpText(Command::kRun).find("--pre-exec-env"), std::string::npos);
  EXPECT_EQ(HelpText(Command::kGet).find("--pre-exec"), std::string::npos);
}

}  // namespace
}  // namespace podinit::cli
