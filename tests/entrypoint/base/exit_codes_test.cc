#include "entrypoint/base/exit_codes.h"

#include <gtest/gtest.h>

#include "absl/strings/cord.h"
#include "k8sclient/rbac.h"

namespace entrypoint::base {
namespace {

// PRODUCT.md, "Logs and exit codes": 0 ok; 1 usage or configuration; 2 template; 3 API
// server (after retries); 4 wait timed out; 126/127 exec.
TEST(ExitCodes, TheNumbersOfTheContract) {
  EXPECT_EQ(kExitOk, 0);
  EXPECT_EQ(kExitUsage, 1);
  EXPECT_EQ(kExitTemplate, 2);
  EXPECT_EQ(kExitApi, 3);
  EXPECT_EQ(kExitWaitTimeout, 4);
  EXPECT_EQ(kExitNotExecutable, 126);
  EXPECT_EQ(kExitNotFound, 127);
}

TEST(ExitCodes, WhatTheApiServerSaidIsThree) {
  // The codes k8sclient gives the server's answers (api_error.h, client.cc).
  for (absl::Status s : {absl::UnavailableError("GET x: connection refused"),
                         absl::DeadlineExceededError("GET x: timed out"),
                         absl::PermissionDeniedError("GET x: forbidden (403 Forbidden)"),
                         absl::UnauthenticatedError("GET x: (401 Unauthorized)"),
                         absl::NotFoundError("GET x: pods \"y\" not found (404 NotFound)"),
                         absl::ResourceExhaustedError("GET x: the response exceeds 32 MiB"),
                         absl::DataLossError("pod ns/p: metadata.name is a number, not a string")}) {
    EXPECT_TRUE(IsApiError(s)) << s;
    EXPECT_EQ(ExitCodeFor(s), kExitApi) << s;
  }
}

TEST(ExitCodes, ConfigurationIsOne) {
  for (absl::Status s : {absl::InvalidArgumentError("--mode: not an octal file mode"),
                         absl::FailedPreconditionError("--pod-file p.json: No such file or directory"),
                         absl::InternalError("unexpected")}) {
    EXPECT_FALSE(IsApiError(s)) << s;
    EXPECT_EQ(ExitCodeFor(s), kExitUsage) << s;
  }
  EXPECT_EQ(ExitCodeFor(absl::OkStatus()), kExitOk);
}

// One list: every status code maps to 3 exactly when IsApiError says it is the server's.
TEST(ExitCodes, OneListOfApiErrors) {
  for (int code = 1; code <= 16; ++code) {
    absl::Status s(static_cast<absl::StatusCode>(code), "x");
    EXPECT_EQ(ExitCodeFor(s), IsApiError(s) ? kExitApi : kExitUsage) << s;
  }
}

TEST(ExitCodes, ATemplateErrorIsTwoWhateverItsCode) {
  absl::Status missing = absl::NotFoundError("template: t:1:3: map has no entry for key \"x\"");
  absl::Status tagged = TemplateError(missing);
  EXPECT_EQ(ExitCodeFor(tagged), kExitTemplate);
  EXPECT_EQ(tagged.message(), missing.message());
  EXPECT_EQ(tagged.code(), missing.code());
}

TEST(ExitCodes, ATemplateErrorCausedByTheApiServerIsThreeAndCarriesItsHint) {
  absl::Status forbidden = absl::PermissionDeniedError("GET .../secrets/s: forbidden (403 Forbidden)");
  forbidden.SetPayload(k8sclient::kRbacRolePayloadUrl, absl::Cord("kind: Role\n"));
  absl::Status t = TemplateError(absl::InvalidArgumentError("template: t:1:3: error calling secret: ..."));
  absl::Status caused = TemplateErrorCausedBy(t, forbidden);
  EXPECT_EQ(ExitCodeFor(caused), kExitApi);
  EXPECT_EQ(caused.message(), t.message());
  EXPECT_EQ(k8sclient::RbacRoleHint(caused), "kind: Role\n");
  EXPECT_EQ(k8sclient::RbacRoleHint(t), std::nullopt);
}

// A wait's timeout is 4 whatever its code (DeadlineExceeded alone would be the API server's 3).
TEST(ExitCodes, AWaitThatTimedOutIsFour) {
  absl::Status late = absl::DeadlineExceededError("timed out after 5m waiting for service:db (no ready endpoints)");
  absl::Status tagged = WaitTimedOut(late);
  EXPECT_EQ(ExitCodeFor(late), kExitApi);
  EXPECT_EQ(ExitCodeFor(tagged), kExitWaitTimeout);
  EXPECT_EQ(tagged.message(), late.message());
  EXPECT_EQ(tagged.code(), late.code());
}

}  // namespace
}  // namespace entrypoint::base
