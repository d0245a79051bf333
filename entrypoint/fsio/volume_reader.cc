#include "entrypoint/fsio/volume_reader.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "k8sclient/file_read.h"

namespace entrypoint::fsio {
namespace {

absl::Status Failed(const std::string& path, absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat(path, ": ", why));
}

std::optional<std::string> ReadLink(const std::string& path) {
  char buf[PATH_MAX];
  ssize_t n = readlink(path.c_str(), buf, sizeof buf);
  if (n < 0 || n == static_cast<ssize_t>(sizeof buf)) return std::nullopt;
  return std::string(buf, static_cast<size_t>(n));
}

std::string Size(int64_t bytes) {
  return bytes % (int64_t{1} << 20) == 0 ? absl::StrCat(bytes >> 20, " MiB") : absl::StrCat(bytes, " bytes");
}

bool Inside(const std::string& path, const std::string& root) {
  if (root == "/") return true;
  return path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
         path[root.size()] == '/';
}

// ReadRegularFile, telling the walker (through `vanished`) when the file was not there: in a
// volume being updated that means "read again", not an error of the user's.
absl::StatusOr<std::string> ReadRegular(const std::string& path, int64_t max_bytes,
                                        const std::string& what, bool* vanished) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    if (vanished != nullptr && errno == ENOENT) *vanished = true;
    return Failed(what, std::strerror(errno));
  }
  absl::Cleanup closer = [fd] { close(fd); };
  struct stat st;
  if (fstat(fd, &st) != 0) return Failed(what, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    return Failed(what, S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
  }
  // Read to the end, not to the size fstat gave: a file may grow while it is read.
  return k8sclient::ReadBoundedFd(fd, static_cast<size_t>(max_bytes), what);
}

// One pass over the tree. `moved` is set when an error may come from a `..data` swap under
// the walk (a name that vanished, a link that dangles), so the caller retries before it
// reports the error.
class Walker {
 public:
  Walker(std::string root, std::string real_root, const TreeLimits& limits)
      : root_(std::move(root)), real_root_(std::move(real_root)), limits_(limits) {}

  absl::Status Walk(const std::string& real_dir, const std::string& shown_dir,
                    const std::string& rel, int depth) {
    if (depth > limits_.max_depth) {
      return absl::FailedPreconditionError(
          absl::StrCat(shown_dir, ": nested deeper than ", limits_.max_depth, " directories"));
    }
    struct stat dst;
    if (stat(real_dir.c_str(), &dst) != 0) return Vanished(shown_dir, errno);
    // A link back to a directory being read (`sub/up -> ..`) would make the tree endless; it
    // adds no file that is not already there, so it is passed over.
    const std::pair<dev_t, ino_t> id{dst.st_dev, dst.st_ino};
    if (std::find(path_.begin(), path_.end(), id) != path_.end()) return absl::OkStatus();
    path_.push_back(id);
    absl::Cleanup pop = [this] { path_.pop_back(); };
    DIR* d = opendir(real_dir.c_str());
    if (d == nullptr) return Vanished(shown_dir, errno);
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      // The kubelet's own entries (and "." and ".."): never part of what the user sees.
      if (name.rfind("..", 0) == 0 || name == ".") continue;
      names.push_back(std::move(name));
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      if (absl::Status s = Entry(real_dir + "/" + name, shown_dir + "/" + name, rel + name, depth);
          !s.ok()) {
        return s;
      }
    }
    return absl::OkStatus();
  }

  std::vector<TreeFile>& files() { return files_; }
  bool moved() const { return moved_; }

 private:
  absl::Status Entry(const std::string& real, const std::string& shown, const std::string& rel,
                     int depth) {
    struct stat st;
    if (lstat(real.c_str(), &st) != 0) return Vanished(shown, errno);
    std::string target = real;
    if (S_ISLNK(st.st_mode)) {
      std::string link = ReadLink(real).value_or("?");
      char buf[PATH_MAX];
      if (realpath(real.c_str(), buf) == nullptr) {
        moved_ = true;
        return Failed(shown, absl::StrCat("a symbolic link to ", link,
                                          ", which does not resolve (", std::strerror(errno), ")"));
      }
      target = buf;
      if (target != real_root_ && !Inside(target, real_root_)) {
        return Failed(shown, absl::StrCat("a symbolic link to ", link, " (", target,
                                          "), outside the template tree ", root_,
                                          "; refusing to read through it"));
      }
      if (stat(target.c_str(), &st) != 0) return Vanished(shown, errno);
    }
    if (S_ISDIR(st.st_mode)) return Walk(target, shown, rel + "/", depth + 1);
    if (!S_ISREG(st.st_mode)) return Failed(shown, "not a regular file or directory");
    if (static_cast<int>(files_.size()) >= limits_.max_files) {
      return absl::FailedPreconditionError(
          absl::StrCat(root_, ": more than ", limits_.max_files, " files in the template tree"));
    }
    auto data = ReadRegular(target, limits_.max_file_bytes, shown, &moved_);
    if (!data.ok()) return data.status();
    total_ += static_cast<int64_t>(data->size());
    if (total_ > limits_.max_total_bytes) {
      return absl::FailedPreconditionError(absl::StrCat(
          root_, ": the template tree holds more than ", Size(limits_.max_total_bytes)));
    }
    files_.push_back({rel, *std::move(data)});
    return absl::OkStatus();
  }

  absl::Status Vanished(const std::string& shown, int err) {
    if (err == ENOENT) moved_ = true;
    return Failed(shown, std::strerror(err));
  }

  const std::string root_, real_root_;
  const TreeLimits& limits_;
  std::vector<std::pair<dev_t, ino_t>> path_;  // the directories from the root to here
  std::vector<TreeFile> files_;
  int64_t total_ = 0;
  bool moved_ = false;
};

}  // namespace

absl::StatusOr<std::string> ReadRegularFile(const std::string& path, int64_t max_bytes,
                                            const std::string& what) {
  return ReadRegular(path, max_bytes, what, nullptr);
}

absl::StatusOr<std::vector<TreeFile>> ReadTree(const std::string& root, const TreeLimits& limits) {
  char buf[PATH_MAX];
  if (realpath(root.c_str(), buf) == nullptr) return Failed(root, std::strerror(errno));
  const std::string real_root = buf;
  const std::string data_link = real_root + "/..data";
  for (int attempt = 0;; ++attempt) {
    std::optional<std::string> before = ReadLink(data_link);
    Walker walker(root, real_root, limits);
    absl::Status s = walker.Walk(real_root, root, "", 0);
    std::optional<std::string> after = ReadLink(data_link);
    const bool last_attempt = attempt + 1 >= limits.max_attempts;
    // The kubelet swapped `..data` under the walk: what was read may mix two versions. Read
    // again.
    if (before != after) {
      if (!last_attempt) continue;
      return absl::FailedPreconditionError(absl::StrCat(
          root, ": kept changing while it was read (", limits.max_attempts, " attempts)"));
    }
    // Between its swap of `..data` and its clean-up the kubelet leaves links to names that
    // went away: a short pause lets it finish.
    if (!s.ok() && walker.moved() && before.has_value() && !last_attempt) {
      usleep(static_cast<useconds_t>(10000 * (attempt + 1)));
      continue;
    }
    if (!s.ok()) return s;
    return std::move(walker.files());
  }
}

}  // namespace entrypoint::fsio
