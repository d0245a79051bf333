// Builtin functions through templates: each expectation (output or error) is what Go's
// text/template (go1.19) produced for the same template and data, except where marked.
#include <string>

#include "gtest/gtest.h"
#include "templating/builtins.h"
#include "templating/template.h"
#include "tests/templating/engine_test_util.h"

namespace templating {
namespace {

constexpr char kData[] =
    R"({"a":{"b":1.5},"n":null,"l":["s",3],"i":3,"empty":[],"s":"str","f":2.5,"t":true,)"
    R"("big":3,"neg":-7,"nested":{"x":[{"y":"deep"},null]},"ln":[null]})";

const testing::GoCase kCases[] = {
    {"{{and}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <and>: wrong number of args for and: want at least 1 got 0"},
    {"{{and 1}} {{and 0}} {{and 1 \"\" 2}} {{and .l .a}} {{and .x 1}}", MissingKey::kDefault, "1 0  map[b:1.5] <no value>", ""},
    {"{{or}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <or>: wrong number of args for or: want at least 1 got 0"},
    {"{{or 0}} {{or \"\" 0 .l}} {{or .x .n}} {{or 1 (index .l 9)}}", MissingKey::kDefault, "0 [s 3] <no value> 1", ""},
    {"{{and 0 (index .l 9)}}", MissingKey::kDefault, "0", ""},
    {"{{not .x}} {{not .n}} {{not .empty}} {{not .a}} {{not 0.0}} {{not \"0\"}}", MissingKey::kDefault, "true true true false true false", ""},
    {"{{len .empty}} {{len \"\"}} {{len .s}}", MissingKey::kDefault, "0 0 3", ""},
    {"{{len 3.5}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <len 3.5>: error calling len: len of type float64"},
    {"{{len true}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <len true>: error calling len: len of type bool"},
    {"{{len}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <len>: wrong number of args for len: want 1 got 0"},
    {"{{index .a}} {{index .l}} {{index .nested \"x\" 0 \"y\"}}", MissingKey::kDefault, "map[b:1.5] [s 3] deep", ""},
    {"{{index .nested \"x\" 1 \"y\"}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .nested \"x\" 1 \"y\">: error calling index: index of nil pointer"},
    {"{{index .nested \"x\" 0 \"y\" 0}}", MissingKey::kDefault, "100", ""},
    {"{{index .l -1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .l -1>: error calling index: index out of range: -1"},
    {"{{index .l 1.5}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .l 1.5>: error calling index: cannot index slice/array with type float64"},
    {"{{index .l nil}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .l nil>: error calling index: cannot index slice/array with nil"},
    {"{{index .a nil}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .a nil>: error calling index: value is nil; should be of type string"},
    {"{{index nil 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index nil 1>: error calling index: index of untyped nil"},
    {"{{index .n 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .n 1>: error calling index: index of untyped nil"},
    {"{{index .ln 0 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .ln 0 1>: error calling index: index of nil pointer"},
    {"{{index .i 0}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .i 0>: error calling index: can't index item of type int64"},
    {"{{index .l true}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .l true>: error calling index: cannot index slice/array with type bool"},
    {"{{slice .l 0 2}} {{slice .l 2}} {{slice .s 1 2}} {{slice .s}}", MissingKey::kDefault, "[s 3] [] t str", ""},
    {"{{slice .l 0 1 2}}", MissingKey::kDefault, "[s]", ""},
    {"{{slice .s 0 1 2}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <slice .s 0 1 2>: error calling slice: cannot 3-index slice a string"},
    {"{{slice .l 3}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <slice .l 3>: error calling slice: index out of range: 3"},
    {"{{slice .l 0 1 2 3}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <slice .l 0 1 2 3>: error calling slice: too many slice indexes: 4"},
    {"{{slice .x}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <slice .x>: error calling slice: slice of untyped nil"},
    {"{{slice .l 1 0 2}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <slice .l 1 0 2>: error calling slice: invalid slice index: 1 > 0"},
    {"{{slice .l 0 2 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <slice .l 0 2 1>: error calling slice: invalid slice index: 2 > 1"},
    {"{{eq .x .x}} {{eq .n .x}} {{eq \"a\" .x}} {{eq .i .big}} {{eq .f 2.5}} {{eq .t true}}", MissingKey::kDefault, "true true false true true true", ""},
    {"{{eq .l 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <eq .l 1>: error calling eq: incompatible types for comparison"},
    {"{{eq .a .a}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <eq .a .a>: error calling eq: non-comparable type map[b:%!s(float64=1.5)]: map[string]interface {}"},
    {"{{eq .l .a}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <eq .l .a>: error calling eq: non-comparable types [s %!s(int64=3)]: []interface {}, map[string]interface {}: map[b:1.5]"},
    {"{{ne .x 1}} {{ne 1 1}}", MissingKey::kDefault, "true false", ""},
    {"{{ne \"a\" 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <ne \"a\" 1>: error calling ne: incompatible types for comparison"},
    {"{{lt 1 2}} {{lt 2 1}} {{lt 1.5 2.5}} {{lt \"a\" \"b\"}} {{lt \"b\" \"a\"}} {{lt .neg .i}}", MissingKey::kDefault, "true false true true false true", ""},
    {"{{le 1 1}} {{le \"a\" \"a\"}} {{gt 2 1}} {{gt 1.0 1.0}} {{ge 1 1}} {{ge \"a\" \"b\"}}", MissingKey::kDefault, "true true true false true false", ""},
    {"{{lt .x 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <lt .x 1>: error calling lt: invalid type for comparison"},
    {"{{lt 1 .x}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <lt 1 .x>: error calling lt: invalid type for comparison"},
    {"{{lt 1 1.5}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <lt 1 1.5>: error calling lt: incompatible types for comparison"},
    {"{{lt .f 3}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <lt .f 3>: error calling lt: incompatible types for comparison"},
    {"{{le 1 \"a\"}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <le 1 \"a\">: error calling le: incompatible types for comparison"},
    {"{{gt true true}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <gt true true>: error calling gt: invalid type for comparison"},
    {"{{ge .l .l}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <ge .l .l>: error calling ge: invalid type for comparison"},
    {"{{lt 1 2 3}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <lt>: wrong number of args for lt: want 2 got 3"},
    {"{{eq}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <eq>: wrong number of args for eq: want at least 1 got 0"},
    {"{{print 1 2}} {{print \"a\" 1 \"b\"}} {{print .l .a}} {{print .x}} {{print 1.5 true}}", MissingKey::kDefault, "1 2 a1b [s 3] map[b:1.5] <nil> 1.5 true", ""},
    {"{{println}}|{{println .x \"a\"}}", MissingKey::kDefault, "\n|<nil> a\n", ""},
    {"{{printf \"%s=%d\" \"a\" 1}} {{printf \"%v\" .l}} {{printf \"no verbs\"}} {{printf \"%q\" .x}}", MissingKey::kDefault, "a=1 [s 3] no verbs %!q(<nil>)", ""},
    {"{{printf \"%s\" .s \"extra\"}}", MissingKey::kDefault, "str%!(EXTRA string=extra)", ""},
    {"{{printf}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <printf>: wrong number of args for printf: want at least 1 got 0"},
    {"{{printf .l}}", MissingKey::kDefault, "", "template: t:1:9: executing \"t\" at <.l>: wrong type for value; expected string; got []interface {}"},
    {"{{printf nil}}", MissingKey::kDefault, "", "template: t:1:9: executing \"t\" at <nil>: cannot assign nil to string"},
    {"{{printf true}}", MissingKey::kDefault, "", "template: t:1:9: executing \"t\" at <true>: expected string; found true"},
    {"{{html \"a\" 1 \"b\"}} {{html .l}} {{html \"\\x00\"}} {{js \"\\t\\u2028é\"}} {{js .l}} {{urlquery \"a\" 1 .x}} {{urlquery \"~-._ !*'()\"}}", MissingKey::kDefault, "a1b [s 3] � \\u0009\\u2028é [s 3] a1%3Cno+value%3E ~-._+%21%2A%27%28%29", ""},
    {"{{html}}|{{js}}|{{urlquery}}", MissingKey::kDefault, "||", ""},
    {"{{call .x}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <call .x>: error calling call: call of nil"},
    // Since Go 1.21 call's errors name the callee by its argument node's text (go1.19 said
    // "non-function of type int64"); these are kubectl's (Go 1.23) texts on this machine.
    {"{{call .i 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <call .i 1>: error calling call: non-function .i of type int64"},
    {"{{call (print 1)}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <call (print 1)>: error calling call: non-function print 1 of type string"},
    {"{{call 'a'}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <call 'a'>: error calling call: non-function 'a' of type int"},
    {"{{call \"a\\tb\"}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <call \"a\\tb\">: error calling call: non-function \"a\\tb\" of type string"},
    {"{{call $.l}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <call $.l>: error calling call: non-function $.l of type []interface {}"},
    {"{{.s | call .a}}", MissingKey::kDefault, "", "template: t:1:7: executing \"t\" at <call .a>: error calling call: non-function .a of type map[string]interface {}"},
    // A callee that comes down the pipeline crashes Go 1.23 (golang/go#70341); Go 1.24's
    // evalCall names it by reflect.Value.String(): the string itself, else "<TYPE Value>".
    {"{{.s | call}}", MissingKey::kDefault, "", "template: t:1:7: executing \"t\" at <call>: error calling call: non-function str of type string"},
    {"{{.i | call}}", MissingKey::kDefault, "", "template: t:1:7: executing \"t\" at <call>: error calling call: non-function <int64 Value> of type int64"},
    {"{{.x | call}}", MissingKey::kDefault, "", "template: t:1:7: executing \"t\" at <call>: error calling call: call of nil"},
    {"{{call}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <call>: wrong number of args for call: want at least 1 got 0"},
    {"{{.l | len}} {{\"abc\" | len}} {{.a | index .l 0 | print}}", MissingKey::kDefault, "", "template: t:1:36: executing \"t\" at <index .l 0>: error calling index: cannot index slice/array with type map[string]interface {}"},
    {"{{1 | eq 1}} {{2 | lt 1}} {{\"x\" | printf \"%s-%s\" \"y\"}} {{0 | and 1}} {{1 | or 0}} {{0 | not}}", MissingKey::kDefault, "true true y-x 0 1 true", ""},
    {"{{.x | not}} {{.x | print}} {{.x | len}}", MissingKey::kDefault, "", "template: t:1:35: executing \"t\" at <len>: error calling len: reflect: call of reflect.Value.Type on zero Value"},
    {"{{.n | len}}", MissingKey::kDefault, "", "template: t:1:7: executing \"t\" at <len>: error calling len: reflect: call of reflect.Value.Type on zero Value"},
    {"{{not 1 | not}}", MissingKey::kDefault, "true", ""},
    {"{{and (eq 1 1) (ne 1 2) (lt 1 2)}}", MissingKey::kDefault, "true", ""},
    {"{{index .a \"b\" | printf \"%.2f\"}}", MissingKey::kDefault, "1.50", ""},
    // %q and js escape what Go's tables call unprintable (U+0378 is unassigned).
    {"{{printf \"%q\" \"\\u0378\"}}", MissingKey::kDefault, "\"\\u0378\"", ""},
    {"{{js \"\\u0378\\u00ad\\U000e0001 \u00e9\\u2028\"}}", MissingKey::kDefault, "\\u0378\\u00AD\\uE0001 \u00e9\\u2028", ""},
};

class BuiltinsTest : public ::testing::TestWithParam<testing::GoCase> {};

TEST_P(BuiltinsTest, MatchesGo) { testing::ExpectMatchesGo(GetParam(), kData); }

INSTANTIATE_TEST_SUITE_P(Go, BuiltinsTest, ::testing::ValuesIn(kCases));

TEST(Builtins, AllInstalled) {
  for (const char* n : {"and", "or", "not", "len", "index", "slice", "print", "printf", "println",
                        "html", "js", "urlquery", "eq", "ne", "lt", "le", "gt", "ge", "call"}) {
    EXPECT_EQ(Builtins().count(n), 1u) << n;
  }
  EXPECT_EQ(Builtins().size(), 19u);
}

TEST(Builtins, CallInvokesFunctionValues) {
  Map m{{"add", Value::Func([](CallContext&, absl::Span<const Value> a) -> absl::StatusOr<Value> {
           return Value(a[0].as_int() + a[1].as_int());
         })},
        {"bad", Value::Func([](CallContext&, absl::Span<const Value>) -> absl::StatusOr<Value> {
           return absl::InvalidArgumentError("nope");
         })}};
  Template t("t");
  ASSERT_TRUE(t.Parse("{{call .add 1 2}}").ok());
  auto r = t.Execute(Value(m));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "3");
  Template b("b");
  ASSERT_TRUE(b.Parse("{{call .bad}}").ok());
  r = b.Execute(Value(m));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "template: b:1:2: executing \"b\" at <call .bad>: error calling call: nope");
}

