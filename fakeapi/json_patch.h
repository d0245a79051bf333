// RFC 6902 JSON Patch, what `kubectl patch --type json` sends.
#pragma once

#include "absl/status/status.h"
#include "k8sclient/json.h"

namespace fakeapi {

// Applies `ops` (an array of {"op","path","value"|"from"}) to `doc` in order; on error `doc`
// may be partly changed (the caller works on a copy). Errors name the operation and path.
absl::Status ApplyJsonPatch(k8sclient::Json& doc, const k8sclient::Json& ops);

}  // namespace fakeapi
