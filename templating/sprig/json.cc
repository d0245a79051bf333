// JSON both ways, as Go's encoding/json does it: Marshal for toJson/toPrettyJson (HTML-safe
// escapes, sorted keys, Go's float format), and decoding for fromJson and for data files.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gocompat/json.h"
#include "simdjson.h"
#include "templating/output_limits.h"
#include "templating/sprig/funcs.h"

namespace templating::sprig {
namespace {

constexpr size_t kMaxDepth = 1000;

// Marshal's float format; its error for NaN and infinities.
absl::Status AppendFloat(std::string& out, double f) {
  absl::Status st = gocompat::AppendJsonFloat(out, f);
  if (!st.ok()) return absl::UnknownError(st.message());
  return absl::OkStatus();
}

void Newline(std::string& out, int indent, int depth) {
  out.push_back('\n');
  out.append(static_cast<size_t>(indent * depth), ' ');
}

// A scalar in full; a list or map only opened: its elements are the caller's to write.
// Returns whether v was a non-empty container left open.
absl::StatusOr<bool> Open(std::string& out, const Value& v, bool html) {
  switch (v.kind()) {
    case Value::Kind::kMissing:
    case Value::Kind::kNil: out += "null"; return false;
    case Value::Kind::kBool: out += v.as_bool() ? "true" : "false"; return false;
    case Value::Kind::kInt: out += std::to_string(v.as_int()); return false;
    case Value::Kind::kFloat: {
      if (auto st = AppendFloat(out, v.as_float()); !st.ok()) return st;
      return false;
    }
    case Value::Kind::kString: gocompat::AppendJsonString(out, v.as_string(), html); return false;
    case Value::Kind::kComplex: return absl::UnknownError("json: unsupported type: complex128");
    case Value::Kind::kFunc: return absl::UnknownError("json: unsupported type: func()");
    case Value::Kind::kObject: {
      auto j = v.as_object().MarshalJson();
      if (!j.ok()) return j.status();
      out += *j;
      return false;
    }
    case Value::Kind::kList:
      if (v.is_nil_list()) {
        out += "null";
        return false;
      }
      out += v.as_list().empty() ? "[]" : "[";
      return !v.as_list().empty();
    case Value::Kind::kMap:
      if (v.is_nil_map()) {
        out += "null";
        return false;
      }
      out += v.as_map().empty() ? "{}" : "{";
      return !v.as_map().empty();
  }
  return false;
}

// Without recursion, and without a depth limit, as Go's encoder (which has none): a value
// nested as deep as fromJson allows must not overflow the stack (see Value::Holds for why
// no value can hold itself).
absl::Status Encode(std::string& out, const Value& root, int indent, bool html) {
  struct Frame {
    const Value* v;
    Map::const_iterator next_key;  // maps
    size_t next_index = 0;         // lists
  };
  std::vector<Frame> open;
  auto push = [&](const Value& v) -> absl::Status {
    auto opened = Open(out, v, html);
    if (!opened.ok()) return opened.status();
    if (*opened) open.push_back(Frame{&v, v.is_map() ? v.as_map().begin() : Map::const_iterator{}});
    return absl::OkStatus();
  };
  if (auto st = push(root); !st.ok()) return st;
  while (!open.empty()) {
    // Stopped while writing: toPrettyJson's indentation grows with the depth, so a value
    // nested 10,000 deep would otherwise take hundreds of megabytes before the executor's
    // check of the result.
    if (out.size() > kMaxOutputBytes) {
      return absl::ResourceExhaustedError(absl::StrCat("the result exceeds ", kMaxOutputBytes >> 20, " MiB"));
    }
    Frame& f = open.back();
    int depth = static_cast<int>(open.size());
    const Value* next = nullptr;
    bool first = false;
    if (f.v->is_list()) {
      const List& l = f.v->as_list();
      if (f.next_index < l.size()) {
        first = f.next_index == 0;
        next = &l[f.next_index++];
      }
    } else if (f.next_key != f.v->as_map().end()) {
      first = f.next_key == f.v->as_map().begin();
      const auto& [k, e] = *f.next_key++;
      if (!first) out.push_back(',');
      if (indent > 0) Newline(out, indent, depth);
      gocompat::AppendJsonString(out, k, html);
      out += indent > 0 ? ": " : ":";
      if (auto st = push(e); !st.ok()) return st;  // f may dangle from here
      continue;
    }
    if (next == nullptr) {
      if (indent > 0) Newline(out, indent, depth - 1);
      out.push_back(f.v->is_list() ? ']' : '}');
      open.pop_back();
      continue;
    }
    if (!first) out.push_back(',');
    if (indent > 0) Newline(out, indent, depth);
    if (auto st = push(*next); !st.ok()) return st;
  }
  return absl::OkStatus();
}

absl::StatusOr<Value> FromDom(simdjson::dom::element e, bool int_as_int64, size_t depth) {
  if (depth > kMaxDepth) return absl::InvalidArgumentError("JSON nested too deeply");
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::NULL_VALUE: return Value::Nil();
    case T::BOOL: return Value(bool(e.get_bool().value_unsafe()));
    case T::INT64: {
      int64_t i = e.get_int64().value_unsafe();
      if (int_as_int64) return Value(i, Value::IntType::kInt64);
      return Value(static_cast<double>(i));
    }
    case T::UINT64: return Value(static_cast<double>(e.get_uint64().value_unsafe()));
    case T::DOUBLE: return Value(double(e.get_double().value_unsafe()));
    case T::STRING: return Value(std::string_view(e.get_string().value_unsafe()));
    case T::ARRAY: {
      List l;
      simdjson::dom::array arr;
      if (e.get_array().get(arr) != simdjson::SUCCESS) return absl::InvalidArgumentError("bad JSON array");
      for (simdjson::dom::element child : arr) {
        auto v = FromDom(child, int_as_int64, depth + 1);
        if (!v.ok()) return v.status();
        l.push_back(std::move(*v));
      }
      return Value(std::move(l));
    }
    case T::OBJECT: {
      Map m;
      simdjson::dom::object obj;
      if (e.get_object().get(obj) != simdjson::SUCCESS) return absl::InvalidArgumentError("bad JSON object");
      for (auto field : obj) {
        auto v = FromDom(field.value, int_as_int64, depth + 1);
        if (!v.ok()) return v.status();
        m[std::string(field.key)] = std::move(*v);  // the last duplicate wins, as in Go
      }
      return Value(std::move(m));
    }
  }
  return absl::InvalidArgumentError("unknown JSON element");
}

}  // namespace

absl::StatusOr<std::string> ToJson(const Value& v, int indent, bool escape_html) {
  std::string out;
  if (auto st = Encode(out, v, indent, escape_html); !st.ok()) return st;
  return out;
}

absl::StatusOr<Value> ParseJsonValue(std::string_view text, bool int_as_int64) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  auto err = parser.parse(padded).get(root);
  if (err != simdjson::SUCCESS) {
    // Go's two commonest texts; the rest name simdjson's reason.
    bool blank = text.find_first_not_of(" \t\r\n") == std::string_view::npos;
    if (blank || err == simdjson::TAPE_ERROR || err == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
      return absl::InvalidArgumentError("unexpected end of JSON input");
    }
    return absl::InvalidArgumentError(
        absl::StrCat("invalid JSON: ", simdjson::error_message(err)));
  }
  return FromDom(root, int_as_int64, 0);
}

}  // namespace templating::sprig
