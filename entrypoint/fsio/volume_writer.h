// --downward-dir: the kubelet's AtomicWriter (pkg/volume/util/atomic_writer.go), so that
// programs written for a Downward API / ConfigMap volume (watching `..data`) work as is.
//
//   DIR/..2026_11_23_11_45_02.a1B2c3/   the real files (mode applied with chmod), dir 0755
//   DIR/..data -> ..2026_11_23_11_45_02.a1B2c3
//   DIR/name   -> ..data/name           one symlink per top-level entry
//   DIR/container -> ..data/container   (for container/cpu_limit: the first element only)
//
// An update writes a new timestamped directory, points `..data_tmp` at it and renames that
// over `..data` (the atomic switch readers see), adds missing top-level symlinks, removes
// those of entries that are gone, then removes the old directory.
#ifndef PODINIT_ENTRYPOINT_FSIO_VOLUME_WRITER_H_
#define PODINIT_ENTRYPOINT_FSIO_VOLUME_WRITER_H_

#include <sys/types.h>

#include <map>
#include <string>

#include "absl/status/status.h"

namespace entrypoint::fsio {

struct VolumeFile {
  std::string data;
  mode_t mode = 0644;
};

// Writes files (keys are relative paths) into dir, creating dir if needed. Paths must be
// relative, non-empty, without a `..` element, with a first element not starting with `..`
// (reserved for the writer), elements of at most 255 bytes and at most 4096 bytes in all;
// an invalid payload writes nothing (InvalidArgument). When every file already has the
// same bytes and mode and nothing is removed, nothing is written (*changed = false). One
// deviation from the kubelet: it ignores a change of mode alone; we rewrite.
absl::Status WriteVolume(const std::string& dir, const std::map<std::string, VolumeFile>& files,
                         bool* changed = nullptr);

}  // namespace entrypoint::fsio

#endif  // PODINIT_ENTRYPOINT_FSIO_VOLUME_WRITER_H_
