// toJson, toPrettyJson, fromJson, toYaml (Helm's versions), b64enc/b64dec and sha256sum.
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace tmpl::sprig {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// SHA-256 (FIPS 180-4); small enough to keep the templating library free of OpenSSL.
std::string Sha256Hex(std::string_view data) {
  static const uint32_t k[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
      0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
      0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
      0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
      0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
      0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
      0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
      0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
      0xc67178f2};
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string msg(data);
  uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back(0);
  for (int i = 7; i >= 0; i--) msg.push_back(static_cast<char>(bits >> (i * 8)));
  auto rotr = [](uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
  for (size_t off = 0; off < msg.size(); off += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
      const unsigned char* p = reinterpret_cast<const unsigned char*>(msg.data() + off + i * 4);
      w[i] = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
    }
    for (int i = 16; i < 64; i++) {
      uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
      uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
      uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint32_t x : h) {
    for (int i = 28; i >= 0; i -= 4) out.push_back(kHex[(x >> i) & 15]);
  }
  return out;
}

Function OneString(std::string name, absl::StatusOr<Value> (*f)(const std::string&)) {
  return [name, f](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs(name, args, 1); !st.ok()) return st;
    auto s = StringArg(args, 0);
    if (!s.ok()) return s.status();
    return f(*s);
  };
}

}  // namespace

std::string Base64Encode(std::string_view s) {
  std::string out;
  out.reserve((s.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= s.size(); i += 3) {
    uint32_t v = (uint32_t{static_cast<unsigned char>(s[i])} << 16) |
                 (uint32_t{static_cast<unsigned char>(s[i + 1])} << 8) |
                 static_cast<unsigned char>(s[i + 2]);
    out.push_back(kB64[v >> 18]);
    out.push_back(kB64[(v >> 12) & 63]);
    out.push_back(kB64[(v >> 6) & 63]);
    out.push_back(kB64[v & 63]);
  }
  size_t rest = s.size() - i;
  if (rest > 0) {
    uint32_t v = uint32_t{static_cast<unsigned char>(s[i])} << 16;
    if (rest == 2) v |= uint32_t{static_cast<unsigned char>(s[i + 1])} << 8;
    out.push_back(kB64[v >> 18]);
    out.push_back(kB64[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kB64[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// A port of Go's (*Encoding).decodeQuantum loop, so the error names the same byte offset.
absl::StatusOr<std::string> Base64Decode(std::string_view src) {
  static const std::array<int, 256> kMap = [] {
    std::array<int, 256> m{};
    m.fill(-1);
    for (int i = 0; i < 64; i++) m[static_cast<unsigned char>(kB64[i])] = i;
    return m;
  }();
  auto corrupt = [](size_t at) {
    return absl::InvalidArgumentError(absl::StrCat("illegal base64 data at input byte ", at));
  };
  std::string out;
  size_t si = 0;
  while (si < src.size()) {
    int dbuf[4] = {0, 0, 0, 0};
    int dlen = 4;
    bool trailing_garbage = false;
    size_t garbage_at = 0;
    bool done = false;
    for (int j = 0; j < 4; j++) {
      if (si == src.size()) {
        if (j == 0) return out;
        return corrupt(si - j);  // StdEncoding pads: a short quantum is an error
      }
      unsigned char in = static_cast<unsigned char>(src[si]);
      si++;
      if (kMap[in] >= 0) {
        dbuf[j] = kMap[in];
        continue;
      }
      if (in == '\n' || in == '\r') {
        j--;
        continue;
      }
      if (in != '=') return corrupt(si - 1);
      switch (j) {
        case 0:
        case 1: return corrupt(si - 1);
        case 2:
          while (si < src.size() && (src[si] == '\n' || src[si] == '\r')) si++;
          if (si == src.size()) return corrupt(src.size());
          if (src[si] != '=') return corrupt(si - 1);
          si++;
          break;
        default: break;
      }
      while (si < src.size() && (src[si] == '\n' || src[si] == '\r')) si++;
      if (si < src.size()) {
        trailing_garbage = true;
        garbage_at = si;
      }
      dlen = j;
      done = true;
      break;
    }
    uint32_t val = (uint32_t(dbuf[0]) << 18) | (uint32_t(dbuf[1]) << 12) |
                   (uint32_t(dbuf[2]) << 6) | uint32_t(dbuf[3]);
    unsigned char b0 = val >> 16, b1 = (val >> 8) & 0xFF, b2 = val & 0xFF;
    if (dlen >= 2) out.push_back(static_cast<char>(b0));
    if (dlen >= 3) out.push_back(static_cast<char>(b1));
    if (dlen >= 4) out.push_back(static_cast<char>(b2));
    if (trailing_garbage) return corrupt(garbage_at);
    if (done) break;
  }
  return out;
}

void AddEncodingFuncs(FuncMap& m) {
  // Helm's toJson and Sprig's toPrettyJson both turn a marshalling error into "".
  m["toJson"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("toJson", args, 1); !st.ok()) return st;
    auto s = ToJson(args[0], 0);
    return Value(s.ok() ? *s : std::string());
  };
  m["toPrettyJson"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("toPrettyJson", args, 1); !st.ok()) return st;
    auto s = ToJson(args[0], 2);
    return Value(s.ok() ? *s : std::string());
  };
  m["toYaml"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("toYaml", args, 1); !st.ok()) return st;
    auto s = ToYaml(args[0]);
    if (!s.ok()) return Value("");
    std::string out = std::move(*s);
    if (!out.empty() && out.back() == '\n') out.pop_back();  // Helm trims one newline
    return Value(std::move(out));
  };
  // Helm's fromJson: always a map; a decoding error is reported under the key "Error".
  m["fromJson"] = OneString("fromJson", [](const std::string& s) -> absl::StatusOr<Value> {
    auto v = ParseJsonValue(s, /*int_as_int64=*/false);
    Map out;
    if (!v.ok()) {
      out["Error"] = Value(std::string(v.status().message()));
    } else if (v->is_map()) {
      return *v;
    } else if (!v->is_nil()) {
      std::string kind = v->is_list()     ? "array"
                         : v->is_string() ? "string"
                         : v->is_bool()   ? "bool"
                                          : "number";
      out["Error"] = Value(absl::StrCat("json: cannot unmarshal ", kind,
                                        " into Go value of type map[string]interface {}"));
    }
    return Value(std::move(out));
  });
  m["b64enc"] = OneString("b64enc", [](const std::string& s) -> absl::StatusOr<Value> {
    return Value(Base64Encode(s));
  });
  // Sprig hands back the error text in place of the data.
  m["b64dec"] = OneString("b64dec", [](const std::string& s) -> absl::StatusOr<Value> {
    auto d = Base64Decode(s);
    return Value(d.ok() ? *d : std::string(d.status().message()));
  });
  m["sha256sum"] = OneString("sha256sum", [](const std::string& s) -> absl::StatusOr<Value> {
    return Value(Sha256Hex(s));
  });
}

}  // namespace tmpl::sprig
