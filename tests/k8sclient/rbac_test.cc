#include "k8sclient/rbac.h"

#include <gtest/gtest.h>

namespace k8sclient {
namespace {

struct Case {
  const char* method;
  const char* path;
  RbacRule want;
};

TEST(Rbac, RuleForRequest) {
  const Case cases[] = {
      {"GET", "/api/v1/namespaces/ns/pods/x", {"", "pods", "get", "ns", "x"}},
      {"GET", "/api/v1/namespaces/ns/pods/x?resourceVersion=0", {"", "pods", "get", "ns", "x"}},
      {"GET", "/api/v1/namespaces/ns/pods?limit=500", {"", "pods", "list", "ns", ""}},
      {"GET", "/api/v1/namespaces/ns/pods?watch=true&fieldSelector=metadata.name%3Dx",
       {"", "pods", "watch", "ns", ""}},
      {"GET", "/api/v1/watch/namespaces/ns/pods", {"", "pods", "watch", "ns", ""}},
      {"GET", "/apis/apps/v1/namespaces/ns/statefulsets/web",
       {"apps", "statefulsets", "get", "ns", "web"}},
      {"GET", "/api/v1/nodes/node-1", {"", "nodes", "get", "", "node-1"}},
      {"GET", "/api/v1/namespaces/ns", {"", "namespaces", "get", "", "ns"}},
      {"GET", "/api/v1/namespaces", {"", "namespaces", "list", "", ""}},
      {"PATCH", "/api/v1/namespaces/ns/pods/x", {"", "pods", "patch", "ns", "x"}},
      {"PATCH", "/api/v1/namespaces/ns/pods/x/status", {"", "pods/status", "patch", "ns", "x"}},
      {"GET", "/apis/discovery.k8s.io/v1/namespaces/ns/endpointslices?labelSelector=a%3Db",
       {"discovery.k8s.io", "endpointslices", "list", "ns", ""}},
      {"DELETE", "/apis/batch/v1/namespaces/ns/jobs/j", {"batch", "jobs", "delete", "ns", "j"}},
      {"POST", "/api/v1/namespaces/ns/configmaps", {"", "configmaps", "create", "ns", ""}},
  };
  for (const Case& c : cases) {
    std::optional<RbacRule> r = RuleForRequest(c.method, c.path);
    ASSERT_TRUE(r.has_value()) << c.path;
    EXPECT_EQ(r->api_group, c.want.api_group) << c.path;
    EXPECT_EQ(r->resource, c.want.resource) << c.path;
    EXPECT_EQ(r->verb, c.want.verb) << c.path;
    EXPECT_EQ(r->namespace_, c.want.namespace_) << c.path;
    EXPECT_EQ(r->name, c.want.name) << c.path;
  }
}

TEST(Rbac, NonResourcePathsHaveNoRule) {
  for (const char* p : {"/version", "/api", "/apis", "/apis/apps", "/api/v1", "/healthz"}) {
    EXPECT_FALSE(RuleForRequest("GET", p).has_value()) << p;
  }
}

TEST(Rbac, DescribeMissing) {
  EXPECT_EQ(DescribeMissing({"apps", "statefulsets", "get", "ns", "web"}),
            "missing RBAC permission: verb \"get\" on resource \"statefulsets\" in API group "
            "\"apps\" in namespace \"ns\"");
  EXPECT_EQ(DescribeMissing({"", "nodes", "get", "", "n1"}),
            "missing RBAC permission: verb \"get\" on resource \"nodes\" in API group \"\" "
            "(cluster-wide)");
}

TEST(Rbac, RoleYamlWithBinding) {
  EXPECT_EQ(RoleYaml({"apps", "statefulsets", "get", "ns", "web"}, "ns:app"),
            R"(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: podinit-get-statefulsets.apps
  namespace: ns
rules:
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: podinit-get-statefulsets.apps
  namespace: ns
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: podinit-get-statefulsets.apps
subjects:
- kind: ServiceAccount
  name: app
  namespace: ns
)");
}

TEST(Rbac, ClusterRoleForClusterScoped) {
  std::string y = RoleYaml({"", "nodes", "get", "", "n1"}, "");
  EXPECT_EQ(y, R"(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: podinit-get-nodes
rules:
- apiGroups: [""]
  resources: ["nodes"]
  verbs: ["get"]
)");
}

// Hints for successive 403s are applied one after the other: each must add a Role of its own,
// not replace the one before (tests/e2e/rbac_hint_test.py follows them against real RBAC).
TEST(Rbac, EachPermissionGetsARoleOfItsOwn) {
  auto name = [](const RbacRule& r) {
    std::string y = RoleYaml(r, "ns:app");
    size_t at = y.find("  name: ") + 8;
    return y.substr(at, y.find('\n', at) - at);
  };
  EXPECT_EQ(name({"", "pods", "get", "ns", "p"}), "podinit-get-pods");
  EXPECT_EQ(name({"", "pods/log", "get", "ns", "p"}), "podinit-get-pods-log");
  EXPECT_EQ(name({"", "pods", "watch", "ns", ""}), "podinit-watch-pods");
  EXPECT_EQ(name({"discovery.k8s.io", "endpointslices", "list", "ns", ""}),
            "podinit-list-endpointslices.discovery.k8s.io");
}

TEST(Rbac, ServiceAccountInMessage) {
  EXPECT_EQ(ServiceAccountInMessage("statefulsets.apps \"web\" is forbidden: User "
                                    "\"system:serviceaccount:ns:app\" cannot get resource"),
            "ns:app");
  EXPECT_EQ(ServiceAccountInMessage("User \"alice\" cannot get"), "");
}

}  // namespace
}  // namespace k8sclient
