#include "k8sclient/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <map>

#include "tests/k8sclient/temp_dir.h"

namespace k8sclient {
namespace {

using testing::TempDir;

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

struct SaDir {
  TempDir dir;
  SaDir(bool token = true, bool ca = true, std::string ns = "team-a\n") {
    if (token) dir.Write("token", "tok-123\n");
    if (ca) dir.Write("ca.crt", "-----BEGIN CERTIFICATE-----\n");
    if (!ns.empty()) dir.Write("namespace", ns);
  }
  ConfigFlags Flags() const {
    ConfigFlags f;
    f.sa_dir = dir.path();
    return f;
  }
};

TEST(ResolveConfig, InClusterUsesServiceEnvAndSaDir) {
  SaDir sa;
  auto c = ResolveConfig(sa.Flags(), FakeEnv({{"KUBERNETES_SERVICE_HOST", "10.96.0.1"},
                                              {"KUBERNETES_SERVICE_PORT", "443"},
                                              {"HOSTNAME", "web-0"}}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->server, "https://10.96.0.1:443");
  EXPECT_EQ(c->token_file, sa.dir.path() + "/token");
  EXPECT_EQ(c->ca_file, sa.dir.path() + "/ca.crt");
  EXPECT_EQ(c->namespace_, "team-a");
  EXPECT_EQ(c->pod_name, "web-0");
  EXPECT_EQ(c->source, "in-cluster");
  EXPECT_TRUE(c->token.empty());
  EXPECT_FALSE(c->insecure_skip_tls_verify);
}

TEST(ResolveConfig, InClusterBracketsIpv6) {
  SaDir sa;
  auto c = ResolveConfig(sa.Flags(), FakeEnv({{"KUBERNETES_SERVICE_HOST", "fd00:10:96::1"},
                                              {"KUBERNETES_SERVICE_PORT", "6443"},
                                              {"POD_NAME", "p"}}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->server, "https://[fd00:10:96::1]:6443");
}

TEST(ResolveConfig, InClusterNeedsBothServiceVariables) {
  SaDir sa;
  for (auto env : {std::map<std::string, std::string>{},
                   std::map<std::string, std::string>{{"KUBERNETES_SERVICE_HOST", "10.0.0.1"}},
                   std::map<std::string, std::string>{{"KUBERNETES_SERVICE_PORT", "443"}}}) {
    auto c = ResolveConfig(sa.Flags(), FakeEnv(env));
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_NE(c.status().message().find("KUBERNETES_SERVICE_HOST"), std::string::npos)
        << c.status();
  }
}

TEST(ResolveConfig, InClusterMissingTokenNamesTheFile) {
  SaDir sa(/*token=*/false);
  auto c = ResolveConfig(sa.Flags(), FakeEnv({{"KUBERNETES_SERVICE_HOST", "10.0.0.1"},
                                              {"KUBERNETES_SERVICE_PORT", "443"}}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(c.status().message().find(sa.dir.path() + "/token"), std::string::npos) << c.status();
  EXPECT_NE(c.status().message().find("No such file"), std::string::npos) << c.status();
}

TEST(ResolveConfig, InClusterEmptyTokenIsAnError) {
  SaDir sa;
  sa.dir.Write("token", " \n");
  auto c = ResolveConfig(sa.Flags(), FakeEnv({{"KUBERNETES_SERVICE_HOST", "10.0.0.1"},
                                              {"KUBERNETES_SERVICE_PORT", "443"}}));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("is empty"), std::string::npos) << c.status();
}

TEST(ResolveConfig, InClusterMissingCaNamesTheFile) {
  SaDir sa(true, /*ca=*/false);
  auto c = ResolveConfig(sa.Flags(), FakeEnv({{"KUBERNETES_SERVICE_HOST", "10.0.0.1"},
                                              {"KUBERNETES_SERVICE_PORT", "443"}}));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("ca.crt"), std::string::npos) << c.status();
}

TEST(ResolveConfig, FlagsOverrideServiceAccountFiles) {
  SaDir sa(false, false);
  TempDir other;
  std::string token = other.Write("t", "x");
  std::string ca = other.Write("c", "y");
  ConfigFlags f = sa.Flags();
  f.token_file = token;
  f.ca_file = ca;
  auto c = ResolveConfig(f, FakeEnv({{"KUBERNETES_SERVICE_HOST", "10.0.0.1"},
                                     {"KUBERNETES_SERVICE_PORT", "443"}}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->token_file, token);
  EXPECT_EQ(c->ca_file, ca);
}

TEST(ResolveConfig, ServerFlagNeedsNoClusterEnv) {
  SaDir sa(false, false, "");
  ConfigFlags f = sa.Flags();
  f.server = "http://127.0.0.1:8001/";
  auto c = ResolveConfig(f, FakeEnv({{"KUBERNETES_SERVICE_HOST", "10.0.0.1"},
                                     {"KUBERNETES_SERVICE_PORT", "443"}}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->server, "http://127.0.0.1:8001");
  EXPECT_EQ(c->source, "--server");
  EXPECT_TRUE(c->token_file.empty());
  EXPECT_TRUE(c->ca_file.empty());
  EXPECT_EQ(c->namespace_, "default");
}

TEST(ResolveConfig, RejectsServerWithoutScheme) {
  ConfigFlags f;
  f.server = "127.0.0.1:8001";
  auto c = ResolveConfig(f, FakeEnv({}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("127.0.0.1:8001"), std::string::npos);
}

TEST(ResolveConfig, NamespaceOrder) {
  SaDir sa;
  std::map<std::string, std::string> env = {{"KUBERNETES_SERVICE_HOST", "h"},
                                            {"KUBERNETES_SERVICE_PORT", "1"}};
  ConfigFlags f = sa.Flags();
  EXPECT_EQ(ResolveConfig(f, FakeEnv(env))->namespace_, "team-a");
  env["POD_NAMESPACE"] = "from-env";
  EXPECT_EQ(ResolveConfig(f, FakeEnv(env))->namespace_, "from-env");
  f.namespace_ = "from-flag";
  EXPECT_EQ(ResolveConfig(f, FakeEnv(env))->namespace_, "from-flag");
  SaDir no_ns(true, true, "");
  EXPECT_EQ(ResolveConfig(no_ns.Flags(), FakeEnv({{"KUBERNETES_SERVICE_HOST", "h"},
                                                  {"KUBERNETES_SERVICE_PORT", "1"}}))
                ->namespace_,
            "default");
}

TEST(ResolveConfig, PodNameOrder) {
  SaDir sa;
  std::map<std::string, std::string> env = {{"KUBERNETES_SERVICE_HOST", "h"},
                                            {"KUBERNETES_SERVICE_PORT", "1"}};
  ConfigFlags f = sa.Flags();
  char host[256] = {};
  ASSERT_EQ(gethostname(host, sizeof host - 1), 0);
  EXPECT_EQ(ResolveConfig(f, FakeEnv(env))->pod_name, host);
  env["HOSTNAME"] = "from-hostname";
  EXPECT_EQ(ResolveConfig(f, FakeEnv(env))->pod_name, "from-hostname");
  env["POD_NAME"] = "from-env";
  EXPECT_EQ(ResolveConfig(f, FakeEnv(env))->pod_name, "from-env");
  f.pod_name = "from-flag";
  EXPECT_EQ(ResolveConfig(f, FakeEnv(env))->pod_name, "from-flag");
}

TEST(JoinHostPort, BracketsOnlyBareIpv6) {
  EXPECT_EQ(JoinHostPort("10.0.0.1", "443"), "10.0.0.1:443");
  EXPECT_EQ(JoinHostPort("::1", "443"), "[::1]:443");
  EXPECT_EQ(JoinHostPort("[::1]", "443"), "[::1]:443");
  EXPECT_EQ(JoinHostPort("kubernetes.default.svc", "443"), "kubernetes.default.svc:443");
}

}  // namespace
}  // namespace k8sclient
