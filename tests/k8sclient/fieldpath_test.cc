#include "k8sclient/fieldpath.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace k8sclient {
namespace {

Json Pod() {
  auto pod = ParseJson(R"({
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {
      "name": "web-2", "namespace": "shop", "uid": "0b4c6a4e-9f43-4e8f-a3b1-2c4d5e6f7a8b",
      "labels": {"b": "2", "a": "1", "app.kubernetes.io/name": "web", "Z": "caps"},
      "annotations": {"note": "line1\nline2\t\"quoted\" \\ back", "nbsp": "a\u00a0b",
                      "ctl": "\u0001", "uni": "日本", "empty": ""}
    },
    "spec": {"nodeName": "node-7", "serviceAccountName": "web-sa", "containers": []},
    "status": {
      "hostIP": "10.0.0.7", "hostIPs": [{"ip": "10.0.0.7"}, {"ip": "fd00::7"}],
      "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}, {"ip": "fd00:10:244::5"}]
    }
  })");
  EXPECT_TRUE(pod.ok()) << pod.status();
  return *pod;
}

struct Case {
  std::string path;
  std::string want;
};

TEST(FieldPathTest, Values) {
  const Case table[] = {
      {"metadata.name", "web-2"},
      {"metadata.namespace", "shop"},
      {"metadata.uid", "0b4c6a4e-9f43-4e8f-a3b1-2c4d5e6f7a8b"},
      {"spec.nodeName", "node-7"},
      {"spec.serviceAccountName", "web-sa"},
      {"status.hostIP", "10.0.0.7"},
      {"status.hostIPs", "10.0.0.7,fd00::7"},
      {"status.podIP", "10.244.1.5"},
      {"status.podIPs", "10.244.1.5,fd00:10:244::5"},
      {"metadata.labels", "Z=\"caps\"\na=\"1\"\napp.kubernetes.io/name=\"web\"\nb=\"2\""},
      {"metadata.annotations",
       "ctl=\"\\x01\"\nempty=\"\"\nnbsp=\"a\\u00a0b\"\n"
       "note=\"line1\\nline2\\t\\\"quoted\\\" \\\\ back\"\nuni=\"日本\""},
      {"metadata.labels['app.kubernetes.io/name']", "web"},
      {"metadata.labels['missing']", ""},
      {"metadata.annotations['note']", "line1\nline2\t\"quoted\" \\ back"},
      {"metadata.annotations['NOTE']", ""},  // validated lower-cased, looked up as written
  };
  const Json pod = Pod();
  for (const auto& c : table) {
    auto got = ExtractFieldRef(pod, c.path);
    ASSERT_TRUE(got.ok()) << c.path << ": " << got.status();
    EXPECT_EQ(*got, c.want) << c.path;
  }
}

TEST(FieldPathTest, UseRestrictsPaths) {
  const Json pod = Pod();
  EXPECT_TRUE(ExtractFieldRef(pod, "status.podIP", FieldRefUse::kEnv).ok());
  EXPECT_TRUE(ExtractFieldRef(pod, "metadata.labels['a']", FieldRefUse::kEnv).ok());
  EXPECT_EQ(ExtractFieldRef(pod, "metadata.labels", FieldRefUse::kEnv).status().message(),
            "unsupported fieldPath: metadata.labels");
  EXPECT_EQ(ExtractFieldRef(pod, "status.podIP", FieldRefUse::kVolume).status().message(),
            "unsupported fieldPath: status.podIP");
  EXPECT_EQ(ExtractFieldRef(pod, "spec.nodeName", FieldRefUse::kVolume).status().message(),
            "unsupported fieldPath: spec.nodeName");
  EXPECT_EQ(*ExtractFieldRef(pod, "metadata.labels", FieldRefUse::kVolume),
            "Z=\"caps\"\na=\"1\"\napp.kubernetes.io/name=\"web\"\nb=\"2\"");
  EXPECT_EQ(*ExtractFieldRef(pod, "metadata.uid", FieldRefUse::kVolume),
            "0b4c6a4e-9f43-4e8f-a3b1-2c4d5e6f7a8b");
}

