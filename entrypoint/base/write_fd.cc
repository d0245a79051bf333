#include "entrypoint/base/write_fd.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "gocompat/string_view.h"

namespace entrypoint::base {

absl::Status WriteFull(int fd, std::string_view data, std::string_view what) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n >= 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, -1) >= 0 || errno == EINTR) continue;
    }
    return absl::FailedPreconditionError(absl::StrCat(gocompat::AV(what), ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status WriteStdout(std::string_view data) {
  return WriteFull(STDOUT_FILENO, data, "writing to standard output");
}

}  // namespace entrypoint::base
