// Parser cases: the expected tree (Go's Tree.Root.String() of every template the text
// defines, in name order) or error was printed by Go's text/template/parse (go1.19) for the
// same text, with printf, print and len as the only functions.
#include <string>

#include "gtest/gtest.h"
#include "templating/parser.h"

namespace templating {
namespace {

struct Case {
  const char* text;
  const char* want;
  const char* err;
};

const Case kCases[] = {
    {"some text", "[t]some text", ""},
    {"{{.}}", "[t]{{.}}", ""},
    {"{{/* comment */}}", "[t]", ""},
    {"{{.X}}", "[t]{{.X}}", ""},
    {"{{.X.Y.Z}}", "[t]{{.X.Y.Z}}", ""},
    {"{{$}}", "[t]{{$}}", ""},
    {"{{$x := 3}}{{$x}}", "[t]{{$x := 3}}{{$x}}", ""},
    {"{{$x, $y := .}}", "", "template: t:1: too many declarations in command"},
    {"{{range $i, $e := .}}{{$i}}{{end}}", "[t]{{range $i, $e := .}}{{$i}}{{end}}", ""},
    {"{{range .SI}}{{.}}{{else}}x{{end}}", "[t]{{range .SI}}{{.}}{{else}}x{{end}}", ""},
    {"{{if .X}}hello{{end}}", "[t]{{if .X}}hello{{end}}", ""},
    {"{{if .X}}true{{else}}false{{end}}", "[t]{{if .X}}true{{else}}false{{end}}", ""},
    {"{{if .X}}1{{else if .Y}}2{{else}}3{{end}}", "[t]{{if .X}}1{{else}}{{if .Y}}2{{else}}3{{end}}{{end}}", ""},
    {"{{with .X}}a{{else}}b{{end}}", "[t]{{with .X}}a{{else}}b{{end}}", ""},
    {"{{template \"x\"}}", "[t]{{template \"x\"}}", ""},
    {"{{template `x` .Y}}", "[t]{{template \"x\" .Y}}", ""},
    {"{{printf \"%d\" 23}}", "[t]{{printf \"%d\" 23}}", ""},
    {"{{.X | printf \"%s\"}}", "[t]{{.X | printf \"%s\"}}", ""},
    {"{{(printf \"x\").Y}}", "[t]{{(printf \"x\").Y}}", ""},
    {"{{.Y | printf \"%s\" | printf \"%q\"}}", "[t]{{.Y | printf \"%s\" | printf \"%q\"}}", ""},
    {"{{$.I}}", "[t]{{$.I}}", ""},
    {"{{3.5}} {{'a'}} {{0x1F}} {{-7}} {{1e3}} {{1_000}} {{0b101}} {{0o17}} {{true}} {{false}} {{nil | printf}}", "[t]{{3.5}} {{'a'}} {{0x1F}} {{-7}} {{1e3}} {{1_000}} {{0b101}} {{0o17}} {{true}} {{false}} {{nil | printf}}", ""},
    {"{{print .A .B}}", "[t]{{print .A .B}}", ""},
    {"{{- 3 -}}", "[t]{{3}}", ""},
    {"x {{- 3}}", "[t]x{{3}}", ""},
    {"{{3 -}}  y", "[t]{{3}}y", ""},
    {"{{define \"a\"}}A{{end}}main", "[a]A[t]main", ""},
    {"{{block \"b\" .}}B{{end}}", "[b]B[t]{{template \"b\" .}}", ""},
    {"{{range .}}{{break}}{{continue}}{{end}}", "[t]{{range .}}{{break}}{{continue}}{{end}}", ""},
    {"{{$x := 1}}{{$x = 2}}", "[t]{{$x := 1}}{{$x := 2}}", ""},
    {"{{print (1) (print 2)}}", "[t]{{print (1) (print 2)}}", ""},
    {"{{`raw\nstring`}}", "[t]{{`raw\nstring`}}", ""},
    {"{{\"a\" | len}}", "[t]{{\"a\" | len}}", ""},
    {"{{.X.Y | print}}", "[t]{{.X.Y | print}}", ""},
    {"{{$v.x}}", "", "template: t:1: undefined variable \"$v\""},
    {"{{.X 1}}", "[t]{{.X 1}}", ""},
    {"{{if}}", "", "template: t:1: missing value for if"},
    {"{{range}}", "", "template: t:1: missing value for range"},
    {"{{end}}", "", "template: t:1: unexpected {{end}}"},
    {"{{else}}", "", "template: t:1: unexpected {{else}}"},
    {"{{.X", "", "template: t:1: unclosed action"},
    {"{{.X}", "", "template: t:1: bad character U+007D '}'"},
    {"{{\"unclosed", "", "template: t:1: unterminated quoted string"},
    {"{{'ab'}}", "", "template: t:1: malformed character constant: 'ab'"},
    {"{{nope}}", "", "template: t:1: function \"nope\" not defined"},
    {"{{$x}}", "", "template: t:1: undefined variable \"$x\""},
    {"{{3 | 4}}", "", "template: t:1: non executable command in pipeline stage 2"},
    {"{{.X | 3}}", "", "template: t:1: non executable command in pipeline stage 2"},
    {"{{define \"a\"}}a{{end}}{{define \"a\"}}b{{end}}", "", "template: t:1: template: multiple definition of template \"a\""},
    {"{{if .X}}", "", "template: t:1: unexpected EOF"},
    {"{{break}}", "", "template: t:1: {{break}} outside {{range}}"},
    {"{{continue}}", "", "template: t:1: {{continue}} outside {{range}}"},
    {"{{range .}}{{break 1}}{{end}}", "", "template: t:1: unexpected \"1\" in {{break}}"},
    {"{{(}}", "", "template: t:1: unclosed left paren"},
    {"{{)}}", "", "template: t:1: unexpected \")\" in command"},
    {"{{printf 3 .}}x{{", "", "template: t:1: unclosed action"},
    {"{{1.5.x}}", "", "template: t:1: unexpected . after term \"1.5\""},
    {"{{$x, $y, $z := 1}}", "", "template: t:1: too many declarations in command"},
    {"{{range $x, $y, $z := .}}{{end}}", "", "template: t:1: too many declarations in range"},
    {"{{ /* c */ }}", "", "template: t:1: unexpected \"/\" in command"},
    {"{{/* c */ -}}", "[t]", ""},
    {"{{/* unclosed", "", "template: t:1: unclosed comment"},
    {"{{$x := 1 2 |}}", "[t]{{$x := 1 2}}", ""},
    {"{{with $x := 3}}{{$x}}{{end}}{{$x}}", "", "template: t:1: undefined variable \"$x\""},
    {"{{.X}}{{else}}", "", "template: t:1: unexpected {{else}}"},
    {"{{template}}", "", "template: t:1: unexpected \"}}\" in template clause"},
    {"{{template \"x\" 1 2 | }}", "[t]{{template \"x\" 1 2}}", ""},
    {"{{0x}}", "", "template: t:1: illegal number syntax: \"0x\""},
    {"{{1e}}", "", "template: t:1: illegal number syntax: \"1e\""},
    {"{{99999999999999999999}}", "", "template: t:1: integer overflow: \"99999999999999999999\""},
    {"{{1+2i}}", "[t]{{1+2i}}", ""},
    {"{{@}}", "", "template: t:1: unexpected \"@\" in command"},
    {"{{.X.}}", "", "template: t:1: unexpected <.> in operand"},
    {"{{.X!}}", "", "template: t:1: bad character U+0021 '!'"},
    {"{{$x:=1}}{{$x}}", "[t]{{$x := 1}}{{$x}}", ""},
    {"{{if .X}}a{{else}}b{{else}}c{{end}}", "", "template: t:1: expected end; found {{else}}"},
    {"a\n\n{{if}}", "", "template: t:3: missing value for if"},
    {"{{if\n.X}}x{{end}}", "[t]{{if .X}}x{{end}}", ""},
    {"{{.X\n", "", "template: t:2: unclosed action started at t:1"},
    {"x\n{{3 |\n\n", "", "template: t:4: unclosed action started at t:2"},
    {"{{define \"a\"}}\n{{nope}}{{end}}", "", "template: t:2: function \"nope\" not defined"},
    {"{{- /* trimmed */ -}}\n  a  {{- /* again */}}", "[t]a", ""},
};

class ParserTest : public ::testing::TestWithParam<Case> {};

TEST_P(ParserTest, MatchesGo) {
  const Case& c = GetParam();
  ParseOptions opts;
  opts.has_function = [](std::string_view n) { return n == "printf" || n == "print" || n == "len"; };
  TreeSet trees;
  absl::Status st = ParseTrees("t", c.text, opts, &trees);
  if (*c.err != '\0') {
    EXPECT_EQ(st.message(), c.err) << c.text;
    return;
  }
  ASSERT_TRUE(st.ok()) << c.text << ": " << st.message();
  std::string got;
  for (const auto& [name, tree] : trees) got += "[" + name + "]" + tree->root->String();
  EXPECT_EQ(got, c.want) << c.text;
}

INSTANTIATE_TEST_SUITE_P(Go, ParserTest, ::testing::ValuesIn(kCases));

TEST(Parser, FunctionsNamedBreakShadowTheKeyword) {
  ParseOptions opts;
  opts.has_function = [](std::string_view n) { return n == "break"; };
  TreeSet trees;
  ASSERT_TRUE(ParseTrees("t", "{{break}}", opts, &trees).ok());
  EXPECT_EQ(trees["t"]->root->String(), "{{break}}");
}

TEST(Parser, SkipFuncCheck) {
  ParseOptions opts;  // no has_function: Go's SkipFuncCheck
  TreeSet trees;
  EXPECT_TRUE(ParseTrees("t", "{{anything 1}}", opts, &trees).ok());
}

TEST(Parser, DeepNestingFailsCleanly) {
  std::string text = "{{";
  for (int i = 0; i < 100000; ++i) text += "(";
  text += "1";
  for (int i = 0; i < 100000; ++i) text += ")";
  text += "}}";
  TreeSet trees;
  EXPECT_FALSE(ParseTrees("t", text, ParseOptions(), &trees).ok());
  std::string ifs;
  for (int i = 0; i < 100000; ++i) ifs += "{{if 1}}";
  EXPECT_FALSE(ParseTrees("t", ifs, ParseOptions(), &trees).ok());
}

TEST(Parser, NumberLiterals) {
  ParseOptions opts;
  TreeSet trees;
  ASSERT_TRUE(ParseTrees("t", "{{0x1F}}{{1_000}}{{'\\n'}}{{1e3}}{{0x1p-2}}{{-0}}", opts, &trees).ok());
  const auto& nodes = trees["t"]->root->nodes;
  auto num = [&](size_t i) {
    auto* a = static_cast<const ActionNode*>(nodes[i].get());
    return static_cast<const NumberNode*>(a->pipe->cmds[0]->args[0].get());
  };
  EXPECT_TRUE(num(0)->is_int);
  EXPECT_EQ(num(0)->int64, 31);
  EXPECT_EQ(num(1)->int64, 1000);
  EXPECT_EQ(num(2)->int64, 10);
  EXPECT_TRUE(num(3)->is_float);
  EXPECT_TRUE(num(3)->is_int);  // 1e3 is integral
  EXPECT_EQ(num(3)->int64, 1000);
  EXPECT_DOUBLE_EQ(num(4)->float64, 0.25);
  EXPECT_FALSE(num(4)->is_int);
  EXPECT_TRUE(num(5)->is_uint);
}

}  // namespace
}  // namespace templating
