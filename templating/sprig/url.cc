// urlParse and urlJoin: Go 1.19's net/url (Parse, URL.String and their escaping rules),
// with Sprig's dictionary of parts and its panics.
#include <string>

#include "absl/strings/str_cat.h"
#include "gocompat/strconv.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {
namespace {

enum class Mode { kPath, kPathSegment, kHost, kZone, kUserPassword, kQueryComponent, kFragment };

bool IsAlnumByte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
unsigned char Unhex(char c) {
  return static_cast<unsigned char>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
}

bool ShouldEscape(unsigned char c, Mode mode) {
  if (IsAlnumByte(c)) return false;
  if (mode == Mode::kHost || mode == Mode::kZone) {
    if (std::string_view("!$&'()*+,;=:[]<>\"").find(static_cast<char>(c)) != std::string_view::npos) return false;
  }
  if (c == '-' || c == '_' || c == '.' || c == '~') return false;
  if (std::string_view("$&+,/:;=?@").find(static_cast<char>(c)) != std::string_view::npos) {
    switch (mode) {
      case Mode::kPath: return c == '?';
      case Mode::kPathSegment: return c == '/' || c == ';' || c == ',' || c == '?';
      case Mode::kUserPassword: return c == '@' || c == '/' || c == '?' || c == ':';
      case Mode::kQueryComponent: return true;
      case Mode::kFragment: return false;
      default: break;
    }
  }
  if (mode == Mode::kFragment && (c == '!' || c == '(' || c == ')' || c == '*')) return false;
  return true;
}

absl::StatusOr<std::string> Unescape(std::string_view s, Mode mode) {
  size_t n = 0;
  bool has_plus = false;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '%') {
      n++;
      if (i + 2 >= s.size() || !IsHex(s[i + 1]) || !IsHex(s[i + 2])) {
        return absl::InvalidArgumentError("invalid URL escape " + gocompat::Quote(s.substr(i, 3)));
      }
      if (mode == Mode::kHost && Unhex(s[i + 1]) < 8 && s.substr(i, 3) != "%25") {
        return absl::InvalidArgumentError("invalid URL escape " + gocompat::Quote(s.substr(i, 3)));
      }
      if (mode == Mode::kZone) {
        unsigned char v = static_cast<unsigned char>(Unhex(s[i + 1]) << 4 | Unhex(s[i + 2]));
        if (s.substr(i, 3) != "%25" && v != ' ' && ShouldEscape(v, Mode::kHost)) {
          return absl::InvalidArgumentError("invalid URL escape " + gocompat::Quote(s.substr(i, 3)));
        }
      }
      i += 3;
    } else if (c == '+') {
      has_plus = mode == Mode::kQueryComponent;
      i++;
    } else {
      if ((mode == Mode::kHost || mode == Mode::kZone) && static_cast<unsigned char>(c) < 0x80 &&
          ShouldEscape(static_cast<unsigned char>(c), mode)) {
        return absl::InvalidArgumentError(absl::StrCat("invalid character ", gocompat::Quote(s.substr(i, 1)), " in host name"));
      }
      i++;
    }
  }
  if (n == 0 && !has_plus) return std::string(s);
  std::string t;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '%') {
      t.push_back(static_cast<char>(Unhex(s[i + 1]) << 4 | Unhex(s[i + 2])));
      i += 2;
    } else if (s[i] == '+') {
      t.push_back(mode == Mode::kQueryComponent ? ' ' : '+');
    } else {
      t.push_back(s[i]);
    }
  }
  return t;
}

std::string Escape(std::string_view s, Mode mode) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string t;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == ' ' && mode == Mode::kQueryComponent) {
      t.push_back('+');
    } else if (ShouldEscape(c, mode)) {
      t.push_back('%');
      t.push_back(kHex[c >> 4]);
      t.push_back(kHex[c & 15]);
    } else {
      t.push_back(ch);
    }
  }
  return t;
}

bool ValidEncoded(std::string_view s, Mode mode) {
  for (char c : s) {
    if (std::string_view("!$&'()*+,;=:@[]%").find(c) != std::string_view::npos) continue;
    if (ShouldEscape(static_cast<unsigned char>(c), mode)) return false;
  }
  return true;
}

bool ValidOptionalPort(std::string_view port) {
  if (port.empty()) return true;
  if (port[0] != ':') return false;
  for (char b : port.substr(1)) {
    if (b < '0' || b > '9') return false;
  }
  return true;
}

struct User {
  bool set = false;
  std::string username, password;
  bool password_set = false;
  std::string String() const {
    std::string s = Escape(username, Mode::kUserPassword);
    if (password_set) absl::StrAppend(&s, ":", Escape(password, Mode::kUserPassword));
    return s;
  }
};

struct Url {
  std::string scheme, opaque, host, path, raw_path, raw_query, fragment, raw_fragment;
  User user;
  bool force_query = false, omit_host = false;

