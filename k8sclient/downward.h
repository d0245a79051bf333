// The contents of podinit's --downward-dir: what a downwardAPI volume would hold for this
// pod, in the kubelet's formats, plus what the Downward API cannot give. Writing the files
// (the ..data symlink layout) is the caller's business; this only decides names and bytes.
//
// File name        -> content
//   name, namespace, uid, nodeName, serviceAccountName   the fieldRef values
//   podIP, podIPs, hostIP, hostIPs                        as the kubelet gives them to env
//   labels, annotations                                   key="value" lines (FormatMap)
//   <container>/cpu_limit, <container>/cpu_request        millicores (divisor 1m)
//   <container>/mem_limit, <container>/mem_request        MiB (divisor 1Mi), rounded up
//   node-labels                                           the node's labels (FormatMap);
//                                                         only when a node is given
//   owner                                                 the controller ownerReference as
//                                                         Kind/name; only when there is one
//   ordinal                                               the StatefulSet ordinal; only when
//                                                         Ordinal() finds one
// The per-container names and divisors are those of the Kubernetes documentation's
// downwardAPI example (items cpu_limit/cpu_request with divisor 1m, mem_limit/mem_request
// with divisor 1Mi), so scripts written for that layout read these files unchanged. Every
// container in spec.containers and spec.initContainers gets a directory; a limit that is not
// set falls back to the node's allocatable, as the kubelet does, when a node is given.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "k8sclient/json.h"

namespace k8sclient {

absl::StatusOr<std::map<std::string, std::string>> DownwardFiles(const Json& pod,
                                                                 const Json* node = nullptr);

// The StatefulSet ordinal: the apps.kubernetes.io/pod-index label when it is a number, else
// the digits after the name's last '-' (as the StatefulSet controller's getOrdinal reads
// them: an int32). NotFound when neither gives one.
absl::StatusOr<int64_t> Ordinal(const Json& pod);

// The ownerReference with controller: true, as "Kind/name"; NotFound when there is none.
absl::StatusOr<std::string> ControllerOwner(const Json& pod);

}  // namespace k8sclient
