#include "fakeapi/json_patch.h"

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace fakeapi {

using k8sclient::Json;

namespace {

absl::Status Fail(std::string_view op, std::string_view path, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(op), " operation does not apply: ",
                                                 std::string(why), ": ", std::string(path)));
}

// "/a/b~1c" → {"a", "b/c"}; nullopt-like error for a pointer not starting with '/'.
bool SplitPointer(std::string_view path, std::vector<std::string>& out) {
  out.clear();
  if (path.empty()) return true;
  if (path[0] != '/') return false;
  std::string cur;
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      out.push_back(std::move(cur));
      cur.clear();
    } else if (path[i] == '~' && i + 1 < path.size() && (path[i + 1] == '0' || path[i + 1] == '1')) {
      cur.push_back(path[i + 1] == '0' ? '~' : '/');
      ++i;
    } else {
      cur.push_back(path[i]);
    }
  }
  return true;
}

bool ParseIndex(const std::string& s, size_t limit, size_t& out) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(s, &out) && out <= limit;
}

// The container holding the last token, or nullptr.
Json* Parent(Json& doc, const std::vector<std::string>& tokens) {
  Json* cur = &doc;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (cur->is_object()) {
      cur = cur->Find(tokens[i]);
    } else if (cur->is_array()) {
      size_t idx;
      if (!ParseIndex(tokens[i], cur->array().size() - 1, idx) || cur->array().empty()) return nullptr;
      cur = &cur->array()[idx];
    } else {
      return nullptr;
    }
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

const Json* Get(Json& doc, const std::vector<std::string>& tokens) {
  if (tokens.empty()) return &doc;
  Json* parent = Parent(doc, tokens);
  if (parent == nullptr) return nullptr;
  if (parent->is_object()) return parent->Find(tokens.back());
  if (parent->is_array()) {
    size_t idx;
    if (parent->array().empty() || !ParseIndex(tokens.back(), parent->array().size() - 1, idx)) {
      return nullptr;
    }
    return &parent->array()[idx];
  }
  return nullptr;
}

absl::Status Add(Json& doc, const std::vector<std::string>& tokens, Json value,
                 std::string_view op, std::string_view path) {
  if (tokens.empty()) {
    doc = std::move(value);
    return absl::OkStatus();
  }
  Json* parent = Parent(doc, tokens);
  if (parent == nullptr) return Fail(op, path, "doc is missing path");
  if (parent->is_object()) {
    parent->Set(tokens.back(), std::move(value));
    return absl::OkStatus();
  }
  if (parent->is_array()) {
    auto& arr = parent->array();
    size_t idx = arr.size();
    if (tokens.back() != "-" && !ParseIndex(tokens.back(), arr.size(), idx)) {
      return Fail(op, path, "index out of range");
    }
    arr.insert(arr.begin() + static_cast<std::ptrdiff_t>(idx), std::move(value));
    return absl::OkStatus();
  }
  return Fail(op, path, "doc is missing path");
}

absl::Status Remove(Json& doc, const std::vector<std::string>& tokens, std::string_view op,
                    std::string_view path, Json* removed) {
  if (tokens.empty()) return Fail(op, path, "cannot remove the whole document");
  Json* parent = Parent(doc, tokens);
  if (parent != nullptr && parent->is_object()) {
    Json* v = parent->Find(tokens.back());
    if (v == nullptr) return Fail(op, path, "doc is missing path");
    if (removed != nullptr) *removed = *v;
    parent->Erase(tokens.back());
    return absl::OkStatus();
  }
  if (parent != nullptr && parent->is_array()) {
    auto& arr = parent->array();
    size_t idx;
    if (arr.empty() || !ParseIndex(tokens.back(), arr.size() - 1, idx)) {
      return Fail(op, path, "index out of range");
    }
    if (removed != nullptr) *removed = arr[idx];
    arr.erase(arr.begin() + static_cast<std::ptrdiff_t>(idx));
    return absl::OkStatus();
  }
  return Fail(op, path, "doc is missing path");
}

}  // namespace

absl::Status ApplyJsonPatch(Json& doc, const Json& ops) {
  if (!ops.is_array()) return absl::InvalidArgumentError("a JSON patch must be an array of operations");
  std::vector<std::string> tokens, from_tokens;
  for (const Json& o : ops.array()) {
    std::string op(o.GetString("op"));
    std::string path(o.GetString("path"));
    if (o.Find("path") == nullptr || !SplitPointer(path, tokens)) {
      return absl::InvalidArgumentError(absl::StrCat("invalid path in ", op, " operation: \"", path, "\""));
    }
    const Json* value = o.Find("value");
    if (op == "add" || op == "replace" || op == "test") {
      if (value == nullptr) return Fail(op, path, "missing value");
    }
    if (op == "add") {
      if (absl::Status st = Add(doc, tokens, *value, op, path); !st.ok()) return st;
    } else if (op == "remove") {
      if (absl::Status st = Remove(doc, tokens, op, path, nullptr); !st.ok()) return st;
    } else if (op == "replace") {
      if (Get(doc, tokens) == nullptr) return Fail(op, path, "doc is missing key");
      if (tokens.empty()) {
        doc = *value;
      } else if (Json* parent = Parent(doc, tokens); parent->is_object()) {
        parent->Set(tokens.back(), *value);
      } else {
        size_t idx = 0;
        ParseIndex(tokens.back(), parent->array().size() - 1, idx);
        parent->array()[idx] = *value;
      }
    } else if (op == "test") {
      const Json* cur = Get(doc, tokens);
      if (cur == nullptr || !(*cur == *value)) {
        return absl::FailedPreconditionError(
            absl::StrCat("testing value ", path, " failed: test failed"));
      }
    } else if (op == "move" || op == "copy") {
      std::string from(o.GetString("from"));
      if (o.Find("from") == nullptr || !SplitPointer(from, from_tokens)) {
        return Fail(op, path, "missing or invalid from");
      }
      Json moved;
      if (op == "move") {
        if (absl::Status st = Remove(doc, from_tokens, op, from, &moved); !st.ok()) return st;
      } else {
        const Json* src = Get(doc, from_tokens);
        if (src == nullptr) return Fail(op, from, "doc is missing from path");
        moved = *src;
      }
      if (absl::Status st = Add(doc, tokens, std::move(moved), op, path); !st.ok()) return st;
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unexpected kind of operation: \"", op, "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace fakeapi
