// Expected outputs were produced by Go 1.19's strconv.Quote on the same inputs, which are
// written byte by byte in octal so that invalid UTF-8 can be expressed.
#include "k8sclient/go_quote.h"

#include <fstream>
#include <string>
#include <utility>

#include "gtest/gtest.h"

namespace k8s {
namespace {

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
  for (const auto& [in, want] : table) EXPECT_EQ(GoQuote(in), want) << want;
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
    EXPECT_EQ(GoQuote(input), want) << line;
    ++n;
  }
  EXPECT_EQ(n, 1500);
}

TEST(GoQuoteTest, IsPrint) {
  EXPECT_TRUE(GoIsPrint(' '));
  EXPECT_TRUE(GoIsPrint('~'));
  EXPECT_FALSE(GoIsPrint(0x7F));
  EXPECT_FALSE(GoIsPrint(0xA0));   // no-break space: Go prints only U+0020 as a space
  EXPECT_TRUE(GoIsPrint(0xA1));
  EXPECT_FALSE(GoIsPrint(0xAD));   // soft hyphen
  EXPECT_TRUE(GoIsPrint(0x1F600));
  EXPECT_FALSE(GoIsPrint(0xE000)); // private use
  EXPECT_FALSE(GoIsPrint(0x110000));
}

TEST(GoQuoteTest, DecodeRune) {
  EXPECT_EQ(DecodeGoRune("\xE2\x82\xAC"), (std::pair<char32_t, size_t>{0x20AC, 3}));
  EXPECT_EQ(DecodeGoRune("\xED\x9F\xBF"), (std::pair<char32_t, size_t>{0xD7FF, 3}));
  EXPECT_EQ(DecodeGoRune("\xED\xA0\x80"), (std::pair<char32_t, size_t>{0xFFFD, 1}));
  EXPECT_EQ(DecodeGoRune("\xF4\x8F\xBF\xBF"), (std::pair<char32_t, size_t>{0x10FFFF, 4}));
  EXPECT_EQ(DecodeGoRune(""), (std::pair<char32_t, size_t>{0xFFFD, 0}));
}

}  // namespace
}  // namespace k8s
