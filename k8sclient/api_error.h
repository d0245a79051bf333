// Error responses from the API server as one readable line and a canonical status code.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace k8sclient {

// The StatusReason the API server uses for an HTTP code ("NotFound", "TooManyRequests"...),
// or the HTTP reason phrase for codes it has no reason for.
std::string_view ReasonForHttpCode(int code);

// "<message> (<code> <reason>)" from a metav1.Status body; bodies that are not a Status (APF's
// plain-text 429, a proxy's HTML) give their first line, shortened.
std::string DescribeErrorBody(int http_code, std::string_view body);

// The status for a non-2xx answer to `method url` (`path` is the URL's path and query, for the
// RBAC hint): 401 Unauthenticated, 403 PermissionDenied (with the missing RBAC rule and a Role
// payload, see rbac.h), 404 NotFound, 504 DeadlineExceeded, anything else Unavailable.
// The message is one line: "GET https://host/api/v1/...: pods \"x\" not found (404 NotFound)".
absl::Status HttpError(std::string_view method, std::string_view url, std::string_view path,
                       int http_code, std::string_view body);

// A 3xx answer. Redirects are never followed: the bearer token goes only to the server the
// configuration names, and an API server has no reason to redirect a client.
absl::Status RedirectError(std::string_view method, std::string_view url, int http_code,
                           std::string_view location);

// A body over the client's limit (ClientOptions::max_response_bytes): ResourceExhausted,
// "GET URL: the response exceeds 32 MiB ...".
absl::Status TooLargeError(std::string_view method, std::string_view url, std::string_view what,
                           int64_t limit);

}  // namespace k8sclient
