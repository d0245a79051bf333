#include "k8sclient/yaml.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gocompat/strconv.h"
#include "gocompat/string_view.h"
#include "gocompat/utf8.h"

namespace k8sclient {
namespace {

// How kubectl words each kind of failure, which decides whether and how a line is shown.
enum class ErrorKind {
  kScanner,     // go-yaml scanner: "yaml: line N: ..." (1-based), no line on line 1
  kParser,      // go-yaml parser: the line before the problem's, none when that is 0
  kDecoder,     // go-yaml decoding into Go values: "yaml: ..." without a line
  kConversion,  // sigs.k8s.io/yaml's conversion to JSON: the bare message
};

// Thrown inside the parser only; ParseYamlDocuments turns it into a Status.
struct YamlError {
  int line;
  std::string message;
  ErrorKind kind;
};

using gocompat::AV;

ErrorKind KindOf(std::string_view message) {
  for (std::string_view parser : {"did not find expected ',' or ']'", "did not find expected ',' or '}'",
                                  "did not find expected node content", "did not find expected key",
                                  "did not find expected '-' indicator", "found undefined tag handle",
                                  "did not find expected <document start>"}) {
    if (message == parser) return ErrorKind::kParser;
  }
  if (absl::StartsWith(AV(message), "json: ") || absl::StartsWith(AV(message), "unsupported map key")) {
    return ErrorKind::kConversion;
  }
  if (absl::StartsWith(AV(message), "unknown anchor") || absl::StartsWith(AV(message), "invalid map key") ||
      absl::StartsWith(AV(message), "exceeded max depth") ||
      message == "document contains excessive aliasing") {
    return ErrorKind::kDecoder;
  }
  return ErrorKind::kScanner;
}

std::string FormatError(const YamlError& e) {
  int line = e.kind == ErrorKind::kParser ? e.line - 1 : e.line;
  switch (e.kind) {
    case ErrorKind::kConversion: return e.message;
    case ErrorKind::kDecoder: return absl::StrCat("yaml: ", e.message);
    case ErrorKind::kScanner:
      if (line <= 1) return absl::StrCat("yaml: ", e.message);
      break;
    case ErrorKind::kParser:
      if (line <= 0) return absl::StrCat("yaml: ", e.message);
      break;
  }
  return absl::StrCat("yaml: line ", line, ": ", e.message);
}

// fmt's %#v of what go-yaml decodes into interface{}, for kubectl's "invalid map key: ...".
void AppendGoSyntax(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::Type::kNull: out += "interface {}(nil)"; break;
    case Json::Type::kBool: out += v.as_bool() ? "true" : "false"; break;
    case Json::Type::kInt: absl::StrAppend(&out, v.as_int()); break;
    case Json::Type::kDouble: out += gocompat::FormatFloat(v.as_double(), 'g', -1, 64); break;
    case Json::Type::kString: gocompat::AppendQuote(out, v.as_string()); break;
    case Json::Type::kArray: {
      out += "[]interface {}{";
      const char* sep = "";
      for (const Json& item : v.array()) {
        out += sep;
        AppendGoSyntax(out, item);
        sep = ", ";
      }
      out += "}";
      break;
    }
    case Json::Type::kObject: {
      std::vector<const std::pair<std::string, Json>*> members;
      for (const auto& m : v.object()) members.push_back(&m);
      std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->first < b->first; });
      out += "map[interface {}]interface {}{";
      const char* sep = "";
      for (const auto* m : members) {
        out += sep;
        gocompat::AppendQuote(out, m->first);
        out += ":";
        AppendGoSyntax(out, m->second);
        sep = ", ";
      }
      out += "}";
      break;
    }
  }
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsBlankOrEnd(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\0'; }
bool IsFlowIndicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

// --- scalar resolution, as go-yaml v2's resolve() ---------------------------------------

// yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool IsYamlStyleFloat(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

// strconv.ParseFloat on text already checked for float syntax: an overflow is an error
// (the scalar then stays a string), an underflow is 0.
bool ParseDouble(const std::string& s, double& out) {
  absl::StatusOr<double> d = gocompat::ParseFloat(s, 64);
  if (d.ok()) out = *d;
  return d.ok();
}

Json ResolvePlain(const std::string& in) {
  static const std::map<std::string_view, int> kBools = {
      {"y", 1},     {"Y", 1},     {"yes", 1},  {"Yes", 1},   {"YES", 1}, {"true", 1},
      {"True", 1},  {"TRUE", 1},  {"on", 1},   {"On", 1},    {"ON", 1},  {"n", 0},
      {"N", 0},     {"no", 0},    {"No", 0},   {"NO", 0},    {"false", 0},
      {"False", 0}, {"FALSE", 0}, {"off", 0},  {"Off", 0},   {"OFF", 0}};
  if (in.empty() || in == "~" || in == "null" || in == "Null" || in == "NULL") return Json();
  if (auto it = kBools.find(in); it != kBools.end()) return Json(it->second == 1);
  if (in == ".nan" || in == ".NaN" || in == ".NAN") {
    return Json(std::numeric_limits<double>::quiet_NaN());
  }
  if (in == ".inf" || in == ".Inf" || in == ".INF" || in == "+.inf" || in == "+.Inf" ||
      in == "+.INF") {
    return Json(std::numeric_limits<double>::infinity());
  }
  if (in == "-.inf" || in == "-.Inf" || in == "-.INF") {
    return Json(-std::numeric_limits<double>::infinity());
  }
  const char first = in[0];
  if (first == '.') {
    // go-yaml hands these to strconv.ParseFloat as they are, which allows '_' between
    // digits (".1_0" is 0.1) and nowhere else.
    std::string plain;
    char prev = '.';
    for (size_t i = 0; i < in.size(); ++i) {
      char c = in[i];
      bool digit_before = prev >= '0' && prev <= '9';
      bool digit_after = i + 1 < in.size() && in[i + 1] >= '0' && in[i + 1] <= '9';
      if (c == '_') {
        if (!digit_before || !digit_after) return Json(in);
      } else {
        plain.push_back(c);
      }
      prev = c;
    }
    double d;
    if (IsYamlStyleFloat(plain) && ParseDouble(plain, d)) return Json(d);
    return Json(in);
  }
  if (first == '+' || first == '-' || (first >= '0' && first <= '9')) {
    std::string plain;
    for (char c : in) {
      if (c != '_') plain.push_back(c);
    }
    if (absl::StatusOr<int64_t> i = gocompat::ParseInt(plain, 0, 64); i.ok()) return Json(*i);
    if (absl::StatusOr<uint64_t> u = gocompat::ParseUint(plain, 0, 64); u.ok()) {
      return Json(static_cast<double>(*u));
    }
    double d;
    if (IsYamlStyleFloat(plain) && ParseDouble(plain, d)) return Json(d);
  }
  return Json(in);
}

// sigs.k8s.io/yaml turns non-string keys into strings.
std::string KeyString(const Json& key) {
  switch (key.type()) {
    case Json::Type::kString: return key.as_string();
    case Json::Type::kInt: return std::to_string(key.as_int());
    case Json::Type::kBool: return key.as_bool() ? "true" : "false";
    case Json::Type::kNull: return "";  // rejected by the parser before it gets here
    case Json::Type::kDouble: {
      double d = key.as_double();
      if (std::isnan(d)) return ".nan";
      if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
      return gocompat::FormatFloat(d, 'g', -1, 32);
    }
    default: return key.Dump();  // not reached: Parser::Key refuses collections
  }
}

// go-yaml v2's decoder (decode.go allowedAliasRatio): the share of a document's decode steps
// that may come from expanding aliases, 99% up to 400,000 steps, falling to 10% at 4,000,000.
double AllowedAliasRatio(int64_t decoded) {
  constexpr int64_t kLow = 400000, kHigh = 4000000;
  if (decoded <= kLow) return 0.99;
  if (decoded >= kHigh) return 0.10;
  return 0.99 - 0.89 * (static_cast<double>(decoded - kLow) / static_cast<double>(kHigh - kLow));
}

// sigs.k8s.io/yaml writes each float go-yaml read as JSON text, and whoever reads that JSON
// (kubectl, the API server) takes an integer-looking number for an integer: `1e3` and `1.0`
// end up as 1000 and 1. Go's encoder writes integral floats below 1e21 without a fraction or
// exponent; those that fit int64 become integers here too. Keys are strings already.
void IntegralFloatsToIntegers(Json& v) {
  switch (v.type()) {
    case Json::Type::kDouble: {
      const double d = v.as_double();
      if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 1e21 &&
          d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
        v = Json(static_cast<int64_t>(d));
      }
      break;
    }
    case Json::Type::kArray:
      for (Json& item : v.array()) IntegralFloatsToIntegers(item);
      break;
    case Json::Type::kObject:
      for (auto& member : v.object()) IntegralFloatsToIntegers(member.second);
      break;
    default:
      break;
  }
}

