// Request bodies in Kubernetes' protobuf encoding, which kubectl's typed clients send (kubectl
// create configmap|secret|serviceaccount|namespace|role|rolebinding|job|service, kubectl auth
// can-i) and do
// not retry in JSON when refused. Decoded into the JSON object the same request would have
// carried, for the kinds those commands create; the field numbers are those of k8s.io/api's
// and apimachinery's generated.proto.
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "k8sclient/json.h"

namespace fakeapi {

inline constexpr std::string_view kProtobufMediaType = "application/vnd.kubernetes.protobuf";

// `body` is the "k8s\0" magic and a runtime.Unknown envelope. NotFound for a kind this decoder
// does not know (answered 415 as a server without protobuf for it), InvalidArgument for bytes
// that do not parse.
absl::StatusOr<k8sclient::Json> DecodeKubernetesProtobuf(std::string_view body);

}  // namespace fakeapi
