// The client against servers that misbehave without end, on a FakeClock: every wait the
// backoff or the request limiter asks for is recorded and skipped, so minutes of politeness
// take milliseconds, and the tests count what a real client would have sent in that time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8sclient/client.h"
#include "tests/k8sclient/client_test_util.h"

namespace k8s {
namespace {

using testing::ConfigFor;
using testing::Event;
using testing::kPod;
using testing::kPodPath;
using testing::kPodsPath;
using testing::MakeClient;
using testing::Route;
using testing::Script;
using testing::TestServer;

ClientOptions FakeTime(FakeClock* clock, std::vector<std::string>* logs = nullptr) {
  ClientOptions o;
  o.user_agent = "podinit/test";
  o.clock = clock;
  if (logs != nullptr) o.log = [logs](std::string_view l) { logs->emplace_back(l); };
  return o;
}

absl::Duration Total(const std::vector<absl::Duration>& sleeps) {
  absl::Duration t;
  for (absl::Duration d : sleeps) t += d;
  return t;
}

// A process makes at most 8 requests in its first second and 2 a second after that; over
// `elapsed` that is at most this many.
int MostRequestsIn(absl::Duration elapsed) {
  return 8 + 2 * static_cast<int>(absl::ToDoubleSeconds(elapsed) + 1);
}

TEST(ClientBackoff, HugeRetryAfterIsCappedAndTheDeadlineEndsTheCall) {
  TestServer s(Script(Route(kPodPath, R"({"status":429,"body":"Too many requests, please try again later.","headers":{"Retry-After":"1000000000"}})")), false);
  ASSERT_TRUE(s.ok());
  FakeClock clock;
  auto c = MakeClient(ConfigFor(s), FakeTime(&clock));
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kUnavailable);
  // 60 s deadline: one capped 30 s wait fits, a second would end past it.
  EXPECT_EQ(s.Requests().size(), 2u);
  EXPECT_EQ(clock.sleeps(), std::vector<absl::Duration>{absl::Seconds(30)});
  EXPECT_NE(pod.status().message().find("(gave up after 2 attempts: 60.0s deadline)"),
            std::string::npos)
      << pod.status();
}

TEST(ClientBackoff, TinyRetryAfterStillBacksOffExponentially) {
  TestServer s(Script(Route(kPodPath, R"({"status":429,"body":"slow down","headers":{"Retry-After":"0"}})")), false);
  ASSERT_TRUE(s.ok());
  FakeClock clock;
  ClientOptions o = FakeTime(&clock);
  o.backoff.jitter = BackoffPolicy::Jitter::kNone;
  auto c = MakeClient(ConfigFor(s), o);
  EXPECT_FALSE(c->Get(kPodPath).ok());
  std::vector<absl::Duration> sleeps = clock.sleeps();
  ASSERT_GE(sleeps.size(), 5u);
  EXPECT_EQ(sleeps[0], absl::Milliseconds(800));
  EXPECT_EQ(sleeps[1], absl::Milliseconds(1600));
  EXPECT_EQ(sleeps[2], absl::Milliseconds(3200));
  EXPECT_LE(static_cast<int>(s.Requests().size()), MostRequestsIn(Total(sleeps)));
}

TEST(ClientBackoff, ServerErrorStormGivesUpAfterMaxAttempts) {
  TestServer s(Script(Route(kPodPath, R"({"status":500,"body":"boom"})")), false);
  ASSERT_TRUE(s.ok());
  FakeClock clock;
  std::vector<std::string> logs;
  ClientOptions o = FakeTime(&clock, &logs);
  o.total_deadline = absl::Hours(1);
  auto c = MakeClient(ConfigFor(s), o);
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(s.Requests().size(), 10u);
  EXPECT_EQ(clock.sleeps().size(), 9u);
  ASSERT_EQ(logs.size(), 9u);  // one line per backoff step
  EXPECT_NE(logs[0].find("(attempt 1/10); retrying in "), std::string::npos) << logs[0];
  for (absl::Duration d : clock.sleeps()) EXPECT_LE(d, absl::Seconds(30));
  EXPECT_GE(clock.sleeps().back(), absl::Seconds(15));  // the cap, equal-jittered
}

TEST(ClientBackoff, AWatchWaitsOutItsTimeoutRatherThanComeBackSooner) {
  // A caller that loops over short Watch calls (`wait` follows in 5 s slices) would otherwise
  // get each one back at once, and ask again.
  TestServer s(Script(Route(kPodsPath, R"({"status":429,"body":"slow down","headers":{"Retry-After":"1000000000"}})")), false);
  ASSERT_TRUE(s.ok());
  FakeClock clock;
  auto c = MakeClient(ConfigFor(s), FakeTime(&clock));
  const absl::Time start = clock.Now();
  WatchOptions wo;
  wo.timeout = absl::Seconds(5);
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(c->Watch(kPodsPath, wo, [](const WatchEvent&) { return true; }).ok());
  }
  EXPECT_EQ(s.Requests().size(), 4u);
  EXPECT_GE(clock.Now() - start, absl::Seconds(20));
}

