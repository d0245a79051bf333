#include "entrypoint/run/k8s_funcs.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "entrypoint/run/render.h"
#include "k8sclient/json.h"
#include "k8sclient/rbac.h"
#include "tests/entrypoint/run/test_cluster.h"
#include "tests/k8sclient/temp_dir.h"

namespace entrypoint::run {
namespace {


// The Kubernetes functions (and Go's builtins) bound to one cluster, as a run binds them.
class Funcs {
 public:
  explicit Funcs(Cluster& cluster, K8sFuncSettings settings = {})
      : cluster_(cluster), funcs_(KubernetesFuncs(cluster, settings, &report)) {}

  absl::StatusOr<std::string> Render(std::string_view text) {
    return RenderText("t", text, cluster_.pod_value(), TemplateEngine{templating::MissingKey::kError, &funcs_});
  }
  std::string Ok(std::string_view text) {
    absl::StatusOr<std::string> out = Render(text);
    EXPECT_TRUE(out.ok()) << text << ": " << out.status();
    return out.ok() ? *out : "";
  }
  std::string Error(std::string_view text) {
    absl::StatusOr<std::string> out = Render(text);
    EXPECT_FALSE(out.ok()) << text << " rendered " << *out;
    return out.ok() ? "" : std::string(out.status().message());
  }

  RenderReport report;

