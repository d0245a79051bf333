#include "fakeapi/strategic_patch.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace fakeapi {
namespace {

using k8sclient::Json;

// apimachinery's test type MergeItem (pkg/util/strategicpatch/patch_test.go) and its tags.
extern const PatchType kMergeItem;
const PatchType kRetainKeysMergeItem{{{"mergingIntList", "merge", ""},
                                      {"mergingList", "merge", "name", &kMergeItem}}};
const PatchType kMergeItem{{{"mergingList", "merge", "name", &kMergeItem},
                            {"mergingIntList", "merge", ""},
                            {"mergeItemPtr", "merge", "name", &kMergeItem},
                            {"replacingItem", "replace", ""},
                            {"retainKeysMap", "retainKeys", "", &kRetainKeysMergeItem},
                            {"retainKeysMergingList", "merge,retainKeys", "name", &kMergeItem}}};

Json Load(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return k8sclient::ParseJson(ss.str()).value();
}

TEST(StrategicPatch, ApimachineryCases) {
  Json doc = Load(std::string(FIXTURES_DIR) + "/strategic_merge_cases.json");
  const auto& cases = doc.Find("cases")->array();
  ASSERT_GT(cases.size(), 150u);
  int failed = 0;
  for (const Json& c : cases) {
    Json obj = c.Find("original")->is_null() ? Json::MakeObject() : *c.Find("original");
    Json patch = c.Find("patch")->is_null() ? Json::MakeObject() : *c.Find("patch");
    Json want = c.Find("want")->is_null() ? Json::MakeObject() : *c.Find("want");
    absl::Status st = ApplyStrategicMergePatch(obj, patch, &kMergeItem);
    EXPECT_TRUE(st.ok()) << c.GetString("description") << ": " << st;
    if (!(obj == want)) {
      ++failed;
      ADD_FAILURE() << c.GetString("description") << "\n got: " << obj.Dump()
                    << "\nwant: " << want.Dump() << "\npatch: " << patch.Dump();
    }
  }
  EXPECT_EQ(failed, 0);
}

// `kubectl set image pod/etcd-2 etcd=new:1` sends {"spec":{"containers":[{"name":"etcd",
// "image":"new:1"}]}}: containers merge by name, so env and resources stay (k8s.io/api
// core/v1 PodSpec.containers: patchStrategy merge, patchMergeKey name).
TEST(StrategicPatch, SetImageKeepsTheRestOfTheContainer) {
  Json pod = k8sclient::ParseJson(R"({"spec":{"containers":[
      {"name":"etcd","image":"old:0","env":[{"name":"A","value":"1"}],
       "resources":{"limits":{"memory":"1Gi"}},"ports":[{"containerPort":2379}]},
      {"name":"side","image":"busybox"}]}})").value();
  Json patch = k8sclient::ParseJson(R"({"spec":{"containers":[{"name":"etcd","image":"new:1"}]}})").value();
  ASSERT_TRUE(ApplyStrategicMergePatch(pod, patch, PatchTypeForKind("Pod")).ok());
  Json want = k8sclient::ParseJson(R"({"spec":{"containers":[
      {"name":"etcd","image":"new:1","env":[{"name":"A","value":"1"}],
       "resources":{"limits":{"memory":"1Gi"}},"ports":[{"containerPort":2379}]},
      {"name":"side","image":"busybox"}]}})").value();
  EXPECT_EQ(pod, want) << pod.Dump();
}

TEST(StrategicPatch, DirectivesOnPodTypes) {
  Json pod = k8sclient::ParseJson(R"({"metadata":{"finalizers":["a","b"]},"spec":{"containers":[
      {"name":"c","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}],
      "tolerations":[{"key":"x"}]}})").value();
  // env entries delete by name; tolerations (no strategy) are replaced whole; finalizers
  // lose one through the parallel deletion list.
  Json patch = k8sclient::ParseJson(R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]},
      "spec":{"containers":[{"name":"c","env":[{"name":"A","$patch":"delete"}]}],
      "tolerations":[{"key":"y"}]}})").value();
  ASSERT_TRUE(ApplyStrategicMergePatch(pod, patch, PatchTypeForKind("Pod")).ok());
  Json want = k8sclient::ParseJson(R"({"metadata":{"finalizers":["b"]},"spec":{"containers":[
      {"name":"c","env":[{"name":"B","value":"2"}]}],"tolerations":[{"key":"y"}]}})").value();
  EXPECT_EQ(pod, want) << pod.Dump();
}

TEST(StrategicPatch, BadDirectivesAreErrors) {
  Json obj = Json::MakeObject();
  Json patch = k8sclient::ParseJson(R"({"$retainKeys":"x"})").value();
  EXPECT_TRUE(absl::IsInvalidArgument(ApplyStrategicMergePatch(obj, patch, &kMergeItem)));
  patch = k8sclient::ParseJson(R"({"mergingList":[{"value":"no key"}]})").value();
  obj = k8sclient::ParseJson(R"({"mergingList":[{"name":"a"}]})").value();
  EXPECT_FALSE(ApplyStrategicMergePatch(obj, patch, &kMergeItem).ok());
}

}  // namespace
}  // namespace fakeapi
