#include "k8sclient/file_read.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace k8s {

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return absl::FailedPreconditionError(path + ": " + std::strerror(errno));
  }
  std::string out;
  char buf[8192];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (out.size() + n > kMaxFileBytes) {
      std::fclose(f);
      return absl::FailedPreconditionError(absl::StrCat(
          path, ": larger than ", kMaxFileBytes >> 20, " MiB, so not a credential or config file"));
    }
    out.append(buf, n);
  }
  bool failed = std::ferror(f);
  int err = errno;
  std::fclose(f);
  if (failed) return absl::FailedPreconditionError(path + ": " + std::strerror(err));
  return out;
}

std::string TrimSpace(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace k8s
