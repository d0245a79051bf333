// The expected values of the gocompat tests, printed by real Go: go_expected.inc is the
// output of gen_expected.go (rerun: go run tests/gocompat/gen_expected.go >
// tests/gocompat/go_expected.inc). This header declares what the .inc fills, and the
// generator and hash the streams share with gen_expected.go.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gocompat::expected {

struct DecodeCase {
  std::string_view in;
  uint32_t rune;
  int size;
};
struct CountCase {
  std::string_view in;
  size_t count;
  bool valid;
};
struct EncodeCase {
  uint32_t rune;
  std::string_view encoded;
  int len;
  bool valid;
};

// RuneCase::flags and the block hashes hold one bit per predicate, in gen_expected.go's
// flags() order: IsPrint, IsGraphic, IsSpace, IsLetter, IsDigit, IsNumber, IsPunct, IsUpper,
// IsLower, IsTitle, IsMark, IsSymbol, IsControl, strconv.IsPrint.
struct RuneCase {
  uint32_t rune;
  uint16_t flags;
  uint32_t upper, lower, title, fold;
  const char* category;
};
struct BlockHash {
  uint32_t start;  // 4096 runes from here
  uint64_t hash;
};
struct CategoryCase {
  uint32_t rune;
  const char* name;
  bool in;
};

struct QuoteCase {
  std::string_view in, quote, ascii;
  bool can_backquote;
};
struct QuoteRuneCase {
  uint32_t rune;
  std::string_view quote, ascii;
};
struct UnquoteCase {
  std::string_view in, out;
  bool ok;
};
struct UnquoteCharCase {
  std::string_view in;
  char quote;
  uint32_t value;
  bool multibyte;
  std::string_view tail;
  bool ok;
};
struct ParseIntCase {
  std::string_view in;
  int base, bits;
  int64_t value;
  std::string_view error;  // "" when Go parsed it
  uint64_t uvalue;
  std::string_view uerror;
};
struct FormatIntCase {
  int64_t value;
  int base;
  std::string_view signed_out, unsigned_out;
};
struct ParseFloatCase {
  std::string_view in;
  int bits;
  uint64_t value;  // the float64's bits
  std::string_view error;
};
struct FormatFloatCase {
  uint64_t value;
  char fmt;
  int prec, bits;
  std::string_view out;
};
struct JsonStringCase {
  std::string_view in, html, plain;
};
struct JsonFloatCase {
  uint64_t value;
  std::string_view out64;
  bool ok64;
  std::string_view out32;
  bool ok32;
};

#include "tests/gocompat/go_expected.inc"

// gen_expected.go's splitMix64: the same pseudo-random inputs on both sides.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    s_ += 0x9E3779B97F4A7C15ULL;
    uint64_t z = s_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::string Text(std::string_view alphabet, uint64_t max_len) {
    std::string out(Next() % (max_len + 1), '\0');
    for (char& c : out) c = alphabet[Next() % alphabet.size()];
    return out;
  }

 private:
  uint64_t s_;
};

// hash/fnv New64a.
class Fnv64a {
 public:
  void Write(std::string_view s) {
    for (unsigned char c : s) h_ = (h_ ^ c) * 0x100000001B3ULL;
  }
  uint64_t Sum() const { return h_; }

 private:
  uint64_t h_ = 0xCBF29CE484222325ULL;
};

// gen_expected.go's stream(): item(r, out) appends the answer for one input; returns the
// chunks (of 1000 items) whose hash differs from Go's, or "" when all agree.
template <size_t N, typename F>
std::string CheckStream(const uint64_t (&want)[N], uint64_t seed, F item) {
  SplitMix64 r(seed);
  std::string bad;
  for (size_t c = 0; c < N; ++c) {
    Fnv64a h;
    for (int i = 0; i < 1000; ++i) {
      std::string out;
      item(r, out);
      out.push_back('\0');
      h.Write(out);
    }
    if (h.Sum() != want[c]) bad.append(" ").append(std::to_string(c));
  }
  return bad;
}

constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11};
constexpr std::string_view kFloatAlphabet = "0123456789._eEpPxX+-infaINFA";
constexpr std::string_view kIntAlphabet = "0123456789abcdefxXoObBzZ_+- ";
constexpr std::string_view kQuoteAlphabet = "\"'`\\abfnrtvxuU01234567\n e\xc3\xa9\xff\xe2\x80\xa8";

}  // namespace gocompat::expected
