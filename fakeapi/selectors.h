// Label and field selectors as the fake API server applies them to the objects it holds:
// parsed the way apimachinery parses them (the label grammar is k8sclient's, shared with the
// client, which refuses a bad selector before sending it) and matched as the real server
// matches them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "k8sclient/json.h"
#include "k8sclient/label_selector.h"

namespace fakeapi {

class LabelSelector {
 public:
  // An empty (or all-blank) string selects everything; errors as k8sclient::ParseLabelSelector.
  static absl::StatusOr<LabelSelector> Parse(std::string_view text);

  // `labels` is an object of string values (metadata.labels); null or absent means no labels.
  bool Matches(const k8sclient::Json& labels) const;
  // Matches the object's metadata.labels.
  bool MatchesObject(const k8sclient::Json& object) const;
  bool Empty() const { return reqs_.empty(); }
  // Canonical form: requirements sorted by key, as labels.Selector.String() prints them.
  std::string String() const;
  const std::vector<k8sclient::LabelRequirement>& requirements() const { return reqs_; }

 private:
  std::vector<k8sclient::LabelRequirement> reqs_;
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
  bool Matches(const k8sclient::Json& object) const;
  bool Empty() const { return reqs_.empty(); }
  const std::vector<FieldRequirement>& requirements() const { return reqs_; }

 private:
  std::vector<FieldRequirement> reqs_;
};

}  // namespace fakeapi
