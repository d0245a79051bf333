#include "entrypoint/base/exit_codes.h"

#include <string>

#include "absl/strings/cord.h"

namespace entrypoint::base {
namespace {

constexpr char kKindPayload[] = "podinit/kind";
constexpr char kTemplateKind[] = "template";
constexpr char kTemplateApiKind[] = "template-api";
constexpr char kWaitTimeoutKind[] = "wait-timeout";

}  // namespace

bool IsApiError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kResourceExhausted:
    // An answer that is not the object asked for (k8sclient::ValidatePod and friends).
    case absl::StatusCode::kDataLoss:
      return true;
    default:
      return false;
  }
}

absl::Status TemplateError(const absl::Status& status) {
  absl::Status s = status;
  s.SetPayload(kKindPayload, absl::Cord(kTemplateKind));
  return s;
}

absl::Status TemplateErrorCausedBy(const absl::Status& status, const absl::Status& api_error) {
  absl::Status s = status;
  api_error.ForEachPayload([&s](absl::string_view url, const absl::Cord& payload) {
    s.SetPayload(url, payload);
  });
  s.SetPayload(kKindPayload, absl::Cord(kTemplateApiKind));
  return s;
}

absl::Status WaitTimedOut(const absl::Status& status) {
  absl::Status s = status;
  s.SetPayload(kKindPayload, absl::Cord(kWaitTimeoutKind));
  return s;
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  if (auto kind = status.GetPayload(kKindPayload)) {
    if (*kind == kTemplateApiKind) return kExitApi;
    if (*kind == kTemplateKind) return kExitTemplate;
    if (*kind == kWaitTimeoutKind) return kExitWaitTimeout;
  }
  return IsApiError(status) ? kExitApi : kExitUsage;
}

}  // namespace entrypoint::base
