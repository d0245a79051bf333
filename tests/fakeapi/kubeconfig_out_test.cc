#include "fakeapi/kubeconfig_out.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace fakeapi {
namespace {

class WritePrivateFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kubeconfig_out_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  static mode_t Mode(const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
  }
  static std::string Read(const std::string& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::string dir_;
};

TEST_F(WritePrivateFileTest, FreshFileIs0600WhateverTheUmask) {
  mode_t old = ::umask(0);
  absl::Status st = WritePrivateFile(dir_ + "/kc", "token: x\n");
  ::umask(old);
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(Mode(dir_ + "/kc"), 0600u);
  EXPECT_EQ(Read(dir_ + "/kc"), "token: x\n");
  EXPECT_NE(::access((dir_ + "/kc.tmp").c_str(), F_OK), 0);
  // Replacing an existing file works the same way.
  ASSERT_TRUE(WritePrivateFile(dir_ + "/kc", "token: y\n").ok());
  EXPECT_EQ(Read(dir_ + "/kc"), "token: y\n");
}

// A leftover 0644 FILE.tmp used to be reused, leaving the token world-readable.
TEST_F(WritePrivateFileTest, RefusesALeftoverTemporary) {
  std::ofstream(dir_ + "/kc.tmp") << "old";
  ::chmod((dir_ + "/kc.tmp").c_str(), 0644);
  absl::Status st = WritePrivateFile(dir_ + "/kc", "token: x\n");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(std::string(st.message()).find("kc.tmp exists"), std::string::npos) << st;
  EXPECT_NE(::access((dir_ + "/kc").c_str(), F_OK), 0);
  EXPECT_EQ(Read(dir_ + "/kc.tmp"), "old");
}

// A symlink at the temporary's name would redirect the token.
TEST_F(WritePrivateFileTest, RefusesSymlinks) {
  std::ofstream(dir_ + "/elsewhere") << "victim";
  ASSERT_EQ(::symlink((dir_ + "/elsewhere").c_str(), (dir_ + "/kc.tmp").c_str()), 0);
  EXPECT_FALSE(WritePrivateFile(dir_ + "/kc", "token: x\n").ok());
  EXPECT_EQ(Read(dir_ + "/elsewhere"), "victim");
  ::unlink((dir_ + "/kc.tmp").c_str());
  ASSERT_EQ(::symlink((dir_ + "/elsewhere").c_str(), (dir_ + "/kc2").c_str()), 0);
  EXPECT_FALSE(WritePrivateFile(dir_ + "/kc2", "token: x\n").ok());
  EXPECT_EQ(Read(dir_ + "/elsewhere"), "victim");
}

TEST(KubeconfigServer, WildcardListenBecomesLoopback) {
  EXPECT_EQ(KubeconfigServer("https://0.0.0.0:6443"), "https://127.0.0.1:6443");
  EXPECT_EQ(KubeconfigServer("https://[::]:6443"), "https://[::1]:6443");
  EXPECT_EQ(KubeconfigServer("http://127.0.0.2:80"), "http://127.0.0.2:80");
}

}  // namespace
}  // namespace fakeapi
