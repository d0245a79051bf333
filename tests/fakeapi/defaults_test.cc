#include "fakeapi/defaults.h"

#include <gtest/gtest.h>

namespace fakeapi {
namespace {

using k8sclient::Json;

const Resource& Kind(std::string_view kind) {
  for (const Resource& r : Resources()) {
    if (r.kind == kind) return r;
  }
  std::abort();
}

// pkg/apis/core/v1/defaults.go (SetDefaults_Pod, SetDefaults_PodSpec, SetDefaults_Container,
// SetDefaults_ContainerPort) and the ServiceAccount, Priority and DefaultTolerationSeconds
// admission plugins.
TEST(Defaults, Pod) {
  Json pod = k8sclient::ParseJson(R"({"metadata":{"name":"p"},"spec":{"containers":[
      {"name":"a","image":"nginx","ports":[{"containerPort":80}],
       "resources":{"limits":{"cpu":"1","memory":"1Gi"}}},
      {"name":"b","image":"reg:5000/app:1.2"}]}})").value();
  ApplyDefaults(Kind("Pod"), pod);
  const Json& spec = *pod.Find("spec");
  EXPECT_EQ(spec.GetString("restartPolicy"), "Always");
  EXPECT_EQ(spec.GetString("dnsPolicy"), "ClusterFirst");
  EXPECT_EQ(spec.GetString("schedulerName"), "default-scheduler");
  EXPECT_EQ(spec.Find("terminationGracePeriodSeconds")->as_int(), 30);
  EXPECT_TRUE(spec.Find("enableServiceLinks")->as_bool());
  EXPECT_EQ(spec.GetString("serviceAccountName"), "default");
  EXPECT_EQ(spec.GetString("preemptionPolicy"), "PreemptLowerPriority");
  EXPECT_EQ(spec.Find("tolerations")->array().size(), 2u);
  const Json& a = spec.Find("containers")->array()[0];
  const Json& b = spec.Find("containers")->array()[1];
  EXPECT_EQ(a.GetString("imagePullPolicy"), "Always");  // no tag means latest
  EXPECT_EQ(b.GetString("imagePullPolicy"), "IfNotPresent");
  EXPECT_EQ(a.GetString("terminationMessagePath"), "/dev/termination-log");
  EXPECT_EQ(a.GetString("terminationMessagePolicy"), "File");
  EXPECT_EQ(a.Find("ports")->array()[0].GetString("protocol"), "TCP");
  EXPECT_EQ(a.Path("resources.requests")->GetString("memory"), "1Gi");  // requests from limits
  EXPECT_EQ(pod.Path("status.qosClass")->as_string(), "Burstable");     // b asks for nothing
}

TEST(Defaults, StatefulSetAndService) {
  Json sts = k8sclient::ParseJson(R"({"metadata":{"name":"s"},"spec":{"template":{"spec":{
      "containers":[{"name":"c","image":"i:1"}]}}}})").value();
  ApplyDefaults(Kind("StatefulSet"), sts);
  EXPECT_EQ(sts.Path("spec.replicas")->as_int(), 1);
  EXPECT_EQ(sts.Path("spec.podManagementPolicy")->as_string(), "OrderedReady");
  EXPECT_EQ(sts.Path("spec.updateStrategy.rollingUpdate.partition")->as_int(), 0);
  EXPECT_EQ(sts.Path("spec.template.spec.restartPolicy")->as_string(), "Always");
  Json svc = k8sclient::ParseJson(R"({"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}})").value();
  ApplyDefaults(Kind("Service"), svc);
  EXPECT_EQ(svc.Path("spec.type")->as_string(), "ClusterIP");
  EXPECT_EQ(svc.Path("spec.sessionAffinity")->as_string(), "None");
  EXPECT_EQ(svc.Path("spec.ports")->array()[0].Find("targetPort")->as_int(), 80);
}

// Messages as pkg/apis/core/validation and apimachinery's validation word them.
TEST(Validate, RealServerTexts) {
  Json pod = k8sclient::ParseJson(R"({"metadata":{"name":"p"},"spec":{}})").value();
  absl::Status st = Validate(Kind("Pod"), pod);
  EXPECT_EQ(st.message(), "Pod \"p\" is invalid: spec.containers: Required value");
  Json bad = k8sclient::ParseJson(R"({"metadata":{"name":"Bad_Name"},"spec":{"containers":[{"name":"c","image":"i"}]}})").value();
  EXPECT_EQ(Validate(Kind("Pod"), bad).message(),
            "Pod \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase "
            "RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
            "and must start and end with an alphanumeric character (e.g. 'example.com', regex "
            "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  Json svc = k8sclient::ParseJson(R"({"metadata":{"name":"1web"}})").value();
  EXPECT_NE(std::string(Validate(Kind("Service"), svc).message()).find("a DNS-1035 label"), std::string::npos);
  Json labels = k8sclient::ParseJson(R"({"metadata":{"name":"c","labels":{"a b":"x"}}})").value();
  EXPECT_NE(std::string(Validate(Kind("ConfigMap"), labels).message())
                .find("ConfigMap \"c\" is invalid: metadata.labels: Invalid value: \"a b\""),
            std::string::npos);
  EXPECT_TRUE(Validate(Kind("ConfigMap"), k8sclient::ParseJson(R"({"metadata":{"name":"ok"}})").value()).ok());
}

}  // namespace
}  // namespace fakeapi
