// --data-dir: the store written to DIR/state.json shortly after every change and at exit, and
// read back at start, so objects and resourceVersions survive a restart. The file may hold
// Secrets: mode 0600, replaced atomically.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "fakeapi/change_signal.h"
#include "fakeapi/store.h"

namespace fakeapi {

class Persister {
 public:
  Persister(Store& store, std::string dir);
  ~Persister();

  // Loads DIR/state.json if there is one; true when it did (then --objects are not loaded).
  absl::StatusOr<bool> Load();
  void Start();
  // Writes a last time and stops.
  void Stop();
  absl::Status WriteNow();

 private:
  Store& store_;
  std::string dir_;
  std::shared_ptr<ChangeSignal> wakeup_;
  std::thread thread_;
};

}  // namespace fakeapi
