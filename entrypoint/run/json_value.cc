#include "entrypoint/run/json_value.h"

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

}  // namespace podinit::run
