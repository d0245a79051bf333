// Sprig's integer arithmetic: every operand goes through cast.ToInt64 (so "3", 2.9 and true
// are numbers) and the result is int64, wrapping on overflow as Go does.
#include <string>

#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace tmpl::sprig {
namespace {

int64_t Wrap(uint64_t u) { return static_cast<int64_t>(u); }

Value I64(int64_t v) { return Value(v, Value::IntType::kInt64); }

absl::Status DivideByZero() {
  return absl::UnknownError("runtime error: integer divide by zero");
}

}  // namespace

void AddMathFuncs(FuncMap& m) {
  m["add"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    uint64_t a = 0;
    for (const Value& v : args) a += static_cast<uint64_t>(CastToInt64(v));
    return I64(Wrap(a));
  };
  m["sub"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("sub", args, 2); !st.ok()) return st;
    return I64(Wrap(static_cast<uint64_t>(CastToInt64(args[0])) -
                    static_cast<uint64_t>(CastToInt64(args[1]))));
  };
  m["mul"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantAtLeast("mul", args, 1); !st.ok()) return st;
    uint64_t a = static_cast<uint64_t>(CastToInt64(args[0]));
    for (size_t i = 1; i < args.size(); i++) a *= static_cast<uint64_t>(CastToInt64(args[i]));
    return I64(Wrap(a));
  };
  m["div"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("div", args, 2); !st.ok()) return st;
    int64_t a = CastToInt64(args[0]), b = CastToInt64(args[1]);
    if (b == 0) return DivideByZero();
    if (b == -1) return I64(Wrap(0 - static_cast<uint64_t>(a)));  // Go: MinInt64 / -1 wraps
    return I64(a / b);
  };
  m["mod"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("mod", args, 2); !st.ok()) return st;
    int64_t a = CastToInt64(args[0]), b = CastToInt64(args[1]);
    if (b == 0) return DivideByZero();
    if (b == -1) return I64(0);
    return I64(a % b);
  };
  m["max"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantAtLeast("max", args, 1); !st.ok()) return st;
    int64_t a = CastToInt64(args[0]);
    for (size_t i = 1; i < args.size(); i++) a = std::max(a, CastToInt64(args[i]));
    return I64(a);
  };
  m["min"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantAtLeast("min", args, 1); !st.ok()) return st;
    int64_t a = CastToInt64(args[0]);
    for (size_t i = 1; i < args.size(); i++) a = std::min(a, CastToInt64(args[i]));
    return I64(a);
  };
  m["int"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("int", args, 1); !st.ok()) return st;
    return Value(CastToInt64(args[0]), Value::IntType::kInt);
  };
  m["int64"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("int64", args, 1); !st.ok()) return st;
    return I64(CastToInt64(args[0]));
  };
  m["float64"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("float64", args, 1); !st.ok()) return st;
    return Value(CastToFloat64(args[0]));
  };
  // strconv.Atoi: base 10 only, an optional sign, 0 on any error.
  m["atoi"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("atoi", args, 1); !st.ok()) return st;
    auto s = StringArg(args, 0);
    if (!s.ok()) return s.status();
    std::string_view d = *s;
    bool neg = false;
    if (!d.empty() && (d[0] == '+' || d[0] == '-')) {
      neg = d[0] == '-';
      d.remove_prefix(1);
    }
    uint64_t n = 0;
    bool ok = !d.empty(), overflow = false;
    const uint64_t limit = neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
    for (char c : d) {
      if (c < '0' || c > '9') {
        ok = false;
        break;
      }
      if (n > (limit - (c - '0')) / 10) overflow = true;
      if (!overflow) n = n * 10 + (c - '0');
    }
    // Out of range, Go returns the clamped value with its error, and Sprig keeps the value.
    if (overflow) n = limit;
    int64_t v = ok ? (neg ? Wrap(0 - n) : static_cast<int64_t>(n)) : 0;
    return Value(v, Value::IntType::kInt);
  };
}

}  // namespace tmpl::sprig
