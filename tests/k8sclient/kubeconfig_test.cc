#include "k8sclient/kubeconfig.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "k8sclient/config.h"
#include "tests/k8sclient/temp_dir.h"

namespace k8sclient {
namespace {

using testing::TempDir;

constexpr char kKubeconfig[] = R"(apiVersion: v1
kind: Config
current-context: dev
preferences: {}
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443
- name: local
  cluster:
    server: https://[::1]:6443
    certificate-authority: certs/ca.crt
contexts:
- name: prod
  context: {cluster: prod, user: admin}
- name: dev
  context:
    cluster: local
    user: dev-user
    namespace: team-b
users:
- name: admin
  user:
    token: admin-token
- name: dev-user
  user:
    client-certificate: /abs/client.crt
    client-key: client.key
)";

TEST(Kubeconfig, CurrentContextWithRelativePaths) {
  TempDir dir;
  std::string path = dir.Write("config", kKubeconfig);
  absl::StatusOr<ClientConfig> c = LoadKubeconfig(path);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->server, "https://[::1]:6443");
  EXPECT_EQ(c->ca_file, dir.path() + "/certs/ca.crt");
  EXPECT_EQ(c->client_cert_file, "/abs/client.crt");
  EXPECT_EQ(c->client_key_file, dir.path() + "/client.key");
  EXPECT_EQ(c->namespace_, "team-b");
  EXPECT_TRUE(c->token.empty());
  EXPECT_EQ(c->source, "kubeconfig " + path + " (context dev)");
  EXPECT_FALSE(c->insecure_skip_tls_verify);
}

TEST(Kubeconfig, InlineDataIsDecoded) {
  TempDir dir;
  // "-----BEGIN CERTIFICATE-----\n" and friends, base64.
  std::string path = dir.Write("config", R"({"current-context":"c",
    "contexts":[{"name":"c","context":{"cluster":"k","user":"u"}}],
    "clusters":[{"name":"k","cluster":{"server":"https://10.0.0.1","certificate-authority-data":"Q0EtUEVN"}}],
    "users":[{"name":"u","user":{"token":"t0k","client-certificate-data":"Q0VSVA==","client-key-data":"S0VZ"}}]})");
  absl::StatusOr<ClientConfig> c = LoadKubeconfig(path);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->ca_pem, "CA-PEM");
  EXPECT_EQ(c->client_cert_pem, "CERT");
  EXPECT_EQ(c->client_key_pem, "KEY");
  EXPECT_EQ(c->token, "t0k");
  EXPECT_TRUE(c->namespace_.empty());
}

TEST(Kubeconfig, TokenFileWinsOverToken) {
  TempDir dir;
  std::string path = dir.Write("config", R"(current-context: c
contexts: [{name: c, context: {cluster: k, user: u}}]
clusters: [{name: k, cluster: {server: "http://127.0.0.1:8001"}}]
users: [{name: u, user: {token: inline, tokenFile: tok}}]
)");
  absl::StatusOr<ClientConfig> c = LoadKubeconfig(path);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->token_file, dir.path() + "/tok");
  EXPECT_TRUE(c->token.empty());
}

TEST(Kubeconfig, InsecureSkipTlsVerify) {
  TempDir dir;
  std::string path = dir.Write("config", R"(current-context: c
contexts: [{name: c, context: {cluster: k}}]
clusters: [{name: k, cluster: {server: "https://h:1", insecure-skip-tls-verify: true}}]
)");
  absl::StatusOr<ClientConfig> c = LoadKubeconfig(path);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->insecure_skip_tls_verify);
}

struct BadCase {
  const char* name;
  const char* yaml;
  absl::StatusCode code;
  const char* want;
};

