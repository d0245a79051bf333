#include "entrypoint/fsio/volume_writer.h"

#include <dirent.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace entrypoint::fsio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class VolumeWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/volume-writer-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = std::string(tmpl) + "/podinfo";  // WriteVolume creates it
  }
  void TearDown() override {
    (void)!system(("rm -rf " + dir_.substr(0, dir_.find_last_of('/'))).c_str());
  }

  std::string P(const std::string& rel) { return dir_ + "/" + rel; }

  static std::string Read(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  static std::string Link(const std::string& path) {
    char buf[PATH_MAX];
    ssize_t n = readlink(path.c_str(), buf, sizeof buf);
    return n < 0 ? "<not a link>" : std::string(buf, n);
  }
  static bool Exists(const std::string& path) {
    struct stat st;
    return lstat(path.c_str(), &st) == 0;
  }
  std::vector<std::string> Entries() {
    std::vector<std::string> out;
    DIR* d = opendir(dir_.c_str());
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") out.push_back(n);
    }
    closedir(d);
    std::sort(out.begin(), out.end());
    return out;
  }
  // The one timestamped directory, checked to be the only one.
  std::string TsDir() {
    std::vector<std::string> ts;
    for (const std::string& e : Entries()) {
      if (e.compare(0, 2, "..") == 0 && e != "..data") ts.push_back(e);
    }
    EXPECT_EQ(ts.size(), 1u);
    return ts.empty() ? "" : ts[0];
  }

  std::string dir_;
};

