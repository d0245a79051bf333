#include "entrypoint/init/descriptors.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/entrypoint/init/in_child.h"

namespace entrypoint::init {
namespace {

bool CloseOnExec(int fd) { return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }

TEST(Descriptors, WhatWasOpenAtTheStartStaysInheritableTheRestIsCloseOnExec) {
  Outcome o = InChild([] {
    int given[2];
    if (pipe(given) != 0) return 100;
    int high = fcntl(given[0], F_DUPFD, 200);  // a caller may pass any number
    NoteInheritedDescriptors();
    int opened[2];
    if (pipe(opened) != 0) return 101;
    int opened_high = fcntl(opened[0], F_DUPFD, 300);
    CloseOnExecExceptInherited();
    int bad = 0;
    for (int fd : {0, 1, 2, given[0], given[1], high}) {
      if (CloseOnExec(fd) || !IsInheritedDescriptor(fd)) bad |= 1;
    }
    for (int fd : {opened[0], opened[1], opened_high}) {
      if (!CloseOnExec(fd) || IsInheritedDescriptor(fd)) bad |= 2;
    }
    return bad;
  });
  EXPECT_EQ(o.code, 0) << o.stderr_text;
}

TEST(Descriptors, AnExecutedProgramSeesOnlyTheInheritedOnes) {
  Outcome o = InChild([] {
    int given[2];
    if (pipe(given) != 0) return 100;
    NoteInheritedDescriptors();
    int opened[2];
    if (pipe(opened) != 0) return 101;
    CloseOnExecExceptInherited();
    // The shell exits 0 only if it has `given` and lacks `opened`.
    std::string script = "[ -e /proc/self/fd/" + std::to_string(given[0]) + " ] && [ ! -e /proc/self/fd/" +
                         std::to_string(opened[0]) + " ] && [ ! -e /proc/self/fd/" + std::to_string(opened[1]) + " ]";
    execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
    return 102;
  });
  EXPECT_EQ(o.code, 0) << o.stderr_text;
}

}  // namespace
}  // namespace entrypoint::init
