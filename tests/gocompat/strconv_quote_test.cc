// strconv's quoting against Go. The first table and testdata/go-quote-vectors.txt were
// produced by Go 1.19's strconv.Quote on the same inputs (written byte by byte in octal so
// that invalid UTF-8 can be expressed); the rest comes from gen_expected.go.
#include <fstream>
#include <string>
#include <utility>

#include "gocompat/strconv.h"
#include "gocompat/unicode.h"
#include "gocompat/utf8.h"
#include "gtest/gtest.h"
#include "tests/gocompat/go_expected.h"

namespace gocompat {
namespace {

using namespace expected;  // NOLINT: the tables

TEST(GoQuoteTest, MatchesGoStrconvQuote) {
  const std::pair<std::string, std::string> table[] = {
      {std::string("", 0), R"q("")q"},
      {std::string("\141\142\143", 3), R"q("abc")q"},
      {std::string("\141\042\142\134\143", 5), R"q("a\"b\\c")q"},
      {std::string("\047", 1), R"q("'")q"},
      {std::string("\007\010\014\012\015\011\013", 7), R"q("\a\b\f\n\r\t\v")q"},
      {std::string("\000\001\037\177", 4), R"q("\x00\x01\x1f\x7f")q"},
      {std::string("\302\240", 2), R"q("\u00a0")q"},
      {std::string("\302\255", 2), R"q("\u00ad")q"},
      {std::string("\303\251", 2), R"q("é")q"},
      {std::string("\346\227\245\346\234\254\350\252\236", 9), R"q("日本語")q"},
      {std::string("\377", 1), R"q("\xff")q"},
      {std::string("\303", 1), R"q("\xc3")q"},
      {std::string("\355\240\200", 3), R"q("\xed\xa0\x80")q"},
      {std::string("\364\220\200\200", 4), R"q("\xf4\x90\x80\x80")q"},
      {std::string("\300\200", 2), R"q("\xc0\x80")q"},
      {std::string("\340\200\200", 3), R"q("\xe0\x80\x80")q"},
      {std::string("\342\200\250", 3), R"q("\u2028")q"},
      {std::string("\342\200\213", 3), R"q("\u200b")q"},
      {std::string("\357\273\277", 3), R"q("\ufeff")q"},
      {std::string("\360\237\230\200", 4), R"q("😀")q"},
      {std::string("\363\240\200\201", 4), R"q("\U000e0001")q"},
      {std::string("\364\217\277\277", 4), R"q("\U0010ffff")q"},
      {std::string("\357\277\275", 3), R"q("�")q"},
      {std::string("\141\200\142", 3), R"q("a\x80b")q"},
      {std::string("\164\141\142\011\150\145\162\145", 8), R"q("tab\there")q"},
      {std::string("\315\270", 2), R"q("\u0378")q"},
      {std::string("\360\235\205\263", 4), R"q("\U0001d173")q"},
      {std::string("\302\205", 2), R"q("\u0085")q"},
      {std::string("\302\200\302\237", 4), R"q("\u0080\u009f")q"},
      {std::string("\154\151\156\145\061\012\154\151\156\145\062", 11), R"q("line1\nline2")q"},
      {std::string("\360\237\230", 3), R"q("\xf0\x9f\x98")q"},
      {std::string("\170\342\202", 3), R"q("x\xe2\x82")q"},
      {std::string("\040", 1), R"q(" ")q"},
      {std::string("\343\200\200", 3), R"q("\u3000")q"},
      {std::string("\341\232\200", 3), R"q("\u1680")q"},
      {std::string("\176", 1), R"q("~")q"},
      {std::string("\303\251\314\201", 4), R"q("é́")q"},
      {std::string("\360\237\207\272\360\237\207\270", 8), R"q("🇺🇸")q"},
      {std::string("\356\200\200", 3), R"q("\ue000")q"},
      {std::string("\363\260\200\200", 4), R"q("\U000f0000")q"},
  };
  for (const auto& [in, want] : table) EXPECT_EQ(Quote(in), want) << want;
}

std::string Unhex(const std::string& h) {
  std::string out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// 1500 random byte strings quoted by Go itself (testdata/go-quote-vectors.txt).
TEST(GoQuoteTest, RandomVectorsFromGo) {
  std::ifstream in(std::string(TESTDATA_DIR) + "/go-quote-vectors.txt");
  ASSERT_TRUE(in.good());
  std::string line, input, want;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.find(' ');
    input = Unhex(line.substr(0, space));
    want = Unhex(line.substr(space + 1));
    EXPECT_EQ(Quote(input), want) << line;
    ++n;
  }
  EXPECT_EQ(n, 1500);
}

TEST(GoQuoteTest, IsPrint) {
  EXPECT_TRUE(IsPrint(' '));
  EXPECT_TRUE(IsPrint('~'));
  EXPECT_FALSE(IsPrint(0x7F));
  EXPECT_FALSE(IsPrint(0xA0));  // no-break space: Go prints only U+0020 as a space
  EXPECT_TRUE(IsPrint(0xA1));
  EXPECT_FALSE(IsPrint(0xAD));  // soft hyphen
  EXPECT_TRUE(IsPrint(0x1F600));
  EXPECT_FALSE(IsPrint(0xE000));  // private use
  EXPECT_FALSE(IsPrint(0x110000));
}

TEST(GoQuoteTest, DecodeRune) {
  auto decode = [](std::string_view in) {
    const DecodedRune d = DecodeRuneInString(in);
    return std::pair<char32_t, size_t>{d.rune, static_cast<size_t>(d.size)};
  };
  EXPECT_EQ(decode("\xE2\x82\xAC"), (std::pair<char32_t, size_t>{0x20AC, 3}));
  EXPECT_EQ(decode("\xED\x9F\xBF"), (std::pair<char32_t, size_t>{0xD7FF, 3}));
  EXPECT_EQ(decode("\xED\xA0\x80"), (std::pair<char32_t, size_t>{0xFFFD, 1}));
  EXPECT_EQ(decode("\xF4\x8F\xBF\xBF"), (std::pair<char32_t, size_t>{0x10FFFF, 4}));
  EXPECT_EQ(decode(""), (std::pair<char32_t, size_t>{0xFFFD, 0}));
}

// Moved from tests/templating/fmt_test.cc, where templating had its own strconv.Quote
// (printed by strconv_gen.go.txt).
TEST(Quote, MatchesStrconv) {
  struct {
    std::string in, quote, ascii;
  } cases[] = {
      {"abc", "\"abc\"", "\"abc\""},
      {"a\"b\\c", "\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\""},
      {"\n\t\x01\x7f", "\"\\n\\t\\x01\\x7f\"", "\"\\n\\t\\x01\\x7f\""},
      {"\u00e9\u00ad\u2028", "\"\u00e9\\u00ad\\u2028\"", "\"\\u00e9\\u00ad\\u2028\""},
      {"\xff\xfe", "\"\\xff\\xfe\"", "\"\\xff\\xfe\""},
      {"\u65e5\u672c", "\"\u65e5\u672c\"", "\"\\u65e5\\u672c\""},
      {"\U0001F600", "\"\U0001F600\"", "\"\\U0001f600\""},
      {"\u200b", "\"\\u200b\"", "\"\\u200b\""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Quote(c.in), c.quote);
    EXPECT_EQ(QuoteToASCII(c.in), c.ascii);
  }
  EXPECT_EQ(QuoteRune('a'), "'a'");
  EXPECT_EQ(QuoteRune('\''), "'\\''");
  EXPECT_EQ(QuoteRune('\n'), "'\\n'");
}

// Moved from tests/templating/fmt_test.cc (printed by strconv_gen.go.txt).
TEST(Unquote, MatchesStrconv) {
  struct {
    const char* in;
    const char* want;
    bool ok;
  } cases[] = {
      {"\"abc\"", "abc", true},
      {"\"a\\tb\\u00e9\\x41\\101\"", "a\tb\u00e9AA", true},
      {"`raw\\n`", "raw\\n", true},
      {"'a'", "a", true},
      {"\"\\q\"", "", false},
      {"\"unterminated", "", false},
      {"'ab'", "", false},
      {"\"\\'\"", "", false},
      {"'\\\"'", "", false},
      {"`a\rb`", "ab", true},
      {"\"\\U0001F600\"", "\U0001F600", true},
      {"\"\\uD800\"", "", false},
  };
  for (const auto& c : cases) {
    auto r = Unquote(c.in);
    EXPECT_EQ(r.ok(), c.ok) << c.in;
    if (r.ok() && c.ok) {
      EXPECT_EQ(*r, c.want) << c.in;
    }
  }
}

TEST(Quote, QuoteQuoteToASCIICanBackquoteMatchGo) {
  for (const QuoteCase& c : kQuoteCases) {
    const std::string in(c.in);
    EXPECT_EQ(Quote(c.in), c.quote) << testing::PrintToString(in);
    EXPECT_EQ(QuoteToASCII(c.in), c.ascii) << testing::PrintToString(in);
    EXPECT_EQ(CanBackquote(c.in), c.can_backquote) << testing::PrintToString(in);
    std::string appended = "x";
    AppendQuote(appended, c.in);
    EXPECT_EQ(appended, std::string("x").append(c.quote));
    std::string ascii = "y";
    AppendQuoteToASCII(ascii, c.in);
    EXPECT_EQ(ascii, std::string("y").append(c.ascii));
  }
}

TEST(Quote, QuoteRuneMatchesGo) {
  for (const QuoteRuneCase& c : kQuoteRuneCases) {
    EXPECT_EQ(QuoteRune(c.rune), c.quote) << std::hex << c.rune;
    EXPECT_EQ(QuoteRuneToASCII(c.rune), c.ascii) << std::hex << c.rune;
    std::string appended = "x";
    AppendQuoteRune(appended, c.rune);
    AppendQuoteRuneToASCII(appended, c.rune);
    EXPECT_EQ(appended, std::string("x").append(c.quote).append(c.ascii));
  }
}

TEST(Quote, RandomStreamsMatchGo) {
  EXPECT_EQ(
      CheckStream(
          kQuoteStream, 4,
          [](SplitMix64& r, std::string& out) {
            std::string s(r.Next() % 9, '\0');
            for (char& c : s) c = static_cast<char>(r.Next());
            out = Quote(s);
            out.append(" ").append(QuoteToASCII(s)).append(CanBackquote(s) ? " true" : " false");
          }),
      "");
  EXPECT_EQ(CheckStream(kQuoteRuneStream, 5,
                        [](SplitMix64& r, std::string& out) {
                          const auto c = static_cast<char32_t>(r.Next() % 0x111000);
                          out = QuoteRune(c) + QuoteRuneToASCII(c);
                        }),
            "");
}

TEST(Unquote, UnquoteMatchesGo) {
  for (const UnquoteCase& c : kUnquoteCases) {
    const absl::StatusOr<std::string> got = Unquote(c.in);
    EXPECT_EQ(got.ok(), c.ok) << testing::PrintToString(std::string(c.in));
    if (got.ok() && c.ok) {
      EXPECT_EQ(*got, c.out) << testing::PrintToString(std::string(c.in));
    }
    if (!got.ok()) {
      EXPECT_EQ(std::string(got.status().message()), "invalid syntax");
    }
  }
  EXPECT_EQ(CheckStream(kUnquoteStream, 6,
                        [](SplitMix64& r, std::string& out) {
                          const char q = "\"'`"[r.Next() % 3];
                          std::string s(1, q);
                          s.append(r.Text(kQuoteAlphabet, 8));
                          if (r.Next() % 4 != 0) s.push_back(q);
                          const absl::StatusOr<std::string> v = Unquote(s);
                          out = v.ok() ? *v : "";
                          out.append(v.ok() ? " true" : " false");
                        }),
            "");
}

TEST(Unquote, UnquoteCharMatchesGo) {
  for (const UnquoteCharCase& c : kUnquoteCharCases) {
    const absl::StatusOr<UnquotedChar> got = UnquoteChar(c.in, c.quote);
    std::string what = testing::PrintToString(std::string(c.in));
    what.append(" quote ").push_back(c.quote);
    EXPECT_EQ(got.ok(), c.ok) << what;
    if (!got.ok() || !c.ok) continue;
    EXPECT_EQ(static_cast<uint32_t>(got->value), c.value) << what;
    EXPECT_EQ(got->multibyte, c.multibyte) << what;
    EXPECT_EQ(got->tail, c.tail) << what;
  }
}

}  // namespace
}  // namespace gocompat
