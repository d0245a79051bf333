#include "fakeapi/kubeconfig_out.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace fakeapi {

namespace {

// A YAML double-quoted scalar; JSON string syntax is valid there.
std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::string KubeconfigYaml(std::string_view server, std::string_view ca_pem,
                           std::string_view token, std::string_view ns) {
  std::string y = "apiVersion: v1\nkind: Config\nclusters:\n- name: podinit-fake\n  cluster:\n";
  absl::StrAppend(&y, "    server: ", Quoted(server), "\n");
  if (!ca_pem.empty()) {
    absl::StrAppend(&y, "    certificate-authority-data: ",
                    absl::Base64Escape(absl::string_view(ca_pem.data(), ca_pem.size())), "\n");
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
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return absl::ErrnoToStatus(errno, absl::StrCat("create ", tmp));
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return absl::ErrnoToStatus(e, absl::StrCat("write ", tmp));
    }
    off += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return absl::ErrnoToStatus(errno, absl::StrCat("close ", tmp));
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("rename to ", path));
  }
  return absl::OkStatus();
}

}  // namespace fakeapi
