#include "entrypoint/init/exec.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "tests/entrypoint/init/in_child.h"
#include "tests/k8sclient/temp_dir.h"

namespace entrypoint::init {
namespace {

class ExecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chmod(tmp_.Write("noexec", "#!/bin/sh\nexit 0\n").c_str(), 0644);
    chmod(tmp_.Write("noshebang", "exit 4\n").c_str(), 0755);
  }
  int Exec(const std::string& program, ExecFailure rules) {
    return InChild([&] {
      ExecPlan plan({program}, {"PATH=/usr/bin:/bin"}, rules);
      return plan.ExecOrFail(base::LogFormat::kHuman);
    }).code;
  }
  k8sclient::testing::TempDir tmp_;
  const std::string& dir_ = tmp_.path();
};

// Expected statuses: podinit's are Docker's; tini's and dumb-init's what Debian's tini 0.19.0
// and dumb-init 1.2.5 exit with for the same programs (tests/entrypoint/init/*_e2e.py run
// them side by side).
TEST_F(ExecTest, EachFrontEndHasItsOwnStatuses) {
  struct Case {
    std::string program;
    int podinit, tini, dumb_init;
  } cases[] = {
      {"/nonexistent/prog", 127, 127, 2}, {"no-such-prog-podinit", 127, 127, 2}, {"", 127, 127, 2},
      {dir_ + "/noexec", 126, 126, 2},     {dir_, 126, 126, 2},
      // execvp runs a file without #! through /bin/sh; podinit does not (no shell in
      // distroless images).
      {dir_ + "/noshebang", 126, 4, 4},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Exec(c.program, ExecFailure::kPodinit), c.podinit) << c.program;
    EXPECT_EQ(Exec(c.program, ExecFailure::kTini), c.tini) << c.program;
    EXPECT_EQ(Exec(c.program, ExecFailure::kDumbInit), c.dumb_init) << c.program;
  }
}

TEST_F(ExecTest, FailuresCanBeJsonLines) {
  Outcome o = InChild([] {
    ExecPlan plan({"/nonexistent/prog"}, {});
    return plan.ExecOrFail(base::LogFormat::kJson);
  });
  EXPECT_EQ(o.code, 127);
  EXPECT_EQ(o.stderr_text.substr(0, 9), "{\"time\":\"");
  EXPECT_NE(o.stderr_text.find(R"("level":"error","msg":"exec \"/nonexistent/prog\": No such file or directory"})"),
            std::string::npos)
      << o.stderr_text;
}

}  // namespace
}  // namespace entrypoint::init
