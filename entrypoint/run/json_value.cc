#include "entrypoint/run/json_value.h"

#include <optional>

#include "k8sclient/json_dom.h"
#include "k8sclient/object_check_walk.h"

namespace podinit::run {

tmpl::Value ToValue(const k8s::Json& json) {
  switch (json.type()) {
    case k8s::Json::Type::kNull: return tmpl::Value::Nil();
    case k8s::Json::Type::kBool: return tmpl::Value(json.as_bool());
    case k8s::Json::Type::kInt: return tmpl::Value(json.as_int(), tmpl::Value::IntType::kInt64);
    case k8s::Json::Type::kDouble: return tmpl::Value(json.as_double());
    case k8s::Json::Type::kString: return tmpl::Value(json.as_string());
    case k8s::Json::Type::kArray: {
      tmpl::List list;
      list.reserve(json.array().size());
      for (const k8s::Json& item : json.array()) list.push_back(ToValue(item));
      return tmpl::Value(std::move(list));
    }
    case k8s::Json::Type::kObject: {
      tmpl::Map map;
      for (const auto& [k, v] : json.object()) map.emplace(k, ToValue(v));
      return tmpl::Value(std::move(map));
    }
  }
  return tmpl::Value();
}

namespace {

// Builds *out from e; false only when the document nests deeper than k8s::kMaxJsonDepth.
// (No StatusOr per value: a 10,000-pod List has a million of them.)
bool FromDom(simdjson::dom::element e, size_t depth, tmpl::Value* out) {
  if (depth > k8s::kMaxJsonDepth) return false;
  switch (e.type()) {
    case simdjson::dom::element_type::NULL_VALUE: *out = tmpl::Value::Nil(); return true;
    case simdjson::dom::element_type::BOOL: *out = tmpl::Value(bool(e.get_bool().value_unsafe())); return true;
    case simdjson::dom::element_type::INT64:
      *out = tmpl::Value(int64_t(e.get_int64().value_unsafe()), tmpl::Value::IntType::kInt64);
      return true;
    case simdjson::dom::element_type::UINT64:  // beyond int64: Go's decoder makes it a float64
      *out = tmpl::Value(static_cast<double>(e.get_uint64().value_unsafe()));
      return true;
    case simdjson::dom::element_type::DOUBLE: *out = tmpl::Value(double(e.get_double().value_unsafe())); return true;
    case simdjson::dom::element_type::STRING:
      *out = tmpl::Value(std::string_view(e.get_string().value_unsafe()));
      return true;
    case simdjson::dom::element_type::ARRAY: {
      simdjson::dom::array a = e.get_array().value_unsafe();
      tmpl::List list(a.size());
      size_t i = 0;
      for (simdjson::dom::element child : a) {
        if (!FromDom(child, depth + 1, &list[i++])) return false;
      }
      *out = tmpl::Value(std::move(list));
      return true;
    }
    case simdjson::dom::element_type::OBJECT: {
      simdjson::dom::object o = e.get_object().value_unsafe();
      tmpl::Map map;
      for (simdjson::dom::key_value_pair field : o) {
        // A new key goes in without a second search; a repeated one keeps its last value.
        const size_t before = map.size();
        auto it = map.try_emplace(map.end(), std::string(field.key));
        if (map.size() == before) it->second = tmpl::Value();
        if (!FromDom(field.value, depth + 1, &it->second)) return false;
      }
      *out = tmpl::Value(std::move(map));
      return true;
    }
  }
  return true;
}

// The same tree in one pass over the text (simdjson On-Demand: no tape in between, a third
// less memory touched for a large List). false on any error, for the DOM path to report or
// to read the Go way.
bool FromOnDemand(simdjson::ondemand::value v, size_t depth, tmpl::Value* out) {
  using simdjson::ondemand::json_type;
  if (depth > k8s::kMaxJsonDepth) return false;
  json_type type;
  if (v.type().get(type) != simdjson::SUCCESS) return false;
  switch (type) {
    case json_type::null:
      if (!v.is_null()) return false;
      *out = tmpl::Value::Nil();
      return true;
    case json_type::boolean: {
      bool b;
      if (v.get_bool().get(b) != simdjson::SUCCESS) return false;
      *out = tmpl::Value(b);
      return true;
    }
    case json_type::number: {
      simdjson::ondemand::number n;
      if (v.get_number().get(n) != simdjson::SUCCESS) return false;
      if (n.is_int64()) {
        *out = tmpl::Value(n.get_int64(), tmpl::Value::IntType::kInt64);
      } else {
        *out = tmpl::Value(n.as_double());  // a uint64 beyond int64: a float64, as in Go
      }
      return true;
    }
    case json_type::string: {
      std::string_view sv;
      if (v.get_string().get(sv) != simdjson::SUCCESS) return false;
      *out = tmpl::Value(sv);
      return true;
    }
    case json_type::array: {
      simdjson::ondemand::array a;
      if (v.get_array().get(a) != simdjson::SUCCESS) return false;
      tmpl::List list;
      for (auto child : a) {
        simdjson::ondemand::value cv;
        if (child.get(cv) != simdjson::SUCCESS) return false;
        if (!FromOnDemand(cv, depth + 1, &list.emplace_back())) return false;
      }
      *out = tmpl::Value(std::move(list));
      return true;
    }
    case json_type::object: {
      simdjson::ondemand::object o;
      if (v.get_object().get(o) != simdjson::SUCCESS) return false;
      tmpl::Map map;
      for (auto field : o) {
        std::string_view key;
        if (field.unescaped_key().get(key) != simdjson::SUCCESS) return false;
        const size_t before = map.size();
        auto it = map.try_emplace(map.end(), std::string(key));
        if (map.size() == before) it->second = tmpl::Value();  // a repeated key: the last wins
        simdjson::ondemand::value fv;
        if (field.value().get(fv) != simdjson::SUCCESS) return false;
        if (!FromOnDemand(fv, depth + 1, &it->second)) return false;
      }
      *out = tmpl::Value(std::move(map));
      return true;
    }
  }
  return false;
}

// An object or array document in one pass, or nullopt.
std::optional<tmpl::Value> ParseOnDemand(std::string_view text) {
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (parser.iterate(text.data(), text.size(), text.size() + simdjson::SIMDJSON_PADDING)
          .get(doc) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  simdjson::ondemand::json_type type;
  if (doc.type().get(type) != simdjson::SUCCESS ||
      (type != simdjson::ondemand::json_type::object && type != simdjson::ondemand::json_type::array)) {
    return std::nullopt;
  }
  simdjson::ondemand::value root;
  tmpl::Value out;
  if (doc.get_value().get(root) != simdjson::SUCCESS || !FromOnDemand(root, 0, &out)) {
    return std::nullopt;
  }
  // Nothing may follow the document (simdjson says OUT_OF_BOUNDS at its end).
  const char* rest;
  if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) return std::nullopt;
  return out;
}

}  // namespace

absl::StatusOr<tmpl::Value> ParseJsonValue(std::string_view text, bool padded) {
  if (padded) {
    if (std::optional<tmpl::Value> v = ParseOnDemand(text)) return *std::move(v);
  }
  // Not padded, or what the one pass could not take as it is: simdjson's DOM, with
  // k8s::ParseJsonDom's rewrites (invalid UTF-8, lone surrogates, integers beyond 64 bits)
  // and its words for every error.
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (absl::Status s = k8s::ParseJsonDom(text, parser, &root, padded); !s.ok()) return s;
  tmpl::Value value;
  if (!FromDom(root, 0, &value)) return absl::InvalidArgumentError("JSON nested too deeply");
  return value;
}

namespace {

// What ParseJsonValue makes of JSON: null is nil, numbers are int64 or float64.
struct ValueAdapter {
  using Node = tmpl::Value;
  static bool IsNull(const Node& v) { return v.is_nil() || v.is_missing(); }
  static bool IsBool(const Node& v) { return v.is_bool(); }
  static bool IsNumber(const Node& v) { return v.is_int() || v.is_float(); }
  static bool IsString(const Node& v) { return v.is_string(); }
  static bool IsArray(const Node& v) { return v.is_list(); }
  static bool IsObject(const Node& v) { return v.is_map(); }
  static std::string_view String(const Node& v) { return v.as_string(); }
  static const Node* Find(const Node& v, std::string_view key) {
    if (!v.is_map()) return nullptr;
    const tmpl::Map& m = v.as_map();
    auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
  }
  static const tmpl::Map& Members(const Node& v) { return v.as_map(); }
  static const tmpl::List& Elements(const Node& v) { return v.as_list(); }
};

}  // namespace

absl::Status ValidatePodOrList(const tmpl::Value& doc, std::string_view what) {
  return k8s::object_check::ValidatePodOrList<ValueAdapter>(doc, what);
}

}  // namespace podinit::run
