#include "k8sclient/exec_credential.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "k8sclient/client.h"
#include "k8sclient/kubeconfig.h"
#include "tests/k8sclient/client_test_util.h"
#include "tests/k8sclient/temp_dir.h"

namespace k8sclient {
namespace {

using testing::TempDir;

std::string Read(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A credential plugin as the client-go credential plugins documentation describes one: it
// prints an ExecCredential with status.token and may set expirationTimestamp. This one also
// records KUBERNETES_EXEC_INFO and counts its runs.
std::string Plugin(const TempDir& dir, const std::string& api_version, const std::string& expiry) {
  std::string p = dir.Write("plugin.sh",
                            "#!/bin/sh\n"
                            "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$(dirname \"$0\")/info.json\"\n"
                            "echo run >> \"$(dirname \"$0\")/runs\"\n"
                            "printf '%s' \"$PLUGIN_ENV\" > \"$(dirname \"$0\")/env\"\n"
                            "cat <<EOF\n"
                            "{\"apiVersion\":\"" + api_version + "\",\"kind\":\"ExecCredential\","
                            "\"status\":{\"token\":\"tok-$(wc -l < \"$(dirname \"$0\")/runs\" | tr -d ' ')\"" +
                                (expiry.empty() ? "" : ",\"expirationTimestamp\":\"" + expiry + "\"") +
                                "}}\nEOF\n");
  ::chmod(p.c_str(), 0755);
  return p;
}

constexpr char kKubeconfig[] = R"(apiVersion: v1
kind: Config
current-context: eks
clusters:
- name: c
  cluster:
    server: https://api.example:6443
    certificate-authority-data: Y2EtcGVt
    tls-server-name: kubernetes.default
contexts:
- name: eks
  context: {cluster: c, user: u}
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./plugin.sh
      args: ["token", "-i", "cluster"]
      env:
      - name: PLUGIN_ENV
        value: from-kubeconfig
      provideClusterInfo: true
      interactiveMode: Never
)";

TEST(ExecCredential, KubeconfigExecUser) {
  TempDir dir;
  auto c = LoadKubeconfig(dir.Write("config", kKubeconfig));
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE(c->exec.has_value());
  EXPECT_EQ(c->exec->command, dir.path() + "/plugin.sh");  // relative to the kubeconfig
  EXPECT_EQ(c->exec->args, (std::vector<std::string>{"token", "-i", "cluster"}));
  EXPECT_EQ(c->exec->api_version, "client.authentication.k8s.io/v1beta1");
  EXPECT_EQ(c->tls_server_name, "kubernetes.default");
  EXPECT_EQ(c->exec->cluster.GetString("server"), "https://api.example:6443");
  EXPECT_EQ(c->exec->cluster.GetString("certificate-authority-data"), "Y2EtcGVt");
}

// client-go's ConfigToExecCluster reads a certificate-authority file into
// certificate-authority-data: the plugin gets the CA whichever way the kubeconfig names it.
TEST(ExecCredential, ClusterInfoCarriesTheCaOfAFile) {
  TempDir dir;
  std::string text = kKubeconfig;
  text.replace(text.find("certificate-authority-data: Y2EtcGVt"),
               std::string("certificate-authority-data: Y2EtcGVt").size(),
               "certificate-authority: certs/ca.crt");
  std::string config = dir.Write("config", text);
  std::filesystem::create_directories(dir.path() + "/certs");
  dir.Write("certs/ca.crt", "ca-pem");
  auto c = LoadKubeconfig(config);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->exec->cluster.GetString("certificate-authority-data"), "Y2EtcGVt");
  std::filesystem::remove(dir.path() + "/certs/ca.crt");
  c = LoadKubeconfig(config);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("failed to load CA bundle for the exec plugin of user \"u\""),
            std::string::npos) << c.status();
}

TEST(ExecCredential, RunsThePluginWithExecInfoAndCachesUntilExpiry) {
  TempDir dir;
  auto c = LoadKubeconfig(dir.Write("config", kKubeconfig));
  ASSERT_TRUE(c.ok());
  Plugin(dir, "client.authentication.k8s.io/v1beta1", "2030-01-01T00:00:00Z");
  absl::Time now = absl::FromCivil(absl::CivilSecond(2029, 12, 31, 23, 0, 0), absl::UTCTimeZone());
  ExecCredentialPlugin plugin(*c->exec, [&] { return now; });
  EXPECT_EQ(plugin.Token(false).value(), "tok-1");
  EXPECT_EQ(plugin.Token(false).value(), "tok-1");  // cached: not expired
  now += absl::Hours(2);
  EXPECT_EQ(plugin.Token(false).value(), "tok-2");  // expired: run again
  EXPECT_EQ(plugin.Token(true).value(), "tok-3");   // after a 401
  Json info = ParseJson(Read(dir.path() + "/info.json")).value();
  EXPECT_EQ(info.GetString("kind"), "ExecCredential");
  EXPECT_EQ(info.GetString("apiVersion"), "client.authentication.k8s.io/v1beta1");
  EXPECT_FALSE(info.Path("spec.interactive")->as_bool());
  EXPECT_EQ(info.Path("spec.cluster.server")->as_string(), "https://api.example:6443");
  EXPECT_EQ(Read(dir.path() + "/env"), "from-kubeconfig");
}

