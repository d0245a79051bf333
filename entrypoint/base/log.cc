#include "entrypoint/base/log.h"

#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "entrypoint/base/write_fd.h"
#include "gocompat/json.h"
#include "k8sclient/rbac.h"

namespace entrypoint::base {
namespace {

LogSettings g_settings;

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

void SetLogSettings(const LogSettings& settings) { g_settings = settings; }

void Log(LogLevel level, absl::string_view message) {
  if (level == LogLevel::kDebug && g_settings.verbosity < 1) return;
  // A message is one line even when an error text carried a newline.
  std::string one_line(message);
  for (char& c : one_line) {
    if (c == '\n') c = ' ';
  }
  std::string line;
  if (g_settings.format == LogFormat::kJson) {
    line = absl::StrCat("{\"time\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
                        "\",\"level\":\"", LevelName(level), "\",\"msg\":");
    gocompat::AppendJsonString(line, one_line);
    line += "}\n";
  } else {
    line = level == LogLevel::kInfo || level == LogLevel::kDebug
               ? absl::StrCat("podinit: ", one_line, "\n")
               : absl::StrCat("podinit: ", LevelName(level), ": ", one_line, "\n");
  }
  // One write per line, so lines from podinit and its children do not interleave (and the
  // rest of it, should a slow pipe take only part). Nowhere is left to report a failure to.
  (void)WriteFull(STDERR_FILENO, line, "writing to standard error");
}

void ReportError(const absl::Status& status) {
  LogError(status.message());
  std::optional<std::string> yaml = k8sclient::RbacRoleHint(status);
  if (!yaml) return;
  std::string text = absl::StrCat("podinit: a Role that grants it:\n", *yaml);
  if (text.back() != '\n') text.push_back('\n');
  ssize_t unused = ::write(STDERR_FILENO, text.data(), text.size());
  (void)unused;
}

}  // namespace entrypoint::base
