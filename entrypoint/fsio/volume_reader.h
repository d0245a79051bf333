// Reading a template directory as its user sees it. Templates usually reach a pod through a
// ConfigMap, Secret or projected volume, which the kubelet lays out as
//
//   DIR/app.conf -> ..data/app.conf          one symlink per visible top-level name
//   DIR/sub      -> ..data/sub               (nested keys: the first element only)
//   DIR/..data   -> ..2026_12_07_10_00_00.123456789
//   DIR/..2026_12_07_10_00_00.123456789/    the real files
//
// and swaps `..data` atomically on every update. The tree is therefore read through its
// visible names, never through the timestamped directory or `..data` itself, and as one
// version: when `..data` moves during the read, the read starts again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace entrypoint::fsio {

struct TreeFile {
  std::string name;  // relative path through visible names ("app.conf", "sub/b.conf"):
                     // no empty, "." or ".." element, never a name that starts with ".."
  std::string data;
};

struct TreeLimits {
  int max_files = 10000;
  int max_depth = 32;
  int64_t max_file_bytes = int64_t{16} << 20;    // as credential and config files
  int64_t max_total_bytes = int64_t{128} << 20;  // as a template's output
  int max_attempts = 8;                          // reads restarted by a `..data` swap
};

// Every regular file below `root`, sorted by name. Entries whose names start with ".." are
// the kubelet's (`..data`, `..2026_…`, `..data_tmp`) and are not listed. A symbolic link is
// followed only when it resolves inside `root` (`app.conf -> ..data/app.conf`); one that
// leads out of the tree, dangles, or closes a loop is an error naming it, as is anything that
// is neither a regular file nor a directory (a FIFO would block the read forever).
// Errors are FailedPrecondition (a configuration error, as for any input file), past a
// limit too, and name the path.
absl::StatusOr<std::vector<TreeFile>> ReadTree(const std::string& root,
                                               const TreeLimits& limits = {});

// One regular file, following symbolic links (the user named it), refusing anything else and
// anything over `max_bytes`. `what` opens each error message ("template /etc/x.tmpl").
absl::StatusOr<std::string> ReadRegularFile(const std::string& path, int64_t max_bytes,
                                            const std::string& what);

}  // namespace entrypoint::fsio
