#include "k8sclient/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "gocompat/json.h"
#include "gocompat/utf8.h"
#include "k8sclient/json_dom.h"

namespace k8sclient {

namespace {
const std::string& EmptyString() {
  static const std::string* s = new std::string;
  return *s;
}
const Json::Array& EmptyArray() {
  static const Json::Array* a = new Json::Array;
  return *a;
}
const Json::Object& EmptyObject() {
  static const Json::Object* o = new Json::Object;
  return *o;
}
}  // namespace

const std::string& Json::as_string() const {
  const std::string* s = std::get_if<std::string>(&v_);
  return s != nullptr ? *s : EmptyString();
}

const Json::Array& Json::array() const {
  const Array* a = std::get_if<Array>(&v_);
  return a != nullptr ? *a : EmptyArray();
}

const Json::Object& Json::object() const {
  const Object* o = std::get_if<Object>(&v_);
  return o != nullptr ? *o : EmptyObject();
}

std::string_view Json::StringAt(std::string_view dotted) const {
  const Json* v = Path(dotted);
  return v != nullptr ? std::string_view(v->as_string()) : std::string_view();
}

const Json::Array& Json::ArrayAt(std::string_view dotted) const {
  const Json* v = Path(dotted);
  return v != nullptr ? v->array() : EmptyArray();
}

const Json* Json::ObjectAt(std::string_view dotted) const {
  const Json* v = Path(dotted);
  return v != nullptr && v->is_object() ? v : nullptr;
}

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
  return v != nullptr ? std::string_view(v->as_string()) : std::string_view();
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

absl::StatusOr<Json> FromDom(simdjson::dom::element e, size_t depth) {
  if (depth > kMaxJsonDepth) return absl::InvalidArgumentError("JSON nested too deeply");
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
      // Go's decoder lets a repeated member overwrite the earlier one; simdjson keeps both.
      // The index is built only for objects big enough for a linear search to hurt.
      absl::flat_hash_map<std::string_view, size_t> index;
      for (auto field : o) {
        auto v = FromDom(field.value, depth + 1);
        if (!v.ok()) return v.status();
        std::optional<size_t> seen;
        if (obj.size() < 16) {
          for (size_t i = 0; i < obj.size() && !seen; ++i) {
            if (obj[i].first == field.key) seen = i;
          }
        } else {
          if (index.empty()) {
            for (size_t i = 0; i < obj.size(); ++i) index.emplace(obj[i].first, i);
          }
          if (auto it = index.find(field.key); it != index.end()) seen = it->second;
        }
        if (seen) {
          obj[*seen].second = *std::move(v);
          continue;
        }
        obj.emplace_back(std::string(field.key), *std::move(v));
        if (!index.empty()) index.emplace(obj.back().first, obj.size() - 1);
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

bool IsHex4(std::string_view s, size_t at, uint32_t& out) {
  if (at + 4 > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + 4; ++i) {
    char c = s[i];
    int d = (c >= '0' && c <= '9') ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : -1;
    if (d < 0) return false;
    out = out * 16 + static_cast<uint32_t>(d);
  }
  return true;
}

// Go's decoder turns each byte of invalid UTF-8 in a string, and each \u escape of a surrogate
// that is not half of a pair, into U+FFFD; simdjson refuses the document. Only after such an
// error the strings are rewritten that way and the text parsed again. Bytes outside strings
// are left alone: there they are a syntax error for Go too. Returns nullopt when nothing
// needed rewriting.
std::optional<std::string> ReplaceInvalidUnicode(std::string_view text) {
  static constexpr std::string_view kReplacement = "\xef\xbf\xbd";
  std::string out;
  out.reserve(text.size());
  bool changed = false;
  bool in_string = false;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!in_string) {
      in_string = c == '"';
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c == '"') {
      in_string = false;
      out.push_back('"');
      ++i;
    } else if (c == '\\' && i + 1 < text.size() && text[i + 1] == 'u') {
      uint32_t u = 0, low = 0;
      if (!IsHex4(text, i + 2, u) || u < 0xD800 || u >= 0xE000) {
        out.append(text.substr(i, 2));  // not a surrogate (or not an escape: left to fail)
        i += 2;
      } else if (u < 0xDC00 && i + 12 <= text.size() && text[i + 6] == '\\' &&
                 text[i + 7] == 'u' && IsHex4(text, i + 8, low) && low >= 0xDC00 &&
                 low < 0xE000) {
        out.append(text.substr(i, 12));  // a pair
        i += 12;
      } else {
        out += "\\ufffd";  // the next escape, if any, is read on its own
        i += 6;
        changed = true;
      }
    } else if (c == '\\') {
      out.append(text.substr(i, std::min<size_t>(2, text.size() - i)));
      i += 2;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else {
      auto [rune, width] = gocompat::DecodeRune(text, i);
      if (gocompat::IsInvalid({rune, width})) {
        out += kReplacement;
        changed = true;
      } else {
        out.append(text.substr(i, width));
      }
      i += std::max<size_t>(width, 1);
    }
  }
  if (!changed) return std::nullopt;
  return out;
}

absl::Status ParseError(simdjson::error_code err) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid JSON (", simdjson::error_message(err), ")"));
}

}  // namespace

absl::Status ParseJsonDom(std::string_view text, simdjson::dom::parser& parser,
                          simdjson::dom::element* root, bool padded) {
  // simdjson reads SIMDJSON_PADDING bytes past the end: unless the caller's buffer has them,
  // the parser copies the text into its own padded buffer first.
  auto err = parser.parse(text.data(), text.size(), !padded).get(*root);
  if (err == simdjson::UTF8_ERROR || err == simdjson::STRING_ERROR) {
    if (std::optional<std::string> fixed = ReplaceInvalidUnicode(text)) {
      absl::Status again = ParseJsonDom(*fixed, parser, root);
      return again.ok() ? again : ParseError(err);  // the first error is the one to report
    }
  }
  if (err == simdjson::NUMBER_ERROR) {
    if (std::optional<std::string> floats = BigIntegersAsFloats(text)) {
      if (parser.parse(floats->data(), floats->size()).get(*root) == simdjson::SUCCESS) {
        return absl::OkStatus();
      }
    }
  }
  if (err != simdjson::SUCCESS) return ParseError(err);
  return absl::OkStatus();
}

absl::StatusOr<Json> ParseJson(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (absl::Status s = ParseJsonDom(text, parser, &root); !s.ok()) return s;
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

}  // namespace k8sclient
