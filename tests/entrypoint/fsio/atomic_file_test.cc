#include "entrypoint/fsio/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace entrypoint::fsio {
namespace {

using ::testing::HasSubstr;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/atomic-file-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { (void)!system(("rm -rf " + dir_).c_str()); }

  std::string Path(const std::string& name) { return dir_ + "/" + name; }

  static std::string Read(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  static void Put(const std::string& path, const std::string& data) {
    std::ofstream(path, std::ios::binary) << data;
  }
  static struct stat Stat(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(lstat(path.c_str(), &st), 0) << path;
    return st;
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

  std::string dir_;
};

TEST_F(AtomicFileTest, CreatesFileWithExactModeWhateverTheUmask) {
  mode_t old = umask(077);
  bool changed = false;
  absl::Status s = WriteFileAtomic(Path("out.conf"), "hello\n", 0644, &changed);
  umask(old);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_TRUE(changed);
  EXPECT_EQ(Read(Path("out.conf")), "hello\n");
  EXPECT_EQ(Stat(Path("out.conf")).st_mode & 07777, 0644u);
  EXPECT_EQ(Entries(), std::vector<std::string>{"out.conf"});  // no temporary left
}

TEST_F(AtomicFileTest, UnchangedFileIsNotRewritten) {
  ASSERT_TRUE(WriteFileAtomic(Path("f"), "same", 0600, nullptr).ok());
  // An old mtime that a rewrite would replace.
  timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, Path("f").c_str(), times, 0), 0);
  ino_t inode = Stat(Path("f")).st_ino;

  bool changed = true;
  ASSERT_TRUE(WriteFileAtomic(Path("f"), "same", 0600, &changed).ok());
  EXPECT_FALSE(changed);
  EXPECT_EQ(Stat(Path("f")).st_mtim.tv_sec, 1000000000);
  EXPECT_EQ(Stat(Path("f")).st_ino, inode);
}

TEST_F(AtomicFileTest, ChangedContentReplacesFileByRename) {
  Put(Path("f"), "a much longer old content");
  ino_t inode = Stat(Path("f")).st_ino;
  bool changed = false;
  ASSERT_TRUE(WriteFileAtomic(Path("f"), "new", 0644, &changed).ok());
  EXPECT_TRUE(changed);
  EXPECT_EQ(Read(Path("f")), "new");
  EXPECT_NE(Stat(Path("f")).st_ino, inode);  // a new file was renamed in
  EXPECT_EQ(Entries(), std::vector<std::string>{"f"});
}

// A live writer holds an flock on its temporary file; the kernel drops it when the writer is
// killed. Leftovers are removed by the next write of the same file, whatever their age, and
// even when that write changes nothing.
TEST_F(AtomicFileTest, TemporariesOfKilledWritersAreRemovedEvenWhenNothingChanges) {
  Put(Path("f"), "x");
  chmod(Path("f").c_str(), 0644);
  Put(Path(".f.podinit-00000000deadbeef"), "left by a writer killed long ago");
  Put(Path(".f.podinit-0000000000000001"), "left by a writer killed just now");
  Put(Path(".f.podinit-00000000cafef00d"), "a concurrent writer, still at work");
  Put(Path(".g.podinit-00000000deadbeef"), "another file's");
  Put(Path(".f.podinit-short"), "not ours");
  timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, Path(".f.podinit-00000000deadbeef").c_str(), old, 0), 0);
  int live = open(Path(".f.podinit-00000000cafef00d").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(live, 0);
  ASSERT_EQ(flock(live, LOCK_EX), 0);
  bool changed = true;
  ASSERT_TRUE(WriteFileAtomic(Path("f"), "x", 0644, &changed).ok());
  EXPECT_FALSE(changed);
  EXPECT_EQ(Entries(), (std::vector<std::string>{".f.podinit-00000000cafef00d", ".f.podinit-short",
                                                 ".g.podinit-00000000deadbeef", "f"}));
  close(live);
  ASSERT_TRUE(WriteFileAtomic(Path("f"), "y", 0644, &changed).ok());
  EXPECT_EQ(Entries(), (std::vector<std::string>{".f.podinit-short", ".g.podinit-00000000deadbeef", "f"}));
}

TEST_F(AtomicFileTest, SameBytesDifferentModeOnlyChmods) {
  Put(Path("f"), "secret");
  chmod(Path("f").c_str(), 0644);
  ino_t inode = Stat(Path("f")).st_ino;
  bool changed = false;
  ASSERT_TRUE(WriteFileAtomic(Path("f"), "secret", 0600, &changed).ok());
  EXPECT_TRUE(changed);
  EXPECT_EQ(Stat(Path("f")).st_mode & 07777, 0600u);
  EXPECT_EQ(Stat(Path("f")).st_ino, inode);
}

