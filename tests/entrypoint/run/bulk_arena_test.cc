#include "entrypoint/run/bulk_arena.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <new>
#include <thread>

namespace entrypoint::run {
namespace {

// ::operator new called as a function, not a new-expression: the compiler may not elide it.
char* New() { return static_cast<char*>(::operator new(1)); }

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kArenaBuilt = false;  // a sanitizer keeps its own operator new (bulk_arena.h)
#else
constexpr bool kArenaBuilt = true;
#endif

// In a scope each allocation is the next 16 bytes of the region: no header, malloc's
// alignment, and a delete gives nothing back (the data is kept until exit).
TEST(BulkArenaScope, InsideAScopeNewIsAPointerBump) {
  if (!kArenaBuilt) GTEST_SKIP() << "sanitizer build";
  BulkArenaScope scope(size_t{1} << 20);
  char* a = New();
  char* b = New();
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % alignof(std::max_align_t), 0u);
  EXPECT_EQ(b - a, 16);
  const uintptr_t freed = reinterpret_cast<uintptr_t>(b);
  ::operator delete(b);
  char* c = New();
  EXPECT_EQ(reinterpret_cast<uintptr_t>(c) - freed, 16u);  // b was not reused
  char* big = static_cast<char*>(::operator new(100));
  EXPECT_EQ(big - c, 16);
  EXPECT_EQ(New() - big, 112);  // 100 rounded up to 16
}

// A nested scope leaves the outer one open; another thread's scope, while this one is open,
// does nothing (one scope at a time, process-wide), so its allocations are malloc's; after the
// scope, this thread's are malloc's again.
TEST(BulkArenaScope, OneScopeAtATimeAndOnlyForItsThread) {
  if (!kArenaBuilt) GTEST_SKIP() << "sanitizer build";
  // The thread is made before the scope (std::thread allocates its state on this thread) and
  // told by flags, which allocate nothing, when to open its own.
  std::atomic<int> step{0};
  std::thread other([&step] {
    while (step.load() != 1) std::this_thread::yield();
    {
      BulkArenaScope theirs(size_t{1} << 20);
      for (int i = 0; i < 100; ++i) ::operator delete(New());
    }
    step.store(2);
  });
  char* last = nullptr;
  {
    BulkArenaScope outer(size_t{1} << 20);
    char* a = New();
    { BulkArenaScope inner(size_t{1} << 20); }
    char* b = New();
    EXPECT_EQ(b - a, 16);
    step.store(1);
    while (step.load() != 2) std::this_thread::yield();
    last = New();
    EXPECT_EQ(last - b, 16);  // the other thread took nothing from the region
  }
  other.join();
  char* after = New();
  EXPECT_NE(after, last + 16);
  ::operator delete(after);
}

// A tree of 96 MB, in small pieces, while the scope's thread faults the pages ahead in: every
// byte written is read back, the pages are contiguous, and the scope ends (its thread joined)
// at once. Run a second time, the scope starts where the first left off. (Its own process:
// the first scope of a process reserves the region, at the size this test needs.)
TEST(BulkArenaScope, ALargeTreeWhileItsPagesAreFaultedInAhead) {
  if (!kArenaBuilt) GTEST_SKIP() << "sanitizer build";
  for (int round = 0; round < 2; ++round) {
    constexpr size_t kPieces = (size_t{96} << 20) / 64;
    char* first = nullptr;
    char* last = nullptr;
    {
      BulkArenaScope scope(size_t{1} << 30);
      for (size_t i = 0; i < kPieces; ++i) {
        char* p = static_cast<char*>(::operator new(64));
        if (first == nullptr) first = p;
        if (last != nullptr) ASSERT_EQ(p - last, 64) << i;
        last = p;
        for (int j = 0; j < 64; ++j) p[j] = static_cast<char>(i + j);
      }
    }
    for (size_t i = 0; i < kPieces; i += 4099) {
      for (int j = 0; j < 64; ++j) ASSERT_EQ(first[i * 64 + j], static_cast<char>(i + j)) << i;
    }
  }
}

}  // namespace
}  // namespace entrypoint::run
