#include "entrypoint/init/log_line.h"

#include <unistd.h>

#include <cstring>
#include <ctime>
#include <string_view>

#include "gocompat/utf8.h"

namespace entrypoint::init {
namespace {

const char* LevelName(LineLevel level) {
  switch (level) {
    case LineLevel::kError: return "error";
    case LineLevel::kWarning: return "warning";
    case LineLevel::kInfo: return "info";
    case LineLevel::kDebug: return "debug";
  }
  return "info";
}

// A bounded writer into a caller's buffer; whatever does not fit is dropped.
struct Buf {
  char* p;
  int size;  // room for size-1 characters and the NUL
  int len = 0;
  void Put(char c) {
    if (len < size - 1) p[len++] = c;
  }
  void Put(const char* s) {
    while (*s != '\0') Put(*s++);
  }
  void Digits(long long v, int width) {
    char tmp[24];
    int n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v > 0 && n < 20);
    while (n < width) tmp[n++] = '0';
    while (n > 0) Put(tmp[--n]);
  }
};

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm): gmtime_r takes glibc's
// time-zone lock, which a forked child of a threaded process must not touch.
void CivilFromDays(long long z, long long* y, int* m, int* d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

// "2006-01-02T15:04:05.000Z", as base::Log writes it.
void PutTime(Buf& b) {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  long long secs = ts.tv_sec;
  long long days = secs / 86400, rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  long long y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  b.Digits(y, 4);
  b.Put('-');
  b.Digits(m, 2);
  b.Put('-');
  b.Digits(d, 2);
  b.Put('T');
  b.Digits(rem / 3600, 2);
  b.Put(':');
  b.Digits(rem / 60 % 60, 2);
  b.Put(':');
  b.Digits(rem % 60, 2);
  b.Put('.');
  b.Digits(ts.tv_nsec / 1000000, 3);
  b.Put('Z');
}

// encoding/json's string encoding (HTML-safe), as gocompat::AppendJsonString writes it, but
// into the caller's fixed buffer: PID 1 logs without allocating (log_line.h), and a message
// too long for the buffer is cut between two characters, never inside an escape, and the
// closing quote always fits, so the line stays valid JSON. Runes are read by gocompat.
void PutJsonString(Buf& b, const char* s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const int limit = b.size - 1 - 1;  // the NUL, and the closing quote
  b.Put('"');
  const auto* u = reinterpret_cast<const unsigned char*>(s);
  char unit[8];
  while (*u != 0) {
    int n = 0;
    int consumed = 1;
    unsigned c = *u;
    if (c < 0x80) {
      if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
        unit[n++] = static_cast<char>(c);
      } else if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
        unit[n++] = '\\';
        unit[n++] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : static_cast<char>(c);
      } else {
        for (char e : {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]}) unit[n++] = e;
      }
    } else {
      // At most a rune's bytes, without reading past the message's NUL.
      const char* at = reinterpret_cast<const char*>(u);
      gocompat::DecodedRune d = gocompat::DecodeRuneInString(std::string_view(at, strnlen(at, gocompat::kUTFMax)));
      int len = gocompat::IsInvalid(d) ? 0 : d.size;
      const char* escape = len == 0 ? "\\ufffd" : d.rune == 0x2028 ? "\\u2028" : d.rune == 0x2029 ? "\\u2029" : nullptr;
      if (escape != nullptr) {
        for (; *escape != '\0'; ++escape) unit[n++] = *escape;
      } else {
        for (int i = 0; i < len; ++i) unit[n++] = static_cast<char>(u[i]);
      }
      consumed = len == 0 ? 1 : len;
    }
    if (b.len + n > limit) break;
    for (int i = 0; i < n; ++i) b.Put(unit[i]);
    u += consumed;
  }
  b.p[b.len++] = '"';
}

}  // namespace

int FormatJsonLine(char* buf, int size, LineLevel level, const char* message) {
  Buf b{buf, size - 2};  // the closing "}\n" always fits
  b.Put("{\"time\":\"");
  PutTime(b);
  b.Put("\",\"level\":\"");
  b.Put(LevelName(level));
  b.Put("\",\"msg\":");
  PutJsonString(b, message);
  buf[b.len++] = '}';
  buf[b.len++] = '\n';
  buf[b.len] = '\0';
  return b.len;
}

void WriteLogLine(base::LogFormat format, LineLevel level, bool with_pid, const char* message) {
  char buf[1100];
  int len;
  if (format == base::LogFormat::kJson) {
    len = FormatJsonLine(buf, sizeof buf, level, message);
  } else {
    Buf b{buf, static_cast<int>(sizeof buf) - 1};  // the newline always fits
    b.Put("podinit");
    if (with_pid) {
      b.Put('[');
      b.Digits(getpid(), 1);
      b.Put(']');
    }
    b.Put(": ");
    b.Put(message);
    buf[b.len++] = '\n';
    len = b.len;
  }
  (void)!write(STDERR_FILENO, buf, static_cast<size_t>(len));
}

}  // namespace entrypoint::init
