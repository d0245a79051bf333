#include "k8sclient/labels.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gocompat/strconv.h"

namespace k8s {
namespace {

constexpr char kQualifiedNameMsg[] =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
constexpr char kDns1123SubdomainMsg[] =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
constexpr char kLabelValueMsg[] =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], the shape of label names and values.
bool IsQualifiedToken(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return IsAlnum(c) || c == '-' || c == '_' || c == '.'; });
}

bool IsDns1123Label(std::string_view s) {
  auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (s.empty() || !lower_alnum(s.front()) || !lower_alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return lower_alnum(c) || c == '-'; });
}

bool IsDns1123Subdomain(std::string_view s) {
  if (s.empty()) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    if (!IsDns1123Label(s.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// field.Invalid prints the value with %q.
using gocompat::Quote;

// --- the label selector lexer and parser, token for token as apimachinery's ---

enum class Tok {
  kError, kEnd, kClosePar, kComma, kNot, kDoubleEquals, kEquals, kGt, kIdent, kIn, kLt,
  kNotEquals, kNotIn, kOpenPar
};

struct Item {
  Tok tok;
  std::string lit;
};

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsSpecial(char c) {
  switch (c) {
    case '=': case '!': case '(': case ')': case ',': case '>': case '<':
      return true;
    default:
      return false;
  }
}

bool LookupToken(std::string_view s, Tok& tok) {
  static const std::pair<std::string_view, Tok> kTokens[] = {
      {")", Tok::kClosePar}, {",", Tok::kComma},     {"!", Tok::kNot},
      {"==", Tok::kDoubleEquals}, {"=", Tok::kEquals}, {">", Tok::kGt},
      {"in", Tok::kIn},      {"<", Tok::kLt},        {"!=", Tok::kNotEquals},
      {"notin", Tok::kNotIn}, {"(", Tok::kOpenPar},
  };
  for (const auto& [text, t] : kTokens) {
    if (text == s) {
      tok = t;
      return true;
    }
  }
  return false;
}

std::vector<Item> Scan(std::string_view s) {
  std::vector<Item> items;
  size_t pos = 0;
  // Go's lexer reads a 0 byte as the end of input, and so do we.
  auto at_end = [&] { return pos >= s.size() || s[pos] == '\0'; };
  while (true) {
    while (!at_end() && IsWhitespace(s[pos])) ++pos;
    if (at_end()) {
      items.push_back({Tok::kEnd, ""});
      return items;
    }
    if (IsSpecial(s[pos])) {
      std::string buf;
      Item last{Tok::kError, ""};
      bool have = false;
      while (!at_end() && IsSpecial(s[pos])) {
        buf.push_back(s[pos]);
        Tok t;
        if (LookupToken(buf, t)) {
          last = {t, buf};
          have = true;
          ++pos;
        } else if (have) {
          break;
        } else {
          ++pos;
        }
      }
      if (!have) last = {Tok::kError, absl::StrCat("error expected: keyword found '", buf, "'")};
      items.push_back(std::move(last));
    } else {
      std::string buf;
      while (!at_end() && !IsSpecial(s[pos]) && !IsWhitespace(s[pos])) buf.push_back(s[pos++]);
      Tok t;
      if (!LookupToken(buf, t)) t = Tok::kIdent;
      items.push_back({t, std::move(buf)});
    }
  }
}

class Parser {
 public:
  explicit Parser(std::string_view s) : items_(Scan(s)) {}

  absl::StatusOr<std::vector<LabelRequirement>> Parse() {
    std::vector<LabelRequirement> reqs;
    while (true) {
      Item it = Lookahead(true);
      switch (it.tok) {
        case Tok::kIdent:
        case Tok::kNot: {
          auto r = ParseRequirement();
          if (!r.ok()) return Err(absl::StrCat("unable to parse requirement: ", r.status().message()));
          reqs.push_back(*std::move(r));
          Item t = Consume(true);
          if (t.tok == Tok::kEnd) return reqs;
          if (t.tok == Tok::kComma) {
            Item t2 = Lookahead(true);
            if (t2.tok != Tok::kIdent && t2.tok != Tok::kNot) {
              return Err(absl::StrCat("found '", t2.lit, "', expected: identifier after ','"));
            }
            break;
          }
          return Err(absl::StrCat("found '", t.lit, "', expected: ',' or 'end of string'"));
        }
        case Tok::kEnd:
          return reqs;
        default:
          return Err(absl::StrCat("found '", it.lit,
                                  "', expected: !, identifier, or 'end of string'"));
      }
    }
  }

 private:
  static absl::Status Err(std::string msg) { return absl::InvalidArgumentError(msg); }

  // In a value position `in` and `notin` are plain identifiers (`x in (in)`).
  Item Lookahead(bool values) const { return Adjust(items_[pos_], values); }
  Item Consume(bool values) { return Adjust(items_[pos_++], values); }
  static Item Adjust(Item it, bool values) {
    if (values && (it.tok == Tok::kIn || it.tok == Tok::kNotIn)) it.tok = Tok::kIdent;
    return it;
  }

  absl::StatusOr<LabelRequirement> ParseRequirement() {
    LabelRequirement r;
    Item it = Consume(true);
    bool not_exists = false;
    if (it.tok == Tok::kNot) {
      not_exists = true;
      it = Consume(true);
    }
    if (it.tok != Tok::kIdent) return Err(absl::StrCat("found '", it.lit, "', expected: identifier"));
    if (std::string msg = ValidateLabelKey(it.lit); !msg.empty()) {
      return Err(absl::StrCat("<nil>: Invalid value: ", Quote(it.lit), ": ", msg));
    }
    r.key = it.lit;
    Tok next = Lookahead(true).tok;
    if (not_exists || next == Tok::kEnd || next == Tok::kComma) {
      // `!key` followed by anything but the end or a comma is caught by the caller.
      r.op = not_exists ? LabelRequirement::Op::kDoesNotExist : LabelRequirement::Op::kExists;
      return r;
    }
    Item op = Consume(false);
    switch (op.tok) {
      case Tok::kIn: r.op = LabelRequirement::Op::kIn; break;
      case Tok::kEquals: r.op = LabelRequirement::Op::kEquals; break;
      case Tok::kDoubleEquals: r.op = LabelRequirement::Op::kDoubleEquals; break;
      case Tok::kGt: r.op = LabelRequirement::Op::kGt; break;
      case Tok::kLt: r.op = LabelRequirement::Op::kLt; break;
      case Tok::kNotIn: r.op = LabelRequirement::Op::kNotIn; break;
      case Tok::kNotEquals: r.op = LabelRequirement::Op::kNotEquals; break;
      default:
        return Err(absl::StrCat("found '", op.lit, "', expected: in, notin, =, ==, !=, gt, lt"));
    }
    absl::Status st = (r.op == LabelRequirement::Op::kIn || r.op == LabelRequirement::Op::kNotIn)
                          ? ParseValues(r.values)
                          : ParseExactValue(r.values);
    if (!st.ok()) return st;
    std::sort(r.values.begin(), r.values.end());
    r.values.erase(std::unique(r.values.begin(), r.values.end()), r.values.end());
    std::vector<std::string> errs;
    if (r.op == LabelRequirement::Op::kGt || r.op == LabelRequirement::Op::kLt) {
      for (size_t i = 0; i < r.values.size(); ++i) {
        const std::string& v = r.values[i];
        if (!gocompat::ParseInt(v, 10, 64).ok()) {
          errs.push_back(absl::StrCat("values[", i, "]: Invalid value: ", Quote(v),
                                      ": for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      }
    }
    for (size_t i = 0; i < r.values.size(); ++i) {
      if (std::string msg = ValidateLabelValue(r.values[i]); !msg.empty()) {
        errs.push_back(
            absl::StrCat("values[", i, "]: Invalid value: ", Quote(r.values[i]), ": ", msg));
      }
    }
    if (errs.size() == 1) return Err(errs[0]);
    if (!errs.empty()) return Err(absl::StrCat("[", absl::StrJoin(errs, ", "), "]"));
    return r;
  }

  absl::Status ParseValues(std::vector<std::string>& out) {
    Item it = Consume(true);
    if (it.tok != Tok::kOpenPar) return Err(absl::StrCat("found '", it.lit, "' expected: '('"));
    it = Lookahead(true);
    switch (it.tok) {
      case Tok::kIdent:
      case Tok::kComma: {
        if (absl::Status st = ParseIdentifiersList(out); !st.ok()) return st;
        if (Consume(true).tok != Tok::kClosePar) {
          return Err(absl::StrCat("found '", it.lit, "', expected: ')'"));
        }
        return absl::OkStatus();
      }
      case Tok::kClosePar:
        Consume(true);
        out.push_back("");
        return absl::OkStatus();
      default:
        return Err(absl::StrCat("found '", it.lit, "', expected: ',', ')' or identifier"));
    }
  }

  absl::Status ParseIdentifiersList(std::vector<std::string>& out) {
    while (true) {
      Item it = Consume(true);
      if (it.tok == Tok::kIdent) {
        out.push_back(it.lit);
        Item next = Lookahead(true);
        if (next.tok == Tok::kComma) continue;
        if (next.tok == Tok::kClosePar) return absl::OkStatus();
        return Err(absl::StrCat("found '", next.lit, "', expected: ',' or ')'"));
      }
      if (it.tok == Tok::kComma) {
        if (out.empty()) out.push_back("");
        Tok next = Lookahead(true).tok;
        if (next == Tok::kClosePar) {
          out.push_back("");
          return absl::OkStatus();
        }
        if (next == Tok::kComma) {
          Consume(true);
          out.push_back("");
        }
        continue;
      }
      return Err(absl::StrCat("found '", it.lit, "', expected: ',', or identifier"));
    }
  }

  absl::Status ParseExactValue(std::vector<std::string>& out) {
    Tok next = Lookahead(true).tok;
    if (next == Tok::kEnd || next == Tok::kComma) {
      out.push_back("");
      return absl::OkStatus();
    }
    Item it = Consume(true);
    if (it.tok == Tok::kIdent) {
      out.push_back(it.lit);
      return absl::OkStatus();
    }
    return Err(absl::StrCat("found '", it.lit, "', expected: identifier"));
  }

  std::vector<Item> items_;
  size_t pos_ = 0;
};

// strconv.ParseInt(s, 10, 64).
bool ParseInt64(const std::string& s, int64_t& out) {
  absl::StatusOr<int64_t> v = gocompat::ParseInt(s, 10, 64);
  if (v.ok()) out = *v;
  return v.ok();
}

bool RequirementMatches(const LabelRequirement& r, const Json& labels) {
  const Json* v = labels.Find(r.key);
  bool has = v != nullptr;
  std::string value = (v != nullptr && v->is_string()) ? v->as_string() : std::string();
  auto has_value = [&] { return std::find(r.values.begin(), r.values.end(), value) != r.values.end(); };
  using Op = LabelRequirement::Op;
  switch (r.op) {
    case Op::kIn:
    case Op::kEquals:
    case Op::kDoubleEquals:
      return has && has_value();
    case Op::kNotIn:
    case Op::kNotEquals:
      return !has || !has_value();
    case Op::kExists:
      return has;
    case Op::kDoesNotExist:
      return !has;
    case Op::kGt:
    case Op::kLt: {
      int64_t lhs = 0, rhs = 0;
      if (!has || r.values.size() != 1 || !ParseInt64(value, lhs) || !ParseInt64(r.values[0], rhs)) {
        return false;
      }
      return r.op == Op::kGt ? lhs > rhs : lhs < rhs;
    }
  }
  return false;
}

// Splits on commas not preceded by a backslash escape (fields.splitTerms).
std::vector<std::string> SplitTerms(std::string_view s) {
  std::vector<std::string> terms;
  if (s.empty()) return terms;
  std::string cur;
  bool escaped = false;
  for (char c : s) {
    if (escaped) {
      escaped = false;
      cur.push_back(c);
    } else if (c == '\\') {
      escaped = true;
      cur.push_back(c);
    } else if (c == ',') {
      terms.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  terms.push_back(std::move(cur));
  return terms;
}

absl::StatusOr<std::string> UnescapeFieldValue(std::string_view s) {
  if (s.find_first_of("\\=,") == std::string_view::npos) return std::string(s);
  std::string out;
  bool escaped = false;
  for (char c : s) {
    if (escaped) {
      if (c != '\\' && c != ',' && c != '=') {
        return absl::InvalidArgumentError(
            absl::StrCat("invalid field selector: invalid escape sequence: \\", std::string(1, c)));
      }
      out.push_back(c);
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == ',' || c == '=') {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid field selector: unescaped character in value: ", std::string(1, c)));
    } else {
      out.push_back(c);
    }
  }
  if (escaped) {
    return absl::InvalidArgumentError("invalid field selector: invalid escape sequence: \\");
  }
  return out;
}

}  // namespace

std::string ValidateLabelKey(std::string_view key) {
  std::vector<std::string> errs;
  std::string_view name = key;
  size_t slashes = std::count(key.begin(), key.end(), '/');
  if (slashes > 1) {
    return absl::StrCat("a qualified name ", kQualifiedNameMsg,
                        " with an optional DNS subdomain prefix and '/' (e.g. "
                        "'example.com/MyName')");
  }
  if (slashes == 1) {
    size_t slash = key.find('/');
    std::string_view prefix = key.substr(0, slash);
    name = key.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      if (prefix.size() > 253) errs.push_back("prefix part must be no more than 253 characters");
      if (!IsDns1123Subdomain(prefix)) errs.push_back(absl::StrCat("prefix part ", kDns1123SubdomainMsg));
    }
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
  } else if (name.size() > 63) {
    errs.push_back("name part must be no more than 63 characters");
  }
  if (!IsQualifiedToken(name)) errs.push_back(absl::StrCat("name part ", kQualifiedNameMsg));
  return absl::StrJoin(errs, "; ");
}

std::string ValidateLabelValue(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > 63) errs.push_back("must be no more than 63 characters");
  if (!value.empty() && !IsQualifiedToken(value)) errs.push_back(kLabelValueMsg);
  return absl::StrJoin(errs, "; ");
}

absl::StatusOr<LabelSelector> LabelSelector::Parse(std::string_view text) {
  Parser p(text);
  auto reqs = p.Parse();
  if (!reqs.ok()) return reqs.status();
  LabelSelector sel;
  sel.reqs_ = *std::move(reqs);
  std::stable_sort(sel.reqs_.begin(), sel.reqs_.end(),
                   [](const LabelRequirement& a, const LabelRequirement& b) { return a.key < b.key; });
  return sel;
}

bool LabelSelector::Matches(const Json& labels) const {
  for (const auto& r : reqs_) {
    if (!RequirementMatches(r, labels)) return false;
  }
  return true;
}

bool LabelSelector::MatchesObject(const Json& object) const {
  const Json* labels = object.Path("metadata.labels");
  static const Json kNone;
  return Matches(labels != nullptr ? *labels : kNone);
}

std::string LabelSelector::String() const {
  std::vector<std::string> parts;
  using Op = LabelRequirement::Op;
  for (const auto& r : reqs_) {
    std::string s = r.op == Op::kDoesNotExist ? "!" + r.key : r.key;
    std::string vals = absl::StrJoin(r.values, ",");
    switch (r.op) {
      case Op::kEquals: s += "=" + vals; break;
      case Op::kDoubleEquals: s += "==" + vals; break;
      case Op::kNotEquals: s += "!=" + vals; break;
      case Op::kIn: s += " in (" + vals + ")"; break;
      case Op::kNotIn: s += " notin (" + vals + ")"; break;
      case Op::kGt: s += ">" + vals; break;
      case Op::kLt: s += "<" + vals; break;
      case Op::kExists:
      case Op::kDoesNotExist: break;
    }
    parts.push_back(std::move(s));
  }
  return absl::StrJoin(parts, ",");
}

absl::StatusOr<FieldSelector> FieldSelector::Parse(std::string_view text) {
  std::vector<std::string> terms = SplitTerms(text);
  std::sort(terms.begin(), terms.end());
  FieldSelector sel;
  for (const std::string& term : terms) {
    if (term.empty()) continue;
    auto fail = [&] {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid selector: '", std::string(text), "'; can't understand '", term, "'"));
    };
    size_t op_at = std::string::npos, op_len = 0;
    bool negate = false, escaped = false;
    for (size_t i = 0; i < term.size() && op_at == std::string::npos; ++i) {
      if (escaped) {
        escaped = false;
        continue;
      }
      if (term[i] == '\\') {
        escaped = true;
        continue;
      }
      std::string_view rest = std::string_view(term).substr(i);
      for (std::string_view op : {"!=", "==", "="}) {
        if (rest.substr(0, op.size()) == op) {
          op_at = i;
          op_len = op.size();
          negate = op == "!=";
          break;
        }
      }
    }
    if (op_at == std::string::npos) return fail();
    auto value = UnescapeFieldValue(std::string_view(term).substr(op_at + op_len));
    if (!value.ok()) return value.status();
    sel.reqs_.push_back({term.substr(0, op_at), negate, *std::move(value)});
  }
  return sel;
}

bool FieldSelector::Matches(const Json& object) const {
  for (const auto& r : reqs_) {
    const Json* v = object.Path(r.field);
    std::string value;
    if (v != nullptr) {
      if (v->is_string()) {
        value = v->as_string();
      } else if (v->is_bool()) {
        value = v->as_bool() ? "true" : "false";
      } else if (v->is_number()) {
        value = v->Dump();
      }
    }
    if ((value == r.value) == r.negate) return false;
  }
  return true;
}

}  // namespace k8s
