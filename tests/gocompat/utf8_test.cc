// unicode/utf8 against Go's answers (go_expected.inc).
#include "gocompat/utf8.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/gocompat/go_expected.h"

namespace gocompat {
namespace {

using namespace expected;  // NOLINT: the tables

TEST(Utf8, DecodeRuneInStringMatchesGo) {
  for (const DecodeCase& c : kDecodeCases) {
    const DecodedRune d = DecodeRuneInString(c.in);
    EXPECT_EQ(static_cast<uint32_t>(d.rune), c.rune) << testing::PrintToString(std::string(c.in));
    EXPECT_EQ(d.size, c.size) << testing::PrintToString(std::string(c.in));
  }
}

TEST(Utf8, DecodeLastRuneInStringMatchesGo) {
  for (const DecodeCase& c : kDecodeLastCases) {
    const DecodedRune d = DecodeLastRuneInString(c.in);
    EXPECT_EQ(static_cast<uint32_t>(d.rune), c.rune) << testing::PrintToString(std::string(c.in));
    EXPECT_EQ(d.size, c.size) << testing::PrintToString(std::string(c.in));
  }
}

TEST(Utf8, DecodeRuneAtOffset) {
  const std::string s = "a\xE2\x82\xAC\xFF";
  EXPECT_EQ(DecodeRune(s, 1).rune, 0x20AC);
  EXPECT_EQ(DecodeRune(s, 1).size, 3);
  EXPECT_TRUE(IsInvalid(DecodeRune(s, 4)));
  EXPECT_EQ(DecodeRune(s, 5).size, 0);
  EXPECT_FALSE(IsInvalid(DecodeRuneInString("\xEF\xBF\xBD")));  // a real U+FFFD
}

TEST(Utf8, RuneCountAndValidStringMatchGo) {
  for (const CountCase& c : kCountCases) {
    EXPECT_EQ(RuneCount(c.in), c.count) << testing::PrintToString(std::string(c.in));
    EXPECT_EQ(ValidString(c.in), c.valid) << testing::PrintToString(std::string(c.in));
  }
}

TEST(Utf8, EncodeRuneLenValidMatchGo) {
  for (const EncodeCase& c : kEncodeCases) {
    char buf[kUTFMax];
    const int n = EncodeRune(buf, c.rune);
    EXPECT_EQ(std::string(buf, static_cast<size_t>(n)), c.encoded) << std::hex << c.rune;
    std::string appended = "x";
    AppendRune(appended, c.rune);
    EXPECT_EQ(appended, std::string("x").append(c.encoded)) << std::hex << c.rune;
    EXPECT_EQ(RuneLen(c.rune), c.len) << std::hex << c.rune;
    EXPECT_EQ(ValidRune(c.rune), c.valid) << std::hex << c.rune;
  }
}

}  // namespace
}  // namespace gocompat
