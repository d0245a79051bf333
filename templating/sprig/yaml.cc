// Helm's toYaml: sigs.k8s.io/yaml.Marshal, i.e. encoding/json first, then go-yaml v2's
// emitter. The emitter below is a port of the parts of go-yaml v2 (emitterc.go, encode.go,
// resolve.go, sorter.go) that a JSON-shaped document reaches: block mappings and sequences,
// "{}"/"[]" for empty ones, and the scalar style rules (which strings need quotes, literal
// blocks for multi-line text, folding at 80 columns). Byte-for-byte equal output matters:
// people diff rendered config.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "templating/sprig/funcs.h"
#include "templating/stack_guard.h"
#include "gocompat/strconv.h"
#include "gocompat/unicode.h"
#include "gocompat/utf8.h"

namespace templating::sprig {
namespace {

constexpr int kBestIndent = 2;
constexpr int kBestWidth = 80;

enum class Style { kPlain, kSingle, kDouble, kLiteral };

// ---- go-yaml's resolve(): would this text, unquoted, read back as something not a string?

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Go's time.Parse for the layouts go-yaml tries: "2006-1-2", "2006-1-2 15:4:5.999999999",
// and "2006-1-2T15:4:5.999999999Z07:00" (T or t).
bool ParseTimestamp(std::string_view s) {
  size_t i = 0;
  auto num = [&](size_t min_digits, size_t max_digits, int lo, int hi) -> bool {
    size_t st = i;
    int v = 0;
    while (i < s.size() && IsDigit(s[i]) && i - st < max_digits) v = v * 10 + (s[i++] - '0');
    return i - st >= min_digits && v >= lo && v <= hi;
  };
  if (!num(4, 4, 0, 9999) || i >= s.size() || s[i] != '-') return false;
  i++;
  if (!num(1, 2, 1, 12) || i >= s.size() || s[i] != '-') return false;
  i++;
  if (!num(1, 2, 1, 31)) return false;
  if (i == s.size()) return true;
  char sep = s[i];
  if (sep != 'T' && sep != 't' && sep != ' ') return false;
  i++;
  if (!num(1, 2, 0, 23) || i >= s.size() || s[i] != ':') return false;
  i++;
  if (!num(1, 2, 0, 59) || i >= s.size() || s[i] != ':') return false;
  i++;
  if (!num(1, 2, 0, 59)) return false;
  if (i < s.size() && s[i] == '.') {
    i++;
    size_t st = i;
    while (i < s.size() && IsDigit(s[i])) i++;
    if (i == st) return false;
  }
  if (sep == ' ') return i == s.size();
  if (i < s.size() && s[i] == 'Z') return i + 1 == s.size();
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    i++;
    if (!num(2, 2, 0, 99) || i >= s.size() || s[i] != ':') return false;
    i++;
    if (!num(2, 2, 0, 99)) return false;
    return i == s.size();
  }
  return false;
}

// yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool YamlStyleFloat(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) i++;
  if (i < s.size() && s[i] == '.') {
    i++;
    size_t st = i;
    while (i < s.size() && IsDigit(s[i])) i++;
    if (i == st) return false;
  } else {
    size_t st = i;
    while (i < s.size() && IsDigit(s[i])) i++;
    if (i == st) return false;
    if (i < s.size() && s[i] == '.') {
      i++;
      while (i < s.size() && IsDigit(s[i])) i++;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) i++;
    size_t st = i;
    while (i < s.size() && IsDigit(s[i])) i++;
    if (i == st) return false;
  }
  return i == s.size();
}

