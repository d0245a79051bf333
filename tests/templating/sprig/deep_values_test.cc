// Values nested as deep as fromJson allows (Go's 10,000 levels), through every function that
// walks a value: printing, toJson/toYaml/toToml, deepCopy, deepEqual, merge. A crafted
// template must get an answer or an error, never a stack overflow, and these run under
// ASan in CI, where each frame is several times larger than in the release build.
#include <initializer_list>
#include <string>

#include "gtest/gtest.h"
#include "tests/templating/sprig/test_util.h"

namespace templating {
namespace {

constexpr int kDepth = 10000;

std::string Nested(const std::string& open, const std::string& leaf, const std::string& close) {
  std::string s;
  for (int i = 0; i < kDepth; i++) s += open;
  s += leaf;
  for (int i = 0; i < kDepth; i++) s += close;
  return s;
}

// The rendering of text, or its error; compared with want by length and first difference
// only (a 10,000-level value would fill the log).
// Under AddressSanitizer each frame is several times larger: there a walk may stop at the
// stack guard's error (stack_guard.h) instead, which is still an answer and not a crash.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kBigFrames = true;
#else
constexpr bool kBigFrames = false;
#endif
constexpr char kTooDeep[] = "a value is nested too deeply for podinit's stack";

::testing::AssertionResult Renders(const std::string& text, const std::string& want) {
  auto out = RenderWithFuncs(text);
  if (!out.ok() && kBigFrames && out.status().message().find(kTooDeep) != std::string::npos) {
    return ::testing::AssertionSuccess();
  }
  if (!out.ok()) return ::testing::AssertionFailure() << "error: " << out.status().message().substr(0, 300);
  if (*out == want) return ::testing::AssertionSuccess();
  size_t i = 0;
  while (i < out->size() && i < want.size() && (*out)[i] == want[i]) i++;
  return ::testing::AssertionFailure() << "got " << out->size() << " bytes, want " << want.size()
                                       << "; first difference at " << i << ": got \""
                                       << out->substr(i, 40) << "\" want \"" << want.substr(i, 40) << "\"";
}

std::string WithDeep(const std::string& body) {
  return "{{ $d := fromJson `" + Nested(R"({"k":)", "1", "}") + "` }}" +
         "{{ $e := fromJson `" + Nested(R"({"k":)", "1", "}") + "` }}" + body;
}

TEST(DeepValues, PrintJsonAndCopy) {
  EXPECT_TRUE(Renders(WithDeep("{{ $d }}"), Nested("map[k:", "1", "]")));
  EXPECT_TRUE(Renders(WithDeep("{{ toJson $d }}"), Nested(R"({"k":)", "1", "}")));
  EXPECT_TRUE(Renders(WithDeep("{{ deepCopy $d | toJson }}"), Nested(R"({"k":)", "1", "}")));
  EXPECT_TRUE(Renders(WithDeep("{{ deepEqual $d $e }}"), "true"));
}

TEST(DeepValues, MergeAndSerializers) {
  EXPECT_TRUE(Renders(WithDeep("{{ merge $d $e | toJson }}"), Nested(R"({"k":)", "1", "}")));
  // Go's yaml and toml encoders nest without limit and indent with the depth, so at this
  // depth their outputs grow quadratically: each is the whole output, podinit's bound
  // (reached while writing), or the stack guard's error.
  for (const char* f : {"toYaml", "toToml", "toPrettyJson", "toRawJson", "mustToPrettyJson"}) {
    auto out = RenderWithFuncs(WithDeep(std::string("{{ ") + f + " $d | len }}"));
    if (!out.ok()) {
      bool bound = out.status().message().find("the result exceeds 128 MiB") != std::string::npos;
      // go-yaml's emitter takes more stack per level than the others: at this depth it may
      // stop at the guard in any build.
      bool deep = out.status().message().find(kTooDeep) != std::string::npos;
      EXPECT_TRUE(bound || deep) << f << ": " << out.status().message().substr(0, 300);
    } else {
      EXPECT_GT(std::stoll(*out), 60000) << f;
    }
  }
}

TEST(DeepValues, Lists) {
  std::string text = "{{ $l := fromJsonArray `" + Nested("[", "1", "]") + "` }}{{ $l }}|{{ toJson $l }}";
  EXPECT_TRUE(Renders(text, Nested("[", "1", "]") + "|" + Nested("[", "1", "]")));
}

// A range loop nests without Go's JSON limit: 300,000 levels are past any fixed stack. Every
// walk over such a value ends in the guard's error, at the action or call that walked it,
// and the value itself is destroyed without recursion when the template ends. Each use
// builds the value again (an error ends the template), 1.4 s a use under ASan: two tests,
// each a meson test of its own.
void ExpectLoopNestedValueRefused(std::initializer_list<const char*> uses) {
  const std::string build = "{{ $d := dict }}{{ range until 300000 }}{{ $d = dict \"k\" $d }}{{ end }}";
  for (const char* use : uses) {
    auto out = RenderWithFuncs(build + use);
    if (out.ok()) {
      // Only these may answer: toJson and set's cycle check do not recurse, and deepEqual
      // of a map with itself is true at once, as reflect.DeepEqual's pointer check.
      bool walks_not = std::string(use).find("toJson") != std::string::npos ||
                       (std::string(use).find("deepEqual") != std::string::npos && *out == "true");
      EXPECT_TRUE(walks_not) << use << " rendered " << out->substr(0, 100);
      continue;
    }
    // toToml writes a header per level, each longer than the last: its output bound comes
    // first.
    bool bound = std::string(use).find("toToml") != std::string::npos &&
                 out.status().message().find("the result exceeds 128 MiB") != std::string::npos;
    EXPECT_TRUE(bound || out.status().message().find(kTooDeep) != std::string::npos)
        << use << ": " << out.status().message().substr(0, 300);
    EXPECT_NE(out.status().message().find("executing \"t\" at <"), std::string::npos) << use;
  }
}

TEST(DeepValuesNestedByALoop, PrintCopyCompare) {
  ExpectLoopNestedValueRefused({"{{ $d }}", "{{ printf \"%v\" $d }}", "{{ deepCopy $d | len }}", "{{ deepEqual $d $d }}"});
}

TEST(DeepValuesNestedByALoop, SerializeAndMerge) {
  ExpectLoopNestedValueRefused({"{{ toYaml $d | len }}", "{{ toToml $d | len }}",
                                "{{ merge (dict) $d | len }}{{ merge $d $d | len }}{{ merge $d (deepCopy $d) }}",
                                "{{ $_ := set (dict) \"x\" $d }}{{ toJson $d | len }}"});
}

}  // namespace
}  // namespace templating