  std::string EscapedPath() const {
    if (!raw_path.empty() && ValidEncoded(raw_path, Mode::kPath)) {
      auto p = Unescape(raw_path, Mode::kPath);
      if (p.ok() && *p == path) return raw_path;
    }
    if (path == "*") return "*";
    return Escape(path, Mode::kPath);
  }
  std::string EscapedFragment() const {
    if (!raw_fragment.empty() && ValidEncoded(raw_fragment, Mode::kFragment)) {
      auto f = Unescape(raw_fragment, Mode::kFragment);
      if (f.ok() && *f == fragment) return raw_fragment;
    }
    return Escape(fragment, Mode::kFragment);
  }
  std::string String() const {
    std::string buf;
    if (!scheme.empty()) absl::StrAppend(&buf, scheme, ":");
    if (!opaque.empty()) {
      buf += opaque;
    } else {
      if (!scheme.empty() || !host.empty() || user.set) {
        if (!(omit_host && host.empty() && !user.set)) {
          if (!host.empty() || !path.empty() || user.set) buf += "//";
          if (user.set) absl::StrAppend(&buf, user.String(), "@");
          if (!host.empty()) buf += Escape(host, Mode::kHost);
        }
      }
      std::string p = EscapedPath();
      if (!p.empty() && p[0] != '/' && !host.empty()) buf.push_back('/');
      if (buf.empty()) {
        std::string_view seg = std::string_view(p).substr(0, p.find('/'));
        if (seg.find(':') != std::string_view::npos) buf += "./";
      }
      buf += p;
    }
    if (force_query || !raw_query.empty()) absl::StrAppend(&buf, "?", raw_query);
    if (!fragment.empty()) absl::StrAppend(&buf, "#", EscapedFragment());
    return buf;
  }
  std::string Hostname() const {
    std::string_view h = host;
    size_t colon = h.rfind(':');
    if (colon != std::string_view::npos && ValidOptionalPort(h.substr(colon))) h = h.substr(0, colon);
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    return std::string(h);
  }
};

absl::StatusOr<std::string> ParseHost(std::string_view host) {
  if (!host.empty() && host[0] == '[') {
    size_t i = host.rfind(']');
    if (i == std::string_view::npos) return absl::InvalidArgumentError("missing ']' in host");
    std::string_view colon_port = host.substr(i + 1);
    if (!ValidOptionalPort(colon_port)) {
      return absl::InvalidArgumentError("invalid port " + gocompat::Quote(colon_port) + " after host");
    }
    size_t zone = host.substr(0, i).find("%25");
    if (zone != std::string_view::npos) {
      auto h1 = Unescape(host.substr(0, zone), Mode::kHost);
      if (!h1.ok()) return h1.status();
      auto h2 = Unescape(host.substr(zone, i - zone), Mode::kZone);
      if (!h2.ok()) return h2.status();
      auto h3 = Unescape(host.substr(i), Mode::kHost);
      if (!h3.ok()) return h3.status();
      return absl::StrCat(*h1, *h2, *h3);
    }
  } else if (size_t i = host.rfind(':'); i != std::string_view::npos) {
    std::string_view colon_port = host.substr(i);
    if (!ValidOptionalPort(colon_port)) {
      return absl::InvalidArgumentError("invalid port " + gocompat::Quote(colon_port) + " after host");
    }
  }
  return Unescape(host, Mode::kHost);
}

bool ValidUserinfo(std::string_view s) {
  for (char c : s) {
    if (IsAlnumByte(static_cast<unsigned char>(c))) continue;
    if (std::string_view("-._:~!$&'()*+,;=%@").find(c) == std::string_view::npos) return false;
  }
  return true;
}

absl::Status ParseAuthority(std::string_view authority, Url* u) {
  size_t i = authority.rfind('@');
  auto host = ParseHost(i == std::string_view::npos ? authority : authority.substr(i + 1));
  if (!host.ok()) return host.status();
  u->host = *host;
  if (i == std::string_view::npos) return absl::OkStatus();
  std::string_view userinfo = authority.substr(0, i);
  if (!ValidUserinfo(userinfo)) return absl::InvalidArgumentError("net/url: invalid userinfo");
  u->user.set = true;
  size_t colon = userinfo.find(':');
  auto name = Unescape(userinfo.substr(0, colon), Mode::kUserPassword);
  if (!name.ok()) return name.status();
  u->user.username = *name;
  if (colon != std::string_view::npos) {
    auto pass = Unescape(userinfo.substr(colon + 1), Mode::kUserPassword);
    if (!pass.ok()) return pass.status();
    u->user.password = *pass;
    u->user.password_set = true;
  }
  return absl::OkStatus();
}

