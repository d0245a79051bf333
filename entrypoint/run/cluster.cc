#include "entrypoint/run/cluster.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "entrypoint/base/log.h"
#include "entrypoint/base/version.h"
#include "entrypoint/run/json_value.h"
#include "entrypoint/run/pod_source.h"
#include "gocompat/string_view.h"
#include "k8sclient/config.h"
#include "k8sclient/file_read.h"
#include "k8sclient/json_dom.h"
#include "k8sclient/object_check.h"

namespace entrypoint::run {

Cluster::Cluster(k8sclient::Json pod, std::unique_ptr<k8sclient::Client> client, std::string ns)
    : pod_(std::move(pod)), client_(std::move(client)), ns_(std::move(ns)) {
  if (ns_.empty()) ns_ = std::string(pod_.StringAt("metadata.namespace"));
  if (ns_.empty()) ns_ = "default";
}

Cluster::Cluster(std::string json_text, templating::Value pod_value, std::string ns)
    : pod_text_(std::move(json_text)), pod_value_(std::move(pod_value)), ns_(std::move(ns)) {}

const k8sclient::Json& Cluster::pod() const {
  if (!pod_text_.empty()) {
    // The text parsed once already (into pod_value_), so it parses again.
    absl::StatusOr<k8sclient::Json> pod = k8sclient::ParseJson(pod_text_);
    if (pod.ok()) pod_ = *std::move(pod);
    pod_text_ = std::string();
  }
  return pod_;
}

absl::StatusOr<std::unique_ptr<Cluster>> Cluster::Open(const ClientSettings& settings,
                                                       const k8sclient::EnvLookup& env) {
  const k8sclient::ConfigFlags& source = settings.source;
  if (!source.pod_file.empty()) {
    const std::string what = PodFileName(source.pod_file);
    absl::StatusOr<std::string> text = k8sclient::ReadBoundedFile(source.pod_file, settings.pod_file_limit, what);
    if (!text.ok()) return text.status();
    std::string ns = source.namespace_;
    if (IsJsonDocument(*text)) {
      // simdjson's one pass reads up to SIMDJSON_PADDING bytes past the text: room for that
      // spares ParseJsonValue a copy (and the slower DOM pass).
      text->reserve(text->size() + simdjson::SIMDJSON_PADDING);
      std::optional<ItemsPrecheck> items;
      absl::StatusOr<templating::Value> value = ParseJsonValue(*text, /*padded=*/true, &items);
      if (!value.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(what, ": ", value.status().message()));
      }
      if (!value->is_map()) return absl::InvalidArgumentError(absl::StrCat(what, ": not an object"));
      // As LoadPodFile checks the YAML below: a file the user gave is configuration (exit 1).
      if (absl::Status s = ValidatePodOrList(*value, what, items ? &*items : nullptr); !s.ok()) {
        return absl::InvalidArgumentError(s.message());
      }
      templating::Value pod_ns = value->Get("metadata").Get("namespace");
      if (ns.empty() && pod_ns.is_string()) ns = pod_ns.as_string();
      if (ns.empty()) ns = "default";
      return std::make_unique<Cluster>(*std::move(text), *std::move(value), ns);
    }
    auto pod = LoadPodFile(source.pod_file, settings.pod_file_limit);
    if (!pod.ok()) return pod.status();
    if (ns.empty()) ns = std::string(pod->StringAt("metadata.namespace"));
    if (ns.empty()) ns = "default";
    return std::make_unique<Cluster>(*std::move(pod), nullptr, ns);
  }
  auto config = k8sclient::ResolveConfig(source, env);
  if (!config.ok()) return config.status();
  // The pod's own name and namespace come from flags, the environment or the host name:
  // checked like any other before they make a path (exit 1, no request).
  auto path = k8sclient::ObjectPath("v1", "Pod", config->namespace_, config->pod_name);
  if (!path.ok()) return absl::InvalidArgumentError(absl::StrCat("this pod: ", path.status().message()));
  k8sclient::ClientOptions copts;
  copts.user_agent = base::UserAgent();
  if (settings.deadline) copts.total_deadline = *settings.deadline;
  copts.log = [](std::string_view m) { base::LogWarning(gocompat::AV(m)); };
  auto client = k8sclient::Client::Create(*config, copts);
  if (!client.ok()) return client.status();
  base::LogDebug(absl::StrCat("reading pod ", config->namespace_, "/", config->pod_name, " from ",
                        config->server, " (", config->source, ")"));
  // Our own pod at start-up may come from the watch cache.
  auto pod = (*client)->Get(*path, /*cached=*/true);
  if (!pod.ok()) return pod.status();
  const std::string what = absl::StrCat("pod ", config->namespace_, "/", config->pod_name);
  if (absl::Status s = k8sclient::ValidatePod(*pod, what); !s.ok()) return s;
  auto cluster = std::make_unique<Cluster>(*std::move(pod), *std::move(client), config->namespace_);
  cluster->pod_path_ = *path;
  return cluster;
}

