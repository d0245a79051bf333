#include "k8sclient/label_selector.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gocompat/strconv.h"
#include "k8sclient/json.h"
#include "k8sclient/validation.h"

namespace k8sclient {
namespace {

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
    if (std::vector<std::string> errs = IsQualifiedName(it.lit); !errs.empty()) {
      return Err(absl::StrCat("<nil>: Invalid value: ", Quote(it.lit), ": ",
                              absl::StrJoin(errs, "; ")));
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
      if (std::vector<std::string> msgs = IsValidLabelValue(r.values[i]); !msgs.empty()) {
        errs.push_back(absl::StrCat("values[", i, "]: Invalid value: ", Quote(r.values[i]), ": ",
                                    absl::StrJoin(msgs, "; ")));
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

}  // namespace

absl::StatusOr<std::vector<LabelRequirement>> ParseLabelSelector(std::string_view text) {
  Parser p(text);
  auto reqs = p.Parse();
  if (!reqs.ok()) return reqs.status();
  std::stable_sort(reqs->begin(), reqs->end(),
                   [](const LabelRequirement& a, const LabelRequirement& b) { return a.key < b.key; });
  return reqs;
}

}  // namespace k8sclient
