#include "templating/fmt.h"

#include <charconv>
#include <complex>
#include <cstdio>

#include "gocompat/strconv.h"
#include "gocompat/unicode.h"
#include "gocompat/utf8.h"
#include "templating/template.h"
#include "templating/stack_guard.h"

namespace templating {

namespace {

constexpr char kLower[] = "0123456789abcdefx";
constexpr char kUpper[] = "0123456789ABCDEFX";

}  // namespace

// ---- the printer: Go's pp and fmt ----

namespace {

struct Flags {
  bool plus = false, minus = false, sharp = false, space = false, zero = false;
  bool plus_v = false, sharp_v = false;
  bool wid_present = false, prec_present = false;
  int wid = 0, prec = 0;
};

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
    int width = f_.wid - static_cast<int>(gocompat::RuneCount(b));
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
        i += static_cast<size_t>(gocompat::DecodeRune(s, i).size);
      }
    }
    return s;
  }
  void FmtBoolean(bool v) { Pad(v ? "true" : "false"); }
  void FmtInteger(uint64_t u, int base, bool is_signed, int32_t verb, const char* digits);
  void FmtUnicode(uint64_t u);
  // format.go's fmtC and fmtQc: a value past MaxRune is RuneError.
  static char32_t Rune(uint64_t c) {
    return c > gocompat::kMaxRune ? gocompat::kRuneError : static_cast<char32_t>(c);
  }
  void FmtC(uint64_t c) {
    std::string s;
    gocompat::AppendRune(s, Rune(c));
    Pad(s);
  }
  void FmtQc(uint64_t c) {
    // Unlike strings, runes ignore '#' (no backquotes).
    Pad(f_.plus ? gocompat::QuoteRuneToASCII(Rune(c)) : gocompat::QuoteRune(Rune(c)));
  }
  void FmtS(std::string_view s) { Pad(Truncate(s)); }
  void FmtSx(std::string_view s, const char* digits);
  void FmtQ(std::string_view s) {
    s = Truncate(s);
    if (f_.sharp && gocompat::CanBackquote(s)) {
      std::string q = "`";
      q.append(s);
      q += "`";
      Pad(q);
      return;
    }
    Pad(f_.plus ? gocompat::QuoteToASCII(s) : gocompat::Quote(s));
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
  void WriteRune(int32_t r) { gocompat::AppendRune(buf_, static_cast<char32_t>(r)); }

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
  if (f_.sharp && u <= gocompat::kMaxRune && gocompat::IsPrint(static_cast<char32_t>(u))) {
    s += " '";
    gocompat::AppendRune(s, static_cast<char32_t>(u));
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
  std::string num = gocompat::FormatFloat(v, static_cast<char>(verb), prec, 64);
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
  CheckValueDepth();
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
        buf_.append(v.TypeName());
        buf_.push_back('{');
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
        buf_.append(v.TypeName());
        if (v.is_nil_list()) {
          buf_.append("(nil)");
          return;
        }
        buf_.push_back('{');
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
    case Value::Kind::kObject:
      // fmt's handleMethods: the objects podinit makes are Stringers (or print as their
      // fields), so the string verbs print what String() gives.
      switch (verb) {
        case 'v':
        case 's':
        case 'q':
        case 'x':
        case 'X': FmtString(v.as_object().Format(), verb); return;
        default:
          if (auto n = v.as_object().IntValue()) {
            FmtIntegerV(static_cast<uint64_t>(*n), true, verb);
            return;
          }
          BadVerb(verb);
          return;
      }
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

    const gocompat::DecodedRune d = gocompat::DecodeRune(format, i);
    const auto verb = static_cast<int32_t>(d.rune);
    i += static_cast<size_t>(d.size);

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

}  // namespace templating
