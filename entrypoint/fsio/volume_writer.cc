// Follows the kubelet's AtomicWriter.Write step by step; the step numbers in comments are
// those of atomic_writer.go.
#include "entrypoint/fsio/volume_writer.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <ctime>
#include <set>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "entrypoint/base/write_fd.h"
#include "entrypoint/fsio/durability.h"
#include "gocompat/string_view.h"

namespace entrypoint::fsio {
namespace {

constexpr char kDataDirName[] = "..data";
constexpr char kNewDataDirName[] = "..data_tmp";
constexpr size_t kMaxFileNameLength = 255;
constexpr size_t kMaxPathLength = 4096;

absl::Status Errno(int err, const char* what, const std::string& path) {
  return absl::ErrnoToStatus(err, absl::StrCat(what, " ", path));
}

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// validatePath, then filepath.Clean.
absl::StatusOr<std::string> ValidateAndClean(const std::string& path) {
  auto invalid = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid path \"", path, "\": ", gocompat::AV(why)));
  };
  if (path.empty()) return invalid("must not be empty");
  if (path[0] == '/') return invalid("must be a relative path");
  if (path.size() > kMaxPathLength) return invalid("must be at most 4096 characters");
  std::vector<std::string> items = Split(path);
  for (const std::string& item : items) {
    if (item == "..") return invalid("must not contain '..'");
    if (item.size() > kMaxFileNameLength) return invalid("file names must be at most 255 characters");
  }
  if (items[0].size() > 2 && items[0].compare(0, 2, "..") == 0) {
    return invalid("must not start with '..'");
  }
  std::string clean;
  for (const std::string& item : items) {
    if (item.empty() || item == ".") continue;
    if (!clean.empty()) clean += '/';
    clean += item;
  }
  if (clean.empty()) return invalid("names no file");
  return clean;
}

std::string Join(const std::string& a, const std::string& b) { return a + "/" + b; }

absl::Status ReadFile(const std::string& path, std::string* out, mode_t* mode) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno(errno, "reading", path);
  absl::Cleanup closer = [fd] { close(fd); };
  struct stat st;
  if (fstat(fd, &st) != 0) return Errno(errno, "stat", path);
  *mode = st.st_mode & 07777;
  out->clear();
  char buf[65536];
  while (true) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno(errno, "reading", path);
    }
    if (n == 0) break;
    out->append(buf, n);
  }
  return absl::OkStatus();
}

// shouldWritePayload (plus the mode, see the header).
absl::StatusOr<bool> ShouldWritePayload(const std::map<std::string, VolumeFile>& payload,
                                        const std::string& old_ts_path) {
  std::string on_disk;
  for (const auto& [rel, file] : payload) {
    std::string path = Join(old_ts_path, rel);
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) return true;
      return Errno(errno, "stat", path);
    }
    if (!S_ISREG(st.st_mode)) return true;
    mode_t mode;
    if (absl::Status s = ReadFile(path, &on_disk, &mode); !s.ok()) return s;
    if (on_disk != file.data || mode != (file.mode & 07777)) return true;
  }
  return false;
}

