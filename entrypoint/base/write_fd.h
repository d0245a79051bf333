// Writing a whole buffer to a descriptor, or saying why not. Standard output may be a full
// disk, a closed descriptor or a non-blocking pipe whose reader is slow: a single write(2)
// that writes part, or fails, must not end in exit 0 with output lost.
#pragma once

#include <string_view>

#include "absl/status/status.h"

namespace entrypoint::base {

// Writes all of `data` at the descriptor's position: retries after EINTR, continues after a
// short write, and on a non-blocking descriptor waits (poll) until it can take more. Errors
// are FailedPrecondition "<what>: <strerror>", e.g. "writing to standard output: No space
// left on device".
absl::Status WriteFull(int fd, std::string_view data, std::string_view what);

// WriteFull to standard output.
absl::Status WriteStdout(std::string_view data);

}  // namespace entrypoint::base
