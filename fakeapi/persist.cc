#include "fakeapi/persist.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace fakeapi {

Persister::Persister(Store& store, std::string dir)
    : store_(store), dir_(std::move(dir)), wakeup_(std::make_shared<ChangeSignal>(false)) {}

Persister::~Persister() { Stop(); }

absl::StatusOr<bool> Persister::Load() {
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::ErrnoToStatus(errno, absl::StrCat("--data-dir ", dir_));
  }
  std::ifstream in(dir_ + "/state.json");
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  auto state = k8sclient::ParseJson(ss.str());
  if (!state.ok()) return absl::InvalidArgumentError(absl::StrCat(dir_, "/state.json: ", state.status().message()));
  if (absl::Status st = store_.Restore(*state); !st.ok()) return st;
  return true;
}

absl::Status Persister::WriteNow() {
  std::string path = dir_ + "/state.json", tmp = path + ".tmp";
  std::string data = store_.Snapshot().Dump();
  ::unlink(tmp.c_str());  // ours, from a run that died mid-write
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return absl::ErrnoToStatus(errno, absl::StrCat("create ", tmp));
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return absl::ErrnoToStatus(e, absl::StrCat("write ", tmp));
    }
    off += static_cast<size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return absl::ErrnoToStatus(errno, "rename " + path);
  return absl::OkStatus();
}

void Persister::Start() {
  store_.AddWaiter(wakeup_);
  thread_ = std::thread([this] {
    while (wakeup_->WaitUntil(absl::InfiniteFuture())) {
      absl::SleepFor(absl::Milliseconds(50));  // one write for a burst of changes
      if (absl::Status st = WriteNow(); !st.ok()) {
        std::fprintf(stderr, "podinit-fake-apiserver: --data-dir: %s\n", std::string(st.message()).c_str());
      }
    }
  });
}

void Persister::Stop() {
  if (!thread_.joinable()) return;
  wakeup_->Quit();
  thread_.join();
  (void)WriteNow();
}

}  // namespace fakeapi
