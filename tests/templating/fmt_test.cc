// fmt behaviour; every expectation was printed by Go (go1.19 fmt.Sprintf) for the same
// format and arguments.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "templating/fmt.h"
#include "templating/template.h"
#include "tests/templating/engine_test_util.h"

namespace templating {
namespace {

struct SprintfCase {
  const char* format;
  const char* args;  // JSON array; 1 is a Go int, 1.0 a float64
  const char* want;
};

const SprintfCase kSprintf[] = {
    {"%v", R"([1])", "1"},
    {"%v", R"([1.5])", "1.5"},
    {"%v", R"(["s"])", "s"},
    {"%v", R"([true])", "true"},
    {"%v", R"([null])", "<nil>"},
    {"%v", R"([[1,"a",null]])", "[1 a <nil>]"},
    {"%v", R"([{"b":1,"a":"x"}])", "map[a:x b:1]"},
    {"%v %v %v %v", R"([1e6, 1234567.0, 123456.5, 0.00001])", "1e+06 1.234567e+06 123456.5 1e-05"},
    {"%v %v %v %v", R"([1e21, 1e20, 100.0, 1e-320])", "1e+21 1e+20 100 1e-320"},
    {"%v %v %v", R"([123456789.0, 0.0001, 0.000123])", "1.23456789e+08 0.0001 0.000123"},
    {"%v", R"([-0.0])", "-0"},
    {"%d", R"(["x"])", "%!d(string=x)"},
    {"%s", R"([3])", "%!s(int=3)"},
    {"%s", R"([null])", "%!s(<nil>)"},
    {"%d", R"([[1,"a",null]])", "[1 %!d(string=a) <nil>]"},
    {"%s", R"([[1,"a",null]])", "[%!s(int=1) a <nil>]"},
    {"%d %d", R"([1])", "1 %!d(MISSING)"},
    {"%d", R"([1, 2, "z"])", "1%!(EXTRA int=2, string=z)"},
    {"%d", R"([1, null])", "1%!(EXTRA <nil>)"},
    {"%!", R"([1])", "%!!(int=1)"},
    {"%z", R"([2])", "%!z(int=2)"},
    {"%", R"([1])", "%!(NOVERB)%!(EXTRA int=1)"},
    {"abc%", R"([])", "abc%!(NOVERB)"},
    {"%[2]d %[1]d", R"([1, 2])", "2 1"},
    {"%[3]d", R"([1, 2])", "%!d(BADINDEX)"},
    {"%[0]d", R"([1])", "%!d(BADINDEX)"},
    {"%*d", R"([5, 3])", "    3"},
    {"%-*d", R"([5, 3])", "3    "},
    {"%.*f", R"([2, 3.14159])", "3.14"},
    {"%*d", R"(["x", 3])", "%!(BADWIDTH)3"},
    {"%.*d", R"([-1, 3])", "%!(BADPREC)3"},
    {"%5d|%-5d|%05d|%+d|% d|%+05d|%.3d|%6.3d", R"([42, 42, 42, 42, 42, 42, 42, 42])", "   42|42   |00042|+42| 42|+0042|042|   042"},
    {"%05d", R"([-42])", "-0042"},
    {"%x %X %#x %#X %o %#o %O %b %#b", R"([255, 255, 255, 255, 8, 8, 8, 5, 5])", "ff FF 0xff 0XFF 10 010 0o10 101 0b101"},
    {"%x", R"([-255])", "-ff"},
    {"%c %q %U %#U %#q", R"([65, 65, 128512, 65, 65])", "A 'A' U+1F600 U+0041 'A' 'A'"},
    {"%q", R"([10])", "'\\n'"},
    {"%5c", R"([97])", "    a"},
    {"%s", R"(["héllo"])", "héllo"},
    {"%.2s", R"(["héllo"])", "hé"},
    {"%6.2s|%-6s|%06s", R"(["héllo", "é", "ab"])", "    hé|é     |0000ab"},
    {"%q %+q %#q %#q", R"(["a\"b\n", "é", "abc", "a`b"])", "\"a\\\"b\\n\" \"\\u00e9\" `abc` \"a`b\""},
    {"%x % x %#x %# x %X", R"(["hi", "hi", "hi", "hi", "hi"])", "6869 68 69 0x6869 0x68 0x69 6869"},
    {"%10x|%-10x|%.1x", R"(["hi", "hi", "hi"])", "      6869|6869      |68"},
    {"%t %v %5t", R"([true, false, true])", "true false  true"},
    {"%d", R"([true])", "%!d(bool=true)"},
    {"%e %E %f %F %g %G", R"([1234.5678, 1234.5678, 1234.5678, 1234.5678, 1234.5678, 1234.5678])", "1.234568e+03 1.234568E+03 1234.567800 1234.567800 1234.5678 1234.5678"},
    {"%.2e %.0f %.3g %.10g %g %G", R"([1234.5678, 2.5, 1234.5678, 1234.5678, 1e-7, 1e-7])", "1.23e+03 2 1.23e+03 1234.5678 1e-07 1E-07"},
    {"%8.3f|%-8.2f|%08.3f|%+.1e|% f|%+f", R"([3.14159, 3.14159, -3.14159, 12345.0, 1.5, 1.5])", "   3.142|3.14    |-003.142|+1.2e+04| 1.500000|+1.500000"},
    {"%#g %#.3g %#e %#f %#v", R"([1.0, 2.0, 1.0, 1.0, 1.0])", "1.00000 2.00 1.000000e+00 1.000000 1"},
    {"%x %X %b", R"([1.5, 1.5, 1.5])", "0x1.8p+00 0X1.8P+00 6755399441055744p-52"},
    {"%g %g %g", R"([100000.0, 1000000.0, 1e-5])", "100000 1e+06 1e-05"},
    {"%.3g %.3g %.1g", R"([100000.0, 0.0001234, 0.05])", "1e+05 0.000123 0.05"},
    {"%.0e %.1e", R"([5.0, 0.25])", "5e+00 2.5e-01"},
    {"%.2f %.2f %.1f %.0f %.0f", R"([2.675, 1.005, 0.05, 0.5, 1.5])", "2.67 1.00 0.1 0 2"},
    {"%v", R"([[1.5, 2.0]])", "[1.5 2]"},
    {"%5v", R"([[1, 2]])", "[    1     2]"},
    {"%x", R"([["ab", 10]])", "[6162 a]"},
    {"%T %T %T %T %T %T", R"([1, 1.5, "s", true, [1], {"a":1}])", "int float64 string bool []interface {} map[string]interface {}"},
    {"%T", R"([null])", "<nil>"},
    {"%#v %#v %#v %#v", R"(["s", 3, [1, "a", null], {"k": 2.5}])", "\"s\" 3 []interface {}{1, \"a\", interface {}(nil)} map[string]interface {}{\"k\":2.5}"},
    {"%+v", R"([3])", "3"},
    {"%v%%", R"([5])", "5%"},
    {"%-8v|%8v", R"(["ab", "cd"])", "ab      |      cd"},
    {"%6.2v", R"([3.14159])", "   3.1"},
    {"%03s", R"(["é"])", "00é"},
    {"%d %s", R"(["a", "b", "c"])", "%!d(string=a) b%!(EXTRA string=c)"},
    {"100%%", R"([])", "100%"},
    {"%.f", R"([3.7])", "4"},
    {"%10.4v", R"(["abcdefgh"])", "      abcd"},
    {"%.x %.X %#.x %.x", R"([1e21, 1e6, 3.14159, 0.1])", "0x1p+70 0X1P+20 0x1.p+02 0x1p-03"},
    {"%+#q %#q %+q %q", R"([255, -1, 233, 128512])", "'\\u00ff' '�' '\\u00e9' '😀'"},
    {"%#.3x", R"([1.0])", "0x1.000p+00"},
    // Runes Go's tables call unprintable (unassigned U+0378, format characters) are escaped.
    {"%q %+q %#q %q", R"(["\u0378", "\u0378", "\u00ad", "\u00ad󠀁\u061c🫀"])", "\"\\u0378\" \"\\u0378\" `­` \"\\u00ad\\U000e0001\\u061c🫀\""},
    {"%q %+q %#U %#U", R"([888, 888, 888, 955])", "'\\u0378' '\\u0378' U+0378 U+03BB 'λ'"},
};

