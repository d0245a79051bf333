#include "templating/template.h"

#include "gocompat/strconv.h"
#include "templating/exec.h"
#include "templating/fmt.h"

namespace templating {

Template::Template(std::string name)
    : name_(std::move(name)), set_(std::make_unique<TemplateSet>()) {}
Template::~Template() = default;
Template::Template(Template&&) noexcept = default;
Template& Template::operator=(Template&&) noexcept = default;

Template& Template::Funcs(const FuncMap& funcs) {
  for (const auto& [n, f] : funcs) set_->funcs[n] = f;
  return *this;
}

Template& Template::Option(MissingKey mk) {
  set_->missing_key = mk;
  return *this;
}

Template& Template::Option(const Limits& limits) {
  set_->limits = limits;
  return *this;
}

absl::Status Template::Parse(std::string_view text) { return ParseIntoSet(set_.get(), name_, text); }

absl::StatusOr<std::string> Template::Execute(const Value& data) const {
  return ExecuteSet(*set_, name_, data);
}

absl::StatusOr<std::string> Template::ExecuteTemplate(std::string_view name,
                                                      const Value& data) const {
  auto it = set_->trees.find(name);
  if (it == set_->trees.end()) {
    return absl::NotFoundError("template: no template " + gocompat::Quote(name) +
                               " associated with template " + gocompat::Quote(name_));
  }
  return ExecuteSet(*set_, name, data);
}

const std::string& Template::name() const { return name_; }

}  // namespace templating
