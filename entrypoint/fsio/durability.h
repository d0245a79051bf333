// When a written file must also reach the disk (fsync) before podinit calls it written.
//
// The atomic rename is what keeps readers and crashed writers from seeing half a file; an
// fsync adds only durability across a power loss of the node, and costs milliseconds (often
// most of a start-up). That durability buys nothing for a filesystem that does not outlive
// the pod: an emptyDir and the container's own root are thrown away with the pod or the
// container, and their files are rendered again whenever a container of the pod starts (init
// containers run again after a node restart). On a tmpfs an fsync does nothing at all. The
// kubelet itself writes configMap, secret and downwardAPI volumes without one. Anything else
// (a hostPath, a persistent volume, a mount podinit cannot identify) keeps the fsync.
#pragma once

#include <string>
#include <string_view>

namespace entrypoint::fsio {

// Whether files written into the existing directory `dir` must be fsync'ed (and `dir` after
// a rename into it). Reads /proc/self/mountinfo once per process; true when in doubt.
bool NeedsFsync(const std::string& dir);

// The decision for the directory whose real path is `real_dir`, given the text of
// /proc/self/mountinfo (proc(5)): false only when the mount holding it is a tmpfs or ramfs,
// a kubelet emptyDir (its root lies under .../volumes/kubernetes.io~empty-dir/), or the
// container's overlay root.
bool DurableMount(std::string_view mountinfo, std::string_view real_dir);

}  // namespace entrypoint::fsio
