// --downward-dir: the Downward API volume, reproduced (k8sclient decides names and bytes,
// the volume writer lays them out as the kubelet's AtomicWriter does).
#pragma once

#include <sys/types.h>

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "entrypoint/run/cluster.h"

namespace entrypoint::run {

// The files for this pod. The node (for node-labels and allocatable fallbacks) is read
// when the API server is reachable; without RBAC for nodes the files are written without
// node-labels and a warning names the missing permission.
absl::StatusOr<std::map<std::string, std::string>> DownwardFiles(Cluster& cluster);

absl::Status WriteDownwardDir(const std::string& dir, const std::map<std::string, std::string>& files,
                              mode_t mode, bool* changed);

}  // namespace entrypoint::run