TEST(FieldPathTest, Errors) {
  const Json pod = Pod();
  EXPECT_EQ(ExtractFieldRef(pod, "metadata.whoops").status().message(),
            "unsupported fieldPath: metadata.whoops");
  EXPECT_EQ(ExtractFieldRef(pod, "spec.restartPolicy").status().message(),
            "unsupported fieldPath: spec.restartPolicy");
  EXPECT_EQ(ExtractFieldRef(pod, "metadata.name['x']").status().message(),
            "fieldPath \"metadata.name['x']\" does not support subscript");
  // Not a subscript at all: double quotes, or nothing before the bracket.
  EXPECT_EQ(ExtractFieldRef(pod, "metadata.labels[\"x\"]").status().message(),
            "unsupported fieldPath: metadata.labels[\"x\"]");
  EXPECT_EQ(ExtractFieldRef(pod, "['x']").status().message(), "unsupported fieldPath: ['x']");
  auto bad = ExtractFieldRef(pod, "metadata.labels['a[b]c']");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()),
              ::testing::StartsWith("invalid key subscript in metadata.labels['a[b]c']: name part "
                                    "must consist of alphanumeric characters"));
  auto empty = ExtractFieldRef(pod, "metadata.labels['']");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(std::string(empty.status().message()),
              ::testing::StartsWith("invalid key subscript in metadata.labels['']: name part must "
                                    "be non-empty;name part must consist of"));
}

TEST(FieldPathTest, SplitMaybeSubscriptedPath) {
  struct Split {
    std::string in, path, subscript;
    bool ok;
  };
  const Split table[] = {
      {"metadata.annotations['myKey']", "metadata.annotations", "myKey", true},
      {"metadata.annotations['a[b]c']", "metadata.annotations", "a[b]c", true},
      {"metadata.labels['']", "metadata.labels", "", true},
      {"metadata.labels", "", "", false},
      {"metadata.labels[\"x\"]", "", "", false},
      {"['x']", "", "", false},
      {"a['b']['c']", "a", "b']['c", true},
      {"']", "", "", false},
  };
  for (const auto& c : table) {
    std::string path, sub;
    EXPECT_EQ(SplitMaybeSubscriptedPath(c.in, &path, &sub), c.ok) << c.in;
    if (c.ok) {
      EXPECT_EQ(path, c.path) << c.in;
      EXPECT_EQ(sub, c.subscript) << c.in;
    }
  }
}

TEST(FieldPathTest, FormatMap) {
  EXPECT_EQ(FormatMap({}), "");
  EXPECT_EQ(FormatMap({{"b", "2"}, {"a", "1"}}), "a=\"1\"\nb=\"2\"");
  EXPECT_EQ(FormatMap({{"key", "value\n"}}), "key=\"value\\n\"");   // fieldpath_test.go
  EXPECT_EQ(FormatMap({{"builder", "john-doe"}}), "builder=\"john-doe\"");
  EXPECT_EQ(FormatMap({{"k", "\xff"}}), "k=\"\\xff\"");
  // Bytewise order: upper case before lower case, and UTF-8 after ASCII.
  EXPECT_EQ(FormatMap({{"\xc3\xa9", "x"}, {"z", "y"}, {"A", "w"}}),
            "A=\"w\"\nz=\"y\"\n\xc3\xa9=\"x\"");
  EXPECT_EQ(FormatMapJson(nullptr), "");
}

TEST(FieldPathTest, SingleIpFallbacks) {
  auto pod = ParseJson(R"({"status": {"podIP": "10.1.2.3", "hostIP": "192.168.1.1"}})");
  ASSERT_TRUE(pod.ok());
  EXPECT_EQ(*ExtractFieldRef(*pod, "status.podIPs"), "10.1.2.3");
  EXPECT_EQ(*ExtractFieldRef(*pod, "status.hostIPs"), "192.168.1.1");
  auto pending = ParseJson(R"({"metadata": {"name": "p"}, "status": {"phase": "Pending"}})");
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(*ExtractFieldRef(*pending, "status.podIP"), "");
  EXPECT_EQ(*ExtractFieldRef(*pending, "metadata.labels"), "");
  EXPECT_EQ(*ExtractFieldRef(*pending, "spec.nodeName"), "");
}

}  // namespace
}  // namespace k8sclient
