#include "k8sclient/client.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "k8sclient/rbac.h"
#include "tests/k8sclient/client_test_util.h"

namespace k8sclient {
namespace {

using namespace k8sclient::testing;

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

TEST(Client, GetOverVerifiedTlsSendsTokenAndHeaders) {
  TestServer s(Script(Route(kPodPath, kPod)), /*tls=*/true);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  absl::StatusOr<Json> pod = c->Get(kPodPath, /*cached=*/true);
  ASSERT_TRUE(pod.ok()) << pod.status();
  EXPECT_EQ(pod->Path("metadata.name")->as_string(), "x");
  std::vector<Json> reqs = s.Requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].GetString("path"), "/api/v1/namespaces/ns/pods/x?resourceVersion=0");
  EXPECT_EQ(reqs[0].GetString("auth"), "Bearer secret-token");
  EXPECT_EQ(reqs[0].GetString("accept"), "application/json");
  EXPECT_EQ(reqs[0].GetString("user_agent"), "podinit/test");
  EXPECT_EQ(c->requests(), 1);
}

TEST(Client, CaPemBlobWorksLikeCaFile) {
  TestServer s(Script(Route(kPodPath, kPod)), true);
  ASSERT_TRUE(s.ok());
  ClientConfig cfg = ConfigFor(s);
  std::ifstream in(cfg.ca_file);
  std::stringstream pem;
  pem << in.rdbuf();
  cfg.ca_file.clear();
  cfg.ca_pem = pem.str();
  auto c = MakeClient(cfg);
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  EXPECT_TRUE(pod.ok()) << pod.status();
}

TEST(Client, WrongCaFailsVerificationWithoutRetrying) {
  TestServer s(Script(Route(kPodPath, kPod)), true);
  ASSERT_TRUE(s.ok());
  ClientConfig cfg = ConfigFor(s);
  cfg.ca_file = TestServer::CertDir() + "/other-ca.crt";
  auto c = MakeClient(cfg);
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kUnavailable);
  std::string msg(pod.status().message());
  EXPECT_EQ(msg.rfind("GET " + s.url() + kPodPath + ": TLS certificate verification failed (", 0), 0u)
      << msg;
  EXPECT_EQ(msg.find("secret-token"), std::string::npos);
  EXPECT_EQ(msg.find('\n'), std::string::npos);
  EXPECT_EQ(c->requests(), 1);
  EXPECT_TRUE(s.Requests().empty());
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(Client, ClientCertificateFromFilesOrPem) {
  TestServer s(Script(Route(kPodPath, kPod)), true, /*require_client_cert=*/true);
  ASSERT_TRUE(s.ok());
  ClientConfig without = ConfigFor(s, "");
  auto c = MakeClient(without);
  absl::StatusOr<Json> refused = c->Get(kPodPath);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
  EXPECT_NE(refused.status().message().find(": the server refused the TLS connection ("),
            std::string::npos)
      << refused.status();
  EXPECT_EQ(c->requests(), 1);

  ClientConfig files = without;
  files.client_cert_file = TestServer::CertDir() + "/client.crt";
  files.client_key_file = TestServer::CertDir() + "/client.key";
  absl::StatusOr<Json> pod = MakeClient(files)->Get(kPodPath);
  EXPECT_TRUE(pod.ok()) << pod.status();

  ClientConfig pems = without;
  pems.client_cert_pem = ReadFile(files.client_cert_file);
  pems.client_key_pem = ReadFile(files.client_key_file);
  pod = MakeClient(pems)->Get(kPodPath);
  EXPECT_TRUE(pod.ok()) << pod.status();
  std::vector<Json> reqs = s.Requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].GetString("auth"), "");
}

TEST(Client, MissingClientCertificateFileIsAConfigurationError) {
  TestServer s(Script(Route(kPodPath, kPod)), true, true);
  ASSERT_TRUE(s.ok());
  ClientConfig cfg = ConfigFor(s, "");
  cfg.client_cert_file = "/nonexistent/client.crt";
  cfg.client_key_file = "/nonexistent/client.key";
  absl::StatusOr<Json> pod = MakeClient(cfg)->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kFailedPrecondition) << pod.status();
  EXPECT_NE(pod.status().message().find("client certificate"), std::string::npos) << pod.status();
}

