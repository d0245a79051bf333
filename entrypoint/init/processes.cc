#include "entrypoint/init/processes.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace entrypoint::init {
namespace {

struct Entry {
  pid_t pid, ppid;
  std::string name;
};

// /proc/PID/stat: "pid (comm) state ppid ..."; the name may hold anything, even ")".
bool ReadStat(pid_t pid, Entry* out) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return false;
  buf[n] = '\0';
  const char* open_paren = strchr(buf, '(');
  const char* close_paren = strrchr(buf, ')');
  if (open_paren == nullptr || close_paren == nullptr || close_paren < open_paren) return false;
  char state;
  int ppid;
  if (sscanf(close_paren + 1, " %c %d", &state, &ppid) != 2) return false;
  if (state == 'Z' || state == 'X') return false;  // gone already, only not reaped
  out->pid = pid;
  out->ppid = ppid;
  out->name.assign(open_paren + 1, close_paren);
  return true;
}

std::vector<Entry> AllProcesses() {
  std::vector<Entry> out;
  DIR* d = opendir("/proc");
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    char* end;
    long pid = strtol(e->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    Entry entry;
    if (ReadStat(static_cast<pid_t>(pid), &entry)) out.push_back(std::move(entry));
  }
  closedir(d);
  return out;
}

}  // namespace

bool ProcIsOurs() {
  char buf[32];
  ssize_t n = readlink("/proc/self", buf, sizeof buf - 1);
  if (n <= 0) return false;
  buf[n] = '\0';
  return atoi(buf) == getpid();
}

std::vector<ProcessInfo> LeftoverProcesses() {
  std::vector<ProcessInfo> out;
  if (!ProcIsOurs()) return out;
  std::vector<Entry> all = AllProcesses();
  const pid_t self = getpid();
  if (self == 1) {
    for (Entry& e : all) {
      if (e.pid != self) out.push_back({e.pid, std::move(e.name)});
    }
    return out;
  }
  std::vector<pid_t> tree = {self};
  for (size_t i = 0; i < tree.size(); ++i) {
    for (Entry& e : all) {
      if (e.ppid == tree[i]) {
        tree.push_back(e.pid);
        out.push_back({e.pid, e.name});
      }
    }
  }
  return out;
}

void SignalLeftovers(int sig) {
  if (getpid() == 1) {
    kill(-1, sig);  // in our PID namespace: everyone but us
    return;
  }
  for (const ProcessInfo& p : LeftoverProcesses()) kill(p.pid, sig);
}

std::string DescribeProcesses(const std::vector<ProcessInfo>& procs, size_t max) {
  std::string out;
  for (size_t i = 0; i < procs.size() && i < max; ++i) {
    if (!out.empty()) out += ", ";
    out += std::to_string(procs[i].pid) + " (" + procs[i].name + ")";
  }
  if (procs.size() > max) out += ", and " + std::to_string(procs.size() - max) + " more";
  return out;
}

}  // namespace entrypoint::init
