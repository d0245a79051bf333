#include "entrypoint/run/yaml_funcs.h"

#include "k8sclient/yaml.h"
#include "templating/sprig/funcs.h"

namespace podinit::run {

tmpl::FuncMap YamlFuncs() {
  tmpl::FuncMap f;
  tmpl::sprig::AddFromYamlFuncs(f, [](std::string_view yaml) -> absl::StatusOr<std::string> {
    auto doc = k8s::ParseYaml(yaml);
    if (!doc.ok()) return doc.status();
    return doc->Dump();
  });
  return f;
}

}  // namespace podinit::run
