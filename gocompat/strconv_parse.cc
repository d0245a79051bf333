// strconv/atoi.go and atof.go: ParseInt, ParseUint, ParseFloat with Go's syntax and
// *NumError texts.
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "gocompat/strconv.h"

namespace gocompat {
namespace {

char Lower(char c) { return static_cast<char>(c | ('x' - 'X')); }

// The *NumError texts.
absl::Status NumError(std::string_view func, std::string_view num, std::string_view what,
                      absl::StatusCode code = absl::StatusCode::kInvalidArgument) {
  std::string msg = "strconv.";
  msg.append(func);
  msg += ": parsing ";
  AppendQuote(msg, num);
  msg += ": ";
  msg.append(what);
  return absl::Status(code, msg);
}
absl::Status Syntax(std::string_view func, std::string_view num) {
  return NumError(func, num, "invalid syntax");
}
absl::Status Range(std::string_view func, std::string_view num) {
  return NumError(func, num, "value out of range", absl::StatusCode::kOutOfRange);
}

// atoi.go underscoreOK: underscores only between digits, or after a base prefix.
bool UnderscoreOK(std::string_view s) {
  char saw = '^';  // ^ start, 0 digit or prefix, _ underscore, ! anything else
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (Lower(s[1]) == 'b' || Lower(s[1]) == 'o' || Lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = Lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if ((c >= '0' && c <= '9') || (hex && Lower(c) >= 'a' && Lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

// ParseUint's result: the value, or why not (the range error still carries the maximum,
// which ParseInt needs to tell its own range error).
enum class UintErr { kNone, kSyntax, kRange, kBase, kBitSize };
struct UintResult {
  uint64_t value = 0;
  UintErr err = UintErr::kNone;
};

// atoi.go ParseUint.
UintResult ParseUintImpl(std::string_view s, int base, int& bit_size) {
  if (s.empty()) return {0, UintErr::kSyntax};
  const bool base0 = base == 0;
  const std::string_view s0 = s;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      if (s.size() >= 3 && Lower(s[1]) == 'b') {
        base = 2;
        s.remove_prefix(2);
      } else if (s.size() >= 3 && Lower(s[1]) == 'o') {
        base = 8;
        s.remove_prefix(2);
      } else if (s.size() >= 3 && Lower(s[1]) == 'x') {
        base = 16;
        s.remove_prefix(2);
      } else {
        base = 8;
        s.remove_prefix(1);
      }
    }
  } else if (base < 2 || base > 36) {
    return {0, UintErr::kBase};
  }
  if (bit_size == 0) {
    bit_size = 64;
  } else if (bit_size < 0 || bit_size > 64) {
    return {0, UintErr::kBitSize};
  }
  const uint64_t cutoff = UINT64_MAX / static_cast<uint64_t>(base) + 1;
  const uint64_t max_val = bit_size == 64 ? UINT64_MAX : (uint64_t{1} << bit_size) - 1;
  bool underscores = false;
  uint64_t n = 0;
  for (const char c : s) {
    int d;
    if (c == '_' && base0) {
      underscores = true;
      continue;
    } else if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (Lower(c) >= 'a' && Lower(c) <= 'z') {
      d = Lower(c) - 'a' + 10;
    } else {
      return {0, UintErr::kSyntax};
    }
    if (d >= base) return {0, UintErr::kSyntax};
    if (n >= cutoff) return {max_val, UintErr::kRange};
    n *= static_cast<uint64_t>(base);
    const uint64_t n1 = n + static_cast<uint64_t>(d);
    if (n1 < n || n1 > max_val) return {max_val, UintErr::kRange};
    n = n1;
  }
  if (underscores && !UnderscoreOK(s0)) return {0, UintErr::kSyntax};
  return {n, UintErr::kNone};
}

absl::Status UintError(UintErr err, std::string_view func, std::string_view num, int base,
                       int bit_size) {
  switch (err) {
    case UintErr::kSyntax: return Syntax(func, num);
    case UintErr::kRange: return Range(func, num);
    case UintErr::kBase:
      return NumError(func, num, std::string("invalid base ").append(std::to_string(base)));
    case UintErr::kBitSize:
      return NumError(func, num, std::string("invalid bit size ").append(std::to_string(bit_size)));
    case UintErr::kNone: break;
  }
  return absl::OkStatus();
}

// atof.go readFloat, for its syntax only: how many bytes of s form a float literal (0 when
// none does), and that literal without underscores, split for strtod.
struct FloatSyntax {
  bool ok = false;
  size_t n = 0;  // bytes read
  bool neg = false, hex = false;
  std::string body;        // mantissa digits and point, then e/p and the exponent; no sign
  bool zero = true;        // every mantissa digit is 0
  long long exp10or2 = 0;  // where the leading digit stands (power of 10, or of 2 for hex)
};

FloatSyntax ReadFloat(std::string_view s) {
  FloatSyntax f;
  size_t i = 0;
  bool underscores = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    f.neg = s[i] == '-';
    ++i;
  }
  char exp_char = 'e';
  if (i + 2 < s.size() && s[i] == '0' && Lower(s[i + 1]) == 'x') {
    i += 2;
    exp_char = 'p';
    f.hex = true;
  }
  bool saw_dot = false, saw_digits = false;
  long long nd = 0, dp = 0;  // digits after leading zeros; digits before the point
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '_') {
      underscores = true;
      continue;
    }
    if (c == '.') {
      if (saw_dot) break;
      saw_dot = true;
      dp = nd;
      f.body.push_back('.');
      continue;
    }
    const bool digit = (c >= '0' && c <= '9') || (f.hex && Lower(c) >= 'a' && Lower(c) <= 'f');
    if (!digit) break;
    saw_digits = true;
    f.body.push_back(c);
    if (c == '0' && nd == 0) {  // leading zeros
      --dp;
      continue;
    }
    f.zero = false;
    ++nd;
  }
  if (!saw_digits) return f;
  if (!saw_dot) dp = nd;
  if (f.hex) dp *= 4;
  if (i < s.size() && Lower(s[i]) == exp_char) {
    ++i;
    if (i >= s.size()) return f;
    int esign = 1;
    if (s[i] == '+') {
      ++i;
    } else if (s[i] == '-') {
      ++i;
      esign = -1;
    }
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return f;
    long long e = 0;
    for (; i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); ++i) {
      if (s[i] == '_') {
        underscores = true;
        continue;
      }
      if (e < 10000) e = e * 10 + (s[i] - '0');  // Go stops counting here too: inf or 0 anyway
    }
    dp += e * esign;
    f.body.push_back(exp_char);
    if (esign < 0) f.body.push_back('-');
    f.body += std::to_string(e);
  } else if (f.hex) {
    return f;  // a hex mantissa needs its p exponent
  }
  if (underscores && !UnderscoreOK(s.substr(0, i))) return f;
  f.exp10or2 = dp;
  f.n = i;
  f.ok = true;
  return f;
}