// --- the parser -----------------------------------------------------------------------

class Parser {
 public:
  explicit Parser(std::string text) : in_(std::move(text)) {}

  std::vector<Json> Stream() {
    std::vector<Json> docs;
    if (in_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
    for (;;) {
      SkipBlankLinesAndComments();
      while (col_ == 0 && Peek() == '%') {  // %YAML / %TAG directives
        SkipRestOfLine();
        SkipBlankLinesAndComments();
      }
      if (AtEnd()) break;
      if (AtDocMarker("...")) {
        Advance(3);
        ExpectLineEnd();
        continue;
      }
      bool explicit_start = false;
      if (AtDocMarker("---")) {
        Advance(3);
        explicit_start = true;
      }
      std::optional<Json> doc;  // none for a document without content
      // Anchors and the alias budget belong to one document, as in go-yaml.
      anchors_.clear();
      anchor_costs_.clear();
      nodes_ = aliased_ = 0;
      Counted();  // the document node
      if (explicit_start) {
        SkipInlineSpace();
        if (LineEndsHere()) {
          SkipComment();
          SkipBlankLinesAndComments();
          if (!AtEnd() && !AtAnyDocMarker()) doc = NodeOnNextLines(-1, false);
        } else {
          doc = InlineNode(-1);
        }
      } else {
        doc = NodeOnNextLines(-1, false);
      }
      if (doc.has_value()) {
        IntegralFloatsToIntegers(*doc);
        docs.push_back(std::move(*doc));
      }
      SkipBlankLinesAndComments();
      if (AtEnd()) break;
      if (!AtDocMarker("---") && !AtDocMarker("...")) {
        Fail("did not find expected <document start>");
      }
    }
    return docs;
  }

 private:
  struct Props {
    std::string anchor;
    int64_t decoded_before = 0;  // Decoded() when the anchor was read: its node's cost follows
    bool force_string = false;
    bool has_tag = false;
    bool any() const { return !anchor.empty() || has_tag; }
  };

  // ---- cursor
  char Peek(size_t k = 0) const { return pos_ + k < in_.size() ? in_[pos_ + k] : '\0'; }
  bool AtEnd() const { return pos_ >= in_.size(); }
  void Advance(size_t n = 1) {
    for (size_t i = 0; i < n && pos_ < in_.size(); ++i) {
      if (in_[pos_] == '\n') {
        ++line_;
        col_ = 0;
      } else {
        ++col_;
      }
      ++pos_;
    }
  }
  [[noreturn]] void Fail(std::string message) const {
    // libyaml ends an unterminated last line before the end of the stream.
    int line = AtEnd() && col_ != 0 ? line_ + 1 : line_;
    ErrorKind kind = KindOf(message);
    throw YamlError{line, std::move(message), kind};
  }

  // Aliases copy what they name, so a few hundred bytes of nested aliases (or merge keys
  // over them) expand to gigabytes. go-yaml counts each node its decoder visits, alias targets
  // once per alias, and stops when too many come from aliases; so does this parser, with the
  // same counts: every node (keys, empty values and the document too), and for an alias
  // itself plus what decoding its anchor's node took.
  int64_t Decoded() const { return nodes_ + aliased_; }
  void CheckAliasing() const {
    const int64_t decoded = Decoded();
    if (aliased_ > 100 && decoded > 1000 &&
        static_cast<double>(aliased_) / static_cast<double>(decoded) > AllowedAliasRatio(decoded)) {
      Fail("document contains excessive aliasing");
    }
  }
  void Counted() {
    ++nodes_;
    CheckAliasing();
  }

  // Collections nest through recursion; a bound keeps hostile input from exhausting the
  // stack.
  static constexpr int kMaxDepth = 1000;
  struct DepthGuard {
    explicit DepthGuard(Parser* p) : parser(p) {
      if (++parser->depth_ > kMaxDepth) {
        parser->Fail(absl::StrCat("exceeded max depth of ", kMaxDepth));
      }
    }
    ~DepthGuard() { --parser->depth_; }
    Parser* parser;
  };

  // A plain scalar in value position. JSON has no infinities or NaN, so sigs.k8s.io/yaml
  // fails on .inf and .nan values (as keys they are just strings).
  Json PlainValue(const std::string& text, const Props& props) const {
    if (props.force_string) return Json(text);
    Json v = ResolvePlain(text);
    if (v.is_double() && !std::isfinite(v.as_double())) {
      double d = v.as_double();
      Fail(std::isnan(d) ? "json: unsupported value: NaN"
                         : (d > 0 ? "json: unsupported value: +Inf" : "json: unsupported value: -Inf"));
    }
    return v;
  }

  // sigs.k8s.io/yaml stringifies scalar keys but rejects a null one.
  // The key as sigs.k8s.io/yaml writes it into JSON; nullopt for a null key, which it
  // refuses only once the value is known (FailNullKey).
  std::optional<std::string> Key(const Json& key) const {
    if (key.is_null()) return std::nullopt;
    // go-yaml cannot hash a mapping or a sequence, and kubectl stops there ("yaml: invalid
    // map key: map[interface {}]interface {}{...}"). Stringifying them instead re-escaped
    // every nesting level, doubling the key's size each time: 270 bytes of {{{…}}} grew to
    // gigabytes (found by fuzzing).
    if (key.is_object() || key.is_array()) {
      std::string text = "invalid map key: ";
      AppendGoSyntax(text, key);
      Fail(std::move(text));
    }
    return KeyString(key);
  }
  [[noreturn]] void FailNullKey(const Json& value) const {
    std::string text = "unsupported map key of type: %!s(<nil>), key: <nil>, value: ";
    // A nil operand prints <nil>; only a nil inside a collection is interface {}(nil).
    if (value.is_null()) text += "<nil>";
    else AppendGoSyntax(text, value);
    Fail(std::move(text));
  }

  struct Mark {
    size_t pos;
    int line, col;
  };
  Mark Save() const { return {pos_, line_, col_}; }
  void Restore(const Mark& m) {
    pos_ = m.pos;
    line_ = m.line;
    col_ = m.col;
  }

  void SkipInlineSpace() {
    while (IsBlank(Peek())) Advance();
  }
  void SkipComment() {
    if (Peek() == '#') {
      while (!AtEnd() && Peek() != '\n') Advance();
    }
  }
  void SkipRestOfLine() {
    while (!AtEnd() && Peek() != '\n') Advance();
    if (Peek() == '\n') Advance();
  }
  // True at a comment, a line break or the end (after inline space was skipped).
  bool LineEndsHere() const { return Peek() == '#' || Peek() == '\n' || AtEnd(); }
  void ExpectLineEnd() {
    SkipInlineSpace();
    SkipComment();
    if (!AtEnd() && Peek() != '\n') Fail("did not find expected comment or line break");
  }

  // Moves to the next content character, over blank lines and comments. Tabs may not
  // indent block content.
  void SkipBlankLinesAndComments() {
    for (;;) {
      bool tab_indent = false;
      while (IsBlank(Peek())) {
        if (Peek() == '\t' && OnlyBlanksBefore()) tab_indent = true;
        Advance();
      }
      if (Peek() == '#') SkipComment();
      if (Peek() == '\n') {
        Advance();
        continue;
      }
      if (tab_indent && !AtEnd()) Fail("found character that cannot start any token");
      return;
    }
  }
  bool OnlyBlanksBefore() const {
    for (size_t i = pos_ - static_cast<size_t>(col_); i < pos_; ++i) {
      if (!IsBlank(in_[i])) return false;
    }
    return true;
  }

  bool AtDocMarker(std::string_view marker) const {
    return col_ == 0 && in_.compare(pos_, 3, marker) == 0 && IsBlankOrEnd(Peek(3));
  }
  bool AtAnyDocMarker() const { return AtDocMarker("---") || AtDocMarker("..."); }
  bool AtSeqEntry() const { return Peek() == '-' && IsBlankOrEnd(Peek(1)); }

  // ---- block structure

  // A node whose content starts on a later line (or is absent). `seq_at_parent` allows a
  // block sequence at the parent's own indentation, as a mapping value may have one.
  Json NodeOnNextLines(int parent_indent, bool seq_at_parent) {
    SkipBlankLinesAndComments();
    if (AtEnd() || AtAnyDocMarker() ||
        (col_ <= parent_indent && !(seq_at_parent && col_ == parent_indent && AtSeqEntry()))) {
      Counted();  // an empty node
      return Json();
    }
    if (col_ <= parent_indent) return BlockSequence(col_, /*value_of_key=*/true);
    return BlockContent(parent_indent);
  }

  // A node at the cursor, which is the first thing on its line or follows "- ".
  Json BlockContent(int parent_indent) {
    if (AtSeqEntry()) return BlockSequence(col_, false);
    // Properties in front of an implicit key belong to the key.
    if (LooksLikeKey()) return BlockMapping(col_);
    Props props = Properties();
    if (props.any()) {
      SkipInlineSpace();
      if (LineEndsHere()) {
        SkipComment();
        return Anchor(props, TaggedEmpty(props, NodeOnNextLines(parent_indent, true)));
      }
    }
    if (AtSeqEntry()) return Anchor(props, BlockSequence(col_, false));
    if (LooksLikeKey()) return Anchor(props, BlockMapping(col_));
    return Anchor(props, ValueOnThisLine(parent_indent, props));
  }

  // `value_of_key`: the sequence is a mapping value at its key's indentation, so a line at
  // that indentation without "- " is the mapping's next key.
  Json BlockSequence(int indent, bool value_of_key) {
    DepthGuard guard(this);
    Counted();
    Json seq = Json::MakeArray();
    for (;;) {
      Advance();  // '-'
      SkipInlineSpace();
      if (LineEndsHere()) {
        SkipComment();
        seq.array().push_back(NodeOnNextLines(indent, false));
      } else {
        seq.array().push_back(BlockContent(indent));
      }
      SkipBlankLinesAndComments();
      if (AtEnd() || AtAnyDocMarker() || col_ < indent) break;
      if (col_ == indent) {
        if (AtSeqEntry()) continue;
        if (value_of_key) break;
      }
      Fail("did not find expected '-' indicator");
    }
    return seq;
  }

  Json BlockMapping(int indent) {
    DepthGuard guard(this);
    Counted();
    Json map = Json::MakeObject();
    for (;;) {
      std::optional<std::string> key;
      bool has_value = true;
      if (Peek() == '?' && IsBlankOrEnd(Peek(1))) {
        // An explicit key: "? key", then an optional ": value" line at the same indentation.
        Advance();
        SkipInlineSpace();
        Json k;
        if (LineEndsHere()) {
          SkipComment();
          k = NodeOnNextLines(indent, false);
        } else {
          k = InlineNode(indent);
        }
        if (k.is_array() || k.is_object()) Fail("collections as mapping keys are not supported");
        key = Key(k);
        SkipBlankLinesAndComments();
        has_value = !AtEnd() && col_ == indent && Peek() == ':' && IsBlankOrEnd(Peek(1));
      } else {
        key = MappingKey();
        SkipInlineSpace();
        if (Peek() != ':') Fail("could not find expected ':'");
      }
      Json value;
      if (has_value) {
        Advance();  // ':'
        SkipInlineSpace();
        if (LineEndsHere()) {
          SkipComment();
          value = NodeOnNextLines(indent, true);
        } else {
          value = InlineNode(indent);
        }
      } else {
        Counted();  // "? key" alone: an empty value
      }
      if (!key) FailNullKey(value);
      map.Set(*key, std::move(value));
      SkipBlankLinesAndComments();
      if (AtEnd() || AtAnyDocMarker() || col_ < indent) break;
      if (col_ > indent || AtSeqEntry()) Fail("did not find expected key");
      if (!LooksLikeKey()) Fail("could not find expected ':'");
    }
    return map;
  }

  // Whether the cursor starts `key:` on this line.
  bool LooksLikeKey() {
    if (Peek() == '?' && IsBlankOrEnd(Peek(1))) return true;  // an explicit key
    Mark m = Save();
    bool found = false;
    if (Peek() == '&' || Peek() == '!') {
      try {
        Properties();
      } catch (const YamlError&) {
        Restore(m);
        return false;
      }
    }
    char c = Peek();
    if (c == '"' || c == '\'') {
      try {
        QuotedScalar(/*single_line=*/true);
        SkipInlineSpace();
        found = Peek() == ':' && IsBlankOrEnd(Peek(1));
      } catch (const YamlError&) {
        found = false;
      }
    } else if (std::string_view("[]{},#%@`|>\n").find(c) != std::string_view::npos || AtEnd()) {
      found = false;  // flow collections and characters that cannot start a plain key
    } else {
      char prev = ' ';
      for (size_t i = pos_; i < in_.size() && in_[i] != '\n'; ++i) {
        char ch = in_[i];
        if (ch == '#' && IsBlank(prev)) break;
        if (ch == ':' && IsBlankOrEnd(i + 1 < in_.size() ? in_[i + 1] : '\0')) {
          found = true;
          break;
        }
        prev = ch;
      }
    }
    Restore(m);
    return found;
  }

  std::optional<std::string> MappingKey() {
    Props props = Properties();
    char c = Peek();
    if (c == '"' || c == '\'') {
      std::string quoted = QuotedScalar(true);
      Counted();
      Anchor(props, Json(quoted));
      return quoted;
    }
    if (c == '*') Fail("aliases as mapping keys are not supported");
    std::string key;
    while (!AtEnd() && Peek() != '\n' && !(Peek() == ':' && IsBlankOrEnd(Peek(1)))) {
      key.push_back(Peek());
      Advance();
    }
    while (!key.empty() && IsBlank(key.back())) key.pop_back();
    if (key.empty()) Fail("did not find expected key");
    Json resolved = props.force_string ? Json(key) : ResolvePlain(key);
    Counted();
    Anchor(props, resolved);
    return Key(resolved);
  }

  // A value that starts on the line of its key (or after "- " / "---").
  Json InlineNode(int indent) {
    Props props = Properties();
    if (props.any()) {
      SkipInlineSpace();
      if (LineEndsHere()) {
        SkipComment();
        return Anchor(props, TaggedEmpty(props, NodeOnNextLines(indent, true)));
      }
    }
    if (AtSeqEntry()) Fail("block sequence entries are not allowed in this context");
    return Anchor(props, ValueOnThisLine(indent, props));
  }

  // Scalars and flow collections; `indent` is the enclosing block's indentation.
  Json ValueOnThisLine(int indent, const Props& props) {
    Json value;
    char c = Peek();
    if (c == '|' || c == '>') {
      Json block(BlockScalar(indent));  // consumes through its last line
      Counted();
      return block;
    } else if (c == '[' || c == '{') {
      value = FlowCollection();
    } else if (c == '"' || c == '\'') {
      value = Json(QuotedScalar(false));
      Counted();
    } else if (c == '*') {
      value = Alias();
    } else if (c == '@' || c == '`' || c == '%') {
      Fail("found character that cannot start any token");
    } else if (c == ',' || c == ']' || c == '}') {
      Fail("did not find expected node content");
    } else if (c == '?' && IsBlankOrEnd(Peek(1))) {
      Fail("mapping keys are not allowed in this context");
    } else {
      value = PlainValue(PlainScalar(indent, /*flow=*/false), props);
      Counted();
    }
    SkipInlineSpace();
    if (Peek() == ':' && IsBlankOrEnd(Peek(1))) Fail("mapping values are not allowed in this context");
    ExpectLineEnd();
    return value;
  }

  // ---- node properties

  Props Properties() {
    Props p;
    for (int i = 0; i < 2; ++i) {
      if (Peek() == '&') {
        Advance();
        p.anchor = Name();
        p.decoded_before = Decoded();
        SkipInlineSpace();
      } else if (Peek() == '!') {
        std::string tag;
        auto uri_char = [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 std::string_view("-_;/?:@&=+$,.!~*'()[]%").find(c) != std::string_view::npos;
        };
        while (!AtEnd() && uri_char(Peek())) {
          tag.push_back(Peek());
          Advance();
        }
        if (tag == "!!") Fail("did not find expected tag URI");
        if (tag.compare(0, 2, "!!") != 0 && tag.find('!', 1) != std::string::npos) {
          Fail("found undefined tag handle");  // only ! and !! exist without %TAG
        }
        if (!IsBlankOrEnd(Peek())) Fail("did not find expected whitespace or line break");
        p.has_tag = true;
        // go-yaml resolves only its standard scalar tags; any other tag (!, !!str, !Ref...)
        // leaves the scalar as a string.
        static constexpr std::string_view kResolvable[] = {"!!null", "!!bool", "!!int",
                                                           "!!float", "!!timestamp", "!!map",
                                                           "!!seq", "!!merge"};
        p.force_string = true;
        for (auto r : kResolvable) {
          if (tag == r) p.force_string = false;
        }
        SkipInlineSpace();
      }
    }
    return p;
  }

  // An anchor or alias name: go-yaml allows letters, digits, '_' and '-'.
  std::string Name() {
    std::string name;
    auto name_char = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || c == '-';
    };
    while (name_char(Peek())) {
      name.push_back(Peek());
      Advance();
    }
    if (name.empty() ||
        !(IsBlankOrEnd(Peek()) || std::string_view("?:,]}%@`").find(Peek()) != std::string_view::npos)) {
      Fail("did not find expected alphabetic or numeric character");
    }
    return name;
  }