absl::Status Cluster::Offline(const std::string& what) const {
  return absl::FailedPreconditionError(
      absl::StrCat(what, " needs the API server, and this run reads its pod from --pod-file"));
}

absl::StatusOr<const k8sclient::Json*> Cluster::Cached(
    const std::string& key, const std::function<absl::StatusOr<k8sclient::Json>()>& fetch) {
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    if (client_ == nullptr) return Offline(key);
    it = cache_.emplace(key, fetch()).first;
  }
  if (!it->second.ok()) return it->second.status();
  return &*it->second;
}

absl::StatusOr<const k8sclient::Json*> Cluster::Get(const k8sclient::ApiResource& kind, std::string_view name,
                                              std::string_view ns) {
  auto path = k8sclient::ObjectPath(kind, ns.empty() ? ns_ : ns, name);
  if (!path.ok()) return path.status();
  return Cached(absl::StrCat("GET ", *path), [&] { return client_->Get(*path, /*cached=*/true); });
}

absl::StatusOr<const k8sclient::Json*> Cluster::List(const k8sclient::ApiResource& kind, std::string_view selector,
                                               std::string_view ns) {
  auto path = k8sclient::CollectionPath(kind, ns.empty() ? ns_ : ns);
  if (!path.ok()) return path.status();
  k8sclient::ListOptions opts;
  opts.label_selector = std::string(selector);
  return Cached(absl::StrCat("LIST ", *path, "?labelSelector=", k8sclient::QueryEscape(selector)),
                [&] { return client_->List(*path, opts); });
}

absl::StatusOr<const k8sclient::Json*> Cluster::Node() {
  std::string_view name = pod().StringAt("spec.nodeName");
  if (name.empty()) return absl::FailedPreconditionError("the pod is not scheduled yet (no spec.nodeName)");
  auto kind = k8sclient::ResolveKind("v1", "Node");
  if (!kind.ok()) return kind.status();
  auto node = Get(*kind, name);
  if (!node.ok()) return node.status();
  if (absl::Status s = k8sclient::ValidateNode(**node, absl::StrCat("node \"", gocompat::AV(name), "\"")); !s.ok()) return s;
  return node;
}

absl::Status Cluster::RefreshPod() {
  if (client_ == nullptr) return Offline("re-reading the pod");
  auto pod = client_->Get(pod_path_);
  if (!pod.ok()) return pod.status();
  return SetPod(*std::move(pod));
}

absl::Status Cluster::SetPod(k8sclient::Json pod, std::string_view what) {
  if (absl::Status s = k8sclient::ValidatePod(pod, what); !s.ok()) return s;
  pod_ = std::move(pod);
  pod_text_.clear();
  pod_value_.reset();
  cache_.clear();
  return absl::OkStatus();
}

const templating::Value& Cluster::pod_value() {
  if (!pod_value_) pod_value_ = ToValue(pod_);
  return *pod_value_;
}

void LeaveForExit(std::unique_ptr<Cluster> cluster) {
  static std::vector<Cluster*>* left = new std::vector<Cluster*>;
  left->push_back(cluster.release());
}

}  // namespace entrypoint::run
