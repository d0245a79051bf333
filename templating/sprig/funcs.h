// The function library beyond Go's builtins: the Sprig v3 functions Helm chart authors use
// (with Helm's own toYaml/toJson/fromJson/include/tpl/required), and kubectl's `exists` and
// `base64decode`. Each behaves as its Go original, down to the odd corners (b64dec returns
// the error text, quote skips nil, trunc -N keeps the tail), because users paste templates
// from charts and expect them to render the same.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "templating/template.h"
#include "templating/value.h"

namespace templating::sprig {

// Sprig's and Helm's functions (funcs.cc), and kubectl's additions to go-template output
// (kubectl.cc), each built once; a caller merges them over Go's builtins.
const FuncMap& SprigFuncs();
const FuncMap& KubectlFuncs();

// What an interface{} parameter receives: a missing value arrives as nil.
inline Value Iface(const Value& v) { return v.is_missing() ? Value::Nil() : v; }
// What a function returning interface{} gives back: nil becomes "no value", as Go's
// executor unwraps the interface into an invalid reflect.Value.
inline Value Result(const Value& v) { return v.is_nil() ? Value() : v; }

// Sprig's strval: strings as they are, everything else as fmt's %v.
std::string Strval(const Value& v);
// Sprig's empty(): Go's truth, inverted.
inline bool Empty(const Value& v) { return !v.Truthy(); }
// spf13/cast ToInt64 / ToFloat64 (v1.5): numbers truncate, strings parse (base prefixes,
// "12.0"), bools are 0/1, anything unconvertible is 0.
int64_t CastToInt64(const Value& v);
double CastToFloat64(const Value& v);
// encoding/json.Marshal (indent 0) or MarshalIndent(v, "", "  ") (indent 2). Fails like Go
// on NaN, infinities and functions. !escape_html: an Encoder with SetEscapeHTML(false).
absl::StatusOr<std::string> ToJson(const Value& v, int indent = 0, bool escape_html = true);
// Helm's toYaml: sigs.k8s.io/yaml.Marshal (JSON, then go-yaml v2's emitter), with the
// trailing newline kept; Helm trims it.
absl::StatusOr<std::string> ToYaml(const Value& v);

// Parses JSON into Values. kubectl's decoding (int_as_int64): integers that fit int64 stay
// int64, other numbers are float64; Go's interface{} decoding (!int_as_int64): all float64.
absl::StatusOr<Value> ParseJsonValue(std::string_view text, bool int_as_int64);

// Go's encoding/base64 StdEncoding; decode errors read "illegal base64 data at input byte N".
std::string Base64Encode(std::string_view s);
absl::StatusOr<std::string> Base64Decode(std::string_view s);

// Helm's fromYaml and fromYamlArray, given sigs.k8s.io/yaml's first step: the first YAML
// document as compact JSON ("null" when empty), or the reader's error. The YAML reader lives
// in k8sclient, which templating does not depend on: the layer that links both passes it in.
using YamlToJson = std::function<absl::StatusOr<std::string>(std::string_view yaml)>;
void AddFromYamlFuncs(FuncMap& m, YamlToJson yaml_to_json);

}  // namespace templating::sprig
