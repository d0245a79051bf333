// Lexer cases in the style of Go's parse/lex_test.go; item sequences follow lex.go.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "templating/lexer.h"

namespace templating {
namespace {

using T = ItemType;

struct Expect {
  T type;
  std::string val;
};

std::vector<Item> LexAll(std::string_view input, bool comments = false) {
  Lexer l(input, comments);
  std::vector<Item> items;
  for (int i = 0; i < 1000; ++i) {
    Item it = l.NextItem();
    items.push_back(it);
    if (it.type == T::kEOF || it.type == T::kError) break;
  }
  return items;
}

void Check(std::string_view input, const std::vector<Expect>& want, bool comments = false) {
  std::vector<Item> got = LexAll(input, comments);
  ASSERT_EQ(got.size(), want.size()) << input;
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].type, want[i].type) << input << " item " << i << " " << got[i].val;
    EXPECT_EQ(got[i].val, want[i].val) << input << " item " << i;
  }
}

const Expect kL{T::kLeftDelim, "{{"};
const Expect kR{T::kRightDelim, "}}"};
const Expect kEOF{T::kEOF, ""};
const Expect kSp{T::kSpace, " "};

TEST(Lexer, Basics) {
  Check("", {kEOF});
  Check(" \t\n", {{T::kText, " \t\n"}, kEOF});
  Check("now is the time", {{T::kText, "now is the time"}, kEOF});
  Check("hello-{{/* this is a comment */}}-world",
        {{T::kText, "hello-"}, {T::kText, "-world"}, kEOF});
  Check("hello-{{/* this is a comment */}}-world",
        {{T::kText, "hello-"}, {T::kComment, "/* this is a comment */"}, {T::kText, "-world"}, kEOF},
        true);
  Check("{{,@% }}", {kL, {T::kChar, ","}, {T::kChar, "@"}, {T::kChar, "%"}, kSp, kR, kEOF});
  Check("{{((3))}}", {kL, {T::kLeftParen, "("}, {T::kLeftParen, "("}, {T::kNumber, "3"},
                      {T::kRightParen, ")"}, {T::kRightParen, ")"}, kR, kEOF});
  Check("{{}}", {kL, kR, kEOF});
  Check("{{for}}", {kL, {T::kIdentifier, "for"}, kR, kEOF});
  Check("{{block \"foo\" .}}", {kL, {T::kBlock, "block"}, kSp, {T::kString, "\"foo\""}, kSp,
                                 {T::kDot, "."}, kR, kEOF});
  Check("{{\"abc \\n\\t\\\" \"}}", {kL, {T::kString, "\"abc \\n\\t\\\" \""}, kR, kEOF});
  Check("{{`abc\n\t\" `}}", {kL, {T::kRawString, "`abc\n\t\" `"}, kR, kEOF});
  Check("{{`now is{{\n}}the time`}}", {kL, {T::kRawString, "`now is{{\n}}the time`"}, kR, kEOF});
}

TEST(Lexer, Numbers) {
  Check("{{1 02 0x14 0X14 -7.2i 1e3 1E3 +1.2e-4 4.2i 1+2i 1_2 0x1.e_fp4 0X1.E_FP4}}",
        {kL, {T::kNumber, "1"}, kSp, {T::kNumber, "02"}, kSp, {T::kNumber, "0x14"}, kSp,
         {T::kNumber, "0X14"}, kSp, {T::kNumber, "-7.2i"}, kSp, {T::kNumber, "1e3"}, kSp,
         {T::kNumber, "1E3"}, kSp, {T::kNumber, "+1.2e-4"}, kSp, {T::kNumber, "4.2i"}, kSp,
         {T::kComplex, "1+2i"}, kSp, {T::kNumber, "1_2"}, kSp, {T::kNumber, "0x1.e_fp4"}, kSp,
         {T::kNumber, "0X1.E_FP4"}, kR, kEOF});
  Check("{{'a' '\\n' '\\'' '\\\\' '\\u00FF' '\\xFF' '本'}}",
        {kL, {T::kCharConstant, "'a'"}, kSp, {T::kCharConstant, "'\\n'"}, kSp,
         {T::kCharConstant, "'\\''"}, kSp, {T::kCharConstant, "'\\\\'"}, kSp,
         {T::kCharConstant, "'\\u00FF'"}, kSp, {T::kCharConstant, "'\\xFF'"}, kSp,
         {T::kCharConstant, "'本'"}, kR, kEOF});
  Check("{{3k}}", {kL, {T::kError, "bad number syntax: \"3k\""}});
}