  // A tagged node without content is an empty scalar: "" for a string tag.
  static Json TaggedEmpty(const Props& p, Json value) {
    if (value.is_null() && p.force_string) return Json("");
    return value;
  }

  Json Anchor(const Props& p, Json value) {
    if (!p.anchor.empty()) {
      anchors_[p.anchor] = value;
      anchor_costs_[p.anchor] = Decoded() - p.decoded_before;
    }
    return value;
  }

  Json Alias() {
    Advance();  // '*'
    std::string name = Name();
    auto it = anchors_.find(name);
    if (it == anchors_.end()) Fail(absl::StrCat("unknown anchor '", name, "' referenced"));
    Counted();  // the alias node
    aliased_ += anchor_costs_[name];
    CheckAliasing();  // before the copy is made
    return it->second;
  }

  // ---- scalars

  // A plain scalar; in block context it continues on lines indented deeper than `indent`.
  std::string PlainScalar(int indent, bool flow) {
    std::string out = PlainLine(flow);
    for (;;) {
      if (Peek() != '\n') break;
      Mark m = Save();
      int breaks = 0;
      while (Peek() == '\n' || IsBlank(Peek())) {
        if (Peek() == '\n') ++breaks;
        if (Peek() == '\t' && breaks > 0 && col_ < indent + 1) {
          Fail("found a tab character that violates indentation");
        }
        Advance();
      }
      bool more = !AtEnd() && Peek() != '#' && !AtAnyDocMarker() &&
                  (flow ? !IsFlowIndicator(Peek()) && Peek() != ':' : col_ > indent);
      if (!more) {
        Restore(m);
        break;
      }
      std::string next = PlainLine(flow);
      if (next.empty()) {
        Restore(m);
        break;
      }
      if (breaks == 1) {
        out.push_back(' ');
      } else {
        out.append(static_cast<size_t>(breaks - 1), '\n');
      }
      out += next;
    }
    return out;
  }

