// Strategic merge patch, what `kubectl apply`, `kubectl set image`, `kubectl edit` and
// `kubectl patch` (its default) send: a merge patch whose lists merge by a key where the
// Kubernetes type says so (containers and env by name, ports by containerPort, ...), with the
// directives $patch (replace, delete), $setElementOrder, $deleteFromPrimitiveList and
// $retainKeys. Semantics follow apimachinery's strategicpatch with the options the apiserver
// uses (parallel lists merged, nulls that match nothing dropped).
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "k8sclient/json.h"

namespace fakeapi {

// The patch metadata of one field of a type: its strategy ("merge", "retainKeys",
// "merge,retainKeys" or "" for replace-lists and merge-maps), its list merge key, and the type
// of its value (nullptr: no field below it has metadata).
struct PatchType;
struct PatchField {
  std::string_view name;
  std::string_view strategy;
  std::string_view merge_key;
  const PatchType* type = nullptr;
};
struct PatchType {
  std::vector<PatchField> fields;
  const PatchField* Find(std::string_view name) const;
};

// The patch metadata of the object kinds the fake server serves; an unknown kind has none
// (maps merge, lists are replaced).
const PatchType* PatchTypeForKind(std::string_view kind);

// Applies `patch` (a JSON object) to `doc`. Errors are worded as apimachinery's and classed as
// the apiserver classes them: InvalidArgument for a malformed directive (400),
// FailedPrecondition for one the type cannot take (422), Internal otherwise (500).
absl::Status ApplyStrategicMergePatch(k8sclient::Json& doc, const k8sclient::Json& patch,
                                      const PatchType* type);

}  // namespace fakeapi