TEST(ExecCredential, ErrorsAsClientGoWordsThem) {
  EXPECT_EQ(ParseExecCredential(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}})",
                                "client.authentication.k8s.io/v1beta1").status().message(),
            "exec plugin is configured to use API version client.authentication.k8s.io/v1beta1, "
            "plugin returned version client.authentication.k8s.io/v1");
  EXPECT_EQ(ParseExecCredential(R"({"apiVersion":"v","kind":"ExecCredential"})", "v").status().message(),
            "exec plugin didn't return a status field");
  ExecConfig missing;
  missing.command = "/nonexistent/aws";
  missing.api_version = "client.authentication.k8s.io/v1";
  missing.install_hint = "install the AWS CLI";
  ExecCredentialPlugin plugin(missing);
  std::string msg(plugin.Token(false).status().message());
  EXPECT_NE(msg.find("getting credentials: exec: executable /nonexistent/aws not found"), std::string::npos) << msg;
  EXPECT_NE(msg.find("install the AWS CLI"), std::string::npos);
}

// A plugin may return a client certificate and key instead of a token (client-go's
// ExecCredential status.clientCertificateData/clientKeyData): checked as client-go checks
// them, and used for the TLS handshake.
TEST(ExecCredential, ClientCertificateAndKeyAsClientGoTakesThem) {
  const std::string v = "client.authentication.k8s.io/v1";
  auto parse = [&](const std::string& status) {
    return ParseExecCredential(R"({"apiVersion":")" + v + R"(","kind":"ExecCredential","status":)" + status + "}", v);
  };
  const std::string cert = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n";
  const std::string key = "-----BEGIN EC PRIVATE KEY-----\\nMHc\\n-----END EC PRIVATE KEY-----\\n";
  absl::StatusOr<ExecToken> both = parse(R"({"clientCertificateData":")" + cert + R"(","clientKeyData":")" + key + R"("})");
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->token, "");
  EXPECT_EQ(both->client_cert_pem.rfind("-----BEGIN CERTIFICATE-----\n", 0), 0u);
  EXPECT_EQ(both->client_key_pem.rfind("-----BEGIN EC PRIVATE KEY-----\n", 0), 0u);
  EXPECT_EQ(parse(R"({"clientCertificateData":")" + cert + R"("})").status().message(),
            "exec plugin returned only certificate or key, not both");
  EXPECT_EQ(parse(R"({"clientKeyData":")" + key + R"("})").status().message(),
            "exec plugin returned only certificate or key, not both");
  EXPECT_EQ(parse(R"({"clientCertificateData":"junk","clientKeyData":")" + key + R"("})").status().message(),
            "failed parsing client key/certificate: tls: failed to find any PEM data in certificate input");
  EXPECT_EQ(parse(R"({"clientCertificateData":")" + cert + R"(","clientKeyData":"junk"})").status().message(),
            "failed parsing client key/certificate: tls: failed to find any PEM data in key input");
  EXPECT_EQ(parse(R"({})").status().message(), "exec plugin didn't return a token or cert/key pair");
}

TEST(ExecCredential, AClientCertificateFromThePluginOpensTheConnection) {
  testing::TestServer s(testing::Script(testing::Route(testing::kPodPath, testing::kPod)), true,
                        /*require_client_cert=*/true);
  ASSERT_TRUE(s.ok());
  TempDir dir;
  const std::string certs = testing::TestServer::CertDir();
  // The plugin prints the test server's client certificate and key, JSON-quoted by python3,
  // and counts its runs.
  std::string plugin = dir.Write("plugin.sh",
      "#!/bin/sh\n"
      "echo run >> \"$(dirname \"$0\")/runs\"\n"
      "exec python3 -c 'import json,sys; print(json.dumps({\"apiVersion\": \"client.authentication.k8s.io/v1\", "
      "\"kind\": \"ExecCredential\", \"status\": {\"clientCertificateData\": open(sys.argv[1]).read(), "
      "\"clientKeyData\": open(sys.argv[2]).read()}}))' " + certs + "/client.crt " + certs + "/client.key\n");
  ::chmod(plugin.c_str(), 0755);
  ClientConfig c = testing::ConfigFor(s, "");
  ExecConfig exec;
  exec.command = plugin;
  exec.api_version = "client.authentication.k8s.io/v1";
  c.exec = exec;
  std::unique_ptr<Client> client = testing::MakeClient(c);
  ASSERT_NE(client, nullptr);
  absl::StatusOr<Json> pod = client->Get(testing::kPodPath);
  EXPECT_TRUE(pod.ok()) << pod.status();
  pod = client->Get(testing::kPodPath);  // the credential is kept: no expiry given
  EXPECT_TRUE(pod.ok()) << pod.status();
  EXPECT_EQ(Read(dir.path() + "/runs"), "run\n");
  std::vector<Json> reqs = s.Requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].GetString("auth"), "");  // no bearer token was sent
}

// A token over plain HTTP to another machine is said once, at start; loopback (kubectl proxy)
// is the expected case and stays quiet.
TEST(ExecCredential, WarnsOnceForATokenInTheClear) {
  for (auto [server, warned] : {std::pair<const char*, bool>{"http://10.1.2.3:8080", true},
                                {"http://127.0.0.1:8001", false},
                                {"https://10.1.2.3:6443", false}}) {
    ClientConfig c;
    c.server = server;
    c.token = "secret";
    std::vector<std::string> lines;
    ClientOptions o;
    o.log = [&](std::string_view l) { lines.emplace_back(l); };
    auto client = Client::Create(c, o);
    ASSERT_TRUE(client.ok());
    bool said = false;
    for (const auto& l : lines) said |= l.find("over plain HTTP") != std::string::npos;
    EXPECT_EQ(said, warned) << server;
    for (const auto& l : lines) EXPECT_EQ(l.find("secret"), std::string::npos);
  }
}

}  // namespace
}  // namespace k8sclient
