#include "k8sclient/token_source.h"

#include <sys/stat.h>

#include "k8sclient/file_read.h"

namespace k8sclient {
namespace {

constexpr absl::Duration kMaxTokenAge = absl::Minutes(1);

int64_t MtimeNs(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return -1;
  return int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

TokenSource TokenSource::Static(std::string token) {
  TokenSource t;
  t.token_ = std::move(token);
  return t;
}

TokenSource TokenSource::File(std::string path, std::function<absl::Time()> now) {
  TokenSource t;
  t.path_ = std::move(path);
  t.now_ = now ? std::move(now) : [] { return absl::Now(); };
  return t;
}

TokenSource TokenSource::Exec(ExecConfig exec, std::function<absl::Time()> now) {
  TokenSource t;
  t.exec_ = std::make_shared<ExecCredentialPlugin>(std::move(exec), std::move(now));
  return t;
}

absl::StatusOr<ExecToken> TokenSource::Credential(bool force) {
  if (exec_ != nullptr) return exec_->Credential(force);
  absl::StatusOr<std::string> token = Token(force);
  if (!token.ok()) return token.status();
  ExecToken c;
  c.token = *std::move(token);
  return c;
}

absl::StatusOr<std::string> TokenSource::Token(bool force) {
  if (exec_ != nullptr) return exec_->Token(force);
  if (path_.empty()) return token_;
  absl::Time now = now_();
  int64_t mtime = MtimeNs(path_);
  bool stale = token_.empty() || force || mtime != mtime_ns_ || now - last_read_ >= kMaxTokenAge;
  if (!stale) return token_;
  absl::StatusOr<std::string> data = ReadWholeFile(path_);
  std::string fresh = data.ok() ? TrimSpace(*data) : "";
  if (!fresh.empty()) {
    token_ = std::move(fresh);
    mtime_ns_ = mtime;
    last_read_ = now;
    return token_;
  }
  // Keep the last good token: the kubelet's atomic symlink swap can race a read.
  if (!token_.empty()) return token_;
  if (!data.ok()) return absl::FailedPreconditionError("token file " + std::string(data.status().message()));
  return absl::FailedPreconditionError("token file " + path_ + " is empty");
}

}  // namespace k8sclient