TEST_F(VolumeWriterTest, KubeletLayout) {
  time_t before = time(nullptr);
  bool changed = false;
  absl::Status s = WriteVolume(dir_,
                               {{"name", {"web-0", 0644}},
                                {"labels", {"app=\"web\"", 0644}},
                                {"container/cpu_limit", {"2", 0600}},
                                {"container/mem_limit", {"64", 0644}}},
                               &changed);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_TRUE(changed);
  std::string ts = TsDir();
  EXPECT_THAT(Entries(), ElementsAre(ts, "..data", "container", "labels", "name"));

  // ..YYYY_MM_DD_HH_MM_SS.<random uint32 in decimal>, in UTC, now (os.MkdirTemp).
  std::smatch m;
  ASSERT_TRUE(std::regex_match(ts, m, std::regex(R"(\.\.(\d{4})_(\d\d)_(\d\d)_(\d\d)_(\d\d)_(\d\d)\.\d{1,10})")))
      << ts;
  struct tm tm = {};
  tm.tm_year = std::stoi(m[1]) - 1900;
  tm.tm_mon = std::stoi(m[2]) - 1;
  tm.tm_mday = std::stoi(m[3]);
  tm.tm_hour = std::stoi(m[4]);
  tm.tm_min = std::stoi(m[5]);
  tm.tm_sec = std::stoi(m[6]);
  time_t stamp = timegm(&tm);
  EXPECT_GE(stamp, before);
  EXPECT_LE(stamp, time(nullptr));

  EXPECT_EQ(Link(P("..data")), ts);
  EXPECT_EQ(Link(P("name")), "..data/name");
  EXPECT_EQ(Link(P("labels")), "..data/labels");
  EXPECT_EQ(Link(P("container")), "..data/container");  // one link for the first element
  EXPECT_EQ(Read(P("name")), "web-0");
  EXPECT_EQ(Read(P("container/cpu_limit")), "2");
  struct stat st;
  ASSERT_EQ(stat(P("container/cpu_limit").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_EQ(stat(P(ts).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
}

TEST_F(VolumeWriterTest, UnchangedPayloadWritesNothing) {
  std::map<std::string, VolumeFile> files = {{"name", {"a", 0644}}, {"x/y", {"b", 0644}}};
  ASSERT_TRUE(WriteVolume(dir_, files).ok());
  std::string ts = TsDir();
  bool changed = true;
  ASSERT_TRUE(WriteVolume(dir_, files, &changed).ok());
  EXPECT_FALSE(changed);
  EXPECT_EQ(TsDir(), ts);
  EXPECT_EQ(Link(P("..data")), ts);
}

TEST_F(VolumeWriterTest, UpdateSwapsDataAndRemovesOldDirectory) {
  ASSERT_TRUE(WriteVolume(dir_, {{"name", {"a", 0644}}, {"ns", {"default", 0644}}}).ok());
  std::string old_ts = TsDir();
  sleep(1);  // a different timestamp, as a real update would have
  bool changed = false;
  ASSERT_TRUE(WriteVolume(dir_, {{"name", {"b", 0644}}, {"ns", {"default", 0644}}}, &changed).ok());
  EXPECT_TRUE(changed);
  std::string new_ts = TsDir();
  EXPECT_NE(new_ts, old_ts);
  EXPECT_FALSE(Exists(P(old_ts)));
  EXPECT_EQ(Link(P("..data")), new_ts);
  EXPECT_EQ(Read(P("name")), "b");
  EXPECT_FALSE(Exists(P("..data_tmp")));
}

TEST_F(VolumeWriterTest, ModeChangeAloneIsWritten) {
  ASSERT_TRUE(WriteVolume(dir_, {{"token", {"t", 0644}}}).ok());
  bool changed = false;
  ASSERT_TRUE(WriteVolume(dir_, {{"token", {"t", 0600}}}, &changed).ok());
  EXPECT_TRUE(changed);
  struct stat st;
  ASSERT_EQ(stat(P("token").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(VolumeWriterTest, RemovedEntriesLoseTheirSymlinks) {
  ASSERT_TRUE(WriteVolume(dir_, {{"name", {"a", 0644}},
                                 {"gone", {"g", 0644}},
                                 {"c/cpu", {"1", 0644}},
                                 {"c/mem", {"2", 0644}},
                                 {"d/only", {"3", 0644}}})
                  .ok());
  bool changed = false;
  // Removing one of two nested files keeps the `c` link; removing all of `d` drops it.
  ASSERT_TRUE(WriteVolume(dir_, {{"name", {"a", 0644}}, {"c/cpu", {"1", 0644}}}, &changed).ok());
  EXPECT_TRUE(changed);
  std::string ts = TsDir();
  EXPECT_THAT(Entries(), ElementsAre(ts, "..data", "c", "name"));
  EXPECT_FALSE(Exists(P("c/mem")));
  EXPECT_EQ(Read(P("c/cpu")), "1");

  // Removal alone (same bytes for what is left) is still an update.
  ASSERT_TRUE(WriteVolume(dir_, {{"name", {"a", 0644}}}, &changed).ok());
  EXPECT_TRUE(changed);
  EXPECT_THAT(Entries(), ElementsAre(TsDir(), "..data", "name"));
}

TEST_F(VolumeWriterTest, NewEntryGetsItsSymlink) {
  ASSERT_TRUE(WriteVolume(dir_, {{"name", {"a", 0644}}}).ok());
  ASSERT_TRUE(WriteVolume(dir_, {{"name", {"a", 0644}}, {"uid", {"u", 0644}}}).ok());
  EXPECT_EQ(Link(P("uid")), "..data/uid");
  EXPECT_EQ(Read(P("uid")), "u");
}

TEST_F(VolumeWriterTest, LeftOverDataTmpFromACrashIsReplaced) {
  ASSERT_TRUE(WriteVolume(dir_, {{"name", {"a", 0644}}}).ok());
  ASSERT_EQ(symlink("..stale", P("..data_tmp").c_str()), 0);
  ASSERT_TRUE(WriteVolume(dir_, {{"name", {"b", 0644}}}).ok());
  EXPECT_EQ(Read(P("name")), "b");
  EXPECT_FALSE(Exists(P("..data_tmp")));
}

TEST_F(VolumeWriterTest, DataLinkPointingElsewhereIsRefused) {
  mkdir(dir_.c_str(), 0755);
  ASSERT_EQ(symlink("/etc", P("..data").c_str()), 0);
  absl::Status s = WriteVolume(dir_, {{"name", {"a", 0644}}});
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("not to a timestamped directory"));
}

TEST_F(VolumeWriterTest, CleansPaths) {
  ASSERT_TRUE(WriteVolume(dir_, {{"./a//b/", {"x", 0644}}, {"a..b", {"y", 0644}}}).ok());
  EXPECT_EQ(Read(P("a/b")), "x");
  EXPECT_EQ(Read(P("a..b")), "y");
}

// Readers going through the user-visible symlinks while the volume is rewritten see the
// old or the new content, whole. (Like the kubelet's layout, a reader that resolved ..data
// just before the old directory is removed can get ENOENT; that is counted, not a failure.)
TEST_F(VolumeWriterTest, ConcurrentReadersNeverSeeAMix) {
  const std::string x(200000, 'x'), y(150000, 'y');
  ASSERT_TRUE(WriteVolume(dir_, {{"conf", {x, 0644}}, {"nested/conf", {x, 0644}}}).ok());
  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, torn{0}, missing{0};
  auto reader = [&](const std::string& path) {
    while (!done) {
      std::ifstream f(path, std::ios::binary);
      if (!f) {
        ++missing;
        continue;
      }
      std::stringstream ss;
      ss << f.rdbuf();
      std::string got = ss.str();
      ++reads;
      if (got != x && got != y) ++torn;
    }
  };
  std::thread r1(reader, P("conf")), r2(reader, P("nested/conf"));
  absl::Status status;
  for (int i = 0; i < 60 && status.ok(); ++i) {
    const std::string& d = i % 2 ? x : y;
    status = WriteVolume(dir_, {{"conf", {d, 0644}}, {"nested/conf", {d, 0644}}});
  }
  done = true;
  r1.join();
  r2.join();
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_GT(reads.load(), 0);
  std::printf("%d reads, %d ENOENT\n", reads.load(), missing.load());
  EXPECT_EQ(torn.load(), 0) << "of " << reads.load() << " reads (" << missing.load() << " ENOENT)";
  EXPECT_EQ(TsDir().empty(), false);  // and exactly one timestamped directory is left
}

struct BadPath {
  std::string path;
  std::string message;
};

class VolumeWriterBadPathTest : public VolumeWriterTest,
                                public ::testing::WithParamInterface<BadPath> {};

TEST_P(VolumeWriterBadPathTest, InvalidPayloadWritesNothing) {
  absl::Status s = WriteVolume(dir_, {{"good", {"g", 0644}}, {GetParam().path, {"x", 0644}}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr(GetParam().message));
  EXPECT_FALSE(Exists(dir_));
}

INSTANTIATE_TEST_SUITE_P(
    Paths, VolumeWriterBadPathTest,
    ::testing::Values(BadPath{"", "must not be empty"},
                      BadPath{"/etc/passwd", "must be a relative path"},
                      BadPath{"..", "must not contain '..'"},
                      BadPath{"../x", "must not contain '..'"},
                      BadPath{"a/../../x", "must not contain '..'"},
                      BadPath{"..data", "must not start with '..'"},
                      BadPath{"..2020_01_01_00_00_00.1/x", "must not start with '..'"},
                      BadPath{std::string(256, 'n'), "at most 255"},
                      BadPath{std::string(4097, 'a'), "at most 4096"},
                      BadPath{".", "names no file"}));

}  // namespace
}  // namespace entrypoint::fsio
