// A mutable JSON document: what API objects are once parsed (with simdjson), and what the
// fake API server keeps, patches and sends. Object members keep their order, as the API
// server's own encoding does, so an object written back out reads like the one loaded.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "gocompat/json.h"

namespace k8sclient {

class Json {
 public:
  enum class Type { kNull, kBool, kInt, kDouble, kString, kArray, kObject };
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(bool b) : v_(b) {}
  Json(int v) : v_(int64_t{v}) {}
  Json(int64_t v) : v_(v) {}
  Json(double v) : v_(v) {}
  Json(std::string s) : v_(std::move(s)) {}
  Json(const char* s) : v_(std::string(s)) {}
  Json(std::string_view s) : v_(std::string(s)) {}
  Json(Array a) : v_(std::move(a)) {}
  Json(Object o) : v_(std::move(o)) {}
  static Json MakeArray() { return Json(Array{}); }
  static Json MakeObject() { return Json(Object{}); }

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_int() const { return type() == Type::kInt; }
  bool is_double() const { return type() == Type::kDouble; }
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // Reading a value as another type than it has gives that type's zero value ("", 0, false,
  // empty), as Go's decoder leaves a field it could not fill: API answers and pod files hold
  // whatever their author wrote, and a wrong type must never abort the process.
  bool as_bool() const {
    const bool* b = std::get_if<bool>(&v_);
    return b != nullptr && *b;
  }
  int64_t as_int() const {
    const int64_t* i = std::get_if<int64_t>(&v_);
    return i != nullptr ? *i : 0;
  }
  double as_double() const {
    if (const double* d = std::get_if<double>(&v_)) return *d;
    return static_cast<double>(as_int());
  }
  const std::string& as_string() const;
  const Array& array() const;
  const Object& object() const;
  // For building and changing documents; the value must have that type.
  Array& array() { return std::get<Array>(v_); }
  Object& object() { return std::get<Object>(v_); }

  // Member lookup; nullptr when this is not an object or has no such key.
  const Json* Find(std::string_view key) const;
  Json* Find(std::string_view key);
  // Follows "a.b.c" through nested objects (no indexing); nullptr when any step is missing.
  const Json* Path(std::string_view dotted) const;
  // The string at `key`, or "" when absent or not a string.
  std::string_view GetString(std::string_view key) const;
  // Path(), typed: the string there or ""; the array there or an empty one; the object there
  // or nullptr (null, absent and other types alike).
  std::string_view StringAt(std::string_view dotted) const;
  const Array& ArrayAt(std::string_view dotted) const;
  const Json* ObjectAt(std::string_view dotted) const;

  // Replaces the member `key` or appends it; this must be an object (a null becomes one).
  Json& Set(std::string_view key, Json value);
  bool Erase(std::string_view key);

  // Compact JSON as Go's encoding/json writes it (<, >, & escaped as \u003c...).
  std::string Dump() const;
  // Indented with `indent` spaces per level, as json.MarshalIndent.
  std::string DumpPretty(int indent = 2) const;

  friend bool operator==(const Json& a, const Json& b);

 private:
  void DumpTo(std::string& out, int indent, int depth) const;
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object> v_;
};

// Parses a complete JSON document as Go's encoding/json does: integers that fit int64 stay
// integers (larger ones become floats); a repeated member keeps its last value; invalid UTF-8
// and lone surrogate escapes in strings become U+FFFD. Errors name what simdjson found.
absl::StatusOr<Json> ParseJson(std::string_view text);

// RFC 7386 JSON merge patch, what `kubectl label` and `kubectl patch --type merge` send.
void MergePatch(Json& target, const Json& patch);

// Appends `s` to `out` as a JSON string literal, escaped as Go's encoding/json does.
using gocompat::AppendJsonString;

}  // namespace k8sclient
