// semver and semverCompare: Masterminds/semver v3.2.0 (the version Sprig 3.2.3 pins), its
// loose parser, constraint language and error texts. Its regular expressions run on RE2, as
// Go's regexp would run them. A version is a *semver.Version object: templates read
// .Major, .Prerelease, call .Compare, .IncMinor and the rest.
#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gocompat/strconv.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {
namespace {

constexpr char kSemVer[] =
    R"(v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?)";
constexpr char kCv[] =
    R"(v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?)";
constexpr char kOps[] = R"(=||!=|>|<|>=|=>|<=|=<|~|~>|\^)";

const RE2& Re(const std::string& pattern) {
  // Compiled once each; the patterns are the library's own constants.
  static auto* cache = new std::vector<std::pair<std::string, std::unique_ptr<RE2>>>;
  for (auto& [p, re] : *cache) {
    if (p == pattern) return *re;
  }
  cache->emplace_back(pattern, std::make_unique<RE2>(pattern));
  return *cache->back().second;
}

// FindStringSubmatch: the groups (empty strings for groups that did not take part), or
// nothing.
bool Submatch(const RE2& re, std::string_view s, std::vector<std::string>* out) {
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> sub(static_cast<size_t>(n));
  if (!re.Match(re2::StringPiece(s.data(), s.size()), 0, s.size(), RE2::UNANCHORED, sub.data(), n)) return false;
  out->clear();
  for (const auto& g : sub) out->emplace_back(g.data() ? std::string(g.data(), g.size()) : std::string());
  return true;
}

struct Version {
  uint64_t major = 0, minor = 0, patch = 0;
  std::string pre, metadata, original;