  // The rest of one line of a plain scalar, without trailing white space.
  std::string PlainLine(bool flow) {
    std::string s;
    char prev = ' ';
    while (!AtEnd() && Peek() != '\n') {
      char c = Peek();
      if (c == ':' && IsBlankOrEnd(Peek(1))) break;
      if (c == '#' && IsBlank(prev)) break;
      if (flow && (IsFlowIndicator(c) || c == '?')) break;
      s.push_back(c);
      prev = c;
      Advance();
    }
    while (!s.empty() && IsBlank(s.back())) s.pop_back();
    return s;
  }

  std::string QuotedScalar(bool single_line) {
    const char quote = Peek();
    Advance();
    std::string out, pending_space;
    for (;;) {
      if (AtEnd()) Fail("found unexpected end of stream");
      char c = Peek();
      if (quote == '\'' && c == '\'' && Peek(1) == '\'') {
        out += pending_space;
        pending_space.clear();
        out.push_back('\'');
        Advance(2);
        continue;
      }
      if (c == quote) {
        out += pending_space;
        Advance();
        return out;
      }
      if (IsBlank(c)) {
        pending_space.push_back(c);
        Advance();
        continue;
      }
      if (c == '\n') {
        if (single_line) Fail("found unexpected end of line in a quoted key");
        pending_space.clear();  // trailing white space of a line is not content
        int breaks = 0;
        while (Peek() == '\n' || IsBlank(Peek())) {
          if (Peek() == '\n') ++breaks;
          Advance();
        }
        if (AtAnyDocMarker()) Fail("found unexpected document indicator");
        if (breaks == 1) {
          out.push_back(' ');
        } else {
          out.append(static_cast<size_t>(breaks - 1), '\n');
        }
        continue;
      }
      out += pending_space;
      pending_space.clear();
      if (quote == '"' && c == '\\') {
        Escape(out);
        continue;
      }
      out.push_back(c);
      Advance();
    }
  }

