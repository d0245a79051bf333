#include "templating/literal_args.h"

namespace templating {

bool IsLiteralArg(const Node& n) {
  return n.type == NodeType::kNumber || n.type == NodeType::kString ||
         n.type == NodeType::kBool || n.type == NodeType::kNil;
}

std::optional<Value> ConvertLiteralArg(const Node& n, std::string_view go_type) {
  // nil for a type that can be nil: its zero value.
  if (n.type == NodeType::kNil && go_type.starts_with("map[")) return Value::NilMap();
  if (n.type == NodeType::kNil && go_type.starts_with("[]")) return Value::NilList();
  if (go_type == "string" && n.type == NodeType::kString) {
    return Value(static_cast<const StringNode&>(n).text);
  }
  if (go_type == "bool" && n.type == NodeType::kBool) return Value(static_cast<const BoolNode&>(n).value);
  if (n.type != NodeType::kNumber) return std::nullopt;
  const auto& num = static_cast<const NumberNode&>(n);
  // evalInteger and evalFloat: any constant whose value is one, whatever its spelling.
  if (go_type == "int" && num.is_int) return Value(num.int64, Value::IntType::kInt);
  if (go_type == "float64" && num.is_float) return Value(num.float64);
  // evalUnsignedInteger: SetUint truncates to the type's width.
  if (go_type == "uint32" && num.is_uint) return Value(static_cast<int64_t>(static_cast<uint32_t>(num.uint64)));
  return std::nullopt;
}

std::string LiteralArgError(const Node& n, std::string_view go_type) {
  std::string type(go_type);
  if (n.type == NodeType::kNil) return "cannot assign nil to " + type;
  std::string found = n.String();
  if (go_type == "int") return "expected integer; found " + found;
  if (go_type == "float64") return "expected float; found " + found;
  if (go_type == "uint32") return "expected unsigned integer; found " + found;
  if (go_type == "string" || go_type == "bool") return "expected " + type + "; found " + found;
  return "can't handle " + found + " for arg of type " + type;
}

}  // namespace templating
