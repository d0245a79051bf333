// encoding/json's string escaping and float format against Go (go_expected.inc).
#include "gocompat/json.h"

#include <bit>
#include <string>
#include <tuple>

#include "gtest/gtest.h"
#include "tests/gocompat/go_expected.h"

namespace gocompat {
namespace {

using namespace expected;  // NOLINT: the tables

TEST(Json, StringsMatchGo) {
  for (const JsonStringCase& c : kJsonStringCases) {
    std::string html = "x", plain;
    AppendJsonString(html, c.in);
    AppendJsonString(plain, c.in, /*escape_html=*/false);
    EXPECT_EQ(html, std::string("x").append(c.html)) << testing::PrintToString(std::string(c.in));
    EXPECT_EQ(plain, c.plain) << testing::PrintToString(std::string(c.in));
  }
}

TEST(Json, FloatsMatchGo) {
  for (const JsonFloatCase& c : kJsonFloatCases) {
    const double v = std::bit_cast<double>(c.value);
    for (const auto& [bits, want, ok] :
         {std::tuple{64, c.out64, c.ok64}, std::tuple{32, c.out32, c.ok32}}) {
      std::string out;
      const absl::Status st = AppendJsonFloat(out, v, bits);
      EXPECT_EQ(st.ok(), ok) << v << " bits " << bits;
      EXPECT_EQ(st.ok() ? out : std::string(st.message()), want) << v << " bits " << bits;
    }
  }
}

}  // namespace
}  // namespace gocompat
