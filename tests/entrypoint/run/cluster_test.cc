#include "entrypoint/run/cluster.h"

#include <gtest/gtest.h>

#include "k8sclient/api_path.h"
#include "k8sclient/file_read.h"
#include "k8sclient/json.h"
#include "tests/entrypoint/run/test_cluster.h"
#include "tests/k8sclient/temp_dir.h"

namespace entrypoint::run {
namespace {

using testing::FakeCluster;

k8sclient::Json Pod(const std::string& json) {
  auto pod = k8sclient::ParseJson(json);
  EXPECT_TRUE(pod.ok()) << pod.status();
  return pod.ok() ? *std::move(pod) : k8sclient::Json();
}

k8sclient::ApiResource Kind(std::string_view api_version, std::string_view kind) {
  auto r = k8sclient::ResolveKind(api_version, kind);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : k8sclient::ApiResource{};
}

k8sclient::EnvLookup NoEnv() {
  return [](std::string_view) { return std::nullopt; };
}

TEST(Cluster, NamespaceFromThePodUnlessGiven) {
  EXPECT_EQ(Cluster(Pod(testing::kPod), nullptr, "").ns(), "demo");
  EXPECT_EQ(Cluster(Pod(testing::kPod), nullptr, "given").ns(), "given");
  EXPECT_EQ(Cluster(Pod(R"({"metadata": {"name": "x"}})"), nullptr, "").ns(), "default");
}

TEST(Cluster, OfflineRequestsSayWhy) {
  Cluster c(Pod(testing::kPod), nullptr, "");
  EXPECT_EQ(c.client(), nullptr);
  auto get = c.Get(Kind("v1", "Node"), "node-a");
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(get.status().message(),
            "GET /api/v1/nodes/node-a needs the API server, and this run reads its pod from --pod-file");
  EXPECT_EQ(c.List(Kind("v1", "Pod"), "app=web").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.RefreshPod().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(Cluster, PodValueFollowsSetPod) {
  Cluster c(Pod(testing::kPod), nullptr, "");
  EXPECT_EQ(c.pod_value().Get("metadata").Get("labels").Get("app").as_string(), "web");
  k8sclient::Json next = Pod(R"({"metadata": {"name": "web-1", "labels": {"app": "web2"}}})");
  ASSERT_TRUE(c.SetPod(next).ok());
  EXPECT_EQ(c.pod(), next);
  EXPECT_EQ(c.pod_value().Get("metadata").Get("labels").Get("app").as_string(), "web2");
}

TEST(ClusterOpen, APodFileNeedsNoNetwork) {
  k8sclient::testing::TempDir dir;
  ClientSettings s;
  s.source.pod_file = dir.Write("pod.json", testing::kPod);
  auto c = Cluster::Open(s, NoEnv());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ((*c)->client(), nullptr);
  EXPECT_EQ((*c)->ns(), "demo");
  EXPECT_EQ((*c)->pod().Path("metadata.name")->as_string(), "web-1");

  s.source.namespace_ = "elsewhere";
  auto given = Cluster::Open(s, NoEnv());
  ASSERT_TRUE(given.ok()) << given.status();
  EXPECT_EQ((*given)->ns(), "elsewhere");

  s.source.pod_file = dir.path() + "/absent.json";
  auto absent = Cluster::Open(s, NoEnv());
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(absent.status().message(),
            "--pod-file " + dir.path() + "/absent.json: No such file or directory");
}

class ClusterOnline : public testing::ApiTest {};

TEST_F(ClusterOnline, ReadsItsPodFromTheApiServer) {
  EXPECT_NE(cluster_->client(), nullptr);
  EXPECT_EQ(cluster_->ns(), "demo");
  EXPECT_EQ(cluster_->pod().Path("metadata.uid")->as_string(), "0c8f3b1e-5d1a-4a43-9a47-1c2b3d4e5f60");
  // At start-up the pod may come from the watch cache.
  std::vector<k8sclient::Json> reqs = Requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].GetString("path"), "/api/v1/namespaces/demo/pods/web-1?resourceVersion=0");
  EXPECT_EQ(reqs[0].GetString("user_agent").substr(0, 8), "podinit/");
}

TEST(ClusterOpen, AMissingPodIsAnApiError) {
  FakeCluster& api = FakeCluster::Shared();
  ASSERT_TRUE(api.ok());
  ClientSettings s = api.Settings();
  s.source.pod_name = "web-9";
  auto c = Cluster::Open(s, NoEnv());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kNotFound);
}

// A run makes no request its templates do not need, and none twice.
TEST_F(ClusterOnline, AsksOnceForEachPathErrorsIncluded) {
  for (int i = 0; i < 3; ++i) {
    auto node = cluster_->Get(Kind("v1", "Node"), "node-a");
    ASSERT_TRUE(node.ok()) << node.status();
    EXPECT_EQ((*node)->Path("metadata.name")->as_string(), "node-a");
    auto missing = cluster_->Get(Kind("v1", "ConfigMap"), "missing");
    EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  }
  EXPECT_EQ(Asked("/api/v1/nodes/node-a"), 1);
  EXPECT_EQ(Asked("/api/v1/namespaces/demo/configmaps/missing"), 1);
}

TEST_F(ClusterOnline, CachedPerSelector) {
  const std::string pods = "/api/v1/namespaces/demo/pods";
  for (int i = 0; i < 2; ++i) {
    auto web = cluster_->List(Kind("v1", "Pod"), "app=web");
    ASSERT_TRUE(web.ok()) << web.status();
    EXPECT_EQ((*web)->Find("items")->array().size(), 2u);
    ASSERT_TRUE(cluster_->List(Kind("v1", "Pod"), "app=db").ok());
  }
  EXPECT_EQ(Asked(pods), 2);
  bool asked_for_web = false;
  for (const k8sclient::Json& r : Requests()) {
    asked_for_web = asked_for_web || r.GetString("path").find("labelSelector=app%3Dweb") != std::string_view::npos;
  }
  EXPECT_TRUE(asked_for_web);
}

TEST_F(ClusterOnline, ReadsAgainAndForgetsTheCache) {
  ASSERT_TRUE(cluster_->Get(Kind("v1", "Node"), "node-a").ok());
  ASSERT_TRUE(cluster_->RefreshPod().ok());
  ASSERT_TRUE(cluster_->Get(Kind("v1", "Node"), "node-a").ok());
  EXPECT_EQ(Asked("/api/v1/namespaces/demo/pods/web-1"), 2);
  EXPECT_EQ(Asked("/api/v1/nodes/node-a"), 2);
}

// Every part of a path is checked before it exists: a hostile name, namespace or kind asks
// nothing of the server.
TEST_F(ClusterOnline, HostileNamesNeverReachTheServer) {
  const size_t before = Requests().size();
  for (const char* name : {"../secrets/s", "x/../../secrets/s", "..", ".", "%2e%2e", "a?b", "a#b", ""}) {
    auto got = cluster_->Get(Kind("v1", "ConfigMap"), name);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << name;
  }
  for (const char* ns : {"demo/../demo", "../x", "UPPER", "a.b"}) {
    EXPECT_EQ(cluster_->Get(Kind("v1", "ConfigMap"), "cm", ns).status().code(),
              absl::StatusCode::kInvalidArgument) << ns;
    EXPECT_EQ(cluster_->List(Kind("v1", "Pod"), "app=web", ns).status().code(),
              absl::StatusCode::kInvalidArgument) << ns;
  }
  EXPECT_EQ(cluster_->List(Kind("v1", "Pod"), "app=web&fieldSelector=x").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Requests().size(), before);
}

// A watch event or re-read that is not a Pod leaves the old pod in place.
TEST(Cluster, SetPodRefusesWhatIsNotAPod) {
  Cluster c(Pod(testing::kPod), nullptr, "");
  const k8sclient::Json before = c.pod();
  for (const char* bad : {R"([1,2,3])", R"({"kind": "Status", "message": "gone"})",
                          R"({"metadata": {"name": 7}})", R"({"spec": {"nodeName": ["a"]}})",
                          R"({"metadata": {"labels": {"a": 1}}})"}) {
    absl::Status s = c.SetPod(Pod(bad), "a watch event");
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << bad;
    EXPECT_NE(s.message().find("a watch event"), absl::string_view::npos) << s;
    EXPECT_EQ(c.pod(), before);
  }
}

TEST(ClusterOpen, APodFileIsBoundedAndChecked) {
  k8sclient::testing::TempDir dir;
  ClientSettings s;
  s.source.pod_file = dir.Write("pod.json", testing::kPod);
  s.pod_file_limit = 16;
  auto big = Cluster::Open(s, NoEnv());
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("larger than"), absl::string_view::npos) << big.status();
  s.pod_file_limit = k8sclient::kMaxPodFileBytes;
  for (const char* bad : {"[1,2,3]", "{}x", R"({"metadata": {"name": ["x"]}})", "kind: Status\n"}) {
    s.source.pod_file = dir.Write("bad.json", bad);
    auto c = Cluster::Open(s, NoEnv());
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument) << bad << ": " << c.status();
  }
  // `kubectl get pods -o json` prints a List: its items are checked as pods.
  s.source.pod_file = dir.Write("list.json", R"({"kind": "List", "items": [{"metadata": {"name": "a"}}]})");
  EXPECT_TRUE(Cluster::Open(s, NoEnv()).ok());
  s.source.pod_file = dir.Write("list.json", R"({"kind": "List", "items": [{"metadata": {"name": 1}}]})");
  EXPECT_EQ(Cluster::Open(s, NoEnv()).status().code(), absl::StatusCode::kInvalidArgument);
}

