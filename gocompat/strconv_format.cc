// strconv/ftoa.go and itoa.go: FormatFloat with Go's shortest digits and formats, and
// FormatInt.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "gocompat/strconv.h"

namespace gocompat {
namespace {

constexpr char kLowerHex[] = "0123456789abcdef";
constexpr char kUpperHex[] = "0123456789ABCDEF";
constexpr char kDigits36[] = "0123456789abcdefghijklmnopqrstuvwxyz";

// decimalSlice: the digits d (no leading zeros) and the point's position, value =
// 0.d × 10^dp; nd == 0 for zero.
struct Digits {
  std::string d;
  int dp = 0;
};

// A double's exact decimal expansion has at most 767 significant digits; more are zeros.
constexpr int kMaxDigits = 767;

// The shortest digits that read back as v as a float of bit_size (ryuFtoaShortest), or v
// correctly rounded to sig digits (ryuFtoaFixed / bigFtoa): std::to_chars gives both.
Digits ToDigits(double v, int sig, int bit_size) {
  char buf[kMaxDigits + 32];
  std::to_chars_result r;
  v = std::fabs(v);
  if (sig < 0 && bit_size == 32) {
    r = std::to_chars(buf, buf + sizeof buf, static_cast<float>(v), std::chars_format::scientific);
  } else if (sig < 0) {
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  } else {
    // glibc's printf rounds the exact value half to even too, and is linked anyway: the
    // precision overloads of std::to_chars would add Ryu's printf tables (~0.1 MB static).
    // podinit never calls setlocale, so the decimal point is '.'.
    const int n = std::snprintf(buf, sizeof buf, "%.*e", std::min(sig, kMaxDigits) - 1, v);
    r = {buf + std::clamp(n, 0, static_cast<int>(sizeof buf) - 1), n < 0 ? std::errc::invalid_argument : std::errc()};
  }
  Digits d;
  if (r.ec != std::errc()) return d;
  const std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
  const size_t e = s.find('e');
  for (char c : s.substr(0, e)) {
    if (c != '.') d.d.push_back(c);
  }
  while (!d.d.empty() && d.d.back() == '0') d.d.pop_back();
  if (d.d.empty()) return d;
  int exp = 0;
  const std::string_view es = s.substr(e + 1);
  std::from_chars(es.data() + (es[0] == '+' ? 1 : 0), es.data() + es.size(), exp);
  d.dp = exp + 1;
  return d;
}

// ftoa.go fmtE: d.ddddde±dd.
void FmtE(std::string& out, bool neg, const Digits& d, int prec, char fmt) {
  const int nd = static_cast<int>(d.d.size());
  if (neg) out.push_back('-');
  out.push_back(nd != 0 ? d.d[0] : '0');
  if (prec > 0) {
    out.push_back('.');
    int i = 1;
    const int m = std::min(nd, prec + 1);
    if (i < m) {
      out.append(d.d, static_cast<size_t>(i), static_cast<size_t>(m - i));
      i = m;
    }
    for (; i <= prec; ++i) out.push_back('0');
  }
  out.push_back(fmt);
  int exp = nd == 0 ? 0 : d.dp - 1;  // 0 has exponent 0
  out.push_back(exp < 0 ? '-' : '+');
  exp = std::abs(exp);
  if (exp < 10) out.push_back('0');
  out += std::to_string(exp);
}

// ftoa.go fmtF: ddd.ddd with prec digits after the point.
void FmtF(std::string& out, bool neg, const Digits& d, int prec) {
  const int nd = static_cast<int>(d.d.size());
  if (neg) out.push_back('-');
  if (d.dp > 0) {
    int m = std::min(nd, d.dp);
    out.append(d.d, 0, static_cast<size_t>(m));
    for (; m < d.dp; ++m) out.push_back('0');
  } else {
    out.push_back('0');
  }
  if (prec > 0) {
    out.push_back('.');
    for (int i = 0; i < prec; ++i) {
      const int j = d.dp + i;
      out.push_back(j >= 0 && j < nd ? d.d[static_cast<size_t>(j)] : '0');
    }
  }
}

// The IEEE fields genericFtoa starts from: mant with the implicit bit, the unbiased exponent.
struct FloatBits {
  bool neg;
  uint64_t mant;
  int exp;
  int mantbits;
};

FloatBits Decompose(double v, int bit_size) {
  FloatBits f;
  int expbits, bias;
  uint64_t bits;
  if (bit_size == 32) {
    const float x = static_cast<float>(v);
    uint32_t b;
    std::memcpy(&b, &x, sizeof b);
    bits = b;
    f.mantbits = 23, expbits = 8, bias = -127;
  } else {
    std::memcpy(&bits, &v, sizeof bits);
    f.mantbits = 52, expbits = 11, bias = -1023;
  }
  f.neg = (bits >> (expbits + f.mantbits)) != 0;
  f.exp = static_cast<int>(bits >> f.mantbits) & ((1 << expbits) - 1);
  f.mant = bits & ((uint64_t{1} << f.mantbits) - 1);
  if (f.exp == 0) {
    f.exp++;  // denormal
  } else {
    f.mant |= uint64_t{1} << f.mantbits;
  }
  f.exp += bias;
  return f;
}

// ftoa.go fmtB: mantissa "p" binary exponent, both decimal.
std::string FmtB(const FloatBits& f) {
  std::string out = f.neg ? "-" : "";
  out += std::to_string(f.mant);
  out.push_back('p');
  const int exp = f.exp - f.mantbits;
  if (exp >= 0) out.push_back('+');
  out += std::to_string(exp);
  return out;
}

// ftoa.go fmtX: -0x1.23abcp+20, the mantissa rounded half to even at prec hex digits.
std::string FmtX(FloatBits f, int prec, char fmt) {
  uint64_t mant = f.mant;
  int exp = mant == 0 ? 0 : f.exp;
  mant <<= 60 - f.mantbits;
  while (mant != 0 && (mant & (uint64_t{1} << 60)) == 0) {
    mant <<= 1;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const unsigned shift = static_cast<unsigned>(prec * 4);
    const uint64_t extra = (mant << shift) & ((uint64_t{1} << 60) - 1);
    mant >>= 60 - shift;
    if ((extra | (mant & 1)) > (uint64_t{1} << 59)) mant++;
    mant <<= 60 - shift;
    if ((mant & (uint64_t{1} << 61)) != 0) {
      mant >>= 1;
      exp++;
    }
  }
  const char* hex = fmt == 'X' ? kUpperHex : kLowerHex;
  std::string out = f.neg ? "-" : "";
  out.push_back('0');
  out.push_back(fmt);
  out.push_back(static_cast<char>('0' + ((mant >> 60) & 1)));
  mant <<= 4;  // drop the leading 0 or 1
  if (prec < 0 && mant != 0) {
    out.push_back('.');
    for (; mant != 0; mant <<= 4) out.push_back(hex[(mant >> 60) & 15]);
  } else if (prec > 0) {
    out.push_back('.');
    for (int i = 0; i < prec; ++i, mant <<= 4) out.push_back(hex[(mant >> 60) & 15]);
  }
  out.push_back(fmt == 'X' ? 'P' : 'p');
  out.push_back(exp < 0 ? '-' : '+');
  exp = std::abs(exp);
  if (exp < 10) out.push_back('0');
  out += std::to_string(exp);
  return out;
}

}  // namespace

// strconv/ftoa.go FormatFloat (genericFtoa, formatDigits).
std::string FormatFloat(double v, char fmt, int prec, int bit_size) {
  if (bit_size != 32) bit_size = 64;
  if (bit_size == 32) v = static_cast<float>(v);  // the float32 Go formats
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Inf" : "+Inf";
  const FloatBits bits = Decompose(v, bit_size);
  if (fmt == 'b') return FmtB(bits);
  if (fmt == 'x' || fmt == 'X') return FmtX(bits, prec, fmt);
  const bool neg = bits.neg;
  const bool shortest = prec < 0;
  std::string out;
  switch (fmt) {
    case 'e':
    case 'E': {
      const Digits d = ToDigits(v, shortest ? -1 : prec + 1, bit_size);
      FmtE(out, neg, d, shortest ? std::max(static_cast<int>(d.d.size()) - 1, 0) : prec, fmt);
      return out;
    }
    case 'f': {
      if (shortest) {
        const Digits d = ToDigits(v, -1, bit_size);
        FmtF(out, neg, d, std::max(static_cast<int>(d.d.size()) - d.dp, 0));
        return out;
      }
      // printf rounds the exact value half to even, as decimal.go's Round does (its "exactly
      // half rounds down" at no digits left is the even 0); snprintf, not std::to_chars: see
      // ToDigits.
      std::string buf(330 + static_cast<size_t>(prec), '\0');
      const int n = std::snprintf(buf.data(), buf.size(), "%.*f", prec, v);
      buf.resize(static_cast<size_t>(std::clamp(n, 0, static_cast<int>(buf.size()) - 1)));
      return buf;
    }
    case 'g':
    case 'G': {
      if (prec == 0) prec = 1;
      Digits d = ToDigits(v, shortest ? -1 : prec, bit_size);
      const int nd = static_cast<int>(d.d.size());
      if (shortest) prec = nd;
      int eprec = prec;
      if (eprec > nd && nd >= d.dp) eprec = nd;
      if (shortest) eprec = 6;  // %e is used if the exponent from the conversion is < -4 or >= 6
      const int exp = d.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        FmtE(out, neg, d, prec - 1, fmt == 'g' ? 'e' : 'E');
        return out;
      }
      if (prec > d.dp) prec = nd;
      FmtF(out, neg, d, std::max(prec - d.dp, 0));
      return out;
    }
    default: break;
  }
  return std::string("%") + fmt;
}

// strconv/itoa.go FormatInt.
std::string FormatInt(int64_t v, int base) {
  if (v >= 0) return FormatUint(static_cast<uint64_t>(v), base);
  return std::string("-").append(FormatUint(0 - static_cast<uint64_t>(v), base));
}

// strconv/itoa.go FormatUint.
std::string FormatUint(uint64_t v, int base) {
  if (base < 2 || base > 36) base = 10;  // Go panics; no caller passes one
  char buf[65];
  size_t i = sizeof buf;
  do {
    buf[--i] = kDigits36[v % static_cast<uint64_t>(base)];
    v /= static_cast<uint64_t>(base);
  } while (v != 0);
  return std::string(buf + i, sizeof buf - i);
}

}  // namespace gocompat
