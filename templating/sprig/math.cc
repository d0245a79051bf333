// Sprig's integer arithmetic: every operand goes through cast.ToInt64 (so "3", 2.9 and true
// are numbers) and the result is int64, wrapping on overflow as Go does.
#include <cmath>
#include <istream>
#include <memory>
#include <ostream>
#include <string>

// cpp_int.hpp includes <iostream> and uses only the std::istream and std::ostream included
// above. With GCC 12's libstdc++ <iostream> gives its includer a static std::ios_base::Init,
// which builds std::cout and the classic locale with every facet: in the static podinit that
// alone kept libstdc++'s locale and iostream code (0.3 MB, bench/README.md "Size"). Its include
// guard is set around cpp_int.hpp so that <iostream> is skipped there. (GCC 13's libstdc++
// initialises the streams in the library itself; this is then a no-op.)
#if defined(__GLIBCXX__) && !defined(_GLIBCXX_IOSTREAM)
#define _GLIBCXX_IOSTREAM 1
#define PODINIT_SKIPPED_IOSTREAM
#endif
#include <boost/multiprecision/cpp_int.hpp>
#ifdef PODINIT_SKIPPED_IOSTREAM
#undef _GLIBCXX_IOSTREAM
#undef PODINIT_SKIPPED_IOSTREAM
#endif

#include "absl/strings/str_cat.h"
#include "gocompat/strconv.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"
#include "templating/sprig/random.h"

namespace templating::sprig {
namespace {

int64_t Wrap(uint64_t u) { return static_cast<int64_t>(u); }

Value I64(int64_t v) { return Value(v, Value::IntType::kInt64); }

absl::Status DivideByZero() {
  return absl::UnknownError("runtime error: integer divide by zero");
}

// shopspring/decimal's Decimal (value × 10^exp, value a big integer), for Sprig's
// addf/subf/mulf/divf: operands enter as their shortest decimal form (NewFromFloat), the
// arithmetic is exact (division rounds to 16 places, half away from zero) and the result
// is the nearest float64.
class Decimal {
 public:
  // NewFromFloat; NaN and infinities panic as in Go.
  static absl::StatusOr<Decimal> FromFloat(double f) {
    if (std::isnan(f) || std::isinf(f)) {
      return absl::UnknownError(absl::StrCat("Cannot create a Decimal from ", FormatValue(Value(f))));
    }
    Decimal d;
    if (f == 0) return d;
    // Shortest digits, as strconv's 'e' format with precision -1 gives them.
    std::string e = gocompat::FormatFloat(f, 'e', -1, 64);
    size_t epos = e.find('e');
    std::string digits;
    for (size_t i = 0; i < epos; i++) {
      if (e[i] != '.') digits.push_back(e[i]);
    }
    int exp10 = std::stoi(e.substr(epos + 1));
    size_t ndig = digits.size() - (digits[0] == '-' ? 1 : 0);
    d.v_ = BigInt(digits);
    d.exp_ = exp10 - static_cast<int>(ndig) + 1;
    return d;
  }
  static Decimal One(int exp) {
    Decimal d;
    d.v_ = 1;
    d.exp_ = exp;
    return d;
  }

  Decimal Add(const Decimal& o) const { return AddSub(o, false); }
  Decimal Sub(const Decimal& o) const { return AddSub(o, true); }
  Decimal Mul(const Decimal& o) const {
    Decimal r;
    r.v_ = v_ * o.v_;
    r.exp_ = exp_ + o.exp_;
    return r;
  }
  // Div = DivRound(o, 16).
  absl::StatusOr<Decimal> Div(const Decimal& o) const {
    constexpr int kPrecision = 16;
    if (o.v_.is_zero()) return absl::UnknownError("decimal division by 0");
    const int scale = -kPrecision;
    int64_t e = int64_t{exp_} - o.exp_ - scale;
    BigInt aa = v_, bb = o.v_;
    int scalerest;
    if (e < 0) {
      bb *= Pow10(static_cast<unsigned>(-e));
      scalerest = exp_;
    } else {
      aa *= Pow10(static_cast<unsigned>(e));
      scalerest = scale + o.exp_;
    }
    // big.Int.QuoRem truncates toward zero; so do cpp_int's / and %.
    Decimal dq, dr;
    dq.v_ = aa / bb;
    dq.exp_ = scale;
    dr.v_ = aa % bb;
    dr.exp_ = scalerest;
    // Round: compare 2·|r|·10^precision with |o|.
    Decimal r2 = dr;
    r2.v_ = boost::multiprecision::abs(r2.v_) * 2;
    r2.exp_ += kPrecision;
    Decimal abs_o = o;
    abs_o.v_ = boost::multiprecision::abs(abs_o.v_);
    if (r2.Cmp(abs_o) < 0) return dq;
    bool neg = (v_.sign() < 0) != (o.v_.sign() < 0) && !v_.is_zero();
    return neg ? dq.Sub(One(-kPrecision)) : dq.Add(One(-kPrecision));
  }
  int Cmp(const Decimal& o) const {
    Decimal a = *this, b = o;
    Align(&a, &b);
    return a.v_.compare(b.v_);
  }
  // Rat().Float64(): the nearest float64.
  double Float64() const {
    std::string s = absl::StrCat(v_.str(), "e", exp_);
    auto f = gocompat::ParseFloat(s, 64);
    if (f.ok()) return *f;
    return s[0] == '-' ? -HUGE_VAL : HUGE_VAL;  // out of range: ±Inf, as big.Rat gives
  }

