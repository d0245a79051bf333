#include "entrypoint/run/json_value.h"

#include <optional>

#include "entrypoint/run/bulk_arena.h"
#include "k8sclient/json_dom.h"
#include "k8sclient/object_check_walk.h"

namespace entrypoint::run {

templating::Value ToValue(const k8sclient::Json& json) {
  switch (json.type()) {
    case k8sclient::Json::Type::kNull: return templating::Value::Nil();
    case k8sclient::Json::Type::kBool: return templating::Value(json.as_bool());
    case k8sclient::Json::Type::kInt: return templating::Value(json.as_int(), templating::Value::IntType::kInt64);
    case k8sclient::Json::Type::kDouble: return templating::Value(json.as_double());
    case k8sclient::Json::Type::kString: return templating::Value(json.as_string());
    case k8sclient::Json::Type::kArray: {
      templating::List list;
      list.reserve(json.array().size());
      for (const k8sclient::Json& item : json.array()) list.push_back(ToValue(item));
      return templating::Value(std::move(list));
    }
    case k8sclient::Json::Type::kObject: {
      templating::Map map;
      for (const auto& [k, v] : json.object()) map.emplace(k, ToValue(v));
      return templating::Value(std::move(map));
    }
  }
  return templating::Value();
}

namespace {

constexpr size_t kBulkArenaMinText = size_t{1} << 20;

// What ParseJsonValue makes of JSON: null is nil, numbers are int64 or float64.
struct ValueAdapter {
  using Node = templating::Value;
  static bool IsNull(const Node& v) { return v.is_nil() || v.is_missing(); }
  static bool IsBool(const Node& v) { return v.is_bool(); }
  static bool IsNumber(const Node& v) { return v.is_int() || v.is_float(); }
  static bool IsString(const Node& v) { return v.is_string(); }
  static bool IsArray(const Node& v) { return v.is_list(); }
  static bool IsObject(const Node& v) { return v.is_map(); }
  static std::string_view String(const Node& v) { return v.as_string(); }
  static const Node* Find(const Node& v, std::string_view key) {
    if (!v.is_map()) return nullptr;
    const templating::Map& m = v.as_map();
    auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
  }
  static const templating::Map& Members(const Node& v) { return v.as_map(); }
  static const templating::List& Elements(const Node& v) { return v.as_list(); }
};

// Builds *out from e; false only when the document nests deeper than k8sclient::kMaxJsonDepth.
// (No StatusOr per value: a 10,000-pod List has a million of them.)
bool FromDom(simdjson::dom::element e, size_t depth, templating::Value* out) {
  if (depth > k8sclient::kMaxJsonDepth) return false;
  switch (e.type()) {
    case simdjson::dom::element_type::NULL_VALUE: *out = templating::Value::Nil(); return true;
    case simdjson::dom::element_type::BOOL: *out = templating::Value(bool(e.get_bool().value_unsafe())); return true;
    case simdjson::dom::element_type::INT64:
      *out = templating::Value(int64_t(e.get_int64().value_unsafe()), templating::Value::IntType::kInt64);
      return true;
    case simdjson::dom::element_type::UINT64:  // beyond int64: Go's decoder makes it a float64
      *out = templating::Value(static_cast<double>(e.get_uint64().value_unsafe()));
      return true;
    case simdjson::dom::element_type::DOUBLE: *out = templating::Value(double(e.get_double().value_unsafe())); return true;
    case simdjson::dom::element_type::STRING:
      *out = templating::Value(std::string_view(e.get_string().value_unsafe()));
      return true;
    case simdjson::dom::element_type::ARRAY: {
      simdjson::dom::array a = e.get_array().value_unsafe();
      templating::List list(a.size());
      size_t i = 0;
      for (simdjson::dom::element child : a) {
        if (!FromDom(child, depth + 1, &list[i++])) return false;
      }
      *out = templating::Value(std::move(list));
      return true;
    }
    case simdjson::dom::element_type::OBJECT: {
      simdjson::dom::object o = e.get_object().value_unsafe();
      templating::Map map;
      for (simdjson::dom::key_value_pair field : o) {
        // A new key goes in without a second search; a repeated one keeps its last value.
        const size_t before = map.size();
        auto it = map.try_emplace(map.end(), std::string(field.key));
        if (map.size() == before) it->second = templating::Value();
        if (!FromDom(field.value, depth + 1, &it->second)) return false;
      }
      *out = templating::Value(std::move(map));
      return true;
    }
  }
  return true;
}

// The same tree in one pass over the text (simdjson On-Demand: no tape in between, a third
// less memory touched for a large List). false on any error, for the DOM path to report or
// to read the Go way. `items`: given for the document itself, whose "items" array is checked
// as pods element by element while each is still in the cache (ItemsPrecheck).
bool FromOnDemand(simdjson::ondemand::value v, size_t depth, templating::Value* out,
                  ItemsPrecheck* items = nullptr) {
  using simdjson::ondemand::json_type;
  if (depth > k8sclient::kMaxJsonDepth) return false;
  json_type type;
  if (v.type().get(type) != simdjson::SUCCESS) return false;
  switch (type) {
    case json_type::null:
      if (!v.is_null()) return false;
      *out = templating::Value::Nil();
      return true;
    case json_type::boolean: {
      bool b;
      if (v.get_bool().get(b) != simdjson::SUCCESS) return false;
      *out = templating::Value(b);
      return true;
    }
    case json_type::number: {
      simdjson::ondemand::number n;
      if (v.get_number().get(n) != simdjson::SUCCESS) return false;
      if (n.is_int64()) {
        *out = templating::Value(n.get_int64(), templating::Value::IntType::kInt64);
      } else {
        *out = templating::Value(n.as_double());  // a uint64 beyond int64: a float64, as in Go
      }
      return true;
    }
    case json_type::string: {
      std::string_view sv;
      if (v.get_string().get(sv) != simdjson::SUCCESS) return false;
      *out = templating::Value(sv);
      return true;
    }
    case json_type::array: {
      simdjson::ondemand::array a;
      if (v.get_array().get(a) != simdjson::SUCCESS) return false;
      templating::List list;
      for (auto child : a) {
        simdjson::ondemand::value cv;
        if (child.get(cv) != simdjson::SUCCESS) return false;
        templating::Value& item = list.emplace_back();
        if (!FromOnDemand(cv, depth + 1, &item)) return false;
        if (items != nullptr && depth == 1 && items->first_invalid == ItemsPrecheck::kNone &&
            !k8sclient::object_check::ValidatePod<ValueAdapter>(item, "").ok()) {
          items->first_invalid = list.size() - 1;
        }
      }
      *out = templating::Value(std::move(list));
      return true;
    }
    case json_type::object: {
      simdjson::ondemand::object o;
      if (v.get_object().get(o) != simdjson::SUCCESS) return false;
      templating::Map map;
      for (auto field : o) {
        std::string_view key;
        if (field.unescaped_key().get(key) != simdjson::SUCCESS) return false;
        const size_t before = map.size();
        auto it = map.try_emplace(map.end(), std::string(key));
        if (map.size() == before) it->second = templating::Value();  // a repeated key: the last wins
        simdjson::ondemand::value fv;
        if (field.value().get(fv) != simdjson::SUCCESS) return false;
        ItemsPrecheck* check = nullptr;
        if (items != nullptr && depth == 0 && key == "items") {
          *items = ItemsPrecheck{};  // a repeated "items": the last one is the List's
          check = items;
        }
        if (!FromOnDemand(fv, depth + 1, &it->second, check)) return false;
      }
      *out = templating::Value(std::move(map));
      return true;
    }
  }
  return false;
}

// An object or array document in one pass, or nullopt.
std::optional<templating::Value> ParseOnDemand(std::string_view text, ItemsPrecheck* items) {
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
  templating::Value out;
  {
    // A large document's tree is kept to the end (the pod file's data): its allocations come
    // from the bulk arena (bulk_arena.h), reserved at 16 bytes per byte of text (a List of
    // pods takes about 9; beyond the reservation, malloc). A small one (a pod is 8 kB) gains
    // nothing worth a mapping of its own.
    std::optional<BulkArenaScope> arena;
    if (text.size() >= kBulkArenaMinText) arena.emplace(text.size() * 16);
    if (doc.get_value().get(root) != simdjson::SUCCESS || !FromOnDemand(root, 0, &out, items)) {
      return std::nullopt;
    }
  }
  // Nothing may follow the document (simdjson says OUT_OF_BOUNDS at its end).
  const char* rest;
  if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) return std::nullopt;
  return out;
}

}  // namespace

absl::StatusOr<templating::Value> ParseJsonValue(std::string_view text, bool padded,
                                                 std::optional<ItemsPrecheck>* items) {
  if (padded) {
    ItemsPrecheck check;
    if (std::optional<templating::Value> v = ParseOnDemand(text, &check)) {
      if (items != nullptr) *items = check;
      return *std::move(v);
    }
  }
  // Not padded, or what the one pass could not take as it is: simdjson's DOM, with
  // k8sclient::ParseJsonDom's rewrites (invalid UTF-8, lone surrogates, integers beyond 64 bits)
  // and its words for every error.
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (absl::Status s = k8sclient::ParseJsonDom(text, parser, &root, padded); !s.ok()) return s;
  templating::Value value;
  if (!FromDom(root, 0, &value)) return absl::InvalidArgumentError("JSON nested too deeply");
  return value;
}

absl::Status ValidatePodOrList(const templating::Value& doc, std::string_view what,
                               const ItemsPrecheck* items) {
  return k8sclient::object_check::ValidatePodOrList<ValueAdapter>(doc, what, items);
}

}  // namespace entrypoint::run
