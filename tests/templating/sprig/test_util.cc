// The one test body the generated AREA_test.cc tables instantiate.
#include "tests/templating/sprig/test_util.h"

namespace tmpl {

TEST_P(FuncsTest, MatchesGo) {
  const FuncCase& c = GetParam();
  auto out = RenderWithFuncs(c.text);
  if (*c.err == '\0') {
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ(*out, c.want);
  } else {
    ASSERT_FALSE(out.ok()) << "rendered: " << *out;
    EXPECT_EQ(std::string(out.status().message()), std::string(c.err));
  }
}

}  // namespace tmpl
