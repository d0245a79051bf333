#include "k8sclient/backoff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace k8sclient {
namespace {

BackoffPolicy NoJitter() {
  BackoffPolicy p;
  p.jitter = BackoffPolicy::Jitter::kNone;
  return p;
}

TEST(Backoff, DoublesFromInitialUpToTheCap) {
  FakeClock clock;
  Backoff b(NoJitter(), &clock);
  std::vector<double> got;
  for (int i = 0; i < 9; ++i) got.push_back(absl::ToDoubleSeconds(b.Next()));
  EXPECT_EQ(got, (std::vector<double>{0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30, 30}));
  EXPECT_EQ(b.steps(), 9);
}

TEST(Backoff, ResetStartsOverFromInitial) {
  FakeClock clock;
  Backoff b(NoJitter(), &clock);
  b.Next();
  b.Next();
  b.Reset();
  EXPECT_EQ(b.steps(), 0);
  EXPECT_EQ(b.Next(), absl::Milliseconds(800));
}

TEST(Backoff, EqualJitterStaysInTheUpperHalfOfEachStep) {
  FakeClock clock;
  BackoffPolicy p;  // kEqual by default
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    Backoff b(p, &clock, nullptr, seed);
    absl::Duration step = p.initial;
    for (int i = 0; i < 8; ++i) {
      absl::Duration w = b.Next();
      EXPECT_GE(w, step / 2);
      EXPECT_LE(w, step);
      step = std::min(step * 2, p.cap);
    }
  }
}

TEST(Backoff, FullJitterStaysWithinEachStepAndVaries) {
  FakeClock clock;
  BackoffPolicy p;
  p.jitter = BackoffPolicy::Jitter::kFull;
  std::vector<absl::Duration> firsts;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Backoff b(p, &clock, nullptr, seed);
    absl::Duration w = b.Next();
    EXPECT_GE(w, absl::ZeroDuration());
    EXPECT_LE(w, p.initial);
    firsts.push_back(w);
  }
  std::sort(firsts.begin(), firsts.end());
  EXPECT_LT(firsts.front(), firsts.back());  // not one fixed wait for a thousand pods
}

TEST(Backoff, RetryAfterIsObeyedUpToItsCap) {
  FakeClock clock;
  Backoff b(NoJitter(), &clock);
  EXPECT_EQ(b.Next(absl::Seconds(5)), absl::Seconds(5));        // longer than the step
  EXPECT_EQ(b.Next(absl::Seconds(0)), absl::Milliseconds(1600));  // "0" is not "hammer"
  EXPECT_EQ(b.Next(absl::Seconds(1000000000)), absl::Seconds(30));
  EXPECT_EQ(b.Next(absl::Seconds(-5)), absl::Milliseconds(6400));
}

TEST(Backoff, WaitSleepsLogsOncePerStepAndRespectsTheDeadline) {
  FakeClock clock;
  std::vector<std::string> logs;
  Backoff b(NoJitter(), &clock, [&](std::string_view l) { logs.emplace_back(l); });
  const absl::Time deadline = clock.Now() + absl::Seconds(10);
  EXPECT_TRUE(b.Wait("GET x: 503", deadline));  // 0.8
  EXPECT_TRUE(b.Wait("GET x: 503", deadline));  // 1.6
  EXPECT_TRUE(b.Wait("GET x: 503", deadline));  // 3.2 -> 5.6 s in
  EXPECT_FALSE(b.Wait("GET x: 503", deadline));  // 6.4 would end at 12 s
  EXPECT_EQ(clock.sleeps(), (std::vector<absl::Duration>{
                                absl::Milliseconds(800), absl::Milliseconds(1600),
                                absl::Milliseconds(3200)}));
  ASSERT_EQ(logs.size(), 3u);
  EXPECT_EQ(logs[0], "GET x: 503; retrying in 0.8s");
  EXPECT_EQ(logs[2], "GET x: 503; retrying in 3.2s");
}

