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

namespace k8s {

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

  // Accessors assume the type was checked.
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const {
    return is_int() ? static_cast<double>(as_int()) : std::get<double>(v_);
  }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& array() const { return std::get<Array>(v_); }
  Array& array() { return std::get<Array>(v_); }
  const Object& object() const { return std::get<Object>(v_); }
  Object& object() { return std::get<Object>(v_); }

  // Member lookup; nullptr when this is not an object or has no such key.
  const Json* Find(std::string_view key) const;
  Json* Find(std::string_view key);
  // Follows "a.b.c" through nested objects (no indexing); nullptr when any step is missing.
  const Json* Path(std::string_view dotted) const;
  // The string at `key`, or "" when absent or not a string.
  std::string_view GetString(std::string_view key) const;

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

// Parses a complete JSON document. Integers that fit int64 stay integers; the error names
// the byte offset where simdjson gave up.
absl::StatusOr<Json> ParseJson(std::string_view text);

// RFC 7386 JSON merge patch, what `kubectl label` and `kubectl patch --type merge` send.
void MergePatch(Json& target, const Json& patch);

// Appends `s` to `out` as a JSON string literal, escaped as Go's encoding/json does.
using gocompat::AppendJsonString;

}  // namespace k8s
