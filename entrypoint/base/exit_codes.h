// podinit's exit codes (PRODUCT.md, "Logs and exit codes"); in `run`, COMMAND's own status.
#pragma once

#include "absl/status/status.h"

namespace podinit::base {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;  // usage or configuration
inline constexpr int kExitTemplate = 2;
inline constexpr int kExitApi = 3;  // the API server, after retries
inline constexpr int kExitWaitTimeout = 4;
inline constexpr int kExitNotExecutable = 126;
inline constexpr int kExitNotFound = 127;

// Errors carry their exit code in the status code: configuration problems are
// InvalidArgument/FailedPrecondition/NotFound-of-a-file, and everything the API server said or
// did not say is Unavailable, DeadlineExceeded, PermissionDenied, Unauthenticated or, for an
// object, NotFound. Template errors are tagged by the caller (see TemplateError).
int ExitCodeFor(const absl::Status& status);

// Marks a status as a template error (exit 2) without changing its message.
absl::Status TemplateError(const absl::Status& status);

}  // namespace podinit::base
