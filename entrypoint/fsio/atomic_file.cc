#include "entrypoint/fsio/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "absl/cleanup/cleanup.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "entrypoint/base/write_fd.h"
#include "entrypoint/fsio/durability.h"

namespace entrypoint::fsio {
namespace {

absl::Status Errno(int err, const char* what, const std::string& path) {
  return absl::ErrnoToStatus(err, absl::StrCat(what, " ", path));
}

std::string DirName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

absl::StatusOr<std::string> RealPath(const std::string& path) {
  char buf[PATH_MAX];
  if (realpath(path.c_str(), buf) == nullptr) return Errno(errno, "resolving", path);
  return std::string(buf);
}

bool Inside(const std::string& path, const std::string& tree) {
  if (tree == "/") return true;
  return path.compare(0, tree.size(), tree) == 0 && path.size() > tree.size() &&
         path[tree.size()] == '/';
}

// A directory on the way to `path` may itself be a symbolic link (DEST/sub -> /etc): the
// deepest directory of the path that exists must resolve to the output tree or below it, or
// creating directories and renaming into them would write outside the tree.
absl::Status CheckDirectoryInside(const std::string& path, const std::string& root) {
  if (root.empty()) return absl::OkStatus();
  absl::StatusOr<std::string> tree = RealPath(root);
  if (!tree.ok()) return tree.status();
  std::string dir = DirName(path);
  for (;;) {
    char buf[PATH_MAX];
    if (realpath(dir.c_str(), buf) != nullptr) {
      if (*tree == buf || Inside(buf, *tree)) return absl::OkStatus();
      return absl::FailedPreconditionError(absl::StrCat(
          path, ": the directory ", dir, " resolves to ", buf, ", outside the output tree ", *tree,
          "; refusing to write there"));
    }
    if (errno != ENOENT && errno != ENOTDIR) return Errno(errno, "resolving", dir);
    std::string parent = DirName(dir);
    if (parent == dir) return absl::OkStatus();
    dir = parent;
  }
}

// The file actually written for path: path itself, or the target of a symlink that stays
// inside the output tree (see AtomicWriteOptions::root).
absl::StatusOr<std::string> ResolveDestination(const std::string& path, const std::string& root) {
  if (absl::Status s = CheckDirectoryInside(path, root); !s.ok()) return s;
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return path;
    return Errno(errno, "stat", path);
  }
  if (S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": is a directory"));
  }
  if (!S_ISLNK(st.st_mode)) return path;
  char target[PATH_MAX];
  ssize_t n = readlink(path.c_str(), target, sizeof target - 1);
  target[n < 0 ? 0 : n] = '\0';
  absl::StatusOr<std::string> resolved = RealPath(path);
  if (!resolved.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": is a symbolic link to ", target, ", which does not resolve (",
        resolved.status().message(), "); refusing to write through it"));
  }
  absl::StatusOr<std::string> tree = RealPath(root.empty() ? DirName(path) : root);
  if (!tree.ok()) return tree.status();
  if (!Inside(*resolved, *tree)) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": is a symbolic link to ", target, " (", *resolved, "), outside the output tree ",
        *tree, "; refusing to write through it"));
  }
  struct stat tst;
  if (stat(resolved->c_str(), &tst) == 0 && S_ISDIR(tst.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": is a symbolic link to a directory (", *resolved, ")"));
  }
  return *resolved;
}

enum class Existing { kMissing, kSame, kModeDiffers, kDifferent };

// Compares without following a symlink (the destination is already resolved).
absl::StatusOr<Existing> CompareExisting(const std::string& path, std::string_view data,
                                         mode_t mode) {
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Existing::kMissing;
    if (errno == EACCES) return Existing::kDifferent;  // cannot read it: just replace it
    return Errno(errno, "opening", path);
  }
  absl::Cleanup closer = [fd] { close(fd); };
  struct stat st;
  if (fstat(fd, &st) != 0) return Errno(errno, "stat", path);
  if (!S_ISREG(st.st_mode) || static_cast<size_t>(st.st_size) != data.size()) {
    return Existing::kDifferent;
  }
  char buf[65536];
  size_t pos = 0;
  while (pos < data.size()) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno(errno, "reading", path);
    }
    if (n == 0 || pos + n > data.size() || memcmp(buf, data.data() + pos, n) != 0) {
      return Existing::kDifferent;
    }
    pos += n;
  }
  return (st.st_mode & 07777) == mode ? Existing::kSame : Existing::kModeDiffers;
}

