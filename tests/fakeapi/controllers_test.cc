#include "fakeapi/controllers.h"

#include <gtest/gtest.h>

#include "fakeapi/loader.h"

namespace fakeapi {
namespace {

using k8sclient::Json;

constexpr char kObjects[] = R"(
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: default, uid: 11111111-2222-4333-8444-555555555555}
spec:
  replicas: 2
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: "nginx:1.27"}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {clusterIP: None, selector: {app: web}, ports: [{name: http, port: 80}]}
)";

class ControllersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto objects = ParseObjects(kObjects, true);
    ASSERT_TRUE(objects.ok());
    for (auto& o : *objects) ASSERT_TRUE(store_.Upsert(std::move(o), "default").ok());
  }
  ObjectPtr Pod(std::string_view name) { return store_.Get(*FindResource("", "v1", "pods"), "default", name); }
  ObjectPtr Get(std::string_view plural, std::string_view group, std::string_view name) {
    return store_.Get(*FindResource(group, "v1", plural), "default", name);
  }
  Store store_;
};

// OrderedReady (the default): web-1 waits until web-0 is Running and Ready; pods carry the
// labels the StatefulSet controller sets and IPs in order from the CIDR; Endpoints and the
// EndpointSlice follow readiness; scaling down removes the highest ordinal.
TEST_F(ControllersTest, StatefulSetPodsByOrdinal) {
  ControllerOptions o;
  o.pod_cidr = "10.9.0.0/24";
  o.ready_delay = absl::Seconds(1);
  Controllers c(store_, o);
  absl::Time t0 = absl::FromUnixSeconds(1000);
  c.Reconcile(t0);
  ASSERT_NE(Pod("web-0"), nullptr);
  EXPECT_EQ(Pod("web-1"), nullptr);
  EXPECT_EQ(Pod("web-0")->Path("status.phase")->as_string(), "Pending");
  const Json* labels = Pod("web-0")->Path("metadata.labels");
  EXPECT_EQ(labels->GetString("apps.kubernetes.io/pod-index"), "0");
  EXPECT_EQ(labels->GetString("statefulset.kubernetes.io/pod-name"), "web-0");
  EXPECT_EQ(labels->GetString("app"), "web");
  EXPECT_EQ(Pod("web-0")->Path("metadata.ownerReferences")->array()[0].GetString("kind"), "StatefulSet");
  EXPECT_EQ(Pod("web-0")->Path("spec.subdomain")->as_string(), "web");
  EXPECT_EQ(Pod("web-0")->Path("spec.restartPolicy")->as_string(), "Always");  // defaulted

  c.Reconcile(t0 + absl::Seconds(1));
  EXPECT_EQ(Pod("web-0")->Path("status.phase")->as_string(), "Running");
  EXPECT_EQ(Pod("web-0")->Path("status.podIP")->as_string(), "10.9.0.1");
  c.Reconcile(t0 + absl::Seconds(1));
  ASSERT_NE(Pod("web-1"), nullptr);
  c.Reconcile(t0 + absl::Seconds(2));
  c.Reconcile(t0 + absl::Seconds(2));
  EXPECT_EQ(Pod("web-1")->Path("status.podIP")->as_string(), "10.9.0.2");
  EXPECT_EQ(Get("statefulsets", "apps", "web")->Path("status.readyReplicas")->as_int(), 2);

  ObjectPtr ep = Get("endpoints", "", "web");
  ASSERT_NE(ep, nullptr);
  const auto& addrs = ep->Path("subsets")->array()[0].Find("addresses")->array();
  ASSERT_EQ(addrs.size(), 2u);
  EXPECT_EQ(addrs[0].GetString("hostname"), "web-0");

  ASSERT_TRUE(store_.Patch(*FindResource("apps", "v1", "statefulsets"), "default", "web",
                           k8sclient::ParseJson(R"({"spec":{"replicas":1}})").value()).ok());
  c.Reconcile(t0 + absl::Seconds(3));
  EXPECT_EQ(Pod("web-1"), nullptr);
  ASSERT_NE(Pod("web-0"), nullptr);
  c.Reconcile(t0 + absl::Seconds(3));
  EXPECT_EQ(Get("endpoints", "", "web")->Path("subsets")->array()[0].Find("addresses")->array().size(), 1u);
}

// Each controller switches off alone: without the StatefulSet controller no pod appears
// (the endpoints controller still makes the Service's empty Endpoints)...
TEST_F(ControllersTest, StatefulSetControllerSwitchesOff) {
  ControllerOptions o;
  o.statefulsets = false;
  o.ready_delay = absl::ZeroDuration();
  Controllers c(store_, o);
  for (int i = 0; i < 3; ++i) c.Reconcile(absl::FromUnixSeconds(1000));
  EXPECT_EQ(Pod("web-0"), nullptr);
  ASSERT_NE(Get("endpoints", "", "web"), nullptr);
}

// ... and without the endpoints controller pods come, but no Endpoints or EndpointSlice.
TEST_F(ControllersTest, EndpointsControllerSwitchesOff) {
  ControllerOptions o;
  o.endpoints = false;
  o.ready_delay = absl::ZeroDuration();
  Controllers c(store_, o);
  for (int i = 0; i < 4; ++i) c.Reconcile(absl::FromUnixSeconds(1000));
  ASSERT_NE(Pod("web-0"), nullptr);
  EXPECT_EQ(Get("endpoints", "", "web"), nullptr);
  Store::ListResult slices = store_.List(*FindResource("discovery.k8s.io", "v1", "endpointslices"),
                                         "default", LabelSelector(), FieldSelector(), 0, "");
  EXPECT_TRUE(slices.items.empty());
}

TEST(PodCidr, Ranges) {
  EXPECT_EQ(ParsePodCidr("10.244.0.0/16").value(), std::make_pair(0x0AF40001u, 0x0AF4FFFEu));
  // A host address starts the hand-out there: 127.0.0.11, .12, ...
  EXPECT_EQ(ParsePodCidr("127.0.0.11/24").value().first, 0x7F00000Bu);
  EXPECT_FALSE(ParsePodCidr("10.0.0.0").ok());
  EXPECT_FALSE(ParsePodCidr("fd00::/64").ok());
}

}  // namespace
}  // namespace fakeapi