absl::StatusOr<Url> ParseNoFrag(std::string_view raw) {
  for (char c : raw) {
    if (static_cast<unsigned char>(c) < ' ' || c == 0x7f) {
      return absl::InvalidArgumentError("net/url: invalid control character in URL");
    }
  }
  Url u;
  if (raw == "*") {
    u.path = "*";
    return u;
  }
  // getScheme.
  std::string_view rest = raw;
  for (size_t i = 0; i < raw.size(); i++) {
    char c = raw[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) return absl::InvalidArgumentError("missing protocol scheme");
      for (char s : raw.substr(0, i)) u.scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s))));
      rest = raw.substr(i + 1);
    }
    break;
  }
  size_t q = rest.find('?');
  if (!rest.empty() && rest.back() == '?' && q == rest.size() - 1) {
    u.force_query = true;
    rest.remove_suffix(1);
  } else if (q != std::string_view::npos) {
    u.raw_query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  if (rest.empty() || rest[0] != '/') {
    if (!u.scheme.empty()) {
      u.opaque = std::string(rest);
      return u;
    }
    std::string_view seg = rest.substr(0, rest.find('/'));
    if (seg.find(':') != std::string_view::npos) {
      return absl::InvalidArgumentError("first path segment in URL cannot contain colon");
    }
  }
  if ((!u.scheme.empty() || !rest.starts_with("///")) && rest.starts_with("//")) {
    std::string_view authority = rest.substr(2);
    rest = {};
    if (size_t i = authority.find('/'); i != std::string_view::npos) {
      rest = authority.substr(i);
      authority = authority.substr(0, i);
    }
    if (auto st = ParseAuthority(authority, &u); !st.ok()) return st;
  } else if (!u.scheme.empty() && rest.starts_with("/")) {
    u.omit_host = true;
  }
  auto path = Unescape(rest, Mode::kPath);
  if (!path.ok()) return path.status();
  u.path = *path;
  if (Escape(u.path, Mode::kPath) != rest) u.raw_path = std::string(rest);
  return u;
}

// url.Parse; errors read `parse "URL": why`.
absl::StatusOr<Url> Parse(std::string_view raw) {
  size_t hash = raw.find('#');
  std::string_view u = raw.substr(0, hash);
  auto url = ParseNoFrag(u);
  if (!url.ok()) return absl::InvalidArgumentError(absl::StrCat("parse ", gocompat::Quote(u), ": ", url.status().message()));
  if (hash == std::string_view::npos) return url;
  std::string_view frag = raw.substr(hash + 1);
  if (frag.empty()) return url;
  auto f = Unescape(frag, Mode::kFragment);
  if (!f.ok()) return absl::InvalidArgumentError(absl::StrCat("parse ", gocompat::Quote(raw), ": ", f.status().message()));
  url->fragment = *f;
  if (Escape(*f, Mode::kFragment) != frag) url->raw_fragment = std::string(frag);
  return url;
}

}  // namespace

void AddUrlFuncs(FuncMap& m) {
  m["urlParse"] = Typed({P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto u = Parse(args[0].as_string());
    if (!u.ok()) return Panic(absl::StrCat("unable to parse url: ", u.status().message()));
    Map d;
    d["scheme"] = Value(u->scheme);
    d["host"] = Value(u->host);
    d["hostname"] = Value(u->Hostname());
    d["path"] = Value(u->path);
    d["query"] = Value(u->raw_query);
    d["opaque"] = Value(u->opaque);
    d["fragment"] = Value(u->fragment);
    d["userinfo"] = Value(u->user.set ? u->user.String() : std::string());
    return Value(std::move(d));
  });
  m["urlJoin"] = Typed({P::kMap}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const Map& d = args[0].as_map();
    std::string parts[7];
    static constexpr const char* kKeys[7] = {"scheme", "host", "path", "query", "opaque", "fragment", "userinfo"};
    for (int i = 0; i < 7; i++) {
      auto it = d.find(kKeys[i]);
      if (it == d.end()) continue;
      const Value& v = it->second;
      if (v.is_nil() || v.is_missing()) {
        return Panic("runtime error: invalid memory address or nil pointer dereference");
      }
      if (!v.is_string()) {
        return Panic(absl::StrCat("unable to parse ", kKeys[i], " key, must be of type string, but ", v.KindName(),
                                  " found"));
      }
      parts[i] = v.as_string();
    }
    Url u;
    u.scheme = parts[0];
    u.host = parts[1];
    u.path = parts[2];
    u.raw_query = parts[3];
    u.opaque = parts[4];
    u.fragment = parts[5];
    if (!parts[6].empty()) {
      auto t = Parse(absl::StrCat("proto://", parts[6], "@host"));
      if (!t.ok()) return Panic(absl::StrCat("unable to parse userinfo in dict: ", t.status().message()));
      u.user = t->user;
    }
    return Value(u.String());
  });
}

}  // namespace templating::sprig