TEST_F(AtomicFileTest, EmptyContentIsWritten) {
  Put(Path("f"), "x");
  bool changed = false;
  ASSERT_TRUE(WriteFileAtomic(Path("f"), "", 0644, &changed).ok());
  EXPECT_TRUE(changed);
  EXPECT_EQ(Read(Path("f")), "");
}

TEST_F(AtomicFileTest, RenameRefusedFallsBackToInPlaceWrite) {
  for (int err : {EXDEV, EBUSY}) {
    Put(Path("mounted"), "old content that is longer than the new one");
    ino_t inode = Stat(Path("mounted")).st_ino;
    AtomicWriteOptions opts;
    opts.rename_fn = [err](const char*, const char*) {
      errno = err;
      return -1;
    };
    WriteResult r;
    absl::Status s = WriteFileAtomic(Path("mounted"), "new content", 0640, opts, &r);
    ASSERT_TRUE(s.ok()) << s;
    EXPECT_TRUE(r.changed);
    EXPECT_TRUE(r.in_place) << err;
    EXPECT_EQ(Read(Path("mounted")), "new content");
    EXPECT_EQ(Stat(Path("mounted")).st_ino, inode);
    EXPECT_EQ(Stat(Path("mounted")).st_mode & 07777, 0640u);
    EXPECT_EQ(Entries(), std::vector<std::string>{"mounted"});
  }
}

TEST_F(AtomicFileTest, OtherRenameErrorsAreReportedWithPathAndErrno) {
  AtomicWriteOptions opts;
  opts.rename_fn = [](const char*, const char*) {
    errno = EIO;
    return -1;
  };
  WriteResult r;
  absl::Status s = WriteFileAtomic(Path("f"), "x", 0644, opts, &r);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr(Path("f")));
  EXPECT_THAT(std::string(s.message()), HasSubstr(strerror(EIO)));
  EXPECT_TRUE(Entries().empty());  // the temporary file was removed
}

TEST_F(AtomicFileTest, MissingDirectoryNamesPathAndErrno) {
  absl::Status s = WriteFileAtomic(Path("no/such/dir/f"), "x", 0644, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr(Path("no/such/dir")));
  EXPECT_THAT(std::string(s.message()), HasSubstr(strerror(ENOENT)));
}

TEST_F(AtomicFileTest, DestinationThatIsADirectoryIsRefused) {
  mkdir(Path("d").c_str(), 0755);
  absl::Status s = WriteFileAtomic(Path("d"), "x", 0644, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("is a directory"));
}

TEST_F(AtomicFileTest, SymlinkInsideTheTreeIsWrittenThrough) {
  mkdir(Path("..data").c_str(), 0755);
  Put(Path("..data/conf"), "old");
  ASSERT_EQ(symlink("..data/conf", Path("conf").c_str()), 0);
  bool changed = false;
  absl::Status s = WriteFileAtomic(Path("conf"), "new", 0644, &changed);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_TRUE(changed);
  EXPECT_TRUE(S_ISLNK(Stat(Path("conf")).st_mode));  // the link stays a link
  EXPECT_EQ(Read(Path("..data/conf")), "new");
}

TEST_F(AtomicFileTest, SymlinkOutOfTheTreeIsRefused) {
  char outside_tmpl[] = "/tmp/atomic-file-outside-XXXXXX";
  ASSERT_NE(mkdtemp(outside_tmpl), nullptr);
  std::string outside = std::string(outside_tmpl) + "/victim";
  Put(outside, "precious");
  ASSERT_EQ(symlink(outside.c_str(), Path("conf").c_str()), 0);
  ASSERT_EQ(symlink("../../etc/passwd", Path("rel").c_str()), 0);

  for (const char* name : {"conf", "rel"}) {
    absl::Status s = WriteFileAtomic(Path(name), "evil", 0644, nullptr);
    ASSERT_FALSE(s.ok()) << name;
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(std::string(s.message()), HasSubstr("outside the output tree"));
    EXPECT_THAT(std::string(s.message()), HasSubstr(Path(name)));
  }
  EXPECT_EQ(Read(outside), "precious");
  EXPECT_TRUE(S_ISLNK(Stat(Path("conf")).st_mode));
  (void)!system((std::string("rm -rf ") + outside_tmpl).c_str());
}

TEST_F(AtomicFileTest, RootOptionWidensTheTree) {
  mkdir(Path("out").c_str(), 0755);
  mkdir(Path("data").c_str(), 0755);
  Put(Path("data/real"), "old");
  ASSERT_EQ(symlink("../data/real", Path("out/link").c_str()), 0);
  EXPECT_FALSE(WriteFileAtomic(Path("out/link"), "new", 0644, nullptr).ok());
  AtomicWriteOptions opts;
  opts.root = dir_;
  WriteResult r;
  ASSERT_TRUE(WriteFileAtomic(Path("out/link"), "new", 0644, opts, &r).ok());
  EXPECT_EQ(Read(Path("data/real")), "new");
}

