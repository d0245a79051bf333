#include "k8sclient/downward.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace k8sclient {
namespace {

Json MustJson(std::string_view text) {
  auto v = ParseJson(text);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : Json();
}

Json FixturePod() {
  std::ifstream in(std::string(TESTDATA_DIR) + "/kubectl-pod.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return MustJson(ss.str());
}

TEST(DownwardTest, FilesForAStatefulSetPod) {
  auto files = DownwardFiles(FixturePod());
  ASSERT_TRUE(files.ok()) << files.status();
  const std::pair<std::string, std::string> want[] = {
      {"name", "web-0"},
      {"namespace", "shop"},
      {"uid", "0b4c6a4e-9f43-4e8f-a3b1-2c4d5e6f7a8b"},
      {"labels",
       "app=\"web\"\napps.kubernetes.io/pod-index=\"0\"\ncontroller-revision-hash=\"web-"
       "6d4cf56db6\"\nstatefulset.kubernetes.io/pod-name=\"web-0\""},
      {"podIP", "10.244.1.5"},
      {"podIPs", "10.244.1.5,fd00:10:244::5"},
      {"hostIP", "10.0.0.7"},
      {"hostIPs", "10.0.0.7"},
      {"nodeName", "node-7"},
      {"serviceAccountName", "web"},
      {"web/cpu_limit", "500"},
      {"web/cpu_request", "250"},
      {"web/mem_limit", "128"},
      {"web/mem_request", "64"},
      {"owner", "StatefulSet/web"},
      {"ordinal", "0"},
  };
  for (const auto& [file, content] : want) {
    ASSERT_EQ(files->count(file), 1u) << file;
    EXPECT_EQ(files->at(file), content) << file;
  }
  EXPECT_EQ(files->count("node-labels"), 0u);  // no node given
  // Annotations: FormatMap order and Go quoting.
  const std::string& ann = files->at("annotations");
  EXPECT_EQ(ann.substr(0, ann.find('\n')), "colon-space=\"key: value # not a comment\"");
  EXPECT_NE(ann.find("\ntab=\"a\\tb\"\n"), std::string::npos);
  EXPECT_NE(ann.find("\nmulti-line=\"line one\\nline two\\n\\nline four after a blank\\n\"\n"),
            std::string::npos);
  EXPECT_NE(ann.find("\nunicode=\"café ☃ 😀\""), std::string::npos);
  EXPECT_EQ(ann.back(), '"');
  EXPECT_EQ(files->size(), sizeof(want) / sizeof(want[0]) + 1);  // + annotations
}

TEST(DownwardTest, NodeFallbackAndNodeLabels) {
  Json pod = MustJson(R"({
    "metadata": {"name": "worker", "namespace": "batch",
                 "ownerReferences": [{"kind": "ReplicaSet", "name": "x", "controller": false},
                                     {"kind": "Job", "name": "nightly", "controller": true}]},
    "spec": {
      "initContainers": [{"name": "init", "resources": {"requests": {"cpu": "100m"}}}],
      "containers": [{"name": "main", "resources": {"requests": {"memory": "1G"}}}]
    }
  })");
  Json node = MustJson(R"({
    "metadata": {"labels": {"topology.kubernetes.io/zone": "eu-west-1a",
                            "kubernetes.io/hostname": "node-7"}},
    "status": {"allocatable": {"cpu": "3920m", "memory": "16Gi", "pods": "110"}}
  })");
  auto files = DownwardFiles(pod, &node);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->at("main/cpu_limit"), "3920");
  EXPECT_EQ(files->at("main/mem_limit"), "16384");
  EXPECT_EQ(files->at("main/cpu_request"), "0");
  EXPECT_EQ(files->at("main/mem_request"), "954");  // 1G / 1Mi rounded up
  EXPECT_EQ(files->at("init/cpu_request"), "100");
  EXPECT_EQ(files->at("init/cpu_limit"), "3920");
  EXPECT_EQ(files->at("node-labels"),
            "kubernetes.io/hostname=\"node-7\"\ntopology.kubernetes.io/zone=\"eu-west-1a\"");
  EXPECT_EQ(files->at("owner"), "Job/nightly");
  EXPECT_EQ(files->count("ordinal"), 0u);
  EXPECT_EQ(files->at("labels"), "");
  EXPECT_EQ(files->at("podIP"), "");

  auto without_node = DownwardFiles(pod);
  ASSERT_TRUE(without_node.ok());
  EXPECT_EQ(without_node->at("main/cpu_limit"), "0");
  EXPECT_EQ(without_node->count("owner"), 1u);
}

TEST(DownwardTest, BadQuantityNamesTheContainer) {
  Json pod = MustJson(R"({"spec": {"containers": [{"name": "app",
                           "resources": {"limits": {"cpu": "two"}}}]}})");
  auto files = DownwardFiles(pod);
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().message().substr(0, 15), "container app: ");
}

TEST(DownwardTest, Ordinal) {
  struct Case {
    std::string pod_json;
    int64_t want;  // -1: NotFound
  };
  const Case table[] = {
      {R"({"metadata": {"name": "web-3"}})", 3},
      {R"({"metadata": {"name": "web-01"}})", 1},
      {R"({"metadata": {"name": "my-db-12"}})", 12},
      {R"({"metadata": {"name": "web"}})", -1},
      {R"({"metadata": {"name": "web-"}})", -1},
      {R"({"metadata": {"name": "web-x1"}})", -1},
      {R"({"metadata": {"name": "web-2147483647"}})", 2147483647},
      {R"({"metadata": {"name": "web-2147483648"}})", -1},  // getOrdinal parses an int32
      {R"({"metadata": {"name": "web-abc-7f9c8"}})", -1},
      {R"({"metadata": {"name": "web-5", "labels": {"apps.kubernetes.io/pod-index": "7"}}})", 7},
      {R"({"metadata": {"name": "web-5", "labels": {"apps.kubernetes.io/pod-index": "x"}}})", 5},
      {R"({"metadata": {"name": "web", "labels": {"apps.kubernetes.io/pod-index": ""}}})", -1},
      {R"({})", -1},
      // Digits past int64 are not a number (found by fuzz_pod: they overflowed).
      {R"({"metadata": {"name": "web-5", "labels": {"apps.kubernetes.io/pod-index": "9223372036854775807"}}})",
       INT64_MAX},
      {R"({"metadata": {"name": "web-5", "labels": {"apps.kubernetes.io/pod-index": "9223372036854775808"}}})", 5},
      {R"({"metadata": {"name": "web-5", "labels": {"apps.kubernetes.io/pod-index": "99999999999999999999"}}})", 5},
      {R"({"metadata": {"name": "web-99999999999999999999"}})", -1},
      {R"({"metadata": {"name": 5, "labels": [1]}})", -1},
      {"[1,2,3]", -1},
  };
  for (const auto& c : table) {
    auto got = Ordinal(MustJson(c.pod_json));
    if (c.want < 0) {
      EXPECT_TRUE(absl::IsNotFound(got.status())) << c.pod_json;
    } else {
      ASSERT_TRUE(got.ok()) << c.pod_json << ": " << got.status();
      EXPECT_EQ(*got, c.want) << c.pod_json;
    }
  }
}

TEST(DownwardTest, ControllerOwner) {
  EXPECT_EQ(*ControllerOwner(FixturePod()), "StatefulSet/web");
  EXPECT_TRUE(absl::IsNotFound(ControllerOwner(MustJson(R"({"metadata": {}})")).status()));
}

}  // namespace
}  // namespace k8sclient
