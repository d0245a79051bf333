#include "entrypoint/run/cluster.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "entrypoint/base/log.h"
#include "entrypoint/base/version.h"
#include "entrypoint/run/json_value.h"
#include "entrypoint/run/pod_source.h"
#include "k8sclient/config.h"
#include "k8sclient/json_dom.h"

namespace podinit::run {

Cluster::Cluster(k8s::Json pod, std::unique_ptr<k8s::Client> client, std::string ns)
    : pod_(std::move(pod)), client_(std::move(client)), ns_(std::move(ns)) {
  if (ns_.empty()) ns_ = std::string(pod_.Path("metadata.namespace") ? pod_.Path("metadata.namespace")->as_string() : "default");
}

Cluster::Cluster(std::string json_text, tmpl::Value pod_value, std::string ns)
    : pod_text_(std::move(json_text)), pod_value_(std::move(pod_value)), ns_(std::move(ns)) {}

const k8s::Json& Cluster::pod() const {
  if (!pod_text_.empty()) {
    // The text parsed once already (into pod_value_), so it parses again.
    absl::StatusOr<k8s::Json> pod = k8s::ParseJson(pod_text_);
    if (pod.ok()) pod_ = *std::move(pod);
    pod_text_ = std::string();
  }
  return pod_;
}

absl::StatusOr<std::unique_ptr<Cluster>> Cluster::Open(const ClientSettings& settings,
                                                       const k8s::EnvLookup& env) {
  const k8s::ConfigFlags& source = settings.source;
  if (!source.pod_file.empty()) {
    absl::StatusOr<std::string> text = ReadPodFile(source.pod_file);
    if (!text.ok()) return text.status();
    std::string ns = source.namespace_;
    if (IsJsonDocument(*text)) {
      const bool padded = text->capacity() - text->size() >= simdjson::SIMDJSON_PADDING;
      absl::StatusOr<tmpl::Value> value = ParseJsonValue(*text, padded);
      const std::string what = PodFileName(source.pod_file);
      if (!value.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(what, ": ", value.status().message()));
      }
      if (!value->is_map()) return absl::InvalidArgumentError(absl::StrCat(what, ": not an object"));
      tmpl::Value pod_ns = value->Get("metadata").Get("namespace");
      if (ns.empty() && pod_ns.is_string()) ns = pod_ns.as_string();
      if (ns.empty()) ns = "default";
      return std::make_unique<Cluster>(*std::move(text), *std::move(value), ns);
    }
    auto pod = ParseObject(*text, PodFileName(source.pod_file));
    if (!pod.ok()) return pod.status();
    const k8s::Json* pod_ns = pod->Path("metadata.namespace");
    if (ns.empty() && pod_ns != nullptr && pod_ns->is_string()) ns = pod_ns->as_string();
    if (ns.empty()) ns = "default";
    return std::make_unique<Cluster>(*std::move(pod), nullptr, ns);
  }
  auto config = k8s::ResolveConfig(source, env);
  if (!config.ok()) return config.status();
  k8s::ClientOptions copts;
  copts.user_agent = base::UserAgent();
  if (settings.deadline) copts.total_deadline = *settings.deadline;
  copts.log = [](std::string_view m) { base::LogWarning(absl::string_view(m.data(), m.size())); };
  auto client = k8s::Client::Create(*config, copts);
  if (!client.ok()) return client.status();
  std::string path = absl::StrCat("/api/v1/namespaces/", config->namespace_, "/pods/", config->pod_name);
  base::LogDebug(absl::StrCat("reading pod ", config->namespace_, "/", config->pod_name, " from ",
                        config->server, " (", config->source, ")"));
  // Our own pod at start-up may come from the watch cache.
  auto pod = (*client)->Get(path, /*cached=*/true);
  if (!pod.ok()) return pod.status();
  auto cluster = std::make_unique<Cluster>(*std::move(pod), *std::move(client), config->namespace_);
  cluster->pod_path_ = path;
  return cluster;
}

absl::Status Cluster::Offline(const std::string& what) const {
  return absl::FailedPreconditionError(
      absl::StrCat(what, " needs the API server, and this run reads its pod from --pod-file"));
}

absl::StatusOr<const k8s::Json*> Cluster::Get(const std::string& path) {
  auto it = cache_.find(path);
  if (it == cache_.end()) {
    if (client_ == nullptr) return Offline(absl::StrCat("GET ", path));
    it = cache_.emplace(path, client_->Get(path, /*cached=*/true)).first;
  }
  if (!it->second.ok()) return it->second.status();
  return &*it->second;
}

absl::StatusOr<const k8s::Json*> Cluster::List(const std::string& collection, const std::string& selector) {
  std::string key = absl::StrCat(collection, "?labelSelector=", selector);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    if (client_ == nullptr) return Offline(absl::StrCat("LIST ", collection));
    k8s::ListOptions opts;
    opts.label_selector = selector;
    it = cache_.emplace(key, client_->List(collection, opts)).first;
  }
  if (!it->second.ok()) return it->second.status();
  return &*it->second;
}

absl::Status Cluster::RefreshPod() {
  if (client_ == nullptr) return Offline("re-reading the pod");
  auto pod = client_->Get(pod_path_);
  if (!pod.ok()) return pod.status();
  SetPod(*std::move(pod));
  return absl::OkStatus();
}

const tmpl::Value& Cluster::pod_value() {
  if (!pod_value_) pod_value_ = ToValue(pod_);
  return *pod_value_;
}

void LeaveForExit(std::unique_ptr<Cluster> cluster) {
  static std::vector<Cluster*>* left = new std::vector<Cluster*>;
  left->push_back(cluster.release());
}

}  // namespace podinit::run
