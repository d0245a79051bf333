// The supervisor's log lines, human or JSON (--log-format), written where base::Log cannot
// be used: in the supervising loop, which allocates nothing, and between fork() and execve(),
// where only async-signal-safe calls are allowed. JSON lines have base::Log's fields (time,
// level, msg), so a log collector sees one format from start to end.
#ifndef PODINIT_ENTRYPOINT_INIT_LOG_LINE_H_
#define PODINIT_ENTRYPOINT_INIT_LOG_LINE_H_

#include "entrypoint/base/log.h"

namespace entrypoint::init {

enum class LineLevel { kError, kWarning, kInfo, kDebug };

// Writes one line to stderr with a single write(2): "podinit[PID]: message" (with_pid) or
// "podinit: message", or a JSON object. No allocation, no locks; messages past ~1 KiB are
// cut. Invalid UTF-8 becomes U+FFFD in JSON, as base::Log's encoder does.
void WriteLogLine(base::LogFormat format, LineLevel level, bool with_pid, const char* message);

// The JSON form alone, into buf (NUL-terminated, with the newline); returns its length.
// For tests, and for WriteLogLine.
int FormatJsonLine(char* buf, int size, LineLevel level, const char* message);

}  // namespace entrypoint::init

#endif  // PODINIT_ENTRYPOINT_INIT_LOG_LINE_H_
