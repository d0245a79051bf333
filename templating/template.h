// Go's text/template over templating::Value: the public face of the engine. It follows the Go
// that kubectl v1.32 is built with (Go 1.23: break/continue, {{else with}}, no range over
// integers). Parse errors and execution errors carry Go's exact text, so a user sees what
// kubectl or Helm would have told them.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "templating/output_limits.h"
#include "templating/value.h"

namespace templating {

// A Go parameter type, as text/template's evalArg and validateType check an argument
// against it.
enum class GoType : uint8_t {
  kValue,      // reflect.Value (Go's builtins): anything; a missing value stays missing
  kAny,        // interface{}: anything; a missing value arrives as nil
  kString,     // string
  kInt,        // int: only a Go int (a literal, len); an int64 from JSON is refused, as in Go
  kFloat64,    // float64
  kBool,       // bool
  kUint32,     // uint32: only a constant converts
  kMap,        // map[string]interface{}; a missing value arrives as a nil map
  kIfaceList,  // []interface{}; a missing value arrives as a nil slice
  kTime,       // time.Time
  kCert,       // sprig.certificate (what genCA and friends return)
};
// The type as Go's messages print it: "string", "map[string]interface {}".
std::string_view GoTypeName(GoType t);
// Whether a value (not nil, not missing) is assignable to a parameter of type t, as Go's
// reflect sees the value's own type.
bool FitsGoType(const Value& v, GoType t);

// A Go function's parameters; when `variadic`, the last one is the element type of its ...T.
struct Signature {
  std::vector<GoType> params;
  bool variadic = false;

  // How many arguments there must be at least (variadic) or exactly.
  size_t NumFixed() const { return params.size() - (variadic ? 1 : 0); }
  // The type argument i must have.
  GoType Param(size_t i) const { return i < NumFixed() ? params[i] : params.back(); }
};

// A function as a FuncMap holds it. With a signature the executor does what Go's evalCall
// does with the func's reflected type: it checks the number of arguments, then evaluates
// each argument and checks it against its parameter before evaluating the next, so the
// first bad argument is the one reported, in Go's words and at Go's position; the body gets
// values of the declared types. Without one the function checks its arguments itself
// (CallError, ArgError below), after the executor has evaluated them all.
struct Func {
  Func() = default;
  template <typename F>
    requires(std::is_constructible_v<Function, F &&> && !std::is_same_v<std::decay_t<F>, Func>)
  Func(F&& f) : fn(std::forward<F>(f)) {}  // NOLINT: a bare function converts implicitly
  Func(Signature s, Function f) : fn(std::move(f)), sig(std::move(s)) {}
  Function fn;
  std::optional<Signature> sig;
};

using FuncMap = std::map<std::string, Func, std::less<>>;

// Go's missingkey=default|zero|error option.
enum class MissingKey { kDefault, kZero, kError };

// What a Function may ask of the template that is running it.
class CallContext {
 public:
  virtual ~CallContext() = default;
  // Runs a template defined in the running set (Helm's include).
  virtual absl::StatusOr<std::string> ExecuteTemplate(std::string_view name,
                                                      const Value& data) = 0;
  // Parses text as a new template sharing the running set's definitions and functions,
  // then runs it (Helm's tpl).
  virtual absl::StatusOr<std::string> ExecuteText(std::string_view text, const Value& data) = 0;
  virtual MissingKey missing_key() const = 0;
};

struct TemplateSet;  // defined in templating/exec.h

// Like Go's *template.Template: a named set of templates sharing functions and options.
class Template {
 public:
  explicit Template(std::string name);
  ~Template();
  Template(Template&&) noexcept;
  Template& operator=(Template&&) noexcept;

  // Adds or overrides functions. Call before Parse: as in Go, a call to an unknown function
  // is a parse error.
  Template& Funcs(const FuncMap& funcs);
  Template& Option(MissingKey mk);
  Template& Option(const Limits& limits);
  // May be called again to add definitions. The error message is Go's exact text.
  absl::Status Parse(std::string_view text);
  absl::StatusOr<std::string> Execute(const Value& data) const;
  absl::StatusOr<std::string> ExecuteTemplate(std::string_view name, const Value& data) const;
  const std::string& name() const;

 private:
  std::string name_;
  std::unique_ptr<TemplateSet> set_;
};

// Errors a Function may return to get Go's reflection-level messages, which text/template
// reports before calling a Go function, instead of "error calling NAME: MSG":
//   CallError("wrong number of args for f: want 1 got 2") is reported at the command;
//   ArgError(i, "wrong type for value; expected string; got int64") at argument i (0-based,
//   a piped final argument being the last).
absl::Status CallError(std::string message);
absl::Status ArgError(size_t arg_index, std::string message);
// Argument i does not fit the Go parameter type `go_type` ("int", "string", "bool",
// "float64", "map[string]interface {}"): "wrong type for value; expected T; got U" (or
// "invalid value" for nil), unless the argument was written as a constant, which Go
// converts when it fits (the call is then made again with it) and otherwise names.
absl::Status ArgTypeError(size_t arg_index, std::string_view go_type, const Value& got);

// Go's builtins (and, or, not, len, index, slice, print, printf, println, html, js,
// urlquery, eq, ne, lt, le, gt, ge, call); installed in every Template automatically.
const FuncMap& Builtins();

// Go's %v formatting of a value: what {{.}} prints.
std::string FormatValue(const Value& v);
// fmt.Sprintf with Go's semantics, including %!verb(type=value) and %!(EXTRA ...) notes.
std::string Sprintf(std::string_view format, absl::Span<const Value> args);

}  // namespace templating
