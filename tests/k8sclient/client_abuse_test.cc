// The Client against a broken or hostile server: answers over the size limit, whole, chunked,
// a List's pages together, or one watch event.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "k8sclient/client.h"
#include "tests/k8sclient/client_test_util.h"

namespace k8sclient {
namespace {

using namespace k8sclient::testing;

ClientOptions Limited(int64_t bytes) {
  ClientOptions o = FastOptions();
  o.max_response_bytes = bytes;
  return o;
}

std::string Contains(const absl::Status& s, const std::string& part) {
  std::string m(s.message());
  return m.find(part) == std::string::npos ? absl::StrCat("\"", part, "\" not in: ", m) : "";
}

TEST(ClientAbuse, AnswerOverTheLimitIsRefusedWithoutRetrying) {
  TestServer s(Script(Route(kPodPath, R"({"body":")" + std::string(5000, 'x') + R"("})")), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s), Limited(1000));
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kResourceExhausted) << pod.status();
  EXPECT_EQ(Contains(pod.status(), absl::StrCat("GET ", s.url(), kPodPath,
                                                ": the response exceeds 1000 bytes; refused")), "");
  EXPECT_EQ(c->requests(), 1);
}

TEST(ClientAbuse, ChunkedAnswerOverTheLimitIsCutOff) {
  std::string line = R"({"line":")" + std::string(400, 'y') + R"("})";
  TestServer s(Script(Route(kPodPath, R"({"stream":[)" + line + "," + line + "," + line +
                                          R"(],"end":"close"})")),
               false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s), Limited(1000));
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kResourceExhausted) << pod.status();
  EXPECT_EQ(Contains(pod.status(), "the response exceeds 1000 bytes"), "");
}

TEST(ClientAbuse, ListPagesCountTogether) {
  std::string item = R"({"metadata":{"name":")" + std::string(400, 'p') + R"("}})";
  auto page = [&](const std::string& next) {
    return R"({"json":{"kind":"PodList","metadata":{"continue":")" + next + R"("},"items":[)" + item + "]}}";
  };
  TestServer s(Script(Route(kPodsPath, page("c1") + "," + page("c2") + "," + page("c3"))), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s), Limited(1000));
  ListOptions lo;
  absl::StatusOr<Json> list = c->List(kPodsPath, lo);
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), absl::StatusCode::kResourceExhausted) << list.status();
  EXPECT_EQ(Contains(list.status(), "the list (3 pages) exceeds 1000 bytes"), "");
}

TEST(ClientAbuse, WatchLimitsEachEventNotTheStream) {
  std::string events;
  for (int i = 0; i < 20; ++i) events += Event("MODIFIED", "a", std::to_string(i)) + ",";
  events += Event("DELETED", "a", "99");
  TestServer s(Script(Route(kPodsPath, R"({"stream":[)" + events + R"(],"end":"hang"})")), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s), Limited(1000));  // 20 events are ~2 KB together
  WatchOptions wo;
  wo.timeout = absl::Seconds(10);
  int seen = 0;
  absl::Status st = c->Watch(kPodsPath, wo, [&](const WatchEvent& e) {
    ++seen;
    return e.type != "DELETED";
  });
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(seen, 21);

  std::string big = R"({"json":{"type":"ADDED","object":{"metadata":{"name":")" +
                    std::string(2000, 'b') + R"("}}}})";
  TestServer t(Script(Route(kPodsPath, R"({"stream":[)" + big + R"(],"end":"hang"})")), false);
  ASSERT_TRUE(t.ok());
  auto d = MakeClient(ConfigFor(t), Limited(1000));
  st = d->Watch(kPodsPath, wo, [](const WatchEvent&) { return true; });
  EXPECT_EQ(st.code(), absl::StatusCode::kResourceExhausted) << st;
  EXPECT_EQ(Contains(st, ": a watch event exceeds 1000 bytes"), "");
}

}  // namespace
}  // namespace k8sclient
