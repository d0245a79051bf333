// Server-side Table output (meta.k8s.io/v1 Table), what `kubectl get` asks for: the columns
// and cells of pkg/printers/internalversion/printers.go for each served kind (wide columns
// included, as the apiserver always includes them), and the default Name/Created At table
// for kinds without a printer (Roles, ClusterRoles).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "fakeapi/resources.h"
#include "fakeapi/store.h"
#include "k8sclient/json.h"

namespace fakeapi {

// The Table version an Accept header asks for ("v1" or "v1beta1"), or nullopt when it asks
// for plain objects first.
// Whether an Accept header lets the answer be JSON (what this server writes): no header, or a
// clause for application/json, application/yaml or a wildcard. Protobuf alone is refused with
// a 406, as a server without protobuf for the type refuses it.
bool AcceptsJson(std::string_view accept);
std::optional<std::string> WantedTableVersion(std::string_view accept);

struct TableRequest {
  std::string version = "v1";
  std::string include_object = "Metadata";  // ?includeObject=None|Metadata|Object
  absl::Time now = absl::Now();
};

// A Table of `items`; `list_meta` (resourceVersion, continue, ...) becomes its metadata.
k8sclient::Json MakeTable(const Resource& r, const std::vector<ObjectPtr>& items,
                    const k8sclient::Json& list_meta, const TableRequest& req);

// apimachinery's duration.HumanDuration, as the AGE column prints it.
std::string HumanDuration(absl::Duration d);

}  // namespace fakeapi
