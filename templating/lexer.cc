#include "templating/lexer.h"

#include <cstring>

#include "absl/strings/str_format.h"
#include "templating/fmt.h"

namespace tmpl {

int32_t DecodeRune(std::string_view s, size_t i, int* width) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) {
    *width = 1;
    return c;
  }
  size_t n = s.size() - i;
  auto cont = [&](size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF && n >= 2 && cont(i + 1)) {
    *width = 2;
    return ((c & 0x1F) << 6) | (b(i + 1) & 0x3F);
  }
  if (c >= 0xE0 && c <= 0xEF && n >= 3 && cont(i + 1) && cont(i + 2)) {
    int32_t r = ((c & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    if (r >= 0x800 && !(r >= 0xD800 && r <= 0xDFFF)) {
      *width = 3;
      return r;
    }
  }
  if (c >= 0xF0 && c <= 0xF4 && n >= 4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
    int32_t r = ((c & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
                (b(i + 3) & 0x3F);
    if (r >= 0x10000 && r <= 0x10FFFF) {
      *width = 4;
      return r;
    }
  }
  *width = 1;
  return 0xFFFD;
}

void AppendRune(std::string* out, int32_t r) {
  if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  if (r < 0x80) {
    out->push_back(static_cast<char>(r));
  } else if (r < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (r >> 6)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else if (r < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (r >> 12)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (r >> 18)));
    out->push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  }
}

std::string FormatRuneU(int32_t r, bool sharp) {
  std::string s = absl::StrFormat("U+%04X", static_cast<uint32_t>(r));
  if (sharp && IsPrintRune(r)) {
    s += " '";
    AppendRune(&s, r);
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
    for (int n = 0; n < 10 && i < val.size(); ++n) {
      int w;
      DecodeRune(val, i, &w);
      i += w;
    }
    return GoQuote(std::string_view(val).substr(0, i)) + "...";
  }
  return GoQuote(val);
}

namespace {

constexpr std::string_view kSpaceChars = " \t\r\n";
constexpr std::string_view kLeftComment = "/*";
constexpr std::string_view kRightComment = "*/";
constexpr int kTrimMarkerLen = 2;  // marker plus the space before or after it

bool IsSpace(int32_t r) { return r == ' ' || r == '\t' || r == '\r' || r == '\n'; }

// Go's unicode.IsLetter || unicode.IsDigit. Exact for ASCII and Latin-1; beyond that the
// blocks of punctuation, symbols, combining marks and unassigned or private code points
// are excluded and everything else counts as a letter, which is right for the letters and
// digits of every script identifiers are written in.
bool IsAlphaNumeric(int32_t r) {
  if (r == '_') return true;
  if (r < 0) return false;
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9');
  if (r < 0xC0) return r == 0xAA || r == 0xB5 || r == 0xBA;
  if (r == 0xD7 || r == 0xF7) return false;
  static constexpr struct {
    int32_t lo, hi;
  } kNotAlnum[] = {
      {0x02C2, 0x02C5}, {0x02D2, 0x02DF}, {0x02E5, 0x02EB}, {0x02ED, 0x02ED},
      {0x02EF, 0x036F},  // modifier symbols, combining diacritics
      {0x0375, 0x0375}, {0x037E, 0x037E}, {0x0384, 0x0385}, {0x0387, 0x0387},
      {0x03F6, 0x03F6}, {0x0482, 0x0489}, {0x055A, 0x055F}, {0x0589, 0x058A},
      {0x058D, 0x058F}, {0x0591, 0x05BF}, {0x05C0, 0x05C7}, {0x05F3, 0x05F4},
      {0x0600, 0x061F}, {0x064B, 0x065F}, {0x066A, 0x066D}, {0x0670, 0x0670},
      {0x06D4, 0x06D4}, {0x06D6, 0x06ED}, {0x0700, 0x070F}, {0x0711, 0x0711},
      {0x0730, 0x074A}, {0x0E3F, 0x0E3F}, {0x10FB, 0x10FB},
      {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x1FBD, 0x1FBD}, {0x1FBF, 0x1FC1},
      {0x1FCD, 0x1FCF}, {0x1FDD, 0x1FDF}, {0x1FED, 0x1FEF}, {0x1FFD, 0x1FFE},
      {0x2000, 0x2070}, {0x2072, 0x207E}, {0x2080, 0x208F}, {0x209D, 0x20FF},
      {0x2150, 0x2182}, {0x2185, 0x2BFF},  // number forms, arrows, math, symbols, dingbats
      {0x2CE5, 0x2CEA}, {0x2CEF, 0x2CF1}, {0x2CF9, 0x2CFF}, {0x2DE0, 0x2E7F},
      {0x2E80, 0x2FFF},  // CJK radicals, ideographic description
      {0x3000, 0x3004}, {0x3007, 0x3030}, {0x3036, 0x303A}, {0x303D, 0x303F},
      {0x3099, 0x309C}, {0x30A0, 0x30A0}, {0x30FB, 0x30FB}, {0x3190, 0x319F},
      {0x31C0, 0x31EF}, {0x3200, 0x33FF}, {0x4DC0, 0x4DFF}, {0xA490, 0xA4CF},
      {0xA700, 0xA716}, {0xA720, 0xA721}, {0xA789, 0xA78A},
      {0xD800, 0xF8FF},  // surrogates, private use
      {0xFB29, 0xFB29}, {0xFD3E, 0xFD4F}, {0xFDFC, 0xFDFF}, {0xFE00, 0xFE6F},
      {0xFEFF, 0xFEFF}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40},
      {0xFF5B, 0xFF65}, {0xFFE0, 0xFFFF},
      {0x10100, 0x1013F}, {0x1D000, 0x1D24F}, {0x1D300, 0x1D37F},
      {0x1F000, 0x1FBFF},  // mahjong, cards, emoji, symbols
      {0x2FA20, 0x2FFFF}, {0x323B0, 0x10FFFF},
  };
  for (const auto& range : kNotAlnum) {
    if (r < range.lo) return true;
    if (r <= range.hi) return false;
  }
  return true;
}

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
  int w;
  int32_t r = DecodeRune(input_, pos_, &w);
  pos_ += w;
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
    // Step back over one rune: find its start.
    int p = pos_ - 1;
    while (p > 0 && pos_ - p < 4 && (static_cast<unsigned char>(input_[p]) & 0xC0) == 0x80) --p;
    int w;
    int32_t r = DecodeRune(input_, p, &w);
    if (p + w != pos_) {
      p = pos_ - 1;
      r = DecodeRune(input_, p, &w);
    }
    pos_ = p;
    if (r == '\n') line_--;
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
                    GoQuote(l.input_.substr(l.start_, l.pos_ - l.start_)));
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

}  // namespace tmpl
