#include "gocompat/json.h"

#include <cmath>

#include "gocompat/strconv.h"
#include "gocompat/utf8.h"

namespace gocompat {

// encoding/json/encode.go encodeState.string (htmlSafeSet / safeSet in tables.go).
void AppendJsonString(std::string& out, std::string_view s, bool escape_html) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t start = 0;  // the unescaped stretch not yet copied
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < kRuneSelf) {
      const bool html = b == '<' || b == '>' || b == '&';
      if (b >= 0x20 && b != '"' && b != '\\' && !(html && escape_html)) {
        ++i;
        continue;
      }
      out.append(s, start, i - start);
      out.push_back('\\');
      switch (b) {
        case '\\':
        case '"': out.push_back(static_cast<char>(b)); break;
        case '\n': out.push_back('n'); break;
        case '\r': out.push_back('r'); break;
        case '\t': out.push_back('t'); break;
        default:
          out += "u00";
          out.push_back(kHex[b >> 4]);
          out.push_back(kHex[b & 0xF]);
      }
      start = ++i;
      continue;
    }
    const DecodedRune d = DecodeRuneInString(s.substr(i));
    if (IsInvalid(d) || d.rune == 0x2028 || d.rune == 0x2029) {
      out.append(s, start, i - start);
      out += IsInvalid(d) ? "\\ufffd" : d.rune == 0x2028 ? "\\u2028" : "\\u2029";
      i += static_cast<size_t>(d.size);
      start = i;
      continue;
    }
    i += static_cast<size_t>(d.size);
  }
  out.append(s, start, std::string_view::npos);
  out.push_back('"');
}

// encoding/json/encode.go floatEncoder.encode.
absl::Status AppendJsonFloat(std::string& out, double f, int bits) {
  if (bits != 32) bits = 64;
  if (bits == 32) f = static_cast<float>(f);  // the float32 Go marshals
  if (std::isnan(f) || std::isinf(f)) {
    return absl::InvalidArgumentError(
        std::string("json: unsupported value: ").append(FormatFloat(f, 'g', -1, bits)));
  }
  const double abs = std::fabs(f);
  char fmt = 'f';
  if (abs != 0) {
    // float32 comparisons for a float32, for the exact cut-offs.
    const bool small = bits == 64 ? abs < 1e-6 : static_cast<float>(abs) < 1e-6f;
    const bool large = bits == 64 ? abs >= 1e21 : static_cast<float>(abs) >= 1e21f;
    if (small || large) fmt = 'e';
  }
  std::string b = FormatFloat(f, fmt, -1, bits);
  if (fmt == 'e') {  // e-09 to e-9
    const size_t n = b.size();
    if (n >= 4 && b[n - 4] == 'e' && b[n - 3] == '-' && b[n - 2] == '0') b.erase(n - 2, 1);
  }
  out += b;
  return absl::OkStatus();
}

}  // namespace gocompat
