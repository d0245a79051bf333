// Builds templating::Values from JSON text the way kubectl hands JSON to Go's text/template:
// integral numbers become int64, others float64, null becomes nil.
#pragma once

#include <cctype>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gocompat/utf8.h"
#include "gtest/gtest.h"
#include "templating/template.h"
#include "templating/value.h"

namespace templating::testing {

class JsonReader {
 public:
  // go_literals: numbers as a Go program writes them (1 is an int, 1.0 a float64) rather
  // than as kubectl decodes them (integral numbers are int64).
  explicit JsonReader(std::string_view s, bool go_literals = false)
      : s_(s), go_literals_(go_literals) {}
  Value Read() {
    Skip();
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      Map m;
      Skip();
      if (s_[i_] == '}') {
        ++i_;
        return Value(std::move(m));
      }
      for (;;) {
        Skip();
        std::string k = ReadString();
        Skip();
        ++i_;  // ':'
        m[k] = Read();
        Skip();
        if (s_[i_++] == '}') return Value(std::move(m));
      }
    }
    if (c == '[') {
      ++i_;
      List l;
      Skip();
      if (s_[i_] == ']') {
        ++i_;
        return Value(std::move(l));
      }
      for (;;) {
        l.push_back(Read());
        Skip();
        if (s_[i_++] == ']') return Value(std::move(l));
      }
    }
    if (c == '"') return Value(ReadString());
    if (s_.substr(i_, 4) == "null") {
      i_ += 4;
      return Value::Nil();
    }
    if (s_.substr(i_, 4) == "true") {
      i_ += 4;
      return Value(true);
    }
    if (s_.substr(i_, 5) == "false") {
      i_ += 5;
      return Value(false);
    }
    size_t start = i_;
    bool is_float = false;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' ||
                              s_[i_] == '+' || s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E')) {
      if (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E') is_float = true;
      ++i_;
    }
    std::string num(s_.substr(start, i_ - start));
    double d = std::strtod(num.c_str(), nullptr);
    if (go_literals_) {
      if (is_float) return Value(d);
      return Value(static_cast<int64_t>(std::strtoll(num.c_str(), nullptr, 10)), Value::IntType::kInt);
    }
    if (!is_float || (d < 1e18 && d > -1e18 && d == static_cast<double>(static_cast<int64_t>(d)))) {
      return Value(static_cast<int64_t>(d));
    }
    return Value(d);
  }

 private:
  void Skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  std::string ReadString() {
    std::string out;
    ++i_;
    while (s_[i_] != '"') {
      if (s_[i_] == '\\') {
        ++i_;
        char e = s_[i_++];
        if (e == 'u') {
          uint32_t r = std::strtoul(std::string(s_.substr(i_, 4)).c_str(), nullptr, 16);
          i_ += 4;
          gocompat::AppendRune(out, r);
          continue;
        }
        out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
        continue;
      }
      out.push_back(s_[i_++]);
    }
    ++i_;
    return out;
  }
  std::string_view s_;
  bool go_literals_;
  size_t i_ = 0;
};

inline Value FromJson(std::string_view s) { return JsonReader(s).Read(); }
inline Value FromGoJson(std::string_view s) { return JsonReader(s, true).Read(); }

// One row of a table of Go expectations (most printed by enginegen/): a template named "t", its
// missingkey mode, and Go's output or Go's parse or execution error (then no output).
struct GoCase {
  const char* text;
  MissingKey mk;
  const char* want;
  const char* err;
};

inline void ExpectMatchesGo(const GoCase& c, std::string_view json_data) {
  Template t("t");
  t.Option(c.mk);
  std::string out, err;
  if (absl::Status st = t.Parse(c.text); !st.ok()) {
    err = std::string(st.message());
  } else if (auto r = t.Execute(FromJson(json_data)); !r.ok()) {
    err = std::string(r.status().message());
  } else {
    out = *r;
  }
  EXPECT_EQ(err, c.err) << c.text;
  EXPECT_EQ(out, c.want) << c.text;
}

}  // namespace templating::testing
