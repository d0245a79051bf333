#include "entrypoint/fsio/volume_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "entrypoint/fsio/volume_writer.h"

namespace entrypoint::fsio {
namespace {

using ::testing::HasSubstr;

class VolumeReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/volume-reader-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    base_ = tmpl;
  }
  void TearDown() override { (void)!system(("rm -rf " + base_).c_str()); }

  std::string P(const std::string& rel) const { return base_ + "/" + rel; }
  void Write(const std::string& rel, const std::string& data) {
    std::string path = P(rel);
    (void)!system(("mkdir -p " + path.substr(0, path.find_last_of('/'))).c_str());
    std::ofstream(path, std::ios::binary) << data;
  }
  void Link(const std::string& target, const std::string& rel) {
    ASSERT_EQ(symlink(target.c_str(), P(rel).c_str()), 0) << rel;
  }

  // name -> data, in the order ReadTree returned them.
  static std::vector<std::pair<std::string, std::string>> Flat(const std::vector<TreeFile>& files) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const TreeFile& f : files) out.emplace_back(f.name, f.data);
    return out;
  }

  std::string base_;
};

using Files = std::vector<std::pair<std::string, std::string>>;

// The layout the kubelet makes for a ConfigMap with keys app.conf and sub/b.conf (a projected
// volume's nested path), named exactly as the kubelet names the timestamped directory.
TEST_F(VolumeReaderTest, KubeletLayoutIsReadThroughItsVisibleNames) {
  const std::string ts = "..2026_12_07_10_00_00.123456789";
  Write("cm/" + ts + "/app.conf", "name={{.metadata.name}}\n");
  Write("cm/" + ts + "/sub/b.conf", "b\n");
  Link(ts, "cm/..data");
  Link("..data/app.conf", "cm/app.conf");
  Link("..data/sub", "cm/sub");
  auto files = ReadTree(P("cm"));
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(Flat(*files), (Files{{"app.conf", "name={{.metadata.name}}\n"}, {"sub/b.conf", "b\n"}}));
}

// The project's own volume writer builds the same layout (it is the kubelet's AtomicWriter).
TEST_F(VolumeReaderTest, LayoutOfTheVolumeWriterReadsBackAsWritten) {
  std::map<std::string, VolumeFile> payload = {
      {"a.conf", {"A", 0644}}, {"nested/deeper/c.conf", {"C", 0600}}, {"b.conf", {"", 0644}}};
  ASSERT_TRUE(WriteVolume(P("vol"), payload).ok());
  auto files = ReadTree(P("vol"));
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(Flat(*files), (Files{{"a.conf", "A"}, {"b.conf", ""}, {"nested/deeper/c.conf", "C"}}));
}

TEST_F(VolumeReaderTest, PlainDirectoryIsReadWithoutTheKubeletsHiddenNames) {
  Write("t/x.tmpl", "x");
  Write("t/d/y.tmpl", "y");
  Write("t/..hidden", "kubelet's");
  Write("t/..2026_01_01_00_00_00.1/z", "old version");
  auto files = ReadTree(P("t"));
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(Flat(*files), (Files{{"d/y.tmpl", "y"}, {"x.tmpl", "x"}}));
}

TEST_F(VolumeReaderTest, LinkOutOfTheTreeIsRefusedAndNamed) {
  Write("secret.key", "SECRET");
  Write("t/ok", "ok");
  Link(P("secret.key"), "t/a.conf");
  auto files = ReadTree(P("t"));
  ASSERT_FALSE(files.ok());
  EXPECT_THAT(files.status().message(), HasSubstr(P("t/a.conf")));
  EXPECT_THAT(files.status().message(), HasSubstr("outside the template tree"));
}

TEST_F(VolumeReaderTest, RelativeLinkClimbingOutIsRefused) {
  Write("outside/f", "x");
  Write("t/ok", "ok");
  Link("../outside", "t/up");
  auto files = ReadTree(P("t"));
  ASSERT_FALSE(files.ok());
  EXPECT_THAT(files.status().message(), HasSubstr("outside the template tree"));
}

TEST_F(VolumeReaderTest, DanglingLinkIsAnError) {
  Write("t/ok", "ok");
  Link("nowhere", "t/gone");
  auto files = ReadTree(P("t"));
  ASSERT_FALSE(files.ok());
  EXPECT_THAT(files.status().message(), HasSubstr("does not resolve"));
}

