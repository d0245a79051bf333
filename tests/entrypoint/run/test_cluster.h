// What the run/ tests share: a pod, the objects its templates ask the API server for, and a
// Cluster opened against tests/k8sclient's scriptable server serving them.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "entrypoint/run/cluster.h"
#include "tests/k8sclient/test_server.h"

namespace entrypoint::run::testing {

// web-1 of StatefulSet demo/web: no pod-index label (the ordinal comes from the name), one
// container with limits and one without (resource falls back to the node's allocatable).
inline constexpr char kPod[] = R"({"apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "web-1", "namespace": "demo", "uid": "0c8f3b1e-5d1a-4a43-9a47-1c2b3d4e5f60",
    "resourceVersion": "42",
    "labels": {"app": "web", "tier": "front"}, "annotations": {"team": "platform"},
    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web",
                         "uid": "5e1f", "controller": true}]},
  "spec": {"nodeName": "node-a", "serviceAccountName": "web",
    "containers": [{"name": "web", "image": "nginx:1.25",
                    "resources": {"limits": {"memory": "64Mi", "cpu": "500m"}}},
                   {"name": "sidecar", "image": "busybox"}]},
  "status": {"phase": "Running", "hostIP": "10.0.0.5", "podIP": "10.1.2.3",
             "podIPs": [{"ip": "10.1.2.3"}, {"ip": "fd00::3"}],
             "conditions": [{"type": "Ready", "status": "True"}]}})";

inline std::string Ok(const std::string& json) { return R"({"json":)" + json + "}"; }

inline std::string Fail(int code, const std::string& reason, const std::string& message) {
  return R"({"status":)" + std::to_string(code) +
         R"(,"json":{"kind":"Status","apiVersion":"v1","status":"Failure","message":")" + message +
         R"(","reason":")" + reason + R"(","code":)" + std::to_string(code) + "}}";
}

inline std::string Route(const std::string& path, const std::string& response) {
  return "\"" + path + "\":[" + response + "]";
}

// What the server holds: the pod (also as seen from namespace "locked", where listing Jobs is
// forbidden) and what its templates and waits look up.
inline std::string Routes() {
  std::string r =
      Route("/api/v1/namespaces/demo/pods/web-1", Ok(kPod)) + "," +
      Route("/api/v1/nodes/node-a",
            Ok(R"({"kind": "Node", "metadata": {"name": "node-a", "labels": {
                  "topology.kubernetes.io/zone": "zone-a", "kubernetes.io/hostname": "node-a"}},
                  "status": {"allocatable": {"cpu": "1930m", "memory": "7629Mi"}}})")) + "," +
      Route("/apis/apps/v1/namespaces/demo/statefulsets/web",
            Ok(R"({"kind": "StatefulSet", "metadata": {"name": "web", "namespace": "demo"},
                  "spec": {"replicas": 3, "serviceName": "web-headless"}})")) + "," +
      Route("/api/v1/namespaces/demo/pods",
            Ok(R"({"kind": "PodList", "metadata": {"resourceVersion": "50"}, "items": [
                  {"metadata": {"name": "web-0"}, "status": {"podIP": "10.1.2.2"}},
                  {"metadata": {"name": "web-1"}, "status": {"podIP": "10.1.2.3",
                    "conditions": [{"type": "Ready", "status": "True"}]}}]})")) + "," +
      Route("/apis/discovery.k8s.io/v1/namespaces/demo/endpointslices",
            Ok(R"({"kind": "EndpointSliceList", "metadata": {"resourceVersion": "51"}, "items": [
                  {"metadata": {"name": "web-x1"}, "endpoints": [
                    {"addresses": ["10.1.2.2"], "conditions": {"ready": true}},
                    {"addresses": ["10.1.2.9"], "conditions": {"ready": false}},
                    {"addresses": ["10.1.2.3"]}]}]})")) + "," +
      Route("/api/v1/namespaces/demo/configmaps/web-config",
            Ok(R"({"kind": "ConfigMap", "metadata": {"name": "web-config"}, "data": {"a": "1", "b": "2"}})")) + "," +
      Route("/api/v1/namespaces/other/configmaps/shared",
            Ok(R"({"kind": "ConfigMap", "metadata": {"name": "shared", "namespace": "other"}, "data": {"k": "v"}})")) + "," +
      Route("/api/v1/namespaces/demo/configmaps/missing",
            Fail(404, "NotFound", R"(configmaps \"missing\" not found)")) + "," +
      Route("/api/v1/namespaces/demo/secrets/web-auth",
            Ok(R"({"kind": "Secret", "metadata": {"name": "web-auth"}, "data": {"password": "czNjcjN0"}})")) + "," +
      Route("/api/v1/namespaces/demo/secrets/locked",
            Fail(403, "Forbidden",
                 R"(secrets \"locked\" is forbidden: User \"system:serviceaccount:demo:web\" cannot get resource \"secrets\" in API group \"\" in the namespace \"demo\")"));
  r += "," + Route("/apis/batch/v1/namespaces/demo/jobs",
                   Ok(R"({"kind": "JobList", "metadata": {"resourceVersion": "60"}, "items": [
                     {"metadata": {"name": "migrate"}, "status": {"succeeded": 1}}]})"));
  r += "," + Route("/api/v1/namespaces/locked/pods/web-1", Ok(kPod));
  r += "," + Route("/apis/batch/v1/namespaces/locked/jobs", Fail(403, "Forbidden", "jobs.batch is forbidden"));
  // Namespace "private": the same pod on node-private, a Node this service account may not read.
  std::string on_private_node = kPod;
  on_private_node.replace(on_private_node.find("\"node-a\""), 8, "\"node-private\"");
  r += "," + Route("/api/v1/namespaces/private/pods/web-1", Ok(on_private_node));
  r += "," + Route("/api/v1/nodes/node-private",
                   Fail(403, "Forbidden", R"(nodes \"node-private\" is forbidden: User \"system:serviceaccount:private:web\" cannot get resource \"nodes\" in API group \"\" at the cluster scope)"));
  return R"({"routes":{)" + r + "}}";
}

