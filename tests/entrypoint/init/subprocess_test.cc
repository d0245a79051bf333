#include "entrypoint/init/subprocess.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace entrypoint::init {
namespace {

using Words = std::vector<std::string>;

// The words a POSIX shell makes of a line without expansions (checked with `sh -c 'printf
// "<%s>" ...'`).
TEST(SplitWords, QuotesAndEscapesAsAShellDoes) {
  struct Case {
    std::string line;
    Words words;
  };
  const Case cases[] = {
      {"etcdctl member add x", {"etcdctl", "member", "add", "x"}},
      {"  a\tb \n c  ", {"a", "b", "c"}},
      {"echo 'a b' \"c d\"", {"echo", "a b", "c d"}},
      {"echo 'it'\\''s'", {"echo", "it's"}},
      {"echo \"say \\\"hi\\\" \\\\o/\"", {"echo", "say \"hi\" \\o/"}},
      {"echo a\\ b", {"echo", "a b"}},
      {"echo ''", {"echo", ""}},
      {"echo a'b'\"c\"", {"echo", "abc"}},
      {"", {}},
  };
  for (const Case& c : cases) {
    auto words = SplitWords(c.line);
    ASSERT_TRUE(words.ok()) << c.line << ": " << words.status();
    EXPECT_EQ(*words, c.words) << c.line;
  }
}

TEST(SplitWords, UnterminatedQuotesAreErrors) {
  EXPECT_EQ(SplitWords("echo 'a").status().message(), "unterminated ' in command");
  EXPECT_EQ(SplitWords("echo \"a").status().message(), "unterminated \" in command");
}

TEST(RunSubprocess, CollectsOutputAndStatus) {
  auto r = RunSubprocess({"sh", "-c", "echo out; echo err >&2; exit 3"}, {"PATH=/usr/bin:/bin"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
}

TEST(RunSubprocess, GetsExactlyTheEnvironmentGiven) {
  auto r = RunSubprocess({"sh", "-c", "echo \"$A|${HOME-unset}\""}, {"PATH=/usr/bin:/bin", "A=1"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->out, "1|unset\n");
}

TEST(RunSubprocess, ASignalIs128PlusItsNumber) {
  auto r = RunSubprocess({"sh", "-c", "kill -KILL $$"}, {"PATH=/usr/bin:/bin"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 128 + 9);
}

TEST(RunSubprocess, ACommandNotOnThePathIsNotFound) {
  auto r = RunSubprocess({"podinit-no-such-command"}, {"PATH=/usr/bin:/bin"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "podinit-no-such-command: command not found");
  EXPECT_FALSE(RunSubprocess({}, {}).ok());
}

TEST(ParseEnvLines, NameValueLinesOnly) {
  // What `etcdctl member add` prints, among other lines.
  std::string text =
      "Member ced000fda4d05edf added to cluster 8c4281cc65c7b112\n\n"
      "ETCD_NAME=\"etcd-3\"\n"
      "ETCD_INITIAL_CLUSTER='etcd-0=http://a:2380,etcd-3=http://d:2380'\n"
      "ETCD_INITIAL_CLUSTER_STATE=existing  \n"
      "9LIVES=no\n"
      "=empty\n"
      "with space=no\n"
      "_UNDER=1\n";
  std::vector<std::pair<std::string, std::string>> want = {
      {"ETCD_NAME", "etcd-3"},
      {"ETCD_INITIAL_CLUSTER", "etcd-0=http://a:2380,etcd-3=http://d:2380"},
      {"ETCD_INITIAL_CLUSTER_STATE", "existing"},
      {"_UNDER", "1"},
  };
  EXPECT_EQ(ParseEnvLines(text), want);
}

}  // namespace
}  // namespace entrypoint::init
