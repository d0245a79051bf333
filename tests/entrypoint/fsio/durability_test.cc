#include "entrypoint/fsio/durability.h"

#include <gtest/gtest.h>
#include <sys/vfs.h>

#include <linux/magic.h>

#include <string>

namespace entrypoint::fsio {
namespace {

// /proc/self/mountinfo of a container in a pod as containerd sets it up (proc(5) format):
// the overlay root, the kubelet's bind mounts of an emptyDir, a hostPath, a CSI persistent
// volume and a memory-backed emptyDir, /etc/hosts, and a directory name with a space.
constexpr std::string_view kPodMounts =
    "1480 1390 0:190 / / rw,relatime master:560 - overlay overlay "
    "rw,lowerdir=/var/lib/containerd/l1,upperdir=/var/lib/containerd/u,workdir=/var/lib/containerd/w\n"
    "1481 1480 0:193 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
    "1482 1480 0:194 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755\n"
    "1490 1480 259:1 /var/lib/kubelet/pods/0b8f3c2e-1d2c-4e0a-9f51-7c6de1d0a001/volumes/"
    "kubernetes.io~empty-dir/config /etc/config rw,relatime - ext4 /dev/nvme0n1p1 rw\n"
    "1491 1480 259:1 /srv/etcd-data /var/lib/etcd rw,relatime - ext4 /dev/nvme0n1p1 rw\n"
    "1492 1480 259:16 /var/lib/kubelet/pods/0b8f3c2e-1d2c-4e0a-9f51-7c6de1d0a001/volumes/"
    "kubernetes.io~csi/pvc-5d2a/mount /data rw,relatime - xfs /dev/nvme1n1 rw\n"
    "1493 1480 0:181 / /cache rw,relatime - tmpfs tmpfs rw,size=1048576k\n"
    "1494 1480 259:1 /var/lib/kubelet/pods/0b8f3c2e-1d2c-4e0a-9f51-7c6de1d0a001/etc-hosts "
    "/etc/hosts rw,relatime - ext4 /dev/nvme0n1p1 rw\n"
    "1495 1480 259:1 /srv/my\\040dir /mnt/my\\040dir rw,relatime - ext4 /dev/nvme0n1p1 rw\n";

TEST(DurableMountTest, ThePodsOwnFilesystemsNeedNoFsync) {
  EXPECT_FALSE(DurableMount(kPodMounts, "/etc/config"));
  EXPECT_FALSE(DurableMount(kPodMounts, "/etc/config/nested/dir"));
  EXPECT_FALSE(DurableMount(kPodMounts, "/cache"));      // memory-backed emptyDir
  EXPECT_FALSE(DurableMount(kPodMounts, "/etc"));        // the container's overlay root
  EXPECT_FALSE(DurableMount(kPodMounts, "/run/app"));
}

TEST(DurableMountTest, WhatOutlivesThePodKeepsTheFsync) {
  EXPECT_TRUE(DurableMount(kPodMounts, "/var/lib/etcd"));        // hostPath
  EXPECT_TRUE(DurableMount(kPodMounts, "/var/lib/etcd/member"));
  EXPECT_TRUE(DurableMount(kPodMounts, "/data"));                 // persistent volume
  EXPECT_TRUE(DurableMount(kPodMounts, "/mnt/my dir/sub"));       // \040 is a space
}

TEST(DurableMountTest, AMountPointIsAWholePathComponent) {
  // /etc/config-old lies on the root overlay, not in the /etc/config emptyDir; and
  // /var/lib/etcd2 is not in the /var/lib/etcd hostPath.
  EXPECT_FALSE(DurableMount(kPodMounts, "/etc/config-old"));
  EXPECT_FALSE(DurableMount(kPodMounts, "/var/lib/etcd2"));
}

TEST(DurableMountTest, TheLaterOfTwoMountsOnOnePointWins) {
  std::string mounts(kPodMounts);
  mounts += "1500 1491 0:200 / /var/lib/etcd rw - tmpfs tmpfs rw\n";
  EXPECT_FALSE(DurableMount(mounts, "/var/lib/etcd"));
  mounts += "1501 1500 259:1 /srv/other /var/lib/etcd rw - ext4 /dev/nvme0n1p1 rw\n";
  EXPECT_TRUE(DurableMount(mounts, "/var/lib/etcd"));
}

TEST(DurableMountTest, InDoubtTheFsyncStays) {
  // A root that is not an overlay (a plain chroot, a VM) and no mount table at all.
  EXPECT_TRUE(DurableMount("22 1 259:1 / / rw,relatime - ext4 /dev/nvme0n1p1 rw\n", "/etc"));
  EXPECT_TRUE(DurableMount("", "/etc"));
  EXPECT_TRUE(DurableMount("garbage without fields\n\n", "/etc"));
}

TEST(NeedsFsyncTest, ATmpfsNeverNeedsOne) {
  struct statfs fs;
  if (statfs("/dev/shm", &fs) != 0 || fs.f_type != TMPFS_MAGIC) {
    GTEST_SKIP() << "no tmpfs at /dev/shm here";
  }
  EXPECT_FALSE(NeedsFsync("/dev/shm"));
}

}  // namespace
}  // namespace entrypoint::fsio
