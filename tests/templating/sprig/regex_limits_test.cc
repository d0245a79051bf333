// Where our regex engine cannot be Go's: Go's matcher runs in linear time and never gives
// up, a backtracking one can. The contract tested here is ours, not an output of Go: such a
// call either gives Go's answer or fails with a template error saying it was abandoned, and
// never crashes (std::regex overflowed the stack on long inputs). Syntax Go accepts that the
// rewrite lacks is an error too, never a silent "no match".
#include <string>

#include "tests/templating/sprig/test_util.h"

namespace tmpl {
namespace {

// Go's answer, or our error for a match Boost abandoned.
void ExpectGoAnswerOrAbandoned(const std::string& text, const std::string& go_answer) {
  auto out = RenderWithFuncs(text);
  if (out.ok()) {
    EXPECT_EQ(*out, go_answer) << text;
  } else {
    EXPECT_NE(out.status().message().find("was abandoned"), std::string::npos) << out.status();
  }
}

TEST(RegexLimits, BacktrackingBlowUpIsAnErrorNotAHang) {
  ExpectGoAnswerOrAbandoned(R"({{ regexMatch "^(0*)*1$" (printf "%030d" 0) }})", "false");
  ExpectGoAnswerOrAbandoned(R"({{ regexMatch "(x+x+)+y" (printf "%040d" 0 | replace "0" "x") }})",
                            "false");
  ExpectGoAnswerOrAbandoned(R"({{ regexReplaceAll "(a*)*b" (printf "%05000d" 0 | replace "0" "a") "-" | len }})",
                            "5000");
  ExpectGoAnswerOrAbandoned(R"({{ regexMatch "(a|b)*c" (replace "0" "ab" (printf "%01000d" 0)) }})",
                            "false");
}

TEST(RegexLimits, HugeInputsNeverCrash) {
  // 2 MB: past the 64 MiB bound on backtracking state for (a|b)*.
  ExpectGoAnswerOrAbandoned(R"({{ regexMatch "^(a|b)*$" (replace "0" "ab" (printf "%01000000d" 0)) }})",
                            "true");
  ExpectGoAnswerOrAbandoned(R"({{ regexReplaceAll "(a|b)*" (replace "0" "ab" (printf "%01000000d" 0)) "x" }})",
                            "x");
  auto out = RenderWithFuncs(R"({{ regexMatch "^[^x]*$" (printf "%02000000d" 0) }})");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "true");
}

TEST(RegexLimits, SyntaxGoAcceptsButWeLackIsAnError) {
  for (const char* text : {R"({{ regexMatch "\\pL" "a" }})", R"({{ regexMatch "a(?i)b" "aB" }})",
                           R"({{ regexReplaceAll "(?U)a+" "aa" "x" }})"}) {
    auto out = RenderWithFuncs(text);
    ASSERT_FALSE(out.ok()) << text << " rendered " << *out;
    EXPECT_NE(out.status().message().find("is not supported by this engine"), std::string::npos)
        << out.status();
  }
}

}  // namespace
}  // namespace tmpl
