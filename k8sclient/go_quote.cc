#include "k8sclient/go_quote.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>

namespace k8s {
namespace {

struct Range {
  char32_t lo, hi;
};

constexpr Range kPrintable[] = {
#include "k8sclient/go_isprint_table.inc"
};

constexpr char kHex[] = "0123456789abcdef";


void AppendHex(std::string& out, uint32_t v, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out.push_back(kHex[(v >> shift) & 0xF]);
}

}  // namespace

void AppendUtf8(std::string& out, char32_t r) {
  if (r < 0x80) {
    out.push_back(static_cast<char>(r));
  } else if (r < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (r >> 6)));
    out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else if (r < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (r >> 12)));
    out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (r >> 18)));
    out.push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
  }
}

bool GoIsPrint(char32_t r) {
  auto it = std::upper_bound(std::begin(kPrintable), std::end(kPrintable), r,
                             [](char32_t v, const Range& range) { return v < range.lo; });
  if (it == std::begin(kPrintable)) return false;
  --it;
  return r <= it->hi;
}

std::pair<char32_t, size_t> DecodeGoRune(std::string_view s) {
  constexpr std::pair<char32_t, size_t> kError{0xFFFD, 1};
  if (s.empty()) return {0xFFFD, 0};
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return {b0, 1};
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  char32_t r;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    r = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    r = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    r = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
  } else {
    return kError;
  }
  if (s.size() < n) return kError;
  for (size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const unsigned char min = i == 1 ? lo : 0x80, max = i == 1 ? hi : 0xBF;
    if (b < min || b > max) return kError;
    r = (r << 6) | (b & 0x3F);
  }
  return {r, n};
}

void AppendGoQuote(std::string& out, std::string_view s) {
  out.push_back('"');
  while (!s.empty()) {
    auto [r, width] = DecodeGoRune(s);
    if (width == 1 && r == 0xFFFD) {
      out += "\\x";
      AppendHex(out, static_cast<unsigned char>(s[0]), 2);
      s.remove_prefix(1);
      continue;
    }
    s.remove_prefix(width);
    if (r == '"' || r == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(r));
      continue;
    }
    if (GoIsPrint(r)) {
      AppendUtf8(out, r);
      continue;
    }
    switch (r) {
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      default:
        if (r < ' ' || r == 0x7F) {
          out += "\\x";
          AppendHex(out, r, 2);
        } else if (r < 0x10000) {
          out += "\\u";
          AppendHex(out, r, 4);
        } else {
          out += "\\U";
          AppendHex(out, r, 8);
        }
    }
  }
  out.push_back('"');
}

std::string GoQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  AppendGoQuote(out, s);
  return out;
}

}  // namespace k8s
