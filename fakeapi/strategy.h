// What the apiserver's per-type strategies do to an object around a write, for the served
// kinds: status is set by the status subresource only (a create starts it afresh, an update of
// the object keeps it), the status subresource changes nothing else, and generation counts
// spec changes. Defaulting and validation live in defaults.h.
#pragma once

#include <string_view>

#include "fakeapi/resources.h"
#include "k8sclient/json.h"

namespace fakeapi {

// Whether the kind has a status subresource (and so a status a client cannot write directly).
bool HasStatusSubresource(const Resource& r);

// POST: status as a new object of the kind has it; generation 1 where the kind counts it.
void PrepareForCreate(const Resource& r, k8sclient::Json& obj);

// PUT or PATCH of the object (`subresource` empty) or of its status: `updated` is what the
// client asked for, made from `old`; afterwards it holds what the server stores.
void PrepareForUpdate(const Resource& r, const k8sclient::Json& old, k8sclient::Json& updated,
                      std::string_view subresource);

}  // namespace fakeapi
