#include "templating/fmt.h"

#include <charconv>
#include <cmath>
#include <complex>
#include <cstdio>
#include <cstring>

#include "templating/lexer.h"
#include "templating/template.h"

namespace tmpl {

bool IsPrintRune(int32_t r) {
  if (r < 0x20) return false;
  if (r < 0x7F) return true;
  if (r < 0xA1) return false;  // DEL, C1 controls, NBSP
  if (r == 0xAD) return false;  // soft hyphen
  if (r >= 0xD800 && r <= 0xDFFF) return false;
  if (r > 0x10FFFF) return false;
  if (r == 0x1680 || (r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) ||
      (r >= 0x205F && r <= 0x206F) || r == 0x3000 || r == 0xFEFF ||
      (r >= 0xFFF9 && r <= 0xFFFB) || r == 0xFFFE || r == 0xFFFF)
    return false;
  if (r >= 0xE000 && r <= 0xF8FF) return false;     // private use
  if (r >= 0x323B0 && r < 0xE0100) return false;    // planes 3-13 beyond CJK ext. H: unassigned
  if (r >= 0xE01F0) return false;                   // private use planes
  if (r == 0x061C || r == 0x180E || (r >= 0x0600 && r <= 0x0605) || r == 0x06DD) return false;
  return true;
}

namespace {

constexpr char kLower[] = "0123456789abcdefx";
constexpr char kUpper[] = "0123456789ABCDEFX";

void AppendQuotedRuneBody(std::string* out, int32_t r, int width, char quote, bool ascii_only,
                          std::string_view raw) {
  if (width == 1 && r == 0xFFFD) {
    // An invalid byte.
    out->append("\\x");
    unsigned char b = static_cast<unsigned char>(raw[0]);
    out->push_back(kLower[b >> 4]);
    out->push_back(kLower[b & 0xF]);
    return;
  }
  if (r == quote || r == '\\') {
    out->push_back('\\');
    out->push_back(static_cast<char>(r));
    return;
  }
  if (ascii_only) {
    if (r < 0x80 && IsPrintRune(r)) {
      out->push_back(static_cast<char>(r));
      return;
    }
  } else if (IsPrintRune(r)) {
    out->append(raw.substr(0, width));
    return;
  }
  switch (r) {
    case '\a': out->append("\\a"); return;
    case '\b': out->append("\\b"); return;
    case '\f': out->append("\\f"); return;
    case '\n': out->append("\\n"); return;
    case '\r': out->append("\\r"); return;
    case '\t': out->append("\\t"); return;
    case '\v': out->append("\\v"); return;
  }
  char buf[16];
  if (r < ' ' || r == 0x7F) {
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(r));
  } else if (r < 0x10000) {
    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(r));
  } else {
    std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(r));
  }
  out->append(buf);
}

}  // namespace

std::string GoQuote(std::string_view s, bool ascii_only) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    int w;
    int32_t r = DecodeRune(s, i, &w);
    AppendQuotedRuneBody(&out, r, w, '"', ascii_only, s.substr(i));
    i += w;
  }
  out.push_back('"');
  return out;
}

std::string GoQuoteRune(int32_t r, bool ascii_only) {
  if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  std::string raw;
  AppendRune(&raw, r);
  std::string out = "'";
  // A real U+FFFD is printable and not an invalid byte: pass its full width.
  AppendQuotedRuneBody(&out, r, static_cast<int>(raw.size()), '\'', ascii_only, raw);
  out.push_back('\'');
  return out;
}

namespace {

int Unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool UnquoteChar(std::string_view s, char quote, int32_t* value, bool* multibyte,
                 std::string_view* tail) {
  if (s.empty()) return false;
  unsigned char c = static_cast<unsigned char>(s[0]);
  if (c == static_cast<unsigned char>(quote) && (quote == '\'' || quote == '"')) return false;
  if (c >= 0x80) {
    int w;
    *value = DecodeRune(s, 0, &w);
    *multibyte = true;
    *tail = s.substr(w);
    return true;
  }
  if (c != '\\') {
    *value = c;
    *multibyte = false;
    *tail = s.substr(1);
    return true;
  }
  if (s.size() <= 1) return false;
  char e = s[1];
  s = s.substr(2);
  *multibyte = false;
  switch (e) {
    case 'a': *value = '\a'; break;
    case 'b': *value = '\b'; break;
    case 'f': *value = '\f'; break;
    case 'n': *value = '\n'; break;
    case 'r': *value = '\r'; break;
    case 't': *value = '\t'; break;
    case 'v': *value = '\v'; break;
    case 'x':
    case 'u':
    case 'U': {
      size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      if (s.size() < n) return false;
      int32_t v = 0;
      for (size_t j = 0; j < n; ++j) {
        int x = Unhex(s[j]);
        if (x < 0) return false;
        v = (v << 4) | x;
      }
      s = s.substr(n);
      if (e == 'x') {
        *value = v;  // single byte
        break;
      }
      if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
      *value = v;
      *multibyte = true;
      break;
    }
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      int32_t v = e - '0';
      if (s.size() < 2) return false;
      for (size_t j = 0; j < 2; ++j) {
        int x = s[j] - '0';
        if (x < 0 || x > 7) return false;
        v = (v << 3) | x;
      }
      s = s.substr(2);
      if (v > 255) return false;
      *value = v;
      break;
    }
    case '\\': *value = '\\'; break;
    case '\'':
    case '"':
      if (e != quote) return false;
      *value = e;
      break;
    default: return false;
  }
  *tail = s;
  return true;
}

