#include "templating/value.h"

namespace templating {

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
    case Kind::kObject: return true;  // a struct, or a non-nil pointer
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
        case IntType::kUint64: return "uint64";
      }
      return "int";
    case Kind::kFloat: return "float64";
    case Kind::kComplex: return "complex128";
    case Kind::kString: return "string";
    case Kind::kList:
      switch (elem_type()) {
        case ElemType::kIface: return "[]interface {}";
        case ElemType::kString: return "[]string";
        case ElemType::kInt: return "[]int";
        case ElemType::kIfaceList: return "[][]interface {}";
      }
      return "[]interface {}";
    case Kind::kMap:
      return elem_type() == ElemType::kString ? "map[string]string" : "map[string]interface {}";
    case Kind::kFunc: return "func";
    case Kind::kObject: return as_object().TypeName();
  }
  return "?";
}

std::string Value::KindName() const {
  switch (kind()) {
    case Kind::kMissing:
    case Kind::kNil: return "invalid";
    case Kind::kList: return "slice";
    case Kind::kMap: return "map";
    case Kind::kFunc: return "func";
    case Kind::kObject: return std::string(as_object().KindName());
    default: return TypeName();  // bool, int, int64, uint8, float64, complex128, string
  }
}

}  // namespace templating
