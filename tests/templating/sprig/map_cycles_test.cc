// Maps that would hold themselves. Go lets `set` and `merge` build one (its garbage
// collector frees it; printing it overflows the stack); podinit's maps are shared-owned, so
// such a cycle would never be freed. podinit refuses the change with an error instead, and
// these tests run under LeakSanitizer in CI, where a cycle that slipped through is a leak.
#include <string>

#include "gtest/gtest.h"
#include "tests/templating/sprig/test_util.h"

namespace templating {
namespace {

constexpr char kRefused[] = "podinit refuses to make a map that holds itself";

void ExpectRefused(const std::string& text) {
  auto out = RenderWithFuncs(text);
  ASSERT_FALSE(out.ok()) << text << " rendered " << *out;
  EXPECT_NE(out.status().message().find(kRefused), std::string::npos) << out.status();
}

TEST(MapCycles, SetRefusesTheMapItselfAtAnyDepth) {
  ExpectRefused(R"({{ $d := dict }}{{ $_ := set $d "self" $d }}{{ $d }})");
  ExpectRefused(R"({{ $d := dict }}{{ $_ := set $d "l" (list 1 (dict "x" (list $d))) }})");
  ExpectRefused(R"({{ $a := dict }}{{ $b := dict "a" $a }}{{ $_ := set $a "b" $b }})");
  // The data's own maps are maps like any other.
  ExpectRefused(R"({{ $_ := set .m.c "up" .m }})");
}

TEST(MapCycles, MergeRefusesAtTheMapItChanges) {
  ExpectRefused(R"({{ $d := dict "a" 1 }}{{ merge $d (dict "x" $d) }})");
  ExpectRefused(R"({{ $d := dict "a" 1 }}{{ mergeOverwrite $d (dict "x" (list $d)) }})");
  // The nested merge goes into $d.n in place: a value holding $d.n is refused there.
  ExpectRefused(
      R"({{ $n := dict }}{{ $d := dict "n" $n }}{{ merge $d (dict "n" (dict "k" (list $n))) }})");
  ExpectRefused(R"({{ merge .m (dict "c" (dict "back" .m)) }})");
}

TEST(MapCycles, SharingWithoutACycleIsAllowed) {
  // The same map held twice, or a map holding another that also holds a shared one: a DAG.
  EXPECT_EQ(*RenderWithFuncs(R"({{ $s := dict "v" 1 }}{{ $d := dict }})"
                             R"({{ $_ := set $d "a" $s }}{{ $_ := set $d "b" (list $s $s) }}{{ $d }})"),
            "map[a:map[v:1] b:[map[v:1] map[v:1]]]");
  EXPECT_EQ(*RenderWithFuncs(R"({{ $d := dict "a" 1 }}{{ merge $d $d }})"), "map[a:1]");
  EXPECT_EQ(*RenderWithFuncs(R"({{ $c := .m.c }}{{ $_ := set .m "c2" $c }}{{ .m.c2.d }})"),
            "[1 map[e:<nil>]]");
  // Replacing a map's value with a copy of the map is not a cycle.
  EXPECT_EQ(*RenderWithFuncs(R"({{ $d := dict "a" 1 }}{{ $_ := set $d "c" (deepCopy $d) }}{{ $d }})"),
            "map[a:1 c:map[a:1]]");
}

TEST(MapCycles, DeepValuesAreCheckedWithoutRecursion) {
  // 10,000 levels, Go's JSON limit: Holds walks them with a list, not the stack.
  std::string deep;
  for (int i = 0; i < 10000; i++) deep += R"({"k":)";
  deep += "1";
  for (int i = 0; i < 10000; i++) deep += "}";
  std::string text = R"({{ $d := fromJson `)" + deep + R"(` }}{{ $e := dict }})"
                     R"({{ $_ := set $e "deep" $d }}{{ len $e }})";
  EXPECT_EQ(*RenderWithFuncs(text), "1");
}

}  // namespace
}  // namespace templating