absl::StatusOr<std::string> GoUnquote(std::string_view s) {
  auto bad = [] { return absl::InvalidArgumentError("invalid syntax"); };
  if (s.size() < 2) return bad();
  char quote = s[0];
  if (quote != s.back()) return bad();
  s = s.substr(1, s.size() - 2);
  if (quote == '`') {
    if (s.find('`') != std::string_view::npos) return bad();
    std::string out;
    out.reserve(s.size());
    for (char c : s)
      if (c != '\r') out.push_back(c);
    return out;
  }
  if (quote != '"' && quote != '\'') return bad();
  if (s.find('\n') != std::string_view::npos) return bad();
  std::string out;
  int runes = 0;
  while (!s.empty()) {
    int32_t v;
    bool mb;
    std::string_view tail;
    if (!UnquoteChar(s, quote, &v, &mb, &tail)) return bad();
    s = tail;
    if (v < 0x80 || !mb) {
      out.push_back(static_cast<char>(v));
    } else {
      AppendRune(&out, v);
    }
    ++runes;
    if (quote == '\'' && !s.empty()) return bad();
  }
  if (quote == '\'' && runes != 1) return bad();
  return out;
}

// ---- floats ----

namespace {

// The shortest decimal digits that round-trip, with the decimal point position: value =
// 0.DIGITS * 10^dp. to_chars gives exactly strconv's shortest digits.
struct Digits {
  std::string d;  // no leading or trailing zeros; empty for zero
  int dp = 0;
};

// A double's exact decimal expansion has at most 767 significant digits; asking for more
// only adds zeros, which the formatters pad themselves.
constexpr int kMaxDigits = 767;

Digits ToDigits(double v, int sig /* -1 = shortest */) {
  char buf[kMaxDigits + 32];
  v = std::fabs(v);
  sig = std::min(sig, kMaxDigits);
  std::to_chars_result r = sig < 0 ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific)
                                  : std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, sig - 1);
  if (r.ec != std::errc()) return Digits();
  std::string_view s(buf, r.ptr - buf);
  size_t e = s.find('e');
  std::string_view mant = s.substr(0, e);
  int exp = std::atoi(std::string(s.substr(e + 1)).c_str());
  Digits d;
  for (char c : mant)
    if (c != '.') d.d.push_back(c);
  while (!d.d.empty() && d.d.back() == '0') d.d.pop_back();
  if (d.d.empty()) {
    d.dp = 0;
    return d;
  }
  d.dp = exp + 1;
  return d;
}

// strconv's fmtE: d.ddddde±dd with prec digits after the point.
void FmtE(std::string* out, bool neg, const Digits& d, int prec, char fmt) {
  if (neg) out->push_back('-');
  out->push_back(d.d.empty() ? '0' : d.d[0]);
  if (prec > 0) {
    out->push_back('.');
    int i = 1;
    int m = std::min(static_cast<int>(d.d.size()), prec + 1);
    if (i < m) {
      out->append(d.d, i, m - i);
      i = m;
    }
    for (; i <= prec; i++) out->push_back('0');
  }
  out->push_back(fmt);
  int exp = d.d.empty() ? 0 : d.dp - 1;
  if (exp < 0) {
    out->push_back('-');
    exp = -exp;
  } else {
    out->push_back('+');
  }
  if (exp < 10) {
    out->push_back('0');
    out->push_back(static_cast<char>('0' + exp));
  } else {
    out->append(std::to_string(exp));
  }
}

// strconv's fmtF: ddd.ddd with prec digits after the point.
void FmtF(std::string* out, bool neg, const Digits& d, int prec) {
  if (neg) out->push_back('-');
  int nd = static_cast<int>(d.d.size());
  if (d.dp > 0) {
    int m = std::min(nd, d.dp);
    out->append(d.d, 0, m);
    for (; m < d.dp; m++) out->push_back('0');
  } else {
    out->push_back('0');
  }
  if (prec > 0) {
    out->push_back('.');
    for (int i = 1; i <= prec; i++) {
      int j = d.dp + i - 1;
      out->push_back(j >= 0 && j < nd ? d.d[j] : '0');
    }
  }
}

