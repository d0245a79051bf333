#include "entrypoint/run/downward_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <string>

#include "k8sclient/json.h"
#include "tests/entrypoint/run/test_cluster.h"
#include "tests/k8sclient/temp_dir.h"

namespace entrypoint::run {
namespace {

using Files = std::map<std::string, std::string>;

// --pod-file: the files come from the pod alone. No node, so no node-labels, and a container
// without limits reads 0 (the kubelet's fallback is the node's allocatable).
TEST(DownwardFiles, OfflineFromThePodAlone) {
  Cluster offline(*k8sclient::ParseJson(testing::kPod), nullptr, "demo");
  absl::StatusOr<Files> files = DownwardFiles(offline);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->at("name"), "web-1");
  EXPECT_EQ(files->at("nodeName"), "node-a");
  EXPECT_EQ(files->at("web/mem_limit"), "64");
  EXPECT_EQ(files->at("sidecar/mem_limit"), "0");
  EXPECT_EQ(files->at("owner"), "StatefulSet/web");
  EXPECT_EQ(files->at("ordinal"), "1");
  EXPECT_EQ(files->count("node-labels"), 0u);
}

class DownwardFilesOnline : public testing::ApiTest {};

// With the API server: the pod's Node gives node-labels and the allocatable a container
// without limits falls back to, read once however many files need it.
TEST_F(DownwardFilesOnline, TheNodeGivesLabelsAndAllocatable) {
  absl::StatusOr<Files> files = DownwardFiles(*cluster_);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->at("node-labels"), "kubernetes.io/hostname=\"node-a\"\ntopology.kubernetes.io/zone=\"zone-a\"");
  EXPECT_EQ(files->at("sidecar/mem_limit"), "7629");
  EXPECT_EQ(files->at("sidecar/cpu_limit"), "1930");
  EXPECT_EQ(files->at("web/cpu_limit"), "500");
  EXPECT_EQ(Asked("/api/v1/nodes/node-a"), 1);
}

// A service account without RBAC for nodes still gets its volume: no node-labels, and a
// warning that names what was refused, not a failed run.
TEST_F(DownwardFilesOnline, AForbiddenNodeOnlyCostsTheNodeLabels) {
  std::unique_ptr<Cluster> on_private_node = api_.Open("private");
  ASSERT_NE(on_private_node, nullptr);
  ::testing::internal::CaptureStderr();
  absl::StatusOr<Files> files = DownwardFiles(*on_private_node);
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->count("node-labels"), 0u);
  EXPECT_EQ(files->at("name"), "web-1");
  EXPECT_EQ(files->at("sidecar/mem_limit"), "0");
  EXPECT_NE(log.find("--downward-dir: no node-labels: "), std::string::npos) << log;
  EXPECT_NE(log.find("forbidden"), std::string::npos) << log;
}

// A pod not scheduled yet has no node to ask for.
TEST_F(DownwardFilesOnline, AnUnscheduledPodAsksForNoNode) {
  ASSERT_TRUE(cluster_->SetPod(*k8sclient::ParseJson(
                  R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "demo"},
                      "spec": {"containers": [{"name": "web"}]}})"))
                  .ok());
  absl::StatusOr<Files> files = DownwardFiles(*cluster_);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->count("node-labels"), 0u);
  EXPECT_EQ(files->at("nodeName"), "");
  EXPECT_EQ(Requests().size(), 1u);  // the pod, at Open
}

// The volume is laid out as the kubelet's AtomicWriter lays one out: files behind ..data,
// with the mode asked for.
TEST(WriteDownwardDir, TheKubeletsLayoutWithTheMode) {
  k8sclient::testing::TempDir dir;
  const std::string volume = dir.path() + "/podinfo";
  bool changed = false;
  ASSERT_TRUE(WriteDownwardDir(volume, {{"name", "web-1"}, {"web/mem_limit", "64"}}, 0640, &changed).ok());
  EXPECT_TRUE(changed);
  char target[256] = {};
  ASSERT_GT(::readlink((volume + "/..data").c_str(), target, sizeof target - 1), 0);
  EXPECT_EQ(std::string(target).rfind("..", 0), 0u) << target;
  struct stat st {};
  ASSERT_EQ(::stat((volume + "/..data/web/mem_limit").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  ASSERT_TRUE(WriteDownwardDir(volume, {{"name", "web-1"}, {"web/mem_limit", "64"}}, 0640, &changed).ok());
  EXPECT_FALSE(changed);
}

}  // namespace
}  // namespace entrypoint::run