// A JSON pod file is checked on the template data it is decoded into (no k8sclient::Json), a YAML
// one on its k8sclient::Json: the two must refuse the same fields in the same words.
TEST(ClusterOpen, AJsonPodFileIsCheckedAsItsYamlTwin) {
  k8sclient::testing::TempDir dir;
  ClientSettings s;
  const std::pair<const char*, const char*> twins[] = {
      {R"({"metadata": {"labels": {"app": 1}}})", "metadata:\n  labels:\n    app: 1\n"},
      {R"({"spec": {"containers": [null, "c"]}})", "spec:\n  containers: [null, c]\n"},
      {R"({"status": {"podIPs": [{"ip": true}]}})", "status:\n  podIPs: [{ip: true}]\n"},
      {R"({"kind": "Status", "message": "no"})", "kind: Status\nmessage: \"no\"\n"},
      {R"({"kind": "PodList", "items": {}})", "kind: PodList\nitems: {}\n"},
      {R"({"kind": "List", "items": [{}, {"spec": {"nodeName": 2}}]})",
       "kind: List\nitems: [{}, {spec: {nodeName: 2}}]\n"},
  };
  for (const auto& [json, yaml] : twins) {
    s.source.pod_file = dir.Write("pod.json", json);
    auto from_json = Cluster::Open(s, NoEnv());
    s.source.pod_file = dir.Write("pod.yaml", yaml);
    auto from_yaml = Cluster::Open(s, NoEnv());
    ASSERT_FALSE(from_yaml.ok()) << yaml;
    ASSERT_FALSE(from_json.ok()) << json;
    EXPECT_EQ(from_json.status().code(), absl::StatusCode::kInvalidArgument) << json;
    EXPECT_EQ(from_json.status().message().substr(from_json.status().message().find(':')),
              from_yaml.status().message().substr(from_yaml.status().message().find(':')))
        << json;
  }
}

TEST(ClusterOpen, AHostilePodNameOrNamespaceAsksNothing) {
  FakeCluster& api = FakeCluster::Shared();
  ASSERT_TRUE(api.ok());
  for (auto [name, ns] : {std::pair{"../secrets/s", "demo"}, std::pair{"web-1", "demo/../demo"},
                          std::pair{"web-1", "Demo"}}) {
    ClientSettings s = api.Settings();
    s.source.pod_name = name;
    s.source.namespace_ = ns;
    auto c = Cluster::Open(s, NoEnv());
    ASSERT_FALSE(c.ok()) << name << " " << ns;
    EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument) << c.status();
  }
}

}  // namespace
}  // namespace entrypoint::run