std::string FormatHexFloat(double v, char fmt, int prec) {
  // strconv's %x: -0x1.23abcp+20, exponent at least two digits.
  std::string s;
  int n = prec < 0 ? std::snprintf(nullptr, 0, fmt == 'X' ? "%A" : "%a", v)
                   : std::snprintf(nullptr, 0, fmt == 'X' ? "%.*A" : "%.*a", prec, v);
  if (n <= 0) return s;
  s.resize(n + 1);
  if (prec < 0) {
    std::snprintf(s.data(), s.size(), fmt == 'X' ? "%A" : "%a", v);
  } else {
    std::snprintf(s.data(), s.size(), fmt == 'X' ? "%.*A" : "%.*a", prec, v);
  }
  s.resize(n);
  // C rounds 0x1.f8p+0 at precision 0 up to 0x2p+0; Go renormalizes to 0x1p+01.
  size_t x = s.find_first_of("xX");
  size_t p = s.find_first_of("pP");
  if (x != std::string::npos && p != std::string::npos && x + 1 < s.size() && s[x + 1] == '2') {
    s[x + 1] = '1';
    int exp = std::atoi(s.c_str() + p + 1);
    s = s.substr(0, p + 1) + (exp + 1 >= 0 ? "+" : "-") + std::to_string(std::abs(exp + 1));
  }
  p = s.find_first_of("pP");
  if (p != std::string::npos && p + 2 < s.size() + 1) {
    std::string exp = s.substr(p + 2);
    if (exp.size() < 2) s = s.substr(0, p + 2) + "0" + exp;
  }
  return s;
}

}  // namespace

std::string FormatFloat(double v, char fmt, int prec) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  bool neg = std::signbit(v);
  std::string out;
  switch (fmt) {
    case 'b': {
      int exp;
      double m = std::frexp(std::fabs(v), &exp);
      uint64_t mant = 0;
      if (v != 0) {
        mant = static_cast<uint64_t>(std::ldexp(m, 53));
        exp -= 53;
        if (exp < -1074) {  // denormal
          mant >>= (-1074 - exp);
          exp = -1074;
        }
      } else {
        exp = -1074;
      }
      if (neg) out.push_back('-');
      out += std::to_string(mant);
      out.push_back('p');
      if (exp >= 0) out.push_back('+');
      out += std::to_string(exp);
      return out;
    }
    case 'x':
    case 'X': return FormatHexFloat(v, fmt, prec);
    case 'f': {
      if (prec < 0) {
        Digits d = ToDigits(v, -1);
        FmtF(&out, neg, d, std::max(static_cast<int>(d.d.size()) - d.dp, 0));
        return out;
      }
      char buf[400];
      auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, prec);
      if (r.ec == std::errc()) return std::string(buf, r.ptr);
      // Enormous precision: fall back to digit arithmetic.
      Digits d = ToDigits(v, prec + 310);
      FmtF(&out, neg, d, prec);
      return out;
    }
    case 'e':
    case 'E': {
      Digits d = ToDigits(v, prec < 0 ? -1 : prec + 1);
      FmtE(&out, neg, d, prec < 0 ? std::max(static_cast<int>(d.d.size()) - 1, 0) : prec, fmt);
      return out;
    }
    case 'g':
    case 'G': {
      bool shortest = prec < 0;
      if (prec == 0) prec = 1;
      Digits d = ToDigits(v, shortest ? -1 : prec);
      int nd = static_cast<int>(d.d.size());
      int dp = d.d.empty() ? 1 : d.dp;  // zero behaves as "0" with dp 1
      if (d.d.empty()) {
        d.d.assign(1, '0');
        d.dp = 1;
        nd = 1;
      }
      if (shortest) prec = nd;
      int eprec = prec;
      if (eprec > nd && nd >= dp) eprec = nd;
      if (shortest) eprec = 6;
      int exp = dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        FmtE(&out, neg, d, prec - 1, fmt == 'g' ? 'e' : 'E');
        return out;
      }
      if (prec > dp) prec = nd;
      FmtF(&out, neg, d, std::max(prec - dp, 0));
      return out;
    }
  }
  return std::string("%") + fmt;
}

// ---- the printer: Go's pp and fmt ----

namespace {

struct Flags {
  bool plus = false, minus = false, sharp = false, space = false, zero = false;
  bool plus_v = false, sharp_v = false;
  bool wid_present = false, prec_present = false;
  int wid = 0, prec = 0;
};

size_t RuneCount(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    int w;
    DecodeRune(s, i, &w);
    i += w;
    ++n;
  }
  return n;
}

