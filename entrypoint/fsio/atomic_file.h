// Writing output files so that a reader (or a crash) only ever sees the complete old or
// the complete new content.
#ifndef PODINIT_ENTRYPOINT_FSIO_ATOMIC_FILE_H_
#define PODINIT_ENTRYPOINT_FSIO_ATOMIC_FILE_H_

#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace entrypoint::fsio {

struct AtomicWriteOptions {
  // The output tree. A destination that is a symbolic link is followed only when it
  // resolves to a path inside this directory (e.g. `config -> ..data/config`); a link that
  // leads out of it, or dangles, is refused with FailedPrecondition, because renaming over
  // it would silently replace the link and writing through it would touch a file we do
  // not own. Empty: the destination's own directory.
  std::string root;
  // For tests: stands in for rename(2) (to simulate EXDEV/EBUSY).
  std::function<int(const char* from, const char* to)> rename_fn;
};

struct WriteResult {
  bool changed = false;   // false: the file already had exactly these bytes and this mode
  bool in_place = false;  // rename was impossible (EBUSY/EXDEV: a bind-mounted single file),
                          // so the file was truncated and rewritten in place: not atomic
};

// Writes data to path with mode (exactly, umask ignored): a temporary file in the same
// directory (O_EXCL, random name), all bytes written, fsync, fchmod, rename over path,
// fsync of the directory; both fsyncs only where the filesystem outlives the pod
// (durability.h). Nothing is written when path already holds exactly these bytes
// with this mode (its mtime is kept); only the mode differs: chmod. Errors name the path
// and the errno text. The destination's directory must exist. Temporary files are named
// `.<name>.podinit-<16 hex>` and flock'ed by their writer until the rename; ones left by a
// killed writer (no lock) are removed by the next write of the same file, changed or not.
// One writer per destination at a time.
absl::Status WriteFileAtomic(const std::string& path, std::string_view data, mode_t mode,
                             bool* changed);
absl::Status WriteFileAtomic(const std::string& path, std::string_view data, mode_t mode,
                             const AtomicWriteOptions& opts, WriteResult* result);

struct FileToWrite {
  std::string path;
  std::string data;
  mode_t mode = 0644;
  std::string root;  // overrides AtomicWriteOptions::root for this file when set
};

// Validates every destination first (the directory exists or can be created with 0755,
// the path is not a directory, the symlink rule above, and with a root every directory on
// the way resolves inside it), so a bad path fails before anything is written; then writes
// each file atomically, stopping at the first failure.
// changed_paths (optional) receives the paths whose content or mode changed.
absl::Status WriteFilesAtomic(const std::vector<FileToWrite>& files,
                              std::vector<std::string>* changed_paths = nullptr,
                              const AtomicWriteOptions& opts = {});

}  // namespace entrypoint::fsio

#endif  // PODINIT_ENTRYPOINT_FSIO_ATOMIC_FILE_H_
