// Fixture pairs in testdata/: each X.json is what kubectl 1.32 itself made of X.yaml
// (`kubectl label --local -f X.yaml drop- -o json`, minus the empty metadata that adds to a
// kubeconfig); kubectl-pod.yaml and kubectl-tricky.yaml are kubectl's own `-o yaml` output
// (long strings wrapped, |2- and |2+ headers, \e and \U escapes); scalars.yaml holds 593
// generated plain scalars (Go integer and float syntax, underscores, overflow, bool words);
// in scalars.json the integers outside int64 that kubectl printed are written as floats of
// the same value, because ParseJson (simdjson) rejects integers past uint64.
#include "k8sclient/yaml.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace k8s {
namespace {

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(TESTDATA_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Json MustYaml(std::string_view text) {
  auto v = ParseYaml(text);
  EXPECT_TRUE(v.ok()) << v.status() << "\n" << text;
  return v.ok() ? *v : Json();
}

Json MustJson(std::string_view text) {
  auto v = ParseJson(text);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : Json();
}

class YamlFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(YamlFixtureTest, MatchesKubectl) {
  Json got = MustYaml(ReadTestdata(GetParam() + ".yaml"));
  Json want = MustJson(ReadTestdata(GetParam() + ".json"));
  EXPECT_EQ(got, want) << "got:\n" << got.DumpPretty() << "\nwant:\n" << want.DumpPretty();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, YamlFixtureTest,
                         ::testing::Values("kubectl-pod", "kubectl-tricky", "kubeconfig-kubectl",
                                           "kubeconfig-exec", "features", "scalars"));

struct ScalarCase {
  std::string yaml;
  std::string json;  // the value of key `v`, as JSON
};

TEST(YamlTest, ScalarTyping) {
  const ScalarCase table[] = {
      {"~", "null"},           {"", "null"},          {"null", "null"},
      {"true", "true"},        {"Off", "false"},      {"y", "true"},
      {"n", "false"},          {"nO", "\"nO\""},      {"tRUE", "\"tRUE\""},
      {"12", "12"},            {"-12", "-12"},        {"0x1f", "31"},
      {"0o17", "15"},          {"017", "15"},         {"0b11", "3"},
      {"1_000_000", "1000000"}, {"08", "8"},          {"1.5", "1.5"},
      {".5", "0.5"},           {"1e3", "1000"},       {"+1", "1"},
      {"9223372036854775807", "9223372036854775807"},
      {"-9223372036854775808", "-9223372036854775808"},
      {"18446744073709551615", "18446744073709551615"},  // uint64: kept as a number
      {"1.2.3", "\"1.2.3\""},  {"0x", "\"0x\""},      {"12:30:00", "\"12:30:00\""},
      {"2024-05-01T10:00:00Z", "\"2024-05-01T10:00:00Z\""},
      {"'true'", "\"true\""},  {"\"12\"", "\"12\""},  {"!!str 12", "\"12\""},
      {"! yes", "\"yes\""},    {"-x", "\"-x\""},      {"a - b", "\"a - b\""},
      {"a:b", "\"a:b\""},      {"{a:1}", "{\"a:1\":null}"}, {"1\n  - b", "\"1 - b\""},
      {"a\n\n  b", "\"a\\nb\""}, {"\"a\n  b\"", "\"a b\""}, {"[a,\n b]", "[\"a\",\"b\"]"},
      {"http://x:80", "\"http://x:80\""},
      {"[a, 'b', \"c\", 1, ~]", "[\"a\",\"b\",\"c\",1,null]"},
      {"{}", "{}"},            {"[]", "[]"},
      {"{a: 1, b: [x, y], c: {d: e}}", "{\"a\":1,\"b\":[\"x\",true],\"c\":{\"d\":\"e\"}}"},
      {"{\"json\":1,\"x\":[true,false,null]}", "{\"json\":1,\"x\":[true,false,null]}"},
      {"\"\\u263a\\x41\\t\"", "\"\\u263aA\\t\""},
  };
  for (const auto& c : table) {
    Json got = MustYaml("v: " + c.yaml + "\n");
    const Json* v = got.Find("v");
    ASSERT_NE(v, nullptr) << c.yaml;
    EXPECT_EQ(*v, MustJson(c.json)) << c.yaml << " -> " << v->Dump();
  }
  EXPECT_TRUE(MustYaml("v: 1.0").Find("v")->is_double());
  EXPECT_TRUE(MustYaml("v: 7").Find("v")->is_int());
}

TEST(YamlTest, BlockScalars) {
  const std::pair<std::string, std::string> table[] = {
      {"v: |\n  a\n  b\n", "a\nb\n"},
      {"v: |-\n  a\n  b\n", "a\nb"},
      {"v: |+\n  a\n\n\n", "a\n\n\n"},
      {"v: >\n  a\n  b\n\n  c\n", "a b\nc\n"},
      {"v: >-\n  a\n   b\n  c\n", "a\n b\nc"},
      {"v: |\n  no final newline", "no final newline"},
      {"v: |2-\n    x\n", "  x"},
      {"v: |\n\n  after blank\n", "\nafter blank\n"},
      {"v: | # comment\n  text\n", "text\n"},
      {"v: |\n  a\n# comment ends it\nw: 1\n", "a\n"},
      {"- |\n  in seq\n- x\n", ""},
  };
  for (const auto& [yaml, want] : table) {
    Json got = MustYaml(yaml);
    if (got.is_array()) {
      EXPECT_EQ(got.array()[0].as_string(), "in seq\n");
      continue;
    }
    ASSERT_TRUE(got.is_object()) << yaml;
    EXPECT_EQ(got.Find("v")->as_string(), want) << yaml;
  }
}

TEST(YamlTest, Structure) {
  EXPECT_EQ(MustYaml("a:\n- 1\n- 2\nb: 3\n"), MustJson(R"({"a":[1,2],"b":3})"));
  EXPECT_EQ(MustYaml("- a: 1\n  b: 2\n- c\n"), MustJson(R"([{"a":1,"b":2},"c"])"));
  EXPECT_EQ(MustYaml("- - a\n  - b\n- - c\n"), MustJson(R"([["a","b"],["c"]])"));
  EXPECT_EQ(MustYaml("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n"),
            MustJson(R"({"a":{"b":{"c":1},"d":2},"e":3})"));
  EXPECT_EQ(MustYaml("a: 1\na: 2\n"), MustJson(R"({"a":2})"));
  EXPECT_EQ(MustYaml("# only a comment\n"), Json());
  EXPECT_EQ(MustYaml(""), Json());
  EXPECT_EQ(MustYaml("plain top-level\nscalar"), Json("plain top-level scalar"));
  EXPECT_EQ(MustYaml("a: 1\r\nb: 2\r\n"), MustJson(R"({"a":1,"b":2})"));
  EXPECT_EQ(MustYaml("\xEF\xBB\xBF" "a: 1\n"), MustJson(R"({"a":1})"));
  EXPECT_EQ(MustYaml("%YAML 1.1\n---\na: 1\n"), MustJson(R"({"a":1})"));
  EXPECT_EQ(MustYaml("--- {a: 1}\n"), MustJson(R"({"a":1})"));
  EXPECT_EQ(MustYaml("a: &x [1]\nb: *x\n"), MustJson(R"({"a":[1],"b":[1]})"));
  EXPECT_EQ(MustYaml("k: v # c\n# c2\nl: w\n"), MustJson(R"({"k":"v","l":"w"})"));
  EXPECT_EQ(MustYaml("key:    spaced   \n"), MustJson(R"({"key":"spaced"})"));
}

// Corners found by differential fuzzing against `kubectl label --local -o json`; the
// expected values are kubectl's.
TEST(YamlTest, KubectlCorners) {
  EXPECT_EQ(MustYaml("a:\n  !\n"), MustJson(R"({"a":""})"));
  EXPECT_EQ(MustYaml("! k: 1\n!!str 2: x\n"), MustJson(R"({"k":1,"2":"x"})"));
  EXPECT_EQ(MustYaml("a: !Ref 12\n"), MustJson(R"({"a":"12"})"));
  EXPECT_EQ(MustYaml("a: [0: 7, &x , b]\n"), MustJson(R"({"a":[{"0":7},null,"b"]})"));
  EXPECT_EQ(MustYaml("a: [x:y, a:]\n"), MustJson(R"({"a":["x:y","a:"]})"));
  EXPECT_EQ(MustYaml("k: v\n? explicit\n? with value\n: 1\n"),
            MustJson(R"({"k":"v","explicit":null,"with value":1})"));
  EXPECT_EQ(MustYaml("&a k: 1\nl: *a\n"), MustJson(R"({"k":1,"l":"k"})"));
  // kubectl's own words, from `kubectl label --local -f F x=y -o json` (kubectl 1.32). go-yaml
  // shows no line for a problem on line 1, the 1-based line for scanner errors and the line
  // before for parser errors; conversion errors (sigs.k8s.io/yaml) carry no line at all.
  const std::pair<std::string, std::string> errors[] = {
      {"a: !!\"x 1\n", "yaml: did not find expected tag URI"},
      {"a: !!st\" 1\n", "yaml: did not find expected whitespace or line break"},
      {"a: !! 1\n", "yaml: did not find expected tag URI"},
      {"a: !a!str 1\n", "yaml: found undefined tag handle"},
      {"- - a\n \t  - b\n", "yaml: line 2: found a tab character that violates indentation"},
      {"a: &b\"c 1\n", "yaml: did not find expected alphabetic or numeric character"},
      {"a: [x, Nul? l]\n", "yaml: did not find expected ',' or ']'"},
      {"a: [b,: c]\n", "yaml: did not find expected node content"},
      {"a: [b, |c]\n", "yaml: found character that cannot start any token"},
      {"a: ]b\n", "yaml: did not find expected node content"},
      {"a: ? b\n", "yaml: mapping keys are not allowed in this context"},
      {": b\n", "yaml: did not find expected key"},
      {"x: 1\na: !!\"x 1\n", "yaml: line 2: did not find expected tag URI"},
      {"x: 1\na: [x, Nul? l]\n", "yaml: line 1: did not find expected ',' or ']'"},
      {"x: 1\na: [b, |c]\n", "yaml: line 2: found character that cannot start any token"},
      {"x: 1\na: !a!str 1\n", "yaml: line 1: found undefined tag handle"},
      {"x: 1\ny: 2\nz:\n  a: b\n c: d\n", "yaml: line 4: did not find expected key"},
      {"x: 1\nb: [1\n", "yaml: line 2: did not find expected ',' or ']'"},
      {"x: 1\nb: [1", "yaml: line 2: did not find expected ',' or ']'"},
      {"x: 1\nb: \"\\q\"\n", "yaml: line 2: found unknown escape character"},
      {"x: 1\nb: *x\n", "yaml: unknown anchor 'x' referenced"},
      {"null: [1]\n", "unsupported map key of type: %!s(<nil>), key: <nil>, value: []interface {}{1}"},
      {"~: 1\n", "unsupported map key of type: %!s(<nil>), key: <nil>, value: 1"},
      {"? ~\n", "unsupported map key of type: %!s(<nil>), key: <nil>, value: <nil>"},
      {"a: {~: [1, ~, 2.5, 1e30, \"x\"]}\n",
       "unsupported map key of type: %!s(<nil>), key: <nil>, value: []interface {}{1, interface {}(nil), 2.5, 1e+30, \"x\"}"},
      {"a: {{a: 1}: 2}\n", "yaml: invalid map key: map[interface {}]interface {}{\"a\":1}"},
      {"a:\n  {[a, b]: 2}\n", "yaml: invalid map key: []interface {}{\"a\", \"b\"}"},
      {"a: {[0.1, -3, \"\\u00e9\\t\"]: 1}\n", "yaml: invalid map key: []interface {}{0.1, -3, \"é\\t\"}"},
      {"a: .inf\n", "json: unsupported value: +Inf"},
      {"a: [-.Inf]\n", "json: unsupported value: -Inf"},
      {"a: .NaN\n", "json: unsupported value: NaN"},
  };
  for (const auto& [yaml, want] : errors) {
    auto got = ParseYaml(yaml);
    ASSERT_FALSE(got.ok()) << yaml << " parsed as " << got->Dump();
    EXPECT_EQ(std::string(got.status().message()), want) << yaml;
  }
}

TEST(YamlTest, DeepNestingIsAnErrorNotACrash) {
  auto flow = ParseYaml(std::string(100000, '['));
  ASSERT_FALSE(flow.ok());
  EXPECT_THAT(std::string(flow.status().message()), ::testing::HasSubstr("exceeded max depth"));
  std::string block;
  for (int i = 0; i < 2000; ++i) block += std::string(static_cast<size_t>(i), ' ') + "- \n";
  EXPECT_FALSE(ParseYaml(block).ok());
  std::string ok_depth = std::string(500, '[') + std::string(500, ']');
  EXPECT_TRUE(ParseYaml(ok_depth).ok());
}

TEST(YamlTest, MultipleDocuments) {
  auto docs = ParseYamlDocuments("a: 1\n---\nb: 2\n...\n---\n- x\n---\n---\nnull\n");
  ASSERT_TRUE(docs.ok()) << docs.status();
  ASSERT_EQ(docs->size(), 4u);
  EXPECT_EQ((*docs)[0], MustJson(R"({"a":1})"));
  EXPECT_EQ((*docs)[1], MustJson(R"({"b":2})"));
  EXPECT_EQ((*docs)[2], MustJson(R"(["x"])"));
  EXPECT_EQ((*docs)[3], Json());
  // ParseYaml takes the first document, as sigs.k8s.io/yaml.Unmarshal does.
  EXPECT_EQ(MustYaml("a: 1\n---\nb: 2\n"), MustJson(R"({"a":1})"));
  auto none = ParseYamlDocuments("---\n# nothing\n");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

// Each message as `kubectl label --local -f F x=y -o json` (kubectl 1.32) prints it.
TEST(YamlTest, Errors) {
  const std::pair<std::string, std::string> table[] = {
      {"a: b: c\n", "yaml: mapping values are not allowed in this context"},
      {"a: 1\nb: x: y\n", "yaml: line 2: mapping values are not allowed in this context"},
      {"a:\n  b: 1\n c: 2\n", "yaml: line 2: did not find expected key"},
      {"v: a\n  # c\n  b\n", "yaml: line 2: did not find expected key"},
      {"v: -\n", "yaml: block sequence entries are not allowed in this context"},
      {"a: 'unterminated\n", "yaml: line 2: found unexpected end of stream"},
      {"a: [1, 2\n", "yaml: line 1: did not find expected ',' or ']'"},
      {"a: *nope\n", "yaml: unknown anchor 'nope' referenced"},
      {"a: \"\\q\"\n", "yaml: found unknown escape character"},
      {"a:\n\t- x\n", "yaml: line 2: found character that cannot start any token"},
      {"- a\nb: c\n", "yaml: line 1: did not find expected '-' indicator"},
      {"a: - b\n", "yaml: block sequence entries are not allowed in this context"},
      {"a: @x\n", "yaml: found character that cannot start any token"},
  };
  for (const auto& [yaml, want] : table) {
    auto got = ParseYaml(yaml);
    ASSERT_FALSE(got.ok()) << yaml << " parsed as " << got->Dump();
    EXPECT_EQ(std::string(got.status().message()), want) << yaml;
  }
}

// Float map keys become strings by strconv.FormatFloat(f, 'g', -1, 32), and an invalid key
// is printed with %#v; expected values from github.com/ghodss/yaml.YAMLToJSON (the code
// sigs.k8s.io/yaml forked), go1.19.
TEST(YamlTest, FloatKeysFormatAsGo) {
  auto keys = ParseYaml("123456789.0: a\n1e7: b\n0.000001: c\n1.5: d\n");
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ(keys->Dump(), R"({"1.2345679e+08":"a","1e+07":"b","1e-06":"c","1.5":"d"})");
  auto bad = ParseYaml("a: {[1.5, 123456789.0]: 1}\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(std::string(bad.status().message()),
            "yaml: invalid map key: []interface {}{1.5, 1.23456789e+08}");
}

}  // namespace
}  // namespace k8s
