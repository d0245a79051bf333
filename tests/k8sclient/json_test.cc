#include "k8sclient/json.h"

#include <gtest/gtest.h>

namespace k8s {
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
}  // namespace k8s
