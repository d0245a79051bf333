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

#include "absl/time/clock.h"
#include "absl/time/time.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace k8sclient {
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
  EXPECT_TRUE(MustYaml("v: 1.5").Find("v")->is_double());
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

// go-yaml reads `1e3` as a float; sigs.k8s.io/yaml writes it as JSON `1000`, and whoever reads
// that (kubectl, the API server) has an integer. What `kubectl create -f P.yaml --dry-run=client
// -o json` (kubectl 1.32) printed for each, and `{{ printf "%T" }}` said int64 for 1e3, 1.0 and
// 12345678e3.
TEST(YamlTest, IntegralFloatsBecomeIntegersAsThroughKubectl) {
  Json got = MustYaml(
      "v: [1e3, 1E3, 1.5e3, 2.5e-1, 1e+3, 1e400, -1e3, .5, 1., 0x1F, 0o17, 017, 1_000, +1, -0, "
      "1e-400, 12e3, 1.0, 100.0e0, 9007199254740993, 1e19, 1e20, 1e21, "
      "123456789012345678901234567890, 12345678e3]\n");
  EXPECT_EQ(got.Find("v")->Dump(),
            "[1000,1000,1500,0.25,1000,\"1e400\",-1000,0.5,1,31,15,15,1000,1,0,0,12000,1,100,"
            "9007199254740993,10000000000000000000,100000000000000000000,1e+21,"
            "1.2345678901234568e+29,12345678000]");
  const Json::Array& v = got.Find("v")->array();
  for (size_t i : {0, 1, 2, 4, 6, 8, 16, 17, 18, 24}) EXPECT_TRUE(v[i].is_int()) << v[i].Dump();
  for (size_t i : {3, 7, 20, 21, 22, 23}) EXPECT_TRUE(v[i].is_double()) << v[i].Dump();
  // Keys keep go-yaml's float spelling.
  EXPECT_NE(MustYaml("1e7: a\n").Find("1e+07"), nullptr);
}

// testdata/yaml-aliasing-go.txt: whether gopkg.in/yaml.v2 2.4.0 (what sigs.k8s.io/yaml
// forks) decodes each generated document or stops with "excessive aliasing": flat ones (an
// anchor of K scalars, M aliases of it, P plain scalars) and "billion laughs" ones (LEVELS
// anchors, each WIDTH aliases of the one before).
std::string FlowList(int n, const std::string& item) {
  std::string out = "[";
  for (int i = 0; i < n; ++i) out += (i > 0 ? "," : "") + item;
  return out + "]";
}

std::string FlatAliases(int k, int m, int p) {
  return "a: &a " + FlowList(k, "x") + "\nb: " + FlowList(m, "*a") + "\nc: " + FlowList(p, "y") +
         "\n";
}

std::string BillionLaughs(int width, int levels) {
  std::string out = "l0: &l0 " + FlowList(width, "lol") + "\n";
  for (int i = 1; i < levels; ++i) {
    out += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " " +
           FlowList(width, "*l" + std::to_string(i - 1)) + "\n";
  }
  return out;
}

TEST(YamlTest, AliasingIsBoundedAsGoYamlBoundsIt) {
  std::istringstream lines(ReadTestdata("yaml-aliasing-go.txt"));
  int cases = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    std::string form, verdict;
    int a = 0, b = 0, c = 0;
    in >> form >> a >> b;
    if (form == "flat") in >> c;
    in >> verdict;
    std::string doc = form == "flat" ? FlatAliases(a, b, c) : BillionLaughs(a, b);
    auto got = ParseYaml(doc);
    if (verdict == "ok") {
      EXPECT_TRUE(got.ok()) << line << ": " << got.status();
    } else {
      ASSERT_FALSE(got.ok()) << line;
      EXPECT_EQ(got.status().message(), "yaml: document contains excessive aliasing") << line;
    }
    ++cases;
  }
  EXPECT_EQ(cases, 235);
}

// A 430-byte pod that expands to 9^9 "lol"s (and 10 GiB before the bound): refused at once.
TEST(YamlTest, BillionLaughsPodStopsAtOnce) {
  std::string pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\nspec:\n";
  pod += "  a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    pod += std::string("  ") + c + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) pod += (i > 0 ? ",*" : "*") + prev;
    pod += "]\n";
  }
  pod += "  containers: [{name: c, image: x, args: *i}]\n";
  EXPECT_LT(pod.size(), 450u);
  absl::Time start = absl::Now();
  auto got = ParseYaml(pod);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(), "yaml: document contains excessive aliasing");
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  // The same with merge keys (read here as a key named "<<", as aliases all the same).
  std::string merge = "a: &a {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8}\n";
  for (char c = 'b'; c <= 'h'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    merge += std::string(1, c) + ": &" + c + " {\"<<\": [";
    for (int i = 0; i < 9; ++i) merge += (i > 0 ? ",*" : "*") + prev;
    merge += "]}\n";
  }
  auto merged = ParseYaml(merge);
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.status().message(), "yaml: document contains excessive aliasing");
}

TEST(YamlTest, AnchorsBelongToTheirDocument) {
  auto docs = ParseYamlDocuments("a: &x 1\n---\nb: *x\n");
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().message(), "yaml: unknown anchor 'x' referenced");
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
      // An entry is due at the end: no node (go-yaml's answer, from the Sprig corpus).
      {"a: [", "yaml: line 1: did not find expected node content"},
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
}  // namespace k8sclient
