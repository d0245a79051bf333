// Sprig's reflection functions (typeOf, typeIs, typeIsLike, kindOf, kindIs, deepEqual): Go's
// type names (%T) and reflect kinds of the values templates hold.
#include <cmath>
#include <string>

#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"
#include "templating/stack_guard.h"

namespace templating::sprig {

bool DeepEqual(const Value& a, const Value& b) {
  CheckValueDepth();
  bool an = a.is_nil() || a.is_missing(), bn = b.is_nil() || b.is_missing();
  if (an || bn) return an && bn;
  if (a.TypeName() != b.TypeName()) return false;
  switch (a.kind()) {
    case Value::Kind::kBool: return a.as_bool() == b.as_bool();
    case Value::Kind::kInt: return a.as_int() == b.as_int();
    case Value::Kind::kFloat: return a.as_float() == b.as_float();
    case Value::Kind::kComplex: return a.as_complex() == b.as_complex();
    case Value::Kind::kString: return a.as_string() == b.as_string();
    case Value::Kind::kList: {
      if (a.is_nil_list() != b.is_nil_list()) return false;
      const List &x = a.as_list(), &y = b.as_list();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); i++) {
        if (!DeepEqual(x[i], y[i])) return false;
      }
      return true;
    }
    case Value::Kind::kMap: {
      if (a.SameMap(b)) return true;
      if (a.is_nil_map() != b.is_nil_map()) return false;
      const Map &x = a.as_map(), &y = b.as_map();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first || !DeepEqual(i->second, j->second)) return false;
      }
      return true;
    }
    case Value::Kind::kFunc: return false;  // funcs are equal only when both are nil
    case Value::Kind::kObject: return a.as_object().Equal(b.as_object());
    default: return false;
  }
}

namespace {

std::string TypeOf(const Value& v) { return (v.is_nil() || v.is_missing()) ? "<nil>" : v.TypeName(); }

}  // namespace

void AddReflectFuncs(FuncMap& m) {
  m["typeOf"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(TypeOf(args[0]));
  });
  m["typeIs"] = Typed({P::kString, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(args[0].as_string() == TypeOf(args[1]));
  });
  m["typeIsLike"] = Typed({P::kString, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    std::string t = TypeOf(args[1]);
    return Value(args[0].as_string() == t || "*" + args[0].as_string() == t);
  });
  m["kindOf"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(args[0].KindName());
  });
  m["kindIs"] = Typed({P::kString, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(args[0].as_string() == args[1].KindName());
  });
  m["deepEqual"] = Typed({P::kAny, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(DeepEqual(args[0], args[1]));
  });
}

}  // namespace templating::sprig
