// Reads the objects the fake API server starts with from files: one object, a `kind: List`
// (or any *List with items), or several YAML documents per file; directories are read in name
// order (.json, .yaml, .yml), recursively.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "fakeapi/store.h"
#include "k8sclient/json.h"

namespace fakeapi {

// The objects in one file's text; `yaml` selects the YAML reader (JSON is YAML too, but the
// JSON reader keeps integers exact and is faster).
absl::StatusOr<std::vector<k8sclient::Json>> ParseObjects(std::string_view text, bool yaml);

// Loads `path` into `store`; returns how many objects were added. Errors name the file.
absl::StatusOr<int> LoadObjects(Store& store, const std::string& path, std::string_view default_ns);

// Adds a Namespace object for every namespace that objects live in (and `default_ns`), as a
// cluster would have them, unless one was loaded.
void AddMissingNamespaces(Store& store, std::string_view default_ns);

}  // namespace fakeapi