TEST(Kubeconfig, ErrorsNameTheFileAndTheEntry) {
  const BadCase cases[] = {
      {"no current context", "clusters: []\n", absl::StatusCode::kFailedPrecondition,
       "no current-context"},
      {"unknown context", "current-context: x\ncontexts: []\n", absl::StatusCode::kInvalidArgument,
       "context \"x\" is not in contexts"},
      {"unknown cluster",
       "current-context: c\ncontexts: [{name: c, context: {cluster: k}}]\n",
       absl::StatusCode::kInvalidArgument, "cluster \"k\" of context \"c\" is not in clusters"},
      {"no server",
       "current-context: c\ncontexts: [{name: c, context: {cluster: k}}]\nclusters: [{name: k, cluster: {}}]\n",
       absl::StatusCode::kInvalidArgument, "cluster \"k\" has no server"},
      {"unknown user",
       "current-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\n"
       "clusters: [{name: k, cluster: {server: 'https://h'}}]\n",
       absl::StatusCode::kInvalidArgument, "user \"u\" of context \"c\" is not in users"},
      {"exec plugin without an apiVersion",
       "current-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\n"
       "clusters: [{name: k, cluster: {server: 'https://h'}}]\n"
       "users: [{name: u, user: {exec: {command: aws}}}]\n",
       absl::StatusCode::kInvalidArgument,
       "exec of user \"u\": apiVersion \"\" is not client.authentication.k8s.io/v1 or v1beta1"},
      {"auth-provider",
       "current-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\n"
       "clusters: [{name: k, cluster: {server: 'https://h'}}]\n"
       "users: [{name: u, user: {auth-provider: {name: gcp}}}]\n",
       absl::StatusCode::kFailedPrecondition, "uses auth-provider, which podinit does not support"},
      {"bad base64",
       "current-context: c\ncontexts: [{name: c, context: {cluster: k}}]\n"
       "clusters: [{name: k, cluster: {server: 'https://h', certificate-authority-data: '!!!'}}]\n",
       absl::StatusCode::kInvalidArgument, "certificate-authority-data of cluster \"k\" is not base64"},
      {"insecure with CA",
       "current-context: c\ncontexts: [{name: c, context: {cluster: k}}]\n"
       "clusters: [{name: k, cluster: {server: 'https://h', certificate-authority: ca, "
       "insecure-skip-tls-verify: true}}]\n",
       absl::StatusCode::kInvalidArgument, "both a certificate authority and insecure-skip-tls-verify"},
      {"cert without key",
       "current-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\n"
       "clusters: [{name: k, cluster: {server: 'https://h'}}]\n"
       "users: [{name: u, user: {client-certificate: c.crt}}]\n",
       absl::StatusCode::kInvalidArgument, "needs both a client certificate and its key"},
      {"not yaml", "a: [\n", absl::StatusCode::kInvalidArgument, "yaml: line"},
  };
  for (const BadCase& bc : cases) {
    TempDir dir;
    std::string path = dir.Write("config", bc.yaml);
    absl::StatusOr<ClientConfig> c = LoadKubeconfig(path);
    ASSERT_FALSE(c.ok()) << bc.name;
    EXPECT_EQ(c.status().code(), bc.code) << bc.name << ": " << c.status();
    EXPECT_EQ(c.status().message().rfind("kubeconfig " + path + ": ", 0), 0u) << c.status();
    EXPECT_NE(c.status().message().find(bc.want), std::string::npos) << bc.name << ": " << c.status();
  }
}

TEST(Kubeconfig, MissingFile) {
  absl::StatusOr<ClientConfig> c = LoadKubeconfig("/nonexistent/kubeconfig");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.status().message(), "kubeconfig /nonexistent/kubeconfig: No such file or directory");
}

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ResolveConfigKubeconfig, BeatsServerAndInClusterAndGivesTheNamespace) {
  TempDir dir;
  std::string path = dir.Write("config", kKubeconfig);
  ConfigFlags f;
  f.sa_dir = dir.path() + "/no-sa";
  f.pod_name = "p";
  std::map<std::string, std::string> env = {{"KUBECONFIG", "/nonexistent:" + path},
                                            {"KUBERNETES_SERVICE_HOST", "10.0.0.1"},
                                            {"KUBERNETES_SERVICE_PORT", "443"}};
  absl::StatusOr<ClientConfig> c = ResolveConfig(f, FakeEnv(env));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->server, "https://[::1]:6443");
  EXPECT_EQ(c->namespace_, "team-b");
  env["POD_NAMESPACE"] = "from-env";
  EXPECT_EQ(ResolveConfig(f, FakeEnv(env))->namespace_, "from-env");
  // --kubeconfig beats KUBECONFIG; --server overrides the kubeconfig's server.
  f.kubeconfig = dir.Write("other", R"(current-context: c
contexts: [{name: c, context: {cluster: k}}]
clusters: [{name: k, cluster: {server: "http://127.0.0.1:1"}}]
)");
  f.server = "http://127.0.0.1:8001";
  c = ResolveConfig(f, FakeEnv(env));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->server, "http://127.0.0.1:8001");
  EXPECT_EQ(c->source, "kubeconfig " + f.kubeconfig + " (context c)");
}

