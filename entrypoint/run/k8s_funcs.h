// The Kubernetes-aware template functions of PRODUCT.md, registered through the templating
// library's ordinary function interface: fieldRef, resource, ordinal, owner, statefulset,
// pods, node, endpoints, configMap, secret, lookup, clusterDomain.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "entrypoint/run/cluster.h"
#include "templating/template.h"

namespace entrypoint::run {

// What the functions learned while templates ran, handed back with every rendering (see
// Renderer in outputs.h) rather than left in shared state.
struct RenderReport {
  // A template read a Secret (`secret`, or `lookup` of a v1 Secret): outputs default to 0600.
  bool secrets_read = false;
  // The first API failure a function returned (and so the cause of the template error that
  // followed): the run exits 3, not 2, and a 403's Role hint is shown.
  absl::Status api_error;

  // Adds what a later rendering learned: any Secret read counts, the first API error stays.
  void Merge(const RenderReport& later);
};

// The function library's settings; allow_secrets is bound by cli's option table.
struct K8sFuncSettings {
  bool allow_secrets = false;                    // --allow-secrets
  std::string resolv_conf = "/etc/resolv.conf";  // where clusterDomain looks
};

// The functions hold `cluster` and `report`, which must outlive every template run; each
// call records into `report` what it learned.
templating::FuncMap KubernetesFuncs(Cluster& cluster, const K8sFuncSettings& settings, RenderReport* report);

// The cluster domain from a resolv.conf's search list (the entry after "svc."), else
// "cluster.local".
std::string ClusterDomainFrom(const std::string& resolv_conf_text);

}  // namespace entrypoint::run
