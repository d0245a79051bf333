#include "entrypoint/run/bulk_arena.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
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
char* g_populated = nullptr;  // pages below this are prefaulted (or prefaulting is off)
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
  g_populated = begin;
  g_end.store(begin + bytes, std::memory_order_relaxed);
  g_begin.store(begin, std::memory_order_relaxed);
}

// The tree touches its pages in order, one small object at a time: a page fault for every
// 4 kB (a quarter of a million for the 100,000-pod List). Asking the kernel to fault in the
// next few megabytes in one call (MADV_POPULATE_WRITE, Linux 5.14) does the same work without
// the exception per page. At most kPrefault bytes are committed ahead of what is used; a
// kernel without it says EINVAL once, and the pages fault one by one as before.
constexpr size_t kPrefault = size_t{4} << 20;

void PrefaultPast(char* upto) {
  char* end = g_end.load(std::memory_order_relaxed);
  while (g_populated != nullptr && g_populated < upto) {
    const size_t len = std::min(kPrefault, static_cast<size_t>(end - g_populated));
    if (madvise(g_populated, len, MADV_POPULATE_WRITE) != 0) {
      g_populated = nullptr;  // not supported here, or memory is short: fault on demand
      return;
    }
    g_populated += len;
  }
}

void* ArenaAlloc(size_t n) {
  const size_t size = n == 0 ? kAlign : (n + kAlign - 1) & ~(kAlign - 1);
  char* p = g_next;
  if (p == nullptr || size < n || size > static_cast<size_t>(g_end.load(std::memory_order_relaxed) - p)) return nullptr;
  g_next = p + size;
  if (g_populated != nullptr && g_next > g_populated) PrefaultPast(g_next);
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
  t_active = true;
}

BulkArenaScope::~BulkArenaScope() {
  if (was_active_ || !t_active) return;
  t_active = false;
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
