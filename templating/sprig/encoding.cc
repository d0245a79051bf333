// toJson, toPrettyJson, fromJson, toYaml (Helm's versions), b64enc/b64dec and sha256sum.
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gocompat/strconv.h"
#include "templating/output_limits.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"
#include "templating/stack_guard.h"

namespace templating::sprig {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Hex of a digest, through wolfCrypt (the crypto library podinit links for TLS).
std::string DigestHex(int (*hash)(const byte*, word32, byte*), size_t size, std::string_view data) {
  byte d[WC_MAX_DIGEST_SIZE];
  hash(reinterpret_cast<const byte*>(data.data()), static_cast<word32>(data.size()), d);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < size; i++) {
    out.push_back(kHex[d[i] >> 4]);
    out.push_back(kHex[d[i] & 15]);
  }
  return out;
}

// hash/adler32.Checksum.
uint32_t Adler32(std::string_view data) {
  uint32_t a = 1, b = 0;
  for (unsigned char c : data) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

constexpr char kB32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// encoding/base32.StdEncoding.EncodeToString.
std::string Base32Encode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); i += 5) {
    unsigned char b[5] = {0, 0, 0, 0, 0};
    size_t n = std::min<size_t>(5, s.size() - i);
    for (size_t k = 0; k < n; k++) b[k] = static_cast<unsigned char>(s[i + k]);
    uint64_t v = 0;
    for (unsigned char c : b) v = (v << 8) | c;
    static constexpr size_t kChars[6] = {0, 2, 4, 5, 7, 8};
    for (size_t k = 0; k < 8; k++) out.push_back(k < kChars[n] ? kB32[(v >> (35 - 5 * k)) & 31] : '=');
  }
  return out;
}

