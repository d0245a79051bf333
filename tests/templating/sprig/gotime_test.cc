#include "templating/sprig/gotime.h"

#include <gtest/gtest.h>

#include <string>

namespace templating::sprig::gotime {
namespace {

// time/format.go's quote, as Go 1.19's time.ParseDuration shows it in its error text (the
// expected texts were printed by Go: fmt.Printf("%q", err.Error())). Unlike strconv.Quote it
// writes every byte of a non-ASCII rune as \xNN, and leaves DEL alone.
TEST(GoTimeQuote, AsTimeParseDurationQuotesItsInput) {
  struct Case {
    std::string in, quoted;
  };
  const Case cases[] = {
      {"é", R"("\xc3\xa9")"},
      {R"(a"b\c)", R"("a\"b\\c")"},
      {"\x01\x7f", "\"\\x01\x7f\""},
      {"\xff", R"("\xff")"},
      {"\xc3" "A", R"("\xc3A")"},
      {"\xe2\x82", R"("\xe2\x82")"},
      {"\xef\xbf\xbd", R"("\xef\xbf\xbd")"},
      {"\xe0\x80\x80", R"("\xe0\x80\x80")"},
      {"😀x", R"("\xf0\x9f\x98\x80x")"},
      {"\u0378", R"("\xcd\xb8")"},
      {"tab\there", R"("tab\x09here")"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Quote(c.in), c.quoted) << c.in;
    absl::StatusOr<int64_t> d = ParseDuration(c.in);
    ASSERT_FALSE(d.ok()) << c.in;
    EXPECT_EQ(d.status().message(), "time: invalid duration " + c.quoted);
  }
}

}  // namespace
}  // namespace templating::sprig::gotime
