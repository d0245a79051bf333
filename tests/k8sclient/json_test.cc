#include "k8sclient/json.h"

#include <gtest/gtest.h>

namespace k8sclient {
namespace {

TEST(Json, ParsesAndKeepsIntegers) {
  auto j = ParseJson(R"({"spec":{"replicas":3,"ratio":1.5,"big":1000000},"a":[true,null,"x"]})");
  ASSERT_TRUE(j.ok()) << j.status();
  EXPECT_TRUE(j->Path("spec.replicas")->is_int());
  EXPECT_EQ(j->Path("spec.replicas")->as_int(), 3);
  EXPECT_TRUE(j->Path("spec.ratio")->is_double());
  EXPECT_EQ(j->Path("spec.big")->as_int(), 1000000);
  EXPECT_EQ(j->Path("spec.missing"), nullptr);
  EXPECT_EQ(j->Path("a.b"), nullptr);
  EXPECT_EQ(j->Dump(), R"({"spec":{"replicas":3,"ratio":1.5,"big":1000000},"a":[true,null,"x"]})");
}

// What an API answer or a pod file holds is whatever its author wrote: reading a value as the
// wrong type gives the type's zero value (as Go's decoder leaves a field it could not fill),
// never an abort from std::get.
TEST(Json, ConstAccessorsOfTheWrongTypeGiveZeroValues) {
  auto j = ParseJson(R"({"spec":{"nodeName":null,"replicas":"3","flag":1,"list":{}},"n":[1,2,3]})");
  ASSERT_TRUE(j.ok());
  const Json& pod = *j;
  EXPECT_EQ(pod.Path("spec.nodeName")->as_string(), "");
  EXPECT_EQ(pod.Path("spec.replicas")->as_int(), 0);
  EXPECT_EQ(pod.Path("spec.replicas")->as_double(), 0.0);
  EXPECT_FALSE(pod.Path("spec.flag")->as_bool());
  EXPECT_TRUE(pod.Path("spec.list")->array().empty());
  EXPECT_TRUE(pod.Find("n")->object().empty());
  EXPECT_EQ(pod.Find("n")->as_string(), "");
  EXPECT_EQ(Json(7).as_double(), 7.0);
}

TEST(Json, TypedLookupsAlongAPath) {
  auto j = ParseJson(R"({"metadata":{"name":"p","labels":null,"uid":5},
                         "spec":{"containers":[{"name":"c"}],"initContainers":{"x":1}}})");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->StringAt("metadata.name"), "p");
  EXPECT_EQ(j->StringAt("metadata.uid"), "");       // a number
  EXPECT_EQ(j->StringAt("metadata.missing"), "");
  EXPECT_EQ(j->StringAt("metadata.name.deeper"), "");
  EXPECT_EQ(j->ArrayAt("spec.containers").size(), 1u);
  EXPECT_TRUE(j->ArrayAt("spec.initContainers").empty());  // an object
  EXPECT_TRUE(j->ArrayAt("spec.missing").empty());
  EXPECT_NE(j->ObjectAt("metadata"), nullptr);
  EXPECT_EQ(j->ObjectAt("metadata.labels"), nullptr);  // null
  EXPECT_EQ(j->ObjectAt("metadata.name"), nullptr);
  const Json list = *ParseJson("[1,2,3]");
  EXPECT_EQ(list.StringAt("metadata.name"), "");
  EXPECT_EQ(list.Path("metadata"), nullptr);
}

// Go's encoding/json (and so kubectl and the API server's decoder): a repeated key keeps the
// last value; invalid UTF-8 and lone surrogates in strings become U+FFFD. The expected
// values are what `kubectl create -f x.json --dry-run=client -o json` printed.
TEST(Json, RepeatedKeysKeepTheLastValue) {
  auto j = ParseJson(R"({"a":1,"b":{"x":1},"a":2,"b":{"y":2}})");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->Dump(), R"({"a":2,"b":{"y":2}})");
}