  void Escape(std::string& out) {
    Advance();  // backslash
    char e = Peek();
    if (e == '\n') {  // an escaped line break joins the lines without a space
      Advance();
      while (IsBlank(Peek())) Advance();
      return;
    }
    int hex = 0;
    switch (e) {
      case '0': out.push_back('\0'); break;
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 't': case '\t': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case 'v': out.push_back('\v'); break;
      case 'f': out.push_back('\f'); break;
      case 'r': out.push_back('\r'); break;
      case 'e': out.push_back('\x1b'); break;
      case ' ': out.push_back(' '); break;
      case '"': out.push_back('"'); break;
      case '/': out.push_back('/'); break;
      case '\\': out.push_back('\\'); break;
      case 'N': out += "\xC2\x85"; break;
      case '_': out += "\xC2\xA0"; break;
      case 'L': out += "\xE2\x80\xA8"; break;
      case 'P': out += "\xE2\x80\xA9"; break;
      case 'x': hex = 2; break;
      case 'u': hex = 4; break;
      case 'U': hex = 8; break;
      default: Fail("found unknown escape character");
    }
    Advance();
    if (hex == 0) return;
    uint32_t r = 0;
    for (int i = 0; i < hex; ++i) {
      char h = Peek();
      int d;
      if (h >= '0' && h <= '9') d = h - '0';
      else if (h >= 'a' && h <= 'f') d = h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') d = h - 'A' + 10;
      else Fail("did not find expected hexdecimal number");
      r = r * 16 + static_cast<uint32_t>(d);
      Advance();
    }
    if ((r >= 0xD800 && r <= 0xDFFF) || r > 0x10FFFF) {
      Fail("found invalid Unicode character escape code");
    }
    gocompat::AppendRune(out, r);
  }


