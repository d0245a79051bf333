#include "k8sclient/api_error.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "k8sclient/json.h"
#include "k8sclient/rbac.h"

namespace k8sclient {
namespace {

std::string FirstLine(std::string_view body) {
  size_t nl = body.find_first_of("\r\n");
  std::string_view line = body.substr(0, nl);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  constexpr size_t kMax = 200;
  if (line.size() > kMax) return std::string(line.substr(0, kMax)) + "...";
  return std::string(line);
}

std::string Mebibytes(int64_t bytes) {
  if (bytes % (1 << 20) == 0) return absl::StrCat(bytes >> 20, " MiB");
  return absl::StrCat(bytes, " bytes");
}

}  // namespace

absl::Status RedirectError(std::string_view method, std::string_view url, int http_code,
                           std::string_view location) {
  std::string to = location.empty() ? std::string("elsewhere (no Location)")
                                    : absl::StrCat("to ", std::string(location));
  return absl::UnavailableError(absl::StrCat(
      std::string(method), " ", std::string(url), ": the server redirects (", http_code, ") ", to,
      "; not followed, so the token goes only to the configured server"));
}

absl::Status TooLargeError(std::string_view method, std::string_view url, std::string_view what,
                           int64_t limit) {
  return absl::ResourceExhaustedError(absl::StrCat(
      std::string(method), " ", std::string(url), ": ", std::string(what), " exceeds ",
      Mebibytes(limit), "; refused (no Kubernetes object comes near that size)"));
}

std::string_view ReasonForHttpCode(int code) {
  switch (code) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 406: return "NotAcceptable";
    case 409: return "Conflict";
    case 410: return "Expired";
    case 413: return "RequestEntityTooLarge";
    case 415: return "UnsupportedMediaType";
    case 422: return "Invalid";
    case 429: return "TooManyRequests";
    case 500: return "InternalError";
    case 502: return "BadGateway";
    case 503: return "ServiceUnavailable";
    case 504: return "Timeout";
    default: return "Unknown";
  }
}

std::string DescribeErrorBody(int http_code, std::string_view body) {
  std::string message;
  std::string reason;
  int64_t code = http_code;
  if (absl::StatusOr<Json> j = ParseJson(body); j.ok() && j->is_object() &&
                                                j->GetString("kind") == "Status") {
    message = std::string(j->GetString("message"));
    reason = std::string(j->GetString("reason"));
    if (const Json* c = j->Find("code"); c != nullptr && c->is_int() && c->as_int() != 0) {
      code = c->as_int();
    }
  } else {
    message = FirstLine(body);
  }
  if (reason.empty()) reason = std::string(ReasonForHttpCode(http_code));
  if (message.empty()) message = "the server answered " + std::to_string(http_code);
  return absl::StrCat(message, " (", code, " ", reason, ")");
}

absl::Status HttpError(std::string_view method, std::string_view url, std::string_view path,
                       int http_code, std::string_view body) {
  std::string text = std::string(method) + " " + std::string(url) + ": " + DescribeErrorBody(http_code, body);
  switch (http_code) {
    case 401:
      return absl::UnauthenticatedError(text + "; the bearer token was rejected");
    case 403: {
      std::optional<RbacRule> rule = RuleForRequest(method, path);
      if (!rule) return absl::PermissionDeniedError(text);
      std::string sa;
      if (absl::StatusOr<Json> j = ParseJson(body); j.ok() && j->is_object()) {
        sa = ServiceAccountInMessage(j->GetString("message"));
      }
      absl::Status s = absl::PermissionDeniedError(text + "; " + DescribeMissing(*rule));
      s.SetPayload(kRbacRolePayloadUrl, absl::Cord(RoleYaml(*rule, sa)));
      return s;
    }
    case 404: return absl::NotFoundError(text);
    case 504: return absl::DeadlineExceededError(text);
    default: return absl::UnavailableError(text);
  }
}

}  // namespace k8sclient
