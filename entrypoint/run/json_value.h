// API objects as templates see them: exactly what kubectl's go-template printer hands Go
// (map[string]interface{} with int64 for integral numbers, float64 otherwise).
#pragma once

#include "k8sclient/json.h"
#include "templating/value.h"

namespace podinit::run {

tmpl::Value ToValue(const k8s::Json& json);

}  // namespace podinit::run
