#include "entrypoint/init/log_line.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <regex>
#include <string>

namespace entrypoint::init {
namespace {

std::string Json(const char* message, LineLevel level = LineLevel::kInfo, int size = 1100) {
  std::string buf(static_cast<size_t>(size), '\0');
  int n = FormatJsonLine(buf.data(), size, level, message);
  buf.resize(static_cast<size_t>(n));
  return buf;
}

// The "msg" value of a line.
std::string Msg(const std::string& line) {
  size_t at = line.find("\"msg\":");
  EXPECT_NE(at, std::string::npos) << line;
  EXPECT_EQ(line.substr(line.size() - 2), "}\n");
  return line.substr(at + 6, line.size() - 2 - (at + 6));
}

// Expected values: Go's json.Marshal of the same bytes (go1.19), which base::Log follows.
TEST(LogLine, JsonEscapesAsGoDoes) {
  EXPECT_EQ(Msg(Json("a\"b\\c\n\r\t<>&\x01\x1f")), R"("a\"b\\c\n\r\t\u003c\u003e\u0026\u0001\u001f")");
  EXPECT_EQ(Msg(Json("caf\xc3\xa9 \xff\xc3( \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x80\xa8\xe2\x80\xa9 \xf0\x9f\x98\x80")),
            "\"caf\xc3\xa9 \\ufffd\\ufffd( \\ufffd\\ufffd\\ufffd \\ufffd\\ufffd\\ufffd\\ufffd \\u2028\\u2029 "
            "\xf0\x9f\x98\x80\"");
}

TEST(LogLine, JsonFieldsAreBaseLogs) {
  std::string line = Json("started", LineLevel::kWarning);
  EXPECT_TRUE(std::regex_match(
      line, std::regex(R"(\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","level":"warning","msg":"started"\}\n)")))
      << line;
  // The date is today's in UTC, as the C library says.
  char today[16];
  time_t now = time(nullptr);
  tm utc;
  gmtime_r(&now, &utc);
  strftime(today, sizeof today, "%Y-%m-%d", &utc);
  EXPECT_EQ(line.substr(9, 10), today);
  EXPECT_THAT(Json("x", LineLevel::kError), ::testing::HasSubstr("\"level\":\"error\""));
  EXPECT_THAT(Json("x", LineLevel::kDebug), ::testing::HasSubstr("\"level\":\"debug\""));
}

TEST(LogLine, ALongMessageIsCutBetweenCharactersAndStaysJson) {
  for (const char* unit : {"\"", "a", "\x01", "\xe2\x80\xa8", "\xc3\xa9", "\xff"}) {
    std::string message;
    while (message.size() < 3000) message += unit;
    for (int size : {200, 201, 202, 203, 204, 205, 1100}) {
      std::string line = Json(message.c_str(), LineLevel::kInfo, size);
      ASSERT_LT(line.size(), static_cast<size_t>(size)) << unit;
      std::string msg = Msg(line);
      ASSERT_GE(msg.size(), 2u);
      EXPECT_EQ(msg.front(), '"');
      EXPECT_EQ(msg.back(), '"');
      // Every escape is whole: \" \\ or \uXXXX; a raw multi-byte character is whole too.
      std::string body = msg.substr(1, msg.size() - 2);
      EXPECT_TRUE(std::regex_match(body, std::regex(R"((\\"|\\u[0-9a-f]{4}|[^"\\])*)"))) << unit << " " << size;
      if (std::string(unit) == "\xc3\xa9") {
        EXPECT_EQ(body.size() % 2, 0u);
      }
    }
  }
}

}  // namespace
}  // namespace entrypoint::init
