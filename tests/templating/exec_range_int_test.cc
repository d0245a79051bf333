// {{range N}} over an integer, as Go 1.24 added it. No Go >= 1.24 is installed here (Debian's
// go1.19 and kubectl's go1.23 both reject it), so every expectation below is worked out by
// hand from Go 1.24's src/text/template/exec.go, walkRange:
//   - the integer kinds (int*, uint*) iterate via reflect.Value.Seq, which yields 0..N-1
//     in N's own type (int for a literal or len, int64 for JSON numbers, uint8 from index
//     on a string); dot and a single variable get that value;
//   - with two declared variables: s.errorf("can't use %v to iterate over more than one
//     variable", val), raised before any iteration, so even for N <= 0; the parser accepts
//     `$i, $e :=` because it cannot know the value's type;
//   - N <= 0 runs nothing and takes {{else}};
//   - every other kind still ends in "range can't iterate over %v";
//   - `$v = N` (assignment) sets the enclosing $v to each element, so it keeps N-1.
// Error positions are those of the last node evaluated (the pipeline's operand), as for the
// pre-1.24 "range can't iterate over 3" that Go 1.19 printed at the same place.
#include <string>

#include "gtest/gtest.h"
#include "templating/template.h"
#include "tests/templating/engine_test_util.h"

namespace tmpl {
namespace {

constexpr char kData[] = R"({"i":3,"neg":-7,"zero":0,"f":2.5,"t":true,"s":"str","l":["s",3]})";

struct Case {
  const char* text;
  const char* want;
  const char* err;
};

const Case kCases[] = {
    {"{{range 3}}{{.}}{{end}}", "012", ""},
    {"{{range $i := .i}}{{$i}}{{end}}", "012", ""},
    {"{{range $x := 3}}{{$x}}{{.}}{{end}}", "001122", ""},
    {"{{range len .l}}{{.}}{{end}}", "01", ""},
    {"{{range 2}}{{range 2}}{{.}}{{end}}|{{end}}", "01|01|", ""},
    {"{{range 2}}{{printf \"%T \" .}}{{end}}{{range .i}}{{printf \"%T \" .}}{{end}}",
     "int int int64 int64 int64 ", ""},
    {"{{range index \"\\x02\" 0}}{{printf \"%T=%v \" . .}}{{end}}", "uint8=0 uint8=1 ", ""},
    {"{{range 0}}x{{else}}e{{end}}", "e", ""},
    {"{{range .zero}}x{{else}}e{{end}}", "e", ""},
    {"{{range .neg}}x{{else}}e{{end}}", "e", ""},
    {"{{range -2}}x{{else}}e{{end}}", "e", ""},
    {"{{range 5}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}", "012", ""},
    {"{{range 4}}{{if eq . 1}}{{continue}}{{end}}{{.}}{{end}}", "023", ""},
    {"{{range 1}}{{break}}{{else}}e{{end}}", "", ""},
    {"{{$i := 9}}{{range $i = 3}}{{end}}{{$i}}", "2", ""},
    {"{{$i := 9}}{{range $i = 0}}{{end}}{{$i}}", "0", ""},
    {"{{range $a, $b := .i}}x{{end}}", "",
     "template: t:1:18: executing \"t\" at <.i>: can't use 3 to iterate over more than one variable"},
    {"{{range $a, $b := 3}}x{{end}}", "",
     "template: t:1:18: executing \"t\" at <3>: can't use 3 to iterate over more than one variable"},
    {"{{range $a, $b := 0}}x{{else}}e{{end}}", "",
     "template: t:1:18: executing \"t\" at <0>: can't use 0 to iterate over more than one variable"},
    {"{{range .f}}x{{end}}", "", "template: t:1:8: executing \"t\" at <.f>: range can't iterate over 2.5"},
    {"{{range 3.5}}x{{end}}", "", "template: t:1:8: executing \"t\" at <3.5>: range can't iterate over 3.5"},
    {"{{range .t}}x{{end}}", "", "template: t:1:8: executing \"t\" at <.t>: range can't iterate over true"},
};

class RangeIntTest : public ::testing::TestWithParam<Case> {};

TEST_P(RangeIntTest, MatchesGo124) {
  const Case& c = GetParam();
  Template t("t");
  ASSERT_TRUE(t.Parse(c.text).ok()) << c.text;
  auto r = t.Execute(testing::FromJson(kData));
  if (*c.err != '\0') {
    ASSERT_FALSE(r.ok()) << c.text << " rendered " << *r;
    EXPECT_EQ(r.status().message(), c.err) << c.text;
  } else {
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.status().message();
    EXPECT_EQ(*r, c.want) << c.text;
  }
}

INSTANTIATE_TEST_SUITE_P(Go124, RangeIntTest, ::testing::ValuesIn(kCases));

}  // namespace
}  // namespace tmpl
