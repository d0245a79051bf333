// JSON text into simdjson's DOM, decoded as Go's encoding/json reads it: what k8sclient::ParseJson
// builds its tree from, and what other trees (the template data of entrypoint/run) are built
// from directly, so that a document is parsed once whatever it becomes.
#pragma once

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "simdjson.h"

namespace k8sclient {

// How deep a document may nest before it is refused (Go's decoder stops at 10,000).
inline constexpr size_t kMaxJsonDepth = 1000;

// Parses `text` into `parser`; `*root` is valid until the parser parses again. Integers
// beyond 64 bits read as floats; invalid UTF-8 and lone surrogate escapes in strings become
// U+FFFD (see ParseJson). Errors name what simdjson found. `padded`: SIMDJSON_PADDING bytes
// after the text may be read, so it need not be copied (a 100,000-pod List is 126 MB).
absl::Status ParseJsonDom(std::string_view text, simdjson::dom::parser& parser,
                          simdjson::dom::element* root, bool padded = false);

}  // namespace k8sclient