bool ResolvesToNonString(std::string_view in) {
  static const char* const kMap[] = {
      "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
      "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
      "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
      "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "<<"};
  if (in.empty()) return true;
  char c = in[0];
  bool hinted = IsDigit(c) || c == '+' || c == '-' || c == '.' ||
                std::string_view("yYnNtTfFoO~").find(c) != std::string_view::npos;
  if (!hinted) return false;
  for (const char* k : kMap) {
    if (in == k) return true;
  }
  if (c == '.') return gocompat::ParseFloat(in, 64).ok() && in.find('_') == std::string_view::npos;
  if (IsDigit(c) || c == '+' || c == '-') {
    if (ParseTimestamp(in)) return true;
    std::string plain;
    for (char ch : in) {
      if (ch != '_') plain.push_back(ch);
    }
    if (gocompat::ParseInt(plain, 0, 64).ok()) return true;
    if (gocompat::ParseUint(plain, 0, 64).ok()) return true;
    if (YamlStyleFloat(plain) && gocompat::ParseFloat(plain, 64).ok()) return true;
    if (plain.starts_with("0b")) {
      const std::string_view digits = std::string_view(plain).substr(2);
      if (gocompat::ParseInt(digits, 2, 64).ok() || gocompat::ParseUint(digits, 2, 64).ok()) return true;
    } else if (plain.starts_with("-0b")) {
      if (gocompat::ParseInt("-" + plain.substr(3), 2, 64).ok()) return true;
    }
  }
  return false;
}

// base60float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ — quoted for YAML 1.1 readers.
bool IsBase60Float(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) i++;
  if (i >= s.size() || !IsDigit(s[i])) return false;
  i++;
  while (i < s.size() && (IsDigit(s[i]) || s[i] == '_')) i++;
  int groups = 0;
  while (i < s.size() && s[i] == ':') {
    i++;
    // [0-5]?[0-9]
    if (i + 1 < s.size() && s[i] >= '0' && s[i] <= '5' && IsDigit(s[i + 1])) {
      i += 2;
    } else if (i < s.size() && IsDigit(s[i])) {
      i += 1;
    } else {
      return false;
    }
    groups++;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    i++;
    while (i < s.size() && (IsDigit(s[i]) || s[i] == '_')) i++;
  }
  return i == s.size();
}

// ---- emitterc.go's character classes (over UTF-8 bytes).

int Width(unsigned char c) {
  if ((c & 0x80) == 0) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 0;
}

unsigned char At(std::string_view s, size_t i) {
  return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}
bool IsSpace(std::string_view s, size_t i) { return At(s, i) == ' '; }
bool IsBreak(std::string_view s, size_t i) {
  unsigned char c = At(s, i);
  return c == '\r' || c == '\n' || (c == 0xC2 && At(s, i + 1) == 0x85) ||
         (c == 0xE2 && At(s, i + 1) == 0x80 && (At(s, i + 2) == 0xA8 || At(s, i + 2) == 0xA9));
}
bool IsBlank(std::string_view s, size_t i) { return At(s, i) == ' ' || At(s, i) == '\t'; }
bool IsBlankz(std::string_view s, size_t i) {
  return IsBlank(s, i) || IsBreak(s, i) || i >= s.size() || At(s, i) == 0;
}
bool IsBom(std::string_view s, size_t i) {
  return At(s, i) == 0xEF && At(s, i + 1) == 0xBB && At(s, i + 2) == 0xBF;
}
bool IsPrintable(std::string_view s, size_t i) {
  unsigned char b = At(s, i), b1 = At(s, i + 1), b2 = At(s, i + 2);
  return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) ||
         (b > 0xC2 && b < 0xED) || (b == 0xED && b1 < 0xA0) || b == 0xEE ||
         (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
}

struct ScalarAnalysis {
  bool multiline = false;
  bool flow_plain_allowed = false;
  bool block_plain_allowed = false;
  bool single_quoted_allowed = false;
  bool block_allowed = false;
};

