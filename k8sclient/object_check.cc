#include "k8sclient/object_check.h"

#include "k8sclient/object_check_walk.h"

namespace k8sclient {

absl::Status ValidateObjectKind(const Json& object, std::string_view kind, std::string_view what) {
  return object_check::ValidateObjectKind<object_check::JsonAdapter>(object, kind, what);
}

absl::Status ValidatePod(const Json& pod, std::string_view what) {
  return object_check::ValidatePod<object_check::JsonAdapter>(pod, what);
}

absl::Status ValidatePodOrList(const Json& doc, std::string_view what) {
  return object_check::ValidatePodOrList<object_check::JsonAdapter>(doc, what);
}

absl::Status ValidateNode(const Json& node, std::string_view what) {
  return object_check::ValidateNode<object_check::JsonAdapter>(node, what);
}

}  // namespace k8sclient
