#include "templating/builtins.h"

#include <cstdio>

#include "gocompat/unicode.h"
#include "gocompat/utf8.h"
#include "templating/fmt.h"
#include "templating/template.h"

namespace templating {

namespace {

absl::Status Err(std::string msg) { return absl::InvalidArgumentError(std::move(msg)); }

enum class BasicKind { kInvalid, kBool, kInt, kFloat, kComplex, kString };

BasicKind KindOf(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kBool: return BasicKind::kBool;
    case Value::Kind::kInt: return BasicKind::kInt;
    case Value::Kind::kFloat: return BasicKind::kFloat;
    case Value::Kind::kComplex: return BasicKind::kComplex;
    case Value::Kind::kString: return BasicKind::kString;
    default: return BasicKind::kInvalid;
  }
}

bool IsNilish(const Value& v) { return v.is_missing() || v.is_nil(); }

// Go formats these operands with %s.
std::string SprintfS(const Value& v) { return Sprintf("%s", absl::MakeConstSpan(&v, 1)); }

// Go's indexArg: an integer index within [0, cap].
absl::StatusOr<int64_t> IndexArg(const Value& index, size_t cap) {
  if (IsNilish(index)) return Err("cannot index slice/array with nil");
  if (!index.is_int()) return Err("cannot index slice/array with type " + index.TypeName());
  int64_t x = index.as_int();
  if (x < 0 || static_cast<uint64_t>(x) > cap) return Err(Cat("index out of range: ", x));
  return x;
}

absl::StatusOr<Value> Index(CallContext&, absl::Span<const Value> args) {
  Value item = args[0];
  if (IsNilish(item)) return Err("index of untyped nil");
  for (size_t i = 1; i < args.size(); ++i) {
    const Value& index = args[i];
    if (item.is_nil()) return Err("index of nil pointer");
    switch (item.kind()) {
      case Value::Kind::kList: {
        const List& l = item.as_list();
        auto x = IndexArg(index, l.size());
        if (!x.ok()) return x.status();
        // Go's reflect panics on the index just past the end.
        if (static_cast<size_t>(*x) == l.size()) return Err("reflect: slice index out of range");
        Value next = l[*x];
        item = std::move(next);
        break;
      }
      case Value::Kind::kString: {
        const std::string& s = item.as_string();
        auto x = IndexArg(index, s.size());
        if (!x.ok()) return x.status();
        if (static_cast<size_t>(*x) == s.size()) return Err("reflect: string index out of range");
        item = Value(int64_t{static_cast<unsigned char>(s[*x])}, Value::IntType::kUint8);
        break;
      }
      case Value::Kind::kMap: {
        if (IsNilish(index)) return Err("value is nil; should be of type string");
        if (!index.is_string()) return Err("value has type " + index.TypeName() + "; should be string");
        const Map& m = item.as_map();
        auto it = m.find(index.as_string());
        Value next = it == m.end() ? Value::Nil() : it->second;
        item = std::move(next);
        break;
      }
      default: return Err("can't index item of type " + item.TypeName());
    }
  }
  return item;
}

absl::StatusOr<Value> Slice(CallContext& ctx, absl::Span<const Value> args) {
  const Value& item = args[0];
  if (IsNilish(item)) return Err("slice of untyped nil");
  size_t nidx = args.size() - 1;
  if (nidx > 3) return Err(Cat("too many slice indexes: ", nidx));
  size_t cap;
  if (item.is_string()) {
    if (nidx == 3) return Err("cannot 3-index slice a string");
    cap = item.as_string().size();
  } else if (item.is_list()) {
    cap = item.as_list().size();
  } else {
    return Err("can't slice item of type " + item.TypeName());
  }
  int64_t idx[3] = {0, static_cast<int64_t>(cap), 0};
  auto* exec = dynamic_cast<ExecContext*>(&ctx);
  for (size_t i = 0; i < nidx; ++i) {
    // Unlike index, Go's slice does not unwrap interface{} arguments.
    if (exec != nullptr && exec->ArgIsInterface(i + 1)) {
      return Err("cannot index slice/array with type interface {}");
    }
    auto x = IndexArg(args[i + 1], cap);
    if (!x.ok()) return x.status();
    idx[i] = *x;
  }
  if (idx[0] > idx[1]) return Err(Cat("invalid slice index: ", idx[0], " > ", idx[1]));
  if (nidx == 3 && idx[1] > idx[2]) {
    return Err(Cat("invalid slice index: ", idx[1], " > ", idx[2]));
  }
  if (item.is_string()) return Value(item.as_string().substr(idx[0], idx[1] - idx[0]));
  const List& l = item.as_list();
  // A []string stays a []string, as reflect.Value.Slice keeps the type.
  return Value::TypedList(List(l.begin() + idx[0], l.begin() + idx[1]), item.elem_type());
}

absl::StatusOr<Value> Len(CallContext&, absl::Span<const Value> args) {
  const Value& v = args[0];
  switch (v.kind()) {
    case Value::Kind::kMissing: return Err("reflect: call of reflect.Value.Type on zero Value");
    case Value::Kind::kNil: return Err("len of nil pointer");
    case Value::Kind::kString: return Value(static_cast<int>(v.as_string().size()));
    case Value::Kind::kList: return Value(static_cast<int>(v.as_list().size()));
    case Value::Kind::kMap: return Value(static_cast<int>(v.as_map().size()));
    default: return Err("len of type " + v.TypeName());
  }
}

// Go's evalArgs for html, js and urlquery: one string stays as is; otherwise Sprint with
// missing values shown as "<no value>".
std::string EvalArgs(absl::Span<const Value> args) {
  if (args.size() == 1 && args[0].is_string()) return args[0].as_string();
  std::vector<Value> v(args.begin(), args.end());
  for (auto& a : v) {
    if (IsNilish(a)) a = Value("<no value>");
  }
  return Sprint(v);
}

}  // namespace

