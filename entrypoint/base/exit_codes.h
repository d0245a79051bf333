// podinit's exit codes (PRODUCT.md, "Logs and exit codes"); in `run`, COMMAND's own status.
// The one place that decides which error ends the process with which code.
#pragma once

#include "absl/status/status.h"

namespace entrypoint::base {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;  // usage or configuration
inline constexpr int kExitTemplate = 2;
inline constexpr int kExitApi = 3;  // the API server, after retries
inline constexpr int kExitWaitTimeout = 4;
inline constexpr int kExitNotExecutable = 126;
inline constexpr int kExitNotFound = 127;

// Whether a status is the API server's failure (k8sclient's codes: Unavailable for transport
// errors and 5xx, DeadlineExceeded, PermissionDenied for a 403, Unauthenticated for a 401,
// NotFound for a missing object, ResourceExhausted for an oversized answer, DataLoss for an
// answer that is not the object asked for, k8sclient/object_check.h) rather than a
// configuration problem (InvalidArgument, FailedPrecondition).
bool IsApiError(const absl::Status& status);

// Marks a status as a template error (exit 2) without changing its message.
absl::Status TemplateError(const absl::Status& status);

// A template error whose cause was `api_error` (a template function's request that failed
// after retries): exit 3, and the cause's payloads (a 403's Role hint) travel with it.
absl::Status TemplateErrorCausedBy(const absl::Status& status, const absl::Status& api_error);

// Marks a status as a wait that ran out of time (--wait, `podinit wait`: exit 4) without
// changing its message.
absl::Status WaitTimedOut(const absl::Status& status);

// The exit code for an error: template errors 2 (3 when an API failure caused them), a wait
// that timed out 4, API failures 3, everything else a usage or configuration error, 1.
int ExitCodeFor(const absl::Status& status);

}  // namespace entrypoint::base