TEST(Client, UnreadableCaFileIsAConfigurationError) {
  TestServer s(Script(Route(kPodPath, kPod)), true);
  ASSERT_TRUE(s.ok());
  ClientConfig cfg = ConfigFor(s);
  cfg.ca_file = "/nonexistent/ca.crt";
  auto c = MakeClient(cfg);
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kFailedPrecondition) << pod.status();
  EXPECT_NE(pod.status().message().find("/nonexistent/ca.crt"), std::string::npos) << pod.status();
  EXPECT_EQ(c->requests(), 1);
}

TEST(Client, InsecureSkipVerifyWorksAndWarns) {
  TestServer s(Script(Route(kPodPath, kPod)), true);
  ASSERT_TRUE(s.ok());
  ClientConfig cfg = ConfigFor(s);
  cfg.ca_file.clear();
  cfg.insecure_skip_tls_verify = true;
  cfg.source = "kubeconfig /k (context c)";
  std::vector<std::string> logs;
  ClientOptions o = FastOptions();
  o.log = [&](std::string_view l) { logs.emplace_back(l); };
  auto c = MakeClient(cfg, o);
  EXPECT_TRUE(c->Get(kPodPath).ok());
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NE(logs[0].find("WARNING: TLS certificate verification for " + s.url() + " is DISABLED"),
            std::string::npos)
      << logs[0];
  EXPECT_NE(logs[0].find("kubeconfig /k (context c)"), std::string::npos);
}

TEST(Client, ConnectionRefusedIsUnavailableAndRetried) {
  ClientConfig cfg;
  int port = FreePort();
  cfg.server = absl::StrCat("http://127.0.0.1:", port);
  ClientOptions o = FastOptions();
  o.max_attempts = 3;
  auto c = MakeClient(cfg, o);
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(pod.status().message(),
            absl::StrCat("GET http://127.0.0.1:", port, kPodPath,
                         ": connection refused (gave up after 3 attempts)"));
  EXPECT_EQ(c->requests(), 3);
}

