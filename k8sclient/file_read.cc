#include "k8sclient/file_read.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "simdjson.h"

namespace k8sclient {
namespace {

// "32 MiB", "1 KiB", "100 bytes".
std::string Size(size_t n) {
  if (n >= (size_t{1} << 20) && n % (size_t{1} << 20) == 0) return absl::StrCat(n >> 20, " MiB");
  if (n >= 1024 && n % 1024 == 0) return absl::StrCat(n >> 10, " KiB");
  return absl::StrCat(n, " bytes");
}

enum class Read { kOk, kTooLarge, kError };

// A large buffer (a 126 MB List of pods) is filled in order, one page fault per 4 kB; one
// MADV_POPULATE_WRITE (Linux 5.14) faults its whole page-aligned middle in at once. Where the
// kernel lacks it, the pages fault one by one as before.
void PrefaultLarge(std::string& buf) {
  constexpr size_t kMin = size_t{8} << 20;
  constexpr uintptr_t kPage = 4096;
  if (buf.capacity() < kMin) return;
  uintptr_t begin = (reinterpret_cast<uintptr_t>(buf.data()) + kPage - 1) & ~(kPage - 1);
  uintptr_t end = (reinterpret_cast<uintptr_t>(buf.data()) + buf.capacity()) & ~(kPage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
}

// Reads `fd` to its end into `out`, stopping after `limit` bytes and one more to tell.
Read ReadAll(int fd, size_t limit, std::string& out, int& err) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      return Read::kError;
    }
    if (n == 0) return Read::kOk;
    if (out.size() + static_cast<size_t>(n) > limit) return Read::kTooLarge;
    out.append(buf, static_cast<size_t>(n));
  }
}

absl::StatusOr<std::string> ReadPath(const std::string& path, size_t limit, std::string_view name,
                                     std::string_view too_large) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::FailedPreconditionError(absl::StrCat(std::string(name), ": ", std::strerror(errno)));
  }
  std::string out;
  // A regular file's size is known: one allocation, with room for the SIMDJSON_PADDING bytes
  // a JSON pod file is parsed with, instead of 64 KiB appends that copy a 126 MB List about
  // twice over and a reserve that copies it once more.
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) <= limit) {
    out.reserve(static_cast<size_t>(st.st_size) + simdjson::SIMDJSON_PADDING);
    PrefaultLarge(out);
  }
  int err = 0;
  Read r = ReadAll(fd, limit, out, err);
  ::close(fd);
  if (r == Read::kError) {
    return absl::FailedPreconditionError(absl::StrCat(std::string(name), ": ", std::strerror(err)));
  }
  if (r == Read::kTooLarge) {
    return absl::FailedPreconditionError(
        absl::StrCat(std::string(name), ": larger than ", Size(limit), std::string(too_large)));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  return ReadPath(path, kMaxFileBytes, path, ", so not a credential or config file");
}

absl::StatusOr<std::string> ReadBoundedFile(const std::string& path, size_t limit,
                                            std::string_view name) {
  if (path == "-") return ReadBoundedFd(STDIN_FILENO, limit, name);
  return ReadPath(path, limit, name, "");
}

absl::StatusOr<std::string> ReadBoundedFd(int fd, size_t limit, std::string_view name) {
  std::string out;
  int err = 0;
  switch (ReadAll(fd, limit, out, err)) {
    case Read::kOk:
      return out;
    case Read::kTooLarge:
      return absl::FailedPreconditionError(
          absl::StrCat(std::string(name), ": larger than ", Size(limit)));
    case Read::kError:
      break;
  }
  return absl::FailedPreconditionError(absl::StrCat(std::string(name), ": ", std::strerror(err)));
}

std::string TrimSpace(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace k8sclient
