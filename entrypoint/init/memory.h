// What a supervisor that stays for the pod's whole life gives back once COMMAND runs, so
// PID 1 costs what tini costs, not what start-up cost.
#ifndef PODINIT_ENTRYPOINT_INIT_MEMORY_H_
#define PODINIT_ENTRYPOINT_INIT_MEMORY_H_

namespace entrypoint::init {

// Returns the free heap to the kernel (malloc_trim) and hands the pages of podinit's own
// binary that start-up touched back to the page cache (they stay cached and shared; only
// this process stops holding them). What the idle supervising loop needs faults back in, a
// few pages. Best effort: an old kernel says EINVAL and nothing changes.
void ReleaseStartupMemory();

}  // namespace entrypoint::init

#endif  // PODINIT_ENTRYPOINT_INIT_MEMORY_H_
