#include "entrypoint/run/bulk_arena.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <cstdlib>
#include <new>

// A sanitizer interposes operator new itself (to find leaks and bad frees): there the arena
// stays out of the way.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PODINIT_BULK_ARENA 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define PODINIT_BULK_ARENA 0
#endif
#endif
#ifndef PODINIT_BULK_ARENA
#define PODINIT_BULK_ARENA 1
#endif

namespace entrypoint::run {
namespace {

constexpr size_t kAlign = alignof(std::max_align_t);  // what malloc guarantees, 16

// The region [begin, end): set once, before any pointer into it exists, and read by every
// delete on any thread (relaxed: a thread holding such a pointer got it, and the region,
// through whatever handed it the object).
std::atomic<char*> g_begin{nullptr};
std::atomic<char*> g_end{nullptr};
char* g_next = nullptr;  // the first free byte; only the scope's owner touches it
std::atomic<bool> g_owned{false};  // one scope at a time, process-wide
bool g_reserve_tried = false;     // under g_owned
thread_local bool t_active = false;

void Reserve(size_t bytes) {
  g_reserve_tried = true;
  // MAP_NORESERVE: only the pages touched count, as with malloc's heap. Small pages: huge
  // ones (MADV_HUGEPAGE) took a third of the page faults but tripled the kernel's time for
  // the 100,000-pod List on the benchmark's VMs (1.9 s against 0.5 s; measured, not
  // explained).
  void* m = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) return;
  char* begin = static_cast<char*>(m);
  g_next = begin;
  g_end.store(begin + bytes, std::memory_order_relaxed);
  g_begin.store(begin, std::memory_order_relaxed);
}

// The tree touches its pages in order, one small object at a time: a page fault for every
// 4 kB (a quarter of a million for the 100,000-pod List), and the kernel zeroing each page
// while the decoder waits. A thread of the scope's own asks the kernel to fault in the pages
// ahead of the bump pointer (MADV_POPULATE_WRITE, Linux 5.14), a few megabytes per call, so
// the zeroing runs on another core and the decoder finds its pages there. It stays at most
// `ahead` bytes in front of what is used (the memory committed but not used when the tree is
// done), and sleeps until the decoder has used half of that. Without the thread (it could not
// be made) the decoder prefaults the same way itself; a kernel without MADV_POPULATE_WRITE
// says EINVAL once, and the pages fault one by one as before.
constexpr size_t kPrefault = size_t{4} << 20;

char* g_check = nullptr;  // ArenaAlloc looks at prefaulting again once g_next passes this
size_t g_ahead = kPrefault;

// Faults [*from, want) in, in kPrefault steps from *from (page-aligned); false when the
// kernel refuses (*from is left where it stopped).
bool Populate(char*& from, char* want) {
  char* end = g_end.load(std::memory_order_relaxed);
  while (from < want && from < end) {
    const size_t len = std::min(kPrefault, static_cast<size_t>(end - from));
    if (madvise(from, len, MADV_POPULATE_WRITE) != 0) return false;
    from += len;
  }
  return true;
}

class Prefaulter {
 public:
  // Starts the thread; false when it cannot be made.
  bool Start(char* begin) {
    populated_ = begin;
    wanted_ = begin;
    stop_ = false;
    try {
      thread_ = std::thread([this] { Loop(); });
    } catch (...) {
      return false;
    }
    return true;
  }
  bool running() const { return thread_.joinable(); }
  // The decoder is at `next`: keep `ahead` bytes in front of it faulted in.
  void Want(char* want) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      wanted_ = want;
    }
    cv_.notify_one();
  }
  void Stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  void Loop() {
    for (;;) {
      char* want;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stop_ || populated_ < wanted_; });
        if (stop_) return;
        want = wanted_;
      }
      if (!Populate(populated_, want)) return;  // the decoder's pages fault on demand
    }
  }

  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  char* wanted_ = nullptr;  // under mu_
  bool stop_ = false;       // under mu_
  char* populated_ = nullptr;  // the thread's own
};

// Never destroyed: a std::thread still joinable in a static destructor would terminate the
// process, should it exit (another thread's exit()) while a scope is open.
Prefaulter& Prefaulting() {
  static Prefaulter* p = new Prefaulter;
  return *p;
}
char* g_populated = nullptr;  // without the thread: pages below this are prefaulted (nullptr: off)

void Checkpoint() {
  char* end = g_end.load(std::memory_order_relaxed);
  char* want = static_cast<size_t>(end - g_next) > g_ahead ? g_next + g_ahead : end;
  if (Prefaulting().running()) {
    Prefaulting().Want(want);
    g_check = g_next + g_ahead / 2;
  } else if (g_populated != nullptr && Populate(g_populated, g_next)) {
    g_check = g_populated;
  } else {
    g_populated = nullptr;
    g_check = end;
  }
}

void* ArenaAlloc(size_t n) {
  const size_t size = n == 0 ? kAlign : (n + kAlign - 1) & ~(kAlign - 1);
  char* p = g_next;
  if (p == nullptr || size < n || size > static_cast<size_t>(g_end.load(std::memory_order_relaxed) - p)) return nullptr;
  g_next = p + size;
  if (g_next > g_check) Checkpoint();
  return p;
}

bool InArena(const void* p) {
  const char* c = static_cast<const char*>(p);
  return c >= g_begin.load(std::memory_order_relaxed) && c < g_end.load(std::memory_order_relaxed);
}

void* MallocOrThrow(size_t n) {
  for (;;) {
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

}  // namespace

BulkArenaScope::BulkArenaScope(size_t reserve_bytes) : was_active_(t_active) {
  if (!PODINIT_BULK_ARENA || t_active) return;
  bool expected = false;
  if (!g_owned.compare_exchange_strong(expected, true)) return;  // another thread's scope
  if (!g_reserve_tried) Reserve(reserve_bytes);
  if (g_next != nullptr) {
    // A sixty-fourth of the reservation (a quarter of the text), 4 to 32 MB, ahead.
    g_ahead = std::clamp(reserve_bytes / 64, kPrefault, 8 * kPrefault);
    // The thread is made before this thread's allocations go to the arena: its state is
    // malloc's, and freed by malloc when it ends.
    char* from = reinterpret_cast<char*>(reinterpret_cast<uintptr_t>(g_next) & ~uintptr_t{4095});
    if (!Prefaulting().Start(from)) g_populated = from;
    g_check = g_next;
  }
  t_active = true;
}

BulkArenaScope::~BulkArenaScope() {
  if (was_active_ || !t_active) return;
  t_active = false;
  Prefaulting().Stop();
  g_owned.store(false);
}

}  // namespace entrypoint::run

#if PODINIT_BULK_ARENA
// The replaceable global allocation functions ([new.delete]); the array, nothrow and sized
// forms of libstdc++ call these two.
void* operator new(std::size_t n) {
  if (entrypoint::run::t_active) {
    if (void* p = entrypoint::run::ArenaAlloc(n)) return p;
  }
  return entrypoint::run::MallocOrThrow(n);
}

void operator delete(void* p) noexcept {
  if (!entrypoint::run::InArena(p)) std::free(p);
}

void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
#endif
