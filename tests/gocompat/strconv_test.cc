// strconv's number parsing and formatting against Go (go_expected.inc, and the cases moved
// here from the templating tests, which were checked with go1.19).
#include "gocompat/strconv.h"

#include <array>
#include <bit>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "tests/gocompat/go_expected.h"

namespace gocompat {
namespace {

using namespace expected;  // NOLINT: the tables

std::string What(std::string_view in) { return testing::PrintToString(std::string(in)); }

TEST(ParseInt, MatchesGo) {
  for (const ParseIntCase& c : kParseIntCases) {
    std::string what = What(c.in);
    what.append(" base ")
        .append(std::to_string(c.base))
        .append(" bits ")
        .append(std::to_string(c.bits));
    const absl::StatusOr<int64_t> i = ParseInt(c.in, c.base, c.bits);
    if (c.error.empty()) {
      ASSERT_TRUE(i.ok()) << what << ": " << i.status();
      EXPECT_EQ(*i, c.value) << what;
    } else {
      ASSERT_FALSE(i.ok()) << what;
      EXPECT_EQ(std::string(i.status().message()), c.error) << what;
      const bool range = c.error.find("out of range") != std::string_view::npos;
      EXPECT_EQ(i.status().code(),
                range ? absl::StatusCode::kOutOfRange : absl::StatusCode::kInvalidArgument);
    }
    const absl::StatusOr<uint64_t> u = ParseUint(c.in, c.base, c.bits);
    if (c.uerror.empty()) {
      ASSERT_TRUE(u.ok()) << what << ": " << u.status();
      EXPECT_EQ(*u, c.uvalue) << what;
    } else {
      ASSERT_FALSE(u.ok()) << what;
      EXPECT_EQ(std::string(u.status().message()), c.uerror) << what;
    }
  }
}

TEST(ParseInt, RandomStreamMatchesGo) {
  EXPECT_EQ(CheckStream(kParseIntStream, 3,
                        [](SplitMix64& r, std::string& out) {
                          const std::string s = r.Text(kIntAlphabet, 10);
                          const int base = std::array{0, 2, 8, 10, 16, 36, 1}[r.Next() % 7];
                          const int bits = std::array{0, 8, 16, 32, 64, 65}[r.Next() % 6];
                          const absl::StatusOr<int64_t> i = ParseInt(s, base, bits);
                          out = i.ok() ? std::to_string(*i) : std::string(i.status().message());
                          out.push_back('|');
                          const absl::StatusOr<uint64_t> u = ParseUint(s, base, bits);
                          out += u.ok() ? std::to_string(*u) : std::string(u.status().message());
                        }),
            "");
}

// Moved from tests/templating/funcs_args_test.cc (ParseGoInt was ParseInt(s, 0, 64)).
TEST(ParseInt, Syntax) {
  auto parse = [](std::string_view s) -> std::optional<int64_t> {
    absl::StatusOr<int64_t> v = ParseInt(s, 0, 64);
    return v.ok() ? std::optional<int64_t>(*v) : std::nullopt;
  };
  EXPECT_EQ(parse("42"), 42);
  EXPECT_EQ(parse("-0x1F"), -31);
  EXPECT_EQ(parse("0o17"), 15);
  EXPECT_EQ(parse("017"), 15);
  EXPECT_EQ(parse("0b101"), 5);
  EXPECT_EQ(parse("1_000"), 1000);
  EXPECT_EQ(parse("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(parse("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(parse("9223372036854775808"), std::nullopt);
  EXPECT_EQ(parse("08"), std::nullopt);
  EXPECT_EQ(parse("1__0"), std::nullopt);
  EXPECT_EQ(parse("_1"), std::nullopt);
  EXPECT_EQ(parse("0x"), std::nullopt);
  EXPECT_EQ(parse(" 1"), std::nullopt);
  EXPECT_EQ(parse(""), std::nullopt);
}

TEST(FormatInt, MatchesGo) {
  for (const FormatIntCase& c : kFormatIntCases) {
    EXPECT_EQ(FormatInt(c.value, c.base), c.signed_out) << c.value << " base " << c.base;
    EXPECT_EQ(FormatUint(static_cast<uint64_t>(c.value), c.base), c.unsigned_out)
        << c.value << " base " << c.base;
  }
}

TEST(ParseFloat, MatchesGo) {
  for (const ParseFloatCase& c : kParseFloatCases) {
    std::string what = What(c.in);
    what.append(" bits ").append(std::to_string(c.bits));
    const absl::StatusOr<double> f = ParseFloat(c.in, c.bits);
    if (c.error.empty()) {
      ASSERT_TRUE(f.ok()) << what << ": " << f.status();
      const double want = std::bit_cast<double>(c.value);
      if (std::isnan(want)) {
        EXPECT_TRUE(std::isnan(*f)) << what;
      } else {
        EXPECT_EQ(std::bit_cast<uint64_t>(*f), c.value)
            << what << " got " << *f << " want " << want;
      }
    } else {
      ASSERT_FALSE(f.ok()) << what << " got " << *f;
      EXPECT_EQ(std::string(f.status().message()), c.error) << what;
    }
  }
}

TEST(ParseFloat, RandomStreamMatchesGo) {
  EXPECT_EQ(CheckStream(kParseFloatStream, 2,
                        [](SplitMix64& r, std::string& out) {
                          const std::string s = r.Text(kFloatAlphabet, 12);
                          const int bits = r.Next() % 2 == 0 ? 32 : 64;
                          const absl::StatusOr<double> f = ParseFloat(s, bits);
                          if (!f.ok()) {
                            out = std::string(f.status().message());
                            return;
                          }
                          char buf[17];
                          std::snprintf(
                              buf, sizeof buf, "%016llx",
                              static_cast<unsigned long long>(std::bit_cast<uint64_t>(*f)));
                          out = buf;
                        }),
            "");
}

// Moved from tests/templating/funcs_args_test.cc (ParseGoFloat was ParseFloat(s, 64)).
TEST(ParseFloat, Syntax) {
  auto parse = [](std::string_view s) -> std::optional<double> {
    absl::StatusOr<double> v = ParseFloat(s, 64);
    return v.ok() ? std::optional<double>(*v) : std::nullopt;
  };
  EXPECT_EQ(parse("1.5"), 1.5);
  EXPECT_EQ(parse("1e3"), 1000);
  EXPECT_EQ(parse(".5"), 0.5);
  EXPECT_EQ(parse("0x1p-2"), 0.25);
  EXPECT_EQ(parse("1_0.5"), 10.5);
  EXPECT_TRUE(std::isinf(*parse("-Inf")));
  EXPECT_EQ(parse("0x10"), std::nullopt);
  EXPECT_EQ(parse("1e"), std::nullopt);
  EXPECT_EQ(parse("1e400"), std::nullopt);
  EXPECT_EQ(parse(" 1"), std::nullopt);
}

TEST(FormatFloat, MatchesGo) {
  for (const FormatFloatCase& c : kFormatFloatCases) {
    const double v = std::bit_cast<double>(c.value);
    EXPECT_EQ(FormatFloat(v, c.fmt, c.prec, c.bits), c.out)
        << v << " '" << c.fmt << "' prec " << c.prec << " bits " << c.bits;
  }
}

TEST(FormatFloat, RandomStreamMatchesGo) {
  EXPECT_EQ(CheckStream(kFormatFloatStream, 1,
                        [](SplitMix64& r, std::string& out) {
                          double v;
                          if (r.Next() % 2 == 0) {
                            v = std::bit_cast<double>(r.Next());
                          } else {
                            const auto k = static_cast<double>(
                                static_cast<int64_t>(r.Next() % 2000001) - 1000000);
                            v = k / kPow10[r.Next() % 12];
                          }
                          const char fmt = "beEfgGxX"[r.Next() % 8];
                          const int prec = static_cast<int>(r.Next() % 40) - 1;
                          const int bits = r.Next() % 2 == 0 ? 32 : 64;
                          out = FormatFloat(v, fmt, prec, bits);
                        }),
            "");
}

// Moved from tests/templating/fmt_test.cc (printed by strconv_gen.go.txt).
TEST(FormatFloat, MatchesStrconv) {
  struct FloatCase {
    double v;
    char fmt;
    int prec;
    const char* want;
  };
  const FloatCase kFloats[] = {
      {1234.5678, 'g', -1, "1234.5678"},
      {0.1, 'g', -1, "0.1"},
      {1e+21, 'g', -1, "1e+21"},
      {5e-324, 'g', -1, "5e-324"},
      {1.7976931348623157e+308, 'g', -1, "1.7976931348623157e+308"},
      {1.23456789e+08, 'e', -1, "1.23456789e+08"},
      {1.234e-06, 'e', 3, "1.234e-06"},
      {2.5, 'f', 0, "2"},
      {3.5, 'f', 0, "4"},
      {0, 'g', -1, "0"},
      {100, 'g', 2, "1e+02"},
      {0, 'e', 2, "0.00e+00"},
      {0, 'g', 3, "0"},
      {1e+100, 'f', -1,
       "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
       "0000000000"},
      {12345.678, 'G', 4, "1.235E+04"},
      {1.5, 'b', -1, "6755399441055744p-52"},
      {0.3, 'x', -1, "0x1.3333333333333p-02"},
      {1, 'x', 3, "0x1.000p+00"},
  };
  for (const auto& c : kFloats) {
    EXPECT_EQ(FormatFloat(c.v, c.fmt, c.prec, 64), c.want) << c.v << " " << c.fmt << " " << c.prec;
  }
}

// Moved from tests/templating/funcs_args_test.cc (FormatFloatG was FormatFloat(f, 'g', -1, 64)).
TEST(FormatFloat, ShortestG) {
  auto g = [](double f) { return FormatFloat(f, 'g', -1, 64); };
  EXPECT_EQ(g(1234567.0), "1.234567e+06");
  EXPECT_EQ(g(123456.5), "123456.5");
  EXPECT_EQ(g(0.00001), "1e-05");
  EXPECT_EQ(g(0.0001), "0.0001");
  EXPECT_EQ(g(1e21), "1e+21");
  EXPECT_EQ(g(3.0), "3");
  EXPECT_EQ(g(-2.5), "-2.5");
  EXPECT_EQ(g(0.1 + 0.2), "0.30000000000000004");
}

}  // namespace
}  // namespace gocompat
