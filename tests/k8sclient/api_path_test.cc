#include "k8sclient/api_path.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "k8sclient/json.h"

namespace k8sclient {
namespace {

TEST(ApiPath, CommonKinds) {
  struct {
    const char *api_version, *kind, *ns, *name, *want;
  } cases[] = {
      {"v1", "Pod", "ns", "x", "/api/v1/namespaces/ns/pods/x"},
      {"apps/v1", "StatefulSet", "ns", "web", "/apis/apps/v1/namespaces/ns/statefulsets/web"},
      {"v1", "Node", "ns", "n1", "/api/v1/nodes/n1"},
      {"v1", "Node", "", "ip-10-0-0-1.ec2.internal", "/api/v1/nodes/ip-10-0-0-1.ec2.internal"},
      {"v1", "Namespace", "", "ns", "/api/v1/namespaces/ns"},
      {"v1", "ConfigMap", "ns", "c", "/api/v1/namespaces/ns/configmaps/c"},
      {"v1", "configmap", "ns", "c", "/api/v1/namespaces/ns/configmaps/c"},
      {"v1", "Secret", "ns", "s", "/api/v1/namespaces/ns/secrets/s"},
      {"v1", "Service", "ns", "svc", "/api/v1/namespaces/ns/services/svc"},
      {"batch/v1", "Job", "ns", "j", "/apis/batch/v1/namespaces/ns/jobs/j"},
      {"rbac.authorization.k8s.io/v1", "ClusterRole", "ns", "system:node",
       "/apis/rbac.authorization.k8s.io/v1/clusterroles/system:node"},
      {"example.com/v1", "Policy", "ns", "p", "/apis/example.com/v1/namespaces/ns/policies/p"},
      {"example.com/v1", "Gateway", "ns", "g", "/apis/example.com/v1/namespaces/ns/gateways/g"},
      {"example.com/v1", "Ingress", "ns", "i", "/apis/example.com/v1/namespaces/ns/ingresses/i"},
      {"example.com/v1alpha1", "Widget", "ns", "My_Widget",
       "/apis/example.com/v1alpha1/namespaces/ns/widgets/My_Widget"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<std::string> p = ObjectPath(c.api_version, c.kind, c.ns, c.name);
    ASSERT_TRUE(p.ok()) << c.kind << " " << c.name << ": " << p.status();
    EXPECT_EQ(*p, c.want);
  }
  EXPECT_EQ(*CollectionPath("discovery.k8s.io/v1", "EndpointSlice", "ns"),
            "/apis/discovery.k8s.io/v1/namespaces/ns/endpointslices");
  EXPECT_EQ(*CollectionPath("v1", "Node", "ignored"), "/api/v1/nodes");
  EXPECT_EQ(ObjectPath("v1", "Pod", "", "x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ObjectPath("v1", "Pod", "", "x").status().message(),
            "Pod is namespaced: a namespace is needed");
  EXPECT_FALSE(ObjectPath("", "Pod", "ns", "x").ok());
}

// What an attacker puts where a name goes: `configMap "../secrets/s"`, a label value, an
// annotation, an ownerReference.
const std::vector<std::string>& HostileNames() {
  static const auto* names = new std::vector<std::string>{
      "..", ".", "/", "../secrets/s", "secrets/s", "a/../b", "%2F", "%2e%2e", "..%2Fsecrets",
      "?", "a?watch=true", "#", "a#b", std::string("a\0b", 3), std::string(1, '\0'), "a\nb",
      "\xc3\xa4", "caf\xc3\xa9", "\xe2\x80\xa8", "a b", "UPPER", "Mixed", "", "-a", "a-",
      std::string(254, 'a'), std::string(300, 'x'), "a..b", "_a"};
  return *names;
}

TEST(ApiPath, HostileNamesNeverReachAPath) {
  struct Kind {
    const char *api_version, *kind;
  } kinds[] = {{"v1", "ConfigMap"}, {"v1", "Secret"},    {"v1", "Pod"},
               {"v1", "Node"},      {"v1", "Service"},   {"apps/v1", "StatefulSet"},
               {"v1", "Namespace"}, {"batch/v1", "Job"}, {"discovery.k8s.io/v1", "EndpointSlice"}};
  for (const Kind& k : kinds) {
    for (const std::string& name : HostileNames()) {
      absl::StatusOr<std::string> p = ObjectPath(k.api_version, k.kind, "ns", name);
      EXPECT_FALSE(p.ok()) << k.kind << " " << Json(name).Dump() << " -> " << p.value_or("");
      EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(ApiPath, NameErrorsSayWhatKubernetesSays) {
  EXPECT_EQ(ObjectPath("v1", "ConfigMap", "ns", "../secrets/s").status().message(),
            "invalid ConfigMap name \"../secrets/s\": a lowercase RFC 1123 subdomain must consist "
            "of lower case alphanumeric characters, '-' or '.', and must start and end with an "
            "alphanumeric character (e.g. 'example.com', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  EXPECT_NE(ObjectPath("v1", "Secret", "ns", std::string(254, 'a'))
                .status()
                .message()
                .find(": must be no more than 253 characters"),
            std::string::npos);
  EXPECT_EQ(ObjectPath("v1", "Service", "ns", "1svc").status().message(),
            "invalid Service name \"1svc\": a DNS-1035 label must consist of lower case "
            "alphanumeric characters or '-', start with an alphabetic character, and end with an "
            "alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
            "'[a-z]([-a-z0-9]*[a-z0-9])?')");
  EXPECT_EQ(ObjectPath("v1", "Pod", "ns", std::string("a\0b", 3)).status().message().substr(0, 30),
            std::string("invalid Pod name \"a\\u0000b\": a"));
  EXPECT_EQ(ObjectPath("v1", "ConfigMap", "ns", "").status().message(),
            "a ConfigMap name must not be empty");
}

TEST(ApiPath, HostileNamespacesNeverReachAPath) {
  for (const std::string& ns :
       {std::string("ns/../ns"), std::string(".."), std::string("ns/../kube-system"),
        std::string("%2F"), std::string("NS"), std::string(64, 'a'), std::string("a.b"),
        std::string("ns?x"), std::string("ns#"), std::string("n\0s", 3), std::string("\xc3\xa4")}) {
    absl::StatusOr<std::string> p = ObjectPath("v1", "ConfigMap", ns, "c");
    EXPECT_FALSE(p.ok()) << Json(ns).Dump() << " -> " << p.value_or("");
    EXPECT_EQ(p.status().message().rfind("invalid namespace " + Json(ns).Dump() + ": ", 0), 0u)
        << p.status();
    EXPECT_FALSE(CollectionPath("v1", "Pod", ns).ok()) << Json(ns).Dump();
  }
  EXPECT_EQ(ObjectPath("v1", "ConfigMap", "ns/../ns", "c").status().message(),
            "invalid namespace \"ns/../ns\": a lowercase RFC 1123 label must consist of lower case "
            "alphanumeric characters or '-', and must start and end with an alphanumeric character "
            "(e.g. 'my-name',  or '123-abc', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
}

TEST(ApiPath, KindsAndVersionsArePlainIdentifiers) {
  for (const char* kind : {"Secret/../x", "../Secret", "Config Map", "1Pod", "Pod?", "Pod#",
                           "Pods/x", "%53ecret", "Sécret", "Pod.v1", "-Pod"}) {
    absl::StatusOr<std::string> p = ObjectPath("v1", kind, "ns", "x");
    EXPECT_FALSE(p.ok()) << kind << " -> " << p.value_or("");
    EXPECT_EQ(p.status().message().rfind(std::string("invalid kind ") + Json(kind).Dump(), 0), 0u)
        << p.status();
  }
  EXPECT_FALSE(ObjectPath("v1", std::string(64, 'A'), "ns", "x").ok());
  for (const char* v : {"v1/../x", "apps/v1/x", "../v1", "V1", "apps/", "/v1", "apps//v1",
                        "v1?", "apps/v1#", "Apps/v1", "1v", "v 1", "a%2Fb/v1"}) {
    absl::StatusOr<std::string> p = ObjectPath(v, "Pod", "ns", "x");
    EXPECT_FALSE(p.ok()) << v << " -> " << p.value_or("");
    EXPECT_EQ(p.status().message().rfind(std::string("invalid apiVersion ") + Json(v).Dump(), 0), 0u)
        << p.status();
  }
}

TEST(ApiPath, OtherKindsTakeAnyPathSegmentEscaped) {
  EXPECT_EQ(*ObjectPath("example.com/v1", "Widget", "ns", "a?b#c d"),
            "/apis/example.com/v1/namespaces/ns/widgets/a%3Fb%23c%20d");
  EXPECT_EQ(*ObjectPath("example.com/v1", "Widget", "ns", "caf\xc3\xa9"),
            "/apis/example.com/v1/namespaces/ns/widgets/caf%C3%A9");
  for (const std::string& name :
       {std::string(".."), std::string("."), std::string("a/b"), std::string("%2F"),
        std::string("%2e%2e"), std::string(""), std::string("a\0b", 3), std::string("a\nb"),
        std::string(254, 'a')}) {
    absl::StatusOr<std::string> p = ObjectPath("example.com/v1", "Widget", "ns", name);
    EXPECT_FALSE(p.ok()) << Json(name).Dump() << " -> " << p.value_or("");
  }
  EXPECT_EQ(ObjectPath("example.com/v1", "Widget", "ns", "..").status().message(),
            "invalid Widget name \"..\": may not be '..'");
  EXPECT_EQ(ObjectPath("example.com/v1", "Widget", "ns", "a/%").status().message(),
            "invalid Widget name \"a/%\": may not contain '/'; may not contain '%'");
}

TEST(ApiPath, SecretsAreRecognisedHoweverTheKindIsSpelled) {
  for (const char* kind : {"Secret", "secret", "SECRET", "sEcReT"}) {
    absl::StatusOr<ApiResource> r = ResolveKind("v1", kind);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->IsSecrets()) << kind;
    EXPECT_EQ(r->resource, "secrets");
    EXPECT_EQ(r->names, NameRule::kDns1123Subdomain);
  }
  EXPECT_FALSE(ResolveKind("v1", "ConfigMap")->IsSecrets());
  // Any group's: "core/v1" or another group serving "secrets" is no way around the switch.
  EXPECT_TRUE(ResolveKind("apps/v1", "Secret")->IsSecrets());
  EXPECT_TRUE(ResolveKind("core/v1", "Secret")->IsSecrets());
  EXPECT_EQ(ResolveKind("v1", "Namespace")->names, NameRule::kDns1123Label);
  EXPECT_FALSE(ResolveKind("v1", "Namespace")->namespaced);
}

}  // namespace
}  // namespace k8sclient
