// Crash-test helper: renders PATH over and over with WriteFileAtomic, alternating between
// two large contents (SIZE_B bytes of 'b', then SIZE_A bytes of 'a', ...) until killed.
//   crash_writer PATH SIZE_A SIZE_B [--naive|--once]
// --naive writes with a plain truncate-and-write instead, to show that the crash test
// catches torn writes. --once writes PATH's own content back once (an unchanged output) and
// exits, as the next run after a crash does.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "entrypoint/fsio/atomic_file.h"

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    fprintf(stderr, "usage: crash_writer PATH SIZE_A SIZE_B\n");
    return 1;
  }
  const std::string a(strtoul(argv[2], nullptr, 10), 'a');
  const std::string b(strtoul(argv[3], nullptr, 10), 'b');
  const std::string mode = argc == 5 ? argv[4] : "";
  const bool naive = mode == "--naive";
  if (mode == "--once") {
    FILE* f = fopen(argv[1], "rb");
    std::string current;
    char buf[65536];
    for (size_t n; f != nullptr && (n = fread(buf, 1, sizeof buf, f)) > 0;) current.append(buf, n);
    if (f != nullptr) fclose(f);
    bool changed = true;
    absl::Status s = entrypoint::fsio::WriteFileAtomic(argv[1], current, 0644, &changed);
    if (!s.ok() || changed) {
      fprintf(stderr, "crash_writer --once: %s\n", s.ok() ? "rewrote an unchanged file" : std::string(s.message()).c_str());
      return 1;
    }
    return 0;
  }
  for (unsigned long i = 1;; ++i) {
    const std::string& data = i % 2 ? b : a;
    if (naive) {
      FILE* f = fopen(argv[1], "wb");
      for (size_t off = 0; f != nullptr && off < data.size(); off += 65536) {
        fwrite(data.data() + off, 1, std::min<size_t>(65536, data.size() - off), f);
        fflush(f);
      }
      if (f != nullptr) fclose(f);
      continue;
    }
    bool changed;
    absl::Status s = entrypoint::fsio::WriteFileAtomic(argv[1], data, 0644, &changed);
    if (!s.ok()) {
      fprintf(stderr, "crash_writer: %s\n", std::string(s.message()).c_str());
      return 1;
    }
  }
}
