// Logs: stderr, one line each, human by default or JSON (--log-format json).
// Nothing here ever sees the bearer token: callers log URLs and paths, never headers.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace entrypoint::base {

enum class LogFormat { kHuman, kJson };

// How this process logs, bound by cli's option table. The supervisor (init/) takes the same
// struct, so one -v means the same everywhere.
struct LogSettings {
  LogFormat format = LogFormat::kHuman;  // --log-format
  int verbosity = 0;                     // -v, repeatable: 1+ adds debug lines

  bool operator==(const LogSettings&) const = default;
};

void SetLogSettings(const LogSettings& settings);

enum class LogLevel { kDebug, kInfo, kWarning, kError };

void Log(LogLevel level, absl::string_view message);

inline void LogInfo(absl::string_view m) { Log(LogLevel::kInfo, m); }
inline void LogWarning(absl::string_view m) { Log(LogLevel::kWarning, m); }
inline void LogError(absl::string_view m) { Log(LogLevel::kError, m); }
inline void LogDebug(absl::string_view m) { Log(LogLevel::kDebug, m); }

// Logs an error as one line; when it carries a 403's Role hint (its own, or its cause's: see
// TemplateErrorCausedBy), also prints the Role YAML that would grant the missing permission.
void ReportError(const absl::Status& status);

}  // namespace entrypoint::base
