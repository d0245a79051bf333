#include "k8sclient/file_read.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace k8s {
namespace {

TEST(ReadWholeFile, ReadsASmallFile) {
  std::string path = ::testing::TempDir() + "/file_read_small";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("tok\n", f);
  std::fclose(f);
  absl::StatusOr<std::string> got = ReadWholeFile(path);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, "tok\n");
  std::remove(path.c_str());
}

TEST(ReadWholeFile, NamesTheMissingFile) {
  absl::StatusOr<std::string> got = ReadWholeFile("/nonexistent/token");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(got.status().message(), "/nonexistent/token: No such file or directory");
}

TEST(ReadWholeFile, AnEndlessFileIsAnErrorNotAHang) {
  absl::StatusOr<std::string> got = ReadWholeFile("/dev/zero");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(got.status().message(),
            "/dev/zero: larger than 16 MiB, so not a credential or config file");
}

}  // namespace
}  // namespace k8s
