// Whether a JSON document is the object podinit asked for, before anything is read from it:
// an API answer (or a watch event, or a --pod-file) of `{}`, `[1,2,3]`, a Status, another
// kind, or a Pod whose fields have other JSON types than Kubernetes' own (a number for
// metadata.name, a string for spec.containers) is one clear error instead of surprises
// further on. The rules are those of Go's decoder reading into the typed object, which is
// what kubectl and the kubelet do: null stands for "not set" anywhere; a field of another
// type is an error naming it, e.g.
//   the pod: metadata.labels.app is a number, not a string
//   the pod: not an object but an array
//   the pod: kind is "Status", not "Pod" (pods "p" is forbidden: ...)
// Only the fields podinit reads are checked; others may hold anything.
//
// The code is DataLoss: for an API answer that is exit 3, as for any API failure. Callers
// reading a file may rewrap it.
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "k8sclient/json.h"

namespace k8sclient {

// `object` is a JSON object whose kind, when it names one, is `kind` (an object without a
// kind is taken as one: a hand-written pod file may leave it out). `what` starts the message.
absl::Status ValidateObjectKind(const Json& object, std::string_view kind, std::string_view what);

// ValidateObjectKind(pod, "Pod"), and the types of what podinit reads from a Pod: metadata
// (name, namespace, uid, resourceVersion; labels and annotations as string maps;
// ownerReferences), spec (nodeName, serviceAccountName, containers and initContainers with
// name and resources.limits/requests quantities), status (podIP(s), hostIP(s), phase,
// conditions).
absl::Status ValidatePod(const Json& pod, std::string_view what = "the pod");

// A `kubectl get pods -o json` List (kind List or PodList): each item as ValidatePod, named
// "<what>: items[i]" (items of another type than an array: "<what>: items is not an array").
// Any other document: ValidatePod. object_check_walk.h has the same over other JSON trees.
absl::Status ValidatePodOrList(const Json& doc, std::string_view what);

// The same for a Node: metadata as for a pod, status.allocatable and status.capacity as
// quantities.
absl::Status ValidateNode(const Json& node, std::string_view what = "the node");

}  // namespace k8sclient
