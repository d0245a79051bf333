// What a run knows of the cluster: its own pod, and every other object a template asks for,
// fetched lazily and at most once per run (thousands of pods may start at once; a run makes
// no request its templates do not need).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "k8sclient/api_path.h"
#include "k8sclient/client.h"
#include "k8sclient/config.h"
#include "k8sclient/file_read.h"
#include "k8sclient/json.h"
#include "templating/value.h"

namespace entrypoint::run {

// How a run reaches its pod and the API server, bound by cli's option table.
struct ClientSettings {
  // --pod-file, --kubeconfig, --server, --ca-file, --token-file, --sa-dir, --namespace,
  // --pod-name: k8sclient's own struct, so what the user gave reaches ResolveConfig as is.
  k8sclient::ConfigFlags source;
  // --pod-file-limit: the largest pod file (or standard input) read; as an API answer, 32 MiB.
  size_t pod_file_limit = k8sclient::kMaxPodFileBytes;
  // --timeout, when given, also bounds each API call, retries included.
  std::optional<absl::Duration> deadline;
};

class Cluster {
 public:
  // --pod-file: the pod alone, no network. Otherwise a client from the kubeconfig, --server
  // or the in-cluster service account, and a GET of the pod. `env` answers KUBECONFIG,
  // POD_NAME, KUBERNETES_SERVICE_HOST and the like.
  static absl::StatusOr<std::unique_ptr<Cluster>> Open(const ClientSettings& settings,
                                                       const k8sclient::EnvLookup& env);
  // For tests and callers that already hold a pod; `client` may be null (offline).
  Cluster(k8sclient::Json pod, std::unique_ptr<k8sclient::Client> client, std::string ns);
  // A pod file's JSON (offline): its template data built straight from the text
  // (ParseJsonValue), the k8sclient::Json only when something asks for pod(). A --pod-file List of
  // 100,000 pods is rendered without ever building that second tree.
  Cluster(std::string json_text, templating::Value pod_value, std::string ns);

  const k8sclient::Json& pod() const;
  // The pod as template data, converted once however many templates, -e values and
  // --pre-exec lines a run renders.
  const templating::Value& pod_value();
  const std::string& ns() const { return ns_; }
  k8sclient::Client* client() { return client_.get(); }

  // GET of one object, cached for the run (errors too: asking twice does not ask twice). Its
  // path is built by k8sclient's api_path from the kind, the namespace (empty: this run's)
  // and the name, each validated as the API server validates it: a name like "../secrets/s"
  // is InvalidArgument and never reaches a URL. There is no way to GET a path given as text.
  absl::StatusOr<const k8sclient::Json*> Get(const k8sclient::ApiResource& kind, std::string_view name,
                                       std::string_view ns = {});
  // LIST of a collection with a label selector (parsed by the client before it is sent),
  // cached the same way.
  absl::StatusOr<const k8sclient::Json*> List(const k8sclient::ApiResource& kind, std::string_view selector,
                                        std::string_view ns = {});

  // This pod's Node (spec.nodeName), checked to be a Node before anything reads it: `node`,
  // `resource`'s allocatable fallback and --downward-dir's node labels. FailedPrecondition
  // when the pod is not scheduled yet.
  absl::StatusOr<const k8sclient::Json*> Node();

  // Re-reads the pod (for --watch); updates pod() and forgets cached objects.
  absl::Status RefreshPod();
  // Replaces the pod with a newer version (a watch event) and forgets cached objects. An
  // answer that is not a Pod, or holds fields of the wrong types, is refused (DataLoss) and
  // the old pod kept.
  absl::Status SetPod(k8sclient::Json pod, std::string_view what = "the pod");

 private:
  absl::Status Offline(const std::string& what) const;
  absl::StatusOr<const k8sclient::Json*> Cached(const std::string& key,
                                          const std::function<absl::StatusOr<k8sclient::Json>()>& fetch);

  // pod_ is parsed from pod_text_ on first use (a pod file's JSON); not thread-safe, as
  // nothing else here is.
  mutable k8sclient::Json pod_;
  mutable std::string pod_text_;
  std::optional<templating::Value> pod_value_;
  std::unique_ptr<k8sclient::Client> client_;
  std::string ns_;
  std::string pod_path_;
  std::map<std::string, absl::StatusOr<k8sclient::Json>> cache_;
};

// One-shot commands end the process right after their work. Freeing a pod tree, or a List
// of 10,000 pods given as --pod-file, costs more than rendering it did, so the cluster is
// left for exit to reclaim (still reachable, so LeakSanitizer does not count it).
void LeaveForExit(std::unique_ptr<Cluster> cluster);

}  // namespace entrypoint::run
