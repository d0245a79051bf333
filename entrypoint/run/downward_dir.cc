#include "entrypoint/run/downward_dir.h"

#include "absl/strings/str_cat.h"
#include "entrypoint/base/log.h"
#include "entrypoint/fsio/volume_writer.h"
#include "k8sclient/downward.h"

namespace entrypoint::run {

absl::StatusOr<std::map<std::string, std::string>> DownwardFiles(Cluster& cluster) {
  const k8sclient::Json* node = nullptr;
  if (cluster.client() != nullptr && !cluster.pod().StringAt("spec.nodeName").empty()) {
    auto n = cluster.Node();
    if (n.ok()) {
      node = *n;
    } else {
      base::LogWarning(absl::StrCat("--downward-dir: no node-labels: ", n.status().message()));
    }
  }
  return k8sclient::DownwardFiles(cluster.pod(), node);
}

absl::Status WriteDownwardDir(const std::string& dir, const std::map<std::string, std::string>& files,
                              mode_t mode, bool* changed) {
  std::map<std::string, fsio::VolumeFile> volume;
  for (const auto& [name, data] : files) volume[name] = fsio::VolumeFile{data, mode};
  return fsio::WriteVolume(dir, volume, changed);
}

}  // namespace entrypoint::run
