// YAML input, for what users hand podinit: `kubectl get pod -o yaml` output, pod manifests
// and kubeconfig files. Values come out as sigs.k8s.io/yaml (go-yaml v2 underneath) would
// turn them into JSON, so a pod read from YAML renders the same as one read from JSON.
//
// Supported: block mappings and sequences (including "- " items holding mappings and
// sequences as mapping values at the key's indentation), flow [] and {} collections, plain,
// 'single' and "double" quoted scalars (all YAML escapes), literal | and folded > block
// scalars with chomping (-, +) and indentation indicators, comments, %directives, "---" and
// "..." markers, anchors (&a) and aliases (*a), explicit "? " keys, and tags (a scalar with
// any tag but go-yaml's standard !!null/!!bool/!!int/!!float/!!timestamp stays a string, so
// `!Ref x` is "x"). Not supported: merge keys (<<) and collections as keys. A null key is
// an error, as in sigs.k8s.io/yaml. Anchors belong to their document.
//
// Aliases are bounded as go-yaml v2 bounds them: every node decoded counts (alias targets
// once per alias), and past 1,000 nodes and 100 from aliases, a document whose share from
// aliases exceeds 99% (falling to 10% between 400,000 and 4,000,000 nodes) is the error
// "yaml: document contains excessive aliasing": a 430-byte "billion laughs" stops after a
// few thousand copies instead of growing past 10 GiB.
//
// Plain scalars resolve as go-yaml v2 does: ~, null, Null, NULL and empty are null; true,
// false, yes, no, on, off, y, n (in lower, Title and UPPER case) are booleans; integers in
// Go's syntax (0x1f, 0o17, 0b101, 017 octal, 1_000); floats (1.5, .5, 1e3; 1e400 overflows
// and stays a string; .inf and .nan values are errors, as JSON cannot hold them), where an
// integral float below 1e21 that fits int64 (1e3, 1.0) becomes an integer, as it does once
// kubectl or the API server reads sigs.k8s.io/yaml's JSON for it; everything
// else, and every quoted scalar, is a string (timestamps stay strings). Mapping
// keys become strings the way sigs.k8s.io/yaml converts them (`1: a` has key "1", `on: a`
// has key "true"). A repeated key keeps the last value.
//
// Errors read like go-yaml's: "yaml: line N: <what>".
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "k8sclient/json.h"

namespace k8sclient {

// The first document (as sigs.k8s.io/yaml.Unmarshal does); null for an empty input.
absl::StatusOr<Json> ParseYaml(std::string_view text);

// Every document of a multi-document stream. Documents with no content at all (a bare
// "---") are left out, as kubectl does; an explicit `null` document is kept.
absl::StatusOr<std::vector<Json>> ParseYamlDocuments(std::string_view text);

}  // namespace k8sclient
