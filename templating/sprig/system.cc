// What Sprig asks of the machine and of plain Go packages: paths (path and, on Linux the
// same, path/filepath), expandenv (os.ExpandEnv over the process environment podinit set
// up), getHostByName (the resolver, through getaddrinfo), randBytes and uuidv4 (the CSPRNG).
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "templating/output_limits.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"
#include "templating/sprig/random.h"

namespace templating::sprig {
namespace {

// path.Clean.
std::string Clean(std::string_view path) {
  if (path.empty()) return ".";
  const bool rooted = path[0] == '/';
  const size_t n = path.size();
  std::string out;
  size_t r = 0, dotdot = 0;
  if (rooted) {
    out.push_back('/');
    r = dotdot = 1;
  }
  while (r < n) {
    if (path[r] == '/') {
      r++;
    } else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
      r++;
    } else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/')) {
      r += 2;
      if (out.size() > dotdot) {
        // Back to the previous '/' (or dotdot), which is dropped too.
        size_t w = out.size() - 1;
        while (w > dotdot && out[w] != '/') w--;
        out.resize(w);
      } else if (!rooted) {
        if (!out.empty()) out.push_back('/');
        out += "..";
        dotdot = out.size();
      }
    } else {
      if ((rooted && out.size() != 1) || (!rooted && !out.empty())) out.push_back('/');
      for (; r < n && path[r] != '/'; r++) out.push_back(path[r]);
    }
  }
  return out.empty() ? "." : out;
}

std::string Base(std::string_view path) {
  if (path.empty()) return ".";
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  size_t i = path.rfind('/');
  if (i != std::string_view::npos) path = path.substr(i + 1);
  return path.empty() ? "/" : std::string(path);
}

std::string Dir(std::string_view path) {
  size_t i = path.rfind('/');
  return Clean(i == std::string_view::npos ? std::string_view() : path.substr(0, i + 1));
}

std::string Ext(std::string_view path) {
  for (size_t i = path.size(); i > 0 && path[i - 1] != '/'; i--) {
    if (path[i - 1] == '.') return std::string(path.substr(i - 1));
  }
  return "";
}

bool IsShellSpecial(char c) { return std::string_view("*#$@!?-0123456789").find(c) != std::string_view::npos; }
bool IsAlnum(char c) {
  return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// os.ExpandEnv (os.Expand with os.Getenv).
std::string ExpandEnv(std::string_view s) {
  std::string buf;
  size_t i = 0;
  bool any = false;
  for (size_t j = 0; j < s.size(); j++) {
    if (s[j] != '$' || j + 1 >= s.size()) continue;
    any = true;
    buf.append(s.substr(i, j - i));
    std::string_view t = s.substr(j + 1);
    std::string_view name;
    size_t w = 0;
    if (t[0] == '{') {
      if (t.size() > 2 && IsShellSpecial(t[1]) && t[2] == '}') {
        name = t.substr(1, 1);
        w = 3;
      } else {
        size_t k = 1;
        while (k < t.size() && t[k] != '}') k++;
        if (k < t.size()) {
          if (k == 1) {
            w = 2;  // "${}": eaten
          } else {
            name = t.substr(1, k - 1);
            w = k + 1;
          }
        } else {
          w = 1;  // "${" with no end: eaten
        }
      }
    } else if (IsShellSpecial(t[0])) {
      name = t.substr(0, 1);
      w = 1;
    } else {
      while (w < t.size() && IsAlnum(t[w])) w++;
      name = t.substr(0, w);
    }
    if (name.empty() && w > 0) {
      // bad syntax: dropped
    } else if (name.empty()) {
      buf.push_back('$');
    } else {
      const char* v = std::getenv(std::string(name).c_str());
      if (v != nullptr) buf.append(v);
    }
    j += w;
    i = j + 1;
  }
  if (!any) return std::string(s);
  buf.append(s.substr(std::min(i, s.size())));
  return buf;
}


}  // namespace

void AddSystemFuncs(FuncMap& m) {
  // path/filepath on Linux is path: one implementation serves both names.
  for (auto [plain, os] : {std::pair{"base", "osBase"}, std::pair{"dir", "osDir"}, std::pair{"clean", "osClean"},
                           std::pair{"ext", "osExt"}}) {
    auto* f = std::string_view(plain) == "base"  ? +[](std::string_view p) { return Base(p); }
              : std::string_view(plain) == "dir" ? +[](std::string_view p) { return Dir(p); }
              : std::string_view(plain) == "clean" ? +[](std::string_view p) { return Clean(p); }
                                                   : +[](std::string_view p) { return Ext(p); };
    m[plain] = StringFn(f);
    m[os] = StringFn(f);
  }
  for (const char* name : {"isAbs", "osIsAbs"}) {
    m[name] = Typed({P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      return Value(!args[0].as_string().empty() && args[0].as_string()[0] == '/');
    });
  }
  m["expandenv"] = Typed({P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(ExpandEnv(args[0].as_string()));
  });
  // net.LookupHost, then one address at random; none is rand.Intn(0)'s panic.
  m["getHostByName"] = Typed({P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    std::vector<std::string> addrs;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    const std::string& name = args[0].as_string();
    if (!name.empty() && getaddrinfo(name.c_str(), nullptr, &hints, &res) == 0) {
      for (addrinfo* a = res; a != nullptr; a = a->ai_next) {
        char buf[INET6_ADDRSTRLEN];
        const void* src = a->ai_family == AF_INET
                              ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
                              : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
        if ((a->ai_family == AF_INET || a->ai_family == AF_INET6) &&
            inet_ntop(a->ai_family, src, buf, sizeof buf) != nullptr) {
          std::string s = buf;
          bool seen = false;
          for (const auto& x : addrs) seen = seen || x == s;
          if (!seen) addrs.push_back(s);
        }
      }
      freeaddrinfo(res);
    }
    if (addrs.empty()) return Panic("invalid argument to Intn");
    auto i = RandomBelow(addrs.size());
    if (!i.ok()) return i.status();
    return Value(addrs[*i]);
  });
  // crypto/rand bytes, base64-encoded.
  m["randBytes"] = Typed({P::kInt}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    int64_t n = args[0].as_int();
    if (n < 0) return Panic("runtime error: makeslice: len out of range");
    if (static_cast<uint64_t>(n) > (kMaxOutputBytes / 4) * 3) {
      return absl::ResourceExhaustedError(absl::StrCat("randBytes: ", n, " bytes would exceed the output limit"));
    }
    auto b = RandomBytes(static_cast<size_t>(n));
    if (!b.ok()) return b.status();
    return Value(Base64Encode(*b));
  });
  // google/uuid's NewRandom: version 4, RFC 4122 variant.
  m["uuidv4"] = Typed({}, [](CallContext&, absl::Span<const Value>) -> absl::StatusOr<Value> {
    auto b = RandomBytes(16);
    if (!b.ok()) return b.status();
    std::string& u = *b;
    u[6] = static_cast<char>((u[6] & 0x0f) | 0x40);
    u[8] = static_cast<char>((u[8] & 0x3f) | 0x80);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
      out.push_back(kHex[static_cast<unsigned char>(u[i]) >> 4]);
      out.push_back(kHex[static_cast<unsigned char>(u[i]) & 15]);
    }
    return Value(std::move(out));
  });
}

}  // namespace templating::sprig