absl::Status FsyncDir(const std::string& dir) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno(errno, "opening directory", dir);
  int rc = fsync(fd);
  int err = errno;
  close(fd);
  // Some filesystems cannot fsync a directory; the rename itself has happened.
  if (rc != 0 && err != EINVAL && err != EROFS) return Errno(err, "fsync of directory", dir);
  return absl::OkStatus();
}

// The fallback for a destination that cannot be renamed over (a single file bind-mounted
// into the container): overwrite from the start, then cut to the new length. Readers can
// see a mix while this runs; there is no better option on such a mount.
absl::Status WriteInPlace(const std::string& path, std::string_view data, mode_t mode,
                          bool durable) {
  int fd = open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return Errno(errno, "opening for an in-place write", path);
  absl::Cleanup closer = [fd] { close(fd); };
  if (absl::Status s = base::WriteFull(fd, data, absl::StrCat("writing ", path)); !s.ok()) return s;
  if (ftruncate(fd, static_cast<off_t>(data.size())) != 0) return Errno(errno, "truncating", path);
  if (durable && fsync(fd) != 0) return Errno(errno, "fsync of", path);
  struct stat st;
  if (fstat(fd, &st) == 0 && (st.st_mode & 07777) != mode && fchmod(fd, mode) != 0) {
    return Errno(errno, "chmod of", path);
  }
  return absl::OkStatus();
}

// A writer killed between creating its temporary file and the rename leaves the file behind
// (300 SIGKILLs once left 39 of them, 130 MiB). Every writer holds an exclusive flock on its
// temporary file until the rename, and the kernel drops it when the writer dies; so a
// temporary whose lock can be taken belongs to nobody, whatever its age, and is removed by
// the next write of the same destination, changed or not.
void RemoveDeadTemporaries(const std::string& dir, const std::string& prefix) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return;
  while (dirent* e = readdir(d)) {
    std::string_view name = e->d_name;
    if (name.size() != prefix.size() + 16 || name.substr(0, prefix.size()) != prefix) continue;
    std::string path = absl::StrCat(dir, "/", e->d_name);
    int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat st, now;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
        lstat(path.c_str(), &now) == 0 && now.st_ino == st.st_ino && now.st_dev == st.st_dev) {
      unlink(path.c_str());
    }
    close(fd);
  }
  closedir(d);
}

// Locks a temporary file just created. Another writer's clean-up may have opened it first
// and removed it (the file was not locked yet): then the name no longer leads to this file,
// and the caller takes another name.
bool LockedAndStillNamed(int fd, const std::string& path) {
  struct stat mine, named;
  return flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &mine) == 0 &&
         lstat(path.c_str(), &named) == 0 && mine.st_ino == named.st_ino &&
         mine.st_dev == named.st_dev;
}

absl::Status MakeDirs(const std::string& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(dir, ": is not a directory"));
  }
  if (errno != ENOENT) return Errno(errno, "stat", dir);
  std::string parent = DirName(dir);
  if (parent != dir) {
    if (absl::Status s = MakeDirs(parent); !s.ok()) return s;
  }
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return Errno(errno, "creating directory", dir);
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteFileAtomic(const std::string& path, std::string_view data, mode_t mode,
                             bool* changed) {
  WriteResult result;
  absl::Status s = WriteFileAtomic(path, data, mode, AtomicWriteOptions{}, &result);
  if (changed != nullptr) *changed = result.changed;
  return s;
}

