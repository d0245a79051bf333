#include "fakeapi/authorizer.h"

#include <gtest/gtest.h>

#include "fakeapi/loader.h"

namespace fakeapi {
namespace {

// The RBAC examples of the Kubernetes documentation (Using RBAC Authorization): a Role
// "pod-reader" bound by RoleBinding "read-pods", a ClusterRole "secret-reader" bound in one
// namespace, resourceNames, a subresource, and a group bound cluster-wide.
constexpr char kObjects[] = R"(
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {namespace: default, name: pod-reader}
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: ["get", "watch", "list"]
- apiGroups: [""]
  resources: ["configmaps"]
  resourceNames: ["my-configmap"]
  verbs: ["update", "get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods, namespace: default}
subjects:
- kind: ServiceAccount
  name: app
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-secrets, namespace: development}
subjects:
- kind: ServiceAccount
  name: app
  namespace: default
roleRef: {kind: ClusterRole, name: secret-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: sts-reader}
rules:
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: all-sa-read-sts}
subjects:
- kind: Group
  name: system:serviceaccounts
  apiGroup: rbac.authorization.k8s.io
roleRef: {kind: ClusterRole, name: sts-reader, apiGroup: rbac.authorization.k8s.io}
)";

class AuthorizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto objects = ParseObjects(kObjects, true);
    ASSERT_TRUE(objects.ok()) << objects.status();
    for (auto& o : *objects) ASSERT_TRUE(store_.Upsert(std::move(o), "default").ok());
  }
  bool Allowed(const Identity& who, std::string verb, std::string group, std::string resource,
               std::string ns, std::string name = "", std::string sub = "") {
    return Authorize(store_, who, {verb, group, resource, sub, ns, name, ""}).allowed;
  }
  Store store_;
};

TEST_F(AuthorizerTest, RolesAndBindings) {
  Identity app = Identity::ServiceAccount("default", "app");
  Identity other = Identity::ServiceAccount("default", "other");
  EXPECT_TRUE(Allowed(app, "list", "", "pods", "default"));
  EXPECT_FALSE(Allowed(app, "delete", "", "pods", "default", "p"));
  EXPECT_FALSE(Allowed(app, "list", "", "pods", "kube-system"));
  EXPECT_TRUE(Allowed(app, "get", "", "pods", "default", "p", "log"));
  EXPECT_FALSE(Allowed(app, "get", "", "pods", "default", "p", "exec"));
  EXPECT_TRUE(Allowed(app, "get", "", "configmaps", "default", "my-configmap"));
  EXPECT_FALSE(Allowed(app, "get", "", "configmaps", "default", "other"));
  EXPECT_FALSE(Allowed(app, "list", "", "configmaps", "default"));
  // A ClusterRole bound by a RoleBinding grants in that namespace only.
  EXPECT_TRUE(Allowed(app, "get", "", "secrets", "development", "s"));
  EXPECT_FALSE(Allowed(app, "get", "", "secrets", "default", "s"));
  // A group bound cluster-wide: every ServiceAccount.
  EXPECT_TRUE(Allowed(other, "patch", "apps", "statefulsets", "default", "etcd"));
  EXPECT_FALSE(Allowed(other, "list", "", "pods", "default"));
  Identity admin;
  admin.unrestricted = true;
  EXPECT_TRUE(Allowed(admin, "delete", "", "nodes", ""));
  Decision d = Authorize(store_, app, {"list", "", "pods", "", "default", "", ""});
  EXPECT_EQ(d.reason,
            "RBAC: allowed by RoleBinding \"read-pods/default\" of Role \"pod-reader\" to "
            "ServiceAccount \"app/default\"");
}

}  // namespace
}  // namespace fakeapi
