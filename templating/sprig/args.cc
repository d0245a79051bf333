// Argument conversion shared by the function library: Go's executor checks and the
// spf13/cast conversions Sprig leans on.
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "gocompat/strconv.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {

absl::Status WantArgs(std::string_view name, absl::Span<const Value> args, size_t n) {
  if (args.size() == n) return absl::OkStatus();
  return CallError(absl::StrCat("wrong number of args for ", AV(name), ": want ", n, " got ",
                                args.size()));
}

absl::Status WantAtLeast(std::string_view name, absl::Span<const Value> args, size_t n) {
  if (args.size() >= n) return absl::OkStatus();
  return CallError(absl::StrCat("wrong number of args for ", AV(name), ": want at least ", n,
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
  if (v.is_map() && v.elem_type() == ElemType::kIface) return v.map_ptr();
  // A nil map is a fine map[string]interface{} in Go: it has no keys.
  if (v.is_missing() || v.is_nil()) return std::make_shared<const Map>();
  return WrongType("map[string]interface {}", args, i);
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
    switch (p) {
      case P::kAny: break;
      case P::kString:
        if (!v.is_string()) return WrongType("string", args, i);
        break;
      case P::kInt:
        if (!v.is_int()) return WrongType("int", args, i);
        break;
      case P::kBool:
        if (!v.is_bool()) return WrongType("bool", args, i);
        break;
      case P::kMap:
        // nil is refused here; the executor passes an empty map for a missing value, as Go
        // passes a nil map, and keeps the error for a JSON null.
        if (!(v.is_map() && v.elem_type() == ElemType::kIface)) {
          return WrongType("map[string]interface {}", args, i);
        }
        break;
      case P::kUint32:
        if (!v.is_int() || v.as_int() < 0 || v.as_int() > UINT32_MAX) return WrongType("uint32", args, i);
        break;
      case P::kIfaceList:
        if (v.is_nil() || v.is_missing()) break;
        if (!(v.is_list() && v.elem_type() == ElemType::kIface)) return WrongType("[]interface {}", args, i);
        break;
      case P::kCert:
        if (!v.is_object() || v.as_object().TypeName() != "sprig.certificate") {
          return WrongType("sprig.certificate", args, i);
        }
        break;
      case P::kTime:
        if (!v.is_object() || v.as_object().TypeName() != "time.Time") return WrongType("time.Time", args, i);
        break;
    }
  }
  return absl::OkStatus();
}

Function StringFn(std::string name, std::string (*f)(std::string_view)) {
  return [name, f](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = CheckCall(name, args, {P::kString}); !st.ok()) return st;
    return Value(f(args[0].as_string()));
  };
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
