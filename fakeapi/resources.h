// The resource types the fake API server knows, and the JSON bodies built from them:
// discovery documents and Status errors worded as the real apiserver words them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "k8sclient/json.h"

namespace fakeapi {

struct Resource {
  std::string group;    // "" for the core group
  std::string version;  // "v1"
  std::string name;     // plural: pods
  std::string singular;
  std::string kind;  // Pod
  bool namespaced = true;
  std::vector<std::string> short_names;
  // Fields the apiserver accepts in a fieldSelector beyond metadata.name/namespace.
  std::vector<std::string> extra_fields;
  // `kubectl get all` lists the resources in category "all".
  bool in_all = false;
  // Reviews (SelfSubjectAccessReview) are created and answered, never stored.
  bool create_only = false;

  std::string GroupVersion() const { return group.empty() ? version : group + "/" + version; }
  std::string ListKind() const { return kind + "List"; }
  // "pods" or "statefulsets.apps", as error messages name a resource.
  std::string Qualified() const { return group.empty() ? name : name + "." + group; }
  bool SupportsField(std::string_view field) const;
  // Whether the kind has a status subresource (strategy.h says what that means for writes).
  bool HasStatus() const;
};

const std::vector<Resource>& Resources();
// By group, version and plural name; nullptr when unknown.
const Resource* FindResource(std::string_view group, std::string_view version,
                             std::string_view name);
// By an object's apiVersion ("v1", "apps/v1") and kind.
const Resource* FindResourceByKind(std::string_view api_version, std::string_view kind);

k8sclient::Json VersionInfo();
k8sclient::Json CoreApiVersions();
k8sclient::Json ApiGroupList();
// APIResourceList for a group version, or null when none is served there.
k8sclient::Json ApiResourceList(std::string_view group, std::string_view version);

// A metav1.Status failure: {"kind":"Status",...,"message":...,"reason":...,"code":...}.
k8sclient::Json StatusError(int code, std::string_view reason, std::string_view message,
                      k8sclient::Json details = k8sclient::Json());
k8sclient::Json NotFound(const Resource& r, std::string_view name);
// `pods "x" is forbidden: User "U" cannot get resource "pods" in API group "" in the namespace
// "ns"` (or `at the cluster scope`); `name` empty for list/watch.
k8sclient::Json Forbidden(const Resource& r, std::string_view user, std::string_view verb,
                    std::string_view ns, std::string_view name);
k8sclient::Json Expired(std::string_view message);

// An error that carries the exact Status body the apiserver would answer with, so that layers
// below the API (defaulting, validation, patching) can word their errors as the real server
// does. StatusBody returns it, or null for an ordinary error.
absl::Status ApiError(const k8sclient::Json& status);
k8sclient::Json StatusBody(const absl::Status& error);

}  // namespace fakeapi