class Printer {
 public:
  explicit Printer(std::string* out) : buf_(*out) {}

  void DoPrintf(std::string_view format, absl::Span<const Value> a);
  void DoPrint(absl::Span<const Value> a);
  void DoPrintln(absl::Span<const Value> a);
  void PrintArg(const Value& arg, int32_t verb);

 private:
  // ---- fmt (format.go) ----
  void WritePadding(int n) {
    if (n <= 0) return;
    buf_.append(static_cast<size_t>(n), f_.zero ? '0' : ' ');
  }
  void Pad(std::string_view b) {
    if (!f_.wid_present || f_.wid == 0) {
      buf_.append(b);
      return;
    }
    int width = f_.wid - static_cast<int>(RuneCount(b));
    if (!f_.minus) {
      WritePadding(width);
      buf_.append(b);
    } else {
      buf_.append(b);
      WritePadding(width);
    }
  }
  std::string_view Truncate(std::string_view s) {
    if (f_.prec_present) {
      size_t i = 0;
      for (int n = 0; i < s.size(); ++n) {
        if (n >= f_.prec) return s.substr(0, i);
        int w;
        DecodeRune(s, i, &w);
        i += w;
      }
    }
    return s;
  }
  void FmtBoolean(bool v) { Pad(v ? "true" : "false"); }
  void FmtInteger(uint64_t u, int base, bool is_signed, int32_t verb, const char* digits);
  void FmtUnicode(uint64_t u);
  void FmtC(uint64_t c) {
    int32_t r = c > 0x10FFFF ? 0xFFFD : static_cast<int32_t>(c);
    std::string s;
    AppendRune(&s, r);
    Pad(s);
  }
  void FmtQc(uint64_t c) {
    // Unlike strings, runes ignore '#' (no backquotes).
    int32_t r = c > 0x10FFFF ? 0xFFFD : static_cast<int32_t>(c);
    Pad(GoQuoteRune(r, f_.plus));
  }
  void FmtS(std::string_view s) { Pad(Truncate(s)); }
  void FmtSx(std::string_view s, const char* digits);
  void FmtQ(std::string_view s) {
    s = Truncate(s);
    if (f_.sharp && CanBackquote(s)) {
      std::string q = "`";
      q.append(s);
      q += "`";
      Pad(q);
      return;
    }
    Pad(GoQuote(s, f_.plus));
  }
  static bool CanBackquote(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
      int w;
      int32_t r = DecodeRune(s, i, &w);
      if (w > 1) {
        if (r == 0xFEFF) return false;
        i += w;
        continue;
      }
      if (r == 0xFFFD) return false;
      if ((r < ' ' && r != '\t') || r == '`' || r == 0x7F) return false;
      i += w;
    }
    return true;
  }
  void FmtFloatF(double v, int32_t verb, int prec);

  // ---- pp (print.go) ----
  void BadVerb(int32_t verb);
  void FmtBool(bool v, int32_t verb) {
    if (verb == 't' || verb == 'v') {
      FmtBoolean(v);
    } else {
      BadVerb(verb);
    }
  }
  void FmtIntegerV(uint64_t v, bool is_signed, int32_t verb);
  void FmtFloat(double v, int32_t verb) {
    switch (verb) {
      case 'v': FmtFloatF(v, 'g', -1); break;
      case 'b': case 'g': case 'G': case 'x': case 'X': FmtFloatF(v, verb, -1); break;
      case 'f': case 'e': case 'E': FmtFloatF(v, verb, 6); break;
      case 'F': FmtFloatF(v, 'f', 6); break;
      default: BadVerb(verb);
    }
  }
  // fmt's fmtComplex: both parts as floats of the same verb, the imaginary one always
  // signed, each padded to the width on its own.
  void FmtComplex(std::complex<double> v, int32_t verb) {
    switch (verb) {
      case 'v': case 'b': case 'g': case 'G': case 'x': case 'X': case 'f': case 'F': case 'e':
      case 'E': {
        bool old_plus = f_.plus;
        buf_.push_back('(');
        FmtFloat(v.real(), verb);
        f_.plus = true;
        FmtFloat(v.imag(), verb);
        buf_.append("i)");
        f_.plus = old_plus;
        return;
      }
      default: BadVerb(verb);
    }
  }
  void FmtString(std::string_view v, int32_t verb) {
    switch (verb) {
      case 'v':
        if (f_.sharp_v) {
          FmtQ(v);
        } else {
          FmtS(v);
        }
        break;
      case 's': FmtS(v); break;
      case 'x': FmtSx(v, kLower); break;
      case 'X': FmtSx(v, kUpper); break;
      case 'q': FmtQ(v); break;
      default: BadVerb(verb);
    }
  }
  void PrintValue(const Value& v, int32_t verb, int depth);
  void WriteRune(int32_t r) { AppendRune(&buf_, r); }

  std::string& buf_;
  Flags f_;
  // What badVerb describes: the top-level argument, or the value being printed below it.
  const Value* arg_ = nullptr;
  const Value* value_ = nullptr;
  bool reordered_ = false;
  bool good_arg_num_ = true;
};

