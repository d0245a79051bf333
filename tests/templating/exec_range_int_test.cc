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

namespace templating {
namespace {

constexpr char kData[] = R"({"i":3,"neg":-7,"zero":0,"f":2.5,"t":true,"s":"str","l":["s",3]})";

const testing::GoCase kCases[] = {
    {"{{range 3}}{{.}}{{end}}", MissingKey::kDefault, "012", ""},
    {"{{range $i := .i}}{{$i}}{{end}}", MissingKey::kDefault, "012", ""},
    {"{{range $x := 3}}{{$x}}{{.}}{{end}}", MissingKey::kDefault, "001122", ""},
    {"{{range len .l}}{{.}}{{end}}", MissingKey::kDefault, "01", ""},
    {"{{range 2}}{{range 2}}{{.}}{{end}}|{{end}}", MissingKey::kDefault, "01|01|", ""},
    {"{{range 2}}{{printf \"%T \" .}}{{end}}{{range .i}}{{printf \"%T \" .}}{{end}}", MissingKey::kDefault,
     "int int int64 int64 int64 ", ""},
    {"{{range index \"\\x02\" 0}}{{printf \"%T=%v \" . .}}{{end}}", MissingKey::kDefault, "uint8=0 uint8=1 ", ""},
    {"{{range 0}}x{{else}}e{{end}}", MissingKey::kDefault, "e", ""},
    {"{{range .zero}}x{{else}}e{{end}}", MissingKey::kDefault, "e", ""},
    {"{{range .neg}}x{{else}}e{{end}}", MissingKey::kDefault, "e", ""},
    {"{{range -2}}x{{else}}e{{end}}", MissingKey::kDefault, "e", ""},
    {"{{range 5}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}", MissingKey::kDefault, "012", ""},
    {"{{range 4}}{{if eq . 1}}{{continue}}{{end}}{{.}}{{end}}", MissingKey::kDefault, "023", ""},
    {"{{range 1}}{{break}}{{else}}e{{end}}", MissingKey::kDefault, "", ""},
    {"{{$i := 9}}{{range $i = 3}}{{end}}{{$i}}", MissingKey::kDefault, "2", ""},
    {"{{$i := 9}}{{range $i = 0}}{{end}}{{$i}}", MissingKey::kDefault, "0", ""},
    {"{{range $a, $b := .i}}x{{end}}", MissingKey::kDefault, "",
     "template: t:1:18: executing \"t\" at <.i>: can't use 3 to iterate over more than one variable"},
    {"{{range $a, $b := 3}}x{{end}}", MissingKey::kDefault, "",
     "template: t:1:18: executing \"t\" at <3>: can't use 3 to iterate over more than one variable"},
    {"{{range $a, $b := 0}}x{{else}}e{{end}}", MissingKey::kDefault, "",
     "template: t:1:18: executing \"t\" at <0>: can't use 0 to iterate over more than one variable"},
    {"{{range .f}}x{{end}}", MissingKey::kDefault, "", "template: t:1:8: executing \"t\" at <.f>: range can't iterate over 2.5"},
    {"{{range 3.5}}x{{end}}", MissingKey::kDefault, "", "template: t:1:8: executing \"t\" at <3.5>: range can't iterate over 3.5"},
    {"{{range .t}}x{{end}}", MissingKey::kDefault, "", "template: t:1:8: executing \"t\" at <.t>: range can't iterate over true"},
};

class RangeIntTest : public ::testing::TestWithParam<testing::GoCase> {};

TEST_P(RangeIntTest, MatchesGo124) { testing::ExpectMatchesGo(GetParam(), kData); }

INSTANTIATE_TEST_SUITE_P(Go124, RangeIntTest, ::testing::ValuesIn(kCases));

}  // namespace
}  // namespace templating
