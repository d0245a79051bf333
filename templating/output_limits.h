// How big a rendering may grow. Go's text/template streams its output and has no limits, so a
// runaway template there ends in the OOM killer; podinit holds each output in memory until the
// file is complete (it is written atomically), so it stops earlier with an error naming where.
// No configuration file comes near these sizes: bench/'s pods.tmpl over a List of 100,000
// pods (126 MB of JSON) writes 25 MB.
#pragma once

#include <cstddef>
#include <cstdint>

namespace templating {

// One template's output, and any one string a function or action produces.
inline constexpr size_t kMaxOutputBytes = size_t{128} << 20;

// What a caller may tighten: the fuzzer does, so that its time goes to new inputs rather than
// to the millions of passes of {{range 100000000000}} it keeps finding.
struct Limits {
  size_t max_output = kMaxOutputBytes;
  uint64_t max_range_iterations = 0;  // all range loops of one execution together; 0: none
};

}  // namespace templating
