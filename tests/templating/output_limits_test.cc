// podinit's own contract where Go has none (templating/output_limits.h): a template whose
// output, or one of whose strings, would pass kMaxOutputBytes fails with a template error at
// the node that crossed it, instead of growing until the OOM killer (Go streams its output and
// would only run out later). Found by the fuzzer: {{range 552073709551616}}0{{end}}.
#include <string>

#include "absl/strings/str_cat.h"
#include "templating/output_limits.h"
#include "tests/templating/sprig/test_util.h"

namespace templating {
namespace {

const std::string kMiB = absl::StrCat(kMaxOutputBytes >> 20, " MiB");

// The limits are checked the same way at any size; 128 MiB of output is 128 MiB of work (81 s
// once under the sanitizers on a busy machine), so they are tested at a size a caller sets.
constexpr size_t kSmall = 1000;

absl::StatusOr<std::string> RenderLimited(std::string_view text, Limits limits) {
  Template t("t");
  t.Funcs(sprig::KubectlFuncs()).Funcs(sprig::SprigFuncs()).Option(limits);
  if (absl::Status st = t.Parse(text); !st.ok()) return st;
  return t.Execute(Value(Map{}));
}

absl::StatusOr<std::string> RenderSmall(std::string_view text) {
  return RenderLimited(text, Limits{.max_output = kSmall, .max_range_iterations = 0});
}

TEST(OutputLimits, TheDefaultIs128MiBAndNoBoundOnRangePasses) {
  EXPECT_EQ(Limits{}.max_output, size_t{128} << 20);
  EXPECT_EQ(Limits{}.max_range_iterations, 0u);
}

TEST(OutputLimits, OutputPastTheLimitStopsAtTheNodeThatCrossedIt) {
  auto out = RenderSmall("{{ range 552073709551616 }}0{{ end }}");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(std::string(out.status().message()),
            "template: t:1:27: executing \"t\" at <0>: the output exceeds 1000 bytes");
  out = RenderSmall("{{ range 552073709551616 }}{{ 12345 }}{{ end }}");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(std::string(out.status().message()),
            "template: t:1:30: executing \"t\" at <{{12345}}>: the output exceeds 1000 bytes");
}

TEST(OutputLimits, AStringPastTheLimitIsAnErrorOfTheCallThatMadeIt) {
  auto out = RenderSmall(
      R"({{ $s := "xxxxxxxxxxxxxxxx" }}{{ range 40 }}{{ $s = print $s $s }}{{ end }}{{ len $s }})");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(std::string(out.status().message()),
            "template: t:1:52: executing \"t\" at <print $s $s>: error calling print: the result "
            "exceeds 1000 bytes");
}

// indent computes the size before it allocates anything, so the default bound is cheap to test.
TEST(OutputLimits, IndentRefusesBeforeAllocating) {
  auto out = RenderWithFuncs(R"({{ indent 100000000000 "x" }})");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(std::string(out.status().message()),
            "template: t:1:3: executing \"t\" at <indent 100000000000 \"x\">: error calling indent: "
            "the result would exceed " + kMiB + " (100000000000 spaces × 1 lines)");
  out = RenderWithFuncs(R"({{ nindent 9223372036854775807 "a\nb" }})");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("the result would exceed"), std::string::npos)
      << out.status();
}

TEST(OutputLimits, JustUnderTheLimitIsFine) {
  auto out = RenderSmall(absl::StrCat("{{ indent ", kSmall - 1, " \"x\" | len }}"));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, std::to_string(kSmall));
  EXPECT_FALSE(RenderSmall(absl::StrCat("{{ indent ", kSmall, " \"x\" | len }}")).ok());
}

TEST(OutputLimits, ACallerMayTightenThem) {
  Limits small{.max_output = 1000, .max_range_iterations = 0};
  auto out = RenderLimited("{{ range 1000 }}x{{ end }}", small);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->size(), 1000u);
  out = RenderLimited("{{ range 1001 }}x{{ end }}", small);
  EXPECT_EQ(std::string(out.status().message()),
            "template: t:1:16: executing \"t\" at <x>: the output exceeds 1000 bytes");

  Limits passes{.max_output = kMaxOutputBytes, .max_range_iterations = 10};
  out = RenderLimited("{{ range 2 }}{{ range 4 }}{{ end }}{{ end }}", passes);
  EXPECT_TRUE(out.ok()) << out.status();  // 2 + 2 * 4 = 10 passes
  out = RenderLimited("{{ range 3 }}{{ range 5 }}{{ end }}{{ end }}", passes);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(std::string(out.status().message()),
            "template: t:1:22: executing \"t\" at <{{range 5}}{{end}}>: range: more than 10 iterations");
  EXPECT_TRUE(RenderLimited("{{ range 100000 }}{{ end }}", Limits{}).ok());  // none by default
}

}  // namespace
}  // namespace templating
