#include "entrypoint/run/yaml_funcs.h"

#include "k8sclient/yaml.h"
#include "templating/sprig/funcs.h"

namespace entrypoint::run {

templating::FuncMap YamlFuncs() {
  templating::FuncMap f;
  templating::sprig::AddFromYamlFuncs(f, [](std::string_view yaml) -> absl::StatusOr<std::string> {
    auto doc = k8sclient::ParseYaml(yaml);
    if (!doc.ok()) return doc.status();
    return doc->Dump();
  });
  return f;
}

}  // namespace entrypoint::run
