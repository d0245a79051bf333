#include "k8sclient/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "absl/strings/str_split.h"
#include "k8sclient/file_read.h"
#include "k8sclient/kubeconfig.h"

namespace k8sclient {
namespace {

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string NonEmptyEnv(const EnvLookup& env, std::string_view name) {
  if (!env) return "";
  std::optional<std::string> v = env(name);
  return v ? *v : "";
}

// KUBECONFIG is a list of files, merged as kubectl merges them; missing ones are skipped.
// When none exists the first is kept, so the error names a file the user wrote.
std::vector<std::string> KubeconfigList(const std::string& list) {
  std::vector<std::string> found;
  std::string first;
  for (absl::string_view part : absl::StrSplit(list, ':', absl::SkipEmpty())) {
    std::string p(part);
    if (first.empty()) first = p;
    if (FileExists(p) && std::find(found.begin(), found.end(), p) == found.end()) {
      found.push_back(std::move(p));
    }
  }
  if (found.empty() && !first.empty()) found.push_back(first);
  return found;
}

absl::Status CheckServerUrl(const std::string& url, std::string_view what) {
  if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) {
    size_t host = url.find("://") + 3;
    if (host < url.size() && url[host] != '/') return absl::OkStatus();
  }
  return absl::InvalidArgumentError(std::string(what) + " \"" + url +
                                    "\": want a URL like https://host:port or http://host:port");
}

absl::StatusOr<ClientConfig> InCluster(const ConfigFlags& flags, const EnvLookup& env) {
  std::string host = NonEmptyEnv(env, "KUBERNETES_SERVICE_HOST");
  std::string port = NonEmptyEnv(env, "KUBERNETES_SERVICE_PORT");
  if (host.empty() || port.empty()) {
    return absl::FailedPreconditionError(
        "not in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set "
        "(or give --pod-file, --kubeconfig or --server)");
  }
  ClientConfig c;
  c.server = "https://" + JoinHostPort(host, port);
  c.source = "in-cluster";
  c.token_file = flags.token_file.empty() ? flags.sa_dir + "/token" : flags.token_file;
  c.ca_file = flags.ca_file.empty() ? flags.sa_dir + "/ca.crt" : flags.ca_file;
  // Fail now, at configuration time, rather than on the first request: a missing token means
  // automountServiceAccountToken is off or the volume is not mounted.
  absl::StatusOr<std::string> token = ReadWholeFile(c.token_file);
  if (!token.ok()) {
    return absl::FailedPreconditionError("service account token " +
                                         std::string(token.status().message()));
  }
  if (TrimSpace(*token).empty()) {
    return absl::FailedPreconditionError("service account token " + c.token_file + " is empty");
  }
  // client-go falls back to the system roots when ca.crt is missing; images built FROM scratch
  // have none, so a clear error here beats a puzzling verification failure later.
  absl::StatusOr<std::string> ca = ReadWholeFile(c.ca_file);
  if (!ca.ok()) {
    return absl::FailedPreconditionError("service account CA " + std::string(ca.status().message()));
  }
  // Hand curl the bytes already read (ca_file stays, to name it in errors) instead of having
  // it read the file a second time on the start-up path.
  c.ca_pem = *std::move(ca);
  return c;
}

}  // namespace

std::optional<std::string> ProcessEnv(std::string_view name) {
  const char* v = std::getenv(std::string(name).c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

std::string JoinHostPort(std::string_view host, std::string_view port) {
  if (host.find(':') != std::string_view::npos && !host.empty() && host.front() != '[') {
    std::string out = "[";
    out.append(host).append("]:").append(port);
    return out;
  }
  return std::string(host) + ":" + std::string(port);
}

absl::StatusOr<ClientConfig> ResolveConfig(const ConfigFlags& flags, const EnvLookup& env) {
  ClientConfig c;
  // --kubeconfig names one file and is not merged, as kubectl's flag.
  std::vector<std::string> kubeconfigs;
  if (!flags.kubeconfig.empty()) {
    kubeconfigs.push_back(flags.kubeconfig);
  } else {
    kubeconfigs = KubeconfigList(NonEmptyEnv(env, "KUBECONFIG"));
  }
  if (!kubeconfigs.empty()) {
    absl::StatusOr<ClientConfig> kc = LoadKubeconfigs(kubeconfigs);
    if (!kc.ok()) return kc.status();
    c = *std::move(kc);
    // Explicit flags override the kubeconfig, as kubectl's --server and --certificate-authority do.
    if (!flags.server.empty()) c.server = flags.server;
    if (!flags.ca_file.empty()) {
      c.ca_file = flags.ca_file;
      c.ca_pem.clear();
    }
    if (!flags.token_file.empty()) {
      c.token_file = flags.token_file;
      c.token.clear();
    }
  } else if (!flags.server.empty()) {
    c.server = flags.server;
    c.ca_file = flags.ca_file;
    c.token_file = flags.token_file;
    c.source = "--server";
  } else {
    absl::StatusOr<ClientConfig> ic = InCluster(flags, env);
    if (!ic.ok()) return ic.status();
    c = *std::move(ic);
  }
  if (absl::Status s = CheckServerUrl(c.server, c.source == "--server" ? "--server" : "server");
      !s.ok()) {
    return s;
  }
  while (!c.server.empty() && c.server.back() == '/') c.server.pop_back();

  std::string context_ns = c.namespace_;
  if (!flags.namespace_.empty()) {
    c.namespace_ = flags.namespace_;
  } else if (std::string ns = NonEmptyEnv(env, "POD_NAMESPACE"); !ns.empty()) {
    c.namespace_ = ns;
  } else if (!context_ns.empty()) {
    c.namespace_ = context_ns;
  } else if (absl::StatusOr<std::string> f = ReadWholeFile(flags.sa_dir + "/namespace");
             f.ok() && !TrimSpace(*f).empty()) {
    c.namespace_ = TrimSpace(*f);
  } else {
    c.namespace_ = "default";
  }

  if (!flags.pod_name.empty()) {
    c.pod_name = flags.pod_name;
  } else if (std::string n = NonEmptyEnv(env, "POD_NAME"); !n.empty()) {
    c.pod_name = n;
  } else if (std::string h = NonEmptyEnv(env, "HOSTNAME"); !h.empty()) {
    c.pod_name = h;
  } else {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) == 0) c.pod_name = buf;
  }
  if (c.pod_name.empty()) {
    return absl::FailedPreconditionError(
        "cannot tell the pod's name: set --pod-name or POD_NAME (fieldRef metadata.name)");
  }
  return c;
}

}  // namespace k8sclient
