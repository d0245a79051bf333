#include "k8sclient/quantity.h"

#include <algorithm>
#include <climits>
#include <utility>

#include "absl/status/status.h"
#include "gocompat/strconv.h"

namespace k8sclient {
namespace {

constexpr const char* kErrFormatWrong =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr const char* kErrNumeric = "unable to parse numeric part of quantity";
constexpr const char* kErrSuffix = "unable to parse quantity's suffix";

// apimachinery's maxInt64Factors: decimal inputs of up to 18 digits take the int64 path.
constexpr int kMaxInt64Factors = 18;
constexpr std::string_view kMaxInt64Digits = "9223372036854775807";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string StripLeadingZeros(std::string s) {
  size_t i = s.find_first_not_of('0');
  if (i == std::string::npos) return "0";
  s.erase(0, i);
  return s;
}

// Magnitude comparison of two digit strings without leading zeros.
int CmpDigits(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

void MulSmall(std::string& digits, uint32_t m) {
  uint64_t carry = 0;
  for (size_t i = digits.size(); i-- > 0;) {
    uint64_t v = static_cast<uint64_t>(digits[i] - '0') * m + carry;
    digits[i] = static_cast<char>('0' + v % 10);
    carry = v / 10;
  }
  std::string prefix;
  while (carry > 0) {
    prefix.insert(prefix.begin(), static_cast<char>('0' + carry % 10));
    carry /= 10;
  }
  digits = StripLeadingZeros(prefix + digits);
}

// Returns the remainder; `digits` becomes the quotient.
uint32_t DivSmall(std::string& digits, uint32_t d) {
  uint64_t rem = 0;
  std::string q;
  q.reserve(digits.size());
  for (char c : digits) {
    rem = rem * 10 + static_cast<uint64_t>(c - '0');
    q.push_back(static_cast<char>('0' + rem / d));
    rem %= d;
  }
  digits = StripLeadingZeros(std::move(q));
  return static_cast<uint32_t>(rem);
}

void AddOne(std::string& digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return;
    }
    digits[i] = '0';
  }
  digits.insert(digits.begin(), '1');
}

// Rounds the magnitude up (away from zero) so that exp >= min_exp, as inf.RoundUp does.
// Returns whether nothing was lost.
bool RoundUpToExp(std::string& digits, int64_t& exp, int64_t min_exp) {
  if (exp >= min_exp || digits == "0") {
    if (digits == "0" && exp < min_exp) exp = min_exp;
    return true;
  }
  int64_t drop = min_exp - exp;
  exp = min_exp;
  if (drop >= static_cast<int64_t>(digits.size())) {
    digits.assign(1, '1');  // non-zero below the last kept place
    return false;
  }
  std::string kept = digits.substr(0, digits.size() - static_cast<size_t>(drop));
  bool exact = digits.find_first_not_of('0', kept.size()) == std::string::npos;
  digits = StripLeadingZeros(std::move(kept));
  if (!exact) AddOne(digits);
  return exact;
}

// Go's strconv.ParseInt(s, 10, 64).
bool ParseInt64(std::string_view s, int64_t& out) {
  absl::StatusOr<int64_t> v = gocompat::ParseInt(s, 10, 64);
  if (v.ok()) out = *v;
  return v.ok();
}

struct Scanned {
  bool positive = true;
  std::string_view value, num, denom, suffix;
};

// apimachinery's parseQuantityString, step for step (including its acceptance of ".", "-").
bool ScanQuantity(std::string_view str, Scanned& r) {
  size_t pos = 0, end = str.size();
  if (pos < end) {
    if (str[0] == '-') {
      r.positive = false;
      ++pos;
    } else if (str[0] == '+') {
      ++pos;
    }
  }
  for (size_t i = pos;; ++i) {
    if (i >= end) {
      r.num = "0";
      r.value = r.num;
      return true;
    }
    if (str[i] != '0') break;
    ++pos;
  }
  for (size_t i = pos;; ++i) {
    if (i >= end) {
      r.num = str.substr(pos);
      r.value = str;
      return true;
    }
    if (!IsDigit(str[i])) {
      r.num = str.substr(pos, i - pos);
      pos = i;
      break;
    }
  }
  if (r.num.empty()) r.num = "0";
  if (pos < end && str[pos] == '.') {
    ++pos;
    for (size_t i = pos;; ++i) {
      if (i >= end) {
        r.denom = str.substr(pos);
        r.value = str;
        return true;
      }
      if (!IsDigit(str[i])) {
        r.denom = str.substr(pos, i - pos);
        pos = i;
        break;
      }
    }
  }
  r.value = str.substr(0, pos);
  size_t suffix_start = pos;
  for (size_t i = pos;; ++i) {
    if (i >= end) {
      r.suffix = str.substr(suffix_start);
      return true;
    }
    if (std::string_view("eEinumkKMGTP").find(str[i]) == std::string_view::npos) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] == '-' || str[pos] == '+')) ++pos;
  for (size_t i = pos;; ++i) {
    if (i >= end) {
      r.suffix = str.substr(suffix_start);
      return true;
    }
    if (!IsDigit(str[i])) return false;
  }
}

