#include "entrypoint/run/waits.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "entrypoint/base/exit_codes.h"
#include "k8sclient/json.h"
#include "tests/entrypoint/run/test_cluster.h"
#include "tests/k8sclient/temp_dir.h"

namespace entrypoint::run {
namespace {

using Kind = Condition::Kind;

// The grammar of PRODUCT.md: pods:SELECTOR[:N], service:NAME, job:NAME, tcp:HOST:PORT,
// http(s)://URL, file:PATH, dns:NAME.
TEST(ParseCondition, EveryKind) {
  struct Case {
    std::string text;
    Kind kind;
    std::string target;
    int count;
  };
  const Case cases[] = {
      {"pods:app=web", Kind::kPods, "app=web", 0},
      {"pods:app=web:3", Kind::kPods, "app=web", 3},
      {"pods:app=web,tier in (front,back):2", Kind::kPods, "app=web,tier in (front,back)", 2},
      {"service:db", Kind::kService, "db", 0},
      {"job:migrate", Kind::kJob, "migrate", 0},
      {"tcp:db:5432", Kind::kTcp, "db:5432", 0},
      {"tcp:[::1]:5432", Kind::kTcp, "[::1]:5432", 0},
      {"http://web:8080/healthz", Kind::kHttp, "http://web:8080/healthz", 0},
      {"https://web/ready", Kind::kHttp, "https://web/ready", 0},
      {"file:/run/ready", Kind::kFile, "/run/ready", 0},
      {"dns:db.demo.svc.cluster.local", Kind::kDns, "db.demo.svc.cluster.local", 0},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Condition> got = ParseCondition(c.text);
    ASSERT_TRUE(got.ok()) << c.text << ": " << got.status();
    EXPECT_EQ(got->kind, c.kind) << c.text;
    EXPECT_EQ(got->target, c.target) << c.text;
    EXPECT_EQ(got->count, c.count) << c.text;
    EXPECT_EQ(got->text, c.text);
    EXPECT_EQ(got->NeedsApiServer(), c.kind == Kind::kPods || c.kind == Kind::kService || c.kind == Kind::kJob)
        << c.text;
  }
}

TEST(ParseCondition, ErrorsSayWhatIsWrong) {
  struct Case {
    std::string text, message;
  };
  const Case cases[] = {
      {"db", "wait condition \"db\": expected pods:SELECTOR[:N], service:NAME, job:NAME, tcp:HOST:PORT, "
             "http(s)://URL, file:PATH or dns:NAME"},
      {"file:", "wait condition \"file:\": nothing after the colon"},
      {"redis:db", "wait condition \"redis:db\": unknown kind \"redis\""},
      {"tcp:db", "wait condition \"tcp:db\": expected tcp:HOST:PORT"},
      {"tcp::5432", "wait condition \"tcp::5432\": expected tcp:HOST:PORT"},
      {"tcp:db:0", "wait condition \"tcp:db:0\": expected tcp:HOST:PORT"},
      {"tcp:db:65536", "wait condition \"tcp:db:65536\": expected tcp:HOST:PORT"},
      {"pods:app=web:0", "wait condition \"pods:app=web:0\": N must be a positive count"},
      {"pods:app=web:x", "wait condition \"pods:app=web:x\": N must be a positive count"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Condition> got = ParseCondition(c.text);
    ASSERT_FALSE(got.ok()) << c.text;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(got.status().message(), c.message);
  }
}

TEST(PodReady, TheReadyConditionDecides) {
  auto ready = [](const char* json) { return PodReady(*k8sclient::ParseJson(json)); };
  EXPECT_TRUE(ready(R"({"status": {"conditions": [{"type": "PodScheduled", "status": "True"},
                                                  {"type": "Ready", "status": "True"}]}})"));
  EXPECT_FALSE(ready(R"({"status": {"conditions": [{"type": "Ready", "status": "False"}]}})"));
  EXPECT_FALSE(ready(R"({"status": {"conditions": [{"type": "ContainersReady", "status": "True"}]}})"));
  EXPECT_FALSE(ready(R"({"status": {}})"));
}

TEST(WaitForConditions, FilesAndTimeouts) {
  k8sclient::testing::TempDir dir;
  std::string there = dir.Write("ready", "");
  EXPECT_EQ(WaitForConditions({"file:" + there}, absl::Seconds(5), nullptr), base::kExitOk);
  absl::Time start = absl::Now();
  EXPECT_EQ(WaitForConditions({"file:" + there, "file:" + dir.path() + "/never"}, absl::Milliseconds(300), nullptr),
            base::kExitWaitTimeout);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_EQ(WaitForConditions({"bogus"}, absl::Seconds(1), nullptr), base::kExitUsage);
  // An API condition with no API server is a configuration error, found before any waiting.
  EXPECT_EQ(WaitForConditions({"file:" + dir.path() + "/never", "service:db"}, absl::Minutes(5), nullptr),
            base::kExitUsage);
  EXPECT_EQ(WaitForAll(WaitSettings{}, nullptr), base::kExitOk);
}

// WaitFor's error says why the wait ended, and base::ExitCodeFor alone turns it into the exit
// code WaitForConditions returns.
TEST(WaitFor, TheErrorSaysWhyAndMapsToItsExitCode) {
  k8sclient::testing::TempDir dir;
  absl::Status bogus = WaitFor({"bogus"}, absl::Seconds(1), nullptr);
  EXPECT_EQ(bogus.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bogus.message().substr(0, 26), "wait condition \"bogus\": ex");
  EXPECT_EQ(base::ExitCodeFor(bogus), base::kExitUsage);

  absl::Status offline = WaitFor({"service:db"}, absl::Seconds(1), nullptr);
  EXPECT_EQ(offline.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(offline.message(), "wait condition \"service:db\" needs the API server");
  EXPECT_EQ(base::ExitCodeFor(offline), base::kExitUsage);

  const std::string never = "file:" + dir.path() + "/never";
  absl::Status late = WaitFor({never}, absl::Milliseconds(200), nullptr);
  EXPECT_EQ(late.message(), "timed out after 200ms waiting for " + never + " (no such file)");
  EXPECT_EQ(base::ExitCodeFor(late), base::kExitWaitTimeout);

  EXPECT_TRUE(WaitFor({}, absl::Seconds(1), nullptr).ok());
}

class WaitForApi : public testing::ApiTest {};

TEST_F(WaitForApi, ConditionsMetByTheFirstList) {
  WaitSettings settings;
  settings.conditions = {"service:web", "job:migrate", "pods:app=web:1"};
  settings.timeout = absl::Seconds(10);
  EXPECT_EQ(WaitForAll(settings, cluster_.get()), base::kExitOk);
}

TEST_F(WaitForApi, AForbiddenListIsAnApiError) {
  std::unique_ptr<Cluster> locked = api_.Open("locked");
  ASSERT_NE(locked, nullptr);
  EXPECT_EQ(WaitForConditions({"job:migrate"}, absl::Seconds(10), locked.get()), base::kExitApi);
  absl::Status forbidden = WaitFor({"job:migrate"}, absl::Seconds(10), locked.get());
  EXPECT_EQ(forbidden.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(forbidden.message().substr(0, 24), "waiting for job:migrate:");
}

// Not met by the list: the wait follows a watch from the list's resourceVersion (no polling)
// and ends with the event that meets the condition.
TEST(WaitForWatch, AWatchEventMeetsTheCondition) {
  testing::FakeCluster api(testing::RollingRoutes());
  ASSERT_TRUE(api.ok());
  std::unique_ptr<Cluster> rolling = api.Open("rolling");
  ASSERT_NE(rolling, nullptr);
  EXPECT_EQ(WaitForConditions({"pods:app=web:1"}, absl::Seconds(20), rolling.get()), base::kExitOk);
  std::vector<k8sclient::Json> asked = api.server().Requests();
  ASSERT_EQ(asked.size(), 3u);  // the pod, the list, the watch
  const std::string list(asked[1].GetString("path")), watch(asked[2].GetString("path"));
  EXPECT_EQ(list.find("watch="), std::string::npos) << list;
  EXPECT_NE(watch.find("watch=true"), std::string::npos) << watch;
  EXPECT_NE(watch.find("resourceVersion=70"), std::string::npos) << watch;
  EXPECT_NE(watch.find("labelSelector=app%3Dweb"), std::string::npos) << watch;
}

// A condition that never holds ends at --timeout with exit 4, once the watch under way ends.
TEST(WaitForWatch, AnUnmetConditionTimesOut) {
  testing::FakeCluster api(testing::RollingRoutes());
  ASSERT_TRUE(api.ok());
  std::unique_ptr<Cluster> rolling = api.Open("rolling");
  ASSERT_NE(rolling, nullptr);
  absl::Time start = absl::Now();
  EXPECT_EQ(WaitForConditions({"job:migrate"}, absl::Milliseconds(500), rolling.get()), base::kExitWaitTimeout);
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
}

}  // namespace
}  // namespace entrypoint::run
