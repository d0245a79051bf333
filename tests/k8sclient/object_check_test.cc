#include "k8sclient/object_check.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace k8sclient {
namespace {

Json MustJson(std::string_view text) {
  auto v = ParseJson(text);
  EXPECT_TRUE(v.ok()) << v.status() << " " << text;
  return v.ok() ? *v : Json();
}

Json Fixture(const std::string& name) {
  std::ifstream in(std::string(TESTDATA_DIR) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return MustJson(ss.str());
}

TEST(ObjectCheck, RealPodsPass) {
  EXPECT_TRUE(ValidatePod(Fixture("kubectl-pod.json")).ok());
  EXPECT_TRUE(ValidateObjectKind(Fixture("kubectl-tricky.json"), "ConfigMap", "the configmap").ok());
  // Without a kind (a hand-written file), and with nulls where Go allows them.
  EXPECT_TRUE(ValidatePod(MustJson(R"({"metadata":{"name":"p","labels":null,"annotations":{"a":null}},
      "spec":{"nodeName":null,"containers":[null,{"name":"c","resources":{"limits":{"cpu":1,"memory":"1Gi"}}}]},
      "status":null})")).ok());
  EXPECT_TRUE(ValidatePod(MustJson("{}")).ok());  // an object with nothing set is a Pod to Go
}

TEST(ObjectCheck, NotAnObjectOrAnotherKind) {
  struct {
    const char* json;
    const char* message;
  } cases[] = {
      {"[1,2,3]", "the pod: not an object but an array"},
      {"null", "the pod: not an object but null"},
      {"\"pod\"", "the pod: not an object but a string"},
      {"7", "the pod: not an object but a number"},
      {R"({"kind":"PodList","items":[]})", "the pod: kind is \"PodList\", not \"Pod\""},
      {R"({"kind":7})", "the pod: kind is a number, not a string"},
      {R"({"kind":"Status","status":"Failure","message":"pods \"p\" is forbidden","code":403})",
       "the pod: kind is \"Status\", not \"Pod\" (pods \"p\" is forbidden)"},
  };
  for (const auto& c : cases) {
    absl::Status s = ValidatePod(MustJson(c.json));
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << c.json;
    EXPECT_EQ(s.message(), c.message) << c.json;
  }
  EXPECT_EQ(ValidateObjectKind(MustJson(R"({"kind":"Secret"})"), "ConfigMap", "configmap \"c\"").message(),
            "configmap \"c\": kind is \"Secret\", not \"ConfigMap\"");
}

TEST(ObjectCheck, FieldsOfTheWrongTypeAreNamed) {
  struct {
    const char* json;
    const char* message;
  } cases[] = {
      {R"({"metadata":[]})", "the pod: metadata is an array, not an object"},
      {R"({"metadata":{"name":5}})", "the pod: metadata.name is a number, not a string"},
      {R"({"metadata":{"labels":{"app":1}}})", "the pod: metadata.labels.app is a number, not a string"},
      {R"({"metadata":{"annotations":"x"}})", "the pod: metadata.annotations is a string, not an object"},
      {R"({"metadata":{"ownerReferences":[{"kind":"StatefulSet","controller":"true"}]}})",
       "the pod: metadata.ownerReferences[0].controller is a string, not a boolean"},
      {R"({"metadata":{"ownerReferences":{}}})", "the pod: metadata.ownerReferences is an object, not an array"},
      {R"({"spec":{"nodeName":{}}})", "the pod: spec.nodeName is an object, not a string"},
      {R"({"spec":{"containers":"c"}})", "the pod: spec.containers is a string, not an array"},
      {R"({"spec":{"containers":[7]}})", "the pod: spec.containers[0] is a number, not an object"},
      {R"({"spec":{"initContainers":[{"name":"i","resources":{"requests":{"cpu":true}}}]}})",
       "the pod: spec.initContainers[0].resources.requests.cpu is a boolean, not a string or a number"},
      {R"({"status":{"podIPs":[{"ip":10}]}})", "the pod: status.podIPs[0].ip is a number, not a string"},
      {R"({"status":{"conditions":[{"type":"Ready","status":true}]}})",
       "the pod: status.conditions[0].status is a boolean, not a string"},
      {R"({"status":"Running"})", "the pod: status is a string, not an object"},
  };
  for (const auto& c : cases) {
    absl::Status s = ValidatePod(MustJson(c.json));
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << c.json;
    EXPECT_EQ(s.message(), c.message) << c.json;
  }
}

TEST(ObjectCheck, Nodes) {
  EXPECT_TRUE(ValidateNode(MustJson(R"({"kind":"Node","metadata":{"name":"n","labels":{"topology.kubernetes.io/zone":"a"}},
      "status":{"allocatable":{"cpu":"4","memory":"16Gi"}}})")).ok());
  EXPECT_EQ(ValidateNode(MustJson(R"({"kind":"Node","status":{"allocatable":["4"]}})")).message(),
            "the node: status.allocatable is an array, not an object");
  EXPECT_EQ(ValidateNode(MustJson(R"({"kind":"Pod"})")).message(),
            "the node: kind is \"Pod\", not \"Node\"");
}

}  // namespace
}  // namespace k8sclient