std::string HTMLEscapeString(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\0': out.append("\xEF\xBF\xBD"); break;
      case '"': out.append("&#34;"); break;
      case '\'': out.append("&#39;"); break;
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string JSEscapeString(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '\\': out.append("\\\\"); continue;
        case '\'': out.append("\\'"); continue;
        case '"': out.append("\\\""); continue;
        case '<': out.append("\\u003C"); continue;
        case '>': out.append("\\u003E"); continue;
        case '&': out.append("\\u0026"); continue;
        case '=': out.append("\\u003D"); continue;
        default: break;
      }
      if (c < ' ') {
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
      } else {
        out.push_back(static_cast<char>(c));
      }
      continue;
    }
    const gocompat::DecodedRune d = gocompat::DecodeRune(s, i);
    if (gocompat::IsPrint(d.rune)) {  // an invalid byte decodes as U+FFFD, which is printable
      out.append(s.substr(i, static_cast<size_t>(d.size)));
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(d.rune));
      out.append(buf);
    }
    i += static_cast<size_t>(d.size) - 1;
  }
  return out;
}

std::string URLQueryEscape(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

absl::StatusOr<bool> GoEq(const Value& a1, absl::Span<const Value> rest) {
  if (rest.empty()) return Err("missing argument for comparison");
  BasicKind k1 = KindOf(a1);
  for (const Value& a : rest) {
    BasicKind k2 = KindOf(a);
    bool truth = false;
    if (k1 != k2) {
      if (!IsNilish(a1) && !IsNilish(a)) return Err("incompatible types for comparison");
    } else {
      switch (k1) {
        case BasicKind::kBool: truth = a1.as_bool() == a.as_bool(); break;
        case BasicKind::kFloat: truth = a1.as_float() == a.as_float(); break;
        case BasicKind::kComplex: truth = a1.as_complex() == a.as_complex(); break;
        case BasicKind::kInt: truth = a1.as_int() == a.as_int(); break;
        case BasicKind::kString: truth = a1.as_string() == a.as_string(); break;
        case BasicKind::kInvalid: {
          bool n1 = IsNilish(a1), n2 = IsNilish(a);
          // Go's canCompare: same reflect kind, or one side invalid.
          // A nil interface is unwrapped to Go's invalid value, which compares with anything.
          bool same_kind = a1.kind() == a.kind() || n1 || n2;
          if (!same_kind) {
            return Err(Cat("non-comparable types ", SprintfS(a1), ": ",
                                    n1 ? "interface {}" : a1.TypeName(), ", ",
                                    n2 ? "interface {}" : a.TypeName(), ": ", FormatValue(a)));
          }
          if (n1 || n2) {
            truth = n1 == n2;
          } else {
            return Err(Cat("non-comparable type ", SprintfS(a), ": ", a.TypeName()));
          }
          break;
        }
      }
    }
    if (truth) return true;
  }
  return false;
}

absl::StatusOr<bool> GoLt(const Value& a1, const Value& a2) {
  BasicKind k1 = KindOf(a1);
  if (k1 == BasicKind::kInvalid) return Err("invalid type for comparison");
  BasicKind k2 = KindOf(a2);
  if (k2 == BasicKind::kInvalid) return Err("invalid type for comparison");
  if (k1 != k2) return Err("incompatible types for comparison");
  switch (k1) {
    case BasicKind::kFloat: return a1.as_float() < a2.as_float();
    case BasicKind::kInt: return a1.as_int() < a2.as_int();
    case BasicKind::kString: return a1.as_string() < a2.as_string();
    default: return Err("invalid type for comparison");
  }
}

namespace {

absl::StatusOr<Value> Eq(CallContext&, absl::Span<const Value> a) {
  auto r = GoEq(a[0], a.subspan(1));
  if (!r.ok()) return r.status();
  return Value(*r);
}

absl::StatusOr<Value> Ne(CallContext&, absl::Span<const Value> a) {
  auto r = GoEq(a[0], a.subspan(1, 1));
  if (!r.ok()) return r.status();
  return Value(!*r);
}

absl::StatusOr<bool> Le(const Value& a, const Value& b) {
  auto lt = GoLt(a, b);
  if (!lt.ok() || *lt) return lt;
  return GoEq(a, absl::MakeConstSpan(&b, 1));
}

absl::StatusOr<Value> LtF(CallContext&, absl::Span<const Value> a) {
  auto r = GoLt(a[0], a[1]);
  if (!r.ok()) return r.status();
  return Value(*r);
}
absl::StatusOr<Value> LeF(CallContext&, absl::Span<const Value> a) {
  auto r = Le(a[0], a[1]);
  if (!r.ok()) return r.status();
  return Value(*r);
}
absl::StatusOr<Value> GtF(CallContext&, absl::Span<const Value> a) {
  auto r = Le(a[0], a[1]);
  if (!r.ok()) return r.status();
  return Value(!*r);
}
absl::StatusOr<Value> GeF(CallContext&, absl::Span<const Value> a) {
  auto r = GoLt(a[0], a[1]);
  if (!r.ok()) return r.status();
  return Value(!*r);
}

absl::StatusOr<Value> And(CallContext&, absl::Span<const Value> a) {
  for (const Value& v : a) {
    if (!v.Truthy()) return v;
  }
  return a.back();
}

absl::StatusOr<Value> Or(CallContext&, absl::Span<const Value> a) {
  for (const Value& v : a) {
    if (v.Truthy()) return v;
  }
  return a.back();
}

absl::StatusOr<Value> Not(CallContext&, absl::Span<const Value> a) { return Value(!a[0].Truthy()); }

absl::StatusOr<Value> Print(CallContext&, absl::Span<const Value> a) { return Value(Sprint(a)); }
absl::StatusOr<Value> Println(CallContext&, absl::Span<const Value> a) { return Value(Sprintln(a)); }
absl::StatusOr<Value> Printf(CallContext&, absl::Span<const Value> a) {
  std::string out;
  AppendSprintf(&out, a[0].as_string(), a.subspan(1));
  return Value(std::move(out));
}

absl::StatusOr<Value> Html(CallContext&, absl::Span<const Value> a) {
  return Value(HTMLEscapeString(EvalArgs(a)));
}
absl::StatusOr<Value> Js(CallContext&, absl::Span<const Value> a) {
  return Value(JSEscapeString(EvalArgs(a)));
}
absl::StatusOr<Value> UrlQuery(CallContext&, absl::Span<const Value> a) {
  return Value(URLQueryEscape(EvalArgs(a)));
}

// Outside the executor nothing names the callee, so it is named as Go names one that
// arrives through a pipeline.
absl::StatusOr<Value> Call(CallContext& ctx, absl::Span<const Value> a) {
  return CallBuiltin(ctx, ReflectValueString(a[0]), a);
}

struct Entry {
  const char* name;
  Signature sig;  // Go's, with reflect.Value for its reflect.Value parameters
  absl::StatusOr<Value> (*fn)(CallContext&, absl::Span<const Value>);
};

}  // namespace

std::string ReflectValueString(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_missing()) return "<invalid Value>";
  return Cat("<", v.TypeName(), " Value>");
}

