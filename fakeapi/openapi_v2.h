// OpenAPI v2 (Swagger 2.0) for the served kinds, derived from the v3 documents so that both
// describe the same schemas. client-go asks /openapi/v2 only in gnostic's protobuf encoding
// (kubectl apply's client-side patch, kubectl explain --output plaintext-openapiv2, client-side
// validation against a server without fieldValidation); curl and other clients ask JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "k8sclient/json.h"

namespace fakeapi {

k8sclient::Json OpenApiV2Document();

// The document as gnostic's openapi_v2.Document message (OpenAPIv2.proto), the bytes
// kube-openapi's handler serves for the protobuf media types.
std::string OpenApiV2Protobuf(const k8sclient::Json& doc);

// What /openapi/v2 answers for an Accept header, negotiated as kube-openapi's handler does:
// the first clause (by preference) that names JSON or one of the two protobuf media types.
// nullopt when none does: the handler's bare 406.
struct OpenApiV2Format {
  bool protobuf = false;
  std::string content_type;
};
std::optional<OpenApiV2Format> NegotiateOpenApiV2(std::string_view accept);

}  // namespace fakeapi