  std::string String() const {
    std::string s = absl::StrCat(major, ".", minor, ".", patch);
    if (!pre.empty()) absl::StrAppend(&s, "-", pre);
    if (!metadata.empty()) absl::StrAppend(&s, "+", metadata);
    return s;
  }
  std::string VPrefix() const { return !original.empty() && original[0] == 'v' ? "v" : ""; }
};

bool ContainsOnly(absl::string_view s, std::string_view set) {
  for (char c : s) {
    if (set.find(c) == std::string_view::npos) return false;
  }
  return true;
}
constexpr std::string_view kNum = "0123456789";
constexpr std::string_view kAllowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789";

absl::Status ValidatePrerelease(std::string_view p) {
  for (absl::string_view part : absl::StrSplit(AV(p), '.')) {
    if (ContainsOnly(part, kNum)) {
      if (part.size() > 1 && part[0] == '0') return absl::InvalidArgumentError("Version segment starts with 0");
    } else if (!ContainsOnly(part, kAllowed)) {
      return absl::InvalidArgumentError("Invalid Prerelease string");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateMetadata(std::string_view m) {
  for (absl::string_view part : absl::StrSplit(AV(m), '.')) {
    if (!ContainsOnly(part, kAllowed)) return absl::InvalidArgumentError("Invalid Metadata string");
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Segment(std::string_view s) {
  auto n = gocompat::ParseUint(s, 10, 64);
  if (!n.ok()) return absl::InvalidArgumentError(absl::StrCat("Error parsing version segment: ", n.status().message()));
  return *n;
}

// semver.NewVersion.
absl::StatusOr<Version> NewVersion(std::string_view v) {
  std::vector<std::string> m;
  if (!Submatch(Re(absl::StrCat("^", kSemVer, "$")), v, &m)) return absl::InvalidArgumentError("Invalid Semantic Version");
  Version sv;
  sv.metadata = m[8];
  sv.pre = m[5];
  sv.original = std::string(v);
  auto major = Segment(m[1]);
  if (!major.ok()) return major.status();
  sv.major = *major;
  if (!m[2].empty()) {
    auto n = Segment(std::string_view(m[2]).substr(1));
    if (!n.ok()) return n.status();
    sv.minor = *n;
  }
  if (!m[3].empty()) {
    auto n = Segment(std::string_view(m[3]).substr(1));
    if (!n.ok()) return n.status();
    sv.patch = *n;
  }
  if (!sv.pre.empty()) {
    if (auto st = ValidatePrerelease(sv.pre); !st.ok()) return st;
  }
  if (!sv.metadata.empty()) {
    if (auto st = ValidateMetadata(sv.metadata); !st.ok()) return st;
  }
  return sv;
}

int CompareSegment(uint64_t a, uint64_t b) { return a < b ? -1 : a > b ? 1 : 0; }

int ComparePrePart(const std::string& s, const std::string& o) {
  if (s == o) return 0;
  if (s.empty()) return o.empty() ? 1 : -1;
  if (o.empty()) return 1;
  auto oi = gocompat::ParseUint(o, 10, 64);
  auto si = gocompat::ParseUint(s, 10, 64);
  if (!oi.ok() && !si.ok()) return s > o ? 1 : -1;
  if (!oi.ok()) return -1;
  if (!si.ok()) return 1;
  return *si > *oi ? 1 : -1;
}

int ComparePrerelease(const std::string& v, const std::string& o) {
  std::vector<std::string> sp = absl::StrSplit(v, '.'), op = absl::StrSplit(o, '.');
  size_t l = std::max(sp.size(), op.size());
  for (size_t i = 0; i < l; i++) {
    int d = ComparePrePart(i < sp.size() ? sp[i] : "", i < op.size() ? op[i] : "");
    if (d != 0) return d;
  }
  return 0;
}

int Compare(const Version& v, const Version& o) {
  if (int d = CompareSegment(v.major, o.major)) return d;
  if (int d = CompareSegment(v.minor, o.minor)) return d;
  if (int d = CompareSegment(v.patch, o.patch)) return d;
  if (v.pre.empty() && o.pre.empty()) return 0;
  if (v.pre.empty()) return 1;
  if (o.pre.empty()) return -1;
  return ComparePrerelease(v.pre, o.pre);
}

class VersionObject final : public Object {
 public:
  VersionObject(Version v, bool ptr) : v_(std::move(v)), ptr_(ptr) {}
  std::string TypeName() const override { return ptr_ ? "*semver.Version" : "semver.Version"; }
  std::string_view KindName() const override { return ptr_ ? "ptr" : "struct"; }
  std::string Format() const override { return v_.String(); }
  bool Equal(const Object& o) const override {
    auto* x = dynamic_cast<const VersionObject*>(&o);
    return x != nullptr && x->ptr_ == ptr_ && x->v_.major == v_.major && x->v_.minor == v_.minor &&
           x->v_.patch == v_.patch && x->v_.pre == v_.pre && x->v_.metadata == v_.metadata &&
           x->v_.original == v_.original;
  }
  absl::StatusOr<std::string> MarshalJson() const override { return ToJson(Value(v_.String())); }
  const Version& version() const { return v_; }

  absl::StatusOr<Value> Member(std::string_view name, absl::Span<const Value> args) const override {
    auto call = [&](std::initializer_list<P> params) { return CheckCall(name, args, params); };
    auto u64 = [](uint64_t n) { return Value(static_cast<int64_t>(n), Value::IntType::kUint64); };
    auto next = [this](Version n) {
      n.original = v_.VPrefix() + n.String();
      return Value::Obj(std::make_shared<VersionObject>(std::move(n), false));
    };
    // Methods on *Version only: a Version value (what IncMajor returns) lacks them.
    bool ptr_only = name == "Original" || name == "LessThan" || name == "GreaterThan" ||
                    name == "Equal" || name == "Compare";
    if (ptr_only && !ptr_) return absl::NotFoundError(AV(name));
    if (name == "Major" || name == "Minor" || name == "Patch") {
      if (auto st = call({}); !st.ok()) return st;
      return u64(name == "Major" ? v_.major : name == "Minor" ? v_.minor : v_.patch);
    }
    if (name == "Prerelease" || name == "Metadata" || name == "Original" || name == "String") {
      if (auto st = call({}); !st.ok()) return st;
      return Value(name == "Prerelease" ? v_.pre : name == "Metadata" ? v_.metadata
                                                 : name == "Original" ? v_.original : v_.String());
    }
    if (name == "IncPatch" || name == "IncMinor" || name == "IncMajor") {
      if (auto st = call({}); !st.ok()) return st;
      Version n = v_;
      n.metadata.clear();
      if (name == "IncPatch") {
        if (v_.pre.empty()) n.patch++;
        n.pre.clear();
      } else {
        n.pre.clear();
        n.patch = 0;
        if (name == "IncMinor") {
          n.minor++;
        } else {
          n.minor = 0;
          n.major++;
        }
      }
      return next(std::move(n));
    }
    if (name == "SetPrerelease" || name == "SetMetadata") {
      if (auto st = call({P::kString}); !st.ok()) return st;
      const std::string& s = args[0].as_string();
      bool pre = name == "SetPrerelease";
      if (!s.empty()) {
        if (auto st = pre ? ValidatePrerelease(s) : ValidateMetadata(s); !st.ok()) return absl::UnknownError(st.message());
      }
      Version n = v_;
      (pre ? n.pre : n.metadata) = s;
      return next(std::move(n));
    }
    if (name == "LessThan" || name == "GreaterThan" || name == "Equal" || name == "Compare") {
      if (auto st = call({P::kAny}); !st.ok()) return st;
      auto* o = args[0].is_object() ? dynamic_cast<const VersionObject*>(&args[0].as_object()) : nullptr;
      if (o == nullptr || !o->ptr_) return ArgTypeError(0, "*semver.Version", args[0]);
      int c = Compare(v_, o->v_);
      if (name == "Compare") return Value(c);
      return Value(name == "LessThan" ? c < 0 : name == "GreaterThan" ? c > 0 : c == 0);
    }
    if (name == "major" || name == "minor" || name == "patch" || name == "pre" || name == "metadata" ||
        name == "original") {
      return absl::NotFoundError("unexported");
    }
    return absl::NotFoundError(AV(name));
  }

 private:
  Version v_;
  bool ptr_;
};

// ---- constraints ----

struct Constraint {
  Version con;
  std::string orig, origfunc;
  bool minor_dirty = false, dirty = false, patch_dirty = false;
};

bool IsX(std::string_view x) { return x == "x" || x == "*" || x == "X"; }

absl::StatusOr<Constraint> ParseConstraint(std::string_view c) {
  Constraint cs;
  if (c.empty()) {
    cs.orig = "";
    cs.dirty = true;
    return cs;
  }
  std::vector<std::string> m;
  if (!Submatch(Re(absl::StrCat(R"(^\s*()", kOps, R"()\s*()", kCv, R"()\s*$)")), c, &m)) {
    return absl::InvalidArgumentError(absl::StrCat("improper constraint: ", AV(c)));
  }
  cs.orig = m[2];
  cs.origfunc = m[1];
  std::string ver = m[2];
  auto trim_dot = [](const std::string& s) { return s.empty() ? s : s.substr(1); };
  if (IsX(m[3]) || m[3].empty()) {
    ver = "0.0.0" + m[6];
    cs.dirty = true;
  } else if (IsX(trim_dot(m[4])) || m[4].empty()) {
    cs.minor_dirty = cs.dirty = true;
    ver = m[3] + ".0.0" + m[6];
  } else if (IsX(trim_dot(m[5])) || m[5].empty()) {
    cs.dirty = cs.patch_dirty = true;
    ver = m[3] + m[4] + ".0" + m[6];
  }
  auto con = NewVersion(ver);
  if (!con.ok()) return absl::InvalidArgumentError("constraint Parser Error");
  cs.con = *std::move(con);
  return cs;
}

// constraint.check's boolean (the error texts only explain a false).
bool Check(const Version& v, const Constraint& c) {
  const std::string& op = c.origfunc;
  bool pre_block = !v.pre.empty() && c.con.pre.empty();
  auto tilde = [&]() {
    if (Compare(v, c.con) < 0) return false;
    if (c.con.major == 0 && c.con.minor == 0 && c.con.patch == 0 && !c.minor_dirty && !c.patch_dirty) return true;
    if (v.major != c.con.major) return false;
    if (v.minor != c.con.minor && !c.minor_dirty) return false;
    return true;
  };
  if (op == "!=") {
    if (c.dirty) {
      if (pre_block) return false;
      if (c.con.major != v.major) return true;
      if (c.con.minor != v.minor && !c.minor_dirty) return true;
      if (c.minor_dirty) return false;
      if (c.con.patch != v.patch && !c.patch_dirty) return true;
      if (c.patch_dirty) {
        if (!v.pre.empty() || !c.con.pre.empty()) return ComparePrerelease(v.pre, c.con.pre) != 0;
        return false;
      }
    }
    return Compare(v, c.con) != 0;
  }
  if (pre_block) return false;
  if (op == ">") {
    if (!c.dirty) return Compare(v, c.con) == 1;
    if (v.major > c.con.major) return true;
    if (v.major < c.con.major) return false;
    if (c.minor_dirty) return false;
    if (c.patch_dirty) return v.minor > c.con.minor;
    return Compare(v, c.con) == 1;
  }
  if (op == "<") return Compare(v, c.con) < 0;
  if (op == ">=" || op == "=>") return Compare(v, c.con) >= 0;
  if (op == "<=" || op == "=<") {
    if (!c.dirty) return Compare(v, c.con) <= 0;
    if (v.major > c.con.major) return false;
    if (v.major == c.con.major && v.minor > c.con.minor && !c.minor_dirty) return false;
    return true;
  }
  if (op == "~" || op == "~>") return tilde();
  if (op == "" || op == "=") return c.dirty ? tilde() : Compare(v, c.con) == 0;
  // ^
  if (Compare(v, c.con) < 0) return false;
  if (c.con.major > 0 || c.minor_dirty) return v.major == c.con.major;
  if (c.con.major == 0 && v.major > 0) return false;
  if (c.con.minor > 0 || c.patch_dirty) return v.minor == c.con.minor;
  if (c.con.minor == 0 && v.minor > 0) return false;
  return c.con.patch == v.patch;
}

// semver.NewConstraint: "a - b" ranges rewritten, || alternatives of comma/space lists.
absl::StatusOr<std::vector<std::vector<Constraint>>> NewConstraint(std::string c) {
  {
    const RE2& range = Re(absl::StrCat(R"(\s*()", kCv, R"()\s+-\s+()", kCv, R"()\s*)"));
    std::vector<std::vector<std::string>> found;
    // FindAllStringSubmatch, then one replacement each, as rewriteRange does.
    std::string s = c;
    size_t pos = 0;
    int n = range.NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> sub(static_cast<size_t>(n));
    while (pos <= s.size() &&
           range.Match(re2::StringPiece(s), pos, s.size(), RE2::UNANCHORED, sub.data(), n)) {
      std::vector<std::string> g;
      for (const auto& x : sub) g.emplace_back(x.data() ? std::string(x.data(), x.size()) : std::string());
      size_t end = static_cast<size_t>(sub[0].data() - s.data()) + sub[0].size();
      pos = sub[0].empty() ? end + 1 : end;
      found.push_back(std::move(g));
    }
    for (const auto& v : found) {
      size_t at = c.find(v[0]);
      if (at != std::string::npos) c.replace(at, v[0].size(), absl::StrCat(">= ", v[1], ", <= ", v[11]));
    }
  }
  const RE2& valid = Re(absl::StrCat(R"(^(\s*()", kOps, R"()\s*()", kCv, R"()\s*)((?:\s+|,\s*)()", kOps,
                                     R"()\s*()", kCv, R"()\s*)*$)"));
  const RE2& find = Re(absl::StrCat("(", kOps, R"()\s*()", kCv, ")"));
  std::vector<std::vector<Constraint>> out;
  for (absl::string_view apart : absl::StrSplit(c, "||")) {
    std::string_view part(apart.data(), apart.size());
    if (!RE2::PartialMatch(re2::StringPiece(part.data(), part.size()), valid)) {
      return absl::InvalidArgumentError(absl::StrCat("improper constraint: ", AV(part)));
    }
    std::vector<std::string> cs;
    size_t pos = 0;
    re2::StringPiece whole(part.data(), part.size());
    re2::StringPiece m0;
    long prev_end = -1;
    while (pos <= part.size() && find.Match(whole, pos, part.size(), RE2::UNANCHORED, &m0, 1)) {
      size_t a = static_cast<size_t>(m0.data() - part.data()), b = a + m0.size();
      bool accept = true;
      if (b == pos) {
        if (static_cast<long>(a) == prev_end) accept = false;
        pos++;
      } else {
        pos = b;
      }
      prev_end = static_cast<long>(b);
      if (accept) cs.emplace_back(m0.data(), m0.size());
    }
    if (cs.empty()) cs.emplace_back(part);
    std::vector<Constraint> and_list;
    for (const std::string& s : cs) {
      auto pc = ParseConstraint(s);
      if (!pc.ok()) return pc.status();
      and_list.push_back(*std::move(pc));
    }
    out.push_back(std::move(and_list));
  }
  return out;
}

}  // namespace

void AddSemverFuncs(FuncMap& m) {
  m["semver"] = Typed({P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto v = NewVersion(args[0].as_string());
    if (!v.ok()) return absl::UnknownError(v.status().message());
    return Value::Obj(std::make_shared<VersionObject>(*std::move(v), true));
  });
  m["semverCompare"] = Typed({P::kString, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto cs = NewConstraint(args[0].as_string());
    if (!cs.ok()) return absl::UnknownError(cs.status().message());
    auto v = NewVersion(args[1].as_string());
    if (!v.ok()) return absl::UnknownError(v.status().message());
    for (const auto& and_list : *cs) {
      bool all = true;
      for (const Constraint& c : and_list) all = all && Check(*v, c);
      if (all) return Value(true);
    }
    return Value(false);
  });
}

}  // namespace templating::sprig
