#include "entrypoint/base/write_fd.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace entrypoint::base {
namespace {

using ::testing::HasSubstr;

// A non-blocking pipe takes 64 KiB and then EAGAIN: a single write(2) lost the rest.
TEST(WriteFull, NonBlockingPipeGetsEveryByte) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) | O_NONBLOCK);
  const std::string data(1 << 20, 'x');
  std::string got;
  std::thread reader([&] {
    usleep(100000);  // let the pipe fill first
    char buf[4096];
    for (ssize_t n; (n = read(p[0], buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
  });
  absl::Status s = WriteFull(p[1], data, "writing to the pipe");
  close(p[1]);
  reader.join();
  close(p[0]);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(got.size(), data.size());
}

TEST(WriteFull, FailuresNameWhatWasWritten) {
  int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(full, 0);
  absl::Status s = WriteFull(full, "x", "writing to standard output");
  close(full);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "writing to standard output: No space left on device");
  s = WriteFull(-1, "x", "writing to standard output");
  EXPECT_THAT(std::string(s.message()), HasSubstr("Bad file descriptor"));
  EXPECT_TRUE(WriteFull(-1, "", "nothing to write").ok());
}

}  // namespace
}  // namespace entrypoint::base
