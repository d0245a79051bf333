#include "k8sclient/validation.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "k8sclient/json.h"

namespace k8sclient {
namespace {

// testdata/validation-apimachinery.json holds what apimachinery v0.32.4's own functions
// (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName, IsValidLabelValue,
// path.IsValidPathSegmentName) answered, run with Go 1.19, for names an attacker would try
// ("..", "%2F", NUL, unicode, 254 bytes, ...) and the edges of each rule.
std::vector<std::string> Strings(const Json* list) {
  std::vector<std::string> out;
  if (list != nullptr && list->is_array()) {
    for (const Json& s : list->array()) out.push_back(s.as_string());
  }
  return out;
}

TEST(Validation, AnswersAsApimachinery) {
  std::ifstream in(TESTDATA_DIR "/validation-apimachinery.json");
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<Json> cases = ParseJson(text.str());
  ASSERT_TRUE(cases.ok()) << cases.status();
  ASSERT_GT(cases->array().size(), 60u);
  for (const Json& c : cases->array()) {
    const std::string& input = c.Find("input")->as_string();
    SCOPED_TRACE(Json(input).Dump());
    EXPECT_EQ(IsDNS1123Label(input), Strings(c.Find("dns1123Label")));
    EXPECT_EQ(IsDNS1123Subdomain(input), Strings(c.Find("dns1123Subdomain")));
    EXPECT_EQ(IsDNS1035Label(input), Strings(c.Find("dns1035Label")));
    EXPECT_EQ(IsQualifiedName(input), Strings(c.Find("qualifiedName")));
    EXPECT_EQ(IsValidLabelValue(input), Strings(c.Find("labelValue")));
    EXPECT_EQ(IsValidPathSegmentName(input), Strings(c.Find("pathSegmentName")));
  }
}

TEST(Validation, CommonNamesPass) {
  for (const char* ok : {"etcd-0", "kube-system", "a", "0"}) {
    EXPECT_TRUE(IsDNS1123Label(ok).empty()) << ok;
    EXPECT_TRUE(IsDNS1123Subdomain(ok).empty()) << ok;
  }
  EXPECT_TRUE(IsDNS1123Subdomain("web.example.com").empty());
  EXPECT_TRUE(IsQualifiedName("app.kubernetes.io/name").empty());
  EXPECT_TRUE(IsQualifiedName("topology.kubernetes.io/zone").empty());
  EXPECT_TRUE(IsValidLabelValue("").empty());
  EXPECT_TRUE(IsValidPathSegmentName("system:node:worker-1").empty());
}

}  // namespace
}  // namespace k8sclient
