// The unicode package and strconv.IsPrint against Go: chosen runes one by one, and every
// rune through a hash of Go's answers per block of 4096 (go_expected.inc).
#include "gocompat/unicode.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/gocompat/go_expected.h"

namespace gocompat {
namespace {

using namespace expected;  // NOLINT: the tables

uint16_t Flags(char32_t r) {
  uint16_t f = 0;
  const bool bits[] = {IsPrint(r),  IsGraphic(r), IsSpace(r),   IsLetter(r), IsDigit(r),
                       IsNumber(r), IsPunct(r),   IsUpper(r),   IsLower(r),  IsTitle(r),
                       IsMark(r),   IsSymbol(r),  IsControl(r), IsPrint(r) /* strconv.IsPrint */};
  for (size_t i = 0; i < std::size(bits); ++i) {
    if (bits[i]) f |= static_cast<uint16_t>(1u << i);
  }
  return f;
}

TEST(Unicode, ChosenRunesMatchGo) {
  for (const RuneCase& c : kRuneCases) {
    const char32_t r = c.rune;
    EXPECT_EQ(Flags(r), c.flags) << std::hex << c.rune;
    EXPECT_EQ(static_cast<uint32_t>(ToUpper(r)), c.upper) << std::hex << c.rune;
    EXPECT_EQ(static_cast<uint32_t>(ToLower(r)), c.lower) << std::hex << c.rune;
    EXPECT_EQ(static_cast<uint32_t>(ToTitle(r)), c.title) << std::hex << c.rune;
    EXPECT_EQ(static_cast<uint32_t>(SimpleFold(r)), c.fold) << std::hex << c.rune;
    EXPECT_EQ(Category(r), c.category) << std::hex << c.rune;
  }
}

TEST(Unicode, EveryRuneMatchesGo) {
  for (const BlockHash& b : kBlockHashes) {
    Fnv64a h;
    for (char32_t r = b.start; r < b.start + 0x1000; ++r) {
      unsigned char buf[20];
      const uint16_t f = Flags(r);
      buf[0] = static_cast<unsigned char>(f);
      buf[1] = static_cast<unsigned char>(f >> 8);
      const char32_t maps[] = {ToUpper(r), ToLower(r), ToTitle(r), SimpleFold(r)};
      for (int i = 0; i < 4; ++i) {
        for (int k = 0; k < 4; ++k)
          buf[2 + 4 * i + k] = static_cast<unsigned char>(maps[i] >> (8 * k));
      }
      const std::string_view cat = Category(r);
      buf[18] = static_cast<unsigned char>(cat[0]);
      buf[19] = static_cast<unsigned char>(cat[1]);
      h.Write(std::string_view(reinterpret_cast<const char*>(buf), sizeof buf));
    }
    // On a mismatch, list that block's runes with gen_expected.go's flags() to find it.
    EXPECT_EQ(h.Sum(), b.hash) << "runes U+" << std::hex << b.start << "..+0xFFF differ from Go";
  }
}

TEST(Unicode, InCategoryMatchesGo) {
  for (const CategoryCase& c : kCategoryCases) {
    EXPECT_EQ(InCategory(c.rune, c.name), c.in) << std::hex << c.rune << " " << c.name;
  }
  EXPECT_FALSE(InCategory('a', "Lx"));
  EXPECT_FALSE(InCategory('a', ""));
  EXPECT_FALSE(InCategory(0x378, "Cn"));  // Go's tables have no Cn
}

TEST(Unicode, TablesComeFromTheGoThatPrintedTheExpectations) {
  EXPECT_EQ(GoVersion(), kGoVersion);
  EXPECT_EQ(UnicodeVersion(), kUnicodeVersion);
}

}  // namespace
}  // namespace gocompat
