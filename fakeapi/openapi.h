// OpenAPI v3 for the served kinds, as /openapi/v3 and /openapi/v3/<api/v1|apis/G/V> serve it:
// `kubectl explain` reads the schemas (tagged with their group-version-kind), and kubectl's
// create and apply learn from the PATCH operations' fieldValidation parameter that the server
// validates, so they send fieldValidation=Strict instead of asking for OpenAPI v2.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "k8sclient/json.h"

namespace fakeapi {

k8sclient::Json OpenApiV3Index();
// The component schemas every v3 document carries (and v2's definitions are made from).
const k8sclient::Json& OpenApiComponentSchemas();
// `path` is "api/v1" or "apis/GROUP/VERSION"; null for a group version not served.
k8sclient::Json OpenApiV3Document(std::string_view path);

// The schema of a served kind, and a schema with allOf[0] and $ref followed to what they name.
const k8sclient::Json* KindSchema(std::string_view kind, std::string_view group);
const k8sclient::Json* ResolveSchema(const k8sclient::Json* schema);

// The fields of `obj` its kind's schema does not have, as the apiserver's strict decoding
// names them ("spec.containers[0].imagee"), in document order; empty when all are known.
std::vector<std::string> UnknownFields(std::string_view kind, std::string_view group,
                                       const k8sclient::Json& obj);

}  // namespace fakeapi
