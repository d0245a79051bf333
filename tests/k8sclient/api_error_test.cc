#include "k8sclient/api_error.h"

#include <gtest/gtest.h>

#include "k8sclient/rbac.h"

namespace k8sclient {
namespace {

constexpr char kForbidden[] =
    R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"statefulsets.apps \"web\" is forbidden: User \"system:serviceaccount:ns:app\" cannot get resource \"statefulsets\" in API group \"apps\" in the namespace \"ns\"","reason":"Forbidden","details":{"name":"web","group":"apps","kind":"statefulsets"},"code":403})";

TEST(ApiError, DescribeStatusBody) {
  EXPECT_EQ(DescribeErrorBody(404, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404})"),
            "pods \"x\" not found (404 NotFound)");
  // The Status's own code and reason win over the HTTP ones.
  EXPECT_EQ(DescribeErrorBody(200, R"j({"kind":"Status","message":"too old resource version: 1 (5)","reason":"Expired","code":410})j"),
            "too old resource version: 1 (5) (410 Expired)");
}

TEST(ApiError, DescribePlainBodies) {
  EXPECT_EQ(DescribeErrorBody(429, "Too many requests, please try again later.\n"),
            "Too many requests, please try again later. (429 TooManyRequests)");
  EXPECT_EQ(DescribeErrorBody(503, ""), "the server answered 503 (503 ServiceUnavailable)");
  EXPECT_EQ(DescribeErrorBody(502, "<html>\n<body>bad</body>"), "<html> (502 BadGateway)");
  std::string long_line(500, 'x');
  std::string d = DescribeErrorBody(500, long_line);
  EXPECT_LT(d.size(), 260u);
  EXPECT_EQ(d.find('\n'), std::string::npos);
}

TEST(ApiError, CodesMapToCanonicalStatus) {
  struct {
    int http;
    absl::StatusCode want;
  } cases[] = {{401, absl::StatusCode::kUnauthenticated}, {403, absl::StatusCode::kPermissionDenied},
               {404, absl::StatusCode::kNotFound},        {429, absl::StatusCode::kUnavailable},
               {500, absl::StatusCode::kUnavailable},     {503, absl::StatusCode::kUnavailable},
               {504, absl::StatusCode::kDeadlineExceeded}, {400, absl::StatusCode::kUnavailable}};
  for (const auto& c : cases) {
    absl::Status s = HttpError("GET", "https://h:1/api/v1/namespaces/ns/pods/x",
                               "/api/v1/namespaces/ns/pods/x", c.http, "");
    EXPECT_EQ(s.code(), c.want) << c.http;
    EXPECT_EQ(s.message().find('\n'), std::string::npos);
  }
}

TEST(ApiError, NotFoundNamesTheUrl) {
  absl::Status s = HttpError("GET", "https://127.0.0.1:6443/api/v1/namespaces/ns/pods/x",
                             "/api/v1/namespaces/ns/pods/x", 404,
                             R"({"kind":"Status","message":"pods \"x\" not found","reason":"NotFound","code":404})");
  EXPECT_EQ(s.message(),
            "GET https://127.0.0.1:6443/api/v1/namespaces/ns/pods/x: pods \"x\" not found (404 NotFound)");
}

TEST(ApiError, ForbiddenNamesTheMissingRuleAndCarriesARole) {
  absl::Status s = HttpError("GET", "https://h:1/apis/apps/v1/namespaces/ns/statefulsets/web",
                             "/apis/apps/v1/namespaces/ns/statefulsets/web", 403, kForbidden);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("(403 Forbidden); missing RBAC permission: verb \"get\" on resource "
                             "\"statefulsets\" in API group \"apps\" in namespace \"ns\""),
            std::string::npos)
      << s;
  std::optional<std::string> role = RbacRoleHint(s);
  ASSERT_TRUE(role.has_value());
  EXPECT_NE(role->find("kind: Role\n"), std::string::npos);
  EXPECT_NE(role->find("- apiGroups: [\"apps\"]\n  resources: [\"statefulsets\"]\n  verbs: [\"get\"]"),
            std::string::npos);
  EXPECT_NE(role->find("  name: app\n  namespace: ns\n"), std::string::npos);
  EXPECT_FALSE(RbacRoleHint(absl::NotFoundError("x")).has_value());
}

TEST(ApiError, RedirectNamesWhereAndWhyNot) {
  absl::Status s = RedirectError("GET", "https://a:6443/api/v1/x", 307, "https://b/api/v1/x");
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(s.message(),
            "GET https://a:6443/api/v1/x: the server redirects (307) to https://b/api/v1/x; not "
            "followed, so the token goes only to the configured server");
  EXPECT_EQ(RedirectError("GET", "u", 302, "").message(),
            "GET u: the server redirects (302) elsewhere (no Location); not followed, so the token "
            "goes only to the configured server");
}

}  // namespace
}  // namespace k8sclient