absl::Status Walk(const std::string& root, const std::string& rel, std::set<std::string>* out) {
  std::string path = rel.empty() ? root : Join(root, rel);
  DIR* d = opendir(path.c_str());
  if (d == nullptr) return Errno(errno, "reading directory", path);
  absl::Cleanup closer = [d] { closedir(d); };
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string child = rel.empty() ? name : Join(rel, name);
    out->insert(child);
    if (e->d_type == DT_DIR) {
      if (absl::Status s = Walk(root, child, out); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

// pathsToRemove: everything in the old directory that is not the payload or a directory
// on the way to it.
absl::StatusOr<std::set<std::string>> PathsToRemove(
    const std::map<std::string, VolumeFile>& payload, const std::string& old_ts_path) {
  std::set<std::string> current;
  if (absl::Status s = Walk(old_ts_path, "", &current); !s.ok()) {
    if (absl::IsNotFound(s)) return std::set<std::string>{};
    return s;
  }
  std::set<std::string> wanted;
  for (const auto& [rel, file] : payload) {
    for (std::string sub = rel; !sub.empty();) {
      wanted.insert(sub);
      size_t slash = sub.rfind('/');
      sub = slash == std::string::npos ? "" : sub.substr(0, slash);
    }
  }
  std::set<std::string> out;
  for (const std::string& p : current) {
    if (!wanted.count(p)) out.insert(p);
  }
  return out;
}

absl::Status RemoveAll(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    return errno == ENOENT ? absl::OkStatus() : Errno(errno, "stat", path);
  }
  if (S_ISDIR(st.st_mode)) {
    DIR* d = opendir(path.c_str());
    if (d == nullptr) return Errno(errno, "reading directory", path);
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    closedir(d);
    for (const std::string& n : names) {
      if (absl::Status s = RemoveAll(Join(path, n)); !s.ok()) return s;
    }
    if (rmdir(path.c_str()) != 0) return Errno(errno, "removing", path);
  } else if (unlink(path.c_str()) != 0) {
    return Errno(errno, "removing", path);
  }
  return absl::OkStatus();
}

absl::Status MakeDirs(const std::string& dir, mode_t mode) {
  if (mkdir(dir.c_str(), mode) == 0) return absl::OkStatus();
  if (errno == EEXIST) {
    struct stat st;
    if (stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(dir, ": is not a directory"));
  }
  if (errno != ENOENT) return Errno(errno, "creating directory", dir);
  size_t slash = dir.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return Errno(ENOENT, "creating directory", dir);
  if (absl::Status s = MakeDirs(dir.substr(0, slash), mode); !s.ok()) return s;
  if (mkdir(dir.c_str(), mode) != 0 && errno != EEXIST) return Errno(errno, "creating directory", dir);
  return absl::OkStatus();
}

absl::Status FsyncPath(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno(errno, "opening", path);
  int rc = fsync(fd);
  int err = errno;
  close(fd);
  if (rc != 0 && err != EINVAL) return Errno(err, "fsync of", path);
  return absl::OkStatus();
}

// newTimestampDir: os.MkdirTemp(dir, "..2006_01_02_15_04_05.") in UTC, then 0755 whatever the
// umask. MkdirTemp appends the decimal digits of a random uint32 (os/tempfile.go nextRandom),
// so the name is `..2026_12_07_10_00_00.123456789`, as programs that parse it expect.
absl::StatusOr<std::string> NewTimestampDir(const std::string& dir) {
  time_t now = time(nullptr);
  struct tm tm;
  gmtime_r(&now, &tm);
  char stamp[64];
  strftime(stamp, sizeof stamp, "..%Y_%m_%d_%H_%M_%S.", &tm);
  for (int attempt = 0; attempt < 10000; ++attempt) {
    uint32_t r = 0;
    if (getrandom(&r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) r = static_cast<uint32_t>(getpid() * 2654435761u + attempt);
    std::string path = Join(dir, absl::StrCat(stamp, r));
    if (mkdir(path.c_str(), 0700) != 0) {
      if (errno == EEXIST) continue;
      return Errno(errno, "creating directory in", dir);
    }
    if (chmod(path.c_str(), 0755) != 0) return Errno(errno, "chmod of", path);
    return path;
  }
  return Errno(EEXIST, "creating directory in", dir);
}

absl::Status WritePayloadToDir(const std::map<std::string, VolumeFile>& payload,
                               const std::string& ts_dir, bool durable) {
  for (const auto& [rel, file] : payload) {
    std::string path = Join(ts_dir, rel);
    size_t slash = path.find_last_of('/');
    if (absl::Status s = MakeDirs(path.substr(0, slash), 0755); !s.ok()) return s;
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Errno(errno, "creating", path);
    absl::Cleanup closer = [fd] { close(fd); };
    if (absl::Status s = base::WriteFull(fd, file.data, absl::StrCat("writing ", path)); !s.ok()) return s;
    // Durable before ..data points at it, so a power loss cannot publish empty files (where
    // the volume outlives the pod at all: durability.h).
    if (durable && fsync(fd) != 0) return Errno(errno, "fsync of", path);
    if (fchmod(fd, file.mode & 07777) != 0) return Errno(errno, "chmod of", path);
  }
  return durable ? FsyncPath(ts_dir) : absl::OkStatus();
}

absl::Status CreateUserVisibleFiles(const std::map<std::string, VolumeFile>& payload,
                                    const std::string& dir) {
  for (const auto& [rel, file] : payload) {
    std::string link_name = rel.substr(0, rel.find('/'));
    std::string visible = Join(dir, link_name);
    struct stat st;
    if (lstat(visible.c_str(), &st) == 0) continue;  // kubelet: only missing links are made
    if (errno != ENOENT) return Errno(errno, "stat", visible);
    if (symlink(Join(kDataDirName, link_name).c_str(), visible.c_str()) != 0) {
      return Errno(errno, "creating symlink", visible);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteVolume(const std::string& dir, const std::map<std::string, VolumeFile>& files,
                         bool* changed) {
  if (changed != nullptr) *changed = false;
  // (1) validate the whole payload before touching anything.
  std::map<std::string, VolumeFile> payload;
  for (const auto& [path, file] : files) {
    absl::StatusOr<std::string> clean = ValidateAndClean(path);
    if (!clean.ok()) return clean.status();
    payload[*clean] = file;
  }
  if (dir.empty()) return absl::InvalidArgumentError("empty volume directory");
  if (absl::Status s = MakeDirs(dir, 0755); !s.ok()) return s;

  // (2) the current timestamped directory.
  const std::string data_dir_path = Join(dir, kDataDirName);
  std::string old_ts_dir;
  char target[PATH_MAX];
  ssize_t n = readlink(data_dir_path.c_str(), target, sizeof target - 1);
  if (n >= 0) {
    old_ts_dir.assign(target, n);
    // Only ever delete what this writer made: a sibling named ..something.
    if (old_ts_dir.find('/') != std::string::npos || old_ts_dir.compare(0, 2, "..") != 0 ||
        old_ts_dir == ".." || old_ts_dir == kDataDirName || old_ts_dir == kNewDataDirName) {
      return absl::FailedPreconditionError(absl::StrCat(
          data_dir_path, " points to ", old_ts_dir, ", not to a timestamped directory of this volume"));
    }
  } else if (errno != ENOENT) {
    return Errno(errno, "reading symlink", data_dir_path);
  }
  const std::string old_ts_path = Join(dir, old_ts_dir);

  std::set<std::string> paths_to_remove;
  if (!old_ts_dir.empty()) {
    // (3) what was deleted from the payload.
    absl::StatusOr<std::set<std::string>> remove = PathsToRemove(payload, old_ts_path);
    if (!remove.ok()) return remove.status();
    paths_to_remove = *std::move(remove);
    // (4) anything to do at all?
    absl::StatusOr<bool> should = ShouldWritePayload(payload, old_ts_path);
    if (!should.ok()) return should.status();
    if (!*should && paths_to_remove.empty()) {
      // Up to date; put back any top-level link someone removed.
      return CreateUserVisibleFiles(payload, dir);
    }
  }

  // (5) new timestamped directory, (6) the payload in it.
  absl::StatusOr<std::string> ts_dir = NewTimestampDir(dir);
  if (!ts_dir.ok()) return ts_dir.status();
  const bool durable = NeedsFsync(dir);
  if (absl::Status s = WritePayloadToDir(payload, *ts_dir, durable); !s.ok()) {
    RemoveAll(*ts_dir).IgnoreError();
    return s;
  }
  const std::string ts_dir_name = ts_dir->substr(ts_dir->find_last_of('/') + 1);

  // (7) ..data_tmp -> new dir (a left-over one from a crash is replaced), (8) rename it over
  // ..data: the atomic switch.
  const std::string new_data_dir_path = Join(dir, kNewDataDirName);
  unlink(new_data_dir_path.c_str());
  if (symlink(ts_dir_name.c_str(), new_data_dir_path.c_str()) != 0) {
    absl::Status s = Errno(errno, "creating symlink", new_data_dir_path);
    RemoveAll(*ts_dir).IgnoreError();
    return s;
  }
  if (rename(new_data_dir_path.c_str(), data_dir_path.c_str()) != 0) {
    absl::Status s = Errno(errno, "renaming symlink over", data_dir_path);
    unlink(new_data_dir_path.c_str());
    RemoveAll(*ts_dir).IgnoreError();
    return s;
  }
  if (changed != nullptr) *changed = true;
  if (durable) {
    if (absl::Status s = FsyncPath(dir); !s.ok()) return s;
  }

  // (9) top-level symlinks for new entries.
  if (absl::Status s = CreateUserVisibleFiles(payload, dir); !s.ok()) return s;

  // (10) top-level symlinks of entries that are gone (nested paths live inside ..data).
  for (const std::string& p : paths_to_remove) {
    if (p.find('/') != std::string::npos) continue;
    std::string visible = Join(dir, p);
    if (unlink(visible.c_str()) != 0 && errno != ENOENT) return Errno(errno, "removing", visible);
  }

  // (11) the previous timestamped directory.
  if (!old_ts_dir.empty()) return RemoveAll(old_ts_path);
  return absl::OkStatus();
}

}  // namespace entrypoint::fsio
