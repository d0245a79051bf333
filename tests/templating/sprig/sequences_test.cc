// until, untilStep and seq at their edges: the bound on a sequence's length is checked before
// any element is made, and Go's wrapping int arithmetic is followed without overflowing C++'s.
#include <string>

#include "gtest/gtest.h"
#include "tests/templating/sprig/test_util.h"

namespace templating {
namespace {

std::string ErrorOf(const std::string& text) {
  auto out = RenderWithFuncs(text);
  return out.ok() ? "rendered: " + *out : std::string(out.status().message());
}

TEST(Sequences, PastTheBoundFailsBeforeBuilding) {
  // 10^18 elements: counted, never built (building them would take the machine's memory).
  for (const char* t : {"{{ until 1000000000000000000 }}", "{{ untilStep 0 1000000000000000000 1 }}",
                        "{{ untilStep 1000000000000000000 0 -1 }}", "{{ seq 1000000000000000000 }}",
                        "{{ until -9223372036854775807 }}", "{{ until 10000001 }}"}) {
    EXPECT_NE(ErrorOf(t).find("sequence longer than 10000000 elements"), std::string::npos) << t;
  }
}

TEST(Sequences, EdgesOfInt64) {
  EXPECT_EQ(*RenderWithFuncs("{{ untilStep 0 9223372036854775807 4611686018427387904 }}"),
            "[0 4611686018427387904]");
  EXPECT_EQ(*RenderWithFuncs("{{ untilStep -9223372036854775808 9223372036854775807 9223372036854775807 }}"),
            "[-9223372036854775808 -1 9223372036854775806]");
  // Go's end+1 wraps to MinInt64, which untilStep reads as an empty range.
  EXPECT_EQ(*RenderWithFuncs("{{ seq 1 9223372036854775807 }}"), "");
  EXPECT_EQ(*RenderWithFuncs("{{ seq 3 1 }}"), "3 2 1");
  EXPECT_EQ(*RenderWithFuncs("{{ untilStep 5 0 -2 }}"), "[5 3 1]");
  EXPECT_EQ(*RenderWithFuncs("{{ untilStep 0 5 0 }}"), "[]");
  EXPECT_EQ(*RenderWithFuncs("{{ until 0 }}"), "[]");
  EXPECT_EQ(*RenderWithFuncs("{{ until 1000 | len }}"), "1000");
}

}  // namespace
}  // namespace templating
