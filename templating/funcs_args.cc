// Argument conversion shared by the function library: Go's executor checks and the
// spf13/cast conversions Sprig leans on.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "templating/funcs.h"
#include "templating/funcs_internal.h"
#include "templating/parser.h"

namespace tmpl::funcs {

absl::Status WantArgs(std::string_view name, absl::Span<const Value> args, size_t n) {
  if (args.size() == n) return absl::OkStatus();
  return CallError(absl::StrCat("wrong number of args for ", Av(name), ": want ", n, " got ",
                                args.size()));
}

absl::Status WantAtLeast(std::string_view name, absl::Span<const Value> args, size_t n) {
  if (args.size() >= n) return absl::OkStatus();
  return CallError(absl::StrCat("wrong number of args for ", Av(name), ": want at least ", n,
                                " got ", args.size()));
}

static absl::Status WrongType(std::string_view want, absl::Span<const Value> args, size_t i) {
  return ArgTypeError(i, want, args[i]);
}

absl::StatusOr<std::string> StringArg(absl::Span<const Value> args, size_t i) {
  if (args[i].is_string()) return args[i].as_string();
  return WrongType("string", args, i);
}

absl::StatusOr<int64_t> IntArg(absl::Span<const Value> args, size_t i) {
  if (args[i].is_int()) return args[i].as_int();
  return WrongType("int", args, i);
}

absl::StatusOr<bool> BoolArg(absl::Span<const Value> args, size_t i) {
  if (args[i].is_bool()) return args[i].as_bool();
  return WrongType("bool", args, i);
}

absl::StatusOr<std::shared_ptr<const Map>> MapArg(absl::Span<const Value> args, size_t i) {
  const Value& v = args[i];
  if (v.is_map()) return v.map_ptr();
  // A nil map is a fine map[string]interface{} in Go: it has no keys.
  if (v.is_missing() || v.is_nil()) return std::make_shared<const Map>();
  return WrongType("map[string]interface {}", args, i);
}

std::string Strval(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_missing()) return "<nil>";
  return FormatValue(v);
}

namespace {


int DigitVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  return 99;
}

// cast's trimZeroDecimal: "12.00" -> "12", so a float-looking integer still converts.
std::string_view TrimZeroDecimal(std::string_view s) {
  bool found_zero = false;
  for (size_t i = s.size(); i > 0; i--) {
    switch (s[i - 1]) {
      case '.':
        if (found_zero) return s.substr(0, i - 1);
        break;
      case '0': found_zero = true; break;
      default: return s;
    }
  }
  return s;
}

}  // namespace

std::optional<int64_t> ParseGoInt(std::string_view s0) {
  std::string_view s = s0;
  if (s.empty()) return std::nullopt;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  bool underscores_ok = false;
  if (s.size() >= 2 && s[0] == '0') {
    char c = static_cast<char>(s[1] | 0x20);
    if (c == 'x') base = 16, s.remove_prefix(2);
    else if (c == 'o') base = 8, s.remove_prefix(2);
    else if (c == 'b') base = 2, s.remove_prefix(2);
    else base = 8, s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t n = 0;
  const uint64_t limit = neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  for (char c : s) {
    if (c == '_') {
      underscores_ok = true;
      continue;
    }
    int d = DigitVal(c);
    if (d >= base) return std::nullopt;
    if (n > (limit - d) / base) return std::nullopt;
    n = n * base + d;
  }
  if (underscores_ok && !UnderscoreOK(s0)) return std::nullopt;
  return neg ? static_cast<int64_t>(0 - n) : static_cast<int64_t>(n);
}

std::optional<double> ParseGoFloat(std::string_view s0) {
  std::string s;
  for (char c : s0) {
    if (c != '_') s.push_back(c);
  }
  if (s.size() != s0.size() && !UnderscoreOK(s0)) return std::nullopt;
  if (s.empty()) return std::nullopt;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') body.remove_prefix(1);
  std::string lower;
  for (char c : body) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "inf" || lower == "infinity") {
    return s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  }
  if (lower == "nan") return std::nan("");
  // Only what Go's float syntax allows; strtod alone would take "0x10", " 1" and "nan(3)".
  bool hex = lower.size() > 1 && lower[0] == '0' && lower[1] == 'x';
  size_t i = hex ? 2 : 0;
  bool digits = false, dot = false;
  for (; i < lower.size(); i++) {
    char c = lower[i];
    if (std::isdigit(static_cast<unsigned char>(c)) || (hex && c >= 'a' && c <= 'f')) {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!digits) return std::nullopt;
  if (i < lower.size()) {
    if (lower[i] != (hex ? 'p' : 'e')) return std::nullopt;
    i++;
    if (i < lower.size() && (lower[i] == '+' || lower[i] == '-')) i++;
    if (i == lower.size()) return std::nullopt;
    for (; i < lower.size(); i++) {
      if (!std::isdigit(static_cast<unsigned char>(lower[i]))) return std::nullopt;
    }
  } else if (hex) {
    return std::nullopt;  // a hex float needs its p exponent
  }
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  if (std::isinf(d)) return std::nullopt;  // Go: "value out of range"
  return d;
}

int64_t CastToInt64(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kInt: return v.as_int();
    case Value::Kind::kFloat: {
      double f = v.as_float();
      if (std::isnan(f) || f >= 9.2233720368547758e18 || f < -9.2233720368547758e18) {
        return INT64_MIN;  // what amd64 gives for an out-of-range conversion
      }
      return static_cast<int64_t>(f);
    }
    case Value::Kind::kString: {
      auto n = ParseGoInt(TrimZeroDecimal(v.as_string()));
      return n ? *n : 0;
    }
    case Value::Kind::kBool: return v.as_bool() ? 1 : 0;
    default: return 0;
  }
}

double CastToFloat64(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kInt: return static_cast<double>(v.as_int());
    case Value::Kind::kFloat: return v.as_float();
    case Value::Kind::kString: {
      auto f = ParseGoFloat(v.as_string());
      return f ? *f : 0;
    }
    case Value::Kind::kBool: return v.as_bool() ? 1 : 0;
    default: return 0;
  }
}

std::string FormatFloatG(double f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  char buf[512];
  auto r = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  size_t e = sci.find('e');
  int exp = std::atoi(sci.c_str() + e + 1);
  if (exp < -4 || exp >= 6) return sci;
  r = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

}  // namespace tmpl::funcs