  // | and > scalars, following go-yaml's yaml_parser_scan_block_scalar. `indent` is the
  // enclosing block's indentation (-1 at the top).
  std::string BlockScalar(int indent) {
    const bool literal = Peek() == '|';
    Advance();
    int chomping = 0, increment = 0;
    auto chomp = [&] {
      if (Peek() == '+' || Peek() == '-') {
        chomping = Peek() == '+' ? 1 : -1;
        Advance();
      }
    };
    auto digit = [&] {
      if (Peek() >= '0' && Peek() <= '9') {
        if (Peek() == '0') Fail("found an indentation indicator equal to 0");
        increment = Peek() - '0';
        Advance();
      }
    };
    chomp();
    digit();
    if (chomping == 0) chomp();
    ExpectLineEnd();
    if (Peek() == '\n') Advance();

    int content_indent = 0;
    if (increment > 0) content_indent = indent >= 0 ? indent + increment : increment;
    std::string s, leading_break, trailing_breaks;
    bool leading_blank = false;
    BlockScalarBreaks(content_indent, trailing_breaks, indent);
    while (col_ == content_indent && !AtEnd()) {
      const bool trailing_blank = IsBlank(Peek());
      if (!literal && !leading_break.empty() && !leading_blank && !trailing_blank) {
        if (trailing_breaks.empty()) s.push_back(' ');
      } else {
        s += leading_break;
      }
      leading_break.clear();
      s += trailing_breaks;
      trailing_breaks.clear();
      leading_blank = IsBlank(Peek());
      while (!AtEnd() && Peek() != '\n') {
        s.push_back(Peek());
        Advance();
      }
      if (AtEnd()) break;
      leading_break.assign(1, '\n');
      Advance();
      BlockScalarBreaks(content_indent, trailing_breaks, indent);
    }
    if (chomping != -1) s += leading_break;
    if (chomping == 1) s += trailing_breaks;
    return s;
  }