 private:
  using BigInt = boost::multiprecision::cpp_int;
  static BigInt Pow10(unsigned n) { return boost::multiprecision::pow(BigInt(10), n); }
  Decimal AddSub(const Decimal& o, bool sub) const {
    Decimal a = *this, b = o;
    Align(&a, &b);
    Decimal r;
    r.v_ = sub ? BigInt(a.v_ - b.v_) : BigInt(a.v_ + b.v_);
    r.exp_ = a.exp_;
    return r;
  }
  // Both to the smaller exponent.
  static void Align(Decimal* a, Decimal* b) {
    if (a->exp_ > b->exp_) {
      a->v_ *= Pow10(static_cast<unsigned>(a->exp_ - b->exp_));
      a->exp_ = b->exp_;
    } else if (b->exp_ > a->exp_) {
      b->v_ *= Pow10(static_cast<unsigned>(b->exp_ - a->exp_));
      b->exp_ = a->exp_;
    }
  }
  BigInt v_ = 0;
  int exp_ = 0;
};

enum class DecOp { kAdd, kSub, kMul, kDiv };

// Sprig's execDecimalOp.
absl::StatusOr<Value> DecimalOp(const Value& a, absl::Span<const Value> rest, DecOp op) {
  auto acc = Decimal::FromFloat(CastToFloat64(a));
  if (!acc.ok()) return acc.status();
  for (const Value& x : rest) {
    auto d = Decimal::FromFloat(CastToFloat64(x));
    if (!d.ok()) return d.status();
    switch (op) {
      case DecOp::kAdd: *acc = acc->Add(*d); break;
      case DecOp::kSub: *acc = acc->Sub(*d); break;
      case DecOp::kMul: *acc = acc->Mul(*d); break;
      case DecOp::kDiv: {
        auto q = acc->Div(*d);
        if (!q.ok()) return q.status();
        *acc = *std::move(q);
        break;
      }
    }
  }
  return Value(acc->Float64());
}

// math.Pow for an integral exponent (all round needs): repeated squaring on the mantissa,
// as Go does it, which differs from C's pow in the last bit for large exponents.
double GoPowInt(double x, double y) {
  if (y == 0 || x == 1) return 1;
  if (y == 1) return x;
  if (std::isnan(x) || std::isnan(y)) return NAN;
  if (x == 0) {
    bool odd = std::fmod(std::fabs(y), 2) == 1;
    if (y < 0) return std::signbit(x) && odd ? -INFINITY : INFINITY;
    return std::signbit(x) && odd ? x : 0;
  }
  if (std::isinf(y)) {
    if (x == -1) return 1;
    return (std::fabs(x) < 1) == (y > 0) ? 0 : INFINITY;
  }
  if (std::isinf(x)) {
    if (x < 0) return GoPowInt(1 / x, -y);
    return y < 0 ? 0 : INFINITY;
  }
  double yi;
  double yf = std::modf(std::fabs(y), &yi);
  if (yf != 0) return std::pow(x, y);  // not reached: round's places are integers
  if (yi >= 9.2233720368547758e18) {
    if (x == -1) return 1;
    return (std::fabs(x) < 1) == (y > 0) ? 0 : INFINITY;
  }
  double a1 = 1.0;
  int ae = 0;
  int xe;
  double x1 = std::frexp(x, &xe);
  for (int64_t i = static_cast<int64_t>(yi); i != 0; i >>= 1) {
    if (xe < -(1 << 12) || (1 << 12) < xe) {
      ae += xe;
      break;
    }
    if (i & 1) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < .5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return std::ldexp(a1, ae);
}

// math.Max and math.Min, with their rules for NaN, infinities and signed zeros.
double GoMax(double x, double y) {
  if (std::isinf(x) && x > 0) return x;
  if (std::isinf(y) && y > 0) return y;
  if (std::isnan(x) || std::isnan(y)) return NAN;
  if (x == 0 && x == y) return std::signbit(x) ? y : x;
  return x > y ? x : y;
}
double GoMin(double x, double y) {
  if (std::isinf(x) && x < 0) return x;
  if (std::isinf(y) && y < 0) return y;
  if (std::isnan(x) || std::isnan(y)) return NAN;
  if (x == 0 && x == y) return std::signbit(x) ? x : y;
  return x < y ? x : y;
}

}  // namespace

void AddMathFuncs(FuncMap& m) {
  m["add"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    uint64_t a = 0;
    for (const Value& v : args) a += static_cast<uint64_t>(CastToInt64(v));
    return I64(Wrap(a));
  };
  m["sub"] = Typed({P::kAny, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return I64(Wrap(static_cast<uint64_t>(CastToInt64(args[0])) -
                    static_cast<uint64_t>(CastToInt64(args[1]))));
  });
  m["mul"] = Variadic({P::kAny, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    uint64_t a = static_cast<uint64_t>(CastToInt64(args[0]));
    for (size_t i = 1; i < args.size(); i++) a *= static_cast<uint64_t>(CastToInt64(args[i]));
    return I64(Wrap(a));
  });
  m["div"] = Typed({P::kAny, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    int64_t a = CastToInt64(args[0]), b = CastToInt64(args[1]);
    if (b == 0) return DivideByZero();
    if (b == -1) return I64(Wrap(0 - static_cast<uint64_t>(a)));  // Go: MinInt64 / -1 wraps
    return I64(a / b);
  });
  m["mod"] = Typed({P::kAny, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    int64_t a = CastToInt64(args[0]), b = CastToInt64(args[1]);
    if (b == 0) return DivideByZero();
    if (b == -1) return I64(0);
    return I64(a % b);
  });
  for (const char* name : {"max", "biggest"}) {
    m[name] = Variadic({P::kAny, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      int64_t a = CastToInt64(args[0]);
      for (size_t i = 1; i < args.size(); i++) a = std::max(a, CastToInt64(args[i]));
      return I64(a);
    });
  }
  m["add1"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return I64(Wrap(static_cast<uint64_t>(CastToInt64(args[0])) + 1));
  });
  m["add1f"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    Value one(1);
    return DecimalOp(args[0], absl::MakeConstSpan(&one, 1), DecOp::kAdd);
  });
  m["addf"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return DecimalOp(Value(0.0), args, DecOp::kAdd);
  };
  for (auto [name, op] : {std::pair{"subf", DecOp::kSub}, std::pair{"mulf", DecOp::kMul},
                          std::pair{"divf", DecOp::kDiv}}) {
    std::string fname = name;
    DecOp o = op;
    m[fname] = Variadic({P::kAny, P::kAny}, [o](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      return DecimalOp(args[0], args.subspan(1), o);
    });
  }
  for (bool is_max : {true, false}) {
    const char* name = is_max ? "maxf" : "minf";
    m[name] = Variadic({P::kAny, P::kAny}, [is_max](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      double a = CastToFloat64(args[0]);
      for (size_t i = 1; i < args.size(); i++) {
        a = is_max ? GoMax(a, CastToFloat64(args[i])) : GoMin(a, CastToFloat64(args[i]));
      }
      return Value(a);
    });
  }
  m["ceil"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(std::ceil(CastToFloat64(args[0])));
  });
  m["floor"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(std::floor(CastToFloat64(args[0])));
  });
  // round(a, places, [roundOn = .5]): the fraction of a·10^places against roundOn.
  m["round"] = Variadic({P::kAny, P::kInt, P::kFloat64}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    // Only the first of the optional roundOn values counts.
    double round_on = args.size() > 2 ? args[2].as_float() : .5;
    double val = CastToFloat64(args[0]);
    double pow = GoPowInt(10, static_cast<double>(args[1].as_int()));
    double digit = pow * val;
    double ip;
    double div = std::modf(digit, &ip);
    return Value((div >= round_on ? std::ceil(digit) : std::floor(digit)) / pow);
  });
  // strconv.ParseInt(fmt.Sprint(v), 8, 64), 0 on any error.
  m["toDecimal"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto n = gocompat::ParseInt(args[0].is_missing() ? "<nil>" : FormatValue(args[0]), 8, 64);
    return I64(n.ok() ? *n : 0);
  });
  // math/rand's Intn(max-min) + min: an empty or negative range panics.
  m["randInt"] = Typed({P::kInt, P::kInt}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    int64_t lo = args[0].as_int(), n = static_cast<int64_t>(static_cast<uint64_t>(args[1].as_int()) -
                                                             static_cast<uint64_t>(lo));
    if (n <= 0) return absl::UnknownError("invalid argument to Intn");
    auto r = RandomBelow(static_cast<uint64_t>(n));
    if (!r.ok()) return r.status();
    return Value(static_cast<int64_t>(static_cast<uint64_t>(*r) + static_cast<uint64_t>(lo)),
                 Value::IntType::kInt);
  });
  m["min"] = Variadic({P::kAny, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    int64_t a = CastToInt64(args[0]);
    for (size_t i = 1; i < args.size(); i++) a = std::min(a, CastToInt64(args[i]));
    return I64(a);
  });
  m["int"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(CastToInt64(args[0]), Value::IntType::kInt);
  });
  m["int64"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return I64(CastToInt64(args[0]));
  });
  m["float64"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(CastToFloat64(args[0]));
  });
  // strconv.Atoi: base 10 only, an optional sign, 0 on any error.
  m["atoi"] = Typed({P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const std::string& s = args[0].as_string();
    std::string_view d = s;
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
  });
}

}  // namespace templating::sprig
