// Argument conversion shared by the function library: Go's executor checks and the
// spf13/cast conversions Sprig leans on.
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "gocompat/strconv.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {

// Go's evalCall checks, with its words (CallError/ArgError, so the executor reports them as
// Go does rather than as "error calling NAME: ...").
static absl::Status WantArgs(std::string_view name, absl::Span<const Value> args, size_t n) {
  if (args.size() == n) return absl::OkStatus();
  return CallError(absl::StrCat("wrong number of args for ", AV(name), ": want ", n, " got ",
                                args.size()));
}

static absl::Status WantAtLeast(std::string_view name, absl::Span<const Value> args, size_t n) {
  if (args.size() >= n) return absl::OkStatus();
  return CallError(absl::StrCat("wrong number of args for ", AV(name), ": want at least ", n,
                                " got ", args.size()));
}

absl::Status CheckCall(std::string_view name, absl::Span<const Value> args,
                       std::initializer_list<P> params, bool variadic) {
  const size_t n = params.size();
  if (variadic) {
    if (auto st = WantAtLeast(name, args, n - 1); !st.ok()) return st;
  } else if (auto st = WantArgs(name, args, n); !st.ok()) {
    return st;
  }
  for (size_t i = 0; i < args.size(); i++) {
    P p = i < n ? params.begin()[i] : params.begin()[n - 1];
    const Value& v = args[i];
    if (p == P::kAny || p == P::kValue) continue;
    if (v.is_missing() || v.is_nil() || !FitsGoType(v, p)) return ArgTypeError(i, GoTypeName(p), v);
  }
  return absl::OkStatus();
}

Func StringFn(std::string (*f)(std::string_view)) {
  return Typed({P::kString}, [f](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(f(args[0].as_string()));
  });
}

Value StringList(std::vector<std::string> v) {
  List l;
  l.reserve(v.size());
  for (auto& s : v) l.emplace_back(std::move(s));
  return Value::TypedList(std::move(l), ElemType::kString);
}

std::vector<std::string> StrSlice(const Value& v) {
  std::vector<std::string> out;
  if (v.is_list()) {
    for (const Value& e : v.as_list()) {
      if (!e.is_nil() && !e.is_missing()) out.push_back(Strval(e));
    }
  } else if (!v.is_nil() && !v.is_missing()) {
    out.push_back(Strval(v));
  }
  return out;
}

std::string Strval(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_missing()) return "<nil>";
  return FormatValue(v);
}

namespace {

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
      absl::StatusOr<int64_t> n = gocompat::ParseInt(TrimZeroDecimal(v.as_string()), 0, 0);
      return n.ok() ? *n : 0;
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
      absl::StatusOr<double> f = gocompat::ParseFloat(v.as_string(), 64);
      return f.ok() ? *f : 0;
    }
    case Value::Kind::kBool: return v.as_bool() ? 1 : 0;
    default: return 0;
  }
}

}  // namespace templating::sprig