// Namespace "rolling", for waits that the first list does not meet: each collection answers
// its list, then a watch from the list's resourceVersion. A request takes the next answer, so
// each test that uses these starts a server of its own. web-0 turns Ready in the watch; the
// Job never succeeds, and its watch ends after a second with a bookmark only, as a real
// server ends one at timeoutSeconds=1.
inline std::string RollingRoutes() {
  std::string r = Route("/api/v1/namespaces/rolling/pods/web-1", Ok(kPod));
  r += R"(,"/api/v1/namespaces/rolling/pods":[)" +
       Ok(R"({"kind": "PodList", "metadata": {"resourceVersion": "70"}, "items": [
             {"metadata": {"name": "web-0", "resourceVersion": "69"}, "status": {"conditions": [
               {"type": "Ready", "status": "False"}]}}]})") +
       R"(,{"stream":[{"json":{"type": "MODIFIED", "object": {"kind": "Pod",
             "metadata": {"name": "web-0", "resourceVersion": "71"}, "status": {"conditions": [
               {"type": "Ready", "status": "True"}]}}}}],"end":"hang"}])";
  r += R"(,"/apis/batch/v1/namespaces/rolling/jobs":[)" +
       Ok(R"({"kind": "JobList", "metadata": {"resourceVersion": "80"}, "items": [
             {"metadata": {"name": "migrate"}, "status": {"active": 1}}]})") +
       R"(,{"stream":[{"delay": 1, "json": {"type": "BOOKMARK", "object": {"kind": "Job",
             "metadata": {"resourceVersion": "81"}}}}],"end":"close"}])";
  return R"({"routes":{)" + r + "}}";
}

// A plain-HTTP server with Routes(), one for the whole test program (Shared()): starting the
// script costs more than most tests do. Each test opens its own Cluster (and so its own
// cache), and counts requests as the difference it made. Stopped by its destructor at exit.
class FakeCluster {
 public:
  static FakeCluster& Shared() {
    static FakeCluster api(Routes());
    return api;
  }
  // A server of one's own, for routes whose answers a test consumes.
  explicit FakeCluster(const std::string& routes) : server_(routes, /*tls=*/false) {}

  bool ok() const { return server_.ok(); }
  const k8sclient::testing::TestServer& server() const { return server_; }

  ClientSettings Settings(const std::string& ns = "demo") const {
    ClientSettings s;
    s.source.server = server_.url();
    s.source.namespace_ = ns;
    s.source.pod_name = "web-1";
    s.source.sa_dir = dir_.path() + "/no-sa";
    s.deadline = absl::Seconds(10);
    return s;
  }

  // Cluster::Open as `podinit --server URL -n NS --pod-name web-1` does it.
  std::unique_ptr<Cluster> Open(const std::string& ns = "demo") const {
    auto c = Cluster::Open(Settings(ns), [](std::string_view) { return std::nullopt; });
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *std::move(c) : nullptr;
  }

 private:
  k8sclient::testing::TempDir dir_;
  k8sclient::testing::TestServer server_;
};

// A test with its own Cluster opened against the shared FakeCluster.
class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ok());
    start_ = api_.server().Requests().size();
    cluster_ = api_.Open();
    ASSERT_NE(cluster_, nullptr);
  }

  // The requests this test made, its Cluster's reading of the pod first.
  std::vector<k8sclient::Json> Requests() const {
    std::vector<k8sclient::Json> all = api_.server().Requests();
    return std::vector<k8sclient::Json>(all.begin() + std::min(start_, all.size()), all.end());
  }
  // How many of them went to `path` (the query ignored).
  int Asked(const std::string& path) const {
    int n = 0;
    for (const k8sclient::Json& r : Requests()) {
      std::string_view p = r.GetString("path");
      if (p.substr(0, p.find('?')) == path) ++n;
    }
    return n;
  }

  FakeCluster& api_ = FakeCluster::Shared();
  std::unique_ptr<Cluster> cluster_;

 private:
  size_t start_ = 0;
};

}  // namespace entrypoint::run::testing
