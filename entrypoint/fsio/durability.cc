#include "entrypoint/fsio/durability.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <vector>

namespace entrypoint::fsio {
namespace {

// mountinfo writes a space, tab, newline or backslash in a path as \ooo.
std::string Unescape(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] >= '0' &&
        field[i + 1] <= '3' && field[i + 2] >= '0' && field[i + 2] <= '7' &&
        field[i + 3] >= '0' && field[i + 3] <= '7') {
      out.push_back(static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                                      (field[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(field[i]);
    }
  }
  return out;
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t j = line.find(' ', i);
    if (j == std::string_view::npos) j = line.size();
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

// Whether mount point `mp` holds `path` (both absolute, normalized).
bool Holds(std::string_view mp, std::string_view path) {
  if (mp == "/") return true;
  return path.substr(0, mp.size()) == mp && (path.size() == mp.size() || path[mp.size()] == '/');
}

bool Ephemeral(std::string_view fstype) { return fstype == "tmpfs" || fstype == "ramfs"; }

const std::string* MountInfo() {
  static const std::string* text = [] {
    auto* s = new std::string;
    int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return s;
    char buf[16384];
    for (;;) {
      ssize_t n = read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      s->append(buf, static_cast<size_t>(n));
    }
    close(fd);
    return s;
  }();
  return text;
}

}  // namespace

bool DurableMount(std::string_view mountinfo, std::string_view real_dir) {
  // The mount that holds the directory is the one with the longest mount point above it;
  // of equal ones the later line, which was mounted over the earlier.
  size_t best_len = 0;
  bool found = false, durable = true;
  while (!mountinfo.empty()) {
    size_t nl = mountinfo.find('\n');
    std::string_view line = mountinfo.substr(0, nl);
    mountinfo.remove_prefix(nl == std::string_view::npos ? mountinfo.size() : nl + 1);
    std::vector<std::string_view> f = Fields(line);
    // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (f.size() < 5 || dash + 1 >= f.size()) continue;
    std::string mp = Unescape(f[4]);
    if (!Holds(mp, real_dir) || (found && mp.size() < best_len)) continue;
    found = true;
    best_len = mp.size();
    std::string root = Unescape(f[3]);
    std::string_view fstype = f[dash + 1];
    durable = !(Ephemeral(fstype) ||
                root.find("/volumes/kubernetes.io~empty-dir/") != std::string::npos ||
                (mp == "/" && fstype == "overlay"));
  }
  return durable;
}

bool NeedsFsync(const std::string& dir) {
  struct statfs fs;
  if (statfs(dir.c_str(), &fs) == 0 &&
      (fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC)) {
    return false;
  }
  char real[PATH_MAX];
  if (realpath(dir.c_str(), real) == nullptr) return true;
  const std::string* info = MountInfo();
  if (info->empty()) return true;
  return DurableMount(*info, real);
}

}  // namespace entrypoint::fsio
