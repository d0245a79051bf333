// The label selector grammar, token for token as apimachinery's labels.Parse (same errors), so
// that podinit refuses a bad `pods "SELECTOR"` before it goes into a URL, and so that the
// fake API server (fakeapi/selectors.h, which matches objects) answers a bad `?labelSelector=`
// as a real one does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace k8sclient {

struct LabelRequirement {
  enum class Op { kIn, kNotIn, kEquals, kDoubleEquals, kNotEquals, kExists, kDoesNotExist, kGt, kLt };
  std::string key;
  Op op = Op::kExists;
  std::vector<std::string> values;  // sorted, unique (apimachinery keeps a set)
};

// The requirements, sorted by key as apimachinery sorts them. An empty (or all-blank) string
// is no requirement at all. Errors read like apimachinery's, e.g.
// `unable to parse requirement: found '', expected: in, notin, =, ==, !=, gt, lt`.
absl::StatusOr<std::vector<LabelRequirement>> ParseLabelSelector(std::string_view text);

}  // namespace k8sclient
