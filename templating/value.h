// The data a template sees: what Go's text/template sees when kubectl hands it a decoded
// JSON object (map[string]interface{}, []interface{}, string, int64, float64, bool, nil),
// plus the values templates make themselves (int literals, complex literals such as 1i,
// functions).
//
// Lists and maps are shared and immutable, so copying a Value is cheap: a template that
// ranges over 10,000 pods copies pointers, not pods.
#pragma once

#include <complex>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace tmpl {

class Value;
using List = std::vector<Value>;
using Map = std::map<std::string, Value, std::less<>>;  // Go sorts map keys when it prints or ranges

class CallContext;  // defined by the executor: what a function may ask of the running template
using Function =
    std::function<absl::StatusOr<Value>(CallContext& ctx, absl::Span<const Value> args)>;

class Value {
 public:
  enum class Kind {
    kMissing,  // no value at all (Go's invalid reflect.Value): prints "<no value>"
    kNil,      // a nil interface (JSON null, the literal nil): prints "<nil>"
    kBool,
    kInt,
    kFloat,
    kComplex,  // complex128: only a template literal (1i, 1+2i) makes one
    kString,
    kList,
    kMap,
    kFunc,
  };
  // The Go type an integer has, for %T and for "%!s(int64=3)": template literals and len
  // give int, JSON numbers decoded by kubectl give int64, and index on a string gives a
  // byte (uint8).
  enum class IntType { kInt, kInt64, kUint8 };

  Value() = default;  // missing
  static Value Missing() { return Value(); }
  static Value Nil() { Value v; v.v_ = NilTag{}; return v; }
  Value(bool b) : v_(b) {}
  Value(int i) : v_(IntVal{i, IntType::kInt}) {}
  Value(int64_t i, IntType t = IntType::kInt64) : v_(IntVal{i, t}) {}
  Value(double d) : v_(d) {}
  Value(std::complex<double> c) : v_(c) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(List l) : v_(std::make_shared<const List>(std::move(l))) {}
  Value(Map m) : v_(std::make_shared<const Map>(std::move(m))) {}
  Value(std::shared_ptr<const List> l) : v_(std::move(l)) {}
  Value(std::shared_ptr<const Map> m) : v_(std::move(m)) {}
  static Value Func(Function f) {
    Value v;
    v.v_ = std::make_shared<const Function>(std::move(f));
    return v;
  }

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_missing() const { return kind() == Kind::kMissing; }
  bool is_nil() const { return kind() == Kind::kNil; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_int() const { return kind() == Kind::kInt; }
  bool is_float() const { return kind() == Kind::kFloat; }
  bool is_complex() const { return kind() == Kind::kComplex; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_list() const { return kind() == Kind::kList; }
  bool is_map() const { return kind() == Kind::kMap; }
  bool is_func() const { return kind() == Kind::kFunc; }

  // Accessors assume the kind was checked.
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<IntVal>(v_).v; }
  IntType int_type() const { return std::get<IntVal>(v_).type; }
  double as_float() const { return std::get<double>(v_); }
  std::complex<double> as_complex() const { return std::get<std::complex<double>>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const List& as_list() const { return *std::get<std::shared_ptr<const List>>(v_); }
  const Map& as_map() const { return *std::get<std::shared_ptr<const Map>>(v_); }
  const std::shared_ptr<const List>& list_ptr() const {
    return std::get<std::shared_ptr<const List>>(v_);
  }
  const std::shared_ptr<const Map>& map_ptr() const {
    return std::get<std::shared_ptr<const Map>>(v_);
  }
  const Function& as_func() const { return *std::get<std::shared_ptr<const Function>>(v_); }

  // Go's truth: false, 0, nil, "", empty list/map and missing are false.
  bool Truthy() const;
  // Member of a map, or Missing when this is not a map or has no such key.
  Value Get(std::string_view key) const;
  // The Go type name: "string", "int", "int64", "float64", "complex128", "bool",
  // "[]interface {}", "map[string]interface {}", "<nil>" (for nil and missing), "func".
  std::string TypeName() const;

 private:
  struct NilTag {
    bool operator==(const NilTag&) const { return true; }
  };
  struct IntVal {
    int64_t v;
    IntType type;
  };
  std::variant<std::monostate, NilTag, bool, IntVal, double, std::complex<double>, std::string,
               std::shared_ptr<const List>, std::shared_ptr<const Map>,
               std::shared_ptr<const Function>>
      v_;
};

}  // namespace tmpl
