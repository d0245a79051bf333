#include "k8sclient/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "gocompat/json.h"
#include "simdjson.h"

namespace k8s {

const Json* Json::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : object()) {
    if (k == key) return &v;
  }
  return nullptr;
}

Json* Json::Find(std::string_view key) {
  return const_cast<Json*>(static_cast<const Json*>(this)->Find(key));
}

const Json* Json::Path(std::string_view dotted) const {
  const Json* cur = this;
  while (cur != nullptr) {
    size_t dot = dotted.find('.');
    cur = cur->Find(dotted.substr(0, dot));
    if (dot == std::string_view::npos) break;
    dotted.remove_prefix(dot + 1);
  }
  return cur;
}

std::string_view Json::GetString(std::string_view key) const {
  const Json* v = Find(key);
  return v != nullptr && v->is_string() ? std::string_view(v->as_string()) : std::string_view();
}

Json& Json::Set(std::string_view key, Json value) {
  if (is_null()) v_ = Object{};
  if (Json* existing = Find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  auto& obj = object();
  obj.emplace_back(std::string(key), std::move(value));
  return obj.back().second;
}

bool Json::Erase(std::string_view key) {
  if (!is_object()) return false;
  auto& obj = object();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (it->first == key) {
      obj.erase(it);
      return true;
    }
  }
  return false;
}

bool operator==(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number() && a.type() != b.type()) {
    return a.as_double() == b.as_double();
  }
  if (a.type() != b.type()) return false;
  if (!a.is_object()) return a.v_ == b.v_;
  // Member order does not change what an object means.
  if (a.object().size() != b.object().size()) return false;
  for (const auto& [k, v] : a.object()) {
    const Json* other = b.Find(k);
    if (other == nullptr || !(v == *other)) return false;
  }
  return true;
}

namespace {

// Go refuses to encode NaN and infinities; null keeps the document valid.
void AppendJsonDouble(std::string& out, double d) {
  if (!gocompat::AppendJsonFloat(out, d).ok()) out += "null";
}

void Newline(std::string& out, int indent, int depth) {
  if (indent <= 0) return;
  out.push_back('\n');
  out.append(static_cast<size_t>(indent * depth), ' ');
}

}  // namespace

void Json::DumpTo(std::string& out, int indent, int depth) const {
  switch (type()) {
    case Type::kNull: out += "null"; break;
    case Type::kBool: out += as_bool() ? "true" : "false"; break;
    case Type::kInt: absl::StrAppend(&out, as_int()); break;
    case Type::kDouble: AppendJsonDouble(out, as_double()); break;
    case Type::kString: AppendJsonString(out, as_string()); break;
    case Type::kArray: {
      if (array().empty()) {
        out += "[]";
        break;
      }
      out.push_back('[');
      bool first = true;
      for (const Json& v : array()) {
        if (!first) out.push_back(',');
        first = false;
        Newline(out, indent, depth + 1);
        v.DumpTo(out, indent, depth + 1);
      }
      Newline(out, indent, depth);
      out.push_back(']');
      break;
    }
    case Type::kObject: {
      if (object().empty()) {
        out += "{}";
        break;
      }
      out.push_back('{');
      bool first = true;
      for (const auto& [k, v] : object()) {
        if (!first) out.push_back(',');
        first = false;
        Newline(out, indent, depth + 1);
        AppendJsonString(out, k);
        out += indent > 0 ? ": " : ":";
        v.DumpTo(out, indent, depth + 1);
      }
      Newline(out, indent, depth);
      out.push_back('}');
      break;
    }
  }
}

std::string Json::Dump() const {
  std::string out;
  DumpTo(out, 0, 0);
  return out;
}

std::string Json::DumpPretty(int indent) const {
  std::string out;
  DumpTo(out, indent, 0);
  return out;
}

