// Sprig's list and dict functions, and the integer sequences (until, untilStep, seq).
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {
namespace {

// A sequence longer than this is surely a mistake; Go would try to allocate it anyway.
constexpr int64_t kMaxSequence = 10'000'000;

// The message of a failed Go type assertion x.(T) on an interface{}.
absl::Status AssertionError(const Value& v, std::string_view want) {
  std::string have = (v.is_nil() || v.is_missing()) ? "nil" : v.TypeName();
  return absl::UnknownError(
      absl::StrCat("interface conversion: interface {} is ", have, ", not ", AV(want)));
}

// Counted before anything is made, so a sequence past the bound fails at once instead of
// after building 10 million elements (over 600 MB).
absl::StatusOr<List> UntilStep(int64_t start, int64_t stop, int64_t step) {
  bool up = stop > start;
  if (stop == start || (up && step <= 0) || (!up && step >= 0)) return List{};
  uint64_t span = up ? static_cast<uint64_t>(stop) - static_cast<uint64_t>(start)
                     : static_cast<uint64_t>(start) - static_cast<uint64_t>(stop);
  uint64_t stride = step > 0 ? static_cast<uint64_t>(step) : uint64_t{0} - static_cast<uint64_t>(step);
  uint64_t count = span / stride + (span % stride != 0 ? 1 : 0);
  if (count > static_cast<uint64_t>(kMaxSequence)) {
    return absl::UnknownError(absl::StrCat("sequence longer than ", kMaxSequence, " elements"));
  }
  List v;
  v.reserve(count);
  // start + k*step stays between start and stop for every k < count: no overflow.
  uint64_t i = static_cast<uint64_t>(start);
  for (uint64_t k = 0; k < count; k++, i += static_cast<uint64_t>(step)) {
    v.emplace_back(Value(static_cast<int64_t>(i), Value::IntType::kInt));
  }
  return v;
}

}  // namespace

void AddCollectionFuncs(FuncMap& m) {
  m["list"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    List l;
    l.reserve(args.size());
    for (const Value& v : args) l.push_back(Iface(v));
    return Value(std::move(l));
  };
  m["dict"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    Map d;
    for (size_t i = 0; i < args.size(); i += 2) {
      std::string key = Strval(args[i]);
      d[key] = i + 1 < args.size() ? Iface(args[i + 1]) : Value("");
    }
    return Value(std::move(d));
  };
  m["get"] = Typed({P::kMap, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const Map& d = args[0].as_map();
    auto it = d.find(args[1].as_string());
    if (it == d.end()) return Value("");
    return Result(it->second);
  });
  m["hasKey"] = Typed({P::kMap, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(args[0].as_map().count(args[1].as_string()) > 0);
  });
  // Sprig returns Go's random map order; sorted is what a config file needs.
  m["keys"] = Variadic({P::kMap}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    std::vector<std::string> keys;
    for (const Value& d : args) {
      for (const auto& [k, _] : d.as_map()) keys.push_back(k);
    }
    std::sort(keys.begin(), keys.end());
    return StringList(std::move(keys));
  });
  m["dig"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (args.size() < 3) return absl::UnknownError("dig needs at least three arguments");
    const Value& last = args.back();
    if (!last.is_map()) return AssertionError(last, "map[string]interface {}");
    const Value& def = args[args.size() - 2];
    for (size_t i = 0; i + 2 < args.size(); i++) {
      if (!args[i].is_string()) return AssertionError(args[i], "string");
    }
    Value cur = last;
    for (size_t i = 0; i + 2 < args.size(); i++) {
      if (!cur.is_map()) return AssertionError(cur, "map[string]interface {}");
      const Map& mm = cur.as_map();
      auto it = mm.find(args[i].as_string());
      if (it == mm.end()) return Result(Iface(def));
      cur = it->second;
    }
    return Result(cur);
  };
  m["until"] = Typed({P::kInt}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const int64_t n = args[0].as_int();
    auto l = UntilStep(0, n, n < 0 ? -1 : 1);
    if (!l.ok()) return l.status();
    return Value::TypedList(std::move(*l), ElemType::kInt);
  });
  m["untilStep"] = Typed({P::kInt, P::kInt, P::kInt}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto l = UntilStep(args[0].as_int(), args[1].as_int(), args[2].as_int());
    if (!l.ok()) return l.status();
    return Value::TypedList(std::move(*l), ElemType::kInt);
  });
  m["seq"] = Variadic({P::kInt}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    std::vector<int64_t> p;
    for (const Value& v : args) p.push_back(v.as_int());
    int64_t start, end, step, increment = 1;
    switch (p.size()) {
      case 1:
        start = 1, end = p[0], step = 1;
        if (end < start) increment = step = -1;
        break;
      case 2:
        start = p[0], end = p[1], step = 1;
        if (end < start) increment = step = -1;
        break;
      case 3:
        start = p[0], end = p[2], step = p[1];
        if (end < start) {
          increment = -1;
          if (step > 0) return Value("");
        }
        break;
      default: return Value("");
    }
    // Go's int addition wraps: seq 1 9223372036854775807 asks for untilStep(1, MinInt64, 1).
    int64_t stop = static_cast<int64_t>(static_cast<uint64_t>(end) + static_cast<uint64_t>(increment));
    auto l = UntilStep(start, stop, step);
    if (!l.ok()) return l.status();
    std::vector<std::string> parts;
    for (const Value& v : *l) parts.push_back(std::to_string(v.as_int()));
    return Value(absl::StrJoin(parts, " "));
  });
}

}  // namespace templating::sprig
