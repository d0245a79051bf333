// Values nested as deep as fromJson allows (Go's 10,000 levels), through every function that
// walks a value: printing, toJson/toYaml/toToml, deepCopy, deepEqual, merge. A crafted
// template must get an answer or an error, never a stack overflow, and these run under
// ASan in CI, where each frame is several times larger than in the release build.
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
::testing::AssertionResult Renders(const std::string& text, const std::string& want) {
  auto out = RenderWithFuncs(text);
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
  // depth their outputs grow quadratically: each is either the whole output or podinit's
  // bound, reached while writing.
  for (const char* f : {"toYaml", "toToml", "toPrettyJson", "toRawJson", "mustToPrettyJson"}) {
    auto out = RenderWithFuncs(WithDeep(std::string("{{ ") + f + " $d | len }}"));
    if (!out.ok()) {
      EXPECT_NE(out.status().message().find("the result exceeds 128 MiB"), std::string::npos)
          << f << ": " << out.status().message().substr(0, 300);
    } else {
      EXPECT_GT(std::stoll(*out), 60000) << f;
    }
  }
}

TEST(DeepValues, Lists) {
  std::string text = "{{ $l := fromJsonArray `" + Nested("[", "1", "]") + "` }}{{ $l }}|{{ toJson $l }}";
  EXPECT_TRUE(Renders(text, Nested("[", "1", "]") + "|" + Nested("[", "1", "]")));
}

}  // namespace
}  // namespace templating
