// Downward API resourceFieldRef, as the API server validates it (apis/core/validation) and
// the kubelet computes it (pkg/api/v1/resource/helpers.go, with the node-allocatable default
// of kubelet_resources.go).
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "k8sclient/json.h"
#include "k8sclient/quantity.h"

namespace k8sclient {

struct ResourceFieldSelector {
  std::string container_name;  // "" = the pod's first container (the kubelet uses the env's own)
  std::string resource;        // limits.cpu, requests.memory, limits.hugepages-2Mi, ...
  std::string divisor;         // a quantity; "" or zero means 1
};

// API validation: the resource must be one of limits/requests .cpu, .memory,
// .ephemeral-storage or .hugepages-<size>; the divisor must print (canonically) as one of
// 1m, 1 for cpu, and 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei otherwise.
absl::Status ValidateResourceFieldSelector(const ResourceFieldSelector& fs);

// The kubelet's value: cpu is ceil(milliValue / divisor.milliValue), everything else
// ceil(value / divisor.value), computed in float64 as Go does, printed in decimal. The
// container is looked up in spec.containers, then spec.initContainers. A missing or zero
// cpu, memory or ephemeral-storage limit is replaced by the node's status.allocatable when
// `node` is given (never for hugepages). A missing quantity counts as 0. Not validated: call
// ValidateResourceFieldSelector first for the API server's checks.
// Errors: "container X not found", "unsupported container resource : X", and quantity
// parse errors (prefixed with the field they came from).
absl::StatusOr<std::string> ExtractResourceValue(const Json& pod, const ResourceFieldSelector& fs,
                                                 const Json* node = nullptr);

// A quantity as it appears in an object (a string, or a bare number in hand-written YAML).
absl::StatusOr<Quantity> QuantityFromJson(const Json& value);

}  // namespace k8sclient