  void BlockScalarBreaks(int& content_indent, std::string& breaks, int indent) {
    int max_indent = 0;
    for (;;) {
      while ((content_indent == 0 || col_ < content_indent) && Peek() == ' ') Advance();
      if (col_ > max_indent) max_indent = col_;
      if ((content_indent == 0 || col_ < content_indent) && Peek() == '\t') {
        Fail("found a tab character where an indentation space is expected");
      }
      if (Peek() != '\n') break;
      breaks.push_back('\n');
      Advance();
    }
    if (content_indent == 0) {
      content_indent = std::max({max_indent, indent + 1, 1});
    }
  }

  // ---- flow collections

  void SkipFlowSpace() {
    for (;;) {
      while (IsBlank(Peek()) || Peek() == '\n') Advance();
      if (Peek() == '#') {
        SkipComment();
        continue;
      }
      if (AtAnyDocMarker()) Fail("found unexpected document indicator");
      return;
    }
  }

  Json FlowNode() {
    Props props = Properties();
    char c = Peek();
    Json value;
    if (props.any() && (c == ',' || c == ']' || c == '}')) {
      value = TaggedEmpty(props, Json());
      Counted();
    } else if (c == '[' || c == '{') {
      value = FlowCollection();
    } else if (c == '"' || c == '\'') {
      value = Json(QuotedScalar(false));
      Counted();
    } else if (c == '*') {
      value = Alias();
    } else if (AtEnd() || (c == ':' && IsBlankOrEnd(Peek(1))) || IsFlowIndicator(c) ||
               c == '?') {
      Fail("did not find expected node content");
    } else if (std::string_view("|>%@`").find(c) != std::string_view::npos) {
      Fail("found character that cannot start any token");
    } else {
      value = PlainValue(PlainScalar(-1, /*flow=*/true), props);
      Counted();
    }
    return Anchor(props, std::move(value));
  }

