// Downward API fieldRef on a Pod object, as the kubelet resolves it: the env-var path
// (kubelet_pods.go podFieldSelectorRuntimeValue) and the volume path (the downwardAPI volume
// plugin), both ending in pkg/fieldpath's ExtractFieldPathAsString.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "k8sclient/json.h"

namespace k8sclient {

// Which set of paths the API server lets a pod use (apis/core/validation).
enum class FieldRefUse {
  kEnv,     // env[].valueFrom.fieldRef: metadata.name/namespace/uid, spec.nodeName,
            // spec.serviceAccountName, status.hostIP(s), status.podIP(s), subscripted labels/annotations
  kVolume,  // downwardAPI volume items: metadata.name/namespace/uid/labels/annotations, subscripted
  kAny,     // the union of both (what `podinit get` and the fieldRef template function accept)
};

// fieldpath.SplitMaybeSubscriptedPath: "metadata.labels['k']" -> {"metadata.labels", "k"}.
// The path must end in "']", is split once at the first "['", and the head must be non-empty.
bool SplitMaybeSubscriptedPath(std::string_view field_path, std::string* path,
                               std::string* subscript);

// fieldpath.FormatMap: `key="value"` lines (value as Go's %q), keys sorted bytewise, joined by
// "\n" with no trailing newline; "" for an empty map.
std::string FormatMap(const std::map<std::string, std::string>& m);
// The same for a JSON object of strings (labels, annotations); null or absent gives "".
std::string FormatMapJson(const Json* object);

// The value the kubelet would give `field_path` for `pod`. Errors, as the kubelet words them:
//   unsupported fieldPath: <path>
//   fieldPath "<path>" does not support subscript
//   invalid key subscript in <path>: <validation messages joined by ";">
// A subscripted key that is absent gives "". status.podIP is the first of status.podIPs (else
// status.podIP); status.podIPs / status.hostIPs join the IPs with ",".
absl::StatusOr<std::string> ExtractFieldRef(const Json& pod, std::string_view field_path,
                                            FieldRefUse use = FieldRefUse::kAny);

}  // namespace k8sclient
