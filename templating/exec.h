// The executor of Go's text/template (exec.go): walks parsed trees over a Value, with Go's
// scoping, missingkey modes, break/continue and error texts.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "templating/parser.h"
#include "templating/template.h"

namespace templating {

// What the executor tells Go's builtins beyond CallContext: whether argument i reached the
// function boxed in an interface{} (a map member or list element), which Go's slice
// rejects as an index ("cannot index slice/array with type interface {}").
class ExecContext : public CallContext {
 public:
  virtual bool ArgIsInterface(size_t i) const = 0;
};

// A set of named templates with its functions and options: the shared part of Go's
// *template.Template.
struct TemplateSet {
  TreeSet trees;
  FuncMap funcs;  // user functions; builtins are looked up after these
  MissingKey missing_key = MissingKey::kDefault;
  Limits limits;
  // A set made for one tpl-style ExecuteText call borrows its creator's functions rather
  // than copying them.
  const TemplateSet* parent = nullptr;

  // A user function by name (own, then the parent's), or null.
  const Func* FindFunction(std::string_view name) const;
  bool HasFunction(std::string_view name) const;
};

// Runs the template `name` of `set` with dot = data. An unknown name is Go's
// "incomplete or empty template" error. CallContext::ExecuteText parses under `name`.
absl::StatusOr<std::string> ExecuteSet(const TemplateSet& set, std::string_view name,
                                       const Value& data);

// Go's parse + associate: adds text's templates to *set (empty definitions never replace
// existing ones).
absl::Status ParseIntoSet(TemplateSet* set, std::string_view name, std::string_view text);

}  // namespace templating
