#include "k8sclient/token_source.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <utime.h>

#include <cstdio>

#include "tests/k8sclient/temp_dir.h"

namespace k8sclient {
namespace {

using testing::TempDir;

// Rewrites the file but restores its mtime, so only the age rule or a forced read sees it.
void WriteKeepingMtime(const TempDir& dir, const std::string& name, const std::string& data) {
  std::string path = dir.path() + "/" + name;
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  dir.Write(name, data);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

void SetMtime(const std::string& path, time_t secs) {
  struct timespec times[2] = {{secs, 0}, {secs, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

TEST(TokenSource, StaticAndNone) {
  TokenSource none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(*none.Token(), "");
  TokenSource s = TokenSource::Static("abc");
  EXPECT_FALSE(s.empty());
  EXPECT_EQ(*s.Token(true), "abc");
}

TEST(TokenSource, TrimsAndRereadsOnMtimeChange) {
  TempDir dir;
  std::string path = dir.Write("token", "first\n");
  SetMtime(path, 1000);
  absl::Time now = absl::FromUnixSeconds(5000);
  TokenSource t = TokenSource::File(path, [&] { return now; });
  EXPECT_EQ(*t.Token(), "first");
  dir.Write("token", "second\n");
  SetMtime(path, 2000);
  EXPECT_EQ(*t.Token(), "second");
}

TEST(TokenSource, SameMtimeIsCachedForAMinute) {
  TempDir dir;
  std::string path = dir.Write("token", "first");
  absl::Time now = absl::FromUnixSeconds(5000);
  TokenSource t = TokenSource::File(path, [&] { return now; });
  EXPECT_EQ(*t.Token(), "first");
  WriteKeepingMtime(dir, "token", "second");
  now += absl::Seconds(59);
  EXPECT_EQ(*t.Token(), "first");
  EXPECT_EQ(*t.Token(/*force=*/true), "second");
  WriteKeepingMtime(dir, "token", "third");
  now += absl::Seconds(61);
  EXPECT_EQ(*t.Token(), "third");
}

TEST(TokenSource, KeepsLastGoodTokenOnReadErrorOrEmptyFile) {
  TempDir dir;
  std::string path = dir.Write("token", "good");
  TokenSource t = TokenSource::File(path);
  EXPECT_EQ(*t.Token(), "good");
  dir.Write("token", "");
  EXPECT_EQ(*t.Token(true), "good");
  std::remove(path.c_str());
  EXPECT_EQ(*t.Token(true), "good");
}

TEST(TokenSource, ErrorsWithoutAnyGoodToken) {
  TempDir dir;
  TokenSource missing = TokenSource::File(dir.path() + "/nope");
  absl::StatusOr<std::string> m = missing.Token();
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(m.status().message().find(dir.path() + "/nope"), std::string::npos) << m.status();
  TokenSource empty = TokenSource::File(dir.Write("empty", "\n"));
  absl::StatusOr<std::string> e = empty.Token();
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("is empty"), std::string::npos) << e.status();
}

}  // namespace
}  // namespace k8sclient
