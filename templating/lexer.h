// The scanner of Go's text/template/parse (lex.go), state function for state function:
// the same items, the same positions and lines, the same error texts.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

namespace templating {

enum class ItemType {
  kError,         // error occurred; val is the text of the error
  kBool,          // boolean constant
  kChar,          // printable ASCII character; grab bag for comma etc.
  kCharConstant,  // character constant
  kComment,       // comment text
  kComplex,       // complex constant (1+2i)
  kAssign,        // '='
  kDeclare,       // ':='
  kEOF,
  kField,       // alphanumeric identifier starting with '.'
  kIdentifier,  // alphanumeric identifier not starting with '.'
  kLeftDelim,
  kLeftParen,
  kNumber,
  kPipe,
  kRawString,  // raw quoted string (includes quotes)
  kRightDelim,
  kRightParen,
  kSpace,   // run of spaces separating arguments
  kString,  // quoted string (includes quotes)
  kText,    // plain text
  kVariable,  // '$', '$1', '$hello'
  // Keywords come after all the rest.
  kKeyword,
  kBlock,
  kBreak,
  kContinue,
  kDot,
  kDefine,
  kElse,
  kEnd,
  kIf,
  kNil,
  kRange,
  kTemplate,
  kWith,
};

struct Item {
  ItemType type = ItemType::kEOF;
  int pos = 0;      // byte offset of the item in the input
  std::string val;  // the item's text, or the error message
  int line = 1;     // line of the item's start

  // What the parser quotes in "unexpected X in Y" (Go's item.String).
  std::string String() const;
};

class Lexer {
 public:
  // break_ok/continue_ok are false when a function of that name is defined (Go lets a
  // function shadow the keyword). emit_comment keeps comments as items.
  Lexer(std::string_view input, bool emit_comment = false, bool break_ok = true,
        bool continue_ok = true);
  Item NextItem();

  struct State {
    State (*fn)(Lexer&);
  };

 private:
  friend struct LexStates;
  static constexpr int kEof = -1;

  int32_t Next();
  int32_t Peek();
  void Backup();
  void Emit(ItemType t);
  void Ignore();
  bool Accept(std::string_view valid);
  void AcceptRun(std::string_view valid);
  State Errorf(std::string msg);
  bool AtTerminator();
  // (delim, trim_spaces)
  std::pair<bool, bool> AtRightDelim();
  bool ScanNumber();

  std::string_view input_;
  std::string_view left_delim_ = "{{";
  std::string_view right_delim_ = "}}";
  bool emit_comment_;
  bool break_ok_;
  bool continue_ok_;
  State state_;
  int pos_ = 0;
  int start_ = 0;
  bool at_eof_ = false;
  int paren_depth_ = 0;
  int line_ = 1;
  int start_line_ = 1;
  std::deque<Item> items_;
};

// Go's %#U: U+0041 'A'.
std::string FormatRuneU(int32_t r, bool sharp);

}  // namespace templating
