// kubectl's additions to go-template output (k8s.io/cli-runtime/pkg/printers/template.go).
#include <string>

#include "absl/strings/str_cat.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {
namespace {

// exists ITEM INDEX...: whether walking the indices reaches a non-nil value. Lists and
// strings take integer indices, maps string keys; anything else is simply false.
bool Exists(const Value& item, absl::Span<const Value> indices) {
  Value v = item;
  bool is_byte = false;  // indexing a string yields a byte, which cannot be indexed further
  for (const Value& index : indices) {
    if (v.is_nil()) return false;
    if (is_byte) return false;
    if (v.is_list() || v.is_string()) {
      if (!index.is_int()) return false;
      int64_t x = index.as_int();
      int64_t len = v.is_list() ? static_cast<int64_t>(v.as_list().size())
                                : static_cast<int64_t>(v.as_string().size());
      if (x < 0 || x >= len) return false;
      if (v.is_list()) {
        v = v.as_list()[static_cast<size_t>(x)];
      } else {
        is_byte = true;
        v = Value(true);
      }
    } else if (v.is_map()) {
      std::string key;
      if (index.is_string()) {
        key = index.as_string();
      } else if (!index.is_nil() && !index.is_missing()) {
        return false;  // only a string is assignable to the map's key type
      }
      const Map& m = v.as_map();
      auto it = m.find(key);
      v = it == m.end() ? Value::Nil() : it->second;
    } else {
      return false;
    }
  }
  return !v.is_nil();
}

}  // namespace

const FuncMap& KubectlFuncs() {
  static const FuncMap* m = [] {
    auto* f = new FuncMap;
    (*f)["exists"] = Variadic({GoType::kAny, GoType::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      // A missing value reaches Go's exists as a nil interface: reflect's invalid Value,
      // which is not itself "nil" there.
      Value item = args[0].is_missing() || args[0].is_nil() ? Value() : args[0];
      if (item.is_missing()) return Value(args.size() == 1);
      return Value(Exists(item, args.subspan(1)));
    });
    (*f)["base64decode"] = Typed({GoType::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      auto d = Base64Decode(args[0].as_string());
      if (!d.ok()) return absl::UnknownError(absl::StrCat("base64 decode failed: ", d.status().message()));
      return Value(std::move(*d));
    });
    return f;
  }();
  return *m;
}

}  // namespace templating::sprig