TEST(Builtins, UserFunctionsOverrideBuiltins) {
  Template t("t");
  t.Funcs({{"len", [](CallContext&, absl::Span<const Value>) -> absl::StatusOr<Value> {
             return Value("mine");
           }}});
  ASSERT_TRUE(t.Parse("{{len 1 2 3}}").ok());
  auto r = t.Execute(Value());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "mine");
}

TEST(Builtins, UserFunctionsSeeNilForMissing) {
  Template t("t");
  bool saw_nil = false;
  t.Funcs({{"probe", [&](CallContext&, absl::Span<const Value> a) -> absl::StatusOr<Value> {
             saw_nil = a.size() == 2 && a[0].is_nil() && a[1].is_nil();
             return Value(1);
           }}});
  ASSERT_TRUE(t.Parse("{{.missing | probe .other}}").ok());
  ASSERT_TRUE(t.Execute(Value(Map{})).ok());
  EXPECT_TRUE(saw_nil);
}

TEST(Builtins, CallErrorAndArgErrorPositions) {
  Template t("t");
  t.Funcs({{"one", [](CallContext&, absl::Span<const Value> a) -> absl::StatusOr<Value> {
             if (a.size() != 1) return CallError("wrong number of args for one: want 1 got 2");
             return ArgError(0, "wrong type for value; expected string; got int");
           }}});
  ASSERT_TRUE(t.Parse("{{one 1 2}}").ok());
  auto r = t.Execute(Value());
  EXPECT_EQ(r.status().message(),
            "template: t:1:2: executing \"t\" at <one>: wrong number of args for one: want 1 got 2");
  ASSERT_TRUE(t.Parse("{{one 1}}").ok());
  r = t.Execute(Value());
  EXPECT_EQ(r.status().message(),
            "template: t:1:6: executing \"t\" at <1>: wrong type for value; expected string; got int");
}

TEST(Builtins, Escapers) {
  EXPECT_EQ(HTMLEscapeString("<a href=\"x\">'&'</a>"),
            "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  // Go 1.21+ escapes these with \u00XX (go-template.md, checked against kubectl's Go).
  EXPECT_EQ(JSEscapeString("<>&='\"\\"), "\\u003C\\u003E\\u0026\\u003D\\'\\\"\\\\");
  EXPECT_EQ(URLQueryEscape("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
}

}  // namespace
}  // namespace templating
