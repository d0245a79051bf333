// The client against servers that misbehave without end, on a FakeClock: every wait the
// backoff or the request limiter asks for is recorded and skipped, so minutes of politeness
// take milliseconds, and the tests count what a real client would have sent in that time.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "k8sclient/client.h"
#include "tests/k8sclient/client_test_util.h"

namespace k8sclient {
namespace {

using testing::ConfigFor;
using testing::Event;
using testing::kPodPath;
using testing::kPodsPath;
using testing::MakeClient;
using testing::Route;
using testing::Script;
using testing::TestServer;

// A TestServer answering `route` in turn (the last answer repeats), and a client of it on a
// FakeClock that logs into `logs`; `tune` adjusts the client's options first.
struct OnFakeTime {
  explicit OnFakeTime(const std::string& route,
                      const std::function<void(ClientOptions&)>& tune = nullptr)
      : server(Script(route), false) {
    ClientOptions o;
    o.user_agent = "podinit/test";
    o.clock = &clock;
    o.log = [this](std::string_view l) { logs.emplace_back(l); };
    if (tune) tune(o);
    client = MakeClient(ConfigFor(server), o);
  }

  int requests() const { return static_cast<int>(server.Requests().size()); }
  absl::Duration slept() const {
    absl::Duration t;
    for (absl::Duration d : clock.sleeps()) t += d;
    return t;
  }
  // The lines the backoff logged: one per step.
  int backoff_steps() const {
    int n = 0;
    for (const std::string& l : logs) n += l.find("; retrying in ") != std::string::npos;
    return n;
  }
  // A process makes at most 8 requests in its first second and 2 a second after that.
  int most_requests_allowed() const {
    return 8 + 2 * static_cast<int>(absl::ToDoubleSeconds(slept()) + 1);
  }
  absl::Status Watch(const WatchOptions& wo, const std::function<bool(const WatchEvent&)>& f =
                                                 [](const WatchEvent&) { return true; }) {
    return client->Watch(kPodsPath, wo, f);
  }

