#include "k8sclient/file_read.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "k8sclient/client.h"

namespace k8sclient {
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

TEST(ReadBoundedFile, ReadsUpToTheLimitAndNoMore) {
  std::string path = ::testing::TempDir() + "/file_read_bounded";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs(std::string(1024, 'x').c_str(), f);
  std::fclose(f);
  absl::StatusOr<std::string> got = ReadBoundedFile(path, 1024, "--pod-file p");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->size(), 1024u);
  got = ReadBoundedFile(path, 1023, "--pod-file p");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(got.status().message(), "--pod-file p: larger than 1023 bytes");
  std::remove(path.c_str());
  EXPECT_EQ(ReadBoundedFile("/nonexistent/pod.yaml", 10, "--pod-file /nonexistent/pod.yaml")
                .status()
                .message(),
            "--pod-file /nonexistent/pod.yaml: No such file or directory");
}

// Past 8 MiB the buffer is prefaulted before it is filled (file_read.cc): the bytes read
// must be the file's, every one, including the last partial page.
TEST(ReadBoundedFile, ALargeFileIsReadWhole) {
  std::string path = ::testing::TempDir() + "/file_read_large";
  std::string want;
  want.reserve((9 << 20) + 123);
  for (size_t i = 0; want.size() < (size_t{9} << 20) + 123; ++i) want.push_back(static_cast<char>('a' + i % 23));
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fwrite(want.data(), 1, want.size(), f), want.size());
  std::fclose(f);
  absl::StatusOr<std::string> got = ReadBoundedFile(path, 16 << 20, "--pod-file p");
  std::remove(path.c_str());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(*got == want) << "sizes " << got->size() << " and " << want.size();
}

TEST(ReadBoundedFile, AnEndlessFileOrPipeStopsAtTheLimit) {
  absl::StatusOr<std::string> got = ReadBoundedFile("/dev/zero", 64 << 10, "--pod-file /dev/zero");
  EXPECT_EQ(got.status().message(), "--pod-file /dev/zero: larger than 64 KiB");
  // A pipe (as standard input is) that holds more than the limit; the writer is not waited
  // for: the reader gives up first.
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::string chunk(4096, 'y');
  for (int i = 0; i < 8; ++i) ASSERT_EQ(write(fds[1], chunk.data(), chunk.size()), 4096);
  got = ReadBoundedFd(fds[0], 16 << 10, "--pod-file (stdin)");
  EXPECT_EQ(got.status().message(), "--pod-file (stdin): larger than 16 KiB");
  close(fds[1]);
  close(fds[0]);
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(write(fds[1], "{}", 2), 2);
  close(fds[1]);
  got = ReadBoundedFd(fds[0], 16 << 10, "--pod-file (stdin)");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "{}");
  close(fds[0]);
}

TEST(ReadBoundedFile, ThePodFileBoundIsTheApiAnswerBound) {
  EXPECT_EQ(static_cast<int64_t>(kMaxPodFileBytes), ClientOptions{}.max_response_bytes);
}

}  // namespace
}  // namespace k8sclient
