#include "entrypoint/run/json_value.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include "entrypoint/run/render.h"
#include "k8sclient/json.h"
#include "k8sclient/json_dom.h"

namespace entrypoint::run {
namespace {

// The two ways JSON becomes template data: through k8sclient::Json (API answers), and straight
// from the text (pod files). Every expectation holds for both.
using Builder = std::function<absl::StatusOr<templating::Value>(const std::string&)>;

absl::StatusOr<templating::Value> ViaJson(const std::string& text) {
  absl::StatusOr<k8sclient::Json> j = k8sclient::ParseJson(text);
  if (!j.ok()) return j.status();
  return ToValue(*j);
}

absl::StatusOr<templating::Value> Direct(const std::string& text) { return ParseJsonValue(text); }

class JsonValueTest : public ::testing::TestWithParam<Builder> {
 protected:
  // What Go's text/template prints for `tmpl` over the document.
  std::string Render(const std::string& json, const std::string& tmpl) {
    absl::StatusOr<templating::Value> data = GetParam()(json);
    if (!data.ok()) return "error: " + std::string(data.status().message());
    absl::StatusOr<std::string> out = RenderText("t", tmpl, *data, {});
    return out.ok() ? *out : "error: " + std::string(out.status().message());
  }
};

// Expected outputs are Go's: kubectl decodes JSON with encoding/json into
// map[string]interface{}, with apimachinery turning integral json.Numbers into int64 and
// the rest (including integers beyond int64) into float64.
TEST_P(JsonValueTest, NumbersAsKubectlHandsThemToGo) {
  EXPECT_EQ(Render(R"({"n": 9223372036854775807, "m": -9223372036854775808})",
                   R"({{ printf "%T %v %v" .n .n .m }})"),
            "int64 9223372036854775807 -9223372036854775808");
  EXPECT_EQ(Render(R"({"n": 9223372036854775808})", R"({{ printf "%T %v" .n .n }})"),
            "float64 9.223372036854776e+18");
  EXPECT_EQ(Render(R"({"n": 123456789012345678901234567890})", R"({{ printf "%T %v" .n .n }})"),
            "float64 1.2345678901234568e+29");
  EXPECT_EQ(Render(R"({"f": 1.0, "e": 2e3})", R"({{ printf "%T %v %T %v" .f .f .e .e }})"),
            "float64 1 float64 2000");
}

TEST_P(JsonValueTest, ARepeatedMemberKeepsItsLastValue) {
  EXPECT_EQ(Render(R"({"a": 1, "b": {"x": 1}, "a": 2, "b": {"y": 2}})", "{{ .a }} {{ .b }}"),
            "2 map[y:2]");
}

TEST_P(JsonValueTest, InvalidUnicodeBecomesTheReplacementCharacter) {
  EXPECT_EQ(Render("{\"s\": \"a\xff" "b\"}", "{{ .s }}"), "a\xef\xbf\xbd" "b");
  EXPECT_EQ(Render(R"({"s": "\ud800x", "p": "\ud83d\ude00"})", "{{ .s }} {{ .p }}"),
            "\xef\xbf\xbdx \xf0\x9f\x98\x80");
}

TEST_P(JsonValueTest, KindsAndNesting) {
  EXPECT_EQ(Render(R"({"l": [1, "a", true, null, {"k": []}], "o": {}})",
                   R"({{ .l }} {{ .o }} {{ printf "%T" .l }} {{ index .l 3 | printf "%v" }})"),
            "[1 a true <nil> map[k:[]]] map[] []interface {} <nil>");
}

TEST_P(JsonValueTest, ErrorsAreTheParsersWords) {
  EXPECT_EQ(Render(R"({"a": )", "x").rfind("error: invalid JSON (", 0), 0u);
  std::string deep(1002, '[');
  deep += std::string(1002, ']');
  EXPECT_EQ(Render("{\"d\": " + deep + "}", "x"), "error: JSON nested too deeply");
}

INSTANTIATE_TEST_SUITE_P(Builders, JsonValueTest, ::testing::Values(Builder(ViaJson), Builder(Direct)),
                         [](const auto& info) { return info.index == 0 ? "ViaJson" : "Direct"; });

// A real pod (kubectl get -o json of an etcd StatefulSet pod) and a real template give the
// same output both ways.
TEST(JsonValue, APodRendersTheSameBothWays) {
  std::ifstream pod_file(std::string(PODINIT_SOURCE_ROOT) + "/bench/data/pod-etcd-1.json");
  std::ifstream tmpl_file(std::string(PODINIT_SOURCE_ROOT) + "/bench/data/etcd.tmpl");
  std::stringstream pod, tmpl;
  pod << pod_file.rdbuf();
  tmpl << tmpl_file.rdbuf();
  ASSERT_FALSE(pod.str().empty());
  absl::StatusOr<templating::Value> a = ViaJson(pod.str()), b = Direct(pod.str());
  ASSERT_TRUE(a.ok() && b.ok());
  absl::StatusOr<std::string> ra = RenderText("etcd", tmpl.str(), *a, {});
  absl::StatusOr<std::string> rb = RenderText("etcd", tmpl.str(), *b, {});
  ASSERT_TRUE(ra.ok()) << ra.status();
  ASSERT_TRUE(rb.ok()) << rb.status();
  EXPECT_EQ(*ra, *rb);
  EXPECT_EQ(*RenderText("v", "{{ printf \"%#v\" . }}", *a, {}),
            *RenderText("v", "{{ printf \"%#v\" . }}", *b, {}));
}

// A List of pods over 1 MiB, decoded in one pass from padded text (its tree from the bulk
// arena, its items checked as they are made), is the same data and fails with the same words
// as the List checked after decoding through k8sclient::Json.
TEST(JsonValue, AListsItemsAreCheckedAsTheyAreDecoded) {
  std::ifstream pod_file(std::string(PODINIT_SOURCE_ROOT) + "/bench/data/pod-etcd-1.json");
  std::stringstream pod;
  pod << pod_file.rdbuf();
  ASSERT_FALSE(pod.str().empty());
  std::string bad = pod.str();
  const size_t name = bad.find("\"name\": \"etcd-1\"");
  ASSERT_NE(name, std::string::npos);
  bad.replace(name, std::string("\"name\": \"etcd-1\"").size(), "\"name\": 5");
  auto list = [&](size_t bad_at, bool repeated) {
    std::string items = "[";
    for (size_t i = 0; i < 300; ++i) items += (i ? "," : "") + (i == bad_at ? bad : pod.str());
    items += "]";
    std::string good_items = "[" + pod.str() + "]";
    // A repeated "items": the last one is the List's, whichever was checked first.
    return repeated ? "{\"items\": " + items + ", \"kind\": \"List\", \"items\": " + good_items + "}"
                    : "{\"apiVersion\": \"v1\", \"items\": " + items + ", \"kind\": \"List\"}";
  };
  for (auto [bad_at, repeated] : {std::pair<size_t, bool>{1000, false}, {0, false}, {217, false}, {217, true}}) {
    std::string text = list(bad_at, repeated);
    ASSERT_GT(text.size(), size_t{1} << 20);
    absl::StatusOr<templating::Value> slow = ViaJson(text);
    ASSERT_TRUE(slow.ok()) << slow.status();
    text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    std::optional<ItemsPrecheck> items;
    absl::StatusOr<templating::Value> fast = ParseJsonValue(text, /*padded=*/true, &items);
    ASSERT_TRUE(fast.ok()) << fast.status();
    ASSERT_TRUE(items.has_value());
    EXPECT_EQ(ValidatePodOrList(*fast, "f", &*items), ValidatePodOrList(*slow, "f"))
        << bad_at << " " << repeated;
    const std::string t = "{{len .items}} {{(index .items 0).metadata.name}} {{(index .items 0).spec.containers}}";
    EXPECT_EQ(*RenderText("t", t, *fast, {}), *RenderText("t", t, *slow, {}));
  }
  EXPECT_FALSE(ValidatePodOrList(*ViaJson(list(217, false)), "f").ok());  // the bad item is caught
}

}  // namespace
}  // namespace entrypoint::run