struct Suffix {
  int base = 10;
  int64_t exponent = 0;
  QuantityFormat format = QuantityFormat::kDecimalSI;
};

bool InterpretSuffix(std::string_view s, Suffix& out) {
  static constexpr std::pair<std::string_view, int> kDecimal[] = {
      {"", 0},  {"n", -9}, {"u", -6}, {"m", -3}, {"k", 3},
      {"M", 6}, {"G", 9},  {"T", 12}, {"P", 15}, {"E", 18}};
  static constexpr std::pair<std::string_view, int> kBinary[] = {
      {"Ki", 10}, {"Mi", 20}, {"Gi", 30}, {"Ti", 40}, {"Pi", 50}, {"Ei", 60}};
  for (const auto& [name, e] : kDecimal) {
    if (s == name) {
      out = {10, e, QuantityFormat::kDecimalSI};
      return true;
    }
  }
  for (const auto& [name, e] : kBinary) {
    if (s == name) {
      out = {2, e, QuantityFormat::kBinarySI};
      return true;
    }
  }
  if (s.size() > 1 && (s[0] == 'e' || s[0] == 'E')) {
    int64_t e;
    if (!ParseInt64(s.substr(1), e) || e > INT32_MAX || e < -INT32_MAX) return false;
    out = {10, e, QuantityFormat::kDecimalExponent};
    return true;
  }
  return false;
}

std::string_view DecimalSuffix(int64_t exponent, bool& ok) {
  ok = true;
  switch (exponent) {
    case -9: return "n";
    case -6: return "u";
    case -3: return "m";
    case 0: return "";
    case 3: return "k";
    case 6: return "M";
    case 9: return "G";
    case 12: return "T";
    case 15: return "P";
    case 18: return "E";
  }
  ok = false;
  return "";
}

}  // namespace

Quantity::Quantity(bool negative, std::string digits, int64_t exp, QuantityFormat format)
    : negative_(negative), digits_(StripLeadingZeros(std::move(digits))), exp_(exp),
      format_(format) {
  if (digits_ == "0") {
    negative_ = false;
    exp_ = 0;
  }
}

Quantity Quantity::FromInt64(int64_t unscaled, int64_t exp10, QuantityFormat format) {
  uint64_t mag = unscaled < 0 ? 0 - static_cast<uint64_t>(unscaled)
                              : static_cast<uint64_t>(unscaled);
  return Quantity(unscaled < 0, std::to_string(mag), exp10, format);
}

Quantity Quantity::FromDigits(std::string_view signed_digits, int64_t exp10,
                              QuantityFormat format) {
  bool neg = !signed_digits.empty() && signed_digits[0] == '-';
  if (neg) signed_digits.remove_prefix(1);
  return Quantity(neg, std::string(signed_digits), exp10, format);
}