 private:
  Cluster& cluster_;
  templating::FuncMap funcs_;
};

std::unique_ptr<Cluster> Offline() {
  auto pod = k8sclient::ParseJson(testing::kPod);
  EXPECT_TRUE(pod.ok()) << pod.status();
  return std::make_unique<Cluster>(*std::move(pod), nullptr, "");
}

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Formats are the kubelet's (pkg/fieldpath: labels and annotations as sorted key="value"
// lines; podIPs joined by commas).
TEST(FieldRef, TheKubeletsFormats) {
  auto c = Offline();
  Funcs f(*c);
  EXPECT_EQ(f.Ok(R"({{ fieldRef "metadata.name" }})"), "web-1");
  EXPECT_EQ(f.Ok(R"({{ fieldRef "metadata.namespace" }})"), "demo");
  EXPECT_EQ(f.Ok(R"({{ fieldRef "metadata.labels" }})"), "app=\"web\"\ntier=\"front\"");
  EXPECT_EQ(f.Ok(R"({{ fieldRef "metadata.labels['tier']" }})"), "front");
  EXPECT_EQ(f.Ok(R"({{ fieldRef "metadata.annotations" }})"), "team=\"platform\"");
  EXPECT_EQ(f.Ok(R"({{ fieldRef "status.podIPs" }})"), "10.1.2.3,fd00::3");
  EXPECT_EQ(f.Ok(R"({{ fieldRef "status.hostIP" }})"), "10.0.0.5");
  EXPECT_EQ(f.Ok(R"({{ fieldRef "spec.serviceAccountName" }})"), "web");
  f.Error(R"({{ fieldRef "spec.containers" }})");
  EXPECT_TRUE(Contains(f.Error(R"({{ fieldRef 1 }})"), "fieldRef: arguments must be strings, got int"));
  EXPECT_TRUE(Contains(f.Error(R"({{ fieldRef }})"), "usage: fieldRef \"FIELDPATH\""));
  EXPECT_FALSE(f.report.secrets_read);
  EXPECT_TRUE(f.report.api_error.ok());
}

// resourceFieldRef: the divisor defaults to 1 and the result is rounded up (64Mi = 67108864
// bytes; 500m of a CPU is 1 CPU).
TEST(Resource, DivisorAndRoundingAsTheKubelet) {
  auto c = Offline();
  Funcs f(*c);
  EXPECT_EQ(f.Ok(R"({{ resource "limits.memory" }})"), "67108864");
  EXPECT_EQ(f.Ok(R"({{ resource "limits.memory" "1Mi" }})"), "64");
  EXPECT_EQ(f.Ok(R"({{ resource "limits.memory" "1Mi" "web" }})"), "64");
  EXPECT_EQ(f.Ok(R"({{ resource "limits.cpu" }})"), "1");
  EXPECT_EQ(f.Ok(R"({{ resource "limits.cpu" "1m" }})"), "500");
  // No limit: the node's allocatable, which an offline run cannot read.
  EXPECT_TRUE(Contains(f.Error(R"({{ resource "limits.memory" "1Mi" "sidecar" }})"), "needs the API server"));
  f.Error(R"({{ resource "limits.bogus" }})");
}

TEST(Ordinal, FromThePodIndexLabelElseTheName) {
  auto c = Offline();
  Funcs f(*c);
  EXPECT_EQ(f.Ok("{{ ordinal }}"), "1");
  EXPECT_EQ(f.Ok(R"({{ printf "%T" ordinal }})"), "int");  // an int, so arithmetic works
  ASSERT_TRUE(c->SetPod(*k8sclient::ParseJson(R"({"metadata": {"name": "web-1", "labels": {"apps.kubernetes.io/pod-index": "7"}}})")).ok());
  EXPECT_EQ(f.Ok("{{ ordinal }}"), "7");
  c->SetPod(*k8sclient::ParseJson(R"({"metadata": {"name": "web"}})"));
  f.Error("{{ ordinal }}");
  EXPECT_TRUE(Contains(f.Error("{{ ordinal 1 }}"), "usage: ordinal (no arguments)"));
}

TEST(ApiFunctions, OfflineTheyNameWhatIsMissing) {
  auto c = Offline();
  Funcs f(*c, K8sFuncSettings{/*allow_secrets=*/true});
  for (const char* t : {"{{ owner }}", "{{ statefulset }}", R"({{ pods "app=web" }})", "{{ node }}",
                        R"({{ endpoints "web" }})", R"({{ configMap "web-config" }})",
                        R"({{ secret "web-auth" "password" }})", R"({{ lookup "v1" "ConfigMap" "x" }})"}) {
    EXPECT_TRUE(Contains(f.Error(t), "needs the API server, and this run reads its pod from --pod-file")) << t;
  }
  // A configuration problem, not the API server's: the run exits 2, not 3.
  EXPECT_TRUE(f.report.api_error.ok()) << f.report.api_error;
}

TEST(ClusterDomain, FromTheSearchListElseClusterLocal) {
  EXPECT_EQ(ClusterDomainFrom("search demo.svc.cluster.local svc.cluster.local cluster.local\n"
                              "nameserver 10.96.0.10\noptions ndots:5\n"),
            "cluster.local");
  EXPECT_EQ(ClusterDomainFrom("nameserver 10.0.0.10\nsearch  demo.svc.k8s.example.  svc.k8s.example.\n"),
            "k8s.example");
  EXPECT_EQ(ClusterDomainFrom("search example.org\n"), "cluster.local");
  EXPECT_EQ(ClusterDomainFrom(""), "cluster.local");

  k8sclient::testing::TempDir dir;
  auto c = Offline();
  K8sFuncSettings settings;
  settings.resolv_conf = dir.Write("resolv.conf", "search demo.svc.corp.internal svc.corp.internal\n");
  EXPECT_EQ(Funcs(*c, settings).Ok("{{ clusterDomain }}"), "corp.internal");
  settings.resolv_conf = dir.path() + "/absent";
  EXPECT_EQ(Funcs(*c, settings).Ok("{{ clusterDomain }}"), "cluster.local");
}

class KubernetesFuncsOnline : public testing::ApiTest {};

TEST_F(KubernetesFuncsOnline, ReadWhatTheServerHolds) {
  Funcs f(*cluster_);
  EXPECT_EQ(f.Ok(R"({{ index (node).metadata.labels "topology.kubernetes.io/zone" }})"), "zone-a");
  EXPECT_EQ(f.Ok("{{ (owner).metadata.name }} {{ (statefulset).spec.serviceName }}"), "web web-headless");
  EXPECT_EQ(f.Ok("{{ (statefulset).spec.replicas }}"), "3");
  EXPECT_EQ(f.Ok(R"({{ range pods "app=web" }}{{ .metadata.name }} {{ end }})"), "web-0 web-1 ");
  // Ready endpoints only; a missing ready condition means ready.
  EXPECT_EQ(f.Ok(R"({{ endpoints "web" }})"), "[10.1.2.2 10.1.2.3]");
  EXPECT_EQ(f.Ok(R"({{ configMap "web-config" "b" }} {{ (configMap "web-config").a }})"), "2 1");
  EXPECT_TRUE(Contains(f.Error(R"({{ configMap "web-config" "nope" }})"),
                       "configmap \"web-config\" has no key \"nope\""));
  EXPECT_EQ(f.Ok(R"({{ (lookup "v1" "ConfigMap" "other" "shared").data.k }})"), "v");
  // No limit on the sidecar: the node's allocatable (7629Mi, 1930m).
  EXPECT_EQ(f.Ok(R"({{ resource "limits.memory" "1Mi" "sidecar" }} {{ resource "limits.cpu" "1m" "sidecar" }})"),
            "7629 1930");
  EXPECT_FALSE(f.report.secrets_read);
  EXPECT_TRUE(f.report.api_error.ok()) << f.report.api_error;
  // Fetched once per run, however often templates ask.
  EXPECT_EQ(Asked("/api/v1/nodes/node-a"), 1);
  EXPECT_EQ(Asked("/apis/apps/v1/namespaces/demo/statefulsets/web"), 1);
  EXPECT_EQ(Asked("/api/v1/namespaces/demo/configmaps/web-config"), 1);
}

TEST_F(KubernetesFuncsOnline, AskOnlyWhenCalled) {
  Funcs f(*cluster_);
  EXPECT_EQ(f.Ok(R"({{ fieldRef "metadata.name" }}-{{ ordinal }} {{ resource "limits.memory" "1Mi" }})"), "web-1-1 64");
  EXPECT_EQ(Requests().size(), 1u);  // the pod, at Open
}

TEST_F(KubernetesFuncsOnline, OnlyWithAllowSecretsAndTheyAreReported) {
  Funcs off(*cluster_);
  EXPECT_TRUE(Contains(off.Error(R"({{ secret "web-auth" "password" }})"), "--allow-secrets"));
  EXPECT_TRUE(Contains(off.Error(R"({{ lookup "v1" "Secret" "web-auth" }})"), "--allow-secrets"));
  EXPECT_TRUE(Contains(off.Error(R"({{ lookup "v1" "secret" "web-auth" }})"), "--allow-secrets"));
  EXPECT_FALSE(off.report.secrets_read);
  // Refused by podinit itself, not by the API server.
  EXPECT_TRUE(off.report.api_error.ok());
  EXPECT_EQ(Asked("/api/v1/namespaces/demo/secrets/web-auth"), 0);

  Funcs on(*cluster_, K8sFuncSettings{/*allow_secrets=*/true});
  EXPECT_EQ(on.Ok(R"({{ configMap "web-config" "a" }})"), "1");
  EXPECT_FALSE(on.report.secrets_read);
  EXPECT_EQ(on.Ok(R"({{ secret "web-auth" "password" }})"), "s3cr3t");
  EXPECT_TRUE(on.report.secrets_read);

  Funcs lookup(*cluster_, K8sFuncSettings{/*allow_secrets=*/true});
  EXPECT_EQ(lookup.Ok(R"({{ (lookup "v1" "Secret" "web-auth").data.password }})"), "czNjcjN0");
  EXPECT_TRUE(lookup.report.secrets_read);
}

TEST_F(KubernetesFuncsOnline, TheFirstFailureIsReportedWithItsRbacHint) {
  Funcs f(*cluster_, K8sFuncSettings{/*allow_secrets=*/true});
  f.Error(R"({{ secret "locked" "x" }})");
  ASSERT_EQ(f.report.api_error.code(), absl::StatusCode::kPermissionDenied) << f.report.api_error;
  std::optional<std::string> role = k8sclient::RbacRoleHint(f.report.api_error);
  ASSERT_TRUE(role.has_value());
  EXPECT_TRUE(Contains(*role, "secrets")) << *role;
  f.Error(R"({{ configMap "missing" }})");
  EXPECT_EQ(f.report.api_error.code(), absl::StatusCode::kPermissionDenied);  // the first stays

  Funcs missing(*cluster_);
  missing.Error(R"({{ configMap "missing" }})");
  EXPECT_EQ(missing.report.api_error.code(), absl::StatusCode::kNotFound);
}

// Helm's lookup answers a missing object with an empty map: no error, so no API failure, and
// a later template error in the same run stays a template error.
TEST_F(KubernetesFuncsOnline, ALookupOfAMissingObjectIsNoFailure) {
  Funcs f(*cluster_);
  EXPECT_EQ(f.Ok(R"({{ lookup "v1" "ConfigMap" "missing" }})"), "map[]");
  EXPECT_TRUE(f.report.api_error.ok()) << f.report.api_error;
}

TEST(RenderReport, MergeKeepsTheFirstErrorAndAnySecret) {
  RenderReport a;
  RenderReport b;
  b.secrets_read = true;
  b.api_error = absl::NotFoundError("first");
  a.Merge(b);
  RenderReport c;
  c.api_error = absl::UnavailableError("second");
  a.Merge(c);
  a.Merge(RenderReport{});
  EXPECT_TRUE(a.secrets_read);
  EXPECT_EQ(a.api_error, absl::NotFoundError("first"));
}

}  // namespace
}  // namespace entrypoint::run
