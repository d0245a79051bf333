#include "k8sclient/exec_credential.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

extern char** environ;

namespace k8sclient {

namespace {

constexpr absl::Duration kPluginTimeout = absl::Seconds(60);
constexpr size_t kMaxOutput = 1 << 20;

std::string Quote(std::string_view s) { return absl::StrCat("\"", std::string(s), "\""); }

}  // namespace

std::string ExecInfo(const ExecConfig& exec) {
  Json spec = Json::MakeObject();
  spec.Set("interactive", false);
  if (exec.provide_cluster_info && !exec.cluster.is_null()) spec.Set("cluster", exec.cluster);
  Json info = Json::MakeObject();
  info.Set("kind", "ExecCredential");
  info.Set("apiVersion", exec.api_version);
  info.Set("spec", std::move(spec));
  return info.Dump();
}

absl::StatusOr<ExecToken> ParseExecCredential(std::string_view out, std::string_view api_version) {
  auto cred = ParseJson(out);
  if (!cred.ok() || !cred->is_object()) {
    return absl::UnauthenticatedError("exec plugin: decoding stdout: not an ExecCredential object");
  }
  if (cred->GetString("kind") != "ExecCredential" || cred->GetString("apiVersion") != api_version) {
    return absl::UnauthenticatedError(absl::StrCat(
        "exec plugin is configured to use API version ", std::string(api_version),
        ", plugin returned version ", std::string(cred->GetString("apiVersion"))));
  }
  const Json* status = cred->Find("status");
  if (status == nullptr || !status->is_object()) {
    return absl::UnauthenticatedError("exec plugin didn't return a status field");
  }
  ExecToken t;
  t.token = std::string(status->GetString("token"));
  t.client_cert_pem = std::string(status->GetString("clientCertificateData"));
  t.client_key_pem = std::string(status->GetString("clientKeyData"));
  // client-go's refreshCredsLocked, in its order and words.
  if (t.token.empty() && t.client_cert_pem.empty() && t.client_key_pem.empty()) {
    return absl::UnauthenticatedError("exec plugin didn't return a token or cert/key pair");
  }
  if (t.client_cert_pem.empty() != t.client_key_pem.empty()) {
    return absl::UnauthenticatedError("exec plugin returned only certificate or key, not both");
  }
  // tls.X509KeyPair's first checks: PEM blocks of the right kinds (the TLS library reads them).
  if (!t.client_cert_pem.empty()) {
    if (t.client_cert_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      return absl::UnauthenticatedError(
          "failed parsing client key/certificate: tls: failed to find any PEM data in certificate input");
    }
    if (t.client_key_pem.find("PRIVATE KEY-----") == std::string::npos) {
      return absl::UnauthenticatedError(
          "failed parsing client key/certificate: tls: failed to find any PEM data in key input");
    }
  }
  if (std::string_view exp = status->GetString("expirationTimestamp"); !exp.empty()) {
    std::string err;
    if (!absl::ParseTime(absl::RFC3339_full, std::string(exp), &t.expires, &err)) {
      return absl::UnauthenticatedError(absl::StrCat("exec plugin: bad expirationTimestamp ", Quote(exp)));
    }
  }
  return t;
}

ExecCredentialPlugin::ExecCredentialPlugin(ExecConfig exec, std::function<absl::Time()> now)
    : exec_(std::move(exec)), now_(now ? std::move(now) : [] { return absl::Now(); }) {}

absl::StatusOr<ExecToken> ExecCredentialPlugin::Credential(bool force) {
  std::lock_guard<std::mutex> lock(mu_);
  const bool have = !cached_.token.empty() || !cached_.client_cert_pem.empty();
  if (!force && have && now_() < cached_.expires) return cached_;
  auto out = Run();
  if (!out.ok()) return out.status();
  auto parsed = ParseExecCredential(*out, exec_.api_version);
  if (!parsed.ok()) return parsed.status();
  cached_ = *std::move(parsed);
  return cached_;
}

absl::StatusOr<std::string> ExecCredentialPlugin::Token(bool force) {
  absl::StatusOr<ExecToken> c = Credential(force);
  if (!c.ok()) return c.status();
  return c->token;
}

absl::StatusOr<std::string> ExecCredentialPlugin::Run() {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  for (const auto& [k, v] : exec_.env) env_strings.push_back(absl::StrCat(k, "=", v));
  env_strings.push_back("KUBERNETES_EXEC_INFO=" + ExecInfo(exec_));
  std::vector<char*> envp, argv;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string command = exec_.command;
  argv.push_back(command.data());
  std::vector<std::string> args = exec_.args;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return absl::ErrnoToStatus(errno, "exec plugin: pipe");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);  // stderr stays ours, as client-go's
  pid_t pid;
  int rc = posix_spawnp(&pid, command.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    std::string msg = absl::StrCat("exec: executable ", command, " not found");
    if (rc != ENOENT) msg = absl::StrCat("exec: running ", command, ": ", std::strerror(rc));
    if (!exec_.install_hint.empty()) absl::StrAppend(&msg, "\n\n", exec_.install_hint);
    return absl::FailedPreconditionError(absl::StrCat("getting credentials: ", msg));
  }
  std::string out;
  absl::Time deadline = absl::Now() + kPluginTimeout;
  bool timed_out = false;
  while (true) {
    int wait_ms = static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
    if (wait_ms <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, wait_ms) < 0 && errno != EINTR) break;
    char buf[4096];
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > kMaxOutput) break;
  }
  ::close(fds[0]);
  if (timed_out || out.size() > kMaxOutput) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return absl::DeadlineExceededError(absl::StrCat("getting credentials: exec plugin ", command, " timed out"));
  if (out.size() > kMaxOutput) return absl::UnauthenticatedError("exec plugin: stdout over 1 MiB");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::UnauthenticatedError(absl::StrCat(
        "getting credentials: exec: executable ", command, " failed with exit code ",
        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)));
  }
  return out;
}

}  // namespace k8sclient
