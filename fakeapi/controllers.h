// kwok-style controllers, so the fake cluster moves as a real one does without hand-edited
// objects: a StatefulSet controller that creates and deletes pods by ordinal, a kubelet that
// makes the pods it started Running and Ready after a delay with an IP from a CIDR, and an
// endpoints controller that keeps each selector Service's Endpoints and EndpointSlice in step
// with pod readiness. Each can be switched off. They run on one thread, woken by the store.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "fakeapi/change_signal.h"
#include "fakeapi/store.h"

namespace fakeapi {

struct ControllerOptions {
  bool statefulsets = true;
  bool endpoints = true;
  // Pod IPs are handed out in order from this range, starting at its address (the first host
  // address when that is the network address), skipping addresses pods already have.
  std::string pod_cidr = "10.244.0.0/16";
  absl::Duration ready_delay = absl::Seconds(1);
};

// The first address to hand out and the last of "A.B.C.D/N", as host-order integers.
absl::StatusOr<std::pair<uint32_t, uint32_t>> ParsePodCidr(std::string_view cidr);

class Controllers {
 public:
  Controllers(Store& store, ControllerOptions options);
  ~Controllers();

  void Start();
  void Stop();

  // One pass over everything at `now`; returns when the next pass is due (a started pod turns
  // ready), or InfiniteFuture. Tests call it directly.
  absl::Time Reconcile(absl::Time now);

 private:
  void Run();
  void ReconcileStatefulSet(const k8sclient::Json& sts, absl::Time now);
  absl::Time RunKubelet(absl::Time now);
  void ReconcileService(const k8sclient::Json& svc);
  std::string NextIp();

  Store& store_;
  ControllerOptions opts_;
  uint32_t ip_next_ = 0, ip_last_ = 0;
  size_t scheduled_ = 0;
  std::map<std::string, absl::Time> starting_;  // pods this kubelet started: ns/name -> ready at
  std::shared_ptr<ChangeSignal> wakeup_;
  std::thread thread_;
};

}  // namespace fakeapi
