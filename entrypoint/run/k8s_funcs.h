// The Kubernetes-aware template functions of PRODUCT.md, registered through the templating
// library's ordinary function interface: fieldRef, resource, ordinal, owner, statefulset,
// pods, node, endpoints, configMap, secret, lookup, clusterDomain.
#pragma once

#include <string>

#include "entrypoint/run/cluster.h"
#include "templating/template.h"

namespace podinit::run {

struct K8sFuncOptions {
  bool allow_secrets = false;
  std::string resolv_conf = "/etc/resolv.conf";  // where clusterDomain looks
};

// The functions hold a reference to `cluster`, which must outlive every template run.
tmpl::FuncMap KubernetesFuncs(Cluster& cluster, const K8sFuncOptions& options);

// The cluster domain from a resolv.conf's search list (the entry after "svc."), else
// "cluster.local".
std::string ClusterDomainFrom(const std::string& resolv_conf_text);

}  // namespace podinit::run
