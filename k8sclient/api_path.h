// REST paths of API objects, built only from validated parts. A name, namespace, kind or
// apiVersion comes from templates, labels, annotations and ownerReferences, i.e. from whoever
// wrote the pod; pasted into a URL as it is, `../secrets/s` or `ns/../ns` would read a Secret
// through a `configMap` call. So every part is checked as the API server checks it when the
// object is created, and nothing that fails reaches a URL.
//
//   apiVersion  "v1" (the core group), or GROUP/VERSION with GROUP a DNS-1123 subdomain;
//               VERSION a DNS-1035 label ("v1", "v1beta1")
//   kind        a plain identifier: an ASCII letter, then letters and digits ("ConfigMap")
//   namespace   a DNS-1123 label, as ValidateNamespaceName
//   name        the rule of the kind's own validation for the kinds podinit knows (a DNS-1123
//               subdomain for Pod, ConfigMap, Secret, Node, StatefulSet, ...; a DNS-1035 label
//               for Service; a DNS-1123 label for Namespace); for other kinds what any name
//               must be (path.IsValidPathSegmentName: not "." or "..", no '/' or '%'), at most
//               253 bytes, no control characters, and percent-encoded in the path.
// An empty name or a missing namespace is an error, never a quiet switch to a collection.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace k8sclient {

// Which validation a kind's names go through (apis/*/validation ValidateXName).
enum class NameRule { kDns1123Subdomain, kDns1123Label, kDns1035Label, kPathSegment };

// What an apiVersion and kind name, without discovery.
struct ApiResource {
  std::string group;     // "" for the core group
  std::string version;   // "v1"
  std::string kind;      // as the table spells it ("ConfigMap"), or as given for others
  std::string resource;  // lower-case plural ("configmaps"); a guess for unknown kinds
  bool namespaced = true;
  NameRule names = NameRule::kPathSegment;

  // Secrets, one or a list: what --allow-secrets guards. Any group's "secrets", not only the
  // core group's: an apiVersion like "core/v1" or an aggregated API that serves the resource
  // under another group must not be a way around the switch.
  bool IsSecrets() const { return resource == "secrets"; }
};

// Known kinds match case-insensitively ("secret" is Secret) within their own group; any other
// valid kind gets kubectl's plural guess and is namespaced. InvalidArgument names the bad part.
absl::StatusOr<ApiResource> ResolveKind(std::string_view api_version, std::string_view kind);

// InvalidArgument: `invalid ConfigMap name "../s": a lowercase RFC 1123 subdomain must ...`.
absl::Status ValidateObjectName(const ApiResource& r, std::string_view name);
// InvalidArgument: `invalid namespace "ns/../ns": a lowercase RFC 1123 label must ...`.
absl::Status ValidateNamespaceName(std::string_view ns);

// /api/v1/namespaces/NS/configmaps/NAME; `ns` is ignored for cluster-scoped kinds and
// required (and validated) for namespaced ones.
absl::StatusOr<std::string> ObjectPath(const ApiResource& r, std::string_view ns,
                                       std::string_view name);
// /api/v1/namespaces/NS/pods, likewise.
absl::StatusOr<std::string> CollectionPath(const ApiResource& r, std::string_view ns);

// ResolveKind, then the above: ObjectPath("v1", "Pod", "ns", "x") ->
// /api/v1/namespaces/ns/pods/x.
absl::StatusOr<std::string> ObjectPath(std::string_view api_version, std::string_view kind,
                                       std::string_view ns, std::string_view name);
absl::StatusOr<std::string> CollectionPath(std::string_view api_version, std::string_view kind,
                                           std::string_view ns);

// `s` percent-encoded for a URL query value.
std::string QueryEscape(std::string_view s);

}  // namespace k8sclient