TEST(Lexer, KeywordsFieldsVariables) {
  Check("{{true false}}", {kL, {T::kBool, "true"}, kSp, {T::kBool, "false"}, kR, kEOF});
  Check("{{.}}", {kL, {T::kDot, "."}, kR, kEOF});
  Check("{{nil}}", {kL, {T::kNil, "nil"}, kR, kEOF});
  Check("{{range if else end with}}",
        {kL, {T::kRange, "range"}, kSp, {T::kIf, "if"}, kSp, {T::kElse, "else"}, kSp,
         {T::kEnd, "end"}, kSp, {T::kWith, "with"}, kR, kEOF});
  Check("{{break continue define template}}",
        {kL, {T::kBreak, "break"}, kSp, {T::kContinue, "continue"}, kSp, {T::kDefine, "define"},
         kSp, {T::kTemplate, "template"}, kR, kEOF});
  Check("{{.x . .2 .x.y.z}}", {kL, {T::kField, ".x"}, kSp, {T::kDot, "."}, kSp,
                               {T::kNumber, ".2"}, kSp, {T::kField, ".x"}, {T::kField, ".y"},
                               {T::kField, ".z"}, kR, kEOF});
  Check("{{$c := printf $ $hello $23 $ $var.Field .Method}}",
        {kL, {T::kVariable, "$c"}, kSp, {T::kDeclare, ":="}, kSp, {T::kIdentifier, "printf"}, kSp,
         {T::kVariable, "$"}, kSp, {T::kVariable, "$hello"}, kSp, {T::kVariable, "$23"}, kSp,
         {T::kVariable, "$"}, kSp, {T::kVariable, "$var"}, {T::kField, ".Field"}, kSp,
         {T::kField, ".Method"}, kR, kEOF});
  Check("{{$x = 1}}", {kL, {T::kVariable, "$x"}, kSp, {T::kAssign, "="}, kSp, {T::kNumber, "1"},
                       kR, kEOF});
  Check("{{.x | len}}", {kL, {T::kField, ".x"}, kSp, {T::kPipe, "|"}, kSp,
                         {T::kIdentifier, "len"}, kR, kEOF});
  Check("{{(.x).y}}", {kL, {T::kLeftParen, "("}, {T::kField, ".x"}, {T::kRightParen, ")"},
                       {T::kField, ".y"}, kR, kEOF});
}

TEST(Lexer, BreakAndContinueCanBeFunctions) {
  Lexer l("{{break}}", false, /*break_ok=*/false, /*continue_ok=*/true);
  l.NextItem();
  EXPECT_EQ(l.NextItem().type, T::kIdentifier);
}

TEST(Lexer, TrimMarkers) {
  Check("hello- {{- 3 -}} -world", {{T::kText, "hello-"}, kL, {T::kNumber, "3"}, kR,
                                     {T::kText, "-world"}, kEOF});
  Check("hello- {{- /* hello */ -}} -world", {{T::kText, "hello-"}, {T::kText, "-world"}, kEOF});
  Check("{{-3}}", {kL, {T::kNumber, "-3"}, kR, kEOF});
  Check("{{3-}}", {kL, {T::kError, "bad number syntax: \"3-\""}});
  Check("x \n\t{{- .y}}", {{T::kText, "x"}, kL, {T::kField, ".y"}, kR, kEOF});
  Check("{{.y -}}\r\n z", {kL, {T::kField, ".y"}, kR, {T::kText, "z"}, kEOF});
}

TEST(Lexer, Errors) {
  Check("{{#}}", {kL, {T::kChar, "#"}, kR, kEOF});
  Check("{{\x01}}", {kL, {T::kError, "unrecognized character in action: U+0001"}});
  Check("{{", {kL, {T::kError, "unclosed action"}});
  Check("{{range", {kL, {T::kRange, "range"}, {T::kError, "unclosed action"}});
  Check("{{\"\n\"}}", {kL, {T::kError, "unterminated quoted string"}});
  Check("{{`xx}}", {kL, {T::kError, "unterminated raw quoted string"}});
  Check("{{'\n}}", {kL, {T::kError, "unterminated character constant"}});
  Check("{{$x:}}", {kL, {T::kVariable, "$x"}, {T::kError, "expected :="}});
  Check("{{(3}}", {kL, {T::kLeftParen, "("}, {T::kNumber, "3"}, {T::kError, "unclosed left paren"}});
  Check("{{3)}}", {kL, {T::kNumber, "3"}, {T::kRightParen, ")"},
                   {T::kError, "unexpected right paren U+0029 ')'"}});
  Check("{{.x!}}", {kL, {T::kError, "bad character U+0021 '!'"}});
  Check("{{/*x*/ }}", {{T::kError, "comment ends before closing delimiter"}});
  Check("{{/*x", {{T::kError, "unclosed comment"}});
}

TEST(Lexer, PositionsAndLines) {
  std::vector<Item> items = LexAll("a\nb{{.x\n .y}}\nc{{`r\ns`}}{{3}}");
  ASSERT_GE(items.size(), 12u);
  EXPECT_EQ(items[0].line, 1);                 // text "a\nb"
  EXPECT_EQ(items[1].pos, 3);                  // {{
  EXPECT_EQ(items[1].line, 2);
  EXPECT_EQ(items[2].val, ".x");
  EXPECT_EQ(items[4].val, ".y");
  EXPECT_EQ(items[4].line, 3);
  EXPECT_EQ(items[6].val, "\nc");
  EXPECT_EQ(items[6].line, 3);
  EXPECT_EQ(items[8].type, T::kRawString);
  EXPECT_EQ(items[10].line, 5);  // {{ of {{3}} after the raw string's newline
}

TEST(Lexer, ItemString) {
  EXPECT_EQ((Item{T::kEOF, 0, "", 1}).String(), "EOF");
  EXPECT_EQ((Item{T::kError, 0, "boom", 1}).String(), "boom");
  EXPECT_EQ((Item{T::kEnd, 0, "end", 1}).String(), "<end>");
  EXPECT_EQ((Item{T::kString, 0, "\"abcdefghijkl\"", 1}).String(), "\"\\\"abcdefghi\"...");
  EXPECT_EQ((Item{T::kRightDelim, 0, "}}", 1}).String(), "\"}}\"");
}

}  // namespace
}  // namespace templating