absl::StatusOr<Value> CallBuiltin(CallContext& ctx, std::string_view callee,
                                  absl::Span<const Value> a) {
  const Value& fn = a[0];
  if (IsNilish(fn)) return Err("call of nil");
  if (!fn.is_func()) return Err(Cat("non-function ", callee, " of type ", fn.TypeName()));
  std::vector<Value> args(a.begin() + 1, a.end());
  for (auto& v : args) {
    if (v.is_missing()) v = Value::Nil();
  }
  return fn.as_func()(ctx, args);
}

const FuncMap& Builtins() {
  static const FuncMap* m = [] {
    auto* m = new FuncMap;
    constexpr GoType V = GoType::kValue;
    const Entry entries[] = {
      {"and", {{V, V}, true}, And},         {"call", {{V, V}, true}, Call},
      {"html", {{GoType::kAny}, true}, Html}, {"index", {{V, V}, true}, Index},
      {"slice", {{V, V}, true}, Slice},     {"js", {{GoType::kAny}, true}, Js},
      {"len", {{V}}, Len},                  {"not", {{V}}, Not},
      {"or", {{V, V}, true}, Or},           {"print", {{GoType::kAny}, true}, Print},
      {"printf", {{GoType::kString, GoType::kAny}, true}, Printf},
      {"println", {{GoType::kAny}, true}, Println},
      {"urlquery", {{GoType::kAny}, true}, UrlQuery},
      {"eq", {{V, V}, true}, Eq},           {"ge", {{V, V}}, GeF},
      {"gt", {{V, V}}, GtF},                {"le", {{V, V}}, LeF},
      {"lt", {{V, V}}, LtF},                {"ne", {{V, V}}, Ne},
    };
    for (const auto& e : entries) {
      // The executor checks arguments against the signature; called through `call` or by
      // other code, nothing does, so these copies check the count and printf's format.
      auto fn = e.fn;
      const Signature& sig = e.sig;
      std::string name = e.name;
      (*m)[e.name] = Func(sig, [fn, sig, name](CallContext& ctx, absl::Span<const Value> a) -> absl::StatusOr<Value> {
        size_t fixed = sig.NumFixed();
        if (sig.variadic ? a.size() < fixed : a.size() != fixed) {
          return absl::InvalidArgumentError(Cat("wrong number of args for ", name, ": want ",
                                                sig.variadic ? "at least " : "", fixed, " got ", a.size()));
        }
        if (sig.params[0] == GoType::kString && !a[0].is_string()) {
          return absl::InvalidArgumentError("wrong type for value; expected string; got " + a[0].TypeName());
        }
        return fn(ctx, a);
      });
    }
    return m;
  }();
  return *m;
}

const Func* FindBuiltinFunc(std::string_view name) {
  const FuncMap& m = Builtins();
  auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}

const Function* FindBuiltin(std::string_view name) {
  const Func* f = FindBuiltinFunc(name);
  return f == nullptr ? nullptr : &f->fn;
}

}  // namespace templating
