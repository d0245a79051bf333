// Vectors from pkg/api/v1/resource/helpers_test.go (TestExtractResourceValue) and the
// kubelet's rounding examples collected in shared/reference/kubernetes.md.
#include "k8sclient/resource_field.h"

#include <string>

#include "gtest/gtest.h"

namespace k8sclient {
namespace {

// A pod like helpers_test.go's getPod: one container and one init container ("init-" + name)
// with the same resources.
Json GetPod(const std::string& name, const std::string& resources_json) {
  std::string c = R"({"name": "NAME", "image": "x", "resources": RES})";
  auto replace = [](std::string s, const std::string& from, const std::string& to) {
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  std::string main = replace(replace(c, "NAME", name), "RES", resources_json);
  std::string init = replace(replace(c, "NAME", "init-" + name), "RES", resources_json);
  auto pod = ParseJson(R"({"spec": {"containers": [)" + main + R"(], "initContainers": [)" +
                       init + "]}}");
  EXPECT_TRUE(pod.ok()) << pod.status();
  return *pod;
}

struct Case {
  std::string resource, divisor, container, resources_json, want;
};

TEST(ResourceFieldTest, ExtractResourceValueTable) {
  const Case table[] = {
      {"limits.cpu", "", "foo", R"({"limits": {"cpu": "9"}})", "9"},
      {"requests.cpu", "", "foo", R"({})", "0"},
      {"requests.cpu", "", "foo", R"({"requests": {"cpu": "8"}})", "8"},
      {"requests.cpu", "", "foo", R"({"requests": {"cpu": "100m"}})", "1"},
      {"requests.cpu", "100m", "foo", R"({"requests": {"cpu": "1200m"}})", "12"},
      {"requests.memory", "", "foo", R"({"requests": {"memory": "100Mi"}})", "104857600"},
      {"requests.memory", "1Mi", "foo",
       R"({"requests": {"memory": "100Mi"}, "limits": {"memory": "1Gi"}})", "100"},
      {"limits.memory", "", "foo",
       R"({"requests": {"memory": "10Mi"}, "limits": {"memory": "100Mi"}})", "104857600"},
      {"limits.cpu", "", "init-foo", R"({"limits": {"cpu": "9"}})", "9"},
      {"requests.cpu", "", "init-foo", R"({})", "0"},
      {"requests.cpu", "", "init-foo", R"({"requests": {"cpu": "8"}})", "8"},
      {"requests.cpu", "", "init-foo", R"({"requests": {"cpu": "100m"}})", "1"},
      {"requests.cpu", "100m", "init-foo", R"({"requests": {"cpu": "1200m"}})", "12"},
      {"requests.memory", "", "init-foo", R"({"requests": {"memory": "100Mi"}})", "104857600"},
      {"requests.memory", "1Mi", "init-foo",
       R"({"requests": {"memory": "100Mi"}, "limits": {"memory": "1Gi"}})", "100"},
      {"limits.memory", "", "init-foo",
       R"({"requests": {"memory": "10Mi"}, "limits": {"memory": "100Mi"}})", "104857600"},
      // kubernetes.md rounding examples
      {"limits.cpu", "1", "foo", R"({"limits": {"cpu": "250m"}})", "1"},
      {"limits.cpu", "1m", "foo", R"({"limits": {"cpu": "250m"}})", "250"},
      {"limits.cpu", "1", "foo", R"({"limits": {"cpu": "1500m"}})", "2"},
      {"limits.cpu", "1m", "foo", R"({"limits": {"cpu": "0.1m"}})", "1"},
      {"limits.memory", "1Mi", "foo", R"({"limits": {"memory": "64Mi"}})", "64"},
      {"limits.memory", "1", "foo", R"({"limits": {"memory": "64Mi"}})", "67108864"},
      {"limits.memory", "1Ki", "foo", R"({"limits": {"memory": "64Mi"}})", "65536"},
      {"limits.memory", "1M", "foo", R"({"limits": {"memory": "64Mi"}})", "68"},
      {"limits.memory", "1k", "foo", R"({"limits": {"memory": "64Mi"}})", "67109"},
      {"limits.memory", "1Gi", "foo", R"({"limits": {"memory": "64Mi"}})", "1"},
      {"limits.memory", "1Mi", "foo", R"({"limits": {"memory": "1G"}})", "954"},
      {"limits.memory", "1Mi", "foo", R"({"limits": {"memory": "129M"}})", "124"},
      {"limits.memory", "1Gi", "foo", R"({"limits": {"memory": "1.5Gi"}})", "2"},
      {"limits.memory", "0", "foo", R"({"limits": {"memory": "1Ki"}})", "1024"},  // zero = 1
      {"limits.ephemeral-storage", "1Gi", "foo", R"({"limits": {"ephemeral-storage": "10Gi"}})",
       "10"},
      {"requests.ephemeral-storage", "", "foo", R"({})", "0"},
      {"limits.hugepages-2Mi", "1Mi", "foo", R"({"limits": {"hugepages-2Mi": "100Mi"}})", "100"},
      {"requests.hugepages-1Gi", "", "foo", R"({"requests": {"hugepages-1Gi": "2Gi"}})",
       "2147483648"},
      // A bare number, as hand-written YAML may have it.
      {"limits.cpu", "1m", "foo", R"({"limits": {"cpu": 2}})", "2000"},
      {"limits.cpu", "1m", "foo", R"({"limits": {"cpu": 0.5}})", "500"},
      // "" picks the first container.
      {"limits.cpu", "", "", R"({"limits": {"cpu": "3"}})", "3"},
  };
  for (const auto& c : table) {
    Json pod = GetPod("foo", c.resources_json);
    auto got = ExtractResourceValue(pod, {c.container, c.resource, c.divisor});
    ASSERT_TRUE(got.ok()) << c.resource << " " << c.resources_json << ": " << got.status();
    EXPECT_EQ(*got, c.want) << c.resource << "/" << c.divisor << " " << c.resources_json;
  }
}

TEST(ResourceFieldTest, NodeAllocatableFallback) {
  auto node = ParseJson(R"({"status": {"allocatable": {"cpu": "3920m", "memory": "16Gi",
      "ephemeral-storage": "100Gi", "hugepages-2Mi": "1Gi"}}})");
  ASSERT_TRUE(node.ok());
  struct NodeCase {
    std::string resource, divisor, resources_json, want;
  };
  const NodeCase table[] = {
      {"limits.cpu", "1m", R"({})", "3920"},
      {"limits.cpu", "1", R"({"limits": {"cpu": "0"}})", "4"},  // zero limit = unset
      {"limits.memory", "1Mi", R"({"limits": {"cpu": "1"}})", "16384"},
      {"limits.ephemeral-storage", "1Gi", R"({})", "100"},
      {"limits.hugepages-2Mi", "1Mi", R"({})", "0"},       // never from the node
      {"requests.cpu", "1m", R"({})", "0"},                 // requests are never defaulted
      {"limits.memory", "1Mi", R"({"limits": {"memory": "64Mi"}})", "64"},
  };
  for (const auto& c : table) {
    Json pod = GetPod("app", c.resources_json);
    auto got = ExtractResourceValue(pod, {"app", c.resource, c.divisor}, &*node);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, c.want) << c.resource << " " << c.resources_json;
  }
}

