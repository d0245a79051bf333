#include "absl/strings/str_cat.h"
#include "entrypoint/log.h"
#include "entrypoint/pod_source.h"
#include "entrypoint/version.h"
#include "k8sclient/client.h"
#include "k8sclient/config.h"

namespace podinit {

k8s::ConfigFlags ConfigFlagsFrom(const Options& o) {
  k8s::ConfigFlags f;
  f.pod_file = o.pod_file;
  f.kubeconfig = o.kubeconfig;
  f.server = o.server;
  f.ca_file = o.ca_file;
  f.token_file = o.token_file;
  f.namespace_ = o.namespace_;
  f.pod_name = o.pod_name;
  if (!o.sa_dir.empty()) f.sa_dir = o.sa_dir;
  return f;
}

absl::StatusOr<k8s::Json> LoadPod(const Options& options, const EnvLookup& env) {
  if (!options.pod_file.empty()) return LoadPodFile(options.pod_file);
  auto config = k8s::ResolveConfig(ConfigFlagsFrom(options), env);
  if (!config.ok()) return config.status();
  k8s::ClientOptions copts;
  copts.user_agent = UserAgent();
  if (options.timeout_set) copts.total_deadline = options.timeout;
  copts.log = [](std::string_view m) { LogWarning(absl::string_view(m.data(), m.size())); };
  auto client = k8s::Client::Create(*config, copts);
  if (!client.ok()) return client.status();
  LogDebug(absl::StrCat("reading pod ", config->namespace_, "/", config->pod_name, " from ",
                        config->server, " (", config->source, ")"));
  // Our own pod's labels at start-up may come from the watch cache.
  return (*client)->Get(absl::StrCat("/api/v1/namespaces/", config->namespace_, "/pods/",
                                     config->pod_name),
                        /*cached=*/true);
}

}  // namespace podinit