// atof.go special: "inf", "infinity" (signed) and "nan", in any case; the bytes read.
size_t Special(std::string_view s, double& v) {
  auto prefix_ci = [](std::string_view a, std::string_view word) {
    size_t n = 0;
    while (n < a.size() && n < word.size() && Lower(a[n]) == word[n]) ++n;
    return n;
  };
  if (s.empty()) return 0;
  size_t nsign = 0;
  double sign = 1;
  if (s[0] == '+' || s[0] == '-') {
    if (s[0] == '-') sign = -1;
    nsign = 1;
    s.remove_prefix(1);
  } else if (Lower(s[0]) == 'n') {
    if (prefix_ci(s, "nan") == 3) {
      v = std::bit_cast<double>(uint64_t{0x7FF8000000000001});  // math.NaN()
      return 3;
    }
    return 0;
  }
  size_t n = prefix_ci(s, "infinity");
  if (n > 3 && n < 8) n = 3;
  if (n == 3 || n == 8) {
    v = sign * HUGE_VAL;
    return nsign + n;
  }
  return 0;
}

}  // namespace

// strconv/atoi.go ParseUint.
absl::StatusOr<uint64_t> ParseUint(std::string_view s, int base, int bit_size) {
  const int bits_in = bit_size;
  const UintResult r = ParseUintImpl(s, base, bit_size);
  if (r.err != UintErr::kNone) return UintError(r.err, "ParseUint", s, base, bits_in);
  return r.value;
}

// strconv/atoi.go ParseInt: the sign, then ParseUint's digits against the signed range.
absl::StatusOr<int64_t> ParseInt(std::string_view s, int base, int bit_size) {
  constexpr std::string_view kFunc = "ParseInt";
  if (s.empty()) return Syntax(kFunc, s);
  const std::string_view s0 = s;
  bool neg = false;
  if (s[0] == '+') {
    s.remove_prefix(1);
  } else if (s[0] == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  const int bits_in = bit_size;
  const UintResult r = ParseUintImpl(s, base, bit_size);
  if (r.err != UintErr::kNone && r.err != UintErr::kRange)
    return UintError(r.err, kFunc, s0, base, bits_in);
  const uint64_t cutoff = uint64_t{1} << (bit_size - 1);
  if (!neg && r.value >= cutoff) return Range(kFunc, s0);
  if (neg && r.value > cutoff) return Range(kFunc, s0);
  return neg ? static_cast<int64_t>(0 - r.value) : static_cast<int64_t>(r.value);
}

// strconv/atof.go ParseFloat (atof64/atof32): Go's syntax checked here, the correctly
// rounded conversion left to glibc's strtod/strtof (exact, as Go's; already linked, where
// std::from_chars for floats added 24,608 bytes to the static podinit: bench/README.md, "Size").
// podinit never calls setlocale, so their decimal point is '.'.
absl::StatusOr<double> ParseFloat(std::string_view s, int bit_size) {
  constexpr std::string_view kFunc = "ParseFloat";
  double special = 0;
  if (size_t n = Special(s, special); n != 0) {
    if (n != s.size()) return Syntax(kFunc, s);
    return bit_size == 32 ? static_cast<double>(static_cast<float>(special)) : special;
  }
  const FloatSyntax f = ReadFloat(s);
  if (!f.ok || f.n != s.size()) return Syntax(kFunc, s);
  const std::string text = f.hex ? "0x" + f.body : f.body;
  char* end = nullptr;
  const double v = bit_size == 32 ? static_cast<double>(std::strtof(text.c_str(), &end))
                                  : std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return Syntax(kFunc, s);  // not reached: ReadFloat checked
  // Beyond the largest float is ErrRange (and ±Inf); below the smallest denormal, strtod's
  // correctly rounded answer is zero, as Go's.
  if (std::isinf(v)) return Range(kFunc, s);
  return f.neg ? -v : v;
}

}  // namespace gocompat
