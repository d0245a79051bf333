// Helm's fromYaml and fromYamlArray. They need a YAML reader, which podinit has in k8sclient;
// templating does not depend on k8sclient, so they are registered here, where both meet.
#pragma once

#include "templating/template.h"

namespace entrypoint::run {

// fromYaml and fromYamlArray over k8sclient's YAML reader (sigs.k8s.io/yaml's YAML-to-JSON
// step), with Sprig's Go-style JSON decoding of the result.
templating::FuncMap YamlFuncs();

}  // namespace entrypoint::run
