// Kubernetes label and field selectors, parsed the way apimachinery parses them (same grammar,
// same error wording) so that the fake API server answers a bad `?labelSelector=` as a real one
// does, and so that podinit can match objects it already holds without another request.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "k8sclient/json.h"

namespace k8s {

struct LabelRequirement {
  enum class Op { kIn, kNotIn, kEquals, kDoubleEquals, kNotEquals, kExists, kDoesNotExist, kGt, kLt };
  std::string key;
  Op op = Op::kExists;
  std::vector<std::string> values;  // sorted, unique (apimachinery keeps a set)
};

class LabelSelector {
 public:
  // An empty (or all-blank) string selects everything. Errors read like apimachinery's, e.g.
  // `unable to parse requirement: found '', expected: in, notin, =, ==, !=, gt, lt`.
  static absl::StatusOr<LabelSelector> Parse(std::string_view text);

  // `labels` is an object of string values (metadata.labels); null or absent means no labels.
  bool Matches(const Json& labels) const;
  // Matches the object's metadata.labels.
  bool MatchesObject(const Json& object) const;
  bool Empty() const { return reqs_.empty(); }
  // Canonical form: requirements sorted by key, as labels.Selector.String() prints them.
  std::string String() const;
  const std::vector<LabelRequirement>& requirements() const { return reqs_; }

 private:
  std::vector<LabelRequirement> reqs_;
};

struct FieldRequirement {
  std::string field;  // e.g. metadata.name, status.phase
  bool negate = false;
  std::string value;
};

class FieldSelector {
 public:
  // `field=value`, `field==value`, `field!=value`, comma-joined; `\,` `\=` `\\` escape.
  // Errors as fields.ParseSelector words them: `invalid selector: 'x'; can't understand 'x'`.
  static absl::StatusOr<FieldSelector> Parse(std::string_view text);

  // A field's value is the string at that dotted path (numbers and booleans are printed);
  // a missing field is "".
  bool Matches(const Json& object) const;
  bool Empty() const { return reqs_.empty(); }
  const std::vector<FieldRequirement>& requirements() const { return reqs_; }

 private:
  std::vector<FieldRequirement> reqs_;
};

// apimachinery's IsQualifiedName / IsValidLabelValue, returning the joined messages ("" = ok).
std::string ValidateLabelKey(std::string_view key);
std::string ValidateLabelValue(std::string_view value);

}  // namespace k8s
