#include "gocompat/unicode.h"

#include <algorithm>
#include <cstdint>

#include "gocompat/unicode_tables.h"
#include "gocompat/utf8.h"

namespace gocompat {
namespace {

namespace t = tables;

// The category code of r: the run whose start is the last at or below r.
uint32_t CategoryCode(char32_t r) {
  if (r > kMaxRune) return 0;  // Cn
  const uint32_t* begin = t::kCategoryRuns;
  const uint32_t* end = begin + t::kCategoryRunCount;
  const uint32_t* it = std::upper_bound(begin, end, (static_cast<uint32_t>(r) << 5) | 31u) - 1;
  const uint32_t start = *it >> 5, code = *it & 31u;
  const bool odd = ((r - start) & 1) != 0;
  if (code == t::kAltLuLl) return odd ? 5 /* Ll */ : 9 /* Lu */;
  if (code == t::kAltLlLu) return odd ? 9 : 5;
  return code;
}

// Go's predicates for r: its Latin-1 properties table below U+0100 (graphic.go), what the
// category means above.
uint16_t Flags(char32_t r) {
  if (r < 256) return t::kLatin1Flags[r];
  return t::kCategoryFlags[CategoryCode(r)];
}

bool Has(char32_t r, uint16_t flag) { return (Flags(r) & flag) != 0; }

enum Case { kUpperCase = 0, kLowerCase = 1, kTitleCase = 2 };

// unicode/letter.go to(): the CaseRanges entry holding r gives a delta, or, for the
// UpperLower runs (delta MaxRune+1), upper case at even offsets and lower at odd ones.
char32_t To(Case c, char32_t r) {
  if (r > kMaxRune) return r;
  const uint32_t* begin = t::kCaseLoLen;
  const uint32_t* end = begin + t::kCaseRangeCount;
  const uint32_t* it = std::upper_bound(begin, end, (static_cast<uint32_t>(r) << 11) | 0x7FFu);
  if (it == begin) return r;
  --it;
  const char32_t lo = *it >> 11, hi = lo + (*it & 0x7FFu);
  if (r > hi) return r;
  const int32_t delta = t::kCaseDeltas[t::kCaseDeltaIndex[it - begin]][c];
  if (delta > static_cast<int32_t>(kMaxRune)) return lo + (((r - lo) & ~char32_t{1}) | (c & 1));
  return static_cast<char32_t>(static_cast<int32_t>(r) + delta);
}

}  // namespace

// unicode/graphic.go IsPrint (and strconv/isprint.go IsPrint, which is defined to agree).
bool IsPrint(char32_t r) { return Has(r, t::kPrint); }
// unicode/graphic.go IsGraphic.
bool IsGraphic(char32_t r) { return Has(r, t::kGraphic); }
// unicode/graphic.go IsSpace.
bool IsSpace(char32_t r) { return Has(r, t::kSpace); }
// unicode/graphic.go IsLetter.
bool IsLetter(char32_t r) { return Has(r, t::kLetter); }
// unicode/digit.go IsDigit.
bool IsDigit(char32_t r) { return Has(r, t::kDigit); }
// unicode/graphic.go IsNumber.
bool IsNumber(char32_t r) { return Has(r, t::kNumber); }
// unicode/graphic.go IsPunct.
bool IsPunct(char32_t r) { return Has(r, t::kPunct); }
// unicode/graphic.go IsMark.
bool IsMark(char32_t r) { return Has(r, t::kMark); }
// unicode/graphic.go IsSymbol.
bool IsSymbol(char32_t r) { return Has(r, t::kSymbol); }
// unicode/graphic.go IsControl.
bool IsControl(char32_t r) { return Has(r, t::kControl); }
// unicode/letter.go IsUpper.
bool IsUpper(char32_t r) { return Has(r, t::kUpper); }
// unicode/letter.go IsLower.
bool IsLower(char32_t r) { return Has(r, t::kLower); }
// unicode/letter.go IsTitle.
bool IsTitle(char32_t r) { return Has(r, t::kTitle); }

// unicode/letter.go ToUpper: ASCII by arithmetic, the rest by CaseRanges.
char32_t ToUpper(char32_t r) {
  if (r < 0x80) return r >= 'a' && r <= 'z' ? r - ('a' - 'A') : r;
  return To(kUpperCase, r);
}

// unicode/letter.go ToLower.
char32_t ToLower(char32_t r) {
  if (r < 0x80) return r >= 'A' && r <= 'Z' ? r + ('a' - 'A') : r;
  return To(kLowerCase, r);
}

// unicode/letter.go ToTitle.
char32_t ToTitle(char32_t r) {
  if (r < 0x80) return r >= 'a' && r <= 'z' ? r - ('a' - 'A') : r;
  return To(kTitleCase, r);
}

// unicode/letter.go SimpleFold: caseOrbit for the orbits of three or more runes (and
// asciiFold, whose entries the orbit table also covers where they differ), else the other
// case of r.
char32_t SimpleFold(char32_t r) {
  if (r > kMaxRune) return r;
  const auto* begin = t::kFoldOrbit;
  const auto* end = begin + t::kFoldOrbitCount;
  const auto* it =
      std::lower_bound(begin, end, r, [](const char32_t(&e)[2], char32_t v) { return e[0] < v; });
  if (it != end && (*it)[0] == r) return (*it)[1];
  if (char32_t l = ToLower(r); l != r) return l;
  return ToUpper(r);
}

// unicode/tables.go Categories: the two-letter table that holds r.
std::string_view Category(char32_t r) {
  return std::string_view(t::kCategoryNames[CategoryCode(r)], 2);
}

// unicode.Is(unicode.Categories[name], r) (unicode/letter.go Is, unicode/tables.go).
bool InCategory(char32_t r, std::string_view name) {
  if (name.empty() || name.size() > 2) return false;
  const std::string_view cat = Category(r);
  if (cat == "Cn") return false;  // Go's C table holds Cc, Cf, Co and Cs only
  if (name.size() == 1)
    return name[0] == cat[0] && std::string_view("CLMNPSZ").find(name[0]) != std::string_view::npos;
  return name == cat;
}

std::string_view GoVersion() { return t::kGoVersion; }
std::string_view UnicodeVersion() { return t::kUnicodeVersion; }

}  // namespace gocompat