// Two files as KUBECONFIG lists them. What kubectl makes of them (`KUBECONFIG=a:missing:b
// kubectl config view --minify --raw`, kubectl 1.32): current-context ctx-a and cluster
// "shared" from a (the first to define them, even where b's entry differs), user
// only-b-user from b, the only file that defines it.
constexpr char kFirst[] = R"(current-context: ctx-a
clusters:
- name: shared
  cluster: {server: "https://a.example:6443", certificate-authority: ca-a.crt, proxy-url: "http://proxy.a:3128"}
users:
- name: shared-user
  user: {token: token-from-a}
contexts:
- name: ctx-a
  context: {cluster: shared, user: only-b-user, namespace: ns-a}
)";
constexpr char kSecond[] = R"(current-context: ctx-b
clusters:
- name: shared
  cluster: {server: "https://b.example:6443"}
- name: only-b
  cluster: {server: "https://only-b.example:6443", certificate-authority: ca-b.crt}
users:
- name: shared-user
  user: {token: token-from-b, tokenFile: tf}
- name: only-b-user
  user: {tokenFile: token-b}
contexts:
- name: ctx-a
  context: {cluster: only-b, user: shared-user}
- name: ctx-b
  context: {cluster: only-b, user: shared-user}
)";

TEST(ResolveConfigKubeconfig, KubeconfigListMergesAsKubectl) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/a");
  std::filesystem::create_directories(dir.path() + "/b");
  std::string a = dir.Write("a/config", kFirst);
  std::string b = dir.Write("b/config", kSecond);
  ConfigFlags f;
  f.sa_dir = dir.path() + "/no-sa";
  f.pod_name = "p";
  absl::StatusOr<ClientConfig> c =
      ResolveConfig(f, FakeEnv({{"KUBECONFIG", a + ":" + dir.path() + "/missing:" + b + ":" + a}}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->source, "kubeconfig " + a + " (context ctx-a)");
  EXPECT_EQ(c->server, "https://a.example:6443");
  EXPECT_EQ(c->ca_file, dir.path() + "/a/ca-a.crt");
  EXPECT_EQ(c->proxy_url, "http://proxy.a:3128");
  EXPECT_EQ(c->namespace_, "ns-a");
  EXPECT_EQ(c->token_file, dir.path() + "/b/token-b");  // relative to b, which defines the user
  EXPECT_EQ(c->token, "");

  // Without a, b's own current context and entries.
  c = ResolveConfig(f, FakeEnv({{"KUBECONFIG", dir.path() + "/missing:" + b}}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->source, "kubeconfig " + b + " (context ctx-b)");
  EXPECT_EQ(c->server, "https://only-b.example:6443");
  EXPECT_EQ(c->ca_file, dir.path() + "/b/ca-b.crt");
  EXPECT_EQ(c->proxy_url, "");
  EXPECT_EQ(c->token_file, dir.path() + "/b/tf");

  // --kubeconfig is one file, never merged: a alone lacks only-b-user.
  f.kubeconfig = a;
  c = ResolveConfig(f, FakeEnv({{"KUBECONFIG", b}}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            "kubeconfig " + a + ": user \"only-b-user\" of context \"ctx-a\" is not in users");
}

TEST(ResolveConfigKubeconfig, OnlyMissingFilesNameTheFirst) {
  ConfigFlags f;
  absl::StatusOr<ClientConfig> c = ResolveConfig(f, FakeEnv({{"KUBECONFIG", "/nonexistent/one:/nonexistent/two"}}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "kubeconfig /nonexistent/one: No such file or directory");
}

TEST(ResolveConfigKubeconfig, ErrorsAreConfigurationErrors) {
  ConfigFlags f;
  f.kubeconfig = "/nonexistent/kubeconfig";
  absl::StatusOr<ClientConfig> c = ResolveConfig(f, FakeEnv({}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace k8sclient
