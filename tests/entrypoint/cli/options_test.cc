#include "entrypoint/cli/options.h"

#include <gtest/gtest.h>

#include <csignal>
#include <map>

#include "tests/entrypoint/cli/fake_env.h"

namespace entrypoint::cli {
namespace {

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

// What tini's ENTRYPOINTs pass must start `podinit run` too (tini exits 0 on -l and
// --version, and -w only adds log lines).
TEST(Cli, RunTakesTinisOtherFlags) {
  auto w = Parse({"run", "--init", "-w", "--", "app"});
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_TRUE(w->init.warn_on_reap);
  auto l = Parse({"run", "-l"});
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_TRUE(l->show_license);
  auto v = Parse({"run", "--version"});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(v->show_version);
  // Only on the command line: an image's PODINIT_VERSION or PODINIT_LICENSE changes nothing.
  auto env = Parse({"run", "--", "app"}, {{"PODINIT_VERSION", "1"}, {"PODINIT_LICENSE", "1"}});
  ASSERT_TRUE(env.ok()) << env.status();
  EXPECT_FALSE(env->show_version);
  EXPECT_FALSE(env->show_license);
}

// tini's variables, as tini reads them (set at all: on), below PODINIT_* and the command line.
TEST(Cli, RunReadsTinisEnvironment) {
  auto o = Parse({"run", "--", "app"}, {{"TINI_SUBREAPER", ""}, {"TINI_KILL_PROCESS_GROUP", "0"},
                                        {"TINI_VERBOSITY", "3"}});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->init.subreaper);
  EXPECT_TRUE(o->init.kill_group);
  EXPECT_EQ(o->log.verbosity, 2);
  auto quiet = Parse({"run", "--", "app"}, {{"TINI_VERBOSITY", "0"}});
  ASSERT_TRUE(quiet.ok());
  EXPECT_EQ(quiet->log.verbosity, -1);
  auto podinit_wins = Parse({"run", "--", "app"}, {{"TINI_KILL_PROCESS_GROUP", "1"}, {"PODINIT_KILL_GROUP", "0"},
                                                   {"TINI_VERBOSITY", "3"}});
  ASSERT_TRUE(podinit_wins.ok());
  EXPECT_FALSE(podinit_wins->init.kill_group);
  EXPECT_EQ(Parse({"run", "-v", "--", "app"}, {{"TINI_VERBOSITY", "3"}})->log.verbosity, 1);
  // Not run's: render ignores them.
  EXPECT_FALSE(Parse({"render", "-t", "a:/a"}, {{"TINI_SUBREAPER", ""}})->init.subreaper);
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

// A pod spec's YAML `|` block ends every value with a newline; a boolean too.
TEST(Cli, EnvironmentValuesToleratesAYamlBlocksNewline) {
  auto o = Parse({"get", "x"}, {{"PODINIT_ALLOW_SECRETS", "true\n"}, {"PODINIT_NAMESPACE", "ns\n"},
                                {"PODINIT_POD_FILE", "  p.json \n"}});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->render.functions.allow_secrets);
  EXPECT_EQ(o->client.source.namespace_, "ns");
  EXPECT_EQ(o->client.source.pod_file, "p.json");
  auto off = Parse({"get", "x"}, {{"PODINIT_ALLOW_SECRETS", "false\n"}});
  ASSERT_TRUE(off.ok()) << off.status();
  EXPECT_FALSE(off->render.functions.allow_secrets);
  EXPECT_FALSE(Parse({"get", "x"}, {{"PODINIT_ALLOW_SECRETS", "true\nfalse"}}).ok());
}

TEST(Cli, PodFileLimitIsASize) {
  auto o = Parse({"get", "x", "--pod-file-limit", "256Mi"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->client.pod_file_limit, size_t{256} << 20);
  EXPECT_EQ(Parse({"get", "x"})->client.pod_file_limit, size_t{32} << 20);
  for (const char* bad : {"0", "-1Mi", "lots", "1.5.5M", ""}) {
    auto b = Parse({"get", "x", "--pod-file-limit", bad});
    EXPECT_FALSE(b.ok()) << bad;
  }
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

// Each option lands in the settings of the layer it configures, and nowhere else.
TEST(Cli, EachOptionFillsItsLayersSettings) {
  auto o = Parse({"run", "--kubeconfig", "kc", "--server", "http://127.0.0.1:8001", "--ca-file", "ca.crt",
                  "--token-file", "tok", "--sa-dir", "/sa", "-t", "a:/a", "-e", "A={{.x}}", "--args",
                  "--missingkey", "zero", "--mode", "0640", "--downward-dir", "/podinfo", "--allow-secrets",
                  "--init", "--reload-signal", "USR1", "--watch", "--on-change", "reload", "--pre-exec", "x",
                  "--pre-exec-env", "--wait", "tcp:db:5432", "--log-format", "json", "--", "app"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->client.source.kubeconfig, "kc");
  EXPECT_EQ(o->client.source.server, "http://127.0.0.1:8001");
  EXPECT_EQ(o->client.source.ca_file, "ca.crt");
  EXPECT_EQ(o->client.source.token_file, "tok");
  EXPECT_EQ(o->client.source.sa_dir, "/sa");
  EXPECT_EQ(o->render.templates, std::vector<std::string>{"a:/a"});
  EXPECT_EQ(o->render.env, std::vector<std::string>{"A={{.x}}"});
  EXPECT_EQ(o->render.missing_key, templating::MissingKey::kZero);
  EXPECT_EQ(o->render.mode, 0640u);
  EXPECT_EQ(o->render.downward_dir, "/podinfo");
  EXPECT_TRUE(o->render.functions.allow_secrets);
  EXPECT_TRUE(o->init.force);
  EXPECT_EQ(o->init.reload_signal, SIGUSR1);
  EXPECT_TRUE(o->run_command.expand_args);
  EXPECT_TRUE(o->run_command.watch);
  EXPECT_EQ(o->run_command.on_change, std::vector<std::string>{"reload"});
  EXPECT_EQ(o->run_command.pre_exec, std::vector<std::string>{"x"});
  EXPECT_TRUE(o->run_command.pre_exec_env);
  EXPECT_EQ(o->wait.conditions, std::vector<std::string>{"tcp:db:5432"});
  EXPECT_EQ(o->log.format, base::LogFormat::kJson);
}

TEST(Cli, DefaultsAreTheContracts) {
  auto o = Parse({"render", "-t", "a"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->client.source.sa_dir, "/var/run/secrets/kubernetes.io/serviceaccount");
  EXPECT_EQ(o->render.missing_key, templating::MissingKey::kError);
  EXPECT_EQ(o->render.mode, std::nullopt);  // 0644, or 0600 once a Secret was read
  EXPECT_EQ(o->wait.timeout, absl::Minutes(5));
  EXPECT_EQ(o->client.deadline, std::nullopt);  // each API call keeps the client's own
  EXPECT_EQ(o->log, base::LogSettings{});
  EXPECT_EQ(o->init, init::InitSettings{});
  // An empty --sa-dir keeps the default; "invalid" is Go's word for "default".
  auto empty = Parse({"render", "-t", "a", "--sa-dir", "", "--missingkey", "invalid"});
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->client.source.sa_dir, "/var/run/secrets/kubernetes.io/serviceaccount");
  EXPECT_EQ(empty->render.missing_key, templating::MissingKey::kDefault);
}

// One --timeout bounds the waits and, once given, every API call with its retries.
TEST(Cli, TimeoutBoundsWaitsAndApiCalls) {
  auto o = Parse({"wait", "--timeout", "30s", "tcp:db:5432"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->wait.timeout, absl::Seconds(30));
  EXPECT_EQ(o->client.deadline, absl::Seconds(30));
  auto env = Parse({"get", "x"}, {{"PODINIT_TIMEOUT", "2m"}});
  ASSERT_TRUE(env.ok()) << env.status();
  EXPECT_EQ(env->wait.timeout, absl::Minutes(2));
  EXPECT_EQ(env->client.deadline, absl::Minutes(2));
}

// The lean supervisor is re-executed with SupervisorArgs: parsed again, they give back the
// same init and log settings.
TEST(Cli, SupervisorArgsParseBackToTheSameSettings) {
  const std::vector<std::vector<std::string>> lines = {
      {"run", "--", "app"},
      {"run", "-sg", "-e", "143", "-e", "2", "-e", "X=y", "-p", "KILL", "-vv", "--term-delay", "5s",
       "--grace=1m30s", "--reload-signal", "USR2", "--log-format", "json", "--init", "--", "app"},
      {"run", "--term-delay", "250ms", "-v", "--", "app"},
      {"run", "-w", "--init", "--", "app"},
  };
  for (const auto& line : lines) {
    auto o = Parse(line);
    ASSERT_TRUE(o.ok()) << o.status();
    std::vector<std::string> again = {"run"};
    for (const std::string& a : SupervisorArgs(*o)) again.push_back(a);
    again.insert(again.end(), {"--", "app"});
    auto back = Parse(again);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->init, o->init) << line[1];
    EXPECT_EQ(back->log, o->log) << line[1];
    // Nothing else travels: the lean supervisor renders nothing.
    EXPECT_TRUE(back->render.env.empty());
  }
  EXPECT_TRUE(SupervisorArgs(*Parse({"run", "-t", "a:/a", "--", "app"})).empty());
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
}  // namespace entrypoint::cli
