#include "fakeapi/selectors.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gocompat/strconv.h"

namespace fakeapi {
namespace {

using k8sclient::Json;
using k8sclient::LabelRequirement;

// strconv.ParseInt(s, 10, 64).
bool ParseInt64(const std::string& s, int64_t& out) {
  absl::StatusOr<int64_t> v = gocompat::ParseInt(s, 10, 64);
  if (v.ok()) out = *v;
  return v.ok();
}

bool RequirementMatches(const LabelRequirement& r, const Json& labels) {
  const Json* v = labels.Find(r.key);
  bool has = v != nullptr;
  std::string value = (v != nullptr && v->is_string()) ? v->as_string() : std::string();
  auto has_value = [&] { return std::find(r.values.begin(), r.values.end(), value) != r.values.end(); };
  using Op = LabelRequirement::Op;
  switch (r.op) {
    case Op::kIn:
    case Op::kEquals:
    case Op::kDoubleEquals:
      return has && has_value();
    case Op::kNotIn:
    case Op::kNotEquals:
      return !has || !has_value();
    case Op::kExists:
      return has;
    case Op::kDoesNotExist:
      return !has;
    case Op::kGt:
    case Op::kLt: {
      int64_t lhs = 0, rhs = 0;
      if (!has || r.values.size() != 1 || !ParseInt64(value, lhs) || !ParseInt64(r.values[0], rhs)) {
        return false;
      }
      return r.op == Op::kGt ? lhs > rhs : lhs < rhs;
    }
  }
  return false;
}

// Splits on commas not preceded by a backslash escape (fields.splitTerms).
std::vector<std::string> SplitTerms(std::string_view s) {
  std::vector<std::string> terms;
  if (s.empty()) return terms;
  std::string cur;
  bool escaped = false;
  for (char c : s) {
    if (escaped) {
      escaped = false;
      cur.push_back(c);
    } else if (c == '\\') {
      escaped = true;
      cur.push_back(c);
    } else if (c == ',') {
      terms.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  terms.push_back(std::move(cur));
  return terms;
}

absl::StatusOr<std::string> UnescapeFieldValue(std::string_view s) {
  if (s.find_first_of("\\=,") == std::string_view::npos) return std::string(s);
  std::string out;
  bool escaped = false;
  for (char c : s) {
    if (escaped) {
      if (c != '\\' && c != ',' && c != '=') {
        return absl::InvalidArgumentError(
            absl::StrCat("invalid field selector: invalid escape sequence: \\", std::string(1, c)));
      }
      out.push_back(c);
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == ',' || c == '=') {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid field selector: unescaped character in value: ", std::string(1, c)));
    } else {
      out.push_back(c);
    }
  }
  if (escaped) {
    return absl::InvalidArgumentError("invalid field selector: invalid escape sequence: \\");
  }
  return out;
}

}  // namespace

absl::StatusOr<LabelSelector> LabelSelector::Parse(std::string_view text) {
  auto reqs = k8sclient::ParseLabelSelector(text);
  if (!reqs.ok()) return reqs.status();
  LabelSelector sel;
  sel.reqs_ = *std::move(reqs);
  return sel;
}

bool LabelSelector::Matches(const Json& labels) const {
  for (const auto& r : reqs_) {
    if (!RequirementMatches(r, labels)) return false;
  }
  return true;
}

bool LabelSelector::MatchesObject(const Json& object) const {
  const Json* labels = object.Path("metadata.labels");
  static const Json kNone;
  return Matches(labels != nullptr ? *labels : kNone);
}

std::string LabelSelector::String() const {
  std::vector<std::string> parts;
  using Op = LabelRequirement::Op;
  for (const auto& r : reqs_) {
    std::string s = r.op == Op::kDoesNotExist ? "!" + r.key : r.key;
    std::string vals = absl::StrJoin(r.values, ",");
    switch (r.op) {
      case Op::kEquals: s += "=" + vals; break;
      case Op::kDoubleEquals: s += "==" + vals; break;
      case Op::kNotEquals: s += "!=" + vals; break;
      case Op::kIn: s += " in (" + vals + ")"; break;
      case Op::kNotIn: s += " notin (" + vals + ")"; break;
      case Op::kGt: s += ">" + vals; break;
      case Op::kLt: s += "<" + vals; break;
      case Op::kExists:
      case Op::kDoesNotExist: break;
    }
    parts.push_back(std::move(s));
  }
  return absl::StrJoin(parts, ",");
}

absl::StatusOr<FieldSelector> FieldSelector::Parse(std::string_view text) {
  std::vector<std::string> terms = SplitTerms(text);
  std::sort(terms.begin(), terms.end());
  FieldSelector sel;
  for (const std::string& term : terms) {
    if (term.empty()) continue;
    auto fail = [&] {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid selector: '", std::string(text), "'; can't understand '", term, "'"));
    };
    size_t op_at = std::string::npos, op_len = 0;
    bool negate = false, escaped = false;
    for (size_t i = 0; i < term.size() && op_at == std::string::npos; ++i) {
      if (escaped) {
        escaped = false;
        continue;
      }
      if (term[i] == '\\') {
        escaped = true;
        continue;
      }
      std::string_view rest = std::string_view(term).substr(i);
      for (std::string_view op : {"!=", "==", "="}) {
        if (rest.substr(0, op.size()) == op) {
          op_at = i;
          op_len = op.size();
          negate = op == "!=";
          break;
        }
      }
    }
    if (op_at == std::string::npos) return fail();
    auto value = UnescapeFieldValue(std::string_view(term).substr(op_at + op_len));
    if (!value.ok()) return value.status();
    sel.reqs_.push_back({term.substr(0, op_at), negate, *std::move(value)});
  }
  return sel;
}

bool FieldSelector::Matches(const Json& object) const {
  for (const auto& r : reqs_) {
    const Json* v = object.Path(r.field);
    std::string value;
    if (v != nullptr) {
      if (v->is_string()) {
        value = v->as_string();
      } else if (v->is_bool()) {
        value = v->as_bool() ? "true" : "false";
      } else if (v->is_number()) {
        value = v->Dump();
      }
    }
    if ((value == r.value) == r.negate) return false;
  }
  return true;
}

}  // namespace fakeapi
