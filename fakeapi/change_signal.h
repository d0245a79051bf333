// A Waiter that background threads (controllers, --data-dir) block on: woken by every store
// change, or told to quit.
#pragma once

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "fakeapi/store.h"

namespace fakeapi {

class ChangeSignal : public Waiter {
 public:
  explicit ChangeSignal(bool start_dirty) : dirty_(start_dirty) {}
  void Wake() override {
    absl::MutexLock lock(&mu_);
    dirty_ = true;
  }
  void Quit() {
    absl::MutexLock lock(&mu_);
    quit_ = true;
  }
  // Waits for a change, Quit or `deadline`, and takes the change; false on Quit.
  bool WaitUntil(absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return dirty_ || quit_; };
    mu_.AwaitWithDeadline(absl::Condition(&ready), deadline);
    dirty_ = false;
    return !quit_;
  }

 private:
  absl::Mutex mu_;
  bool dirty_ ABSL_GUARDED_BY(mu_);
  bool quit_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace fakeapi
