#include "fakeapi/kubeconfig_out.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gocompat/json.h"
#include "gocompat/string_view.h"

namespace fakeapi {

namespace {

// A YAML double-quoted scalar: a JSON string literal is one, control characters included.
std::string Quoted(std::string_view s) {
  std::string out;
  gocompat::AppendJsonString(out, s, /*escape_html=*/false);
  return out;
}

}  // namespace

std::string KubeconfigYaml(std::string_view server, std::string_view ca_pem,
                           std::string_view token, std::string_view ns) {
  std::string y = "apiVersion: v1\nkind: Config\nclusters:\n- name: podinit-fake\n  cluster:\n";
  absl::StrAppend(&y, "    server: ", Quoted(server), "\n");
  if (!ca_pem.empty()) {
    absl::StrAppend(&y, "    certificate-authority-data: ",
                    absl::Base64Escape(gocompat::AV(ca_pem)), "\n");
  }
  y += "contexts:\n- name: podinit-fake\n  context:\n    cluster: podinit-fake\n"
       "    user: podinit-fake\n";
  absl::StrAppend(&y, "    namespace: ", Quoted(ns), "\n");
  y += "current-context: podinit-fake\npreferences: {}\nusers:\n- name: podinit-fake\n  user:";
  if (token.empty()) {
    y += " {}\n";
  } else {
    absl::StrAppend(&y, "\n    token: ", Quoted(token), "\n");
  }
  return y;
}

absl::Status WritePrivateFile(const std::string& path, std::string_view content) {
  // The file may hold a token: never write through a symlink someone planted, and never reuse
  // a temporary that exists already (its mode and owner are not ours to trust).
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("refusing to write ", path, ": it is a symbolic link"));
  }
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) {
    return absl::AlreadyExistsError(absl::StrCat(
        tmp, " exists (left over from an earlier run?); remove it and start again"));
  }
  if (fd < 0) return absl::ErrnoToStatus(errno, absl::StrCat("create ", tmp));
  auto fail = [&](std::string_view what) {
    int e = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return absl::ErrnoToStatus(e, absl::StrCat(std::string(what), " ", tmp));
  };
  // Exactly 0600 whatever the umask.
  if (::fchmod(fd, 0600) != 0) return fail("chmod");
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("write");
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("fsync");
  if (::close(fd) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    return absl::ErrnoToStatus(e, absl::StrCat("close ", tmp));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    return absl::ErrnoToStatus(e, absl::StrCat("rename to ", path));
  }
  return absl::OkStatus();
}

std::string KubeconfigServer(std::string_view url) {
  // A wildcard listen address is no address to dial, and no certificate names it: clients on
  // this machine reach it through loopback, which the generated certificate covers.
  for (auto [any, loopback] : {std::pair<std::string_view, std::string_view>{"//0.0.0.0:", "//127.0.0.1:"},
                               {"//[::]:", "//[::1]:"}}) {
    size_t at = url.find(any);
    if (at != std::string_view::npos) {
      return std::string(url.substr(0, at)) + std::string(loopback) +
             std::string(url.substr(at + any.size()));
    }
  }
  return std::string(url);
}

}  // namespace fakeapi