ScalarAnalysis Analyze(std::string_view value) {
  ScalarAnalysis a;
  if (value.empty()) {
    a.block_plain_allowed = true;
    a.single_quoted_allowed = true;
    return a;
  }
  bool block_indicators = false, flow_indicators = false, line_breaks = false,
       special_characters = false, leading_space = false, leading_break = false,
       trailing_space = false, trailing_break = false, break_space = false,
       space_break = false, previous_space = false, previous_break = false;
  if (value.size() >= 3 && (value.starts_with("---") || value.starts_with("..."))) {
    block_indicators = flow_indicators = true;
  }
  bool preceded_by_whitespace = true;
  for (size_t i = 0, w = 0; i < value.size(); i += w) {
    w = std::max(1, Width(At(value, i)));
    bool followed_by_whitespace = i + w >= value.size() || IsBlank(value, i + w);
    char c = value[i];
    if (i == 0) {
      switch (c) {
        case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*':
        case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
          flow_indicators = block_indicators = true;
          break;
        case '?': case ':':
          flow_indicators = true;
          if (followed_by_whitespace) block_indicators = true;
          break;
        case '-':
          if (followed_by_whitespace) flow_indicators = block_indicators = true;
          break;
        default: break;
      }
    } else {
      switch (c) {
        case ',': case '?': case '[': case ']': case '{': case '}':
          flow_indicators = true;
          break;
        case ':':
          flow_indicators = true;
          if (followed_by_whitespace) block_indicators = true;
          break;
        case '#':
          if (preceded_by_whitespace) flow_indicators = block_indicators = true;
          break;
        default: break;
      }
    }
    if (!IsPrintable(value, i)) special_characters = true;  // the emitter is in unicode mode
    if (IsSpace(value, i)) {
      if (i == 0) leading_space = true;
      if (i + w == value.size()) trailing_space = true;
      if (previous_break) break_space = true;
      previous_space = true;
      previous_break = false;
    } else if (IsBreak(value, i)) {
      line_breaks = true;
      if (i == 0) leading_break = true;
      if (i + w == value.size()) trailing_break = true;
      if (previous_space) space_break = true;
      previous_space = false;
      previous_break = true;
    } else {
      previous_space = previous_break = false;
    }
    preceded_by_whitespace = IsBlankz(value, i);
  }
  a.multiline = line_breaks;
  a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = a.block_allowed = true;
  if (leading_space || leading_break || trailing_space || trailing_break) {
    a.flow_plain_allowed = a.block_plain_allowed = false;
  }
  if (trailing_space) a.block_allowed = false;
  if (break_space) a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = false;
  if (space_break || special_characters) {
    a.flow_plain_allowed = a.block_plain_allowed = a.single_quoted_allowed = a.block_allowed = false;
  }
  if (line_breaks) a.flow_plain_allowed = a.block_plain_allowed = false;
  if (flow_indicators) a.flow_plain_allowed = false;
  if (block_indicators) a.block_plain_allowed = false;
  return a;
}

// go-yaml v2's sorter.go keyList.Less for two string keys: digit runs compare as numbers,
// letters sort before non-letters.
std::vector<char32_t> Runes(std::string_view s) {  // []rune(s)
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    const gocompat::DecodedRune d = gocompat::DecodeRune(s, i);
    out.push_back(d.rune);
    i += static_cast<size_t>(d.size);
  }
  return out;
}

