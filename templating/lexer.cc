#include "templating/lexer.h"

#include <cstring>

#include "absl/strings/str_format.h"
#include "gocompat/strconv.h"
#include "gocompat/unicode.h"
#include "gocompat/utf8.h"

namespace templating {

std::string FormatRuneU(int32_t r, bool sharp) {
  std::string s = absl::StrFormat("U+%04X", static_cast<uint32_t>(r));
  if (sharp && gocompat::IsPrint(r)) {
    s += " '";
    gocompat::AppendRune(s, r);
    s += "'";
  }
  return s;
}

std::string Item::String() const {
  switch (type) {
    case ItemType::kEOF: return "EOF";
    case ItemType::kError: return val;
    default: break;
  }
  if (type > ItemType::kKeyword) return "<" + val + ">";
  if (val.size() > 10) {
    // Go's %.10q: the first ten runes, quoted.
    size_t i = 0;
    for (int n = 0; n < 10 && i < val.size(); ++n) i += static_cast<size_t>(gocompat::DecodeRune(val, i).size);
    return gocompat::Quote(std::string_view(val).substr(0, i)) + "...";
  }
  return gocompat::Quote(val);
}

namespace {

constexpr std::string_view kSpaceChars = " \t\r\n";
constexpr std::string_view kLeftComment = "/*";
constexpr std::string_view kRightComment = "*/";
constexpr int kTrimMarkerLen = 2;  // marker plus the space before or after it

bool IsSpace(int32_t r) { return r == ' ' || r == '\t' || r == '\r' || r == '\n'; }

bool IsAlphaNumeric(int32_t r) { return r == '_' || gocompat::IsLetter(r) || gocompat::IsDigit(r); }

bool HasLeftTrimMarker(std::string_view s) {
  return s.size() >= 2 && s[0] == '-' && IsSpace(static_cast<unsigned char>(s[1]));
}

bool HasRightTrimMarker(std::string_view s) {
  return s.size() >= 2 && IsSpace(static_cast<unsigned char>(s[0])) && s[1] == '-';
}

int RightTrimLength(std::string_view s) {
  size_t end = s.find_last_not_of(kSpaceChars);
  return static_cast<int>(end == std::string_view::npos ? s.size() : s.size() - end - 1);
}

int LeftTrimLength(std::string_view s) {
  size_t start = s.find_first_not_of(kSpaceChars);
  return static_cast<int>(start == std::string_view::npos ? s.size() : start);
}

int CountNewlines(std::string_view s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

using State = Lexer::State;

// The state functions, friends of Lexer so they read like Go's.
struct LexStates {
  static State Text(Lexer& l);
  static State LeftDelim(Lexer& l);
  static State Comment(Lexer& l);
  static State RightDelim(Lexer& l);
  static State InsideAction(Lexer& l);
  static State Space(Lexer& l);
  static State Identifier(Lexer& l);
  static State FieldOrVariable(Lexer& l, ItemType typ);
  static State Field(Lexer& l) { return FieldOrVariable(l, ItemType::kField); }
  static State Variable(Lexer& l);
  static State Char(Lexer& l);
  static State Number(Lexer& l);
  static State Quote(Lexer& l);
  static State RawQuote(Lexer& l);
};

Lexer::Lexer(std::string_view input, bool emit_comment, bool break_ok, bool continue_ok)
    : input_(input),
      emit_comment_(emit_comment),
      break_ok_(break_ok),
      continue_ok_(continue_ok),
      state_{&LexStates::Text} {}

Item Lexer::NextItem() {
  while (items_.empty()) {
    if (state_.fn == nullptr) {
      // After EOF or an error, keep answering EOF.
      Item eof;
      eof.type = ItemType::kEOF;
      eof.pos = pos_;
      eof.line = line_;
      return eof;
    }
    state_ = state_.fn(*this);
  }
  Item it = std::move(items_.front());
  items_.pop_front();
  return it;
}

int32_t Lexer::Next() {
  if (pos_ >= static_cast<int>(input_.size())) {
    at_eof_ = true;
    return kEof;
  }
  const gocompat::DecodedRune d = gocompat::DecodeRune(input_, static_cast<size_t>(pos_));
  const auto r = static_cast<int32_t>(d.rune);
  pos_ += d.size;
  if (r == '\n') line_++;
  return r;
}

int32_t Lexer::Peek() {
  int32_t r = Next();
  Backup();
  return r;
}

void Lexer::Backup() {
  if (!at_eof_ && pos_ > 0) {
    // Step back over the rune Next() read.
    const gocompat::DecodedRune d = gocompat::DecodeLastRuneInString(input_.substr(0, static_cast<size_t>(pos_)));
    pos_ -= d.size;
    if (d.rune == '\n') line_--;
  }
}

void Lexer::Emit(ItemType t) {
  items_.push_back(Item{t, start_, std::string(input_.substr(start_, pos_ - start_)), start_line_});
  start_ = pos_;
  start_line_ = line_;
}

void Lexer::Ignore() {
  line_ += CountNewlines(input_.substr(start_, pos_ - start_));
  start_ = pos_;
  start_line_ = line_;
}

bool Lexer::Accept(std::string_view valid) {
  int32_t r = Next();
  if (r >= 0 && r < 0x80 && valid.find(static_cast<char>(r)) != std::string_view::npos) return true;
  Backup();
  return false;
}

void Lexer::AcceptRun(std::string_view valid) {
  for (;;) {
    int32_t r = Next();
    if (r >= 0 && r < 0x80 && valid.find(static_cast<char>(r)) != std::string_view::npos) continue;
    break;
  }
  Backup();
}

State Lexer::Errorf(std::string msg) {
  items_.push_back(Item{ItemType::kError, start_, std::move(msg), start_line_});
  return State{nullptr};
}

std::pair<bool, bool> Lexer::AtRightDelim() {
  std::string_view rest = input_.substr(pos_);
  if (HasRightTrimMarker(rest) && StartsWith(rest.substr(kTrimMarkerLen), right_delim_)) {
    return {true, true};
  }
  if (StartsWith(rest, right_delim_)) return {true, false};
  return {false, false};
}

bool Lexer::AtTerminator() {
  int32_t r = Peek();
  if (IsSpace(r)) return true;
  switch (r) {
    case kEof:
    case '.':
    case ',':
    case '|':
    case ':':
    case ')':
    case '(':
      return true;
  }
  return StartsWith(input_.substr(pos_), right_delim_);
}

bool Lexer::ScanNumber() {
  Accept("+-");
  std::string_view digits = "0123456789_";
  if (Accept("0")) {
    if (Accept("xX")) {
      digits = "0123456789abcdefABCDEF_";
    } else if (Accept("oO")) {
      digits = "01234567_";
    } else if (Accept("bB")) {
      digits = "01_";
    }
  }
  AcceptRun(digits);
  if (Accept(".")) AcceptRun(digits);
  if (digits.size() == 10 + 1 && Accept("eE")) {
    Accept("+-");
    AcceptRun("0123456789_");
  }
  if (digits.size() == 16 + 6 + 1 && Accept("pP")) {
    Accept("+-");
    AcceptRun("0123456789_");
  }
  Accept("i");
  if (IsAlphaNumeric(Peek())) {
    Next();
    return false;
  }
  return true;
}

State LexStates::Text(Lexer& l) {
  size_t x = l.input_.find(l.left_delim_, l.pos_);
  if (x != std::string_view::npos) {
    int ldn = static_cast<int>(l.left_delim_.size());
    l.pos_ = static_cast<int>(x);
    int trim_length = 0;
    if (HasLeftTrimMarker(l.input_.substr(l.pos_ + ldn))) {
      trim_length = RightTrimLength(l.input_.substr(l.start_, l.pos_ - l.start_));
    }
    l.pos_ -= trim_length;
    if (l.pos_ > l.start_) {
      l.line_ += CountNewlines(l.input_.substr(l.start_, l.pos_ - l.start_));
      l.Emit(ItemType::kText);
    }
    l.pos_ += trim_length;
    l.Ignore();
    return State{&LexStates::LeftDelim};
  }
  l.pos_ = static_cast<int>(l.input_.size());
  if (l.pos_ > l.start_) {
    l.line_ += CountNewlines(l.input_.substr(l.start_, l.pos_ - l.start_));
    l.Emit(ItemType::kText);
  }
  l.Emit(ItemType::kEOF);
  return State{nullptr};
}

State LexStates::LeftDelim(Lexer& l) {
  l.pos_ += static_cast<int>(l.left_delim_.size());
  bool trim_space = HasLeftTrimMarker(l.input_.substr(l.pos_));
  int after_marker = trim_space ? kTrimMarkerLen : 0;
  if (StartsWith(l.input_.substr(l.pos_ + after_marker), kLeftComment)) {
    l.pos_ += after_marker;
    l.Ignore();
    return State{&LexStates::Comment};
  }
  l.Emit(ItemType::kLeftDelim);
  l.pos_ += after_marker;
  l.Ignore();
  l.paren_depth_ = 0;
  return State{&LexStates::InsideAction};
}

State LexStates::Comment(Lexer& l) {
  l.pos_ += static_cast<int>(kLeftComment.size());
  size_t i = l.input_.find(kRightComment, l.pos_);
  if (i == std::string_view::npos) return l.Errorf("unclosed comment");
  l.pos_ = static_cast<int>(i + kRightComment.size());
  auto [delim, trim_space] = l.AtRightDelim();
  if (!delim) return l.Errorf("comment ends before closing delimiter");
  if (l.emit_comment_) l.Emit(ItemType::kComment);
  if (trim_space) l.pos_ += kTrimMarkerLen;
  l.pos_ += static_cast<int>(l.right_delim_.size());
  if (trim_space) l.pos_ += LeftTrimLength(l.input_.substr(l.pos_));
  l.Ignore();
  return State{&LexStates::Text};
}

State LexStates::RightDelim(Lexer& l) {
  bool trim_space = HasRightTrimMarker(l.input_.substr(l.pos_));
  if (trim_space) {
    l.pos_ += kTrimMarkerLen;
    l.Ignore();
  }
  l.pos_ += static_cast<int>(l.right_delim_.size());
  l.Emit(ItemType::kRightDelim);
  if (trim_space) {
    l.pos_ += LeftTrimLength(l.input_.substr(l.pos_));
    l.Ignore();
  }
  return State{&LexStates::Text};
}

State LexStates::InsideAction(Lexer& l) {
  auto [delim, trim] = l.AtRightDelim();
  (void)trim;
  if (delim) {
    if (l.paren_depth_ == 0) return State{&LexStates::RightDelim};
    return l.Errorf("unclosed left paren");
  }
  int32_t r = l.Next();
  if (r == Lexer::kEof) return l.Errorf("unclosed action");
  if (IsSpace(r)) {
    l.Backup();  // Put space back in case we have " -}}".
    return State{&LexStates::Space};
  }
  switch (r) {
    case '=': l.Emit(ItemType::kAssign); return State{&LexStates::InsideAction};
    case ':':
      if (l.Next() != '=') return l.Errorf("expected :=");
      l.Emit(ItemType::kDeclare);
      return State{&LexStates::InsideAction};
    case '|': l.Emit(ItemType::kPipe); return State{&LexStates::InsideAction};
    case '"': return State{&LexStates::Quote};
    case '`': return State{&LexStates::RawQuote};
    case '$': return State{&LexStates::Variable};
    case '\'': return State{&LexStates::Char};
    case '(':
      l.Emit(ItemType::kLeftParen);
      l.paren_depth_++;
      return State{&LexStates::InsideAction};
    case ')':
      l.Emit(ItemType::kRightParen);
      l.paren_depth_--;
      if (l.paren_depth_ < 0) return l.Errorf("unexpected right paren " + FormatRuneU(r, true));
      return State{&LexStates::InsideAction};
    default: break;
  }
  if (r == '.') {
    // Special look-ahead for ".field" so we don't break Backup().
    if (l.pos_ < static_cast<int>(l.input_.size())) {
      char c = l.input_[l.pos_];
      if (c < '0' || '9' < c) return State{&LexStates::Field};
    }
  }
  if (r == '.' || r == '+' || r == '-' || (r >= '0' && r <= '9')) {
    l.Backup();
    return State{&LexStates::Number};
  }
  if (IsAlphaNumeric(r)) {
    l.Backup();
    return State{&LexStates::Identifier};
  }
  if (r < 0x80 && r >= 0x20 && r < 0x7F) {
    l.Emit(ItemType::kChar);
    return State{&LexStates::InsideAction};
  }
  return l.Errorf("unrecognized character in action: " + FormatRuneU(r, true));
}

State LexStates::Space(Lexer& l) {
  int num_spaces = 0;
  while (IsSpace(l.Peek())) {
    l.Next();
    num_spaces++;
  }
  // Be careful about a trim-marked closing delimiter, which has a minus after a space:
  // we know there is a space, so check for the '-' that might follow.
  std::string_view before = l.input_.substr(l.pos_ - 1);
  if (HasRightTrimMarker(before) && StartsWith(before.substr(kTrimMarkerLen), l.right_delim_)) {
    l.Backup();  // Before the space.
    if (num_spaces == 1) return State{&LexStates::RightDelim};  // On the delim, so go right to that.
  }
  l.Emit(ItemType::kSpace);
  return State{&LexStates::InsideAction};
}

State LexStates::Identifier(Lexer& l) {
  for (;;) {
    int32_t r = l.Next();
    if (IsAlphaNumeric(r)) continue;
    l.Backup();
    std::string_view word = l.input_.substr(l.start_, l.pos_ - l.start_);
    if (!l.AtTerminator()) return l.Errorf("bad character " + FormatRuneU(r, true));
    static const struct {
      std::string_view word;
      ItemType type;
    } kKeys[] = {
        {".", ItemType::kDot},           {"block", ItemType::kBlock},
        {"break", ItemType::kBreak},     {"continue", ItemType::kContinue},
        {"define", ItemType::kDefine},   {"else", ItemType::kElse},
        {"end", ItemType::kEnd},         {"if", ItemType::kIf},
        {"range", ItemType::kRange},     {"nil", ItemType::kNil},
        {"template", ItemType::kTemplate}, {"with", ItemType::kWith},
    };
    for (const auto& k : kKeys) {
      if (k.word == word) {
        if ((k.type == ItemType::kBreak && !l.break_ok_) ||
            (k.type == ItemType::kContinue && !l.continue_ok_)) {
          l.Emit(ItemType::kIdentifier);
        } else {
          l.Emit(k.type);
        }
        return State{&LexStates::InsideAction};
      }
    }
    if (word[0] == '.') {
      l.Emit(ItemType::kField);
    } else if (word == "true" || word == "false") {
      l.Emit(ItemType::kBool);
    } else {
      l.Emit(ItemType::kIdentifier);
    }
    return State{&LexStates::InsideAction};
  }
}

State LexStates::Variable(Lexer& l) {
  if (l.AtTerminator()) {  // Nothing interesting follows -> "$".
    l.Emit(ItemType::kVariable);
    return State{&LexStates::InsideAction};
  }
  return FieldOrVariable(l, ItemType::kVariable);
}

State LexStates::FieldOrVariable(Lexer& l, ItemType typ) {
  if (l.AtTerminator()) {  // Nothing interesting follows -> "." or "$".
    l.Emit(typ == ItemType::kVariable ? ItemType::kVariable : ItemType::kDot);
    return State{&LexStates::InsideAction};
  }
  int32_t r;
  for (;;) {
    r = l.Next();
    if (!IsAlphaNumeric(r)) {
      l.Backup();
      break;
    }
  }
  if (!l.AtTerminator()) return l.Errorf("bad character " + FormatRuneU(r, true));
  l.Emit(typ);
  return State{&LexStates::InsideAction};
}

State LexStates::Char(Lexer& l) {
  for (;;) {
    int32_t r = l.Next();
    if (r == '\\') {
      int32_t r2 = l.Next();
      if (r2 != Lexer::kEof && r2 != '\n') continue;
      return l.Errorf("unterminated character constant");
    }
    if (r == Lexer::kEof || r == '\n') return l.Errorf("unterminated character constant");
    if (r == '\'') break;
  }
  l.Emit(ItemType::kCharConstant);
  return State{&LexStates::InsideAction};
}

State LexStates::Number(Lexer& l) {
  auto bad = [&l]() {
    return l.Errorf("bad number syntax: " +
                    gocompat::Quote(l.input_.substr(l.start_, l.pos_ - l.start_)));
  };
  if (!l.ScanNumber()) return bad();
  int32_t sign = l.Peek();
  if (sign == '+' || sign == '-') {
    // Complex: 1+2i. No spaces, must end in 'i'.
    if (!l.ScanNumber() || l.input_[l.pos_ - 1] != 'i') return bad();
    l.Emit(ItemType::kComplex);
  } else {
    l.Emit(ItemType::kNumber);
  }
  return State{&LexStates::InsideAction};
}

State LexStates::Quote(Lexer& l) {
  for (;;) {
    int32_t r = l.Next();
    if (r == '\\') {
      int32_t r2 = l.Next();
      if (r2 != Lexer::kEof && r2 != '\n') continue;
      return l.Errorf("unterminated quoted string");
    }
    if (r == Lexer::kEof || r == '\n') return l.Errorf("unterminated quoted string");
    if (r == '"') break;
  }
  l.Emit(ItemType::kString);
  return State{&LexStates::InsideAction};
}

State LexStates::RawQuote(Lexer& l) {
  for (;;) {
    int32_t r = l.Next();
    if (r == Lexer::kEof) return l.Errorf("unterminated raw quoted string");
    if (r == '`') break;
  }
  l.Emit(ItemType::kRawString);
  return State{&LexStates::InsideAction};
}

}  // namespace templating