TEST(Client, NotFoundIsOneClearLine) {
  TestServer s(Script(Route(kPodPath, R"({"status":404,"json":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}})")), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(pod.status().message(),
            "GET " + s.url() + kPodPath + ": pods \"x\" not found (404 NotFound)");
  EXPECT_EQ(c->requests(), 1);
}

TEST(Client, ForbiddenIsNotRetriedAndNamesTheRule) {
  const std::string path = "/apis/apps/v1/namespaces/ns/statefulsets/web";
  TestServer s(Script(Route(path, R"({"status":403,"json":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"statefulsets.apps \"web\" is forbidden: User \"system:serviceaccount:ns:app\" cannot get resource \"statefulsets\" in API group \"apps\" in the namespace \"ns\"","reason":"Forbidden","details":{"name":"web","group":"apps","kind":"statefulsets"},"code":403}})")), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  absl::StatusOr<Json> sts = c->Get(path);
  ASSERT_FALSE(sts.ok());
  EXPECT_EQ(sts.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(sts.status().message().find("missing RBAC permission: verb \"get\" on resource "
                                        "\"statefulsets\" in API group \"apps\" in namespace \"ns\""),
            std::string::npos)
      << sts.status();
  EXPECT_TRUE(RbacRoleHint(sts.status()).has_value());
  EXPECT_EQ(c->requests(), 1);
}

TEST(Client, BadRequestIsNotRetried) {
  TestServer s(Script(Route(kPodPath, R"({"status":400,"body":"bad"})")), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  EXPECT_FALSE(c->Get(kPodPath).ok());
  EXPECT_EQ(s.Requests().size(), 1u);
}

TEST(Client, RetriesServerErrorsWithBackoff) {
  TestServer s(Script(Route(kPodPath, std::string(R"({"status":503,"body":"unavailable"},{"status":500},)") + kPod)), false);
  ASSERT_TRUE(s.ok());
  std::vector<std::string> logs;
  ClientOptions o = FastOptions();
  o.log = [&](std::string_view l) { logs.emplace_back(l); };
  auto c = MakeClient(ConfigFor(s), o);
  absl::Time start = absl::Now();
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_TRUE(pod.ok()) << pod.status();
  EXPECT_EQ(c->requests(), 3);
  EXPECT_EQ(s.Requests().size(), 3u);
  // 800ms then 1.6s, each equal-jittered (at least half of it).
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(1200));
  ASSERT_EQ(logs.size(), 2u);
  EXPECT_NE(logs[0].find("unavailable (503 ServiceUnavailable) (attempt 1/10); retrying in"), std::string::npos)
      << logs[0];
  EXPECT_EQ(logs[0].find("secret-token"), std::string::npos);
}

TEST(Client, ObeysRetryAfterOn429) {
  TestServer s(Script(Route(kPodPath, std::string(R"({"status":429,"body":"Too many requests, please try again later.\n","headers":{"Retry-After":"1"}},)") + kPod)), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  absl::Time start = absl::Now();
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_TRUE(pod.ok()) << pod.status();
  absl::Duration took = absl::Now() - start;
  EXPECT_GE(took, absl::Seconds(1));
  EXPECT_LT(took, absl::Seconds(3));
  EXPECT_EQ(s.Requests().size(), 2u);
}

TEST(Client, GivesUpAfterMaxAttempts) {
  TestServer s(Script(Route(kPodPath, R"({"status":503,"json":{"kind":"Status","message":"etcd is down","reason":"ServiceUnavailable","code":503}})")), false);
  ASSERT_TRUE(s.ok());
  ClientOptions o = FastOptions();
  o.max_attempts = 3;
  auto c = MakeClient(ConfigFor(s), o);
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(pod.status().message(), "GET " + s.url() + kPodPath +
                                        ": etcd is down (503 ServiceUnavailable) (gave up after 3 attempts)");
  EXPECT_EQ(s.Requests().size(), 3u);
}

TEST(Client, RetryAfterBeyondTheDeadlineStopsAtOnce) {
  TestServer s(Script(Route(kPodPath, R"({"status":429,"body":"slow down","headers":{"Retry-After":"30"}})")), false);
  ASSERT_TRUE(s.ok());
  ClientOptions o = FastOptions();
  o.total_deadline = absl::Seconds(5);
  auto c = MakeClient(ConfigFor(s), o);
  absl::Time start = absl::Now();
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  EXPECT_NE(pod.status().message().find("slow down (429 TooManyRequests) (gave up after 1 attempts: 5.0s deadline)"),
            std::string::npos)
      << pod.status();
}

TEST(Client, SlowAnswerTimesOut) {
  TestServer s(Script(Route(kPodPath, R"({"delay":3,"json":{}})")), false);
  ASSERT_TRUE(s.ok());
  ClientOptions o = FastOptions();
  o.request_timeout = absl::Milliseconds(500);
  o.max_attempts = 2;
  auto c = MakeClient(ConfigFor(s), o);
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kDeadlineExceeded) << pod.status();
  EXPECT_NE(pod.status().message().find(": timed out ("), std::string::npos) << pod.status();
  EXPECT_EQ(c->requests(), 2);
}

TEST(Client, DroppedConnectionIsRetried) {
  TestServer s(Script(Route(kPodPath, std::string(R"({"drop":true},)") + kPod)), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_TRUE(pod.ok()) << pod.status();
  EXPECT_EQ(s.Requests().size(), 2u);
}

TEST(Client, KeepsOneConnectionAlive) {
  for (bool tls : {false, true}) {
    TestServer s(Script(Route(kPodPath, kPod)), tls);
    ASSERT_TRUE(s.ok());
    auto c = MakeClient(ConfigFor(s));
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(c->Get(kPodPath).ok());
    EXPECT_EQ(s.Requests().size(), 5u);
    EXPECT_EQ(s.Connections(), 1) << (tls ? "https" : "http");
  }
}

// A token file whose contents change while its mtime does not: only a 401 makes us look.
void RewriteKeepingMtime(const std::string& path, const std::string& data) {
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  std::ofstream(path, std::ios::trunc) << data;
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

TEST(Client, RereadsTheTokenAfter401) {
  const std::string open_path = "/api/v1/namespaces/ns/pods/open";
  TestServer s(Script(Route(open_path, kPod) + "," +
                      Route(kPodPath, std::string(R"({"auth":"Bearer new","json":{"kind":"Pod"}})"))),
               false);
  ASSERT_TRUE(s.ok());
  TempDir dir;
  ClientConfig cfg = ConfigFor(s, "");
  cfg.token_file = dir.Write("token", "old\n");
  auto c = MakeClient(cfg);
  ASSERT_TRUE(c->Get(open_path).ok());
  RewriteKeepingMtime(cfg.token_file, "new\n");
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_TRUE(pod.ok()) << pod.status();
  std::vector<Json> reqs = s.Requests();
  ASSERT_EQ(reqs.size(), 3u);
  EXPECT_EQ(reqs[1].GetString("auth"), "Bearer old");
  EXPECT_EQ(reqs[2].GetString("auth"), "Bearer new");
}

TEST(Client, SecondUnauthorizedIsFinal) {
  TestServer s(Script(Route(kPodPath, R"({"auth":"Bearer never","json":{}})")), false);
  ASSERT_TRUE(s.ok());
  TempDir dir;
  ClientConfig cfg = ConfigFor(s, "");
  cfg.token_file = dir.Write("token", "mine");
  auto c = MakeClient(cfg);
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(pod.status().message().find("mine"), std::string::npos);
  EXPECT_EQ(s.Requests().size(), 2u);
}

TEST(Client, PicksUpARotatedTokenFile) {
  TestServer s(Script(Route(kPodPath, kPod)), false);
  ASSERT_TRUE(s.ok());
  TempDir dir;
  ClientConfig cfg = ConfigFor(s, "");
  cfg.token_file = dir.Write("token", "first");
  auto c = MakeClient(cfg);
  ASSERT_TRUE(c->Get(kPodPath).ok());
  dir.Write("token", "second");
  struct timespec later[2] = {{2000000000, 0}, {2000000000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, cfg.token_file.c_str(), later, 0), 0);
  ASSERT_TRUE(c->Get(kPodPath).ok());
  std::vector<Json> reqs = s.Requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].GetString("auth"), "Bearer first");
  EXPECT_EQ(reqs[1].GetString("auth"), "Bearer second");
}

TEST(Client, MissingTokenFileFailsAtCreate) {
  ClientConfig cfg;
  cfg.server = "http://127.0.0.1:1";
  cfg.token_file = "/nonexistent/token";
  absl::StatusOr<std::unique_ptr<Client>> c = Client::Create(cfg);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(c.status().message().find("/nonexistent/token"), std::string::npos);
}

TEST(Client, ListFollowsContinueTokens) {
  TestServer s(Script(Route(kPodsPath, R"(
    {"json":{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"10","continue":"c1","remainingItemCount":2},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}},
    {"json":{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"10","continue":"c/2"},"items":[{"metadata":{"name":"c"}}]}},
    {"json":{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"10"},"items":[{"metadata":{"name":"d"}}]}})")),
               false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  ListOptions lo;
  lo.limit = 2;
  lo.label_selector = "app=web,tier in (a,b)";
  absl::StatusOr<Json> list = c->List(kPodsPath, lo);
  ASSERT_TRUE(list.ok()) << list.status();
  std::vector<std::string> names;
  for (const Json& item : list->Find("items")->array()) {
    names.push_back(item.Path("metadata.name")->as_string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(list->GetString("kind"), "PodList");
  EXPECT_EQ(list->Path("metadata.continue"), nullptr);
  EXPECT_EQ(list->Path("metadata.remainingItemCount"), nullptr);
  EXPECT_EQ(list->Path("metadata.resourceVersion")->as_string(), "10");
  std::vector<Json> reqs = s.Requests();
  ASSERT_EQ(reqs.size(), 3u);
  const std::string sel = "labelSelector=app%3Dweb%2Ctier%20in%20%28a%2Cb%29";
  EXPECT_EQ(reqs[0].GetString("path"), std::string(kPodsPath) + "?" + sel + "&limit=2&resourceVersion=0");
  EXPECT_EQ(reqs[1].GetString("path"), std::string(kPodsPath) + "?" + sel + "&limit=2&continue=c1");
  EXPECT_EQ(reqs[2].GetString("path"), std::string(kPodsPath) + "?" + sel + "&limit=2&continue=c%2F2");
}

TEST(Client, ListStartsOverWhenTheContinueTokenExpires) {
  TestServer s(Script(Route(kPodsPath, R"(
    {"json":{"kind":"PodList","metadata":{"continue":"c1"},"items":[{"metadata":{"name":"a"}}]}},
    {"status":410,"json":{"kind":"Status","message":"The provided continue parameter is too old","reason":"Expired","code":410}},
    {"json":{"kind":"PodList","metadata":{"resourceVersion":"20"},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}})")),
               false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  ListOptions lo;
  lo.limit = 1;
  lo.cached = false;
  absl::StatusOr<Json> list = c->List(kPodsPath, lo);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->Find("items")->array().size(), 2u);
  std::vector<Json> reqs = s.Requests();
  ASSERT_EQ(reqs.size(), 3u);
  EXPECT_EQ(reqs[0].GetString("path"), std::string(kPodsPath) + "?limit=1");
  EXPECT_EQ(reqs[2].GetString("path"), kPodsPath);
}

TEST(Client, MergePatchSendsPatch) {
  TestServer s(Script(Route(kPodPath, kPod)), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  Json patch = *ParseJson(R"({"metadata":{"labels":{"ready":"true","old":null}}})");
  absl::StatusOr<Json> pod = c->MergePatch(kPodPath, patch);
  ASSERT_TRUE(pod.ok()) << pod.status();
  // A GET after a PATCH on the same handle must really be a GET.
  ASSERT_TRUE(c->Get(kPodPath).ok());
  std::vector<Json> reqs = s.Requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].GetString("method"), "PATCH");
  EXPECT_EQ(reqs[0].GetString("content_type"), "application/merge-patch+json");
  EXPECT_EQ(*ParseJson(reqs[0].GetString("body")), patch);
  EXPECT_EQ(reqs[1].GetString("method"), "GET");
  EXPECT_EQ(reqs[1].GetString("body"), "");
}

TEST(Client, WatchResumesAfterDropAndRelistsOnGone) {
  const std::string gone =
      R"j({"json":{"type":"ERROR","object":{"kind":"Status","status":"Failure","message":"too old resource version: 13 (30)","reason":"Expired","code":410}}})j";
  TestServer s(Script(Route(kPodsPath,
      // 1: two events and a bookmark, then the connection drops mid-stream.
      R"({"stream":[)" + Event("ADDED", "a", "11") + "," + Event("MODIFIED", "a", "13") + "," +
      Event("BOOKMARK", "", "14") + R"(],"end":"drop"},)" +
      // 2: resumed from the bookmark's 14, which is too old by now.
      R"({"stream":[)" + gone + R"(],"end":"close"},)" +
      // 3: the relist.
      R"({"json":{"kind":"PodList","metadata":{"resourceVersion":"30"},"items":[{"kind":"Pod","metadata":{"name":"b","resourceVersion":"29"}}]}},)" +
      // 4: watching again from the list's resourceVersion.
      R"({"stream":[)" + Event("DELETED", "b", "31") + R"(],"end":"hang"})")),
               false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  WatchOptions wo;
  wo.resource_version = "5";
  wo.field_selector = "metadata.name=a";
  wo.timeout = absl::Seconds(30);
  std::vector<std::string> seen;
  absl::Status st = c->Watch(kPodsPath, wo, [&](const WatchEvent& e) {
    seen.push_back(e.type + " " + e.object.Path("metadata.name")->as_string());
    return e.type != "DELETED";
  });
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED a", "MODIFIED a", "ADDED b", "DELETED b"}));
  std::vector<Json> reqs = s.Requests();
  ASSERT_EQ(reqs.size(), 4u);
  const std::string sel = "fieldSelector=metadata.name%3Da";
  EXPECT_EQ(reqs[0].GetString("path").rfind(std::string(kPodsPath) +
                                            "?watch=true&allowWatchBookmarks=true&resourceVersion=5&" +
                                            sel + "&timeoutSeconds=",
                                            0),
            0u)
      << reqs[0].GetString("path");
  EXPECT_NE(reqs[1].GetString("path").find("&resourceVersion=14&"), std::string::npos);
  EXPECT_EQ(reqs[2].GetString("path"), std::string(kPodsPath) + "?" + sel + "&limit=500");
  EXPECT_NE(reqs[3].GetString("path").find("&resourceVersion=30&"), std::string::npos);
  EXPECT_NE(reqs[3].GetString("path").find("timeoutSeconds="), std::string::npos);
}

TEST(Client, WatchRelistCallback) {
  TestServer s(Script(Route(kPodsPath, R"(
    {"status":410,"json":{"kind":"Status","message":"too old","reason":"Expired","code":410}},
    {"json":{"kind":"PodList","metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"p"}}]}})")),
               false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  WatchOptions wo;
  wo.resource_version = "1";
  int lists = 0;
  wo.on_relist = [&](const Json& list) {
    ++lists;
    EXPECT_EQ(list.Find("items")->array().size(), 1u);
    return false;
  };
  absl::Status st = c->Watch(kPodsPath, wo, [](const WatchEvent&) { return true; });
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(lists, 1);
  EXPECT_EQ(s.Requests().size(), 2u);
}

TEST(Client, WatchEndsWhenTheServerEndsIt) {
  TestServer s(Script(Route(kPodsPath, R"({"stream":[)" + Event("ADDED", "a", "2") + R"(],"end":"close"})")), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  int n = 0;
  absl::Status st = c->Watch(kPodsPath, WatchOptions{}, [&](const WatchEvent&) { ++n; return true; });
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(n, 1);
  EXPECT_EQ(s.Requests().size(), 1u);
}

TEST(Client, WatchForbiddenNamesTheWatchVerb) {
  TestServer s(Script(Route(kPodsPath, R"({"status":403,"json":{"kind":"Status","message":"pods is forbidden","reason":"Forbidden","code":403}})")), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  absl::Status st = c->Watch(kPodsPath, WatchOptions{}, [](const WatchEvent&) { return true; });
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(st.message().find("verb \"watch\" on resource \"pods\""), std::string::npos) << st;
}

TEST(Client, WatchTimeoutEndsAHangingStream) {
  TestServer s(Script(Route(kPodsPath, R"({"stream":[],"end":"hang"})")), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  WatchOptions wo;
  wo.timeout = absl::Seconds(1);
  absl::Time start = absl::Now();
  absl::Status st = c->Watch(kPodsPath, wo, [](const WatchEvent&) { return true; });
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  EXPECT_NE(s.Requests()[0].GetString("path").find("timeoutSeconds=1"), std::string::npos);
}

TEST(Client, NonJsonAnswerIsAnError) {
  TestServer s(Script(Route(kPodPath, R"({"body":"<html>proxy login</html>"})")), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  absl::StatusOr<Json> pod = c->Get(kPodPath);
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(pod.status().message().find(": the answer is not JSON ("), std::string::npos)
      << pod.status();
}

TEST(Client, ABadLabelSelectorIsNeverSent) {
  TestServer s(Script(Route(kPodsPath, R"({"json":{"kind":"PodList","items":[]}})")), false);
  ASSERT_TRUE(s.ok());
  auto c = MakeClient(ConfigFor(s));
  for (const char* bad : {"app=x&fieldSelector=metadata.name=y", "a b", "app in (", "app=x#y",
                          "../secrets"}) {
    ListOptions lo;
    lo.label_selector = bad;
    absl::StatusOr<Json> list = c->List(kPodsPath, lo);
    ASSERT_FALSE(list.ok()) << bad;
    EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(list.status().message().rfind("invalid label selector " + Json(bad).Dump() + ": ", 0),
              0u)
        << list.status();
    WatchOptions wo;
    wo.label_selector = bad;
    EXPECT_EQ(c->Watch(kPodsPath, wo, [](const WatchEvent&) { return true; }).code(),
              absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(s.Requests().size(), 0u);
  ListOptions lo;
  lo.label_selector = "app in (etcd, web),!canary";
  ASSERT_TRUE(c->List(kPodsPath, lo).ok());
  ASSERT_EQ(s.Requests().size(), 1u);
  EXPECT_NE(s.Requests()[0].GetString("path").find(
                "labelSelector=app%20in%20%28etcd%2C%20web%29%2C%21canary"),
            std::string::npos)
      << s.Requests()[0].GetString("path");
}

}  // namespace
}  // namespace k8sclient
