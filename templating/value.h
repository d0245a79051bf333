// The data a template sees: what Go's text/template sees when kubectl hands it a decoded
// JSON object (map[string]interface{}, []interface{}, string, int64, float64, bool, nil),
// plus the values templates make themselves (int literals, complex literals such as 1i,
// functions) and the Go values Sprig's functions return: typed collections ([]string,
// []int, map[string]string, [][]interface{}, nil slices) and objects with fields and methods
// (time.Time, *semver.Version, Sprig's certificate).
//
// Lists and maps are shared, so copying a Value is cheap: a template that ranges over
// 10,000 pods copies pointers, not pods. Lists are immutable. A map is a reference, as in
// Go: Sprig's set, unset and merge change it in place for every holder.
#pragma once

#include <complex>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace templating {

class Value;
using List = std::vector<Value>;
using Map = std::map<std::string, Value, std::less<>>;  // Go sorts map keys when it prints or ranges

// The Go element type of a list or map: interface{} for data and most of Sprig; string,
// int or []interface{} where a Sprig function's Go result is typed so. It shows in %T,
// typeOf, deepEqual and Go's argument type checks.
enum class ElemType : uint8_t { kIface, kString, kInt, kIfaceList };

// A Go struct or pointer that a function returned: its type, how fmt prints it, its
// fields and methods as a template reaches them ({{ (semver "1.2").Major }}).
class Object {
 public:
  virtual ~Object() = default;
  virtual std::string TypeName() const = 0;  // %T: "time.Time", "*semver.Version"
  virtual std::string_view KindName() const = 0;  // reflect.Kind: "struct", "ptr"
  // What fmt's %v prints (the String method where Go has one).
  virtual std::string Format() const = 0;
  // .name: a method called with args, or a field (args empty). NotFound when the type has
  // neither (with the message "unexported" when it is a field templates may not read);
  // other errors are the method's own.
  virtual absl::StatusOr<Value> Member(std::string_view name, absl::Span<const Value> args) const = 0;
  // reflect.DeepEqual against an object of the same TypeName.
  virtual bool Equal(const Object& other) const = 0;
  // encoding/json.Marshal's output for it.
  virtual absl::StatusOr<std::string> MarshalJson() const = 0;
  // For a named integer type (time.Month): its value, which fmt's integer verbs print.
  virtual std::optional<int64_t> IntValue() const { return std::nullopt; }
};

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
    kObject,  // a Go struct or pointer (Object)
  };
  // The Go type an integer has, for %T and for "%!s(int64=3)": template literals and len
  // give int, JSON numbers decoded by kubectl give int64, and index on a string gives a
  // byte (uint8).
  enum class IntType { kInt, kInt64, kUint8, kUint64 };

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
  Value(List l) : v_(std::make_shared<const ListBox>(std::move(l), ElemType::kIface, false)) {}
  Value(Map m) : v_(std::make_shared<MapBox>(std::move(m), ElemType::kIface, false)) {}
  static Value Func(Function f) {
    Value v;
    v.v_ = std::make_shared<const Function>(std::move(f));
    return v;
  }
  // A []T (T = elem) list; `nil` makes Go's nil slice (an empty list that JSON writes as null).
  static Value TypedList(List l, ElemType elem, bool nil = false) {
    Value v;
    v.v_ = std::make_shared<const ListBox>(std::move(l), elem, nil);
    return v;
  }
  static Value NilList(ElemType elem = ElemType::kIface) { return TypedList({}, elem, true); }
  static Value TypedMap(Map m, ElemType elem) {
    Value v;
    v.v_ = std::make_shared<MapBox>(std::move(m), elem, false);
    return v;
  }
  // Go's nil map[string]interface{}: reads as empty, refuses assignment, JSON null.
  static Value NilMap() {
    Value v;
    v.v_ = std::make_shared<MapBox>(Map{}, ElemType::kIface, true);
    return v;
  }
  static Value Obj(std::shared_ptr<const Object> o) {
    Value v;
    v.v_ = std::move(o);
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
  bool is_object() const { return kind() == Kind::kObject; }

  // Accessors assume the kind was checked.
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<IntVal>(v_).v; }
  IntType int_type() const { return std::get<IntVal>(v_).type; }
  double as_float() const { return std::get<double>(v_); }
  std::complex<double> as_complex() const { return std::get<std::complex<double>>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const List& as_list() const { return std::get<std::shared_ptr<const ListBox>>(v_)->items; }
  const Map& as_map() const { return std::get<std::shared_ptr<MapBox>>(v_)->items; }
  // Go maps are references: a change is seen through every Value holding this map.
  Map& mutable_map() const { return std::get<std::shared_ptr<MapBox>>(v_)->items; }
  std::shared_ptr<const List> list_ptr() const {
    const auto& b = std::get<std::shared_ptr<const ListBox>>(v_);
    return std::shared_ptr<const List>(b, &b->items);
  }
  std::shared_ptr<const Map> map_ptr() const {
    const auto& b = std::get<std::shared_ptr<MapBox>>(v_);
    return std::shared_ptr<const Map>(b, &b->items);
  }
  // Whether two map Values are the same Go map (not merely equal).
  bool SameMap(const Value& o) const {
    return is_map() && o.is_map() &&
           std::get<std::shared_ptr<MapBox>>(v_) == std::get<std::shared_ptr<MapBox>>(o.v_);
  }
  ElemType elem_type() const {
    if (is_list()) return std::get<std::shared_ptr<const ListBox>>(v_)->elem;
    if (is_map()) return std::get<std::shared_ptr<MapBox>>(v_)->elem;
    return ElemType::kIface;
  }
  bool is_nil_list() const { return is_list() && std::get<std::shared_ptr<const ListBox>>(v_)->nil; }
  bool is_nil_map() const { return is_map() && std::get<std::shared_ptr<MapBox>>(v_)->nil; }
  const Function& as_func() const { return *std::get<std::shared_ptr<const Function>>(v_); }
  const Object& as_object() const { return *std::get<std::shared_ptr<const Object>>(v_); }

  // Whether map is this value or is held, at any depth, by its lists and maps. A map that
  // would come to hold itself is refused by the functions that change maps: Go's garbage
  // collector frees such a cycle and podinit's shared ownership cannot, and Go's own
  // printing of one recurses until the stack overflows.
  bool Holds(const Value& map) const;

  // Go's truth: false, 0, nil, "", empty list/map and missing are false.
  bool Truthy() const;
  // Member of a map, or Missing when this is not a map or has no such key.
  Value Get(std::string_view key) const;
  // The Go type name: "string", "int", "int64", "float64", "complex128", "bool",
  // "[]interface {}", "[]string", "map[string]interface {}", "<nil>" (for nil and missing),
  // "func", an object's own.
  std::string TypeName() const;
  // reflect.Kind's name: "string", "int64", "slice", "map", "struct", "ptr", "func";
  // "invalid" for nil and missing.
  std::string KindName() const;

 private:
  struct NilTag {
    bool operator==(const NilTag&) const { return true; }
  };
  struct IntVal {
    int64_t v;
    IntType type;
  };
  // Each box's destructor hands the lists and maps it holds to DestroyNested instead of
  // destroying them itself: a value nested n deep (a range loop can nest dict in dict
  // without end) would otherwise be destroyed by n nested destructor calls.
  struct ListBox {
    List items;
    ElemType elem;
    bool nil;
    ~ListBox();
  };
  struct MapBox {
    Map items;
    ElemType elem;
    bool nil;
    ~MapBox();
  };
  static void DestroyNested(Value& child, std::vector<Value>** dying);
  std::variant<std::monostate, NilTag, bool, IntVal, double, std::complex<double>, std::string,
               std::shared_ptr<const ListBox>, std::shared_ptr<MapBox>,
               std::shared_ptr<const Function>, std::shared_ptr<const Object>>
      v_;
};

}  // namespace templating