namespace {

constexpr size_t kMaxDepth = 1000;

absl::StatusOr<Json> FromDom(simdjson::dom::element e, size_t depth) {
  if (depth > kMaxDepth) return absl::InvalidArgumentError("JSON nested too deeply");
  switch (e.type()) {
    case simdjson::dom::element_type::NULL_VALUE: return Json();
    case simdjson::dom::element_type::BOOL: return Json(bool(e.get_bool().value_unsafe()));
    case simdjson::dom::element_type::INT64: return Json(int64_t(e.get_int64().value_unsafe()));
    case simdjson::dom::element_type::UINT64:
      return Json(static_cast<double>(e.get_uint64().value_unsafe()));
    case simdjson::dom::element_type::DOUBLE: return Json(double(e.get_double().value_unsafe()));
    case simdjson::dom::element_type::STRING:
      return Json(std::string_view(e.get_string().value_unsafe()));
    case simdjson::dom::element_type::ARRAY: {
      Json::Array arr;
      simdjson::dom::array a = e.get_array().value_unsafe();
      arr.reserve(a.size());
      for (simdjson::dom::element child : a) {
        auto v = FromDom(child, depth + 1);
        if (!v.ok()) return v.status();
        arr.push_back(*std::move(v));
      }
      return Json(std::move(arr));
    }
    case simdjson::dom::element_type::OBJECT: {
      Json::Object obj;
      simdjson::dom::object o = e.get_object().value_unsafe();
      obj.reserve(o.size());
      for (auto field : o) {
        auto v = FromDom(field.value, depth + 1);
        if (!v.ok()) return v.status();
        obj.emplace_back(std::string(field.key), *std::move(v));
      }
      return Json(std::move(obj));
    }
  }
  return absl::InternalError("unknown JSON element type");
}


// Go's decoder reads an integer beyond 64 bits as a float64 (json.Number's Int64 fails, so
// apimachinery's Unstructured keeps Float64); simdjson refuses it with NUMBER_ERROR. Such
// literals are rare, so only after that error each integer literal of 20 or more digits gets
// a ".0" and the document is parsed again. Returns nullopt when there is none to rewrite.
std::optional<std::string> BigIntegersAsFloats(std::string_view text) {
  std::string out;
  bool changed = false;
  auto digit = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '"') {  // copy the string whole, escapes included
      size_t j = i + 1;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, text.size());
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    if (c != '-' && !digit(i)) {
      out.push_back(c);
      ++i;
      continue;
    }
    size_t j = i + (c == '-' ? 1 : 0);
    const size_t int_start = j;
    while (digit(j)) ++j;
    const size_t int_digits = j - int_start;
    bool integer = true;
    if (j < text.size() && text[j] == '.') {
      integer = false;
      ++j;
      while (digit(j)) ++j;
    }
    if (j < text.size() && (text[j] == 'e' || text[j] == 'E')) {
      integer = false;
      ++j;
      if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
      while (digit(j)) ++j;
    }
    out.append(text.substr(i, j - i));
    if (integer && int_digits >= 20) {
      out += ".0";
      changed = true;
    }
    i = std::max(j, i + 1);
  }
  if (!changed) return std::nullopt;
  return out;
}

}  // namespace

absl::StatusOr<Json> ParseJson(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  auto err = parser.parse(padded).get(root);
  if (err == simdjson::NUMBER_ERROR) {
    if (std::optional<std::string> floats = BigIntegersAsFloats(text)) {
      simdjson::padded_string again(*floats);
      if (parser.parse(again).get(root) == simdjson::SUCCESS) return FromDom(root, 0);
    }
  }
  if (err != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid JSON (", simdjson::error_message(err), ")"));
  }
  return FromDom(root, 0);
}

void MergePatch(Json& target, const Json& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) target = Json::MakeObject();
  for (const auto& [k, v] : patch.object()) {
    if (v.is_null()) {
      target.Erase(k);
    } else {
      Json* existing = target.Find(k);
      if (existing == nullptr) existing = &target.Set(k, Json());
      MergePatch(*existing, v);
    }
  }
}

}  // namespace k8s