absl::StatusOr<Quantity> Quantity::Parse(std::string_view str) {
  if (str.empty()) return absl::InvalidArgumentError(kErrFormatWrong);
  if (str == "0") {
    Quantity q;
    q.text_ = "0";
    return q;
  }
  Scanned sc;
  if (!ScanQuantity(str, sc)) return absl::InvalidArgumentError(kErrFormatWrong);
  Suffix suf;
  if (!InterpretSuffix(sc.suffix, suf)) return absl::InvalidArgumentError(kErrSuffix);

  const int64_t num_len = static_cast<int64_t>(sc.num.size());
  const int64_t denom_len = static_cast<int64_t>(sc.denom.size());
  int64_t precision = 0, scale = 0;
  int64_t mantissa = 1;
  if (suf.format == QuantityFormat::kBinarySI) {
    if (suf.exponent >= 0 && denom_len == 0) {
      mantissa = int64_t{1} << suf.exponent;
      precision = 15 - num_len - suf.exponent * 3 / 10 - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = suf.exponent;
    precision = kMaxInt64Factors - (num_len + denom_len);
  }

  // The int64 fast path: exact, and it decides whether Go keeps the input text.
  if (precision >= 0) {
    scale -= denom_len;
    if (scale >= -9) {
      std::string shifted = std::string(sc.num) + std::string(sc.denom);
      int64_t value;
      if (!ParseInt64(shifted, value)) return absl::InvalidArgumentError(kErrNumeric);
      __int128 product = static_cast<__int128>(value) * mantissa;
      if (product <= INT64_MAX) {
        Quantity q(!sc.positive, std::to_string(static_cast<int64_t>(product)), scale,
                   suf.format);
        bool keep;
        if (suf.format == QuantityFormat::kBinarySI) {
          keep = suf.exponent % 10 == 0 && (value & 0x07) != 0;
        } else {
          keep = scale % 3 == 0 && !(shifted.size() >= 3 &&
                                     shifted.compare(shifted.size() - 3, 3, "000") == 0) &&
                 shifted[0] != '0';
        }
        if (keep) q.text_ = std::string(str);
        return q;
      }
    }
  }

  // The inf.Dec path: inf.Dec.SetString on the numeric text, which needs at least one digit.
  std::string_view v = sc.value;
  if (!v.empty() && (v[0] == '+' || v[0] == '-')) v.remove_prefix(1);
  std::string digits;
  int64_t exp = 0;
  bool seen_point = false, seen_digit = false;
  for (char c : v) {
    if (c == '.') {
      if (seen_point) return absl::InvalidArgumentError(kErrNumeric);
      seen_point = true;
    } else if (IsDigit(c)) {
      seen_digit = true;
      digits.push_back(c);
      if (seen_point) --exp;
    } else {
      return absl::InvalidArgumentError(kErrNumeric);
    }
  }
  if (!seen_digit) return absl::InvalidArgumentError(kErrNumeric);
  digits = StripLeadingZeros(std::move(digits));
  if (suf.base == 10) {
    exp += suf.exponent;
  } else {
    for (int64_t e = suf.exponent; e > 0; e -= 10) MulSmall(digits, 1024);
  }
  // Go rounds any non-zero amount up to a whole number of nanos: asking for a sliver of a
  // resource still gets some.
  RoundUpToExp(digits, exp, -9);
  QuantityFormat format = suf.format;
  if (format == QuantityFormat::kBinarySI) {
    Quantity mag(false, digits, exp, format);
    if (mag.Cmp(FromInt64(INT64_MAX, 0, format)) > 0) {
      digits = std::string(kMaxInt64Digits);
      exp = 0;
    } else if (mag.CmpInt64(1) < 0 && !mag.IsZero()) {
      format = QuantityFormat::kDecimalSI;
    }
  }
  return Quantity(!sc.positive, std::move(digits), exp, format);
}

int Quantity::Sign() const {
  if (IsZero()) return 0;
  return negative_ ? -1 : 1;
}

int Quantity::Cmp(const Quantity& o) const {
  int sa = Sign(), sb = o.Sign();
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  // Compare magnitudes by their order of magnitude first, so that exponents far apart never
  // need their zeros written out.
  int64_t ma = static_cast<int64_t>(digits_.size()) + exp_;
  int64_t mb = static_cast<int64_t>(o.digits_.size()) + o.exp_;
  int mag;
  if (ma != mb) {
    mag = ma < mb ? -1 : 1;
  } else {
    std::string a = digits_, b = o.digits_;
    if (exp_ > o.exp_) a.append(static_cast<size_t>(exp_ - o.exp_), '0');
    if (o.exp_ > exp_) b.append(static_cast<size_t>(o.exp_ - exp_), '0');
    mag = CmpDigits(a, b);
  }
  return sa < 0 ? -mag : mag;
}

int Quantity::CmpInt64(int64_t v) const {
  return Cmp(FromInt64(v, 0, QuantityFormat::kDecimalSI));
}

int64_t Quantity::ScaledValue(int32_t scale) const {
  if (IsZero()) return 0;
  std::string digits = digits_;
  int64_t exp = exp_;
  RoundUpToExp(digits, exp, scale);
  int64_t zeros = exp - scale;
  bool overflow = static_cast<int64_t>(digits.size()) + zeros > 19;
  if (!overflow) {
    digits.append(static_cast<size_t>(zeros), '0');
    overflow = CmpDigits(digits, kMaxInt64Digits) > 0;
  }
  if (overflow) return negative_ ? INT64_MIN : INT64_MAX;
  int64_t v = std::stoll(digits);
  return negative_ ? -v : v;
}

std::string Quantity::String() const {
  if (!text_.empty()) return text_;
  if (IsZero()) return "0";
  const std::string sign = negative_ ? "-" : "";

  if (format_ == QuantityFormat::kBinarySI && CmpInt64(-1024) > 0 && CmpInt64(1024) < 0) {
    // Small binary values print as decimals: avoids rounding and confusion.
  } else if (format_ == QuantityFormat::kBinarySI) {
    std::string digits = digits_;
    int64_t exp = exp_;
    if (RoundUpToExp(digits, exp, 0)) {
      digits.append(static_cast<size_t>(exp), '0');
      int exponent = 0;
      while (CmpDigits(digits, "1024") >= 0) {
        std::string q = digits;
        if (DivSmall(q, 1024) != 0) break;
        digits = std::move(q);
        ++exponent;
      }
      static constexpr std::string_view kBinary[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
      if (exponent <= 6) return sign + digits + std::string(kBinary[exponent]);
      // Past Ei there is no binary suffix: fall through to an exact decimal form.
    }
  }

  // Canonical base-10 form: trailing zeros into the exponent, exponent a multiple of 3.
  std::string digits = digits_;
  int64_t exp = exp_;
  size_t last = digits.find_last_not_of('0');
  exp += static_cast<int64_t>(digits.size() - 1 - last);
  digits.resize(last + 1);
  while (exp % 3 != 0) {
    digits.push_back('0');
    --exp;
  }
  if (format_ != QuantityFormat::kDecimalExponent) {
    bool ok;
    std::string_view s = DecimalSuffix(exp, ok);
    if (ok) return sign + digits + std::string(s);
  }
  if (exp == 0) return sign + digits;
  return sign + digits + "e" + std::to_string(exp);
}

}  // namespace k8sclient