// A template tree's DEST: a directory on the way that is a link out of the tree (DEST/sub ->
// /etc) must not let a file, or even a directory, be made outside it.
TEST_F(AtomicFileTest, DirectoryLinkOutOfTheRootIsRefusedBeforeAnythingIsMade) {
  char outside_tmpl[] = "/tmp/atomic-file-outside-XXXXXX";
  ASSERT_NE(mkdtemp(outside_tmpl), nullptr);
  const std::string outside = outside_tmpl;
  Put(outside + "/victim", "precious");
  mkdir(Path("dest").c_str(), 0755);
  ASSERT_EQ(symlink(outside.c_str(), Path("dest/sub").c_str()), 0);
  for (const std::string& target : {Path("dest/sub/victim"), Path("dest/sub/new/deeper/f")}) {
    absl::Status s = WriteFilesAtomic({{Path("dest/ok"), "ok", 0644, Path("dest")},
                                       {target, "evil", 0644, Path("dest")}});
    ASSERT_FALSE(s.ok()) << target;
    EXPECT_THAT(std::string(s.message()), HasSubstr("outside the output tree"));
    EXPECT_THAT(std::string(s.message()), HasSubstr(target));
  }
  EXPECT_EQ(Read(outside + "/victim"), "precious");
  EXPECT_NE(access((outside + "/new").c_str(), F_OK), 0) << "a directory was made outside";
  EXPECT_NE(access(Path("dest/ok").c_str(), F_OK), 0) << "nothing may be written";
  // Inside the tree the same shape is fine, and DEST itself is created as given.
  ASSERT_TRUE(WriteFilesAtomic({{Path("fresh/a/b"), "b", 0644, Path("fresh")}}).ok());
  EXPECT_EQ(Read(Path("fresh/a/b")), "b");
  (void)!system(("rm -rf " + outside).c_str());
}

TEST_F(AtomicFileTest, DanglingSymlinkIsRefused) {
  ASSERT_EQ(symlink("nowhere", Path("conf").c_str()), 0);
  absl::Status s = WriteFileAtomic(Path("conf"), "x", 0644, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("does not resolve"));
}

TEST_F(AtomicFileTest, WriteFilesCreatesDirectoriesAndReportsChanges) {
  Put(Path("same"), "s");
  chmod(Path("same").c_str(), 0644);
  std::vector<std::string> changed;
  absl::Status s = WriteFilesAtomic({{Path("a/b/c.conf"), "abc", 0600, ""},
                                     {Path("same"), "s", 0644, ""},
                                     {Path("top"), "t", 0644, ""}},
                                    &changed);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(Read(Path("a/b/c.conf")), "abc");
  EXPECT_EQ(Stat(Path("a/b/c.conf")).st_mode & 07777, 0600u);
  EXPECT_EQ(changed, (std::vector<std::string>{Path("a/b/c.conf"), Path("top")}));
}

TEST_F(AtomicFileTest, WriteFilesValidatesEverythingBeforeWriting) {
  Put(Path("blocker"), "a file where a directory is needed");
  mkdir(Path("dir").c_str(), 0755);
  for (const std::string& bad : {Path("blocker/x"), Path("dir")}) {
    absl::Status s = WriteFilesAtomic({{Path("first"), "1", 0644, ""}, {bad, "2", 0644, ""}});
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_THAT(std::string(s.message()), HasSubstr(Path(bad == Path("dir") ? "dir" : "blocker")));
    EXPECT_NE(access(Path("first").c_str(), F_OK), 0) << "nothing may be written";
  }
}

// A real bind-mounted single file (as a Kubernetes subPath or docker -v file mount):
// rename(2) over it fails with EBUSY, so the in-place path must be taken.
TEST_F(AtomicFileTest, BindMountedFileIsWrittenInPlace) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root for mount";
  Put(Path("source"), "original");
  Put(Path("target"), "");
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (unshare(CLONE_NEWNS) != 0) _exit(10);
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) _exit(11);
    if (mount(Path("source").c_str(), Path("target").c_str(), nullptr, MS_BIND, nullptr) != 0) {
      _exit(12);
    }
    AtomicWriteOptions opts;
    WriteResult r;
    absl::Status s = WriteFileAtomic(Path("target"), "rendered", 0644, opts, &r);
    if (!s.ok()) _exit(13);
    if (!r.in_place || !r.changed) _exit(14);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  if (WIFEXITED(status) && (WEXITSTATUS(status) == 10 || WEXITSTATUS(status) == 11 ||
                            WEXITSTATUS(status) == 12)) {
    GTEST_SKIP() << "cannot bind-mount here (step " << WEXITSTATUS(status) << ")";
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(Read(Path("source")), "rendered");  // written through the mount, in place
}

}  // namespace
}  // namespace entrypoint::fsio