void Printer::FmtInteger(uint64_t u, int base, bool is_signed, int32_t verb, const char* digits) {
  bool negative = is_signed && static_cast<int64_t>(u) < 0;
  if (negative) u = -u;
  int prec = 0;
  if (f_.prec_present) {
    prec = f_.prec;
    if (prec == 0 && u == 0) {
      bool old_zero = f_.zero;
      f_.zero = false;
      WritePadding(f_.wid);
      f_.zero = old_zero;
      return;
    }
  } else if (f_.zero && f_.wid_present) {
    prec = f_.wid;
    if (negative || f_.plus || f_.space) prec--;  // leave room for sign
  }
  char tmp[72];
  std::string big;
  int cap = 72;
  char* buf = tmp;
  if (f_.wid_present || f_.prec_present) {
    int width = 3 + f_.wid + f_.prec;
    if (width > cap) {
      big.resize(width);
      buf = big.data();
      cap = width;
    }
  }
  int i = cap;
  switch (base) {
    case 10:
      while (u >= 10) {
        i--;
        uint64_t next = u / 10;
        buf[i] = static_cast<char>('0' + u - next * 10);
        u = next;
      }
      break;
    case 16:
      while (u >= 16) {
        i--;
        buf[i] = digits[u & 0xF];
        u >>= 4;
      }
      break;
    case 8:
      while (u >= 8) {
        i--;
        buf[i] = static_cast<char>('0' + (u & 7));
        u >>= 3;
      }
      break;
    case 2:
      while (u >= 2) {
        i--;
        buf[i] = static_cast<char>('0' + (u & 1));
        u >>= 1;
      }
      break;
  }
  i--;
  buf[i] = digits[u];
  while (i > 0 && prec > cap - i) {
    i--;
    buf[i] = '0';
  }
  if (f_.sharp) {
    switch (base) {
      case 2:
        buf[--i] = 'b';
        buf[--i] = '0';
        break;
      case 8:
        if (buf[i] != '0') buf[--i] = '0';
        break;
      case 16:
        buf[--i] = digits[16];
        buf[--i] = '0';
        break;
    }
  }
  if (verb == 'O') {
    buf[--i] = 'o';
    buf[--i] = '0';
  }
  if (negative) {
    buf[--i] = '-';
  } else if (f_.plus) {
    buf[--i] = '+';
  } else if (f_.space) {
    buf[--i] = ' ';
  }
  bool old_zero = f_.zero;
  f_.zero = false;
  Pad(std::string_view(buf + i, cap - i));
  f_.zero = old_zero;
}

void Printer::FmtUnicode(uint64_t u) {
  std::string s = "U+";
  char hex[32];
  int prec = 4;
  if (f_.prec_present && f_.prec > 4) prec = f_.prec;
  std::snprintf(hex, sizeof hex, "%0*llX", prec, static_cast<unsigned long long>(u));
  s += hex;
  if (f_.sharp && u <= 0x10FFFF && IsPrintRune(static_cast<int32_t>(u))) {
    s += " '";
    AppendRune(&s, static_cast<int32_t>(u));
    s += "'";
  }
  bool old_zero = f_.zero;
  f_.zero = false;
  Pad(s);
  f_.zero = old_zero;
}

