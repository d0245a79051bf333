// Logs: stderr, one line each, human by default or JSON (--log-format json).
// Nothing here ever sees the bearer token: callers log URLs and paths, never headers.
#pragma once

#include "absl/strings/string_view.h"

namespace podinit::base {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

void SetLogFormat(bool json);
void SetLogVerbosity(int verbosity);  // 0: info and above; 1+: debug too
void Log(LogLevel level, absl::string_view message);

inline void LogInfo(absl::string_view m) { Log(LogLevel::kInfo, m); }
inline void LogWarning(absl::string_view m) { Log(LogLevel::kWarning, m); }
inline void LogError(absl::string_view m) { Log(LogLevel::kError, m); }
inline void LogDebug(absl::string_view m) { Log(LogLevel::kDebug, m); }

}  // namespace podinit::base