class SprintfTest : public ::testing::TestWithParam<SprintfCase> {};

TEST_P(SprintfTest, MatchesGo) {
  const SprintfCase& c = GetParam();
  Value args = testing::FromGoJson(c.args);
  EXPECT_EQ(Sprintf(c.format, args.as_list()), c.want) << c.format << " " << c.args;
}

INSTANTIATE_TEST_SUITE_P(Go, SprintfTest, ::testing::ValuesIn(kSprintf));

// strconv's part (FormatFloat, Quote, Unquote) is tested with gocompat, in
// tests/gocompat/strconv_test.cc and strconv_quote_test.cc.

TEST(FormatValue, PrintsLikeGo) {
  EXPECT_EQ(FormatValue(testing::FromJson(R"({"b":[1,null,"x"],"a":{"c":1.5}})")),
            "map[a:map[c:1.5] b:[1 <nil> x]]");
  EXPECT_EQ(FormatValue(Value::Nil()), "<nil>");
  EXPECT_EQ(FormatValue(Value(int64_t{-12})), "-12");
  EXPECT_EQ(FormatValue(Value(1e6)), "1e+06");
  EXPECT_EQ(FormatValue(Value(true)), "true");
}

TEST(Sprint, SpacesBetweenNonStrings) {
  std::vector<Value> a = {Value("a"), Value("b"), Value(1), Value(2), Value("c"), Value::Nil(),
                          Value(3)};
  EXPECT_EQ(Sprint(a), "ab1 2c<nil> 3");
  EXPECT_EQ(Sprintln(a), "a b 1 2 c <nil> 3\n");
}

}  // namespace
}  // namespace templating