void Printer::FmtSx(std::string_view s, const char* digits) {
  int length = static_cast<int>(s.size());
  if (f_.prec_present && f_.prec < length) length = f_.prec;
  int width = 2 * length;
  if (width > 0) {
    if (f_.space) {
      if (f_.sharp) width *= 2;
      width += length - 1;
    } else if (f_.sharp) {
      width += 2;
    }
  } else {
    if (f_.wid_present) WritePadding(f_.wid);
    return;
  }
  if (f_.wid_present && f_.wid > width && !f_.minus) WritePadding(f_.wid - width);
  if (f_.sharp) {
    buf_.push_back('0');
    buf_.push_back(digits[16]);
  }
  for (int i = 0; i < length; i++) {
    if (f_.space && i > 0) {
      buf_.push_back(' ');
      if (f_.sharp) {
        buf_.push_back('0');
        buf_.push_back(digits[16]);
      }
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    buf_.push_back(digits[c >> 4]);
    buf_.push_back(digits[c & 0xF]);
  }
  if (f_.wid_present && f_.wid > width && f_.minus) WritePadding(f_.wid - width);
}

void Printer::FmtFloatF(double v, int32_t verb, int prec) {
  if (f_.prec_present) prec = f_.prec;
  std::string num = FormatFloat(v, static_cast<char>(verb), prec);
  if (num[0] == '-' || num[0] == '+') {
    // keep
  } else {
    num.insert(num.begin(), '+');
  }
  if (f_.space && num[0] == '+' && !f_.plus) num[0] = ' ';
  if (num[1] == 'I' || num[1] == 'N') {
    bool old_zero = f_.zero;
    f_.zero = false;
    if (num[1] == 'N' && !f_.space && !f_.plus) num.erase(0, 1);
    Pad(num);
    f_.zero = old_zero;
    return;
  }
  if (f_.sharp && verb != 'b') {
    int digits = 0;
    switch (verb) {
      case 'v': case 'g': case 'G': case 'x':
        digits = prec;
        if (digits == -1) digits = 6;
    }
    std::string tail;
    bool has_decimal_point = false, saw_nonzero_digit = false;
    for (size_t i = 1; i < num.size(); i++) {
      char c = num[i];
      if (c == '.') {
        has_decimal_point = true;
        continue;
      }
      if (c == 'p' || c == 'P') {
        tail = num.substr(i);
        num.resize(i);
        break;
      }
      if ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X') {
        tail = num.substr(i);
        num.resize(i);
        break;
      }
      if (c != '0') saw_nonzero_digit = true;
      if (saw_nonzero_digit) digits--;
    }
    if (!has_decimal_point) {
      if (num.size() == 2 && num[1] == '0') digits--;
      num.push_back('.');
    }
    while (digits > 0) {
      num.push_back('0');
      digits--;
    }
    num += tail;
  }
  if (f_.plus || num[0] != '+') {
    if (f_.zero && f_.wid_present && f_.wid > static_cast<int>(num.size())) {
      buf_.push_back(num[0]);
      WritePadding(f_.wid - static_cast<int>(num.size()));
      buf_.append(num, 1);
      return;
    }
    Pad(num);
    return;
  }
  Pad(std::string_view(num).substr(1));
}

void Printer::BadVerb(int32_t verb) {
  buf_.append("%!");
  WriteRune(verb);
  buf_.push_back('(');
  const Value* v = arg_ != nullptr ? arg_ : value_;
  if (v != nullptr && !v->is_nil() && !v->is_missing()) {
    buf_.append(v->TypeName());
    buf_.push_back('=');
    Flags saved = f_;
    const Value* saved_arg = arg_;
    const Value* saved_value = value_;
    Value copy = *v;
    PrintArg(copy, 'v');
    f_ = saved;
    arg_ = saved_arg;
    value_ = saved_value;
  } else {
    buf_.append("<nil>");
  }
  buf_.push_back(')');
}

void Printer::FmtIntegerV(uint64_t v, bool is_signed, int32_t verb) {
  switch (verb) {
    case 'v':
    case 'd': FmtInteger(v, 10, is_signed, verb, kLower); break;
    case 'b': FmtInteger(v, 2, is_signed, verb, kLower); break;
    case 'o':
    case 'O': FmtInteger(v, 8, is_signed, verb, kLower); break;
    case 'x': FmtInteger(v, 16, is_signed, verb, kLower); break;
    case 'X': FmtInteger(v, 16, is_signed, verb, kUpper); break;
    case 'c': FmtC(v); break;
    case 'q': FmtQc(v); break;
    case 'U': FmtUnicode(v); break;
    default: BadVerb(verb);
  }
}

void Printer::PrintArg(const Value& arg, int32_t verb) {
  arg_ = &arg;
  value_ = nullptr;
  if (arg.is_nil() || arg.is_missing()) {
    if (verb == 'T' || verb == 'v') {
      Pad("<nil>");
    } else {
      arg_ = nullptr;
      BadVerb(verb);
    }
    return;
  }
  if (verb == 'T') {
    FmtS(arg.TypeName());
    return;
  }
  PrintValue(arg, verb, 0);
}

