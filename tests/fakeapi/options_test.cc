#include "fakeapi/options.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace fakeapi {
namespace {

absl::StatusOr<Options> Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "podinit-fake-apiserver");
  return ParseOptions(args);
}

TEST(Options, ParsesEverything) {
  auto o = Parse({"--listen", "127.0.0.1:8443", "--http", "--san=a.test,10.1.2.3", "--token", "t",
                  "--objects", "x", "--objects=y", "--latency", "250ms", "--rate-429", "0.25",
                  "--retry-after", "3", "--rate-5xx", "0.1", "--rate-drop", "0", "--forbid",
                  "pods,statefulsets.apps", "--seed", "9", "--history", "10",
                  "--bookmark-interval", "2s", "--namespace", "db"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->listen, "127.0.0.1:8443");
  EXPECT_TRUE(o->http);
  EXPECT_EQ(o->sans, (std::vector<std::string>{"a.test", "10.1.2.3"}));
  EXPECT_EQ(o->objects, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(o->latency, absl::Milliseconds(250));
  EXPECT_DOUBLE_EQ(o->rate_429, 0.25);
  EXPECT_EQ(o->retry_after, 3);
  EXPECT_EQ(o->forbid, (std::set<std::string>{"pods", "statefulsets.apps"}));
  EXPECT_EQ(o->seed, 9u);
  EXPECT_EQ(o->history, 10u);
  EXPECT_EQ(o->bookmark_interval, absl::Seconds(2));
  EXPECT_EQ(o->ns, "db");
}

TEST(Options, RejectsBadValues) {
  for (std::vector<std::string> bad : std::vector<std::vector<std::string>>{
           {"--rate-429", "1.5"}, {"--latency", "soon"}, {"--retry-after", "-1"}, {"--bogus"},
           {"--listen"}, {"stray"}, {"--tls-cert", "c"}, {"--token-file", "/nonexistent"}}) {
    EXPECT_FALSE(Parse(bad).ok()) << bad[0];
  }
}

TEST(Options, ServiceAccountTokensAndControllers) {
  auto o = Parse({"--token", "admin", "--token", "r3ad=default/reader", "--token", "a=b",
                  "--controllers", "endpoints", "--pod-cidr", "127.0.0.11/24",
                  "--ready-delay", "250ms", "--data-dir", "/tmp/x", "--tls-cert", "c", "--tls-key",
                  "k", "--tls-ca", "ca"});
  ASSERT_TRUE(o.ok()) << o.status();
  // The last plain token wins as the unrestricted one; "a=b" names no ServiceAccount.
  EXPECT_EQ(o->token, "a=b");
  ASSERT_EQ(o->sa_tokens.size(), 1u);
  EXPECT_EQ(o->sa_tokens[0], std::make_pair(std::string("r3ad"), std::string("default/reader")));
  EXPECT_FALSE(o->statefulset_controller);
  EXPECT_TRUE(o->endpoints_controller);
  EXPECT_EQ(o->pod_cidr, "127.0.0.11/24");
  EXPECT_EQ(o->ready_delay, absl::Milliseconds(250));
  EXPECT_EQ(o->data_dir, "/tmp/x");
  EXPECT_EQ(o->tls_ca, "ca");
  EXPECT_FALSE(Parse({"--controllers", "deployments"}).ok());
  EXPECT_FALSE(Parse({"--tls-ca", "ca"}).ok());  // without --tls-cert
  auto none = Parse({"--controllers", "none"});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->statefulset_controller || none->endpoints_controller);
}

TEST(Options, EnvironmentFillsWhatArgvLeaves) {
  setenv("PODINIT_RATE_5XX", "0.5", 1);
  setenv("PODINIT_NAMESPACE", "from-env", 1);
  auto o = Parse({"--namespace", "from-argv"});
  unsetenv("PODINIT_RATE_5XX");
  unsetenv("PODINIT_NAMESPACE");
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_DOUBLE_EQ(o->rate_5xx, 0.5);
  EXPECT_EQ(o->ns, "from-argv");
}

}  // namespace
}  // namespace fakeapi