  Json FlowCollection() {
    DepthGuard guard(this);
    Counted();
    const bool is_seq = Peek() == '[';
    const char close = is_seq ? ']' : '}';
    const char* unterminated =
        is_seq ? "did not find expected ',' or ']'" : "did not find expected ',' or '}'";
    Advance();
    Json out = is_seq ? Json::MakeArray() : Json::MakeObject();
    for (;;) {
      SkipFlowSpace();
      // Here an entry is due (the first, or one after a ','): libyaml parses a node, and
      // the end of the stream is no node ("a: [" and "[1," alike).
      if (AtEnd()) Fail("did not find expected node content");
      if (Peek() == close) {
        Advance();
        return out;
      }
      if (Peek() == ',') Fail("did not find expected node content");
      Json key = FlowNode();
      SkipFlowSpace();
      bool has_value = false;
      Json value;
      if (Peek() == ':') {
        Advance();
        SkipFlowSpace();
        has_value = true;
        if (Peek() != ',' && Peek() != close) {
          value = FlowNode();
        } else {
          Counted();  // an empty value
        }
        SkipFlowSpace();
      } else if (!is_seq) {
        Counted();  // {a}: a key without a value
      }
      if (is_seq) {
        if (has_value) {  // [a: b] is a sequence holding the mapping {a: b}
          Counted();
          Json pair = Json::MakeObject();
          std::optional<std::string> k = Key(key);
          if (!k) FailNullKey(value);
          pair.Set(*k, std::move(value));
          out.array().push_back(std::move(pair));
        } else {
          out.array().push_back(std::move(key));
        }
      } else {
        std::optional<std::string> k = Key(key);
        if (!k) FailNullKey(value);
        out.Set(*k, std::move(value));
      }
      if (Peek() == ',') {
        Advance();
      } else if (Peek() != close) {
        Fail(unterminated);
      }
    }
  }

  std::string in_;
  size_t pos_ = 0;
  int line_ = 1;
  int col_ = 0;
  int depth_ = 0;
  std::map<std::string, Json, std::less<>> anchors_;
  std::map<std::string, int64_t, std::less<>> anchor_costs_;  // decode steps of each anchor's node
  int64_t nodes_ = 0;    // nodes decoded, aliases counted once
  int64_t aliased_ = 0;  // decode steps spent inside aliases

};

std::string Normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<Json>> ParseYamlDocuments(std::string_view text) {
  try {
    Parser parser(Normalize(text));
    return parser.Stream();
  } catch (const YamlError& e) {
    return absl::InvalidArgumentError(FormatError(e));
  }
}

absl::StatusOr<Json> ParseYaml(std::string_view text) {
  auto docs = ParseYamlDocuments(text);
  if (!docs.ok()) return docs.status();
  if (docs->empty()) return Json();
  return std::move(docs->front());
}

}  // namespace k8sclient
