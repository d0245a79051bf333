#include "k8sclient/backoff.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace k8sclient {
namespace {

class RealClock : public Clock {
 public:
  absl::Time Now() override { return absl::Now(); }
  void SleepFor(absl::Duration d) override {
    if (d > absl::ZeroDuration()) absl::SleepFor(d);
  }
};

// Between the server's clock and ours: a request booked at t may be read by the server a
// little later than the one booked after it (a new connection's handshake, scheduling).
constexpr absl::Duration kSlack = absl::Milliseconds(50);

}  // namespace

Clock* Clock::Real() {
  static RealClock* clock = new RealClock;
  return clock;
}

absl::Time FakeClock::Now() {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

void FakeClock::SleepFor(absl::Duration d) {
  if (d <= absl::ZeroDuration()) return;
  std::lock_guard<std::mutex> lock(mu_);
  sleeps_.push_back(d);
  now_ += d;
}

void FakeClock::Advance(absl::Duration d) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ += d;
}

std::vector<absl::Duration> FakeClock::sleeps() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sleeps_;
}

std::string FormatWait(absl::Duration d) {
  return absl::StrFormat("%.1fs", absl::ToDoubleSeconds(d));
}

Backoff::Backoff(BackoffPolicy policy, Clock* clock, std::function<void(std::string_view)> log,
                 uint64_t seed)
    : policy_(policy),
      clock_(clock != nullptr ? clock : Clock::Real()),
      log_(std::move(log)),
      rng_(seed != 0 ? seed : std::random_device{}()),
      step_(policy.initial) {
  if (policy_.factor < 1.0) policy_.factor = 1.0;
  if (policy_.cap < policy_.initial) policy_.cap = policy_.initial;
}

absl::Duration Backoff::Next(std::optional<absl::Duration> retry_after) {
  absl::Duration wait = step_;
  switch (policy_.jitter) {
    case BackoffPolicy::Jitter::kNone:
      break;
    case BackoffPolicy::Jitter::kEqual:
      wait = step_ / 2 + step_ / 2 * std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
      break;
    case BackoffPolicy::Jitter::kFull:
      wait = step_ * std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
      break;
  }
  if (retry_after.has_value()) {
    wait = std::max(wait, std::clamp(*retry_after, absl::ZeroDuration(), policy_.retry_after_cap));
  }
  step_ = std::min(step_ * policy_.factor, policy_.cap);
  ++steps_;
  return wait;
}

bool Backoff::Wait(std::string_view why, absl::Time deadline,
                   std::optional<absl::Duration> retry_after) {
  absl::Duration wait = Next(retry_after);
  if (clock_->Now() + wait >= deadline) return false;
  if (log_) log_(absl::StrCat(std::string(why), "; retrying in ", FormatWait(wait)));
  clock_->SleepFor(wait);
  return true;
}

bool Backoff::SleepUntilNextOr(std::string_view why, absl::Time end,
                               std::optional<absl::Duration> retry_after) {
  absl::Duration wait = Next(retry_after);
  absl::Duration left = end - clock_->Now();
  if (log_) {
    log_(wait < left ? absl::StrCat(std::string(why), "; retrying in ", FormatWait(wait))
                     : absl::StrCat(std::string(why), "; not again before the end, in ",
                                    FormatWait(std::max(left, absl::ZeroDuration()))));
  }
  clock_->SleepFor(std::min(wait, left));
  return wait < left;
}

void Backoff::Reset() {
  step_ = policy_.initial;
  steps_ = 0;
}

RequestLimiter::RequestLimiter(RateLimit limit, Clock* clock)
    : limit_(limit), clock_(clock != nullptr ? clock : Clock::Real()) {
  limit_.per_second = std::max(limit_.per_second, 1);
  limit_.startup_burst = std::max(limit_.startup_burst, 0);
  start_ = clock_->Now();
}

absl::Duration RequestLimiter::Reserve() {
  std::lock_guard<std::mutex> lock(mu_);
  const absl::Time now = clock_->Now();
  absl::Time at = now;
  const bool startup = now < start_ + absl::Seconds(1) && granted_ < limit_.startup_burst;
  if (!startup && recent_.size() >= static_cast<size_t>(limit_.per_second)) {
    // The request `per_second` back must be a full second old: then no one-second window
    // holds more than `per_second` of them (with a little slack for the way to the server).
    at = std::max(now, recent_.front() + absl::Seconds(1) + kSlack);
  }
  recent_.push_back(at);
  while (recent_.size() > static_cast<size_t>(limit_.per_second)) recent_.pop_front();
  ++granted_;
  return at - now;
}

void RequestLimiter::Acquire() {
  if (absl::Duration wait = Reserve(); wait > absl::ZeroDuration()) clock_->SleepFor(wait);
}

void RequestLimiter::Sent(absl::Time when) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!recent_.empty() && when > recent_.back()) recent_.back() = when;
}

int64_t RequestLimiter::granted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return granted_;
}

}  // namespace k8sclient
