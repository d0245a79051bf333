// Go's builtin template functions (funcs.go). They see a missing value (Go's invalid
// reflect.Value) as Missing and a nil interface as Nil, because Go's messages differ.
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "templating/exec.h"
#include "templating/value.h"

namespace templating {

// A builtin with its Go signature (also reachable through Builtins()), or null when `name`
// is not one.
const Func* FindBuiltinFunc(std::string_view name);
// The builtin function itself.
const Function* FindBuiltin(std::string_view name);

// Go's `call` builtin (funcs.go call): `callee` names the function in its errors
// ("non-function .kind of type string"). The executor passes the argument node's text,
// or, when the function comes down a pipeline, ReflectValueString of it, as Go 1.24 does.
absl::StatusOr<Value> CallBuiltin(CallContext& ctx, std::string_view callee,
                                  absl::Span<const Value> args);
// Go's reflect.Value.String(): a string itself, else "<TYPE Value>".
std::string ReflectValueString(const Value& v);

// Go's eq/lt over two values; errors are Go's ("incompatible types for comparison").
absl::StatusOr<bool> GoEq(const Value& a, absl::Span<const Value> b);
absl::StatusOr<bool> GoLt(const Value& a, const Value& b);

// html, js and urlquery escapers.
std::string HTMLEscapeString(std::string_view s);
std::string JSEscapeString(std::string_view s);
std::string URLQueryEscape(std::string_view s);

}  // namespace templating