void Printer::PrintValue(const Value& v, int32_t verb, int depth) {
  if (depth > 0) {
    arg_ = nullptr;
    value_ = &v;
  }
  switch (v.kind()) {
    case Value::Kind::kMissing:
    case Value::Kind::kNil:
      // A nil element of a list or map is an interface holding nil.
      if (f_.sharp_v) {
        buf_.append("interface {}(nil)");
      } else {
        buf_.append("<nil>");
      }
      return;
    case Value::Kind::kBool: FmtBool(v.as_bool(), verb); return;
    case Value::Kind::kInt: FmtIntegerV(static_cast<uint64_t>(v.as_int()), true, verb); return;
    case Value::Kind::kFloat: FmtFloat(v.as_float(), verb); return;
    case Value::Kind::kComplex: FmtComplex(v.as_complex(), verb); return;
    case Value::Kind::kString: FmtString(v.as_string(), verb); return;
    case Value::Kind::kMap: {
      const Map& m = v.as_map();
      if (f_.sharp_v) {
        buf_.append("map[string]interface {}{");
      } else {
        buf_.append("map[");
      }
      bool first = true;
      for (const auto& [k, e] : m) {
        if (!first) {
          if (f_.sharp_v) {
            buf_.append(", ");
          } else {
            buf_.push_back(' ');
          }
        }
        first = false;
        Value key(k);
        PrintValue(key, verb, depth + 1);
        buf_.push_back(':');
        PrintValue(e, verb, depth + 1);
      }
      buf_.push_back(f_.sharp_v ? '}' : ']');
      return;
    }
    case Value::Kind::kList: {
      const List& l = v.as_list();
      if (f_.sharp_v) {
        buf_.append("[]interface {}{");
        for (size_t i = 0; i < l.size(); ++i) {
          if (i > 0) buf_.append(", ");
          PrintValue(l[i], verb, depth + 1);
        }
        buf_.push_back('}');
        return;
      }
      buf_.push_back('[');
      for (size_t i = 0; i < l.size(); ++i) {
        if (i > 0) buf_.push_back(' ');
        PrintValue(l[i], verb, depth + 1);
      }
      buf_.push_back(']');
      return;
    }
    case Value::Kind::kFunc:
      if (verb == 'v' || verb == 'p') {
        Pad("0x0");
      } else {
        BadVerb(verb);
      }
      return;
  }
}

bool TooLarge(int x) { return x > 1000000 || x < -1000000; }

// parsenum: (num, isnum, newi)
void ParseNum(std::string_view s, size_t start, size_t end, int* num, bool* isnum, size_t* newi) {
  *num = 0;
  *isnum = false;
  if (start >= end) {
    *newi = end;
    return;
  }
  size_t i = start;
  for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
    if (TooLarge(*num)) {
      *num = 0;
      *isnum = false;
      *newi = end;
      return;
    }
    *num = *num * 10 + (s[i] - '0');
    *isnum = true;
  }
  *newi = i;
}

