#include "gocompat/utf8.h"

namespace gocompat {

// unicode/utf8/utf8.go DecodeRuneInString: the first byte fixes the length and the range
// the second byte may take (no overlong forms after E0/F0, no surrogates after ED, nothing
// past U+10FFFF after F4); every later byte is 80..BF.
DecodedRune DecodeRuneInString(std::string_view s) {
  if (s.empty()) return {kRuneError, 0};
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return {b0, 1};
  constexpr DecodedRune kInvalid{kRuneError, 1};
  size_t size;
  unsigned char lo = 0x80, hi = 0xBF;  // acceptRanges: the second byte's bounds
  char32_t r;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    size = 2;
    r = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    size = 3;
    r = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    size = 4;
    r = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return kInvalid;  // 80..C1 and F5..FF never start a rune
  }
  if (s.size() < size) return kInvalid;
  for (size_t i = 1; i < size; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) return kInvalid;
    r = (r << 6) | (b & 0x3F);
  }
  return {r, static_cast<int>(size)};
}

// unicode/utf8/utf8.go DecodeLastRuneInString.
DecodedRune DecodeLastRuneInString(std::string_view s) {
  if (s.empty()) return {kRuneError, 0};
  const size_t end = s.size();
  const auto last = static_cast<unsigned char>(s[end - 1]);
  if (last < 0x80) return {last, 1};
  // Back to the rune's first byte, but no further than one rune's length (which also keeps
  // long runs of invalid bytes from being rescanned).
  const size_t lim = end >= kUTFMax ? end - kUTFMax : 0;
  size_t start = end - 1;
  while (start > lim && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  const DecodedRune d = DecodeRuneInString(s.substr(start));
  if (start + static_cast<size_t>(d.size) != end) return {kRuneError, 1};
  return d;
}

// unicode/utf8/utf8.go RuneLen.
int RuneLen(char32_t r) {
  if (r < 0x80) return 1;
  if (r < 0x800) return 2;
  if (r >= 0xD800 && r <= 0xDFFF) return -1;
  if (r < 0x10000) return 3;
  if (r <= kMaxRune) return 4;
  return -1;
}

// unicode/utf8/utf8.go ValidRune.
bool ValidRune(char32_t r) { return r < 0xD800 || (r > 0xDFFF && r <= kMaxRune); }

// unicode/utf8/utf8.go EncodeRune: an invalid rune is written as RuneError.
int EncodeRune(char* p, char32_t r) {
  auto byte = [](char32_t v) { return static_cast<char>(v); };
  if (r < 0x80) {
    p[0] = byte(r);
    return 1;
  }
  if (r < 0x800) {
    p[0] = byte(0xC0 | (r >> 6));
    p[1] = byte(0x80 | (r & 0x3F));
    return 2;
  }
  if (!ValidRune(r)) r = kRuneError;
  if (r < 0x10000) {
    p[0] = byte(0xE0 | (r >> 12));
    p[1] = byte(0x80 | ((r >> 6) & 0x3F));
    p[2] = byte(0x80 | (r & 0x3F));
    return 3;
  }
  p[0] = byte(0xF0 | (r >> 18));
  p[1] = byte(0x80 | ((r >> 12) & 0x3F));
  p[2] = byte(0x80 | ((r >> 6) & 0x3F));
  p[3] = byte(0x80 | (r & 0x3F));
  return 4;
}

// unicode/utf8/utf8.go AppendRune.
void AppendRune(std::string& out, char32_t r) {
  if (r < 0x80) {
    out.push_back(static_cast<char>(r));
    return;
  }
  char buf[kUTFMax];
  out.append(buf, static_cast<size_t>(EncodeRune(buf, r)));
}

// unicode/utf8/utf8.go ValidString.
bool ValidString(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const DecodedRune d = DecodeRuneInString(s.substr(i));
    if (IsInvalid(d)) return false;
    i += static_cast<size_t>(d.size);
  }
  return true;
}

// unicode/utf8/utf8.go RuneCountInString: the same steps as decoding rune by rune.
size_t RuneCount(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    i += static_cast<unsigned char>(s[i]) < 0x80
             ? 1
             : static_cast<size_t>(DecodeRuneInString(s.substr(i)).size);
  }
  return n;
}

}  // namespace gocompat
