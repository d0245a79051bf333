// Pieces the function library's files (templating/sprig/*.cc) share; not part of its API.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>
#include <string_view>

#include "gocompat/string_view.h"
#include "templating/sprig/funcs.h"

namespace templating::sprig {

using gocompat::AV;

// Each file adds its functions to the map SprigFuncs() builds.
void AddStringFuncs(FuncMap& m);
void AddCollectionFuncs(FuncMap& m);
void AddMathFuncs(FuncMap& m);
void AddEncodingFuncs(FuncMap& m);
void AddRegexFuncs(FuncMap& m);
void AddFlowFuncs(FuncMap& m);
void AddTextCaseFuncs(FuncMap& m);
void AddReflectFuncs(FuncMap& m);
void AddListFuncs(FuncMap& m);
void AddSemverFuncs(FuncMap& m);
void AddDateFuncs(FuncMap& m);
void AddSystemFuncs(FuncMap& m);
void AddUrlFuncs(FuncMap& m);
void AddCryptoFuncs(FuncMap& m);

// reflect.DeepEqual of two interface{} values.
bool DeepEqual(const Value& a, const Value& b);

// strings.Split.
List GoSplit(std::string_view s, std::string_view sep);

// The Go parameter types of the library's functions.
using P = GoType;
// A function with its Go parameters (the last one repeated when `variadic`), declared where
// it is registered: the executor checks the arguments against them as Go's evalCall does,
// one by one as it evaluates them, so the body only reads them.
inline Func Typed(std::initializer_list<P> params, Function f) {
  return Func(Signature{params, false}, std::move(f));
}
inline Func Variadic(std::initializer_list<P> params, Function f) {
  return Func(Signature{params, true}, std::move(f));
}
// For a method of an object the library returns (time.Time, *semver.Version), which the
// executor calls without a signature: what evalCall checks before calling it, with Go's
// texts (the number of arguments, then each one's type).
absl::Status CheckCall(std::string_view name, absl::Span<const Value> args,
                       std::initializer_list<P> params, bool variadic = false);

// A panic inside a function, as text/template reports it ("error calling NAME: MSG").
inline absl::Status Panic(std::string msg) { return absl::UnknownError(std::move(msg)); }

// encoding/json.Unmarshal into interface{} (into_slice: []interface{}): the value and the
// first error, both of which Go may return at once.
struct GoDecoded {
  Value value;
  absl::Status err;
};
GoDecoded GoJsonUnmarshal(std::string_view text, bool into_slice);

// A func(s string) string.
Func StringFn(std::string (*f)(std::string_view));

// A []string Value.
Value StringList(std::vector<std::string> v);
// Sprig's strslice: a list's non-nil elements as strings; nil is []; else [strval(v)].
std::vector<std::string> StrSlice(const Value& v);

}  // namespace templating::sprig
