#include "entrypoint/base/log.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <string>

#include "absl/strings/cord.h"
#include "k8sclient/json.h"
#include "k8sclient/rbac.h"

namespace entrypoint::base {
namespace {

// What `fn` writes to file descriptor 2, where every log line goes in one write(2).
std::string Stderr(const std::function<void()>& fn) {
  std::FILE* tmp = std::tmpfile();
  int saved = ::dup(STDERR_FILENO);
  ::dup2(::fileno(tmp), STDERR_FILENO);
  fn();
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  std::string out;
  std::rewind(tmp);
  for (int c; (c = std::fgetc(tmp)) != EOF;) out.push_back(static_cast<char>(c));
  std::fclose(tmp);
  return out;
}

class LogTest : public ::testing::Test {
 protected:
  void TearDown() override { SetLogSettings(LogSettings{}); }
};

TEST_F(LogTest, HumanLinesNameTheLevelOnlyWhenItMatters) {
  EXPECT_EQ(Stderr([] { LogInfo("wrote /etc/a"); }), "podinit: wrote /etc/a\n");
  EXPECT_EQ(Stderr([] { LogWarning("slow"); }), "podinit: warning: slow\n");
  EXPECT_EQ(Stderr([] { LogError("bad\nthing"); }), "podinit: error: bad thing\n");
}

TEST_F(LogTest, DebugLinesOnlyWithVerbose) {
  EXPECT_EQ(Stderr([] { LogDebug("detail"); }), "");
  SetLogSettings({LogFormat::kHuman, 1});
  EXPECT_EQ(Stderr([] { LogDebug("detail"); }), "podinit: detail\n");
}

TEST_F(LogTest, JsonLinesAreOneObjectEach) {
  SetLogSettings({LogFormat::kJson, 0});
  std::string line = Stderr([] { LogError("a \"quoted\"\nword"); });
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  absl::StatusOr<k8sclient::Json> json = k8sclient::ParseJson(line);
  ASSERT_TRUE(json.ok()) << json.status() << ": " << line;
  EXPECT_EQ(json->GetString("level"), "error");
  EXPECT_EQ(json->GetString("msg"), "a \"quoted\" word");
  EXPECT_EQ(json->GetString("time").size(), std::string("2006-01-02T15:04:05.000Z").size());
}

TEST_F(LogTest, ReportErrorAddsTheRoleOfA403) {
  absl::Status forbidden = absl::PermissionDeniedError("GET x: forbidden (403 Forbidden)");
  forbidden.SetPayload(k8sclient::kRbacRolePayloadUrl, absl::Cord("kind: Role\n"));
  EXPECT_EQ(Stderr([&] { ReportError(forbidden); }),
            "podinit: error: GET x: forbidden (403 Forbidden)\npodinit: a Role that grants it:\nkind: Role\n");
  EXPECT_EQ(Stderr([] { ReportError(absl::UnavailableError("GET x: connection refused")); }),
            "podinit: error: GET x: connection refused\n");
}

}  // namespace
}  // namespace entrypoint::base