TEST(Backoff, SleepUntilNextOrKeepsToTheEndButNeverComesBackSooner) {
  FakeClock clock;
  std::vector<std::string> logs;
  Backoff b(NoJitter(), &clock, [&](std::string_view l) { logs.emplace_back(l); });
  const absl::Time end = clock.Now() + absl::Seconds(3);
  EXPECT_TRUE(b.SleepUntilNextOr("watch: 503", end));   // 0.8
  EXPECT_TRUE(b.SleepUntilNextOr("watch: 503", end));   // 1.6 -> 2.4 s in
  EXPECT_FALSE(b.SleepUntilNextOr("watch: 503", end));  // 3.2: sleeps the 0.6 s left
  EXPECT_EQ(clock.Now(), end);
  ASSERT_EQ(logs.size(), 3u);
  EXPECT_EQ(logs[2], "watch: 503; not again before the end, in 0.6s");
}

// Every request's time, for the window checks.
struct Booked {
  FakeClock clock;
  RequestLimiter limiter{RateLimit{}, &clock};
  std::vector<absl::Time> times;
  absl::Time start = clock.Now();

  void Request() {
    limiter.Acquire();
    times.push_back(clock.Now());
  }
  // The most requests in any window [t, t+1s) with t at or after the first second.
  int MostInAWindowAfterTheFirstSecond() const {
    int most = 0;
    for (absl::Time t : times) {
      if (t < start + absl::Seconds(1)) continue;
      int n = 0;
      for (absl::Time u : times) n += (u >= t && u < t + absl::Seconds(1));
      most = std::max(most, n);
    }
    return most;
  }
};

TEST(RequestLimiter, AllowsAStartupBurstThenTwoASecond) {
  Booked b;
  for (int i = 0; i < 8; ++i) b.Request();
  EXPECT_EQ(b.clock.Now(), b.start);  // the burst waits for nothing
  for (int i = 0; i < 20; ++i) b.Request();
  EXPECT_LE(b.MostInAWindowAfterTheFirstSecond(), 2);
  // 20 requests at 2 a second, the first two right after the first second.
  EXPECT_GE(b.clock.Now() - b.start, absl::Seconds(10));
  EXPECT_LE(b.clock.Now() - b.start, absl::Seconds(12));
  EXPECT_EQ(b.limiter.granted(), 28);
}

TEST(RequestLimiter, HoldsWhateverTheCallerSleepsInBetween) {
  Booked b;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> gap_ms(0, 1500);
  for (int i = 0; i < 400; ++i) {
    b.clock.Advance(absl::Milliseconds(i % 3 == 0 ? 0 : gap_ms(rng)));
    b.Request();
  }
  EXPECT_LE(b.MostInAWindowAfterTheFirstSecond(), 2);
}

TEST(RequestLimiter, IdleTimeDoesNotBuyABurst) {
  Booked b;
  b.clock.Advance(absl::Hours(1));
  for (int i = 0; i < 10; ++i) b.Request();
  EXPECT_LE(b.MostInAWindowAfterTheFirstSecond(), 2);
  EXPECT_GE(b.clock.Now() - b.start, absl::Hours(1) + absl::Seconds(4));
}

TEST(RequestLimiter, CountsARequestWhenItLeaves) {
  Booked b;
  for (int i = 0; i < 8; ++i) b.Request();  // the start-up burst
  b.clock.Advance(absl::Seconds(5));
  b.Request();
  b.limiter.Sent(b.clock.Now() + absl::Milliseconds(400));  // a slow TLS handshake
  b.Request();
  b.Request();  // a second after the slow one left, not after it was booked
  EXPECT_GE(b.times[10] - b.times[8], absl::Milliseconds(1400));
}

TEST(RequestLimiter, ThreadsShareTheLimit) {
  Booked b;
  std::vector<std::thread> threads;
  std::mutex mu;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        absl::Duration d = b.limiter.Reserve();
        std::lock_guard<std::mutex> lock(mu);
        b.times.push_back(b.clock.Now() + d);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(b.MostInAWindowAfterTheFirstSecond(), 2);
}

}  // namespace
}  // namespace k8sclient