absl::Status WriteFileAtomic(const std::string& path, std::string_view data, mode_t mode,
                             const AtomicWriteOptions& opts, WriteResult* result) {
  WriteResult local;
  WriteResult& out = result != nullptr ? *result : local;
  out = WriteResult{};
  mode &= 07777;
  if (path.empty()) return absl::InvalidArgumentError("empty output path");

  absl::StatusOr<std::string> dest = ResolveDestination(path, opts.root);
  if (!dest.ok()) return dest.status();
  const std::string dir = DirName(*dest);
  const std::string tmp_prefix = absl::StrCat(".", BaseName(*dest), ".podinit-");
  RemoveDeadTemporaries(dir, tmp_prefix);
  absl::StatusOr<Existing> existing = CompareExisting(*dest, data, mode);
  if (!existing.ok()) return existing.status();
  if (*existing == Existing::kSame) return absl::OkStatus();
  out.changed = true;
  if (*existing == Existing::kModeDiffers) {
    if (chmod(dest->c_str(), mode) != 0) return Errno(errno, "chmod of", *dest);
    return absl::OkStatus();
  }

  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    uint64_t r = 0;
    if (getrandom(&r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) r ^= getpid() + attempt;
    tmp = absl::StrFormat("%s/%s%016x", dir, tmp_prefix, r);
    fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) return Errno(errno, "creating temporary file", tmp);
    if (fd >= 0 && !LockedAndStillNamed(fd, tmp)) {
      close(fd);
      fd = -1;
    }
  }
  if (fd < 0) return Errno(EEXIST, "creating temporary file beside", *dest);
  bool tmp_exists = true;
  absl::Cleanup remove_tmp = [&] {
    if (fd >= 0) close(fd);
    if (tmp_exists) unlink(tmp.c_str());
  };
  if (absl::Status s = base::WriteFull(fd, data, absl::StrCat("writing ", tmp)); !s.ok()) return s;
  // Durable before the rename publishes it, where durability is worth an fsync at all
  // (durability.h): the rename alone already keeps readers from a partial file.
  const bool durable = NeedsFsync(dir);
  if (durable && fsync(fd) != 0) return Errno(errno, "fsync of", tmp);
  if (fchmod(fd, mode) != 0) return Errno(errno, "chmod of", tmp);
  // The file stays open, and so locked, until it is renamed (see RemoveDeadTemporaries).
  int rc = opts.rename_fn ? opts.rename_fn(tmp.c_str(), dest->c_str())
                          : rename(tmp.c_str(), dest->c_str());
  if (rc != 0) {
    int err = errno;
    if (err != EXDEV && err != EBUSY) return Errno(err, "renaming over", *dest);
    unlink(tmp.c_str());
    tmp_exists = false;
    out.in_place = true;
    return WriteInPlace(*dest, data, mode, durable);
  }
  tmp_exists = false;
  return durable ? FsyncDir(dir) : absl::OkStatus();
}

absl::Status WriteFilesAtomic(const std::vector<FileToWrite>& files,
                              std::vector<std::string>* changed_paths,
                              const AtomicWriteOptions& opts) {
  auto options_for = [&opts](const FileToWrite& f) {
    AtomicWriteOptions o = opts;
    if (!f.root.empty()) o.root = f.root;
    return o;
  };
  for (const FileToWrite& f : files) {
    if (f.path.empty()) return absl::InvalidArgumentError("empty output path");
    const AtomicWriteOptions o = options_for(f);
    // The tree itself is the user's to name and is created as given; below it, nothing is
    // created until every directory on the way is known to stay inside it.
    if (!o.root.empty()) {
      if (absl::Status s = MakeDirs(o.root); !s.ok()) return s;
    }
    if (absl::Status s = CheckDirectoryInside(f.path, o.root); !s.ok()) return s;
    if (absl::Status s = MakeDirs(DirName(f.path)); !s.ok()) return s;
    if (absl::StatusOr<std::string> d = ResolveDestination(f.path, o.root); !d.ok()) {
      return d.status();
    }
  }
  for (const FileToWrite& f : files) {
    WriteResult r;
    if (absl::Status s = WriteFileAtomic(f.path, f.data, f.mode, options_for(f), &r); !s.ok()) {
      return s;
    }
    if (r.changed && changed_paths != nullptr) changed_paths->push_back(f.path);
  }
  return absl::OkStatus();
}

}  // namespace entrypoint::fsio