void Printer::DoPrintf(std::string_view format, absl::Span<const Value> a) {
  size_t end = format.size();
  size_t arg_num = 0;
  bool after_index = false;
  reordered_ = false;

  // Go's argNumber: an explicit [n] index.
  auto arg_number = [&](size_t arg_num, size_t i, size_t num_args, size_t* new_arg_num,
                        size_t* newi) -> bool {
    if (format.size() <= i || format[i] != '[') {
      *new_arg_num = arg_num;
      *newi = i;
      return false;
    }
    reordered_ = true;
    std::string_view f = format.substr(i);
    int index = 0;
    size_t wid = 1;
    bool ok = false;
    if (f.size() >= 3) {
      for (size_t j = 1; j < f.size(); j++) {
        if (f[j] == ']') {
          int width;
          bool isnum;
          size_t nj;
          ParseNum(f, 1, j, &width, &isnum, &nj);
          if (!isnum || nj != j) {
            index = 0;
            wid = j + 1;
            ok = false;
          } else {
            index = width - 1;
            wid = j + 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && static_cast<size_t>(index) < num_args) {
      *new_arg_num = index;
      *newi = i + wid;
      return true;
    }
    good_arg_num_ = false;
    *new_arg_num = arg_num;
    *newi = i + wid;
    return ok;
  };

  auto int_from_arg = [&](size_t arg_num, int* num, bool* is_int) -> size_t {
    *num = 0;
    *is_int = false;
    size_t new_arg_num = arg_num;
    if (arg_num < a.size()) {
      const Value& v = a[arg_num];
      if (v.is_int()) {
        int64_t n = v.as_int();
        if (n == static_cast<int64_t>(static_cast<int>(n))) {
          *num = static_cast<int>(n);
          *is_int = true;
        }
      }
      new_arg_num = arg_num + 1;
      if (TooLarge(*num)) {
        *num = 0;
        *is_int = false;
      }
    }
    return new_arg_num;
  };

  for (size_t i = 0; i < end;) {
    good_arg_num_ = true;
    size_t lasti = i;
    while (i < end && format[i] != '%') i++;
    if (i > lasti) buf_.append(format.substr(lasti, i - lasti));
    if (i >= end) break;
    i++;  // skip %
    f_ = Flags();
    bool simple_done = false;
    for (; i < end; i++) {
      char c = format[i];
      bool stop = false;
      switch (c) {
        case '#': f_.sharp = true; break;
        case '0': f_.zero = !f_.minus; break;
        case '+': f_.plus = true; break;
        case '-':
          f_.minus = true;
          f_.zero = false;
          break;
        case ' ': f_.space = true; break;
        default:
          if (c >= 'a' && c <= 'z' && arg_num < a.size()) {
            if (c == 'v') {
              f_.sharp_v = f_.sharp;
              f_.sharp = false;
              f_.plus_v = f_.plus;
              f_.plus = false;
            }
            PrintArg(a[arg_num], c);
            arg_num++;
            i++;
            simple_done = true;
          }
          stop = true;
      }
      if (stop) break;
    }
    if (simple_done) continue;

    after_index = arg_number(arg_num, i, a.size(), &arg_num, &i);

    if (i < end && format[i] == '*') {
      i++;
      arg_num = int_from_arg(arg_num, &f_.wid, &f_.wid_present);
      if (!f_.wid_present) buf_.append("%!(BADWIDTH)");
      if (f_.wid < 0) {
        f_.wid = -f_.wid;
        f_.minus = true;
        f_.zero = false;
      }
      after_index = false;
    } else {
      ParseNum(format, i, end, &f_.wid, &f_.wid_present, &i);
      if (after_index && f_.wid_present) good_arg_num_ = false;
    }

    if (i + 1 < end && format[i] == '.') {
      i++;
      if (after_index) good_arg_num_ = false;
      after_index = arg_number(arg_num, i, a.size(), &arg_num, &i);
      if (i < end && format[i] == '*') {
        i++;
        arg_num = int_from_arg(arg_num, &f_.prec, &f_.prec_present);
        if (f_.prec < 0) {
          f_.prec = 0;
          f_.prec_present = false;
        }
        if (!f_.prec_present) buf_.append("%!(BADPREC)");
        after_index = false;
      } else {
        ParseNum(format, i, end, &f_.prec, &f_.prec_present, &i);
        if (!f_.prec_present) {
          f_.prec = 0;
          f_.prec_present = true;
        }
      }
    }

    if (!after_index) after_index = arg_number(arg_num, i, a.size(), &arg_num, &i);

    if (i >= end) {
      buf_.append("%!(NOVERB)");
      break;
    }

    int size;
    int32_t verb = DecodeRune(format, i, &size);
    i += size;

    if (verb == '%') {
      buf_.push_back('%');
    } else if (!good_arg_num_) {
      buf_.append("%!");
      WriteRune(verb);
      buf_.append("(BADINDEX)");
    } else if (arg_num >= a.size()) {
      buf_.append("%!");
      WriteRune(verb);
      buf_.append("(MISSING)");
    } else {
      if (verb == 'v') {
        f_.sharp_v = f_.sharp;
        f_.sharp = false;
        f_.plus_v = f_.plus;
        f_.plus = false;
      }
      PrintArg(a[arg_num], verb);
      arg_num++;
    }
  }

  if (!reordered_ && arg_num < a.size()) {
    f_ = Flags();
    buf_.append("%!(EXTRA ");
    for (size_t k = arg_num; k < a.size(); ++k) {
      if (k > arg_num) buf_.append(", ");
      const Value& arg = a[k];
      if (arg.is_nil() || arg.is_missing()) {
        buf_.append("<nil>");
      } else {
        buf_.append(arg.TypeName());
        buf_.push_back('=');
        PrintArg(arg, 'v');
      }
    }
    buf_.push_back(')');
  }
}

void Printer::DoPrint(absl::Span<const Value> a) {
  bool prev_string = false;
  for (size_t i = 0; i < a.size(); ++i) {
    bool is_string = a[i].is_string();
    if (i > 0 && !is_string && !prev_string) buf_.push_back(' ');
    f_ = Flags();
    PrintArg(a[i], 'v');
    prev_string = is_string;
  }
}

void Printer::DoPrintln(absl::Span<const Value> a) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (i > 0) buf_.push_back(' ');
    f_ = Flags();
    PrintArg(a[i], 'v');
  }
  buf_.push_back('\n');
}

}  // namespace

void AppendValue(std::string* out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString: out->append(v.as_string()); return;
    case Value::Kind::kInt: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
      out->append(buf, r.ptr);
      return;
    }
    default: {
      Printer p(out);
      p.PrintArg(v, 'v');
    }
  }
}

std::string Sprint(absl::Span<const Value> args) {
  std::string out;
  Printer(&out).DoPrint(args);
  return out;
}

std::string Sprintln(absl::Span<const Value> args) {
  std::string out;
  Printer(&out).DoPrintln(args);
  return out;
}

void AppendSprintf(std::string* out, std::string_view format, absl::Span<const Value> args) {
  Printer(out).DoPrintf(format, args);
}

std::string FormatValue(const Value& v) {
  std::string out;
  AppendValue(&out, v);
  return out;
}

std::string Sprintf(std::string_view format, absl::Span<const Value> args) {
  std::string out;
  AppendSprintf(&out, format, args);
  return out;
}

}  // namespace tmpl
