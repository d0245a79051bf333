// Sprig's list functions beyond list/first/last (append, prepend, rest, initial, reverse,
// uniq, without, has, slice, concat, chunk, compact and their must* twins) and the dict
// functions that change or combine maps (set, unset, pluck, pick, omit, merge,
// mergeOverwrite, values, deepCopy), with all, any and tuple. A non-list where a list is
// wanted fails with Sprig's "Cannot X on type KIND"; the plain variants panic with it, the
// must* ones return it, and text/template reports both the same way.
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "templating/builtins.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"
#include "templating/stack_guard.h"

namespace templating::sprig {
namespace {

absl::Status NilDeref() {
  return Panic("runtime error: invalid memory address or nil pointer dereference");
}

// reflect.TypeOf(v).Kind() is Slice or Array: v's elements; else Sprig's error
// "<prefix> <kind><suffix>".
absl::StatusOr<const List*> ListOf(const Value& v, std::string_view prefix, std::string_view suffix = "") {
  if (v.is_nil() || v.is_missing()) return NilDeref();
  if (!v.is_list()) return Panic(absl::StrCat(AV(prefix), " ", v.KindName(), AV(suffix)));
  return &v.as_list();
}

// Registers name and mustName around one body (the error is the same either way).
void AddBoth(FuncMap& m, const std::string& name, Func f) {
  m[name] = f;
  m["must" + std::string(1, static_cast<char>(name[0] - 'a' + 'A')) + name.substr(1)] = std::move(f);
}

Value IfaceList(List l) { return Value(std::move(l)); }

// mergo's isEmptyValue for an interface{} element.
bool MergoEmpty(const Value& v) {
  if (v.is_complex()) return false;  // mergo has no case for complex numbers
  if (v.is_object()) return false;   // a struct
  return Empty(v);
}

// mergo.Merge / MergeWithOverwrite of map[string]interface{} src into dst, key by key
// (see mergo v0.3.12 deepMerge): nested maps merge into dst's own maps in place; a value
// of dst that is set and not empty stays unless overwrite, and even then a map or list in
// src does not replace a non-empty dst value of another kind... except a list, which does.
absl::Status SelfHolding() {
  return Panic("podinit refuses to make a map that holds itself (Go's printing of one never ends)");
}

// dst_map is the Value whose map dst is: a new value is checked against it, so no map comes
// to hold itself (see Value::Holds).
absl::Status MergoMerge(const Value& dst_map, const Map& src, bool overwrite) {
  CheckValueDepth();
  Map& dst = dst_map.mutable_map();
  auto put = [&](const std::string& k, const Value& s) -> absl::Status {
    if (s.Holds(dst_map)) return SelfHolding();
    dst[k] = s;
    return absl::OkStatus();
  };
  for (const auto& [k, s] : src) {
    auto it = dst.find(k);
    bool has = it != dst.end();
    if (s.is_nil()) {
      if (overwrite) dst[k] = s;
      continue;
    }
    Value d = has ? it->second : Value();
    if (s.is_map() && has && d.is_map()) {
      if (!d.SameMap(s)) {
        if (auto st = MergoMerge(d, s.as_map(), overwrite); !st.ok()) return st;
      }
    }
    if (s.is_list() && overwrite) {
      if (auto st = put(k, s); !st.ok()) return st;
    }
    if (has && !MergoEmpty(d) && (s.is_map() || s.is_list())) continue;
    if (overwrite || !has || MergoEmpty(d)) {
      if (auto st = put(k, s); !st.ok()) return st;
    }
  }
  return absl::OkStatus();
}

// copystructure.Copy: maps and lists are copied all the way down, types kept.
Value DeepCopy(const Value& v) {
  CheckValueDepth();
  if (v.is_nil_map()) return v;
  if (v.is_map()) {
    Map out;
    for (const auto& [k, e] : v.as_map()) out.emplace(k, DeepCopy(e));
    return Value::TypedMap(std::move(out), v.elem_type());
  }
  if (v.is_list()) {
    List out;
    out.reserve(v.as_list().size());
    for (const Value& e : v.as_list()) out.push_back(DeepCopy(e));
    return Value::TypedList(std::move(out), v.elem_type(), v.is_nil_list());
  }
  return v;
}

}  // namespace

void AddListFuncs(FuncMap& m) {
  m["tuple"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    List l;
    for (const Value& v : args) l.push_back(Iface(v));
    return Value(std::move(l));
  };
  auto push = [](bool front) {
    return Typed({P::kAny, P::kAny}, [front](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      auto l = ListOf(args[0], front ? "Cannot prepend on type" : "Cannot push on type");
      if (!l.ok()) return l.status();
      List out;
      out.reserve((*l)->size() + 1);
      if (front) out.push_back(Iface(args[1]));
      out.insert(out.end(), (*l)->begin(), (*l)->end());
      if (!front) out.push_back(Iface(args[1]));
      return IfaceList(std::move(out));
    });
  };
  for (const char* name : {"append", "push"}) AddBoth(m, name, push(false));
  AddBoth(m, "prepend", push(true));
  for (bool first : {true, false}) {
    const char* name = first ? "first" : "last";
    AddBoth(m, name, Typed({P::kAny}, [first, name](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      auto l = ListOf(args[0], absl::StrCat("Cannot find ", name, " on type"));
      if (!l.ok()) return l.status();
      if ((*l)->empty()) return Value();
      return Result(first ? (*l)->front() : (*l)->back());
    }));
  }
  for (bool rest : {true, false}) {
    const char* name = rest ? "rest" : "initial";
    AddBoth(m, name, Typed({P::kAny}, [rest, name](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      auto l = ListOf(args[0], absl::StrCat("Cannot find ", name, " on type"));
      if (!l.ok()) return l.status();
      if ((*l)->empty()) return Value::NilList();
      return IfaceList(rest ? List((*l)->begin() + 1, (*l)->end()) : List((*l)->begin(), (*l)->end() - 1));
    }));
  }
  AddBoth(m, "reverse", Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto l = ListOf(args[0], "Cannot find reverse on type");
    if (!l.ok()) return l.status();
    return IfaceList(List((*l)->rbegin(), (*l)->rend()));
  }));
  AddBoth(m, "compact", Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto l = ListOf(args[0], "Cannot compact on type");
    if (!l.ok()) return l.status();
    List out;
    for (const Value& v : **l) {
      if (!Empty(v)) out.push_back(v);
    }
    return IfaceList(std::move(out));
  }));
  AddBoth(m, "uniq", Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto l = ListOf(args[0], "Cannot find uniq on type");
    if (!l.ok()) return l.status();
    List out;
    for (const Value& v : **l) {
      bool seen = false;
      for (const Value& o : out) seen = seen || DeepEqual(v, o);
      if (!seen) out.push_back(v);
    }
    return IfaceList(std::move(out));
  }));
  AddBoth(m, "without", Variadic({P::kAny, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto l = ListOf(args[0], "Cannot find without on type");
    if (!l.ok()) return l.status();
    List out;
    for (const Value& v : **l) {
      bool omit = false;
      for (size_t i = 1; i < args.size(); i++) omit = omit || DeepEqual(v, args[i]);
      if (!omit) out.push_back(v);
    }
    return IfaceList(std::move(out));
  }));
  AddBoth(m, "has", Typed({P::kAny, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (args[1].is_nil() || args[1].is_missing()) return Value(false);
    auto l = ListOf(args[1], "Cannot find has on type");
    if (!l.ok()) return l.status();
    for (const Value& v : **l) {
      if (DeepEqual(args[0], v)) return Value(true);
    }
    return Value(false);
  }));
  Function sprig_slice = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto l = ListOf(args[0], "list should be type of slice or array but");
    if (!l.ok()) return l.status();
    int64_t n = static_cast<int64_t>((*l)->size());
    if (n == 0) return Value();
    int64_t start = args.size() > 1 ? CastToInt64(args[1]) : 0;
    int64_t end = args.size() > 2 ? CastToInt64(args[2]) : n;
    // cast.ToInt truncates to Go's int, which is int64 here.
    if (start < 0 || end < start || end > n) {
      return Panic("reflect.Value.Slice: slice index out of bounds");
    }
    return Value::TypedList(List((*l)->begin() + start, (*l)->begin() + end), args[0].elem_type());
  };
  m["mustSlice"] = Variadic({P::kAny, P::kAny}, sprig_slice);
  // `slice` is also a Go builtin, which Sprig shadows in Helm. podinit renders every template
  // kubectl renders the same (PRODUCT.md), and kubectl has Go's: that one goes first (it also
  // slices strings, `slice "abc" 1`). Where Go's fails, Sprig's is tried, so what Helm renders
  // renders too (`slice .l "1"`, an empty list); an error is Go's. On a list with integer
  // indices both give the same elements.
  // It keeps no signature: Go's builtin asks the executor which arguments were boxed.
  m["slice"] = [sprig_slice, go_slice = *FindBuiltin("slice")](
                   CallContext& ctx, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    absl::StatusOr<Value> go = go_slice(ctx, args);
    if (go.ok() || args.empty()) return go;  // no arguments: Go's count error
    absl::StatusOr<Value> sprig = sprig_slice(ctx, args);
    return sprig.ok() ? sprig : go;
  };
  m["concat"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    List out;
    for (const Value& v : args) {
      auto l = ListOf(v, "Cannot concat type", " as list");
      if (!l.ok()) return l.status();
      out.insert(out.end(), (*l)->begin(), (*l)->end());
    }
    if (out.empty()) return Value::NilList();  // Go appends to a nil slice
    return IfaceList(std::move(out));
  };
  AddBoth(m, "chunk", Typed({P::kInt, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto l = ListOf(args[1], "Cannot chunk type");
    if (!l.ok()) return l.status();
    const int64_t size = args[0].as_int();
    const int64_t n = static_cast<int64_t>((*l)->size());
    // Sprig's float arithmetic, to the letter: a size of 0 or less has odd results.
    auto to_int = [](double d) -> int64_t {
      if (std::isnan(d) || d >= 9.2233720368547758e18 || d < -9.2233720368547758e18) return INT64_MIN;
      return static_cast<int64_t>(d);
    };
    int64_t cs = to_int(std::floor(static_cast<double>(n - 1) / static_cast<double>(size)) + 1);
    if (cs < 0) return Panic("runtime error: makeslice: len out of range");
    List out;
    for (int64_t i = 0; i < cs; i++) {
      int64_t clen = size;
      if (i == cs - 1) {
        clen = to_int(std::floor(std::fmod(static_cast<double>(n), static_cast<double>(size))));
        if (clen == 0) clen = size;
      }
      if (clen < 0) return Panic("runtime error: makeslice: len out of range");
      List c;
      for (int64_t j = 0; j < clen; j++) {
        int64_t ix = i * size + j;
        if (ix < 0 || ix >= n) return Panic("reflect: slice index out of range");
        c.push_back((**l)[static_cast<size_t>(ix)]);
      }
      out.push_back(IfaceList(std::move(c)));
    }
    return Value::TypedList(std::move(out), ElemType::kIfaceList);
  }));
  m["all"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    for (const Value& v : args) {
      if (Empty(v)) return Value(false);
    }
    return Value(true);
  };
  m["any"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    for (const Value& v : args) {
      if (!Empty(v)) return Value(true);
    }
    return Value(false);
  };

  // ---- dicts ----
  m["set"] = Typed({P::kMap, P::kString, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (args[0].is_nil_map()) return Panic("assignment to entry in nil map");
    if (args[2].Holds(args[0])) return SelfHolding();
    args[0].mutable_map()[args[1].as_string()] = Iface(args[2]);
    return args[0];
  });
  m["unset"] = Typed({P::kMap, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    args[0].mutable_map().erase(args[1].as_string());
    return args[0];
  });
  m["pluck"] = Variadic({P::kString, P::kMap}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    List out;
    for (size_t i = 1; i < args.size(); i++) {
      auto it = args[i].as_map().find(args[0].as_string());
      if (it != args[i].as_map().end()) out.push_back(it->second);
    }
    return IfaceList(std::move(out));
  });
  for (bool pick : {true, false}) {
    const char* name = pick ? "pick" : "omit";
    m[name] = Variadic({P::kMap, P::kString}, [pick](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      const Map& d = args[0].as_map();
      Map out;
      if (pick) {
        for (size_t i = 1; i < args.size(); i++) {
          auto it = d.find(args[i].as_string());
          if (it != d.end()) out[it->first] = it->second;
        }
      } else {
        for (const auto& [k, v] : d) {
          bool omit = false;
          for (size_t i = 1; i < args.size(); i++) omit = omit || args[i].as_string() == k;
          if (!omit) out[k] = v;
        }
      }
      return Value(std::move(out));
    });
  }
  for (std::string name : {"merge", "mergeOverwrite", "mustMerge", "mustMergeOverwrite"}) {
    bool overwrite = name.ends_with("Overwrite");
    m[name] = Variadic({P::kMap, P::kMap}, [overwrite](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      for (size_t i = 1; i < args.size(); i++) {
        if (args[0].SameMap(args[i])) continue;
        if (auto st = MergoMerge(args[0], args[i].as_map(), overwrite); !st.ok()) return st;
      }
      return args[0];
    });
  }
  // Sprig gives Go's random map order; podinit gives the keys' order, as keys does.
  m["values"] = Typed({P::kMap}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    List out;
    for (const auto& [k, v] : args[0].as_map()) out.push_back(v);
    return IfaceList(std::move(out));
  });
  m["deepCopy"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (args[0].is_nil() || args[0].is_missing()) {
      return Panic("reflect: call of reflect.Value.Type on zero Value");
    }
    return Result(DeepCopy(Iface(args[0])));
  });
  m["mustDeepCopy"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (args[0].is_nil() || args[0].is_missing()) {
      return Panic("reflect: call of reflect.Value.Type on zero Value");
    }
    return Result(DeepCopy(Iface(args[0])));
  });
}

}  // namespace templating::sprig