// encoding/base32.StdEncoding.DecodeString (Go 1.19's decode loop, for its error offsets).
absl::StatusOr<std::string> Base32Decode(std::string_view in) {
  std::string src;
  for (char c : in) {
    if (c != '\r' && c != '\n') src.push_back(c);
  }
  auto corrupt = [](size_t at) {
    return absl::InvalidArgumentError(absl::StrCat("illegal base32 data at input byte ", at));
  };
  const size_t olen = src.size();
  std::string_view rest = src;
  std::string out;
  bool end = false;
  while (!rest.empty() && !end) {
    unsigned char dbuf[8] = {0};
    size_t dlen = 8;
    for (size_t j = 0; j < 8;) {
      if (rest.empty()) return corrupt(olen - rest.size() - j);
      char c = rest[0];
      rest.remove_prefix(1);
      if (c == '=' && j >= 2 && rest.size() < 8) {
        if (rest.size() + j < 7) return corrupt(olen);
        for (size_t k = 0; k < 7 - j; k++) {
          if (rest.size() > k && rest[k] != '=') return corrupt(olen - rest.size() + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen == 1 || dlen == 3 || dlen == 6) return corrupt(olen - rest.size() - 1);
        break;
      }
      const char* p = std::strchr(kB32, c);
      if (c == 0 || p == nullptr) return corrupt(olen - rest.size() - 1);
      dbuf[j] = static_cast<unsigned char>(p - kB32);
      j++;
    }
    unsigned char o[5] = {
        static_cast<unsigned char>(dbuf[0] << 3 | dbuf[1] >> 2),
        static_cast<unsigned char>(dbuf[1] << 6 | dbuf[2] << 1 | dbuf[3] >> 4),
        static_cast<unsigned char>(dbuf[3] << 4 | dbuf[4] >> 1),
        static_cast<unsigned char>(dbuf[4] << 7 | dbuf[5] << 2 | dbuf[6] >> 3),
        static_cast<unsigned char>(dbuf[6] << 5 | dbuf[7])};
    size_t n = dlen == 8 ? 5 : dlen == 7 ? 4 : dlen == 5 ? 3 : dlen == 4 ? 2 : dlen == 2 ? 1 : 0;
    out.append(reinterpret_cast<const char*>(o), n);
  }
  return out;
}

// ---- toToml: BurntSushi/toml v1.2.0's Encoder ----

struct TomlError {
  std::string msg;
};
// The output passed kMaxOutputBytes: stopped while writing, not after (a table nested n deep
// writes O(n²) bytes of headers, so a 60 kB fromJson would otherwise make gigabytes).
struct TomlTooBig {};

enum class TomlType { kNone, kHash, kArrayHash, kArray, kOther };

std::string TomlQuoted(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string TomlKeyPart(const std::string& k) {
  if (k.empty()) return "\"\"";
  for (char c : k) {
    bool bare = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!bare) return TomlQuoted(k);
  }
  return k;
}

std::string TomlKey(const std::vector<std::string>& key) {
  std::string out;
  for (size_t i = 0; i < key.size(); i++) {
    if (i > 0) out.push_back('.');
    out += TomlKeyPart(key[i]);
  }
  return out;
}

bool IsNilish(const Value& v) { return v.is_nil() || v.is_missing() || v.is_nil_list() || v.is_nil_map(); }

TomlType TomlTypeOf(const Value& v);

// isTableArray: every element is a table (a nil element is an error).
bool IsTableArray(const Value& v) {
  if (IsNilish(v) || v.as_list().empty()) return false;
  bool ret = true;
  for (const Value& e : v.as_list()) {
    TomlType t = TomlTypeOf(e);
    if (t == TomlType::kNone) throw TomlError{"toml: cannot encode array with nil element"};
    if (t != TomlType::kHash) ret = false;
  }
  return ret;
}

TomlType TomlTypeOf(const Value& v) {
  if (IsNilish(v)) return TomlType::kNone;
  switch (v.kind()) {
    case Value::Kind::kMap: return TomlType::kHash;
    case Value::Kind::kList: return IsTableArray(v) ? TomlType::kArrayHash : TomlType::kArray;
    case Value::Kind::kObject:
      // time.Time is a datetime, a Version has MarshalText: neither is a table.
      return TomlType::kOther;
    case Value::Kind::kComplex: throw TomlError{"unsupported type: complex128"};
    case Value::Kind::kFunc: throw TomlError{"unsupported type: func"};
    default: return TomlType::kOther;
  }
}

class TomlEncoder {
 public:
  std::string out;

  void Encode(const Value& v) { Encode(path_, v); }
  void Encode(const std::vector<std::string>& key, const Value& v) {
    CheckValueDepth();
    if (IsNilish(v)) return;
    switch (v.kind()) {
      case Value::Kind::kList:
        if (TomlTypeOf(v) == TomlType::kArrayHash) {
          ArrayOfTables(key, v);
        } else {
          KeyValue(key, v, false);
        }
        return;
      case Value::Kind::kMap: Table(key, v); return;
      case Value::Kind::kComplex:
      case Value::Kind::kFunc:
        throw TomlError{absl::StrCat("toml: unsupported type for key '", TomlKey(key), "': ", v.KindName())};
      default: KeyValue(key, v, false);
    }
  }

 private:
  bool written_ = false;

  // The key of the table being written: one vector pushed and popped, not a copy per level.
  std::vector<std::string> path_;

  void W(std::string_view s) {
    if (out.size() + s.size() > kMaxOutputBytes) throw TomlTooBig{};
    out += s;
    written_ = true;
  }
  void Newline() {
    if (written_) W("\n");
  }
  std::string Indent(const std::vector<std::string>& key) const {
    std::string s;
    for (size_t i = 1; i < key.size(); i++) s += "  ";
    return s;
  }

  void Element(const Value& v) {
    CheckValueDepth();
    switch (v.kind()) {
      case Value::Kind::kString: W(TomlQuoted(v.as_string())); return;
      case Value::Kind::kBool: W(v.as_bool() ? "true" : "false"); return;
      case Value::Kind::kInt: W(std::to_string(v.as_int())); return;
      case Value::Kind::kFloat: {
        double f = v.as_float();
        if (std::isnan(f)) {
          W("nan");
        } else if (std::isinf(f)) {
          W(f < 0 ? "-inf" : "+inf");
        } else {
          std::string s = gocompat::FormatFloat(f, 'f', -1, 64);
          if (s.find('.') == std::string::npos) s += ".0";
          W(s);
        }
        return;
      }
      case Value::Kind::kList: {
        W("[");
        const List& l = v.as_list();
        for (size_t i = 0; i < l.size(); i++) {
          Element(l[i]);
          if (i + 1 != l.size()) W(", ");
        }
        W("]");
        return;
      }
      case Value::Kind::kMap: Map_(v, {}, true); return;
      case Value::Kind::kObject: {
        // MarshalText (a Version) is quoted; a time.Time is written as RFC 3339.
        auto j = v.as_object().MarshalJson();
        if (!j.ok()) throw TomlError{std::string(j.status().message())};
        std::string text = j->size() >= 2 && (*j)[0] == '"' ? j->substr(1, j->size() - 2) : *j;
        if (v.as_object().TypeName() == "time.Time") {
          W(text);
        } else {
          W(TomlQuoted(text));
        }
        return;
      }
      default: throw TomlError{absl::StrCat("toml: unexpected type: ", v.TypeName())};
    }
  }

  void KeyValue(const std::vector<std::string>& key, const Value& v, bool inline_) {
    if (key.empty()) throw TomlError{"toml: top-level values must be Go maps or structs"};
    W(absl::StrCat(Indent(key), TomlKeyPart(key.back()), " = "));
    Element(v);
    if (!inline_) Newline();
  }

  void ArrayOfTables(const std::vector<std::string>& key, const Value& v) {
    if (key.empty()) throw TomlError{"toml: top-level values must be Go maps or structs"};
    for (const Value& e : v.as_list()) {
      if (IsNilish(e)) continue;
      Newline();
      W(absl::StrCat(Indent(key), "[[", TomlKey(key), "]]"));
      Newline();
      Map_(e, key, false);
    }
  }

  void Table(const std::vector<std::string>& key, const Value& v) {
    if (key.size() == 1) Newline();
    if (!key.empty()) {
      W(absl::StrCat(Indent(key), "[", TomlKey(key), "]"));
      Newline();
    }
    Map_(v, key, false);
  }

  void Map_(const Value& v, const std::vector<std::string>& key, bool inline_) {
    std::vector<std::string> direct, sub;
    for (const auto& [k, e] : v.as_map()) {
      TomlType t = TomlTypeOf(e);
      (t == TomlType::kHash || t == TomlType::kArrayHash ? sub : direct).push_back(k);
    }
    auto write = [&](const std::vector<std::string>& keys, bool trail_comma) {
      for (size_t i = 0; i < keys.size(); i++) {
        const Value& e = v.as_map().find(keys[i])->second;
        if (IsNilish(e)) continue;
        if (inline_) {
          KeyValue({keys[i]}, e, true);
          if (trail_comma || i + 1 != keys.size()) W(", ");
        } else {
          // key is path_ here (every non-inline Map_ is reached from Encode(path_, ...)).
          path_.push_back(keys[i]);
          Encode(path_, e);
          path_.pop_back();
        }
      }
    };
    if (inline_) W("{");
    write(direct, !sub.empty());
    write(sub, false);
    if (inline_) W("}");
  }
};

// A func(s string) whose result may be an error.
Func OneString(absl::StatusOr<Value> (*f)(const std::string&)) {
  return Typed({P::kString}, [f](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return f(args[0].as_string());
  });
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
  m["toJson"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto s = ToJson(args[0], 0);
    if (absl::IsResourceExhausted(s.status())) return s.status();  // podinit's bound, not Go's error
    return Value(s.ok() ? *s : std::string());
  });
  m["toPrettyJson"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto s = ToJson(args[0], 2);
    if (absl::IsResourceExhausted(s.status())) return s.status();
    return Value(s.ok() ? *s : std::string());
  });
  m["toYaml"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto s = ToYaml(args[0]);
    if (absl::IsResourceExhausted(s.status())) return s.status();
    if (!s.ok()) return Value("");
    std::string out = std::move(*s);
    if (!out.empty() && out.back() == '\n') out.pop_back();  // Helm trims one newline
    return Value(std::move(out));
  });
  // Sprig's fromJson: any JSON value (numbers as float64), nil when the text is not JSON.
  m["fromJson"] = OneString([](const std::string& s) -> absl::StatusOr<Value> {
    return Result(GoJsonUnmarshal(s, false).value);
  });
  m["mustFromJson"] = OneString([](const std::string& s) -> absl::StatusOr<Value> {
    GoDecoded d = GoJsonUnmarshal(s, false);
    if (!d.err.ok()) return absl::UnknownError(d.err.message());
    return Result(d.value);
  });
  // Helm's fromJsonArray: a list; a decoding error becomes the list's one element.
  m["fromJsonArray"] = OneString([](const std::string& s) -> absl::StatusOr<Value> {
    GoDecoded d = GoJsonUnmarshal(s, true);
    if (!d.err.ok()) return Value(List{Value(std::string(d.err.message()))});
    return d.value;
  });
  for (std::string name : {"mustToJson", "mustToPrettyJson"}) {
    int indent = name == "mustToJson" ? 0 : 2;
    m[name] = Typed({P::kAny}, [indent](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      auto s = ToJson(args[0], indent);
      if (absl::IsResourceExhausted(s.status())) return s.status();
      if (!s.ok()) return absl::UnknownError(s.status().message());
      return Value(std::move(*s));
    });
  }
  // json.Encoder with SetEscapeHTML(false): <, > and & stay as they are. toRawJson panics
  // on an error, mustToRawJson returns it; text/template reports both alike.
  for (std::string name : {"toRawJson", "mustToRawJson"}) {
    m[name] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      auto s = ToJson(args[0], 0, /*escape_html=*/false);
      if (absl::IsResourceExhausted(s.status())) return s.status();
      if (!s.ok()) return absl::UnknownError(s.status().message());
      return Value(std::move(*s));
    });
  }
  // Helm's toToml: the encoder's output, or its error text in its place.
  m["toToml"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (args[0].is_nil() || args[0].is_missing()) {
      return Panic("reflect: call of reflect.Value.Type on zero Value");
    }
    TomlEncoder e;
    try {
      e.Encode(args[0]);  // errors are Helm's output, a size past the bound is podinit's error
    } catch (const TomlError& err) {
      return Value(err.msg);
    } catch (const TomlTooBig&) {
      return absl::ResourceExhaustedError(absl::StrCat("the result exceeds ", kMaxOutputBytes >> 20, " MiB"));
    }
    return Value(std::move(e.out));
  });
  m["sha1sum"] = OneString([](const std::string& s) -> absl::StatusOr<Value> {
    return Value(DigestHex(wc_ShaHash, WC_SHA_DIGEST_SIZE, s));
  });
  m["adler32sum"] = OneString([](const std::string& s) -> absl::StatusOr<Value> {
    return Value(std::to_string(Adler32(s)));
  });
  m["b32enc"] = OneString([](const std::string& s) -> absl::StatusOr<Value> {
    return Value(Base32Encode(s));
  });
  m["b32dec"] = OneString([](const std::string& s) -> absl::StatusOr<Value> {
    auto d = Base32Decode(s);
    return Value(d.ok() ? *d : std::string(d.status().message()));
  });
  m["b64enc"] = OneString([](const std::string& s) -> absl::StatusOr<Value> {
    return Value(Base64Encode(s));
  });
  // Sprig hands back the error text in place of the data.
  m["b64dec"] = OneString([](const std::string& s) -> absl::StatusOr<Value> {
    auto d = Base64Decode(s);
    return Value(d.ok() ? *d : std::string(d.status().message()));
  });
  m["sha256sum"] = OneString([](const std::string& s) -> absl::StatusOr<Value> {
    return Value(DigestHex(wc_Sha256Hash, WC_SHA256_DIGEST_SIZE, s));
  });
}