  TestServer server;
  FakeClock clock;
  std::vector<std::string> logs;
  std::unique_ptr<Client> client;
};

void NoJitter(ClientOptions& o) { o.backoff.jitter = BackoffPolicy::Jitter::kNone; }

std::string Streamed(const std::string& events, const char* end) {
  return R"({"stream":[)" + events + R"(],"end":")" + end + R"("})";
}

TEST(ClientBackoff, HugeRetryAfterIsCappedAndTheDeadlineEndsTheCall) {
  OnFakeTime t(Route(kPodPath, R"({"status":429,"body":"Too many requests, please try again later.","headers":{"Retry-After":"1000000000"}})"));
  ASSERT_TRUE(t.server.ok());
  absl::StatusOr<Json> pod = t.client->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kUnavailable);
  // 60 s deadline: one capped 30 s wait fits, a second would end past it.
  EXPECT_EQ(t.requests(), 2);
  EXPECT_EQ(t.clock.sleeps(), std::vector<absl::Duration>{absl::Seconds(30)});
  EXPECT_NE(pod.status().message().find("(gave up after 2 attempts: 60.0s deadline)"),
            std::string::npos)
      << pod.status();
}

TEST(ClientBackoff, TinyRetryAfterStillBacksOffExponentially) {
  OnFakeTime t(Route(kPodPath, R"({"status":429,"body":"slow down","headers":{"Retry-After":"0"}})"),
               NoJitter);
  ASSERT_TRUE(t.server.ok());
  EXPECT_FALSE(t.client->Get(kPodPath).ok());
  std::vector<absl::Duration> sleeps = t.clock.sleeps();
  ASSERT_GE(sleeps.size(), 5u);
  EXPECT_EQ(sleeps[0], absl::Milliseconds(800));
  EXPECT_EQ(sleeps[1], absl::Milliseconds(1600));
  EXPECT_EQ(sleeps[2], absl::Milliseconds(3200));
  EXPECT_LE(t.requests(), t.most_requests_allowed());
}

TEST(ClientBackoff, ServerErrorStormGivesUpAfterMaxAttempts) {
  OnFakeTime t(Route(kPodPath, R"({"status":500,"body":"boom"})"),
               [](ClientOptions& o) { o.total_deadline = absl::Hours(1); });
  ASSERT_TRUE(t.server.ok());
  absl::StatusOr<Json> pod = t.client->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(t.requests(), 10);
  EXPECT_EQ(t.clock.sleeps().size(), 9u);
  ASSERT_EQ(t.logs.size(), 9u);  // one line per backoff step
  EXPECT_NE(t.logs[0].find("(attempt 1/10); retrying in "), std::string::npos) << t.logs[0];
  for (absl::Duration d : t.clock.sleeps()) EXPECT_LE(d, absl::Seconds(30));
  EXPECT_GE(t.clock.sleeps().back(), absl::Seconds(15));  // the cap, equal-jittered
}

TEST(ClientBackoff, AWatchWaitsOutItsTimeoutRatherThanComeBackSooner) {
  // A caller that loops over short Watch calls (`wait` follows in 5 s slices) would otherwise
  // get each one back at once, and ask again.
  OnFakeTime t(Route(kPodsPath, R"({"status":429,"body":"slow down","headers":{"Retry-After":"1000000000"}})"));
  ASSERT_TRUE(t.server.ok());
  const absl::Time start = t.clock.Now();
  WatchOptions wo;
  wo.timeout = absl::Seconds(5);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(t.Watch(wo).ok());
  EXPECT_EQ(t.requests(), 4);
  EXPECT_GE(t.clock.Now() - start, absl::Seconds(20));
}

TEST(ClientBackoff, EmptyWatchesAreFailuresThatBackOff) {
  OnFakeTime t(Route(kPodsPath, Streamed("", "close")),
               [](ClientOptions& o) { o.max_attempts = 1000; });
  ASSERT_TRUE(t.server.ok());
  WatchOptions wo;
  wo.timeout = absl::Minutes(5);
  int events = 0;
  absl::Status st = t.Watch(wo, [&](const WatchEvent&) { return ++events < 100; });
  EXPECT_TRUE(st.ok()) << st;  // the 5 minutes ran out
  EXPECT_EQ(events, 0);
  // 0.8 s doubling to 30 s: about 15 attempts in 5 minutes, where the old client made
  // thousands a second.
  EXPECT_GE(t.requests(), 8);
  EXPECT_LE(t.requests(), 25);
  EXPECT_LE(t.requests(), t.most_requests_allowed());
  ASSERT_FALSE(t.logs.empty());
  EXPECT_NE(t.logs[0].find("the server ended the watch at once with no event"), std::string::npos)
      << t.logs[0];
}

TEST(ClientBackoff, GoneStormRelistsWithBackoffAndGivesUp) {
  std::string responses;
  for (int i = 0; i < 20; ++i) {
    responses += R"({"status":410,"json":{"kind":"Status","message":"too old resource version","reason":"Expired","code":410}},)";
    responses += R"({"json":{"kind":"PodList","metadata":{"resourceVersion":"7"},"items":[]}},)";
  }
  responses += R"({"status":410,"json":{"kind":"Status","message":"too old","reason":"Expired","code":410}})";
  OnFakeTime t(Route(kPodsPath, responses), [](ClientOptions& o) { o.max_attempts = 6; });
  ASSERT_TRUE(t.server.ok());
  WatchOptions wo;
  wo.resource_version = "1";
  wo.timeout = absl::Hours(1);
  absl::Status st = t.Watch(wo);
  EXPECT_EQ(st.code(), absl::StatusCode::kUnavailable) << st;
  EXPECT_NE(st.message().find("(gave up after 6 attempts)"), std::string::npos) << st;
  // watch, (wait, list, watch) x 5: each relist comes after a longer wait.
  EXPECT_EQ(t.requests(), 11);
  EXPECT_EQ(t.backoff_steps(), 5);
  // At least half of 0.8 + 1.6 + 3.2 + 6.4 + 12.8 s; the request limiter may add to it.
  EXPECT_GE(t.slept(), absl::Seconds(12));
  EXPECT_LE(t.requests(), t.most_requests_allowed());
}

TEST(ClientBackoff, TooLargeResourceVersionRelistsFromEtcd) {
  // A server restarted on an older etcd: our resourceVersion 500 is from its future.
  const std::string too_large =
      R"({"status":504,"json":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Timeout: Too large resource version: 500, current: 12","reason":"Timeout","details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}],"retryAfterSeconds":1},"code":504}})";
  OnFakeTime t(Route(kPodsPath,
      too_large + "," +
      R"({"json":{"kind":"PodList","metadata":{"resourceVersion":"12"},"items":[{"kind":"Pod","metadata":{"name":"a","resourceVersion":"11"}}]}},)" +
      Streamed(Event("MODIFIED", "a", "13"), "hang")));
  ASSERT_TRUE(t.server.ok());
  WatchOptions wo;
  wo.resource_version = "500";
  std::vector<std::string> seen;
  absl::Status st = t.Watch(wo, [&](const WatchEvent& e) {
    seen.push_back(e.type + " " + std::string(e.object.StringAt("metadata.name")));
    return e.type != "MODIFIED";
  });
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED a", "MODIFIED a"}));
  std::vector<Json> reqs = t.server.Requests();
  ASSERT_EQ(reqs.size(), 3u);
  // The relist reads from etcd (no resourceVersion=0) and the watch goes on from its answer.
  EXPECT_EQ(reqs[1].GetString("path").find("resourceVersion"), std::string::npos);
  EXPECT_NE(reqs[2].GetString("path").find("&resourceVersion=12&"), std::string::npos);
}

TEST(ClientBackoff, TooLargeResourceVersionAsAnErrorEvent) {
  const std::string event =
      R"({"json":{"type":"ERROR","object":{"kind":"Status","message":"Too large resource version: 500, current: 12","reason":"Timeout","details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}]},"code":504}}})";
  OnFakeTime t(Route(kPodsPath,
      Streamed(event, "close") + "," +
      R"({"json":{"kind":"PodList","metadata":{"resourceVersion":"12"},"items":[]}},)" +
      Streamed(Event("ADDED", "b", "13"), "hang")));
  ASSERT_TRUE(t.server.ok());
  WatchOptions wo;
  wo.resource_version = "500";
  int added = 0;
  ASSERT_TRUE(t.Watch(wo, [&](const WatchEvent&) { return ++added < 1; }).ok());
  EXPECT_EQ(added, 1);
  EXPECT_EQ(t.requests(), 3);
}

