#include "entrypoint/init/descriptors.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

namespace entrypoint::init {
namespace {

// Inherited descriptors, sorted. A caller passing more than this many is not a case worth
// memory: past the table's end, nothing more is marked, so extra ones still reach COMMAND.
constexpr int kMaxInherited = 256;
int g_inherited[kMaxInherited] = {0, 1, 2};
int g_count = 3;
bool g_noted = false;
bool g_overflow = false;

// Calls fn(fd) for every open descriptor listed in /proc/self/fd except the directory's
// own. Uses getdents64 on a stack buffer, so it is async-signal-safe. False if /proc is not
// there (a chroot, a container before /proc is mounted).
template <typename Fn>
bool ForEachOpenFd(Fn fn) {
  int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return false;
  alignas(8) char buf[4096];
  while (true) {
    long n = syscall(SYS_getdents64, dir, buf, sizeof buf);
    if (n <= 0) break;
    for (long off = 0; off < n;) {
      auto* d = reinterpret_cast<struct dirent64*>(buf + off);
      off += d->d_reclen;
      int fd = 0;
      const char* p = d->d_name;
      if (*p < '0' || *p > '9') continue;
      for (; *p >= '0' && *p <= '9'; ++p) fd = fd * 10 + (*p - '0');
      if (fd != dir) fn(fd);
    }
  }
  close(dir);
  return true;
}

// Without /proc: every descriptor number up to the limit (bounded, since a hard limit can
// be a million).
int DescriptorLimit() {
  rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return 65536;
  return static_cast<int>(std::min<rlim_t>(rl.rlim_cur, 65536));
}

void SetCloseOnExec(int fd) {
  int flags = fcntl(fd, F_GETFD);
  if (flags >= 0 && !(flags & FD_CLOEXEC)) fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

// Marks [first, last] close-on-exec in one system call (Linux 5.11); false when the kernel
// cannot.
bool CloseOnExecRange(unsigned first, unsigned last) {
  return syscall(SYS_close_range, first, last, CLOSE_RANGE_CLOEXEC) == 0;
}

}  // namespace

void NoteInheritedDescriptors() {
  if (g_noted) return;
  g_noted = true;
  int count = 0;
  bool overflow = false;
  auto add = [&](int fd) {
    if (count < kMaxInherited) {
      g_inherited[count++] = fd;
    } else {
      overflow = true;
    }
  };
  if (!ForEachOpenFd(add)) {
    for (int fd = 0, limit = DescriptorLimit(); fd < limit; ++fd) {
      if (fcntl(fd, F_GETFD) >= 0) add(fd);
    }
  }
  std::sort(g_inherited, g_inherited + count);
  g_count = count;
  g_overflow = overflow;
}

bool IsInheritedDescriptor(int fd) {
  return std::binary_search(g_inherited, g_inherited + g_count, fd);
}

void CloseOnExecExceptInherited() {
  // The gaps between inherited descriptors, and everything above the last one.
  unsigned next = 0;
  bool ranges_ok = true;
  for (int i = 0; i < g_count && ranges_ok; ++i) {
    unsigned fd = static_cast<unsigned>(g_inherited[i]);
    if (fd > next) ranges_ok = CloseOnExecRange(next, fd - 1);
    next = fd + 1;
  }
  if (ranges_ok && !g_overflow) ranges_ok = CloseOnExecRange(next, ~0U);
  if (ranges_ok) return;
  int top = g_overflow && g_count > 0 ? g_inherited[g_count - 1] : -1;
  auto mark = [top](int fd) {
    if (!IsInheritedDescriptor(fd) && (top < 0 || fd < top)) SetCloseOnExec(fd);
  };
  if (!ForEachOpenFd(mark)) {
    for (int fd = 0, limit = DescriptorLimit(); fd < limit; ++fd) mark(fd);
  }
}

}  // namespace entrypoint::init
