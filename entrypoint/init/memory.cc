#include "entrypoint/init/memory.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <string_view>

namespace entrypoint::init {

void ReleaseStartupMemory() {
  malloc_trim(0);
  FILE* maps = std::fopen("/proc/self/maps", "re");
  if (maps == nullptr) return;
  char exe[4096];
  ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) {
    std::fclose(maps);
    return;
  }
  exe[n] = '\0';
  char line[4096 + 128];
  while (std::fgets(line, sizeof line, maps) != nullptr) {
    unsigned long start = 0, end = 0;
    char perms[5] = {};
    int path_at = 0;
    if (std::sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &start, &end, perms, &path_at) < 3) continue;
    std::string_view path(line + path_at);
    while (!path.empty() && (path.back() == '\n' || path.back() == ' ')) path.remove_suffix(1);
    // Only the binary's read-only mappings: text and constants are clean file pages.
    if (path != exe || perms[1] == 'w') continue;
    // Random first: every page the supervising loop faults back in would otherwise bring
    // its read-around window (128 kB) with it, and the idle RSS came back to 1.1 MB.
    ::madvise(reinterpret_cast<void*>(start), end - start, MADV_RANDOM);
    ::madvise(reinterpret_cast<void*>(start), end - start, MADV_PAGEOUT);
  }
  std::fclose(maps);
}

}  // namespace entrypoint::init
