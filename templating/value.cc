#include "templating/value.h"

namespace tmpl {

bool Value::Truthy() const {
  switch (kind()) {
    case Kind::kMissing:
    case Kind::kNil: return false;
    case Kind::kBool: return as_bool();
    case Kind::kInt: return as_int() != 0;
    case Kind::kFloat: return as_float() != 0;
    case Kind::kComplex: return as_complex() != 0.0;
    case Kind::kString: return !as_string().empty();
    case Kind::kList: return !as_list().empty();
    case Kind::kMap: return !as_map().empty();
    case Kind::kFunc: return true;
  }
  return false;
}

Value Value::Get(std::string_view key) const {
  if (!is_map()) return Value();
  const Map& m = as_map();
  auto it = m.find(key);
  return it == m.end() ? Value() : it->second;
}

std::string Value::TypeName() const {
  switch (kind()) {
    case Kind::kMissing:
    case Kind::kNil: return "<nil>";
    case Kind::kBool: return "bool";
    case Kind::kInt:
      switch (int_type()) {
        case IntType::kInt: return "int";
        case IntType::kInt64: return "int64";
        case IntType::kUint8: return "uint8";
      }
      return "int";
    case Kind::kFloat: return "float64";
    case Kind::kComplex: return "complex128";
    case Kind::kString: return "string";
    case Kind::kList: return "[]interface {}";
    case Kind::kMap: return "map[string]interface {}";
    case Kind::kFunc: return "func";
  }
  return "?";
}

}  // namespace tmpl