TEST(ClientBackoff, RetriableErrorEventsBackOffOthersEndTheWatch) {
  OnFakeTime t(Route(kPodsPath, R"j(
    {"status":429,"body":"Too many requests, please try again later.","headers":{"Retry-After":"1"}},
    {"stream":[{"json":{"type":"ERROR","object":{"kind":"Status","message":"internal error","reason":"InternalError","code":500}}}],"end":"close"},
    {"stream":[{"json":{"type":"ERROR","object":{"kind":"Status","message":"no","reason":"Forbidden","code":403}}}],"end":"close"})j"));
  ASSERT_TRUE(t.server.ok());
  absl::Status st = t.Watch(WatchOptions{});
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied) << st;
  EXPECT_EQ(t.requests(), 3);
  std::vector<absl::Duration> sleeps = t.clock.sleeps();
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_GE(sleeps[0], absl::Seconds(1));  // Retry-After
}

TEST(ClientBackoff, ProgressResetsTheBackoff) {
  // Fails, fails, fails, delivers an event and drops, then fails again: the wait after the
  // event starts from the initial step again.
  const std::string fail = R"({"status":503,"body":"down"},)";
  OnFakeTime t(Route(kPodsPath, fail + fail + fail + Streamed(Event("ADDED", "a", "3"), "drop") +
                                    "," + fail + Streamed(Event("DELETED", "a", "4"), "hang")),
               NoJitter);
  ASSERT_TRUE(t.server.ok());
  ASSERT_TRUE(t.Watch(WatchOptions{}, [](const WatchEvent& e) { return e.type != "DELETED"; }).ok());
  std::vector<absl::Duration> sleeps = t.clock.sleeps();
  ASSERT_GE(sleeps.size(), 4u);
  sleeps.resize(4);  // a fifth, under a second, is the request limiter's
  EXPECT_EQ(sleeps, (std::vector<absl::Duration>{absl::Milliseconds(800), absl::Milliseconds(1600),
                                                 absl::Milliseconds(3200), absl::Milliseconds(800)}));
  EXPECT_LE(t.clock.sleeps().size(), 5u);
}

TEST(ClientBackoff, WatchEventsThatAreNotObjectsEndTheWatch) {
  for (const char* object : {"[1,2,3]", "\"x\"", "null"}) {
    OnFakeTime t(Route(kPodsPath, Streamed(std::string(R"({"json":{"type":"MODIFIED","object":)") +
                                               object + "}}",
                                           "hang")));
    ASSERT_TRUE(t.server.ok());
    int events = 0;
    absl::Status st = t.Watch(WatchOptions{}, [&](const WatchEvent&) { ++events; return true; });
    EXPECT_EQ(st.code(), absl::StatusCode::kUnavailable) << object << ": " << st;
    EXPECT_NE(st.message().find("a MODIFIED event holds no object"), std::string::npos) << st;
    EXPECT_EQ(events, 0);
  }
}

}  // namespace
}  // namespace k8sclient
