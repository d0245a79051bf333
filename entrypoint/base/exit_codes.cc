#include "entrypoint/base/exit_codes.h"

#include <string>

#include "absl/strings/cord.h"

namespace podinit::base {
namespace {
constexpr char kKindPayload[] = "podinit/kind";
}

absl::Status TemplateError(const absl::Status& status) {
  absl::Status s = status;
  s.SetPayload(kKindPayload, absl::Cord("template"));
  return s;
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  if (auto kind = status.GetPayload(kKindPayload); kind && *kind == "template") return kExitTemplate;
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kDataLoss:
      return kExitApi;
    case absl::StatusCode::kDeadlineExceeded:
      return kExitApi;
    default:
      return kExitUsage;
  }
}

}  // namespace podinit::base