TEST_F(VolumeReaderTest, LinkLoopIsPassedOverAndTheRestIsRead) {
  Write("t/d/f", "f");
  Link("..", "t/d/up");    // t/d/up -> t: the walk is inside t already
  Link("../..", "t/d/x");  // out of the tree: still refused
  auto files = ReadTree(P("t"));
  ASSERT_FALSE(files.ok());
  EXPECT_THAT(files.status().message(), HasSubstr("outside the template tree"));
  ASSERT_EQ(unlink(P("t/d/x").c_str()), 0);
  files = ReadTree(P("t"));
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(Flat(*files), (Files{{"d/f", "f"}}));
}

// Two names for one directory that is not an ancestor are both rendered.
TEST_F(VolumeReaderTest, TwoLinksToOneDirectoryAreBothRead) {
  Write("t/real/f", "f");
  Link("real", "t/alias");
  auto files = ReadTree(P("t"));
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(Flat(*files), (Files{{"alias/f", "f"}, {"real/f", "f"}}));
}

TEST_F(VolumeReaderTest, FifoIsRefusedWithoutBlocking) {
  Write("t/ok", "ok");
  ASSERT_EQ(mkfifo(P("t/pipe").c_str(), 0644), 0);
  auto files = ReadTree(P("t"));
  ASSERT_FALSE(files.ok());
  EXPECT_THAT(files.status().message(), HasSubstr("not a regular file"));
  auto one = ReadRegularFile(P("t/pipe"), 1 << 20, "template");
  ASSERT_FALSE(one.ok());
  EXPECT_THAT(one.status().message(), HasSubstr("not a regular file"));
}

TEST_F(VolumeReaderTest, LimitsAreErrorsNotSilentCuts) {
  Write("t/a", "12345");
  Write("t/b", "12345");
  Write("t/d1/d2/d3/c", "c");
  auto fails_with = [&](const TreeLimits& l, const char* words) {
    auto r = ReadTree(P("t"), l);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition) << words;
    EXPECT_THAT(r.status().message(), HasSubstr(words));
  };
  TreeLimits l;
  l.max_files = 2;
  fails_with(l, "more than 2 files");
  l = TreeLimits();
  l.max_file_bytes = 4;
  fails_with(l, "larger than");
  l = TreeLimits();
  l.max_total_bytes = 9;
  fails_with(l, "holds more than");
  l = TreeLimits();
  l.max_depth = 2;
  fails_with(l, "nested deeper than 2");
  EXPECT_TRUE(ReadTree(P("t")).ok());
}

TEST_F(VolumeReaderTest, ProcFileWithoutASizeIsReadToItsEnd) {
  auto data = ReadRegularFile("/proc/self/status", 1 << 20, "status");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_THAT(*data, HasSubstr("VmRSS"));
  EXPECT_EQ(ReadRegularFile("/proc/self/status", 16, "status").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// Updates swap `..data` while the tree is read: every read sees one whole version, never a mix
// of two and never an error from a name that went away with the old version.
TEST_F(VolumeReaderTest, ReadsDuringDataSwapsSeeOneWholeVersion) {
  auto version = [](const std::string& v, bool extra) {
    std::map<std::string, VolumeFile> files = {
        {"a.conf", {v, 0644}}, {"b.conf", {v, 0644}}, {"sub/c.conf", {v, 0644}}};
    if (extra) files["only-in-B.conf"] = {v, 0644};  // a key that comes and goes
    return files;
  };
  ASSERT_TRUE(WriteVolume(P("cm"), version("A", false)).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> swaps{0};
  std::thread writer([&] {
    for (int i = 0; !stop && i < 100000; ++i) {
      bool b = i % 2 == 0;
      if (!WriteVolume(P("cm"), version(b ? "B" : "A", b)).ok()) break;
      ++swaps;
    }
  });
  int reads = 0, mixed = 0, errors = 0;
  std::string first_error;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((reads < 2000 || swaps < 50) && std::chrono::steady_clock::now() < deadline) {
    auto files = ReadTree(P("cm"));
    ++reads;
    if (!files.ok()) {
      if (errors++ == 0) first_error = files.status().ToString();
      continue;
    }
    std::string seen;
    for (const TreeFile& f : *files) {
      if (seen.empty()) seen = f.data;
      if (f.data != seen) ++mixed;
    }
    // A whole version A has 3 files, B has 4; a read between the swap and the kubelet's
    // creation of the new top-level link may see B without its new key, never A with it.
    if (seen == "A" && files->size() != 3) ++mixed;
  }
  stop = true;
  writer.join();
  EXPECT_GT(swaps.load(), 10) << "the writer hardly ran; the test proves nothing";
  EXPECT_EQ(mixed, 0) << "reads that mixed two versions, of " << reads;
  EXPECT_EQ(errors, 0) << "of " << reads << " reads; first: " << first_error;
}

}  // namespace
}  // namespace entrypoint::fsio