void AddFromYamlFuncs(FuncMap& m, YamlToJson yaml_to_json) {
  // sigs.k8s.io/yaml.Unmarshal turns the first YAML document into JSON and decodes that
  // (numbers become float64). Errors land in the result: under the key "Error", or as the
  // list's one element.
  for (bool array : {false, true}) {
    std::string name = array ? "fromYamlArray" : "fromYaml";
    m[name] = Typed({P::kString}, [array, yaml_to_json](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      std::string err;
      Value out = array ? Value(List{}) : Value(Map{});
      auto json = yaml_to_json(args[0].as_string());
      const char kind = json.ok() && !json->empty() ? (*json)[0] : 'n';
      if (!json.ok()) {
        err = absl::StrCat("error converting YAML to JSON: ", json.status().message());
      } else if (kind != 'n') {
        bool right_kind = array ? kind == '[' : kind == '{';
        if (!right_kind) {
          const char* what = kind == '[' ? "array" : kind == '{' ? "object" : kind == '"' ? "string"
                             : kind == 't' || kind == 'f' ? "bool" : "number";
          err = absl::StrCat("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ", what,
                             " into Go value of type ", array ? "[]interface {}" : "map[string]interface {}");
        } else {
          GoDecoded d = GoJsonUnmarshal(*json, array);
          if (!d.err.ok()) err = absl::StrCat("error unmarshaling JSON: while decoding JSON: ", d.err.message());
          out = d.value;
        }
      }
      if (!err.empty()) {
        if (array) return Value(List{Value(err)});
        out.mutable_map()["Error"] = Value(err);
      }
      return out;
    });
  }
}

}  // namespace templating::sprig
