#!/usr/bin/env python3
"""Writes templating/FUNCTIONS.md: every function the Go reference defines (corpus/go_names.txt)
with one example from the corpus and the output Go printed for it, so the table's examples
are checked by corpus_test.cc like every other case. Run after gen_funcs_tests.py:

  gen_functions_md.py
"""
import base64
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "corpus")
OUT = os.path.join(HERE, "..", "..", "..", "..", "templating", "FUNCTIONS.md")

# Functions whose output is random or read the clock: the example shows a shape.
NOTES = {
    "bcrypt": "random salt", "htpasswd": "random salt", "encryptAES": "random IV",
    "genPrivateKey": "random key", "genCA": "random key", "genCAWithKey": "", "genSelfSignedCert": "random key",
    "genSelfSignedCertWithKey": "", "genSignedCert": "random key", "genSignedCertWithKey": "",
    "randAlpha": "random", "randAlphaNum": "random", "randAscii": "random", "randNumeric": "random",
    "randBytes": "random", "randInt": "random", "shuffle": "random", "uuidv4": "random", "now": "clock",
}


# Functions whose every corpus case is too long for a table line: a usage line, unchecked.
SHAPES = {
    "genCAWithKey": '{{ $ca := genCAWithKey "my-ca" 365 (genPrivateKey "ecdsa") }}{{ $ca.Cert }}',
    "genSelfSignedCertWithKey": '{{ (genSelfSignedCertWithKey "web" nil (list "web") 30 $key).Cert }}',
    "genSignedCertWithKey": '{{ (genSignedCertWithKey "web" nil (list "web") 30 $ca $key).Cert }}',
    "buildCustomCert": '{{ $c := buildCustomCert (.cert | b64enc) (.key | b64enc) }}{{ $c.Key }}',
}


OWN = [
    ("exists", "kubectl", '{{ if exists . "metadata" "labels" "app" }}labelled{{ end }}'),
    ("base64decode", "kubectl", '{{ base64decode "aGk=" }}'),
    ("fieldRef", "podinit", '{{ fieldRef "metadata.labels[\'app\']" }}'),
    ("resource", "podinit", '{{ resource "limits.memory" "1Mi" "app" }}'),
    ("ordinal", "podinit", '{{ ordinal }}'),
    ("owner", "podinit", '{{ (owner).kind }}'),
    ("statefulset", "podinit", '{{ (statefulset).spec.replicas }}'),
    ("pods", "podinit", '{{ range pods "app=db" }}{{ .status.podIP }} {{ end }}'),
    ("node", "podinit", '{{ index (node).metadata.labels "topology.kubernetes.io/zone" }}'),
    ("endpoints", "podinit", '{{ range endpoints "db" }}{{ . }} {{ end }}'),
    ("configMap", "podinit", '{{ configMap "settings" "log-level" }}'),
    ("secret", "podinit", '{{ secret "db" "password" }} (with --allow-secrets)'),
    ("lookup", "podinit", '{{ (lookup "v1" "Service" "db").spec.clusterIP }}'),
    ("clusterDomain", "podinit", '{{ clusterDomain }}'),
]


def field(rec, name):
    if name in rec:
        return rec[name]
    if name + "_b64" in rec:
        return base64.b64decode(rec[name + "_b64"]).decode("utf-8", "replace")
    return None


def main():
    names = open(os.path.join(CORPUS, "go_names.txt"), encoding="utf-8").read().split()
    cases = []  # (area, template, output)
    for f in sorted(os.listdir(CORPUS)):
        if not f.endswith(".jsonl") or f == "random.jsonl":
            continue
        for line in open(os.path.join(CORPUS, f), encoding="utf-8"):
            rec = json.loads(line)
            out = field(rec, "out")
            if out is None or "known" in rec:
                continue
            cases.append((f[:-6], rec["t"], out))
    rows = []
    missing = []
    for name in names:
        word = re.compile(r"(?<![\w.$])" + re.escape(name) + r"(?![\w])")
        best = None
        for area, t, out in cases:
            if "\n" in t or len(t) > 90 or len(out) > 70 or not word.search(t):
                continue
            # Prefer a call of the function itself, with arguments, that prints something.
            bare = t.strip() in ("{{ %s }}" % name, "{{%s}}" % name)
            # and shows an ordinary use rather than an edge case (nil, missing, invalid UTF-8).
            edge = any(x in t for x in (".nul", ".missing", ".nothing", "\\x", ".e ", ".z ")) or "\ufffd" in out
            score = (0 if t.startswith("{{ " + name) else 1, out.strip() == "" or bare, edge,
                     abs(len(t) - 30) + len(out))
            if best is None or score < best[0]:
                best = (score, area, t, out)
        if best is None and name in SHAPES:
            rows.append((name, "crypto", SHAPES[name], ""))
            continue
        if best is None:
            missing.append(name)
            rows.append((name, "", "", ""))
            continue
        _, area, t, out = best
        rows.append((name, area, t, out))

    def cell(s):
        s = s.replace("|", "\\|").replace("\n", "⏎")
        return "`` " + s + " ``" if s else "(empty)"

    lines = [
        "# Template functions",
        "",
        "Every function podinit's templates have beyond Go's `text/template` builtins: Sprig 3.2.3's",
        "`TxtFuncMap` and Helm's `include`, `tpl`, `required`, `toYaml`, `fromYaml`, `fromYamlArray`,",
        "`fromJsonArray`, `toToml`, plus kubectl's `exists` and `base64decode` and podinit's Kubernetes",
        "functions (see the README). Behaviour and errors are Go's; each example is a case of the",
        "differential corpus (`tests/templating/sprig/corpus/`), and the output shown is what Go with",
        "Sprig printed for it over `tests/templating/sprig/goref/funcs_data.json`. Generated by",
        "`tests/templating/sprig/goref/gen_functions_md.py`. ⏎ marks a newline in an output.",
        "",
        "| Function | Area | Example | Go's output |",
        "|---|---|---|---|",
    ]
    for name, area, t, out in rows:
        note = NOTES.get(name)
        shown = cell(out) + (" (" + note + ")" if note else "")
        if not out and name in SHAPES:
            shown = "PEM text (random; shape only)"
        lines.append("| `%s` | %s | %s | %s |" % (name, area or "", cell(t) if t else "see the corpus",
                                                 shown if t else ""))
    lines += [
        "",
        "## kubectl's and podinit's own",
        "",
        "Not in Sprig, so not in the Go reference: kubectl's are checked against kubectl",
        "(`tests/templating/differential_test.py`), podinit's Kubernetes functions by the",
        "entrypoint tests against the fake API server.",
        "",
        "| Function | From | Example |",
        "|---|---|---|",
    ]
    for name, origin, example in OWN:
        lines.append("| `%s` | %s | %s |" % (name, origin, cell(example)))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", os.path.relpath(OUT), len(rows), "functions;", "without an example:", " ".join(missing))


if __name__ == "__main__":
    main()
