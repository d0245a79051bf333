#include "entrypoint/base/log.h"

#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "k8sclient/json.h"

namespace podinit::base {
namespace {

bool g_json = false;
int g_verbosity = 0;

const char* LevelName(LogLevel l) {
  switch (l) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "?";
}

}  // namespace

void SetLogFormat(bool json) { g_json = json; }
void SetLogVerbosity(int verbosity) { g_verbosity = verbosity; }

void Log(LogLevel level, absl::string_view message) {
  if (level == LogLevel::kDebug && g_verbosity < 1) return;
  // A message is one line even when an error text carried a newline.
  std::string one_line(message);
  for (char& c : one_line) {
    if (c == '\n') c = ' ';
  }
  std::string line;
  if (g_json) {
    line = absl::StrCat("{\"time\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
                        "\",\"level\":\"", LevelName(level), "\",\"msg\":");
    k8s::AppendJsonString(line, one_line);
    line += "}\n";
  } else {
    line = level == LogLevel::kInfo || level == LogLevel::kDebug
               ? absl::StrCat("podinit: ", one_line, "\n")
               : absl::StrCat("podinit: ", LevelName(level), ": ", one_line, "\n");
  }
  // One write per line, so lines from podinit and its children do not interleave.
  ssize_t unused = ::write(STDERR_FILENO, line.data(), line.size());
  (void)unused;
}

}  // namespace podinit::base