bool KeyLess(const std::string& as, const std::string& bs) {
  std::vector<char32_t> ar = Runes(as), br = Runes(bs);
  for (size_t i = 0; i < ar.size() && i < br.size(); i++) {
    if (ar[i] == br[i]) continue;
    bool al = gocompat::IsLetter(ar[i]), bl = gocompat::IsLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    int64_t an = 0, bn = 0;
    if (ar[i] == '0' || br[i] == '0') {
      for (size_t j = i; j-- > 0 && gocompat::IsDigit(ar[j]);) {
        if (ar[j] != '0') {
          an = bn = 1;
          break;
        }
      }
    }
    size_t ai = i, bi = i;
    for (; ai < ar.size() && gocompat::IsDigit(ar[ai]); ai++) an = an * 10 + (ar[ai] - '0');
    for (; bi < br.size() && gocompat::IsDigit(br[bi]); bi++) bn = bn * 10 + (br[bi] - '0');
    if (an != bn) return an < bn;
    if (ai != bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.size() < br.size();
}

// sigs.k8s.io/yaml reads its own JSON back with go-yaml, and JSON leaves U+0085 (NEL)
// unescaped: inside a double-quoted YAML scalar a NEL is a line break, so it folds — with
// the blanks around it — into a space (one break) or newlines (several).
// encoding/json writes each byte of invalid UTF-8 as U+FFFD, and YAML sees that.
std::string ValidUtf8(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const gocompat::DecodedRune d = gocompat::DecodeRune(s, i);
    const size_t n = static_cast<size_t>(d.size);
    if (gocompat::IsInvalid(d)) {
      out += "\xEF\xBF\xBD";
      i++;
      continue;
    }
    out.append(s, i, n);
    i += n;
  }
  return out;
}

std::string FoldNel(const std::string& in) {
  std::string s = ValidUtf8(in);
  if (s.find("\xC2\x85") == std::string::npos) return s;
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (!(s[i] == '\xC2' && i + 1 < s.size() && s[i + 1] == '\x85')) {
      out.push_back(s[i++]);
      continue;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
    int breaks = 0;
    while (i < s.size()) {
      if (s[i] == ' ' || s[i] == '\t') {
        i++;
      } else if (s[i] == '\xC2' && i + 1 < s.size() && s[i + 1] == '\x85') {
        breaks++;
        i += 2;
      } else {
        break;
      }
    }
    if (breaks == 1) out.push_back(' ');
    else out.append(static_cast<size_t>(breaks - 1), '\n');
  }
  return out;
}

class Emitter {
 public:
  absl::Status EmitDocument(const Value& v) {
    if (auto st = Node(v, /*root=*/true, false, false, false); !st.ok()) return st;
    // yaml_emitter_emit_document_end: write_indent ends the last line.
    indent_ = 0;
    WriteIndent();
    return absl::OkStatus();
  }
  std::string& out() { return out_; }

 private:
  void Put(char c) {
    out_.push_back(c);
    column_++;
  }
  void PutBreak() {
    out_.push_back('\n');
    column_ = 0;
  }
  void Write(std::string_view s, size_t& i) {
    size_t w = std::max(1, Width(At(s, i)));
    out_.append(s.substr(i, w));
    i += w;
    column_++;
  }
  void WriteBreak(std::string_view s, size_t& i) {
    if (s[i] == '\n') {
      PutBreak();
      i++;
    } else {
      Write(s, i);
      column_ = 0;
    }
  }
  void WriteIndent() {
    int indent = std::max(indent_, 0);
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) PutBreak();
    while (column_ < indent) Put(' ');
    whitespace_ = true;
    indention_ = true;
  }
  void WriteIndicator(std::string_view ind, bool need_whitespace, bool is_whitespace,
                      bool is_indention) {
    if (need_whitespace && !whitespace_) Put(' ');
    for (char c : ind) Put(c);
    whitespace_ = is_whitespace;
    indention_ = indention_ && is_indention;
  }
  void IncreaseIndent(bool flow, bool indentless) {
    indents_.push_back(indent_);
    if (indent_ < 0) {
      indent_ = flow ? kBestIndent : 0;
    } else if (!indentless) {
      indent_ += kBestIndent;
    }
  }
  void PopIndent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }

  absl::Status Node(const Value& v, bool root, bool sequence, bool mapping, bool simple_key) {
    CheckValueDepth();
    root_context_ = root;
    sequence_context_ = sequence;
    mapping_context_ = mapping;
    simple_key_context_ = simple_key;
    (void)sequence_context_;
    switch (v.kind()) {
      case Value::Kind::kMissing:
      case Value::Kind::kNil: Scalar("null", Style::kPlain); return absl::OkStatus();
      case Value::Kind::kBool: Scalar(v.as_bool() ? "true" : "false", Style::kPlain); return absl::OkStatus();
      case Value::Kind::kInt: Scalar(std::to_string(v.as_int()), Style::kPlain); return absl::OkStatus();
      case Value::Kind::kFloat: return Float(v.as_float());
      case Value::Kind::kString: String(v.as_string()); return absl::OkStatus();
      case Value::Kind::kComplex: return absl::UnknownError("json: unsupported type: complex128");
      case Value::Kind::kFunc: return absl::UnknownError("json: unsupported type: func()");
      case Value::Kind::kObject: {
        // sigs.k8s.io/yaml goes through the object's JSON.
        auto j = v.as_object().MarshalJson();
        if (!j.ok()) return j.status();
        auto parsed = ParseJsonValue(*j, /*int_as_int64=*/false);
        if (!parsed.ok()) return parsed.status();
        return Node(*parsed, root, sequence, mapping, simple_key);
      }
      case Value::Kind::kList:
        if (v.is_nil_list()) {
          Scalar("null", Style::kPlain);
          return absl::OkStatus();
        }
        return Sequence(v.as_list());
      case Value::Kind::kMap: return Mapping(v.as_map());
    }
    return absl::OkStatus();
  }

  // The number went through JSON text and back through go-yaml's resolver: integral values
  // that fit 64 bits come back as integers, the rest as float64 printed with 'g'.
  absl::Status Float(double f) {
    auto json = ToJson(Value(f));
    if (!json.ok()) return json.status();
    const std::string& s = *json;
    if (s.find_first_of(".eE") == std::string::npos) {
      if (gocompat::ParseInt(s, 0, 64).ok() || gocompat::ParseUint(s, 0, 64).ok()) {
        Scalar(s, Style::kPlain);
        return absl::OkStatus();
      }
    }
    Scalar(gocompat::FormatFloat(f, 'g', -1, 64), Style::kPlain);
    return absl::OkStatus();
  }

  // encode.go's stringv.
  void String(const std::string& raw) {
    std::string s = FoldNel(raw);
    bool can_use_plain = !ResolvesToNonString(s) && !IsBase60Float(s);
    Style style = s.find('\n') != std::string::npos ? Style::kLiteral
                  : can_use_plain                    ? Style::kPlain
                                                     : Style::kDouble;
    Scalar(s, style);
  }

  // yaml_emitter_emit_scalar with select_scalar_style.
  void Scalar(std::string_view value, Style style) {
    ScalarAnalysis a = Analyze(value);
    if (simple_key_context_ && a.multiline) style = Style::kDouble;
    if (style == Style::kPlain) {
      if ((flow_level_ > 0 && !a.flow_plain_allowed) || (flow_level_ == 0 && !a.block_plain_allowed)) {
        style = Style::kSingle;
      }
      if (value.empty() && (flow_level_ > 0 || simple_key_context_)) style = Style::kSingle;
    }
    if (style == Style::kSingle && !a.single_quoted_allowed) style = Style::kDouble;
    if (style == Style::kLiteral && (!a.block_allowed || flow_level_ > 0 || simple_key_context_)) {
      style = Style::kDouble;
    }
    IncreaseIndent(/*flow=*/true, false);
    bool allow_breaks = !simple_key_context_;
    switch (style) {
      case Style::kPlain: WritePlain(value, allow_breaks); break;
      case Style::kSingle: WriteSingle(value, allow_breaks); break;
      case Style::kDouble: WriteDouble(value, allow_breaks); break;
      case Style::kLiteral: WriteLiteral(value); break;
    }
    PopIndent();
    last_multiline_ = a.multiline;
  }

  void WritePlain(std::string_view value, bool allow_breaks) {
    if (!whitespace_) Put(' ');
    bool spaces = false, breaks = false;
    for (size_t i = 0; i < value.size();) {
      if (IsSpace(value, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && !IsSpace(value, i + 1)) {
          WriteIndent();
          i++;
        } else {
          Write(value, i);
        }
        spaces = true;
      } else if (IsBreak(value, i)) {
        if (!breaks && value[i] == '\n') PutBreak();
        WriteBreak(value, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        Write(value, i);
        indention_ = false;
        spaces = breaks = false;
      }
    }
    whitespace_ = false;
    indention_ = false;
  }

  void WriteSingle(std::string_view value, bool allow_breaks) {
    WriteIndicator("'", true, false, false);
    bool spaces = false, breaks = false;
    for (size_t i = 0; i < value.size();) {
      if (IsSpace(value, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i < value.size() - 1 &&
            !IsSpace(value, i + 1)) {
          WriteIndent();
          i++;
        } else {
          Write(value, i);
        }
        spaces = true;
      } else if (IsBreak(value, i)) {
        if (!breaks && value[i] == '\n') PutBreak();
        WriteBreak(value, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        if (value[i] == '\'') Put('\'');
        Write(value, i);
        indention_ = false;
        spaces = breaks = false;
      }
    }
    WriteIndicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void WriteDouble(std::string_view value, bool allow_breaks) {
    static const char kHex[] = "0123456789ABCDEF";
    bool spaces = false;
    WriteIndicator("\"", true, false, false);
    for (size_t i = 0; i < value.size();) {
      if (!IsPrintable(value, i) || IsBom(value, i) || IsBreak(value, i) || value[i] == '"' ||
          value[i] == '\\') {
        unsigned char octet = At(value, i);
        int w = 1;
        char32_t v = octet & 0x7F;
        if ((octet & 0xE0) == 0xC0) w = 2, v = octet & 0x1F;
        else if ((octet & 0xF0) == 0xE0) w = 3, v = octet & 0x0F;
        else if ((octet & 0xF8) == 0xF0) w = 4, v = octet & 0x07;
        for (int k = 1; k < w; k++) v = (v << 6) + (At(value, i + k) & 0x3F);
        i += w;
        Put('\\');
        switch (v) {
          case 0x00: Put('0'); break;
          case 0x07: Put('a'); break;
          case 0x08: Put('b'); break;
          case 0x09: Put('t'); break;
          case 0x0A: Put('n'); break;
          case 0x0B: Put('v'); break;
          case 0x0C: Put('f'); break;
          case 0x0D: Put('r'); break;
          case 0x1B: Put('e'); break;
          case 0x22: Put('"'); break;
          case 0x5C: Put('\\'); break;
          case 0x85: Put('N'); break;
          case 0xA0: Put('_'); break;
          case 0x2028: Put('L'); break;
          case 0x2029: Put('P'); break;
          default: {
            int digits;
            if (v <= 0xFF) Put('x'), digits = 2;
            else if (v <= 0xFFFF) Put('u'), digits = 4;
            else Put('U'), digits = 8;
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) Put(kHex[(v >> k) & 0x0F]);
          }
        }
        spaces = false;
      } else if (IsSpace(value, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i < value.size() - 1) {
          WriteIndent();
          if (IsSpace(value, i + 1)) Put('\\');
          i++;
        } else {
          Write(value, i);
        }
        spaces = true;
      } else {
        Write(value, i);
        spaces = false;
      }
    }
    WriteIndicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void WriteLiteral(std::string_view value) {
    WriteIndicator("|", true, false, false);
    // yaml_emitter_write_block_scalar_hints
    if (IsSpace(value, 0) || IsBreak(value, 0)) {
      WriteIndicator(std::string(1, static_cast<char>('0' + kBestIndent)), false, false, false);
    }
    char chomp = 0;
    if (value.empty()) {
      chomp = '-';
    } else {
      size_t i = value.size() - 1;
      while (i > 0 && (At(value, i) & 0xC0) == 0x80) i--;
      if (!IsBreak(value, i)) {
        chomp = '-';
      } else if (i == 0) {
        chomp = '+';
      } else {
        i--;
        while (i > 0 && (At(value, i) & 0xC0) == 0x80) i--;
        if (IsBreak(value, i)) chomp = '+';
      }
    }
    if (chomp) WriteIndicator(std::string(1, chomp), false, false, false);
    PutBreak();
    indention_ = true;
    whitespace_ = true;
    bool breaks = true;
    for (size_t i = 0; i < value.size();) {
      if (IsBreak(value, i)) {
        WriteBreak(value, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) WriteIndent();
        Write(value, i);
        indention_ = false;
        breaks = false;
      }
    }
  }

  absl::Status Sequence(const List& l) {
    if (l.empty()) {
      // An empty sequence is written in flow style.
      WriteIndicator("[", true, true, false);
      WriteIndicator("]", false, false, false);
      return absl::OkStatus();
    }
    IncreaseIndent(false, mapping_context_ && !indention_);
    for (const Value& item : l) {
      WriteIndent();
      WriteIndicator("-", true, false, true);
      if (auto st = Node(item, false, true, false, false); !st.ok()) return st;
    }
    PopIndent();
    return absl::OkStatus();
  }

  absl::Status Mapping(const Map& m) {
    if (m.empty()) {
      WriteIndicator("{", true, true, false);
      WriteIndicator("}", false, false, false);
      return absl::OkStatus();
    }
    std::vector<const std::pair<const std::string, Value>*> items;
    for (const auto& kv : m) items.push_back(&kv);
    std::stable_sort(items.begin(), items.end(),
                     [](const auto* a, const auto* b) { return KeyLess(a->first, b->first); });
    IncreaseIndent(false, false);
    for (const auto* kv : items) {
      WriteIndent();
      std::string key = FoldNel(kv->first);
      bool simple = key.size() <= 128 && !Analyze(key).multiline;
      if (simple) {
        Node(Value(key), false, false, true, true).IgnoreError();
        WriteIndicator(":", false, false, false);
      } else {
        WriteIndicator("?", true, false, true);
        Node(Value(key), false, false, true, false).IgnoreError();
        WriteIndent();
        WriteIndicator(":", true, false, true);
      }
      if (auto st = Node(kv->second, false, false, true, false); !st.ok()) return st;
    }
    PopIndent();
    return absl::OkStatus();
  }

  std::string out_;
  int column_ = 0;
  int indent_ = -1;
  std::vector<int> indents_;
  int flow_level_ = 0;
  bool whitespace_ = true;
  bool indention_ = true;
  bool root_context_ = false;
  bool sequence_context_ = false;
  bool mapping_context_ = false;
  bool simple_key_context_ = false;
  bool last_multiline_ = false;
};

// go-yaml's reader rejects characters that JSON leaves unescaped (DEL, the C1 controls but
// NEL, U+FFFE/U+FFFF), so sigs.k8s.io/yaml fails on them and Helm's toYaml gives "".
bool YamlReadable(std::string_view s) {
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0x7F) return false;
    if (c == 0xC2 && i + 1 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0x9F && d != 0x85) return false;
    }
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
      return false;
    }
  }
  return true;
}

bool AllYamlReadable(const Value& v) {
  CheckValueDepth();
  if (v.is_string()) return YamlReadable(v.as_string());
  if (v.is_list()) {
    for (const Value& e : v.as_list()) {
      if (!AllYamlReadable(e)) return false;
    }
  }
  if (v.is_map()) {
    for (const auto& [k, e] : v.as_map()) {
      if (!YamlReadable(k) || !AllYamlReadable(e)) return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> ToYaml(const Value& v) {
  if (!AllYamlReadable(v)) {
    return absl::UnknownError("yaml: control characters are not allowed");
  }
  // json.Marshal runs first in sigs.k8s.io/yaml: its failures (NaN, functions) are toYaml's.
  if (auto json = ToJson(v); !json.ok()) return json.status();
  Emitter e;
  if (auto st = e.EmitDocument(v); !st.ok()) return st;
  return std::move(e.out());
}

}  // namespace templating::sprig
