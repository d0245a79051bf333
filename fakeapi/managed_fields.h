// metadata.managedFields as the apiserver's field manager keeps them (structured-merge-diff
// through k8s.io/apimachinery/pkg/util/managedfields): one entry per manager and operation with
// the fields it owns as FieldsV1, and server-side apply's conflicts with the 409 Status text of
// managedfields/internal/conflict.go. Field sets follow the served kinds' OpenAPI schemas: maps
// by key (f:), lists with a merge key by their keys (k:{...}), merge lists of scalars as sets
// (v:), other lists atomic.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "fakeapi/resources.h"
#include "k8sclient/json.h"

namespace fakeapi {

struct FieldManagerRequest {
  std::string manager;      // ?fieldManager=, else the User-Agent's product
  std::string subresource;  // "status" or empty
  std::string time;         // RFC 3339, for the entry's time
};

// An Update (create, PUT, or a JSON, merge or strategic patch) of `old` (null on create) to
// `updated`: the manager takes the fields that changed, others lose them. Writes
// updated.metadata.managedFields.
void RecordUpdate(const Resource& r, const FieldManagerRequest& req, const k8sclient::Json& old,
                  k8sclient::Json& updated);

// A server-side apply of `applied` (the request body) that made `updated` from `old` (null on
// create). Fields owned by other managers with another value are conflicts: the apiserver's
// 409 Status (an ApiError). With `force` the applier
// takes them. Fields the manager applied before, no longer applies and no one else owns are
// removed from `updated`. As the apiserver's lastAppliedManager, manager "kubectl" may take fields that the
// object's last-applied-configuration annotation names from kubectl-client-side-apply.
absl::Status RecordApply(const Resource& r, const FieldManagerRequest& req, const k8sclient::Json& old,
                         const k8sclient::Json& applied, bool force, k8sclient::Json& updated);

}  // namespace fakeapi
