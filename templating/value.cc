#include "templating/value.h"

#include <unordered_set>
#include <vector>

namespace templating {

namespace {
// The containers that boxes being destroyed on this thread handed over, while the outermost
// destructor destroys them one at a time.
thread_local std::vector<Value>* t_dying = nullptr;

template <typename Children, typename Get>
void DestroyFlat(Children& children, Get get, void (*defer)(Value&, std::vector<Value>**)) {
  std::vector<Value> local;
  bool outermost = t_dying == nullptr;
  if (outermost) t_dying = &local;
  for (auto& c : children) defer(get(c), &t_dying);
  if (!outermost) return;
  while (!local.empty()) {
    Value v = std::move(local.back());
    local.pop_back();
  }  // v's box, if this was its last holder, hands its own children to `local`
  t_dying = nullptr;
}
}  // namespace

void Value::DestroyNested(Value& child, std::vector<Value>** dying) {
  if (child.is_map() || child.is_list()) (*dying)->push_back(std::move(child));
}

Value::ListBox::~ListBox() {
  DestroyFlat(items, [](Value& v) -> Value& { return v; }, &Value::DestroyNested);
}

Value::MapBox::~MapBox() {
  DestroyFlat(items, [](auto& kv) -> Value& { return kv.second; }, &Value::DestroyNested);
}

// Iterative, with each container visited once: data shares subtrees freely (one pod in
// many lists), and a crafted template may nest deeper than the stack allows.
bool Value::Holds(const Value& map) const {
  if (!map.is_map()) return false;
  const void* target = std::get<std::shared_ptr<MapBox>>(map.v_).get();
  std::unordered_set<const void*> seen;
  std::vector<const Value*> todo{this};
  while (!todo.empty()) {
    const Value* v = todo.back();
    todo.pop_back();
    if (v->is_map()) {
      const void* box = std::get<std::shared_ptr<MapBox>>(v->v_).get();
      if (box == target) return true;
      if (!seen.insert(box).second) continue;
      for (const auto& [k, e] : v->as_map()) {
        if (e.is_map() || e.is_list()) todo.push_back(&e);
      }
    } else if (v->is_list()) {
      if (!seen.insert(std::get<std::shared_ptr<const ListBox>>(v->v_).get()).second) continue;
      for (const Value& e : v->as_list()) {
        if (e.is_map() || e.is_list()) todo.push_back(&e);
      }
    }
  }
  return false;
}

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