TEST(ClientBackoff, EmptyWatchesAreFailuresThatBackOff) {
  TestServer s(Script(Route(kPodsPath, R"({"stream":[],"end":"close"})")), false);
  ASSERT_TRUE(s.ok());
  FakeClock clock;
  std::vector<std::string> logs;
  ClientOptions o = FakeTime(&clock, &logs);
  o.max_attempts = 1000;
  auto c = MakeClient(ConfigFor(s), o);
  WatchOptions wo;
  wo.timeout = absl::Minutes(5);
  int events = 0;
  absl::Status st = c->Watch(kPodsPath, wo, [&](const WatchEvent&) { return ++events < 100; });
  EXPECT_TRUE(st.ok()) << st;  // the 5 minutes ran out
  EXPECT_EQ(events, 0);
  const int requests = static_cast<int>(s.Requests().size());
  // 0.8 s doubling to 30 s: about 15 attempts in 5 minutes, where the old client made
  // thousands a second.
  EXPECT_GE(requests, 8);
  EXPECT_LE(requests, 25);
  EXPECT_LE(requests, MostRequestsIn(Total(clock.sleeps())));
  ASSERT_FALSE(logs.empty());
  EXPECT_NE(logs[0].find("the server ended the watch at once with no event"), std::string::npos)
      << logs[0];
}

TEST(ClientBackoff, GoneStormRelistsWithBackoffAndGivesUp) {
  std::string responses;
  for (int i = 0; i < 20; ++i) {
    responses += R"({"status":410,"json":{"kind":"Status","message":"too old resource version","reason":"Expired","code":410}},)";
    responses += R"({"json":{"kind":"PodList","metadata":{"resourceVersion":"7"},"items":[]}},)";
  }
  responses += R"({"status":410,"json":{"kind":"Status","message":"too old","reason":"Expired","code":410}})";
  TestServer s(Script(Route(kPodsPath, responses)), false);
  ASSERT_TRUE(s.ok());
  FakeClock clock;
  std::vector<std::string> logs;
  ClientOptions o = FakeTime(&clock, &logs);
  o.max_attempts = 6;
  auto c = MakeClient(ConfigFor(s), o);
  WatchOptions wo;
  wo.resource_version = "1";
  wo.timeout = absl::Hours(1);
  absl::Status st = c->Watch(kPodsPath, wo, [](const WatchEvent&) { return true; });
  EXPECT_EQ(st.code(), absl::StatusCode::kUnavailable) << st;
  EXPECT_NE(st.message().find("(gave up after 6 attempts)"), std::string::npos) << st;
  // watch, (wait, list, watch) x 5: each relist comes after a longer wait.
  EXPECT_EQ(s.Requests().size(), 11u);
  int waits = 0;
  for (const std::string& l : logs) waits += l.find("; retrying in ") != std::string::npos;
  EXPECT_EQ(waits, 5);
  // At least half of 0.8 + 1.6 + 3.2 + 6.4 + 12.8 s; the request limiter may add to it.
  EXPECT_GE(Total(clock.sleeps()), absl::Seconds(12));
  EXPECT_LE(static_cast<int>(s.Requests().size()), MostRequestsIn(Total(clock.sleeps())));
}

TEST(ClientBackoff, TooLargeResourceVersionRelistsFromEtcd) {
  // A server restarted on an older etcd: our resourceVersion 500 is from its future.
  const std::string too_large =
      R"({"status":504,"json":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Timeout: Too large resource version: 500, current: 12","reason":"Timeout","details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}],"retryAfterSeconds":1},"code":504}})";
  TestServer s(Script(Route(kPodsPath,
      too_large + "," +
      R"({"json":{"kind":"PodList","metadata":{"resourceVersion":"12"},"items":[{"kind":"Pod","metadata":{"name":"a","resourceVersion":"11"}}]}},)" +
      R"({"stream":[)" + Event("MODIFIED", "a", "13") + R"(],"end":"hang"})")),
               false);
  ASSERT_TRUE(s.ok());
  FakeClock clock;
  auto c = MakeClient(ConfigFor(s), FakeTime(&clock));
  WatchOptions wo;
  wo.resource_version = "500";
  std::vector<std::string> seen;
  absl::Status st = c->Watch(kPodsPath, wo, [&](const WatchEvent& e) {
    seen.push_back(e.type + " " + std::string(e.object.Path("metadata.name")->as_string()));
    return e.type != "MODIFIED";
  });
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED a", "MODIFIED a"}));
  std::vector<Json> reqs = s.Requests();
  ASSERT_EQ(reqs.size(), 3u);
  // The relist reads from etcd (no resourceVersion=0) and the watch goes on from its answer.
  EXPECT_EQ(reqs[1].GetString("path").find("resourceVersion"), std::string::npos);
  EXPECT_NE(reqs[2].GetString("path").find("&resourceVersion=12&"), std::string::npos);
}

