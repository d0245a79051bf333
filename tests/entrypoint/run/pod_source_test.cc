#include "entrypoint/run/pod_source.h"

#include <gtest/gtest.h>

namespace entrypoint::run {
namespace {

// What `kubectl get pod -o yaml` prints, trimmed.
constexpr char kPodYaml[] = R"(apiVersion: v1
kind: Pod
metadata:
  labels:
    app: etcd
  name: etcd-0
  namespace: storage
spec:
  containers:
  - image: etcd:3.4
    name: etcd
    ports:
    - containerPort: 2379
status:
  podIP: 10.1.2.3
)";

TEST(PodSource, YamlAndJsonGiveTheSameObject) {
  auto from_yaml = ParseObject(kPodYaml, "--pod-file pod.yaml");
  ASSERT_TRUE(from_yaml.ok()) << from_yaml.status();
  auto from_json = ParseObject(
      R"( {"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"etcd"},"name":"etcd-0","namespace":"storage"},)"
      R"("spec":{"containers":[{"image":"etcd:3.4","name":"etcd","ports":[{"containerPort":2379}]}]},)"
      R"("status":{"podIP":"10.1.2.3"}})",
      "--pod-file pod.json");
  ASSERT_TRUE(from_json.ok()) << from_json.status();
  EXPECT_EQ(*from_yaml, *from_json);
  EXPECT_TRUE(from_yaml->Path("spec.containers")->array()[0].Find("ports")->array()[0].Find("containerPort")->is_int());
}

TEST(PodSource, ErrorsNameTheFileAndLine) {
  auto bad = ParseObject("kind: Pod\nmetadata: [x\n", "--pod-file pod.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "--pod-file pod.yaml: yaml: line 2: did not find expected ',' or ']'");
  auto list = ParseObject("- a\n", "--pod-file x");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().message(), "--pod-file x: not an object");
  auto json = ParseObject("{\"a\":", "--pod-file y");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.status().message().substr(0, 27), "--pod-file y: invalid JSON ");
}

}  // namespace
}  // namespace entrypoint::run
