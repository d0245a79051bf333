// Defaulting and validation as the apiserver does them for the served kinds, so that an object
// created here reads as it would from a cluster (pkg/apis/core/v1/defaults.go, apps/v1 and
// batch/v1 defaults, the admission plugins every cluster runs) and a bad one is refused with
// the real server's words (`Pod "x" is invalid: spec.containers: Required value`).
#pragma once

#include "absl/status/status.h"
#include "fakeapi/resources.h"
#include "k8sclient/json.h"

namespace fakeapi {

// Fills the defaults of an object of kind `r` as decoding does on every write; `create` adds
// what only creation does (the admission plugins' pod fields, pod status.qosClass).
void ApplyDefaults(const Resource& r, k8sclient::Json& obj, bool create = true);

// Validates an object about to be stored; the error carries the apiserver's 422 Status. An
// update checks metadata, and for a pod what of its spec may change from `old` (the stored
// object); objects loaded from files may be partial, so nothing else.
absl::Status Validate(const Resource& r, const k8sclient::Json& obj, bool update = false,
                      const k8sclient::Json* old = nullptr);

}  // namespace fakeapi