TEST(ResourceFieldTest, Errors) {
  Json pod = GetPod("foo", "{}");
  EXPECT_EQ(ExtractResourceValue(pod, {"bar", "limits.cpu", ""}).status().message(),
            "container bar not found");
  EXPECT_EQ(ExtractResourceValue(pod, {"foo", "limits.gpu", ""}).status().message(),
            "unsupported container resource : limits.gpu");
  EXPECT_EQ(ExtractResourceValue(pod, {"foo", "cpu", ""}).status().message(),
            "unsupported container resource : cpu");
  EXPECT_FALSE(ExtractResourceValue(pod, {"foo", "limits.cpu", "1K"}).ok());
  Json bad = GetPod("foo", R"({"limits": {"cpu": "lots"}})");
  EXPECT_FALSE(ExtractResourceValue(bad, {"foo", "limits.cpu", ""}).ok());
}

TEST(ResourceFieldTest, Validation) {
  struct V {
    std::string resource, divisor;
    bool ok;
  };
  const V table[] = {
      {"limits.cpu", "", true},         {"limits.cpu", "1m", true},
      {"limits.cpu", "1", true},        {"requests.cpu", "1000m", true},  // prints as "1"
      {"limits.cpu", "100m", false},    {"limits.cpu", "1Mi", false},
      {"limits.cpu", "0", true},        {"limits.memory", "1", true},
      {"limits.memory", "1Mi", true},   {"limits.memory", "1m", false},
      {"limits.memory", "1024", false}, {"limits.memory", "1Ei", true},
      {"requests.memory", "1E", true},  {"limits.ephemeral-storage", "1Gi", true},
      {"limits.ephemeral-storage", "2Gi", false},
      {"limits.hugepages-2Mi", "1Mi", true}, {"requests.hugepages-1Gi", "1m", false},
      {"limits.gpu", "", false},        {"limits.", "", false},
      {"limits.cpu", "x", false},
  };
  for (const auto& v : table) {
    EXPECT_EQ(ValidateResourceFieldSelector({"", v.resource, v.divisor}).ok(), v.ok)
        << v.resource << " / " << v.divisor;
  }
  EXPECT_EQ(ValidateResourceFieldSelector({"", "limits.cpu", "100m"}).message(),
            "invalid divisor \"100m\" for limits.cpu: only divisor's values 1m and 1 are "
            "supported with the cpu resource");
  EXPECT_EQ(ValidateResourceFieldSelector({"", "limits.memory", "1m"}).message(),
            "invalid divisor \"1m\" for limits.memory: only divisor's values 1, 1k, 1M, 1G, 1T, "
            "1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource");
}

}  // namespace
}  // namespace k8sclient
