// API objects as templates see them: exactly what kubectl's go-template printer hands Go
// (map[string]interface{} with int64 for integral numbers, float64 otherwise).
#pragma once

#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "k8sclient/json.h"
#include "k8sclient/object_check_walk.h"
#include "templating/value.h"

namespace entrypoint::run {

templating::Value ToValue(const k8sclient::Json& json);

// JSON text straight into template data, decoded by k8sclient::ParseJson's rules (k8sclient::ParseJsonDom)
// but with no k8sclient::Json in between: for a --pod-file List of 10,000 pods that tree, built
// and then converted, was half of the whole render. A repeated member keeps its last value,
// as in Go. `padded`: as k8sclient::ParseJsonDom. The value of a padded text of 1 MiB or more
// is made in the bulk arena (bulk_arena.h): it is for data kept until exit, the pod file's.
// `items`, when given, is set when the one pass took the text (it checks the items as it
// makes them), for ValidatePodOrList.
using ItemsPrecheck = k8sclient::object_check::ItemsPrecheck;
absl::StatusOr<templating::Value> ParseJsonValue(std::string_view text, bool padded = false,
                                                 std::optional<ItemsPrecheck>* items = nullptr);

// k8sclient::ValidatePodOrList over template data decoded from JSON (ParseJsonValue): the same
// checks and the same words, with no k8sclient::Json built for them.
// `items`: what ParseJsonValue learned of the document's items, if it did.
absl::Status ValidatePodOrList(const templating::Value& doc, std::string_view what,
                               const ItemsPrecheck* items = nullptr);

}  // namespace entrypoint::run
