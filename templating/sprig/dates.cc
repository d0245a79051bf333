// Sprig's date functions over gotime (Go's time package): now, date, dateInZone,
// htmlDate, htmlDateInZone, dateModify, ago, duration, durationRound, toDate, unixEpoch and
// their aliases and must* variants. A time.Time is an object templates call methods on
// ({{ (now).Year }}, .Format, .Unix, .UTC, .Add...).
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gocompat/strconv.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/gotime.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {
namespace {

using gotime::Time;

constexpr char kRFC3339Nano[] = "2006-01-02T15:04:05.999999999Z07:00";

// time.Month and time.Weekday: integers that print as names.
class NamedInt final : public Object {
 public:
  NamedInt(std::string type, int v, std::string name) : type_(std::move(type)), v_(v), name_(std::move(name)) {}
  std::string TypeName() const override { return type_; }
  std::string_view KindName() const override { return "int"; }
  std::string Format() const override { return name_; }
  bool Equal(const Object& o) const override {
    auto* x = dynamic_cast<const NamedInt*>(&o);
    return x != nullptr && x->type_ == type_ && x->v_ == v_;
  }
  absl::StatusOr<std::string> MarshalJson() const override { return std::to_string(v_); }
  std::optional<int64_t> IntValue() const override { return v_; }
  absl::StatusOr<Value> Member(std::string_view name, absl::Span<const Value> args) const override {
    if (name == "String") {
      if (auto st = CheckCall(name, args, {}); !st.ok()) return st;
      return Value(name_);
    }
    return absl::NotFoundError(AV(name));
  }

 private:
  std::string type_;
  int v_;
  std::string name_;
};

class TimeObject final : public Object {
 public:
  explicit TimeObject(Time t) : t_(std::move(t)) {}
  std::string TypeName() const override { return "time.Time"; }
  std::string_view KindName() const override { return "struct"; }
  std::string Format() const override { return t_.String(); }
  bool Equal(const Object& o) const override {
    auto* x = dynamic_cast<const TimeObject*>(&o);
    return x != nullptr && x->t_.sec == t_.sec && x->t_.nsec == t_.nsec && x->t_.has_mono == t_.has_mono &&
           x->t_.mono == t_.mono && x->t_.loc == t_.loc;
  }
  absl::StatusOr<std::string> MarshalJson() const override {
    int64_t y = t_.civil().year;
    if (y < 0 || y >= 10000) {
      return absl::UnknownError(
          "json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]");
    }
    return absl::StrCat("\"", t_.Format(kRFC3339Nano), "\"");
  }
  const Time& time() const { return t_; }

  absl::StatusOr<Value> Member(std::string_view name, absl::Span<const Value> args) const override;

 private:
  Time t_;
};

Value TimeValue(Time t) { return Value::Obj(std::make_shared<TimeObject>(std::move(t))); }

const Time* AsTime(const Value& v) {
  if (!v.is_object()) return nullptr;
  auto* o = dynamic_cast<const TimeObject*>(&v.as_object());
  return o != nullptr ? &o->time() : nullptr;
}

absl::StatusOr<Value> TimeObject::Member(std::string_view name, absl::Span<const Value> args) const {
  auto none = [&]() { return CheckCall(name, args, {}); };
  gotime::Time::Civil c = t_.civil();
  auto i = [](int64_t v) { return Value(v, Value::IntType::kInt); };
  auto i64 = [](int64_t v) { return Value(v, Value::IntType::kInt64); };
  if (name == "Year" || name == "Day" || name == "Hour" || name == "Minute" || name == "Second" ||
      name == "Nanosecond" || name == "YearDay") {
    if (auto st = none(); !st.ok()) return st;
    if (name == "Year") return i(c.year);
    if (name == "Day") return i(c.day);
    if (name == "Hour") return i(c.hour);
    if (name == "Minute") return i(c.min);
    if (name == "Second") return i(c.sec);
    if (name == "Nanosecond") return i(t_.nsec);
    return i(c.yday);
  }
  if (name == "Month") {
    if (auto st = none(); !st.ok()) return st;
    return Value::Obj(std::make_shared<NamedInt>("time.Month", c.month, gotime::kMonthNames[c.month - 1]));
  }
  if (name == "Weekday") {
    if (auto st = none(); !st.ok()) return st;
    return Value::Obj(std::make_shared<NamedInt>("time.Weekday", c.weekday, gotime::kDayNames[c.weekday]));
  }
  if (name == "Unix" || name == "UnixMilli" || name == "UnixMicro" || name == "UnixNano") {
    if (auto st = none(); !st.ok()) return st;
    __int128 ns = __int128(t_.sec) * 1000000000 + t_.nsec;
    if (name == "Unix") return i64(t_.sec);
    if (name == "UnixMilli") return i64(static_cast<int64_t>(ns / 1000000));
    if (name == "UnixMicro") return i64(static_cast<int64_t>(ns / 1000));
    return i64(static_cast<int64_t>(ns));
  }
  if (name == "UTC" || name == "Local") {
    if (auto st = none(); !st.ok()) return st;
    return TimeValue(t_.In(name == "UTC" ? gotime::UTC() : gotime::Local()));
  }
  if (name == "String") {
    if (auto st = none(); !st.ok()) return st;
    return Value(t_.String());
  }
  if (name == "IsZero") {
    if (auto st = none(); !st.ok()) return st;
    return Value(t_.IsZero());
  }
  if (name == "Format") {
    if (auto st = CheckCall(name, args, {P::kString}); !st.ok()) return st;
    return Value(t_.Format(args[0].as_string()));
  }
  if (name == "Add") {
    if (auto st = CheckCall(name, args, {P::kAny}); !st.ok()) return st;
    if (!args[0].is_int()) return ArgTypeError(0, "time.Duration", args[0]);
    return TimeValue(gotime::Add(t_, args[0].as_int()));
  }
  if (name == "AddDate") {
    if (auto st = CheckCall(name, args, {P::kInt, P::kInt, P::kInt}); !st.ok()) return st;
    return TimeValue(gotime::AddDate(t_, args[0].as_int(), args[1].as_int(), args[2].as_int()));
  }
  if (name == "Before" || name == "After" || name == "Equal") {
    if (auto st = CheckCall(name, args, {P::kTime}); !st.ok()) return st;
    const Time& u = *AsTime(args[0]);
    int64_t d = gotime::Sub(t_, u);
    return Value(name == "Before" ? d < 0 : name == "After" ? d > 0 : (t_.sec == u.sec && t_.nsec == u.nsec));
  }
  if (name == "wall" || name == "ext" || name == "loc") return absl::NotFoundError("unexported");
  return absl::NotFoundError(AV(name));
}

// The instant Sprig's dateInZone takes from its interface{} argument: a time.Time, an int
// or int64 of Unix seconds, and the current time for anything else.
Time TimeOf(const Value& v) {
  if (const Time* t = AsTime(v)) return *t;
  if (v.is_int() && (v.int_type() == Value::IntType::kInt || v.int_type() == Value::IntType::kInt64)) {
    return gotime::Unix(v.as_int(), 0);
  }
  return gotime::Now();
}

std::string DateInZone(std::string_view layout, const Value& date, std::string_view zone) {
  auto loc = gotime::LoadLocation(zone);
  return TimeOf(date).In(loc.ok() ? *loc : gotime::UTC()).Format(layout);
}

}  // namespace

void AddDateFuncs(FuncMap& m) {
  m["now"] = Typed({}, [](CallContext&, absl::Span<const Value>) -> absl::StatusOr<Value> {
    return TimeValue(gotime::Now());
  });
  m["date"] = Typed({P::kString, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(DateInZone(args[0].as_string(), args[1], "Local"));
  });
  for (const char* name : {"dateInZone", "date_in_zone"}) {
    m[name] = Typed({P::kString, P::kAny, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      return Value(DateInZone(args[0].as_string(), args[1], args[2].as_string()));
    });
  }
  m["htmlDate"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(DateInZone("2006-01-02", args[0], "Local"));
  });
  m["htmlDateInZone"] = Typed({P::kAny, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(DateInZone("2006-01-02", args[0], args[1].as_string()));
  });
  for (std::string name : {"dateModify", "date_modify", "mustDateModify", "must_date_modify"}) {
    bool must = name.starts_with("must");
    m[name] = Typed({P::kString, P::kTime}, [must](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      auto d = gotime::ParseDuration(args[0].as_string());
      if (!d.ok()) {
        if (must) return absl::UnknownError(d.status().message());
        return args[1];
      }
      return TimeValue(gotime::Add(*AsTime(args[1]), *d));
    });
  }
  m["ago"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(gotime::DurationString(gotime::DurationRound(gotime::Since(TimeOf(args[0])), 1000000000)));
  });
  m["duration"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const Value& v = args[0];
    int64_t n = 0;
    if (v.is_string()) {
      // strconv.ParseInt: out of range gives the nearest limit along with the error.
      auto p = gocompat::ParseInt(v.as_string(), 10, 64);
      if (p.ok()) {
        n = *p;
      } else if (absl::StrContains(p.status().message(), "out of range")) {
        n = absl::StartsWith(v.as_string(), "-") ? INT64_MIN : INT64_MAX;
      }
    } else if (v.is_int() && v.int_type() == Value::IntType::kInt64) {
      n = v.as_int();
    }
    return Value(gotime::DurationString(static_cast<int64_t>(static_cast<uint64_t>(n) * 1000000000u)));
  });
  m["durationRound"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const Value& v = args[0];
    int64_t d = 0;
    if (v.is_string()) {
      auto p = gotime::ParseDuration(v.as_string());
      d = p.ok() ? *p : 0;
    } else if (v.is_int() && v.int_type() == Value::IntType::kInt64) {
      d = v.as_int();
    } else if (const Time* t = AsTime(v)) {
      d = gotime::Since(*t);
    }
    uint64_t u = static_cast<uint64_t>(d);
    if (d < 0) u = 0 - u;
    constexpr uint64_t kHour = 3600ull * 1000000000ull;
    struct Unit {
      uint64_t ns;
      const char* suffix;
    };
    for (Unit unit : {Unit{kHour * 24 * 365, "y"}, Unit{kHour * 24 * 30, "mo"}, Unit{kHour * 24, "d"},
                      Unit{kHour, "h"}, Unit{60ull * 1000000000ull, "m"}, Unit{1000000000ull, "s"}}) {
      if (u > unit.ns) return Value(absl::StrCat(u / unit.ns, unit.suffix));
    }
    return Value("0s");
  });
  for (std::string name : {"toDate", "mustToDate"}) {
    bool must = name == "mustToDate";
    m[name] = Typed({P::kString, P::kString}, [must](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      auto t = gotime::ParseInLocation(args[0].as_string(), args[1].as_string(), gotime::Local());
      if (!t.ok()) {
        if (must) return absl::UnknownError(t.status().message());
        return TimeValue(Time{});
      }
      return TimeValue(*std::move(t));
    });
  }
  m["unixEpoch"] = Typed({P::kTime}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(std::to_string(AsTime(args[0])->sec));
  });
}

}  // namespace templating::sprig