TEST(ClientBackoff, TooLargeResourceVersionAsAnErrorEvent) {
  const std::string event =
      R"({"json":{"type":"ERROR","object":{"kind":"Status","message":"Too large resource version: 500, current: 12","reason":"Timeout","details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}]},"code":504}}})";
  TestServer s(Script(Route(kPodsPath,
      R"({"stream":[)" + event + R"(],"end":"close"},)" +
      R"({"json":{"kind":"PodList","metadata":{"resourceVersion":"12"},"items":[]}},)" +
      R"({"stream":[)" + Event("ADDED", "b", "13") + R"(],"end":"hang"})")),
               false);
  ASSERT_TRUE(s.ok());
  FakeClock clock;
  auto c = MakeClient(ConfigFor(s), FakeTime(&clock));
  WatchOptions wo;
  wo.resource_version = "500";
  int added = 0;
  absl::Status st = c->Watch(kPodsPath, wo, [&](const WatchEvent&) { return ++added < 1; });
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(added, 1);
  EXPECT_EQ(s.Requests().size(), 3u);
}

TEST(ClientBackoff, RetriableErrorEventsBackOffOthersEndTheWatch) {
  TestServer s(Script(Route(kPodsPath, R"j(
    {"status":429,"body":"Too many requests, please try again later.","headers":{"Retry-After":"1"}},
    {"stream":[{"json":{"type":"ERROR","object":{"kind":"Status","message":"internal error","reason":"InternalError","code":500}}}],"end":"close"},
    {"stream":[{"json":{"type":"ERROR","object":{"kind":"Status","message":"no","reason":"Forbidden","code":403}}}],"end":"close"})j")),
               false);
  ASSERT_TRUE(s.ok());
  FakeClock clock;
  auto c = MakeClient(ConfigFor(s), FakeTime(&clock));
  absl::Status st = c->Watch(kPodsPath, WatchOptions{}, [](const WatchEvent&) { return true; });
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied) << st;
  EXPECT_EQ(s.Requests().size(), 3u);
  std::vector<absl::Duration> sleeps = clock.sleeps();
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_GE(sleeps[0], absl::Seconds(1));  // Retry-After
}

TEST(ClientBackoff, ProgressResetsTheBackoff) {
  // Fails, fails, delivers an event and drops, then fails again: the wait after the event
  // starts from the initial step again.
  const std::string fail = R"({"status":503,"body":"down"},)";
  TestServer s(Script(Route(kPodsPath,
      fail + fail + fail + R"({"stream":[)" + Event("ADDED", "a", "3") + R"(],"end":"drop"},)" + fail +
      R"({"stream":[)" + Event("DELETED", "a", "4") + R"(],"end":"hang"})")),
               false);
  ASSERT_TRUE(s.ok());
  FakeClock clock;
  ClientOptions o = FakeTime(&clock);
  o.backoff.jitter = BackoffPolicy::Jitter::kNone;
  auto c = MakeClient(ConfigFor(s), o);
  absl::Status st =
      c->Watch(kPodsPath, WatchOptions{}, [](const WatchEvent& e) { return e.type != "DELETED"; });
  ASSERT_TRUE(st.ok()) << st;
  std::vector<absl::Duration> sleeps = clock.sleeps();
  ASSERT_GE(sleeps.size(), 4u);
  sleeps.resize(4);  // a fifth, under a second, is the request limiter's
  EXPECT_EQ(sleeps, (std::vector<absl::Duration>{absl::Milliseconds(800), absl::Milliseconds(1600),
                                                 absl::Milliseconds(3200), absl::Milliseconds(800)}));
  EXPECT_LE(clock.sleeps().size(), 5u);
}

TEST(ClientBackoff, WatchEventsThatAreNotObjectsEndTheWatch) {
  for (const char* object : {"[1,2,3]", "\"x\"", "null"}) {
    TestServer s(Script(Route(kPodsPath, std::string(R"({"stream":[{"json":{"type":"MODIFIED","object":)") +
                                                    object + R"(}}],"end":"hang"})")),
                 false);
    ASSERT_TRUE(s.ok());
    FakeClock clock;
    auto c = MakeClient(ConfigFor(s), FakeTime(&clock));
    int events = 0;
    absl::Status st = c->Watch(kPodsPath, WatchOptions{}, [&](const WatchEvent&) { ++events; return true; });
    EXPECT_EQ(st.code(), absl::StatusCode::kUnavailable) << object << ": " << st;
    EXPECT_NE(st.message().find("a MODIFIED event holds no object"), std::string::npos) << st;
    EXPECT_EQ(events, 0);
  }
}

}  // namespace
}  // namespace k8s
