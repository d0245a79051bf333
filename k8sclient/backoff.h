// One policy for every loop that talks to the API server (PRODUCT.md, "The API server,
// politely"): retries inside the client (Get, List, MergePatch), watch reconnects, relists
// after 410 Gone or "Too large resource version", and the loops outside it (`wait`,
// `run --watch`). Thousands of pods may start at once against a server that is already
// overloaded; whatever it answers, they must back off, not hammer it.
//
//   Backoff         jittered exponential waits: initial, x2, capped (30 s, as client-go's
//                   reflector); a Retry-After is obeyed up to its own cap; Reset() on progress;
//                   one log line per step.
//   RequestLimiter  the guard under every policy: after its first second a process makes at
//                   most 2 requests in any second, whatever loop asks (a small burst is allowed
//                   in the first second, for start-up).
//   Clock           real time, or FakeClock in tests, which never sleeps.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"

namespace k8sclient {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() = 0;
  virtual void SleepFor(absl::Duration d) = 0;
  // The process's real clock (absl::Now, absl::SleepFor).
  static Clock* Real();
};

// Time that moves only when someone sleeps (or Advance is called); records every sleep that
// is longer than zero.
class FakeClock : public Clock {
 public:
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1700000000)) : now_(start) {}
  absl::Time Now() override;
  void SleepFor(absl::Duration d) override;
  void Advance(absl::Duration d);
  std::vector<absl::Duration> sleeps() const;

 private:
  mutable std::mutex mu_;
  absl::Time now_;
  std::vector<absl::Duration> sleeps_;
};

struct BackoffPolicy {
  enum class Jitter {
    kNone,   // exactly the step
    kEqual,  // uniform in [step/2, step]: never much sooner than planned
    kFull,   // uniform in [0, step]
  };
  absl::Duration initial = absl::Milliseconds(800);  // client-go's reflector
  double factor = 2.0;
  absl::Duration cap = absl::Seconds(30);
  Jitter jitter = Jitter::kEqual;
  // A server's Retry-After is waited at least, up to this (a hostile "1000000000" is not).
  absl::Duration retry_after_cap = absl::Seconds(30);
};

// Not thread-safe: one per loop.
class Backoff {
 public:
  explicit Backoff(BackoffPolicy policy = {}, Clock* clock = nullptr,
                   std::function<void(std::string_view)> log = nullptr, uint64_t seed = 0);

  // The wait before the next attempt, and one step further: the jittered step, raised to the
  // server's Retry-After (capped) when there is one.
  absl::Duration Next(std::optional<absl::Duration> retry_after = std::nullopt);
  // Next(), then "<why>; retrying in 1.6s" to the log and the sleep. Returns false, without
  // sleeping or logging, when the wait would end at or past `deadline`: for a call that had
  // better give up now than wait for nothing.
  bool Wait(std::string_view why, absl::Time deadline = absl::InfiniteFuture(),
            std::optional<absl::Duration> retry_after = std::nullopt);
  // Next(), logged, and slept, but only up to `end`. Returns whether the whole wait was slept
  // (try again); false when `end` came first: for a loop that must keep to its time but must
  // not come back sooner than the policy says.
  bool SleepUntilNextOr(std::string_view why, absl::Time end,
                        std::optional<absl::Duration> retry_after = std::nullopt);
  // Progress was made: the next wait starts from `initial` again.
  void Reset();

  int steps() const { return steps_; }  // waits since the last Reset
  absl::Duration current() const { return step_; }  // the next step, before jitter
  Clock* clock() const { return clock_; }

 private:
  BackoffPolicy policy_;
  Clock* clock_;
  std::function<void(std::string_view)> log_;
  std::mt19937_64 rng_;
  absl::Duration step_;
  int steps_ = 0;
};

struct RateLimit {
  int per_second = 2;     // after the first second, in any one-second window
  int startup_burst = 8;  // in the first second: the pod, its node, owner, a few ConfigMaps
};

// Thread-safe; one per Client (a process has one).
class RequestLimiter {
 public:
  explicit RequestLimiter(RateLimit limit = {}, Clock* clock = nullptr);

  // Books the next request at the earliest time the limit allows and returns how long that
  // is from now (zero when it may go at once).
  absl::Duration Reserve();
  // Reserve(), then sleeps that long.
  void Acquire();
  // The last booked request actually left at `when` (after a connect and a TLS handshake):
  // its time moves there, so that the spacing holds for the server that receives them.
  void Sent(absl::Time when);
  int64_t granted() const;

 private:
  RateLimit limit_;
  Clock* clock_;
  absl::Time start_;
  mutable std::mutex mu_;
  std::deque<absl::Time> recent_;  // the last per_second booked times
  int64_t granted_ = 0;
};

// "1.6s", as the retry lines print a wait.
std::string FormatWait(absl::Duration d);

}  // namespace k8sclient