TEST(Json, InvalidUtf8AndLoneSurrogatesBecomeReplacementCharacters) {
  struct {
    std::string in, want;
  } cases[] = {
      {"{\"s\":\"\\ud800\"}", "\xef\xbf\xbd"},
      {"{\"s\":\"\\udc00x\"}", "\xef\xbf\xbdx"},
      {"{\"s\":\"\\ud800\\u0041\"}", "\xef\xbf\xbd" "A"},
      {"{\"s\":\"\\ud800\\ud800\\udc00\"}", "\xef\xbf\xbd\xf0\x90\x80\x80"},
      {"{\"s\":\"\\ud83d\\ude00\"}", "\xf0\x9f\x98\x80"},
      {"{\"s\":\"a\xff" "b\"}", "a\xef\xbf\xbd" "b"},
      {"{\"s\":\"\xc3\"}", "\xef\xbf\xbd"},
      {"{\"s\":\"\xe2\x82\"}", "\xef\xbf\xbd\xef\xbf\xbd"},
      {"{\"s\":\"\xed\xa0\x80\"}", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
      {"{\"k\xff\":1}", ""},
  };
  for (const auto& c : cases) {
    auto j = ParseJson(c.in);
    ASSERT_TRUE(j.ok()) << c.in << ": " << j.status();
    if (c.want.empty()) {
      EXPECT_NE(j->Find("k\xef\xbf\xbd"), nullptr) << c.in;
    } else {
      EXPECT_EQ(j->Find("s")->as_string(), c.want) << c.in;
    }
  }
  // Outside strings, bad bytes are still a syntax error.
  EXPECT_FALSE(ParseJson("{\"a\":1}\xff").ok());
}

TEST(Json, RejectsMalformed) {
  for (const char* bad : {"", "{", R"({"a":})", "[1,2", "nul", R"({"a":1}})"}) {
    EXPECT_FALSE(ParseJson(bad).ok()) << bad;
  }
}

TEST(Json, EscapesLikeGo) {
  std::string out;
  AppendJsonString(out, "<a&b>\"\\\n\x01\xe2\x80\xa8");
  EXPECT_EQ(out, R"("\u003ca\u0026b\u003e\"\\\n\u0001\u2028")");
}

TEST(Json, DumpPrettyMatchesMarshalIndent) {
  auto j = ParseJson(R"({"a":[1,{"b":{}}],"c":[]})");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->DumpPretty(), "{\n  \"a\": [\n    1,\n    {\n      \"b\": {}\n    }\n  ],\n  \"c\": []\n}");
}

TEST(Json, FloatsFormatLikeGo) {
  EXPECT_EQ(Json(0.5).Dump(), "0.5");
  EXPECT_EQ(Json(1e21).Dump(), "1e+21");
  EXPECT_EQ(Json(1e-7).Dump(), "1e-7");  // Go trims e-07 to e-7
  EXPECT_EQ(Json(123456789.0).Dump(), "123456789");
  // json.Marshal (go1.19) of each: the shortest round-trip digits, then zeros.
  EXPECT_EQ(Json(18446744073709551615.0).Dump(), "18446744073709552000");
  EXPECT_EQ(Json(12345678901234567890.0).Dump(), "12345678901234567000");
  EXPECT_EQ(Json(123456789.123456789).Dump(), "123456789.12345679");
  EXPECT_EQ(Json(1e-6).Dump(), "0.000001");
  EXPECT_EQ(Json(0.0000012345).Dump(), "0.0000012345");
  EXPECT_EQ(Json(-2.25).Dump(), "-2.25");
  EXPECT_EQ(Json(1.5e20).Dump(), "150000000000000000000");
}

// Go decodes an integer beyond 64 bits as a float64; simdjson refuses it unaided. Found by
// the JSON fuzzer: 1e20 dumped as 100000000000000000000 did not parse back.
TEST(Json, IntegersBeyond64BitsAreFloats) {
  auto j = ParseJson(R"({"a":100000000000000000000,"s":"123456789012345678901234","n":[-99999999999999999999999,1]})");
  ASSERT_TRUE(j.ok()) << j.status();
  EXPECT_TRUE(j->Find("a")->is_double());
  EXPECT_EQ(j->Find("a")->as_double(), 1e20);
  EXPECT_EQ(j->Find("s")->as_string(), "123456789012345678901234");  // strings untouched
  EXPECT_EQ(j->Dump(), R"({"a":100000000000000000000,"s":"123456789012345678901234","n":[-1e+23,1]})");
  EXPECT_FALSE(ParseJson("[100000000000000000000,]").ok());  // still malformed
  EXPECT_FALSE(ParseJson("1.5.5").ok());
}

TEST(Json, MergePatchFollowsRfc7386) {
  auto target = ParseJson(R"({"a":"b","c":{"d":"e","f":"g"},"keep":1})");
  auto patch = ParseJson(R"({"a":"z","c":{"f":null,"n":[1]},"new":{"x":null}})");
  ASSERT_TRUE(target.ok() && patch.ok());
  MergePatch(*target, *patch);
  EXPECT_EQ(target->Dump(), R"({"a":"z","c":{"d":"e","n":[1]},"keep":1,"new":{}})");
}

TEST(Json, EqualityIgnoresMemberOrder) {
  EXPECT_EQ(*ParseJson(R"({"a":1,"b":2})"), *ParseJson(R"({"b":2,"a":1.0})"));
  EXPECT_FALSE(*ParseJson(R"({"a":1})") == *ParseJson(R"({"a":"1"})"));
}

}  // namespace
}  // namespace k8sclient
