// A bump allocator for the one large tree a process builds and keeps to its end: the template
// data a big --pod-file decodes into (a List of 100,000 pods is about 10 million small
// allocations, over 1 GB, alive until exit). From glibc's malloc each of those allocations
// walks its bins to end at the heap top anyway; from the arena it is a pointer bump, with no
// header, so the tree is also a little smaller.
//
// While a BulkArenaScope is alive on a thread, that thread's operator new takes memory from
// the process's one arena region; every other thread, and this one outside a scope, uses
// malloc as before. Memory taken from the region is never given back: deleting it does
// nothing, so the scope is only for data kept until exit (entrypoint::run::LeaveForExit).
// The region is reserved (not committed) once, by the first scope; when it is full, or
// cannot be reserved (an address-space limit, strict overcommit), allocations go to malloc.
// Sanitizer builds keep their own operator new: there a scope does nothing.
#pragma once

#include <cstddef>

namespace entrypoint::run {

class BulkArenaScope {
 public:
  // `reserve_bytes`: the address space to reserve for the region, if this is the first scope.
  explicit BulkArenaScope(size_t reserve_bytes);
  ~BulkArenaScope();
  BulkArenaScope(const BulkArenaScope&) = delete;
  BulkArenaScope& operator=(const BulkArenaScope&) = delete;

 private:
  bool was_active_;
};

}  // namespace entrypoint::run
