// Complex constants (1i, 1+2i): Go's lexer, newNumber (fmt.Sscan for "a+bi"), idealConstant
// and fmt's complex printing, and what the builtins make of a complex128. Every row is what
// go1.19's text/template printed (enginegen/exec_gen.go.txt over enginegen/complex_cases.txt);
// kubectl's Go 1.23 agrees (corpus web--complex-*.tmpl).
#include <string>

#include "gtest/gtest.h"
#include "templating/template.h"
#include "tests/templating/engine_test_util.h"

namespace templating {
namespace {

// exec_gen's data, of which these rows use only .l.
constexpr char kData[] = R"({"l":["s",3]})";

const testing::GoCase kCases[] = {
    {"{{1i}} {{2.5i}} {{0i}} {{-1i}} {{1e3i}} {{1_0i}} {{07i}} {{08i}} {{0x1p-2i}} {{1.5e-7i}} {{1234567i}} {{1e6i}}", MissingKey::kDefault, "(0+1i) (0+2.5i) (0+0i) (0-1i) (0+1000i) (0+10i) (0+7i) (0+8i) (0+0.25i) (0+1.5e-07i) (0+1.234567e+06i) (0+1e+06i)", ""},
    {"{{1+2i}} {{1-0i}} {{-1-1i}} {{1+0i}} {{0.1+0.2i}} {{1e-5+1e21i}} {{.5+.5i}} {{1e+2+3e-2i}} {{0x1p-2+0x1p-2i}} {{1+0x_1p1i}}", MissingKey::kDefault, "(1+2i) (1-0i) (-1-1i) (1+0i) (0.1+0.2i) (1e-05+1e+21i) (0.5+0.5i) (100+0.03i) (0.25+0.25i) (1+2i)", ""},
    {"{{0b1i}}", MissingKey::kDefault, "", "template: t:1: illegal number syntax: \"0b1i\""},
    {"{{0o7i}}", MissingKey::kDefault, "", "template: t:1: illegal number syntax: \"0o7i\""},
    {"{{0x1i}}", MissingKey::kDefault, "", "template: t:1: illegal number syntax: \"0x1i\""},
    {"{{'a'i}}", MissingKey::kDefault, "", "template: t:1: unexpected \"i\" in operand"},
    {"{{1e400i}}", MissingKey::kDefault, "", "template: t:1: illegal number syntax: \"1e400i\""},
    {"{{1+i}}", MissingKey::kDefault, "", "template: t:1: syntax error scanning complex number"},
    {"{{1i+2i}}", MissingKey::kDefault, "", "template: t:1: syntax error scanning complex number"},
    {"{{0b1+1i}}", MissingKey::kDefault, "", "template: t:1: syntax error scanning complex number"},
    {"{{1+2ei}}", MissingKey::kDefault, "", "template: t:1: strconv.ParseFloat: parsing \"+2e\": invalid syntax"},
    {"{{1__0+1i}}", MissingKey::kDefault, "", "template: t:1: strconv.ParseFloat: parsing \"1__0\": invalid syntax"},
    {"{{1e400+1i}}", MissingKey::kDefault, "", "template: t:1: strconv.ParseFloat: parsing \"1e400\": value out of range"},
    {"{{1+1e400i}}", MissingKey::kDefault, "", "template: t:1: strconv.ParseFloat: parsing \"+1e400\": value out of range"},
    {"{{0x1e+2i}}", MissingKey::kDefault, "", "template: t:1: strconv.ParseFloat: parsing \"0x1e\": invalid syntax"},
    {"{{printf \"%T %T\" 1i 1+0i}} {{printf \"%v|%+v|%#v\" 2i 1i 1i}} {{1i | printf \"%v\"}}", MissingKey::kDefault, "complex128 complex128 (0+2i)|(0+1i)|(0+1i) (0+1i)", ""},
    {"{{0i | printf}}", MissingKey::kDefault, "", "template: t:1:7: executing \"t\" at <printf>: wrong type for value; expected string; got complex128"},
    {"{{-0+-0i}}", MissingKey::kDefault, "", "template: t:1: bad number syntax: \"-0+\""},
    {"{{printf \"%.2f|%8.2f|%e|%x|%X|%b\" 1+2i 1+2i 1+2i 1+2i 255+16i 1i}}", MissingKey::kDefault, "(1.00+2.00i)|(    1.00   +2.00i)|(1.000000e+00+2.000000e+00i)|(0x1p+00+0x1p+01i)|(0X1.FEP+07+0X1P+04i)|(0p-1074+4503599627370496p-52i)", ""},
    {"{{printf \"%08.3f|%-9v|%6.1v|% v|%.3g|%G\" -1-2i 1i 1.25+2i 1i 3.14159+2.71828i 1e20i}}", MissingKey::kDefault, "(-001.000-002.000i)|(0        +1       i)|(     1    +2i)|( 0+1i)|(3.14+2.72i)|(0+1E+20i)", ""},
    {"{{printf \"%d %s %q %t %c %U %p\" 1i 1i 1i 1i 1i 1i 1i}}", MissingKey::kDefault, "%!d(complex128=(0+1i)) %!s(complex128=(0+1i)) %!q(complex128=(0+1i)) %!t(complex128=(0+1i)) %!c(complex128=(0+1i)) %!U(complex128=(0+1i)) %!p(complex128=(0+1i))", ""},
    {"{{print 1i 2}} {{print 1i 2i \"x\" 3i}} {{println 1i}}|{{printf \"%v %v\" 1i}}", MissingKey::kDefault, "(0+1i) 2 (0+1i) (0+2i)x(0+3i) (0+1i)\n|(0+1i) %!v(MISSING)", ""},
    {"{{html 1i}} {{js 1i}} {{urlquery 1i}} {{len (print 1i)}}", MissingKey::kDefault, "(0+1i) (0+1i) %280%2B1i%29 6", ""},
    {"{{eq 1i 1i}} {{eq 1+2i 1+3i}} {{ne 1i 2i}} {{eq 1i nil}} {{eq 0i .nokey}}", MissingKey::kDefault, "true false true false false", ""},
    {"{{le 1i 1i}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <le 1i 1i>: error calling le: invalid type for comparison"},
    {"{{lt 1i 2i}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <lt 1i 2i>: error calling lt: invalid type for comparison"},
    {"{{gt 1i 1i}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <gt 1i 1i>: error calling gt: invalid type for comparison"},
    {"{{lt 1i 2}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <lt 1i 2>: error calling lt: incompatible types for comparison"},
    {"{{eq 1i 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <eq 1i 1>: error calling eq: incompatible types for comparison"},
    {"{{ne 1i 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <ne 1i 1>: error calling ne: incompatible types for comparison"},
    {"{{if 0i}}t{{else}}f{{end}} {{if 0+0i}}t{{else}}f{{end}} {{not 0i}} {{1i | not}} {{and 1i 0i}} {{or 0i 2i}} {{with 1i}}{{.}}{{end}} {{$x := 1i}}{{$x}}", MissingKey::kDefault, "f f true false (0+0i) (0+2i) (0+1i) (0+1i)", ""},
    {"{{len 1i}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <len 1i>: error calling len: len of type complex128"},
    {"{{index .l 1i}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .l 1i>: error calling index: cannot index slice/array with type complex128"},
    {"{{index 1i 0}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index 1i 0>: error calling index: can't index item of type complex128"},
    {"{{slice 1i}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <slice 1i>: error calling slice: can't slice item of type complex128"},
    {"{{range 1i}}{{end}}", MissingKey::kDefault, "", "template: t:1:8: executing \"t\" at <1i>: range can't iterate over (0+1i)"},
    {"{{(1i).x}}", MissingKey::kDefault, "", "template: t:1:3: executing \"t\" at <1i>: can't evaluate field x in type complex128"},
    {"{{1i 2}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <1i>: can't give argument to non-function 1i"},
};

class ComplexTest : public ::testing::TestWithParam<testing::GoCase> {};

TEST_P(ComplexTest, MatchesGo) { testing::ExpectMatchesGo(GetParam(), kData); }

INSTANTIATE_TEST_SUITE_P(Go, ComplexTest, ::testing::ValuesIn(kCases));

}  // namespace
}  // namespace templating
